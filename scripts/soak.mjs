// Soak test of the language server (`npm run soak`; not part of `npm test`): 100,000 random edits,
// seeded and deterministic, sent as incremental didChange to dist/server.js over stdio, in a few
// documents that are reset to the example (or to a broken report) from time to time. Counts
//   crashes        the server process exited (it is restarted and the run goes on)
//   hangs          a publication or a request not answered within --timeout-ms (default 5 s)
//   out of range   a published or returned range outside the text of its version
//   mismatches     published diagnostics ≠ the core's analyze() of the same text (across-years rules aside)
// and prints the server's resident memory (VmRSS of /proc/PID/status) before, after, and after an idle
// period, and the edits per second. Every count must be 0: the exit code is 1 otherwise. The run is
// bounded by --max-minutes (default 30) and ends by itself; it prints progress every 10,000 edits.
//
//   node scripts/soak.mjs [--edits 100000] [--seed 1] [--docs 3] [--timeout-ms 5000] [--idle-ms 10000]
//                         [--max-minutes 30] [--max-growth-mib 256]
//
// This module also exports the edit generator, which the fuzz tests (test/unit/fuzz.test.ts,
// test/lsp/fuzz.test.ts, test/unit/nothing-lost.test.ts) import: one generator for all of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE_PATH = path.join(ROOT, 'test/fixtures/taierzhuang-minzheng-2023.govreport.yaml');

// ------------------------------------------------------------------------------- the generator

/** A small seeded PRNG (mulberry32): the same seed gives the same edits on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

/** YAML punctuation, one character each (the brief's list). */
export const PUNCTUATION = [...':[]{}-#&*!|>\'",?%@`'];
/** Characters that trip up editors and parsers: NUL, lone surrogates, bidi marks, CR alone, BOM, … */
export const ODD = ['\u0000', '\ud800', '\udfff', '\u202e', '\u200f', '\r', '\ufeff', '\t', '\u00a0', '\u3000', '\u2028', '\u0085', '\u{1f600}', '中文', '：', '，', '\n', '\r\n', ' ', '\u0301', '\uffff'];
/** What a person types into a report (keys, rows, YAML features the core refuses, numbers in other notations). */
export const WORDS = [
  'received: ', 'total: ', 'carried_forward: ', '[0, 0, 0, 0, 0, 0, 0]', '[1, 2, 3]', '{issued: 0, repealed: 0, in_force: 0}', '  ', '\n  ', '\n', '- ', '? ',
  '|', '>-', '# 注释', '0', '12', '1e400', '-0', '.inf', '0x1F', '~', 'null', '2024-01-16', '&a ', '*a', '!!str ', '<<: *a', '---\n', '...\n',
  '%YAML 1.2\n', 'format: 2021\n', 'year: 2023\n', '本年度报告中所列数据的统计期限自2022年1月1日至2022年12月31日止。', '共收到申请5件（自然人3件，法人1件）', '[', ']', ', ',
];

const LINE_BREAK = /\r\n|\r|\n/g;

/** Start offsets of the lines of `text` (CR, LF and CRLF end a line, as in LSP). */
function lineStarts(text) {
  const starts = [0];
  for (const m of text.matchAll(LINE_BREAK)) starts.push(m.index + m[0].length);
  return starts;
}

/** An offset that does not split a CRLF (LSP positions cannot name the point between \r and \n). */
function snap(text, offset) {
  const o = Math.max(0, Math.min(offset, text.length));
  return o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10 ? o - 1 : o;
}

/** An offset biased to where edits break things: line starts, around `:`, `[`, `,`, digits, line ends. */
function offsetIn(text, r) {
  if (text.length === 0) return 0;
  const roll = r.next();
  if (roll < 0.4) return r.int(text.length + 1);
  const starts = lineStarts(text);
  const line = r.int(starts.length);
  const start = starts[line];
  const end = line + 1 < starts.length ? starts[line + 1] : text.length;
  if (roll < 0.6) return start;
  const body = text.slice(start, end);
  if (roll < 0.9) {
    const marks = [...body.matchAll(/[:[\],{}#\d-]/g)].map((m) => start + m.index);
    if (marks.length > 0) return r.pick(marks) + r.int(2);
  }
  return start + body.replace(/[\r\n]+$/, '').length;
}

/**
 * One random edit `{ start, end, text }` (UTF-16 offsets into `text`, end exclusive) of the kinds the
 * brief names: YAML punctuation, deletions, duplicated lines, indentation swapped (spaces ↔ tabs,
 * ±2 spaces), odd Unicode, a number replaced, a line of `base` pasted, words typed.
 */
export function nextEdit(text, r, base = '') {
  const kind = r.next();
  let start = snap(text, offsetIn(text, r));
  let end = start;
  let insert = '';
  if (kind < 0.18) {
    insert = Array.from({ length: 1 + r.int(3) }, () => r.pick(PUNCTUATION)).join('');
  } else if (kind < 0.3) {
    insert = Array.from({ length: 1 + r.int(2) }, () => r.pick(ODD)).join('');
  } else if (kind < 0.45) {
    if (r.chance(0.3)) { // a whole line
      const starts = lineStarts(text);
      const line = r.int(starts.length);
      start = starts[line];
      end = line + 1 < starts.length ? starts[line + 1] : text.length;
    } else {
      end = snap(text, start + 1 + r.int(r.chance(0.8) ? 4 : 40));
    }
  } else if (kind < 0.52) { // duplicate a line
    const starts = lineStarts(text);
    const line = r.int(starts.length);
    start = end = starts[line];
    insert = text.slice(starts[line], line + 1 < starts.length ? starts[line + 1] : text.length);
    if (line + 1 >= starts.length) insert += '\n';
  } else if (kind < 0.64) { // indentation: spaces ↔ tabs, ±2 spaces
    const starts = lineStarts(text);
    const line = r.int(starts.length);
    start = starts[line];
    const indent = /^[ \t]*/.exec(text.slice(start, start + 200))[0];
    end = start + indent.length;
    const choice = r.int(4);
    if (choice === 0) insert = indent.replace(/ {2}/g, '\t');
    else if (choice === 1) insert = indent.replace(/\t/g, '  ');
    else if (choice === 2) insert = `${indent}  `;
    else insert = indent.slice(0, Math.max(0, indent.length - 2));
  } else if (kind < 0.8) { // a number replaced: arithmetic errors and their fixes
    const digits = [...text.matchAll(/\d+/g)];
    if (digits.length > 0) {
      const m = r.pick(digits);
      start = m.index;
      end = m.index + m[0].length;
    }
    insert = String(r.chance(0.9) ? r.int(r.chance(0.5) ? 10 : 100000) : r.pick([9007199254740991, 9007199254740993, 1e21, -1]));
  } else if (kind < 0.87 && base) { // a line of the base pasted
    const lines = base.split('\n');
    insert = `${r.pick(lines)}\n`;
    start = end = lineStarts(text)[r.int(lineStarts(text).length)];
  } else {
    insert = r.pick(WORDS);
  }
  return { start, end: Math.max(start, end), text: insert };
}

export function applyEdit(text, edit) {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/** `steps` edits from `seed` applied to `text`. */
export function mutate(text, seed, steps, base = text) {
  const r = prng(seed);
  let out = text;
  for (let i = 0; i < steps; i++) out = applyEdit(out, nextEdit(out, r, base));
  return out;
}

/** Reports to start from: the example, and broken ones (totals off, CRLF, BOM, not YAML, half typed, empty). */
export function baseTexts(example) {
  return [
    example,
    example.replace('received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [3, 1, 0, 0, 0, 0, 2]').replace('review:               [0, 0, 0, 0, 0]', 'review:               [1, 1, 0, 0, 5]'),
    example.replace(/\n/g, '\r\n'),
    `\ufeff${example}`,
    example.replace('applications:\n', 'applications: [\n'),
    example.slice(0, Math.floor(example.length / 2)),
    example.replace(/^(\S[^:\n]*):/gm, '$1 :').replace(/^ {2}/gm, '\t'),
    '',
    'format: 2021\nagency: 某局\nyear: 2023\n',
  ];
}

/** Documents no report is like (the cases of test/unit/hostile.test.ts), by name. */
export function hostileTexts(example) {
  const names = 'abcdefghij';
  const bomb = names.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(i === 0 ? '"lol"' : `*${names[i - 1]}`).join(', ')}]`).join('\n');
  const paragraph = `  ${'根据《中华人民共和国政府信息公开条例》现向社会公布本年度报告。'.repeat(40)}\n`;
  return [
    ['a 50 MB report', example.replace('preamble: |\n', `preamble: |\n${paragraph.repeat(Math.ceil(50e6 / Buffer.byteLength(paragraph)))}`)],
    ['a 9.9 MB report (read)', example.replace('preamble: |\n', `preamble: |\n${paragraph.repeat(Math.floor(9.9e6 / Buffer.byteLength(paragraph)))}`)],
    ['a single 10 MB line (read)', example.replace(/preamble: \|\n {2}[^\n]*\n/, `preamble: ${'x'.repeat(10e6)}\n`)],
    ['an alias bomb (9^9)', bomb],
    ['10,000-deep flow nesting', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['10,000-deep block nesting', `${'- '.repeat(10_000)}x\n`],
    ['100,000 keys', Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n')],
    ['10 MB of blank lines', '\n'.repeat(10e6)],
    ['10 MB of cells on one line', `a: [${'0,'.repeat(5e6 - 10)}0]`],
    ['huge numbers', example.replace('licensing: 0', 'licensing: 1e400').replace('penalty: 0', `penalty: ${'9'.repeat(400)}`).replace('coercion: 0', 'coercion: -0').replace('fees: 0', 'fees: .inf')],
  ];
}

// ------------------------------------------------------------------------------- the soak run

function parseArgs(argv) {
  const options = { edits: 100_000, seed: 1, docs: 3, timeoutMs: 5000, idleMs: 10_000, maxMinutes: 30, maxGrowthMib: 256 };
  const names = { '--edits': 'edits', '--seed': 'seed', '--docs': 'docs', '--timeout-ms': 'timeoutMs', '--idle-ms': 'idleMs', '--max-minutes': 'maxMinutes', '--max-growth-mib': 'maxGrowthMib' };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isFinite(value)) throw new Error(`usage: node scripts/soak.mjs [${Object.keys(names).join(' N] [')} N]`);
    options[key] = value;
    i++;
  }
  return options;
}

const rssMib = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** Length of each line without its line break. */
function lineLengths(text) {
  const starts = lineStarts(text);
  return starts.map((s, i) => {
    if (i + 1 >= starts.length) return text.length - s;
    const next = starts[i + 1];
    return next - s - (text.slice(s, next).endsWith('\r\n') ? 2 : 1);
  });
}

/** A problem with an LSP range in `text`, or undefined. */
function badRange(range, lengths) {
  const ok = (p) => p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lengths.length && p.character <= lengths[p.line];
  if (!range || !ok(range.start) || !ok(range.end)) return `outside the text: ${JSON.stringify(range)}`;
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `start after end: ${JSON.stringify(range)}`;
  return undefined;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  const rpc = require('vscode-languageserver-protocol/node');
  const core = require(path.join(ROOT, 'dist/core.js'));
  const serverJs = path.join(ROOT, 'dist/server.js');
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run npm run build first');
  const acrossYears = new Set(core.RULES.filter((r) => r.category === 'across-years').map((r) => r.code));
  const example = fs.readFileSync(EXAMPLE_PATH, 'utf8');
  const bases = baseTexts(example);
  const r = prng(options.seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-soak-'));
  const deadline = Date.now() + options.maxMinutes * 60_000;
  const counts = { crashes: 0, hangs: 0, outOfRange: 0, mismatches: 0 };
  const problems = [];
  const note = (kind, what) => {
    counts[kind]++;
    if (problems.length < 20) problems.push(`${kind}: ${what}`);
  };

  // --- the server and the connection
  let server;
  const startServer = async () => {
    const proc = spawn(process.execPath, [serverJs, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const state = { proc, exited: false, publications: [], waiters: new Set(), stderr: '' };
    proc.on('exit', () => { state.exited = true; for (const w of state.waiters) w(); });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (s) => { state.stderr = (state.stderr + s).slice(-2000); });
    proc.stdin.on('error', () => undefined);
    const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
    conn.onError(() => undefined);
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
      state.publications.push(p);
      for (const w of state.waiters) w();
    });
    conn.onNotification(() => undefined);
    conn.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map(() => ({})));
    conn.onRequest(() => null);
    conn.listen();
    state.conn = conn;
    await withTimeout(conn.sendRequest(rpc.InitializeRequest.method, {
      processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'soak' }], locale: 'zh-cn',
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
    }), options.timeoutMs * 4, 'initialize');
    await conn.sendNotification(rpc.InitializedNotification.type, {});
    return state;
  };

  function withTimeout(promise, ms, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms);
      promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
    });
  }

  /** Resolves with the publication for `uri` at `version`, or undefined after the timeout or an exit. */
  const waitForPublication = (uri, version) => new Promise((resolve) => {
    const s = server;
    const find = () => s.publications.find((p) => p.uri === uri && p.version === version);
    const done = (v) => { clearTimeout(timer); s.waiters.delete(check); resolve(v); };
    const check = () => {
      const p = find();
      if (p) done(p);
      else if (s.exited) done(undefined);
    };
    const timer = setTimeout(() => done(undefined), options.timeoutMs);
    s.waiters.add(check);
    check();
  });

  // --- the documents: the client's copy of each text, by version
  const docs = Array.from({ length: options.docs }, (_, i) => ({
    uri: pathToFileURL(path.join(dir, `soak-${i}.govreport.yaml`)).href, version: 1, text: example, history: new Map(), sinceReset: 0, resetAt: 200 + r.int(1800),
  }));
  /** A notification; a dead server is noticed by the wait that follows, not here. */
  const send = async (type, params) => {
    try { await server.conn.sendNotification(type, params); } catch { /* the process is gone */ }
  };
  const open = async (d) => {
    d.history = new Map([[d.version, d.text]]);
    await send(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: d.uri, languageId: 'govreport', version: d.version, text: d.text } });
  };
  const restart = async (why) => {
    note('crashes', `${why}; stderr: ${server?.stderr.slice(-300) ?? ''}`);
    try { server?.proc.kill('SIGKILL'); } catch { /* gone */ }
    server = await startServer();
    for (const d of docs) await open(d);
  };

  /** Checks every publication received so far against the text of its version; forgets them. */
  const checkPublications = () => {
    for (const p of server.publications) {
      const d = docs.find((x) => x.uri === p.uri);
      if (!d) continue;
      if (p.version === undefined) {
        if (p.diagnostics.length > 0) note('outOfRange', `a publication for ${p.uri} without a version`);
        continue;
      }
      const text = d.history.get(p.version);
      if (text === undefined) continue; // the version was closed in between (a reopened document)
      const lengths = lineLengths(text);
      for (const diag of p.diagnostics) {
        const bad = badRange(diag.range, lengths) ?? diag.relatedInformation?.filter((ri) => ri.location.uri === p.uri).map((ri) => badRange(ri.location.range, lengths)).find(Boolean);
        if (bad) note('outOfRange', `${diag.code} in version ${p.version}: ${bad}`);
      }
    }
  };

  /** The published diagnostics of the current version against the core's own analysis. */
  const compareWithCore = (d, publication) => {
    const starts = lineStarts(d.text);
    const expected = core.analyze(d.text, { lang: 'zh' }).diagnostics.map((x) => ({
      code: x.code, severity: { error: 1, warning: 2, info: 3 }[x.severity], message: x.message,
      range: { start: positionAt(starts, x.range.start), end: positionAt(starts, x.range.end) },
    }));
    const got = publication.diagnostics.filter((x) => !acrossYears.has(x.code)).map((x) => ({ code: x.code, severity: x.severity, message: x.message, range: x.range }));
    const key = (x) => JSON.stringify([x.range.start.line, x.range.start.character, x.range.end.line, x.range.end.character, x.code, x.severity, x.message]);
    const a = expected.map(key).sort();
    const b = got.map(key).sort();
    if (a.length !== b.length || a.some((k, i) => k !== b[i])) note('mismatches', `version ${d.version} of ${path.basename(d.uri)}: expected ${a.length} diagnostics, got ${b.length} (first difference: ${a.find((k) => !b.includes(k)) ?? b.find((k) => !a.includes(k))})`);
  };

  /** One request at a random place; checks its ranges. */
  const REQUESTS = ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/formatting', 'textDocument/selectionRange', 'textDocument/inlayHint', 'textDocument/rangeFormatting'];
  const request = async (d) => {
    const starts = lineStarts(d.text);
    const lengths = lineLengths(d.text);
    const position = positionAt(starts, snap(d.text, r.int(d.text.length + 1)));
    const whole = { start: { line: 0, character: 0 }, end: positionAt(starts, d.text.length) };
    const method = r.pick(REQUESTS);
    const textDocument = { uri: d.uri };
    const params = {
      'textDocument/hover': { textDocument, position },
      'textDocument/completion': { textDocument, position, context: { triggerKind: 1 } },
      'textDocument/codeAction': { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } },
      'textDocument/documentSymbol': { textDocument },
      'textDocument/foldingRange': { textDocument },
      'textDocument/formatting': { textDocument, options: { tabSize: 2, insertSpaces: true } },
      'textDocument/rangeFormatting': { textDocument, range: { start: { line: position.line, character: 0 }, end: position }, options: { tabSize: 2, insertSpaces: true } },
      'textDocument/selectionRange': { textDocument, positions: [position] },
      'textDocument/inlayHint': { textDocument, range: whole },
    }[method];
    let result;
    try {
      result = await withTimeout(server.conn.sendRequest(method, params), options.timeoutMs, method);
    } catch (e) {
      if (server.exited) return restart(`exited during ${method}`);
      note('hangs', `${method}: ${e.message}`);
      return;
    }
    // every range in the answer (edits, hover, symbols, selection ranges) lies inside the text
    const ranges = [];
    const walk = (v, depth) => {
      if (depth > 50 || v === null || typeof v !== 'object') return;
      if (v.start && v.end && typeof v.start.line === 'number') { ranges.push(v); return; }
      for (const [k, x] of Object.entries(v)) if (k !== 'diagnostics') walk(x, depth + 1);
    };
    walk(result, 0);
    for (const range of ranges) {
      const bad = badRange(range, lengths);
      if (bad) note('outOfRange', `${method} at ${position.line}:${position.character}: ${bad}`);
    }
  };

  // --- the run
  server = await startServer();
  for (const d of docs) await open(d);
  for (const d of docs) if (!(await waitForPublication(d.uri, d.version))) note('hangs', `first publication of ${d.uri}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssBefore = rssMib(server.proc.pid);
  console.log(`soak: ${options.edits} edits, seed ${options.seed}, ${options.docs} documents; server pid ${server.proc.pid}, RSS before ${rssBefore.toFixed(1)} MiB`);

  const started = Date.now();
  let edits = 0;
  let bursts = 0;
  let nextProgress = 10_000;
  let resets = 0;
  let timedOut = false;
  let silent = 0;
  while (edits < options.edits) {
    if (Date.now() > deadline) { timedOut = true; break; }
    const d = r.pick(docs);
    const burst = Math.min(1 + r.int(8), options.edits - edits);
    const oneMessage = r.chance(0.5);
    const changes = [];
    for (let i = 0; i < burst; i++) {
      let change;
      if (d.sinceReset >= d.resetAt) {
        // back to the example (mostly) or a broken report, as one full-text change
        d.text = r.chance(0.7) ? example : r.pick(bases);
        d.sinceReset = 0;
        d.resetAt = 200 + r.int(1800);
        resets++;
        change = { text: d.text };
      } else {
        const e = nextEdit(d.text, r, example);
        const starts = lineStarts(d.text);
        change = { range: { start: positionAt(starts, e.start), end: positionAt(starts, e.end) }, text: e.text };
        d.text = applyEdit(d.text, e);
        d.sinceReset++;
      }
      d.version++;
      d.history.set(d.version, d.text);
      if (oneMessage) changes.push(change);
      else await send(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: d.uri, version: d.version }, contentChanges: [change] });
    }
    if (oneMessage) await send(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: d.uri, version: d.version }, contentChanges: changes });
    edits += burst;
    bursts++;

    const publication = await waitForPublication(d.uri, d.version);
    if (!publication) {
      if (server.exited) await restart(`exited after version ${d.version} of ${path.basename(d.uri)}`);
      else {
        note('hangs', `no publication for version ${d.version} of ${path.basename(d.uri)} within ${options.timeoutMs} ms`);
        // a server that stopped answering is as good as crashed: start a new one and go on counting
        if (++silent >= 3) { silent = 0; await restart('stopped answering'); counts.crashes--; }
      }
    } else {
      silent = 0;
      checkPublications();
      if (bursts % 50 === 0) compareWithCore(d, publication);
    }
    server.publications = [];
    for (const v of d.history.keys()) if (v < d.version) d.history.delete(v);
    if (bursts % 7 === 0 && !server.exited) await request(d);
    if (bursts % 997 === 0 && !server.exited) { // close and reopen: the server must forget the closed version
      await send(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri: d.uri } });
      d.version = 1;
      await open(d);
    }
    if (edits >= nextProgress) {
      const seconds = (Date.now() - started) / 1000;
      console.log(`  ${edits} edits, ${(edits / seconds).toFixed(0)} edits/s, RSS ${rssMib(server.proc.pid).toFixed(1)} MiB, resets ${resets}; crashes ${counts.crashes}, hangs ${counts.hangs}, out of range ${counts.outOfRange}, mismatches ${counts.mismatches}`);
      nextProgress += 10_000;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const rssAfter = rssMib(server.proc.pid);
  // idle: the server has nothing to do; its memory should settle back
  await new Promise((resolve) => setTimeout(resolve, options.idleMs));
  const rssIdle = rssMib(server.proc.pid);

  // hostile documents, one at a time: time to the first publication, to the publication after an
  // edit, to a completion answer; the server's memory with the document open
  const hostile = [];
  for (const [name, text] of hostileTexts(example)) {
    if (server.exited) await restart('exited before the hostile documents');
    const uri = `untitled:hostile-${hostile.length}`;
    const row = { name, mib: Buffer.byteLength(text) / 1048576 };
    let t0 = Date.now();
    await send(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'govreport', version: 1, text } });
    const first = await waitForPublication(uri, 1);
    row.openMs = Date.now() - t0;
    if (!first) { note(server.exited ? 'crashes' : 'hangs', `${name}: no diagnostics`); if (server.exited) await restart(name); hostile.push(row); continue; }
    row.diagnostics = first.diagnostics.length;
    row.first = first.diagnostics[0] ? String(first.diagnostics[0].message).slice(0, 48) : '';
    const bad = first.diagnostics.map((d) => badRange(d.range, lineLengths(text))).find(Boolean);
    if (bad) note('outOfRange', `${name}: ${bad}`);
    t0 = Date.now();
    await send(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }] });
    if (!(await waitForPublication(uri, 2))) note('hangs', `${name}: no diagnostics after an edit`);
    row.editMs = Date.now() - t0;
    t0 = Date.now();
    try {
      await withTimeout(server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } }), options.timeoutMs, 'completion');
    } catch (e) {
      note('hangs', `${name}: ${e.message}`);
    }
    row.completionMs = Date.now() - t0;
    row.rss = rssMib(server.proc.pid);
    await send(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    hostile.push(row);
  }
  server.publications = [];
  const rssHostile = rssMib(server.proc.pid);
  const alive = !server.exited;
  if (!alive) note('crashes', 'exited while idle');
  // a last request must still be answered, and the server must shut down cleanly
  if (alive) {
    try {
      await withTimeout(server.conn.sendRequest('textDocument/hover', { textDocument: { uri: docs[0].uri }, position: { line: 0, character: 0 } }), options.timeoutMs, 'final hover');
      await withTimeout(server.conn.sendRequest(rpc.ShutdownRequest.method), options.timeoutMs, 'shutdown');
      await server.conn.sendNotification(rpc.ExitNotification.type);
    } catch (e) {
      note('hangs', e.message);
    }
  }
  await new Promise((resolve) => { if (server.exited) resolve(); else { server.proc.once('exit', resolve); setTimeout(resolve, options.timeoutMs); } });
  if (!server.exited) server.proc.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });

  const growth = rssIdle - rssBefore;
  const leak = growth > options.maxGrowthMib;
  console.log('');
  console.log('soak summary');
  console.log(`  edits            ${edits} in ${bursts} bursts, ${resets} resets to a base report, ${seconds.toFixed(1)} s, ${(edits / seconds).toFixed(0)} edits/s${timedOut ? ` (stopped by --max-minutes ${options.maxMinutes})` : ''}`);
  console.log(`  crashes          ${counts.crashes}`);
  console.log(`  hangs            ${counts.hangs} (timeout ${options.timeoutMs} ms)`);
  console.log(`  out of range     ${counts.outOfRange}`);
  console.log(`  mismatches       ${counts.mismatches} (published vs analyze(), checked every 50th burst)`);
  console.log(`  server RSS       before ${rssBefore.toFixed(1)} MiB, after ${rssAfter.toFixed(1)} MiB, after ${(options.idleMs / 1000).toFixed(0)} s idle ${rssIdle.toFixed(1)} MiB (growth ${growth.toFixed(1)} MiB, limit ${options.maxGrowthMib})`);
  console.log(`  hostile documents (open → diagnostics, edit → diagnostics, completion; server RSS with it open; ${rssHostile.toFixed(0)} MiB after the last was closed):`);
  for (const h of hostile) {
    console.log(`    ${h.name.padEnd(34)} ${h.mib.toFixed(1).padStart(5)} MiB  open ${String(h.openMs).padStart(5)} ms, edit ${String(h.editMs ?? '-').padStart(5)} ms, completion ${String(h.completionMs ?? '-').padStart(4)} ms, RSS ${h.rss?.toFixed(0) ?? '-'} MiB, ${h.diagnostics ?? 0} diagnostic(s): ${h.first ?? ''}`);
  }
  for (const p of problems) console.log(`  ! ${p}`);
  const failed = counts.crashes + counts.hangs + counts.outOfRange + counts.mismatches > 0 || timedOut || leak || edits < options.edits;
  console.log(failed ? 'soak: FAILED' : 'soak: OK');
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`soak: ${e.stack ?? e}`);
    process.exitCode = 1;
  });
}
