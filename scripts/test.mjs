// Runs every test: ESLint, the node test suites (unit, LSP protocol, CLI), the rendered report in headless Chromium
// (test/browser/*.test.mjs), then in a real VS Code (code-server): the extension-host tests and the UI test of
// the preview (scripts/vscode-test/run.mjs, and with --ui scripts/vscode-test/e2e.mjs). Ends with one
// `N passed, N failed` line for CI.
// GOVREPORT_SKIP_VSCODE=1 skips the browser and in-editor layers (quick local runs; CI never sets it).
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

/** node --test on `files`; the spec reporter ends with "ℹ pass N" / "ℹ fail N". */
async function nodeTests(files) {
  let counted = false;
  let layerFailed = 0;
  const code = await run(process.execPath, ['--test', '--test-reporter=spec', ...files], (line) => {
    const m = /^ℹ (pass|fail) (\d+)\s*$/.exec(line);
    if (m) {
      counted = true;
      if (m[1] === 'pass') passed += Number(m[2]);
      else layerFailed += Number(m[2]);
    }
  });
  if (code !== 0 && layerFailed === 0) layerFailed++; // the runner itself failed (e.g. a file did not load)
  if (!counted) layerFailed++;
  failed += layerFailed;
}

/** A scripts/vscode-test/run.mjs run; its last line is "N passed, N failed". */
async function vsCodeTests(args) {
  let counted = false;
  let layerFailed = 0;
  const code = await run(process.execPath, ['scripts/vscode-test/run.mjs', ...args], (line) => {
    const m = /^(\d+) passed, (\d+) failed\s*$/.exec(line);
    if (m) {
      counted = true;
      passed += Number(m[1]);
      layerFailed += Number(m[2]);
    }
  });
  if (!counted || (code !== 0 && layerFailed === 0)) layerFailed++;
  failed += layerFailed;
}

/** ESLint over the sources and tests: one test that passes when the linter has nothing to say. */
async function lint() {
  console.log('\n--- ESLint (npm run lint) ---');
  const code = await run(process.execPath, [path.join('node_modules', 'eslint', 'bin', 'eslint.js'), '.'], () => undefined);
  if (code === 0) {
    console.log('lint: clean');
    passed++;
  } else {
    console.log('lint: problems above (npm run lint)');
    failed++;
  }
}

await lint();
await nodeTests(testFiles);

if (process.env.GOVREPORT_SKIP_VSCODE === '1') {
  console.log('\nGOVREPORT_SKIP_VSCODE=1: browser tests (Chromium) and extension-host and UI tests in VS Code skipped');
} else {
  const browserFiles = fs.existsSync('test/browser')
    ? fs.readdirSync('test/browser').filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join('test/browser', f))
    : [];
  if (browserFiles.length > 0) {
    console.log('\n--- the rendered report in headless Chromium (test/browser) ---');
    await nodeTests(browserFiles);
  }
  console.log('\n--- extension-host tests in a real VS Code (code-server) ---');
  await vsCodeTests([]);
  console.log('\n--- UI test of the preview in a real VS Code (code-server + Chromium) ---');
  await vsCodeTests(['--ui', 'scripts/vscode-test/e2e.mjs', '--timeout', '120']);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
