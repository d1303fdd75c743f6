#!/usr/bin/env node
// Extension-host integration tests in a real VS Code, offline: code-server 4.100.3 (= VS Code 1.100.3) runs the
// extension host (with our language server) server-side; headless Chromium (playwright-core + Debian's
// /usr/bin/chromium) opens the web workbench with a `payload` carrying extensionDevelopmentPath /
// extensionTestsPath (code-server rejects --extensionTestsPath on its command line); mocha runs inside the
// extension host and the workbench reports its exit code through window.codeAutomationExit.
//
// usage: node scripts/vscode-test/run.mjs [options]
//   --workspace DIR   folder to open (default: a fresh temp dir with test/fixtures/*.govreport.yaml and
//                     test/exthost/workspace/** copied in; removed afterwards)
//   --extension DIR   extensionDevelopmentPath (default: the repository root)     env VSCODE_TEST_EXTENSION
//   --tests FILE      extensionTestsPath, a module exporting run() (default: out/test/exthost/index.js)
//                                                                                 env VSCODE_TEST_TESTS
//   --grep TEXT       only tests whose full title contains TEXT (passed to the runner as EXTHOST_GREP)
//   --timeout SEC     overall limit for the test run in the workbench (default 300) env VSCODE_TEST_TIMEOUT
//   --keep            keep the run dir (user data, logs) and the temp workspace   env VSCODE_TEST_KEEP=1
//   --ui FILE         instead of the extension tests, a UI test driving the workbench in the browser: FILE is a
//                     module whose default export gets { page, context, base, workspace, results, root, say,
//                     progress } once the workbench is loading (the extension loaded unpacked, no
//                     extensionTestsPath) and resolves to { passed, failed }; output in test-results/vscode/ui/
//                     (e.g. --ui scripts/vscode-test/e2e.mjs)                    env VSCODE_TEST_UI
//   --verbose         echo all workbench console output (always in exthost.log)   env VSCODE_TEST_VERBOSE=1
//   env VSCODE_TEST_CS_ARGS: extra code-server arguments (e.g. "--log trace"); CHROMIUM_PATH: the browser
// Exit code: the number of failed tests (capped at 255), 0 when all passed; 1 when the run did not finish
// (timeout, crash, no tests), 2 when the infrastructure failed (install, code-server, browser).
// The very last line printed is always `N passed, N failed` (read by CI); a run that did not finish, or could
// not start, counts one extra failure there, so that line alone never reports success for it.
// Debug output in test-results/vscode/: screenshot.png, code-server.log, exthost.log (forwarded extension
// host console), browser-console.log, logs/ (VS Code's log folder: extension host, output channels).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let RESULTS = path.join(ROOT, 'test-results', 'vscode');   // --ui: test-results/vscode/ui
const T0 = Date.now();
const secs = () => ((Date.now() - T0) / 1000).toFixed(1);
const say = (msg) => console.log(`[vscode-test] ${msg}`);

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const o = {
    workspace: process.env.VSCODE_TEST_WORKSPACE || '',
    extension: process.env.VSCODE_TEST_EXTENSION || ROOT,
    tests: process.env.VSCODE_TEST_TESTS || path.join(ROOT, 'out', 'test', 'exthost', 'index.js'),
    grep: process.env.EXTHOST_GREP || '',
    timeout: Number(process.env.VSCODE_TEST_TIMEOUT || 300),
    keep: !!process.env.VSCODE_TEST_KEEP,
    verbose: !!process.env.VSCODE_TEST_VERBOSE,
    ui: process.env.VSCODE_TEST_UI || '',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) usage(`unexpected argument: ${a}`);
    const [, k, inline] = m;
    const val = () => (inline !== undefined ? inline : (i + 1 < argv.length ? argv[++i] : usage(`--${k} needs a value`)));
    switch (k) {
      case 'workspace': o.workspace = val(); break;
      case 'extension': o.extension = val(); break;
      case 'tests': o.tests = val(); break;
      case 'grep': o.grep = val(); break;
      case 'timeout': o.timeout = Number(val()); break;
      case 'keep': o.keep = true; break;
      case 'verbose': o.verbose = true; break;
      case 'ui': o.ui = val(); break;
      case 'help': case 'h': usage(); break;
      default: usage(`unknown option --${k}`);
    }
  }
  o.extension = path.resolve(o.extension);
  o.tests = path.resolve(o.tests);
  if (o.workspace) o.workspace = path.resolve(o.workspace);
  if (o.ui) o.ui = path.resolve(o.ui);
  if (!(o.timeout > 0)) usage('--timeout must be a positive number of seconds');
  return o;
}
function usage(err) {
  const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
  const text = lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n');
  if (err) { console.error(`run.mjs: ${err}\n`); }
  console.error(text);
  if (!err) process.exit(0);
  finish(2, { passed: 0, failed: 1 });
}

// ---------------------------------------------------------------- results / exit
let counts = null;              // { passed, failed } from the runner's EXTHOST-RESULT line
const progress = { passed: 0, failed: 0 };   // from EXTHOST-PROGRESS lines, for runs that never finish
const epilogue = { passed: null, failed: null }; // mocha's "N passing" / "N failing", for other runners
// workbench chatter forwarded along with the extension host output: kept in exthost.log, not echoed
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|\[Service Worker\]|ChatSessionStore:|Updating additional builtin extensions cache)/;
let finished = false;
function finish(code, result) {
  if (finished) return;
  finished = true;
  const r = result ?? counts ?? progress;
  // the closing line CI reads: always the very last line
  process.stdout.write(`${r.passed} passed, ${r.failed} failed\n`);
  process.exitCode = code;
  process.exit(code);
}

// ---------------------------------------------------------------- cleanup (always)
const cleanups = [];            // run in reverse order
let cleaning = null;
async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try { await fn(); } catch (e) { console.error(`[vscode-test] cleanup: ${e?.message ?? e}`); }
    }
  })();
  return cleaning;
}
let csPid = 0;                  // code-server's process group (spawned detached = setsid)
process.on('exit', () => { if (csPid) { try { process.kill(-csPid, 'SIGKILL'); } catch { /* gone */ } } });
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    say(`${sig}: stopping code-server and Chromium`);
    await cleanup();
    // an interrupted run counts one extra failure (the test that was running)
    finish(sig === 'SIGINT' ? 130 : 143, counts ?? { passed: progress.passed, failed: progress.failed + 1 });
  });
}

// ---------------------------------------------------------------- helpers
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n - 1).join('\n'); } catch { return '(no log)'; }
}
function processGone(pid) { try { process.kill(pid, 0); return false; } catch { return true; } }
async function killGroup(pid) {
  try { process.kill(-pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 50; i++) {                  // up to 5 s, then SIGKILL whatever is left in the group
    try { process.kill(-pid, 0); } catch { return; }
    await sleep(100);
  }
  try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
}

// ---------------------------------------------------------------- main
async function main() {
  const opt = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(opt.extension, 'package.json'))) {
    throw new InfraError(`no package.json in the extension folder ${opt.extension}`);
  }
  if (opt.ui) {
    if (!fs.existsSync(opt.ui)) throw new InfraError(`UI test ${opt.ui} does not exist`);
    RESULTS = path.join(RESULTS, 'ui');
  } else if (!fs.existsSync(opt.tests)) {
    throw new InfraError(`test entry ${opt.tests} does not exist (compile first: npx tsc -b, or npm run build)`);
  }
  const mainFile = JSON.parse(fs.readFileSync(path.join(opt.extension, 'package.json'), 'utf8')).main;
  if (mainFile && !['', '.js', '.cjs'].some((ext) => fs.existsSync(path.join(opt.extension, mainFile + ext)))) {
    say(`WARNING: the extension's main ${mainFile} does not exist (npm run build?); its tests will fail`);
  }
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });

  // 1. install (cached in .vscode-test/)
  const ti = Date.now();
  const inst = spawnSync('bash', [path.join(ROOT, 'scripts', 'vscode-test', 'install.sh')],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (inst.status !== 0) throw new InfraError(`scripts/vscode-test/install.sh failed (exit ${inst.status ?? inst.signal})`);
  const cs = inst.stdout.trim().split('\n').pop();
  if (!cs || !fs.existsSync(cs)) throw new InfraError(`install.sh did not print the code-server path (got "${cs}")`);
  say(`code-server ready (${((Date.now() - ti) / 1000).toFixed(1)}s): ${cs}`);

  // 2. run dir with a fresh user-data-dir / extensions-dir / XDG dirs
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-vscode-run-'));
  cleanups.push(() => {
    // keep VS Code's logs (extension host, output channels incl. the language server) for debugging
    const logs = path.join(run, 'ud', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(RESULTS, 'logs'), { recursive: true });
    if (opt.keep) say(`kept run dir ${run}`); else fs.rmSync(run, { recursive: true, force: true });
  });
  const ud = path.join(run, 'ud');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify({
    // a fresh profile otherwise opens the welcome walkthrough, which steals focus
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'files.autoSave': 'off',
    'git.enabled': false,
  }, null, 2));

  // 3. workspace
  let ws = opt.workspace;
  if (!ws) {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-exthost-ws-'));
    cleanups.push(() => { if (opt.keep) say(`kept workspace ${ws}`); else fs.rmSync(ws, { recursive: true, force: true }); });
    const fixtures = path.join(ROOT, 'test', 'fixtures');
    for (const f of fs.existsSync(fixtures) ? fs.readdirSync(fixtures) : []) {
      if (!f.endsWith('.govreport.yaml')) continue;
      fs.copyFileSync(path.join(fixtures, f), path.join(ws, f));
      fs.chmodSync(path.join(ws, f), 0o644);       // the copies are the tests' to edit
    }
    const extra = path.join(ROOT, 'test', 'exthost', 'workspace');
    if (fs.existsSync(extra)) fs.cpSync(extra, ws, { recursive: true });
  } else if (!fs.statSync(ws, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InfraError(`--workspace ${ws} is not a folder`);
  }
  say(`workspace: ${ws}${opt.workspace ? '' : ` (${fs.readdirSync(ws).join(', ')})`}`);

  // 4. code-server on a free loopback port, in its own session / process group
  const port = await freePort();
  fs.writeFileSync(path.join(run, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const csLog = path.join(RESULTS, 'code-server.log');
  const logFd = fs.openSync(csLog, 'w');
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',               // no gallery (default open-vsx.org is unreachable)
    XDG_CONFIG_HOME: path.join(run, 'xdg', 'config'),   // otherwise code-server writes into ~/.config
    XDG_DATA_HOME: path.join(run, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(run, 'xdg', 'cache'),
    EXTHOST_GREP: opt.grep,                 // the extension host inherits code-server's environment
  };
  delete env.NODE_OPTIONS;                  // keep the extension host free of the caller's Node flags
  const child = spawn(cs, ['--config', path.join(run, 'config.yaml'), '--user-data-dir', ud,
    '--extensions-dir', path.join(run, 'exts'), '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    ...(process.env.VSCODE_TEST_CS_ARGS || '').split(/\s+/).filter(Boolean), ws],
  { detached: true /* setsid(): own session and process group */, stdio: ['ignore', logFd, logFd], env });
  fs.closeSync(logFd);
  csPid = child.pid;
  let csExit = null;
  child.on('exit', (code, signal) => { csExit = { code, signal }; });
  cleanups.push(async () => { await killGroup(child.pid); csPid = 0; });
  say(`code-server pid ${child.pid} on 127.0.0.1:${port}, log ${path.relative(ROOT, csLog)}`);

  const base = `http://127.0.0.1:${port}`;
  const tUp = Date.now();
  for (;;) {
    if (csExit || processGone(child.pid)) {
      console.log(`--- code-server log (tail) ---\n${tail(csLog)}`);
      throw new InfraError(`code-server exited during start-up (${JSON.stringify(csExit)})`);
    }
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    if (Date.now() - tUp > 60_000) {
      console.log(`--- code-server log (tail) ---\n${tail(csLog)}`);
      throw new InfraError(`code-server did not answer on ${base}/healthz within 60 s`);
    }
    await sleep(200);
  }
  say(`code-server up after ${((Date.now() - tUp) / 1000).toFixed(1)}s`);

  // 5. headless Chromium: open the workbench with the test payload
  const { chromium } = await import('playwright-core');
  const host = new URL(base).host;          // remote authority == the host:port the page is served from
  const remote = (p) => `vscode-remote://${host}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(opt.extension)],
    ...(opt.ui ? [] : [['extensionTestsPath', remote(opt.tests)]]),
    ['skipWelcome', 'true'],
  ]);
  const url = `${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`;
  const profile = path.join(run, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    viewport: { width: 1400, height: 900 },
    // our own signal handlers stop code-server and Chromium and print the closing line
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }).catch((e) => { throw new InfraError(`cannot start Chromium: ${e.message}`); });
  const page = context.pages()[0] ?? await context.newPage();
  let shot = false;
  const screenshot = async () => {
    if (shot) return; shot = true;
    await page.screenshot({ path: path.join(RESULTS, 'screenshot.png'), timeout: 10_000 }).catch((e) => say(`screenshot failed: ${e.message}`));
  };
  cleanups.push(async () => { await screenshot(); await context.close().catch(() => {}); });

  const extLog = fs.createWriteStream(path.join(RESULTS, 'exthost.log'));
  const browserLog = fs.createWriteStream(path.join(RESULTS, 'browser-console.log'));
  cleanups.push(() => new Promise((r) => extLog.end(r)), () => new Promise((r) => browserLog.end(r)));
  page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e}\n`));

  let exitCode;
  const exited = new Promise((resolve) => { exitCode = resolve; });
  await page.exposeFunction('codeAutomationExit', (code) => exitCode(code));
  // the workbench forwards the extension host's console output here (mocha's reporter included)
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = util.format(...(Array.isArray(args) ? args : [args]));
    for (const line of text.split('\n')) {
      extLog.write(`${line}\n`);
      const p = /^EXTHOST-(PROGRESS|RESULT) passed=(\d+) failed=(\d+)/.exec(line);
      if (p) {
        const c = { passed: Number(p[2]), failed: Number(p[3]) };
        if (p[1] === 'RESULT') counts = c; else Object.assign(progress, c);
        continue;                           // machine lines: not echoed
      }
      // any mocha runner (e.g. the harness demo) ends with "N passing" / "N failing": fallback counts
      const e = /^\s*(\d+) (passing|failing)\b/.exec(line);
      if (e) epilogue[e[2] === 'passing' ? 'passed' : 'failed'] = Number(e[1]);
      if (!opt.verbose && NOISE.test(line)) continue;
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    }
  });
  const tRun = Date.now();
  say(`opening the workbench: ${base}/?folder=${ws}`);
  await page.goto(url).catch((e) => { throw new InfraError(`cannot open the workbench: ${e.message}`); });

  if (opt.ui) return runUi(opt, { page, context, base, ws, child, csLog });

  let timer;
  const code = await Promise.race([
    exited,
    new Promise((r) => { timer = setTimeout(() => r('timeout'), opt.timeout * 1000); }),
    new Promise((r) => { child.once('exit', () => r('code-server-exit')); }),
  ]);
  clearTimeout(timer);
  if (interrupted) return new Promise(() => {});  // the signal handler finishes the run
  await screenshot();
  const dur = ((Date.now() - tRun) / 1000).toFixed(1);
  if (code === 'timeout' || code === 'code-server-exit') {
    const why = code === 'timeout' ? `timed out after ${opt.timeout}s` : 'code-server exited during the run';
    console.log(`--- code-server log (tail) ---\n${tail(csLog, 25)}`);
    say(`extension tests ${why} (total ${secs()}s); see ${path.relative(ROOT, RESULTS)}/`);
    // the test that was running when we stopped counts as failed
    return { code: 1, result: counts ?? { passed: progress.passed, failed: progress.failed + 1 } };
  }
  say(`extension tests finished with exit code ${code} after ${dur}s (total ${secs()}s)`);
  if (!counts && epilogue.passed !== null) {
    counts = { passed: epilogue.passed, failed: epilogue.failed ?? 0 };
  }
  if (!counts) {
    // run() rejected/threw before mocha reported (e.g. the runner itself failed to load)
    console.log(`--- code-server log (tail) ---\n${tail(csLog, 25)}`);
    say('the test runner did not report results (no EXTHOST-RESULT line); see exthost.log');
    return { code: 1, result: { passed: progress.passed, failed: Math.max(1, progress.failed) } };
  }
  if (counts.passed + counts.failed === 0) {
    say('no tests ran');
    return { code: 1, result: counts };
  }
  if (counts.failed > 0) return { code: Math.min(counts.failed, 255), result: counts };
  return { code: code === 0 ? 0 : 1, result: counts };
}

/** --ui: the UI test module drives the workbench; its { passed, failed } are the run's counts. */
async function runUi(opt, { page, context, base, ws, child, csLog }) {
  const tRun = Date.now();
  const ui = await import(pathToFileURL(opt.ui).href).catch((e) => { throw new InfraError(`cannot load ${opt.ui}: ${e.message}`); });
  if (typeof ui.default !== 'function') throw new InfraError(`${opt.ui} has no default export function`);
  say(`UI test ${path.relative(ROOT, opt.ui)}`);
  let timer;
  const result = await Promise.race([
    Promise.resolve().then(() => ui.default({ page, context, base, workspace: ws, results: RESULTS, root: ROOT, say, progress }))
      .catch((e) => { console.error(`[vscode-test] UI test threw: ${e?.stack ?? e}`); return 'threw'; }),
    new Promise((r) => { timer = setTimeout(() => r('timeout'), opt.timeout * 1000); }),
    new Promise((r) => { child.once('exit', () => r('code-server-exit')); }),
  ]);
  clearTimeout(timer);
  if (interrupted) return new Promise(() => {});  // the signal handler finishes the run
  const dur = ((Date.now() - tRun) / 1000).toFixed(1);
  if (typeof result === 'string') {
    const why = { timeout: `timed out after ${opt.timeout}s`, 'code-server-exit': `stopped after ${dur}s: code-server exited`, threw: `threw after ${dur}s` }[result];
    console.log(`--- code-server log (tail) ---\n${tail(csLog, 25)}`);
    say(`UI test ${why} (total ${secs()}s); see ${path.relative(ROOT, RESULTS)}/`);
    return { code: 1, result: { passed: progress.passed, failed: progress.failed + 1 } };
  }
  counts = { passed: Number(result?.passed) || 0, failed: Number(result?.failed) || 0 };
  say(`UI test finished after ${dur}s (total ${secs()}s)`);
  if (counts.passed + counts.failed === 0) { say('no tests ran'); return { code: 1, result: counts }; }
  return { code: Math.min(counts.failed, 255), result: counts };
}

class InfraError extends Error {}

let outcome;
try {
  outcome = await main();
} catch (e) {
  if (e instanceof InfraError) console.error(`[vscode-test] ERROR: ${e.message}`);
  else console.error(`[vscode-test] ERROR: ${e?.stack ?? e}`);
  outcome = { code: 2, result: { passed: counts?.passed ?? progress.passed, failed: (counts?.failed ?? progress.failed) + 1 } };
}
const tc = Date.now();
await cleanup();
say(`stopped code-server and Chromium in ${((Date.now() - tc) / 1000).toFixed(1)}s; total ${secs()}s; exit code ${outcome.code}`);
finish(outcome.code, outcome.result);
