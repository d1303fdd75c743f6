#!/usr/bin/env node
// Standalone language server for other editors: govreport-language-server --stdio (or --socket=N, --pipe=P).
// A heap that grows less between collections, as the VS Code client starts it (see client/src/extension.ts).
require('node:v8').setFlagsFromString('--optimize-for-size');
require('../../dist/server.js');
