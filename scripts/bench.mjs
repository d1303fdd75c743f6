// Benchmark (not a test): prints figures for the example report and a copy scaled ×100.
//   core check time · render · hostile inputs (the cases of test/unit/hostile.test.ts, which assert
//   what the code does but no time) · keystroke → published diagnostics over LSP · server peak RSS ·
//   CLI throughput
// Run: npm run bench. Figures are medians of many runs, compared side by side in one run.
// `npm run bench -- --only=core|hostile|lsp|cli` runs one part.
//   BENCH_BASELINE_CLI=FILE   (with --only=cli or all) another build of dist/cli.js (e.g. of an older commit),
//                             run alternately with this one
//   BENCH_LARGE=N             reports of the CLI's memory run (default 20000; 0 skips it)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const rpc = require('vscode-jsonrpc/node');
const { analyze } = require(path.join(root, 'dist/core.js'));

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const part = (name) => !only || only === name;

const example = fs.readFileSync(path.join(root, 'test/fixtures/taierzhuang-minzheng-2023.govreport.yaml'), 'utf8');

/** Every line of block text repeated `factor` times: same tables, `factor` × the prose. */
export function scale(text, factor) {
  const out = [];
  let blockIndent = -1; // indentation of the key that opened the current block scalar
  const indent = (line) => line.length - line.trimStart().length;
  for (const line of text.split('\n')) {
    if (blockIndent >= 0 && line.trim() !== '' && indent(line) > blockIndent) {
      for (let i = 0; i < factor; i++) out.push(line);
      continue;
    }
    if (line.trim() !== '') blockIndent = /:\s*[|>][-+]?\s*$/.test(line) ? indent(line) : -1;
    out.push(line);
  }
  return out.join('\n');
}

/** The example grown to `times` its size by repeating its prose (the tables cannot grow). */
function scaled(text, times) {
  const target = Buffer.byteLength(text) * times;
  const once = Buffer.byteLength(scale(text, 2)) - Buffer.byteLength(text); // bytes one more copy of the prose adds
  return scale(text, Math.max(1, Math.round((target - Buffer.byteLength(text)) / once) + 1));
}
const x100 = scaled(example, 100);
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const rows = [];
const report = (what, x1, x100v, target) => { rows.push([what, x1, x100v, target]); console.log(`${what.padEnd(44)} ${String(x1).padEnd(22)} ${String(x100v).padEnd(22)} ${target ?? ''}`); };

console.log(`example: ${(Buffer.byteLength(example) / 1024).toFixed(1)} KiB; ×100: ${(Buffer.byteLength(x100) / 1024 / 1024).toFixed(2)} MiB; node ${process.version}; ${os.cpus().length} cores\n`);
console.log(`${'measure'.padEnd(44)} ${'×1'.padEnd(22)} ${'×100'.padEnd(22)} target`);

// ---------------------------------------------------------------- core
function coreTime(text, runs) {
  for (let i = 0; i < 20; i++) analyze(text);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    analyze(text);
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}
if (part('core')) report('core check (median)', fmt(coreTime(example, 400)), fmt(coreTime(x100, 40)));

// the across-years facts with copied-text's fingerprints, per report: the CLI computes them for every
// report that shares its year with another (1,000 reports in ≤ 1 s is the CLI's target)
function factsTime(count, rounds) {
  const { parseReport, yearFacts } = require(path.join(root, 'dist/core.js'));
  const docs = Array.from({ length: count }, (_, i) => parseReport(example.replace(/台儿庄区民政局/g, `第${i}号测试局`), 'en'));
  const times = [];
  for (let r = 0; r < rounds + 2; r++) {
    const t0 = performance.now();
    for (const doc of docs) yearFacts(doc, { texts: true });
    if (r >= 2) times.push((performance.now() - t0) / count);
  }
  return quantile(times, 0.5);
}
if (part('core')) report('yearFacts with text fingerprints, per report', fmt(factsTime(600, 5)), '', '600 renamed copies');

// ---------------------------------------------------------------- render (preview fragment and export)
const { renderReport, renderStandalone } = require(path.join(root, 'dist/core.js'));
const css = fs.readFileSync(path.join(root, 'media/report.css'), 'utf8');
function renderTime(text, runs, standalone) {
  const analysis = analyze(text, { lang: 'zh' });
  const once = () => (standalone ? renderStandalone(analysis, { lang: 'zh', css }) : renderReport(analysis, { lang: 'zh', preview: true }));
  for (let i = 0; i < 10; i++) once();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}
if (part('core')) {
  report('render preview fragment (median)', fmt(renderTime(example, 200, false)), fmt(renderTime(x100, 20, false)));
  report('render standalone HTML (median)', fmt(renderTime(example, 200, true)), fmt(renderTime(x100, 20, true)));
}

// ---------------------------------------------------------------- hostile inputs
// The cases of test/unit/hostile.test.ts: analyze + fixAll + formatReport, as the test runs them
// (median of 3; the test has only a hang guard of 120 s per suite, 10× above these).
if (part('hostile')) {
  const { fixAll, formatReport, parseReport, checkAcrossYears } = require(path.join(root, 'dist/core.js'));
  const lines = (n, line) => Array.from({ length: n }, (_, i) => line(i)).join('\n');
  const withPreamble = (body) => example.replace('preamble: |\n', `preamble: |\n${body}`);
  const paragraph = `  ${'根据《中华人民共和国政府信息公开条例》现向社会公布本年度报告。'.repeat(40)}\n`;
  const fifty = withPreamble(paragraph.repeat(Math.ceil(50e6 / Buffer.byteLength(paragraph))));
  const names = 'abcdefghij';
  const aliasBomb = names.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(i === 0 ? '"lol"' : `*${names[i - 1]}`).join(', ')}]`).join('\n');
  const cases = [
    ['alias bomb (9^9 if expanded)', () => aliasBomb],
    ['1,000 merge keys', () => `base: &base {format: 2021}\n${lines(1000, (i) => `k${i}: {<<: *base}`)}`],
    ['10,000-deep flow nesting', () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['10,000 levels of indented maps (47.7 MiB)', () => lines(10_000, (i) => `${' '.repeat(i)}k:`)],
    ['the same with maxBytes Infinity', () => lines(10_000, (i) => `${' '.repeat(i)}k:`), { maxBytes: Infinity }],
    ['a 50 MB report (too large)', () => fifty],
    ['a 50 MB report with maxBytes 64 MiB', () => fifty, { maxBytes: 64 * 1024 * 1024 }],
    ['50 MB of "-\\n"', () => '-\n'.repeat(25e6)],
    ['a single 10 MB line (read)', () => example.replace(/preamble: \|\n {2}[^\n]*\n/, `preamble: ${'x'.repeat(10e6)}\n`)],
    ['a 10 MB quoted string of [{[{…', () => `preamble: "${'[{'.repeat(5e6 - 10)}"`],
    ['a 10 MB line of cells', () => `a: [${'0,'.repeat(5e6 - 10)}0]`],
    ['10 MB of blank lines', () => '\n'.repeat(10e6)],
    ['10 MB of CRLF blank lines', () => '\r\n'.repeat(5e6)],
    ['10 MB of lone quotes', () => "'\n".repeat(5e6)],
    ['10 MB of one-letter lines in a report', () => withPreamble('  x\n'.repeat(2.5e6))],
    ['100,000 keys (refused)', () => lines(100_000, (i) => `k${i}: ${i}`)],
    ['100,000 keys, token limit lifted', () => lines(100_000, (i) => `k${i}: ${i}`), { maxTokens: Infinity }],
    ['100,000 duplicate keys, token limit lifted', () => lines(100_000, () => 'a: 1'), { maxTokens: Infinity }],
    ['20,000 unknown keys in a report', () => example.replace('other_matters:\n', `other_matters:\n${lines(20_000, (i) => `  extra_${i}: ${i}`)}\n`)],
  ];
  console.log('\nhostile inputs: analyze + fixAll + formatReport (median of 3)');
  for (const [name, make, options] of cases) {
    const text = make();
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const a = analyze(text, { lang: 'en', ...options });
      fixAll(a);
      formatReport(a.document);
      times.push(performance.now() - t0);
    }
    report(`  ${name}`, fmt(quantile(times, 0.5)), `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB`, 'hang guard 120 s');
  }
  // copied-text on two 1 MB texts (test/unit/cross-year.test.ts "on 1 MB texts")
  const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';
  let big = '';
  for (let i = 0; i < 1_000_000; i++) big += chars[(i * 7919 + (i >> 5)) % chars.length];
  const cur = example.replace(/(\n {2}management: \|\n {4})[^\n]*/, `$1${big}`);
  const prev = example.replace(/year: 2023/, 'year: 2022').replace(/(\n {2}management: \|\n {4})[^\n]*/, `$1${big.slice(500)}${big.slice(0, 500)}`);
  const a = parseReport(cur, 'en');
  const b = parseReport(prev, 'en');
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    checkAcrossYears(a, { file: 'last-year.govreport.yaml', document: b }, { lang: 'en' });
    times.push(performance.now() - t0);
  }
  report('  copied-text on two 1 MB texts', fmt(quantile(times, 0.5)), '', '');
}
if (only && only !== 'lsp' && only !== 'cli') process.exit(0);

// ---------------------------------------------------------------- import: DOCX and PDF readers (dist/import.js)
{
  const { readDocx, readPdf } = require(path.join(root, 'dist/import.js'));
  const corpus = path.join(root, 'test/fixtures/corpus');
  const inputs = (suffix) => fs.readdirSync(corpus).filter((f) => f.endsWith(suffix)).map((f) => new Uint8Array(fs.readFileSync(path.join(corpus, f))));
  /** Reports per second over the corpus files (median round over `rounds` after a warm-up round). */
  async function throughput(files, read, rounds) {
    for (const f of files) await read(f);
    const times = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      for (const f of files) await read(f);
      times.push(performance.now() - t0);
    }
    return `${(files.length / (quantile(times, 0.5) / 1000)).toFixed(1)} reports/s`;
  }
  const docx = inputs('.docx');
  const pdfs = inputs('.pdf').filter((b) => !isScan(b));
  report(`import DOCX (${docx.length} reports)`, await throughput(docx, readDocx, 20), '', '');
  report(`import PDF (${pdfs.length} reports, LibreOffice and Chromium)`, await throughput(pdfs, readPdf, 3), '', '');
  function isScan(bytes) {
    return !Buffer.from(bytes).includes('/Font');
  }
}
// ---------------------------------------------------------------- import (published reports → YAML)
const { readHtml, readText, toReport, writeReportYaml } = require(path.join(root, 'dist/import.js'));
/** Reports per second through reader, mapper and YAML writer (median time of one import). */
function importRate(read, input, runs) {
  for (let i = 0; i < 5; i++) writeReportYaml(toReport(read(input)));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    writeReportYaml(toReport(read(input)));
    times.push(performance.now() - t0);
  }
  return `${(1000 / quantile(times, 0.5)).toFixed(0)} reports/s`;
}
const page = fs.readFileSync(path.join(root, 'test/fixtures/corpus/shuyang-fgj-2023.html'));
const gbkPage = fs.readFileSync(path.join(root, 'test/fixtures/corpus/made-up-county-2022.gbk.html'));
const layout = fs.readFileSync(path.join(root, 'test/fixtures/corpus/shuyang-fgj-2023.layout.txt'), 'utf8');
report('import HTML, Word-pasted page (98 KiB)', importRate(readHtml, page, 40), '', '');
report('import HTML, GB18030 page', importRate(readHtml, gbkPage, 40), '', '');
report('import text (pdftotext -layout)', importRate(readText, layout, 40), '', '');

// ---------------------------------------------------------------- LSP
// as the VS Code client starts the server (client/src/extension.ts); BENCH_SERVER_NODE_ARGS overrides
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '--optimize-for-size').split(' ').filter(Boolean);
async function lspRun(text, { edits, requests = 0, rootUri = null }) {
  const proc = spawn(process.execPath, [...serverNodeArgs, path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => { const w = waiters.get(`${p.uri}#${p.version}`); if (w) { waiters.delete(`${p.uri}#${p.version}`); w(p); } });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ rules: {} })));
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null, capabilities: { workspace: { configuration: true } }, locale: 'zh-cn' });
  conn.sendNotification('initialized', {});
  const uri = 'file:///bench/report.govreport.yaml';
  const published = (version) => new Promise((r) => waiters.set(`${uri}#${version}`, r));
  let p = published(1);
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'govreport', version: 1, text } });
  await p;
  const lines = text.split('\n');
  // one keystroke at a time on the 自然人 cell of `received`: 0 → 1 → 0 …, each changing the diagnostics
  const line = lines.findIndex((l) => /^\s*received:/.test(l));
  const character = lines[line].indexOf('[') + 1;
  const keystrokes = [];
  for (let v = 2; v < edits + 2; v++) {
    p = published(v);
    const t0 = performance.now();
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: v % 2 ? '0' : '1' }] });
    await p;
    keystrokes.push(performance.now() - t0);
  }
  // completion on a new line inside `applications:`, hover on a cell of （七）总计
  const completions = [];
  const hovers = [];
  const appLine = lines.findIndex((l) => /^applications:/.test(l));
  const totalLine = lines.findIndex((l) => /^\s*total:/.test(l));
  for (let i = 0; i < requests; i++) {
    let t0 = performance.now();
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: appLine + 1, character: 2 } });
    completions.push(performance.now() - t0);
    t0 = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: totalLine, character: lines[totalLine].indexOf('[') + 1 } });
    hovers.push(performance.now() - t0);
  }
  const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  await new Promise((r) => proc.once('exit', r));
  conn.dispose();
  const stats = (xs) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95) });
  return { keystroke: stats(keystrokes), completion: stats(completions), hover: stats(hovers), hwm };
}

/** 1,000 reports in a folder: varied agencies, every tenth with a wrong total. */
function makeReports(dir, count) {
  for (let i = 0; i < count; i++) {
    let text = example.replace(/台儿庄区民政局/g, `第${i}号测试局`);
    if (i % 10 === 0) text = text.replace('received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]');
    const sub = path.join(dir, `batch-${i % 10}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `report-${i}.govreport.yaml`), text);
  }
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-bench-'));
makeReports(dir, 1000);

try {
  if (part('lsp')) {
  const l1 = await lspRun(example, { edits: 60, requests: 60 });
  const l100 = await lspRun(x100, { edits: 40, requests: 40 });
  report('keystroke → diagnostics, median', fmt(l1.keystroke.median), fmt(l100.keystroke.median), '≤ 20 ms (×1), ≤ 60 ms (×100)');
  report('keystroke → diagnostics, p95', fmt(l1.keystroke.p95), fmt(l100.keystroke.p95), '≤ 50 ms (×1)');
  report('completion, median / p95', `${fmt(l1.completion.median)} / ${fmt(l1.completion.p95)}`, `${fmt(l100.completion.median)} / ${fmt(l100.completion.p95)}`, 'p95 ≤ 10 ms');
  report('hover, median / p95', `${fmt(l1.hover.median)} / ${fmt(l1.hover.p95)}`, `${fmt(l100.hover.median)} / ${fmt(l100.hover.p95)}`, 'p95 ≤ 10 ms');
  report('server peak RSS (VmHWM)', `${l1.hwm.toFixed(1)} MiB`, `${l100.hwm.toFixed(1)} MiB`, '≤ 80 MiB');
  // the same keystrokes while the server indexes a workspace of 1,000 reports
  const busy = await lspRun(example, { edits: 60, rootUri: pathToFileURL(dir).href });
  report('keystroke while indexing 1,000 reports, median / p95', `${fmt(busy.keystroke.median)} / ${fmt(busy.keystroke.p95)}`, '', 'not blocked by indexing');
  report('server peak RSS with 1,000 indexed reports', `${busy.hwm.toFixed(1)} MiB`, '', '');
  }

  // ---------------------------------------------------------------- CLI
  if (part('cli')) await cliBench();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- CLI
/** Runs the CLI to the end; wall time and peak RSS (VmHWM of the process, its worker threads included). */
function cliRun(cli, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let hwm = 0;
    child.stderr.on('data', (b) => { stderr += b; });
    // VmHWM only grows: the last reading before the exit is the peak
    const poll = setInterval(() => {
      try { hwm = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024; } catch { /* exited */ }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, code, stderr, hwm });
    });
  });
}

async function cliBench() {
  const cli = path.join(root, 'dist/cli.js');
  const baseline = process.env.BENCH_BASELINE_CLI;
  const builds = baseline ? [['this build', cli], ['baseline', path.resolve(baseline)]] : [['this build', cli]];
  // start-up alone, then 1,000 reports; the builds alternate run by run, so a busy machine weighs on both alike
  const startup = new Map(builds.map(([name]) => [name, []]));
  const thousand = new Map(builds.map(([name]) => [name, []]));
  for (let i = 0; i < 5; i++) {
    for (const [name, file] of builds) startup.get(name).push((await cliRun(file, ['--version'])).ms);
  }
  for (let i = 0; i < 5; i++) {
    for (const [name, file] of builds) {
      const r = await cliRun(file, ['check', '--format', 'json', dir]);
      if (r.code !== 1) throw new Error(`CLI exited ${r.code}: ${r.stderr}`);
      thousand.get(name).push(r.ms);
    }
  }
  for (const [name] of builds) {
    report(`CLI start-up (--version), ${name}`, fmt(quantile(startup.get(name), 0.5)), '', '');
    const ms = quantile(thousand.get(name), 0.5);
    report(`CLI over 1,000 reports (whole process), ${name}`, `${Math.round(1000 / (ms / 1000))} reports/s`, `${fmt(ms)}`, name === 'this build' ? '≥ 1,000 reports/s' : '');
  }
  // memory over many reports: flat, not growing with the count
  const large = Number(process.env.BENCH_LARGE ?? 20000);
  if (large > 0) {
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-bench-large-'));
    try {
      makeReports(big, large);
      for (const [name, file] of builds) {
        const r = await cliRun(file, ['check', '--format', 'json', big]);
        if (r.code !== 1) throw new Error(`CLI exited ${r.code}: ${r.stderr}`);
        const small = await cliRun(file, ['check', '--format', 'json', dir]);
        report(`CLI peak RSS, 1,000 / ${large.toLocaleString('en')} reports, ${name}`, `${small.hwm.toFixed(0)} MiB`, `${r.hwm.toFixed(0)} MiB (${Math.round(large / (r.ms / 1000))} reports/s)`, 'flat');
      }
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  }
}
