// Runs every test: the node test suites (unit, LSP protocol, CLI), then the extension-host tests in a
// real VS Code (scripts/vscode-test/run.mjs). Ends with one `N passed, N failed` line for CI.
// GOVREPORT_SKIP_VSCODE=1 skips the in-editor layer (quick local runs; CI never sets it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function run(cmd, args, onLine) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let buf = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    child.on('close', (code, signal) => {
      if (buf) onLine(buf);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const testFiles = ['unit', 'lsp', 'cli']
  .map((d) => path.join('out/test', d))
  .filter((d) => fs.existsSync(d))
  .flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.test.js')).map((f) => path.join(d, f)));

let passed = 0;
let failed = 0;
let nodeCounted = false;
// the spec reporter ends with "ℹ pass N" / "ℹ fail N"
const nodeCode = await run(process.execPath, ['--test', '--test-reporter=spec', ...testFiles], (line) => {
  const m = /^ℹ (pass|fail) (\d+)\s*$/.exec(line);
  if (m) {
    nodeCounted = true;
    if (m[1] === 'pass') passed += Number(m[2]);
    else failed += Number(m[2]);
  }
});
if (nodeCode !== 0 && failed === 0) failed++; // the runner itself failed (e.g. a file did not load)
if (!nodeCounted) failed++;

if (process.env.GOVREPORT_SKIP_VSCODE === '1') {
  console.log('\nGOVREPORT_SKIP_VSCODE=1: extension-host tests in VS Code skipped');
} else {
  console.log('\n--- extension-host tests in a real VS Code (code-server) ---');
  let counted = false;
  const vsCode = await run(process.execPath, ['scripts/vscode-test/run.mjs'], (line) => {
    const m = /^(\d+) passed, (\d+) failed\s*$/.exec(line);
    if (m) {
      counted = true;
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
  });
  if (!counted || (vsCode !== 0 && failed === 0)) failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
