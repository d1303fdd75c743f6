// npm run watch: the type-checker (tsc -b -w, which also writes out/ for the tests) and the bundles
// (esbuild, dist/ for the extension and F5) side by side, until interrupted.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const children = [
  spawn(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', '-w', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--watch'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => { for (const c of children) c.kill(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { if (code) { stop(); process.exitCode = code; } });
