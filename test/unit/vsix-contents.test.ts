// The .vsix ships every bundle the extension loads: the client, the server, and the bundles the server
// requires on first use (dist/docx.mjs on the first Word export, dist/import.js on the first import). A
// bundle missing from .vscodeignore's list would make that command fail only in the installed extension.
// (`npm run package` gives the .vsix itself; its size, < 2 MiB, is checked there.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

test('.vscodeignore keeps every bundle the client and the server load', () => {
  const kept = new Set(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim()));
  const bundles = [...fs.readFileSync(path.join(ROOT, 'scripts', 'bundle.mjs'), 'utf8').matchAll(/outfile: '([^']+)'/g)].map((m) => m[1]!);
  assert.ok(bundles.includes('dist/import.js') && bundles.includes('dist/docx.mjs'), bundles.join(', '));
  // the CLI and the core alone are for npm, not for the extension
  const forTheExtension = bundles.filter((b) => b !== 'dist/cli.js' && b !== 'dist/core.js');
  for (const b of forTheExtension) assert.ok(kept.has(b), `${b} is not shipped in the .vsix`);
  // the server bundle requires the importer by that name (node/importer.ts → ./import.js)
  assert.match(fs.readFileSync(path.join(ROOT, 'scripts', 'bundle.mjs'), 'utf8'), /path: '\.\/import\.js', external: true/);
});
