#!/usr/bin/env node
// Standalone language server for other editors: govreport-language-server --stdio
require('../../dist/server.js');
