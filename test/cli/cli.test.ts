// Tests of the `govreport` command line: run as a child process (`node server/bin/govreport.js`,
// the bin of node_modules/.bin/govreport) on temporary folders, checking exit codes, stdout
// (stylish and ESLint-shaped JSON), stderr, and what --fix writes.
//
// Run: npm run build && node --test out/test/cli/
// Every test works in its own folder under os.tmpdir(), removed afterwards; every child process is
// killed if it outlives its timeout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN_JS, EXAMPLE_TEXT, ROOT, runCli, show, tempDir, WITH_WORKER, write, type RunResult } from './helpers';

const BIN_LINK = path.join(ROOT, 'node_modules', '.bin', 'govreport');
const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface JsonMessage { ruleId: string; severity: 1 | 2; message: string; line: number; column: number; endLine: number; endColumn: number }
interface JsonResult {
  filePath: string; messages: JsonMessage[]; errorCount: number; warningCount: number;
  fatalErrorCount: number; fixableErrorCount: number; fixableWarningCount: number; suppressedMessages: unknown[];
}
function parseJson(r: RunResult): JsonResult[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`stdout is not JSON (${(e as Error).message}):\n${show(r)}`);
  }
  assert.ok(Array.isArray(parsed), 'a JSON array');
  return parsed as JsonResult[];
}

/** Replaces the line that starts with `prefix` (exactly one such line) by `line`. */
function replaceLineStarting(text: string, prefix: string, line: string): string {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.startsWith(prefix) ? [i] : []));
  assert.equal(hits.length, 1, `one line starts with ${JSON.stringify(prefix)}`);
  lines[hits[0]!] = line;
  return lines.join('\n');
}

const COMMENT_RECEIVED = '# 一、本年新收政府信息公开申请数量';
/** received = [1, 0, …, 0]: row-total at 42:37 and balance (自然人) at 71:21. */
const BROKEN = replaceLineStarting(EXAMPLE_TEXT, '  received:', `  received:      [1, 0, 0, 0, 0, 0, 0]   ${COMMENT_RECEIVED}`);

/** A report with only a warning: an empty （四） topic. */
const WARNING_ONLY = (() => {
  const lines = EXAMPLE_TEXT.split('\n');
  const i = lines.findIndex((l) => l.startsWith('  platforms:'));
  lines.splice(i, 2, '  platforms: ""');
  return lines.join('\n');
})();

// wrong totals for --fix: row totals (wider and narrower numbers), （七）总计 and an appeals total
const FIX_INPUT = [
  ['  received:', `  received:      [7, 5, 0, 0, 0, 0, 3]   ${COMMENT_RECEIVED}`, `  received:      [7, 5, 0, 0, 0, 0, 12]  ${COMMENT_RECEIVED}`],
  ['    disclosed:', '    disclosed:            [7, 5, 0, 0, 0, 0, 12]  # （一）予以公开', '    disclosed:            [7, 5, 0, 0, 0, 0, 12]  # （一）予以公开'],
  ['      state_secret:', '      state_secret:         [0, 0, 0, 0, 0, 0, 5]', '      state_secret:         [0, 0, 0, 0, 0, 0, 0]'],
  ['    total:', '    total:                [0, 0, 0, 0, 0, 0, 0]   # （七）总计', '    total:                [7, 5, 0, 0, 0, 0, 12]  # （七）总计'],
  ['  review:', '  review:               [1, 0, 0, 0, 0]   # 行政复议', '  review:               [1, 0, 0, 0, 1]   # 行政复议'],
  ['  lawsuit_direct:', '  lawsuit_direct:       [0, 0, 0, 0, 10]  # 行政诉讼 · 未经复议直接起诉', '  lawsuit_direct:       [0, 0, 0, 0, 0]   # 行政诉讼 · 未经复议直接起诉'],
] as const;
const FIX_BROKEN = FIX_INPUT.reduce((text, [prefix, broken]) => replaceLineStarting(text, prefix, broken), EXAMPLE_TEXT);
const FIX_EXPECTED = FIX_INPUT.reduce((text, [prefix, , fixed]) => replaceLineStarting(text, prefix, fixed), EXAMPLE_TEXT);

// ------------------------------------------------------------------------------------------ tests

describe('govreport check', () => {
  test('the example: exit 0 and no output; --format json gives one clean result in ESLint\'s shape', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'example.govreport.yaml'), EXAMPLE_TEXT);
    const r = await runCli(['check', file]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, '', show(r));
    assert.equal(r.stderr, '', show(r));

    const j = await runCli(['check', '--format', 'json', file]);
    assert.equal(j.code, 0, show(j));
    assert.equal(j.stderr, '');
    const results = parseJson(j);
    assert.equal(results.length, 1);
    const { filePath, messages, errorCount, warningCount, fatalErrorCount, fixableErrorCount, fixableWarningCount } = results[0]!;
    assert.deepEqual({ filePath, messages, errorCount, warningCount, fatalErrorCount, fixableErrorCount, fixableWarningCount }, {
      filePath: file, messages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0,
    });
  });

  test('a broken copy: exit 1; JSON has 1-based positions of the exact cells', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'broken.govreport.yaml'), BROKEN);
    const j = await runCli(['check', '--format=json', '--lang', 'en', file]);
    assert.equal(j.code, 1, show(j));
    const [result] = parseJson(j);
    assert.equal(result!.filePath, file);
    const positions = result!.messages.map(({ ruleId, severity, line, column, endLine, endColumn }) =>
      ({ ruleId, severity, line, column, endLine, endColumn }));
    assert.deepEqual(positions, [
      { ruleId: 'row-total', severity: 2, line: 42, column: 37, endLine: 42, endColumn: 38 },
      { ruleId: 'balance', severity: 2, line: 71, column: 21, endLine: 71, endColumn: 22 },
    ]);
    assert.equal(result!.errorCount, 2);
    assert.equal(result!.warningCount, 0);
    assert.equal(result!.fatalErrorCount, 0);
    assert.equal(result!.fixableErrorCount, 1, 'the row total is fixable, the balance is not');
    const lines = BROKEN.split('\n');
    assert.equal(lines[41]!.slice(36, 37), '0', 'line 42 column 37 is the 总计 cell');
    assert.equal(lines[70]!.slice(20, 21), '0', 'line 71 column 21 is carried_forward·自然人');
  });

  test('stylish output: "line:column  error  message  rule-id" rows and the ✖ summary', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'broken.govreport.yaml'), BROKEN);
    const r = await runCli(['check', '--lang', 'en', file]);
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'NO_COLOR: no escape sequences');
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes(file), `the file path on its own line:\n${r.stdout}`);
    const rows = lines.filter((l) => /^ {2}\d+:\d+ /.test(l));
    assert.equal(rows.length, 2, r.stdout);
    assert.match(rows[0]!, /^ {2}42:37 {2}error {2}.*总计 is 0, but the sum of its six columns is 1 \(1\+0\+0\+0\+0\+0\) {2}row-total$/);
    assert.match(rows[1]!, /^ {2}71:21 {2}error {2}自然人: received 1 \+ carried over 0 = 1, but results total 0 \+ carried forward 0 = 0 {2}balance$/);
    assert.ok(lines.includes('✖ 2 problems (2 errors, 0 warnings)'), r.stdout);
  });

  test('--lang zh and --lang en; without --lang the language follows LC_ALL/LANG, else zh', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'broken.govreport.yaml'), BROKEN);
    const messages = async (args: string[], env?: Record<string, string>) => {
      const r = await runCli(['check', '--format', 'json', ...args, file], { env });
      assert.equal(r.code, 1, show(r));
      return parseJson(r)[0]!.messages.map((m) => m.message);
    };
    const zh = await messages(['--lang', 'zh']);
    assert.ok(zh[0]!.includes('为 0，但前六列之和为 1'), zh[0]);
    assert.ok(zh[1]!.includes('第一项（本年新收）1'), zh[1]);
    const en = await messages(['--lang', 'en']);
    assert.ok(en[0]!.includes('is 0, but the sum of its six columns is 1'), en[0]);
    assert.ok(en[1]!.includes('received 1 + carried over 0 = 1'), en[1]);
    assert.deepEqual(await messages([], { LANG: 'zh_CN.UTF-8' }), zh);
    assert.deepEqual(await messages([], { LANG: 'C.UTF-8' }), en);
    assert.deepEqual(await messages([], { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }), en, 'LC_ALL wins over LANG');
    assert.deepEqual(await messages([], { LANG: '' }), zh, 'no locale: Chinese');
  });

  test('folders: recursive discovery of *.govreport.yaml/.yml; other files, node_modules and dot-folders skipped; named files always checked', async () => {
    const dir = tempDir();
    const expectFound = [
      write(path.join(dir, 'top.govreport.yaml'), EXAMPLE_TEXT),
      write(path.join(dir, 'a', 'b', 'c', 'deep.govreport.yml'), BROKEN),
      write(path.join(dir, 'a', 'mid.govreport.yaml'), EXAMPLE_TEXT),
    ];
    write(path.join(dir, 'a', 'plain.yaml'), BROKEN);
    write(path.join(dir, 'a', 'report.govreport.yaml.bak'), BROKEN);
    write(path.join(dir, 'a', 'notes.txt'), 'hello');
    write(path.join(dir, 'node_modules', 'pkg', 'x.govreport.yaml'), BROKEN);
    write(path.join(dir, 'a', 'node_modules', 'y.govreport.yaml'), BROKEN);
    write(path.join(dir, '.hidden', 'z.govreport.yaml'), BROKEN);
    write(path.join(dir, 'a', '.git', 'w.govreport.yaml'), BROKEN);
    const named = write(path.join(dir, 'a', 'named-explicitly.txt'), BROKEN);
    const hiddenNamed = path.join(dir, '.hidden', 'z.govreport.yaml');

    const r = await runCli(['check', '--format', 'json', dir]);
    assert.equal(r.code, 1, show(r));
    const results = parseJson(r);
    assert.deepEqual(results.map((x) => x.filePath), [...expectFound].sort());
    assert.deepEqual(results.map((x) => x.errorCount), [...expectFound].sort().map((f) => (f.endsWith('deep.govreport.yml') ? 2 : 0)));

    // a file named on the command line is checked whatever its name or folder; a file named twice is checked once
    const r2 = await runCli(['check', '--format', 'json', named, hiddenNamed, dir, expectFound[0]!]);
    assert.equal(r2.code, 1, show(r2));
    assert.deepEqual(parseJson(r2).map((x) => x.filePath), [...expectFound, named, hiddenNamed].sort());

    // relative paths are reported as absolute paths
    const r3 = await runCli(['check', '--format', 'json', 'a'], { cwd: dir });
    assert.deepEqual(parseJson(r3).map((x) => x.filePath), [expectFound[1]!, expectFound[2]!].sort());

    // a folder without reports: said so on stderr, exit 2 (as ESLint does for a pattern matching no
    // file: a mistyped folder must not pass as "no problems"); the other paths are still checked
    const empty = tempDir();
    write(path.join(empty, 'x.yaml'), 'a: 1\n');
    const r4 = await runCli(['check', '--lang', 'en', empty]);
    assert.equal(r4.code, 2, show(r4));
    assert.equal(r4.stderr, `govreport: no *.govreport.yaml or *.govreport.yml file in ${empty}\n`);
    assert.equal(r4.stdout, '');
    const r5 = await runCli(['check', '--format', 'json', '--lang', 'zh', empty, named]);
    assert.equal(r5.code, 2, show(r5));
    assert.equal(r5.stderr, `govreport: ${empty} 中没有 *.govreport.yaml 或 *.govreport.yml 文件\n`);
    assert.deepEqual(parseJson(r5).map((x) => x.filePath), [named]);
  });

  test('terminal safety: control characters of the report and of file names are printed escaped', async () => {
    const dir = tempDir();
    // OSC 52 writes the clipboard, CSI 2 J clears the screen; C1 CSI (U+009B) and DEL likewise
    const hostileKey = '\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J\u009b31m\u007f';
    const yamlKey = '"\\e]52;c;ZWNobyBwd25lZA==\\a\\e[2J\\u009b31m\\x7f"';
    const file = write(path.join(dir, 'evil\u001b[2J\u009b.govreport.yaml'), `${EXAMPLE_TEXT}${yamlKey}: 1\n`);
    const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
    const r = await runCli(['check', '--lang', 'en', dir]);
    assert.equal(r.code, 1, show(r));
    assert.doesNotMatch(r.stdout, controls, JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes('Unknown key \\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b[2J\\x9b31m\\x7f in the report'), r.stdout);
    assert.ok(r.stdout.includes(`${dir}/evil\\x1b[2J\\x9b.govreport.yaml\n`), r.stdout);
    // JSON: the same strings, with every control written as a \u escape
    const j = await runCli(['check', '--format', 'json', '--lang', 'en', dir]);
    assert.doesNotMatch(j.stdout, controls);
    const [result] = parseJson(j);
    assert.equal(result!.filePath, file);
    assert.ok(result!.messages.some((m) => m.message.includes(`Unknown key ${hostileKey} in the report`)), JSON.stringify(result!.messages));
    // stderr: a path that cannot be read is named escaped too
    const missing = path.join(dir, 'gone\u001b]0;pwned\u0007.govreport.yaml');
    const e = await runCli(['check', '--lang', 'en', missing]);
    assert.equal(e.code, 2, show(e));
    assert.doesNotMatch(e.stderr, controls);
    assert.ok(e.stderr.includes('gone\\x1b]0;pwned\\x07.govreport.yaml: ENOENT'), e.stderr);
    // and an argument quoted in a usage error
    const u = await runCli(['check', '--format', 'x\u001b[2J', file]);
    assert.equal(u.code, 2);
    assert.doesNotMatch(u.stderr, controls);
    // render: the HTML (stdout, to a terminal or not) carries no control of the report either
    const report = write(path.join(dir, 'text.govreport.yaml'), EXAMPLE_TEXT.replace('other: 无。', 'other: "无\\e]52;c;eA==\\a。"'));
    const html = await runCli(['render', '--lang', 'en', report]);
    assert.equal(html.code, 0, show(html));
    assert.doesNotMatch(html.stdout, controls);
    assert.ok(html.stdout.includes('无\ufffd]52;c;eA==\ufffd。'), 'each control replaced by U+FFFD');
  });

  test('--max-warnings: only warnings exit 0, over the limit exit 1', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'warn.govreport.yaml'), WARNING_ONLY);
    const plain = await runCli(['check', '--lang', 'en', file]);
    assert.equal(plain.code, 0, show(plain));
    assert.match(plain.stdout, /^ {2}25:3 {2}warning {2}.*is empty {2}missing-topic$/m, show(plain));
    assert.ok(plain.stdout.includes('✖ 1 problem (0 errors, 1 warning)'), show(plain));

    const zero = await runCli(['check', '--max-warnings', '0', file]);
    assert.equal(zero.code, 1, show(zero));
    assert.match(zero.stdout, /too many warnings \(maximum: 0\)/);
    const json = await runCli(['check', '--max-warnings', '0', '--format', 'json', file]);
    assert.equal(json.code, 1, show(json));
    assert.equal(parseJson(json)[0]!.warningCount, 1, 'JSON output stays pure JSON');
    for (const n of ['1', '7']) {
      const ok = await runCli(['check', '--max-warnings', n, file]);
      assert.equal(ok.code, 0, `--max-warnings ${n}: ${show(ok)}`);
    }
  });

  test('usage and I/O errors exit 2 with a clear message on stderr', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'ok.govreport.yaml'), EXAMPLE_TEXT);
    const cases: [string, string[], RegExp][] = [
      ['unknown option', ['check', '--bogus', file], /--bogus/],
      ['unknown short option', ['check', '-x', file], /-x/],
      ['unknown command', ['lint', file], /unknown command "lint"/],
      ['no command', [], /missing command/],
      ['no path', ['check'], /no PATH/],
      ['bad --format', ['check', '--format', 'xml', file], /--format must be stylish, json, sarif or html, not "xml"/],
      ['bad --lang', ['check', '--lang', 'fr', file], /--lang must be zh or en, not "fr"/],
      ['--max-warnings not a number', ['check', '--max-warnings', 'many', file], /--max-warnings .*"many"/],
      ['--max-warnings fraction', ['check', '--max-warnings', '1.5', file], /--max-warnings .*"1\.5"/],
      ['--max-warnings negative', ['check', '--max-warnings=-1', file], /--max-warnings .*"-1"/],
      ['--max-warnings empty', ['check', '--max-warnings=', file], /--max-warnings/],
      ['--format without value', ['check', file, '--format'], /--format/],
      ['--rule unknown code', ['check', '--rule', 'no-such-rule=off', file], /--rule .*no-such-rule=off/],
      ['--rule bad severity', ['check', '--rule', 'balance=loud', file], /--rule .*balance=loud/],
      ['--rule without =', ['check', '--rule', 'balance', file], /--rule .*"balance"/],
      ['nonexistent path', ['check', path.join(dir, 'missing.govreport.yaml')], /cannot read .*missing\.govreport\.yaml: ENOENT/],
      ['path through a file', ['check', path.join(file, 'x')], /cannot read .*ok\.govreport\.yaml\/x: ENOTDIR/],
    ];
    for (const [name, args, pattern] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${name}: ${show(r)}`);
      assert.match(r.stderr, /^govreport: /, `${name}: stderr starts with "govreport: "`);
      assert.match(r.stderr, pattern, `${name}: ${show(r)}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
    }
  });

  test('unreadable files inside a folder: exit 2, the readable ones are still checked', async () => {
    const dir = tempDir();
    const good = write(path.join(dir, 'good.govreport.yaml'), BROKEN);
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.govreport.yaml'));
    fs.mkdirSync(path.join(dir, 'target-dir'));
    fs.symlinkSync(path.join(dir, 'target-dir'), path.join(dir, 'dirlink.govreport.yaml'));
    const r = await runCli(['check', '--format', 'json', dir]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /cannot read .*dangling\.govreport\.yaml: ENOENT/, show(r));
    assert.match(r.stderr, /cannot read .*dirlink\.govreport\.yaml: not a regular file but a folder/, show(r));
    assert.deepEqual(parseJson(r).map((x) => [x.filePath, x.errorCount]), [[good, 2]]);
  });

  // chmod 000 stops every user but root: as root (CI runs as root) the CLI runs as nobody (uid 65534)
  // through setpriv (util-linux), so the test reads the same refusal everywhere and never skips
  test('an unreadable file (chmod 000)', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'locked.govreport.yaml'), EXAMPLE_TEXT);
    const readable = write(path.join(dir, 'open.govreport.yaml'), EXAMPLE_TEXT);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chmodSync(dir, 0o755); // mkdtemp's 0700 would keep nobody out of the folder itself
    fs.chmodSync(file, 0o000);
    const bin = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN_JS] : undefined;
    try {
      const r = await runCli(['check', file], { bin });
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /cannot read .*locked\.govreport\.yaml: EACCES/, show(r));
      // the same runner reads a readable file: the refusal is the mode's, not the runner's
      const ok = await runCli(['check', readable], { bin });
      assert.equal(ok.code, 0, show(ok));
    } finally {
      fs.chmodSync(file, 0o644);
    }
  });

  test('--fix rewrites wrong totals, keeps comments and alignment; exit 0 when only warnings remain; no temporary files', async () => {
    assert.notEqual(FIX_BROKEN, FIX_EXPECTED);
    const dir = tempDir();
    const file = write(path.join(dir, 'fix.govreport.yaml'), FIX_BROKEN);
    fs.chmodSync(file, 0o640);
    const before = await runCli(['check', '--format', 'json', file]);
    const codes = new Set(parseJson(before)[0]!.messages.map((m) => m.ruleId));
    for (const c of ['row-total', 'results-total', 'balance', 'appeals-total']) assert.ok(codes.has(c), `${c} before the fix: ${show(before)}`);

    const r = await runCli(['check', '--fix', '--format', 'json', '--lang', 'en', file]);
    assert.equal(fs.readFileSync(file, 'utf8'), FIX_EXPECTED);
    assert.equal(r.code, 0, show(r));
    const [result] = parseJson(r);
    assert.equal(result!.errorCount, 0, show(r));
    // the text "未收到政府信息公开申请" now contradicts the fixed table: a warning, reported after the fix
    assert.deepEqual(result!.messages.map((m) => m.ruleId), ['text-table-mismatch'], show(r));
    assert.deepEqual(fs.readdirSync(dir), ['fix.govreport.yaml'], 'no temporary file left');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640, 'the file mode is kept');

    // a second run has nothing to fix and leaves the file alone
    const again = await runCli(['check', '--fix', file]);
    assert.equal(again.code, 0, show(again));
    assert.equal(fs.readFileSync(file, 'utf8'), FIX_EXPECTED);
  });

  test('--fix: exit 1 when problems remain that it cannot fix (the balance); the totals are still fixed', async () => {
    const dir = tempDir();
    const cf = (row: string) => `  carried_forward: ${row}   # 四、结转下年度继续办理`;
    const input = replaceLineStarting(FIX_BROKEN, '  carried_forward:', cf('[1, 0, 0, 0, 0, 0, 1]'));
    const expected = replaceLineStarting(FIX_EXPECTED, '  carried_forward:', cf('[1, 0, 0, 0, 0, 0, 1]'));
    const file = write(path.join(dir, 'fix.govreport.yaml'), input);
    const r = await runCli(['check', '--fix', '--lang', 'en', file]);
    assert.equal(r.code, 1, show(r));
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
    const rows = r.stdout.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l));
    assert.deepEqual(rows.map((l) => l.trim().split(/\s+/).at(-1)), ['text-table-mismatch', 'balance', 'balance'], show(r));
    assert.ok(rows.every((l) => !/row-total|results-total|appeals-total/.test(l)));
    assert.deepEqual(fs.readdirSync(dir), ['fix.govreport.yaml']);
  });

  test('--fix leaves a clean file untouched (same mtime, same inode)', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'clean.govreport.yaml'), EXAMPLE_TEXT);
    const past = new Date('2001-02-03T04:05:06Z');
    fs.utimesSync(file, past, past);
    const before = fs.statSync(file);
    const r = await runCli(['check', '--fix', file]);
    assert.equal(r.code, 0, show(r));
    const afterStat = fs.statSync(file);
    assert.equal(afterStat.mtimeMs, before.mtimeMs, 'not rewritten');
    assert.equal(afterStat.ino, before.ino);
    assert.equal(fs.readFileSync(file, 'utf8'), EXAMPLE_TEXT);
    assert.deepEqual(fs.readdirSync(dir), ['clean.govreport.yaml']);
  });

  test('--fix keeps a BOM and CRLF line endings', async () => {
    const dir = tempDir();
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const file = write(path.join(dir, 'bom-crlf.govreport.yaml'), `\ufeff${crlf(FIX_BROKEN)}`);
    const r = await runCli(['check', '--fix', '--format', 'json', file]);
    assert.equal(r.code, 0, show(r));
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
    assert.equal(bytes.toString('utf8'), `\ufeff${crlf(FIX_EXPECTED)}`);
    // positions in a BOM + CRLF file are those of the text (the BOM is not a column)
    const broken = write(path.join(dir, 'broken.govreport.yaml'), `\ufeff${crlf(BROKEN)}`);
    const j = await runCli(['check', '--format', 'json', broken]);
    assert.deepEqual(parseJson(j)[0]!.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn]), [
      ['row-total', 42, 37, 42, 38], ['balance', 71, 21, 71, 22],
    ], show(j));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['bom-crlf.govreport.yaml', 'broken.govreport.yaml']);
  });

  test('--fix on a symlinked report fixes the report it points to and keeps the link', async () => {
    const dir = tempDir();
    const real = write(path.join(dir, 'real', 'report.govreport.yaml'), FIX_BROKEN);
    const link = path.join(dir, 'links', 'link.govreport.yaml');
    fs.mkdirSync(path.dirname(link));
    fs.symlinkSync(path.join('..', 'real', 'report.govreport.yaml'), link);
    const r = await runCli(['check', '--fix', link]);
    assert.equal(r.code, 0, show(r));
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a symbolic link');
    assert.equal(fs.readFileSync(real, 'utf8'), FIX_EXPECTED, 'the report the link points to is fixed');
  });

  test('--rule changes severities: balance=off drops it, row-total=warning demotes it', async () => {
    const dir = tempDir();
    const file = write(path.join(dir, 'broken.govreport.yaml'), BROKEN);
    const off = await runCli(['check', '--format', 'json', '--rule', 'balance=off', file]);
    assert.equal(off.code, 1, show(off));
    assert.deepEqual(parseJson(off)[0]!.messages.map((m) => m.ruleId), ['row-total']);
    const both = await runCli(['check', '--format', 'json', '--rule', 'balance=off', '--rule', 'row-total=warning', file]);
    assert.equal(both.code, 0, show(both));
    const [res] = parseJson(both);
    assert.deepEqual(res!.messages.map((m) => [m.ruleId, m.severity]), [['row-total', 1]]);
    assert.equal(res!.warningCount, 1);
    assert.equal(res!.errorCount, 0);
  });

  test('--help exits 0 with the usage; --version prints the version', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /Usage: govreport check/);
      assert.equal(r.stderr, '');
    }
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout.trim(), PACKAGE_VERSION);
    }
    // the installed bin works the same way
    const viaBin = await runCli(['--version'], { bin: [BIN_LINK] });
    assert.equal(viaBin.code, 0, show(viaBin));
    assert.equal(viaBin.stdout.trim(), PACKAGE_VERSION);
  });

  test('150 files (worker threads): every result, sorted, with the right counts; --fix through the workers', async () => {
    const dir = tempDir();
    const files: string[] = [];
    const broken = new Set<string>();
    for (let i = 0; i < 150; i++) {
      // two folders, names that sort differently as strings than as numbers
      const file = path.join(dir, i % 2 ? 'odd' : 'even', `r${i}.govreport.yaml`);
      const isBroken = i % 10 === 3;
      write(file, isBroken ? BROKEN : EXAMPLE_TEXT);
      files.push(file);
      if (isBroken) broken.add(file);
    }
    const sorted = [...files].sort();
    // 150 copies of one report are duplicates of each other: the across-years rules are tested in cross-year.test.ts
    const j = await runCli(['check', '--format', 'json', '--no-cross-year', dir], { env: WITH_WORKER });
    assert.equal(j.code, 1, show(j));
    const results = parseJson(j);
    assert.deepEqual(results.map((x) => x.filePath), sorted);
    for (const x of results) {
      assert.equal(x.errorCount, broken.has(x.filePath) ? 2 : 0, x.filePath);
      if (broken.has(x.filePath)) assert.deepEqual(x.messages.map((m) => [m.ruleId, m.line, m.column]), [['row-total', 42, 37], ['balance', 71, 21]]);
    }

    const s = await runCli(['check', '--no-cross-year', dir], { env: WITH_WORKER });
    assert.equal(s.code, 1);
    const listed = s.stdout.split('\n').filter((l) => l.startsWith(dir));
    assert.deepEqual(listed, sorted.filter((f) => broken.has(f)), 'stylish lists the files with problems, sorted');
    assert.ok(s.stdout.includes(`✖ ${2 * broken.size} problems (${2 * broken.size} errors, 0 warnings)`), s.stdout.slice(-300));

    const fix = await runCli(['check', '--fix', '--format', 'json', '--no-cross-year', dir], { env: WITH_WORKER });
    assert.equal(fix.code, 1, show(fix));
    const fixedBroken = replaceLineStarting(BROKEN, '  received:', `  received:      [1, 0, 0, 0, 0, 0, 1]   ${COMMENT_RECEIVED}`);
    for (const f of files) assert.equal(fs.readFileSync(f, 'utf8'), broken.has(f) ? fixedBroken : EXAMPLE_TEXT, f);
    const afterFix = parseJson(fix);
    assert.equal(afterFix.length, 150);
    assert.deepEqual(afterFix.filter((x) => x.messages.some((m) => m.ruleId === 'row-total')), [], 'no row-total left after --fix');
    for (const sub of ['odd', 'even']) assert.ok(fs.readdirSync(path.join(dir, sub)).every((n) => n.endsWith('.govreport.yaml')), 'no temporary files');
  });

  test('deeply nested YAML does not crash the checker (two 1000-deep files)', async () => {
    const dir = tempDir();
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}\n`;
    write(path.join(dir, 'a.govreport.yaml'), deep);
    write(path.join(dir, 'b.govreport.yaml'), deep);
    const r = await runCli(['check', '--format', 'json', dir]);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr.slice(0, 300)}`);
    assert.equal(r.code, 1, show(r));
    const results = parseJson(r);
    assert.equal(results.length, 2);
    for (const x of results) assert.ok(x.messages.length > 0 && x.messages.every((m) => m.ruleId === 'yaml-syntax'), JSON.stringify(x));
  });
});
