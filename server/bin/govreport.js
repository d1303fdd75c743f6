#!/usr/bin/env node
// The CLI ships as the esbuild bundle (`npm run build` makes dist/cli.js).
require('../../dist/cli.js').run();
