// Files as offices and systems really have them, through the CLI (`node server/bin/govreport.js`):
//  - encodings: a GBK/GB18030 report is checked as Chinese text (not mojibake) and `--fix` writes
//    back only the fixed digits; UTF-16 LE/BE with BOM; lone-CR line endings; bytes valid in no
//    encoding are refused with the file and the offset;
//  - what is not a regular file is never read: a symlink to /dev/zero, a FIFO (no hang);
//  - writing: `-o` onto a device or a FIFO writes to it and leaves it what it is; `-o` the input file
//    is refused; `--fix` keeps mode (664, 666, whatever the umask) and owner, refuses read-only files
//    and files with other hard links; `render > /dev/full` and `check > /dev/full` exit 2.
// Tests that need root (a device node of their own, chown to another user) say so when not root:
// CI runs them as root. Every child is killed after RUN_TIMEOUT_MS, a guard against hangs only.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type StdioOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** out/test/cli -> repository root */
const ROOT = path.resolve(__dirname, '../../..');
const BIN_JS = path.join(ROOT, 'server', 'bin', 'govreport.js');
const EXAMPLE_TEXT = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml'), 'utf8');
/** The example as `iconv -f utf-8 -t gb18030` saves it. */
const GB_BYTES = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'encodings', 'taierzhuang-minzheng-2023.gb18030.govreport.yaml'));
const RUN_TIMEOUT_MS = 30_000;
const IS_ROOT = process.getuid?.() === 0;

const ZERO_ROW = 'received:      [0, 0, 0, 0, 0, 0, 0]';
const WRONG_ROW = 'received:      [1, 2, 0, 0, 0, 0, 0]';
/** The example with a wrong row total (fixable: the 总计 cell becomes 3). */
const WRONG_TOTAL = EXAMPLE_TEXT.replace(ZERO_ROW, WRONG_ROW);
/** The GB18030 bytes of WRONG_TOTAL: the fixture with the same ASCII bytes replaced. */
const GB_WRONG = (() => {
  const at = GB_BYTES.indexOf(ZERO_ROW);
  assert.ok(at > 0);
  return Buffer.concat([GB_BYTES.subarray(0, at), Buffer.from(WRONG_ROW), GB_BYTES.subarray(at + ZERO_ROW.length)]);
})();

const dirs: string[] = [];
after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-files-'));
  dirs.push(d);
  return d;
}

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs the CLI. `stdout`: a file descriptor for its standard output (default: a pipe). */
function run(args: readonly string[], options: { stdout?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe'];
    const child = spawn(process.execPath, [BIN_JS, ...args], { env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', LC_ALL: '' }, stdio });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, RUN_TIMEOUT_MS);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`govreport ${args.join(' ')} did not finish within ${RUN_TIMEOUT_MS} ms (hang); stderr: ${stderr.slice(-500)}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;

interface JsonResult { filePath: string; messages: { ruleId: string; message: string; line: number; column: number }[] }
const json = (r: Run) => JSON.parse(r.stdout) as JsonResult[];
const ruleIds = (r: Run) => json(r).flatMap((f) => f.messages.map((m) => m.ruleId));

/** Says why a test cannot run here (visible in the output), instead of passing in silence. */
function needsRoot(t: TestContext): boolean {
  if (IS_ROOT) return true;
  t.skip('needs root (CI runs the tests as root): mknod / chown to another user');
  return false;
}

// ----------------------------------------------------------------------------------------- encodings

describe('encodings offices use', () => {
  test('a GB18030/GBK report is checked as Chinese text: exit 0, only the `encoding` information', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gbk.govreport.yaml');
    fs.writeFileSync(file, GB_BYTES);
    const r = await run(['check', '--format', 'json', '--lang', 'en', file]);
    assert.equal(r.code, 0, show(r));
    const [result] = json(r);
    assert.deepEqual(result!.messages.map((m) => [m.ruleId, m.line, m.column]), [['encoding', 1, 1]]);
    assert.match(result!.messages[0]!.message, /read as GB18030; saving it as UTF-8/);
  });

  test('a GBK report with a wrong total: the arithmetic error, with the official label read from the Chinese', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gbk.govreport.yaml');
    fs.writeFileSync(file, GB_WRONG);
    const r = await run(['check', '--format', 'json', '--lang', 'en', file]);
    assert.equal(r.code, 1, show(r));
    assert.ok(ruleIds(r).includes('balance'), show(r));
    assert.match(r.stdout, /自然人: received 1/);
  });

  test('--fix on a GBK report changes only the bytes of the fixed cell; the file stays GB18030', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'gbk.govreport.yaml');
    fs.writeFileSync(file, GB_WRONG);
    const r = await run(['check', '--fix', '--format', 'json', file]);
    assert.equal(r.code, 1, show(r)); // the balance errors need a human
    const after = fs.readFileSync(file);
    assert.equal(after.length, GB_WRONG.length, 'same size (it grew from 10,307 to 19,933 bytes when every character became U+FFFD)');
    const changed = [...after.keys()].filter((i) => after[i] !== GB_WRONG[i]);
    assert.equal(changed.length, 1, `changed offsets: ${changed.join(', ')}`);
    assert.equal(String.fromCharCode(GB_WRONG[changed[0]!]!, after[changed[0]!]!), '03', 'the 总计 cell: 0 → 3');
    assert.equal(new TextDecoder('gb18030', { fatal: true }).decode(after), WRONG_TOTAL.replace(/(received: {6}\[1, 2, 0, 0, 0, 0, )0\]/, '$13]'));
  });

  for (const be of [false, true]) {
    test(`UTF-16 ${be ? 'BE' : 'LE'} with BOM: checked (not "nested more than 32 levels deep"); --fix keeps the encoding`, async () => {
      const dir = tempDir();
      const clean = path.join(dir, 'clean.govreport.yaml');
      const encode = (text: string) => { const b = Buffer.from(`\ufeff${text}`, 'utf16le'); return be ? b.swap16() : b; };
      fs.writeFileSync(clean, encode(EXAMPLE_TEXT));
      const r = await run(['check', '--format', 'json', '--lang', 'en', clean]);
      assert.equal(r.code, 0, show(r));
      assert.deepEqual(ruleIds(r), ['encoding']);
      assert.match(r.stdout, new RegExp(`read as UTF-16 ${be ? 'BE' : 'LE'}`));
      const wrong = path.join(dir, 'wrong.govreport.yaml');
      fs.writeFileSync(wrong, encode(WRONG_TOTAL));
      await run(['check', '--fix', wrong]);
      const fixed = fs.readFileSync(wrong);
      assert.deepEqual(fixed.subarray(0, 2), Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]));
      assert.equal(new TextDecoder(be ? 'utf-16be' : 'utf-16le').decode(fixed), WRONG_TOTAL.replace(/(received: {6}\[1, 2, 0, 0, 0, 0, )0\]/, '$13]'));
    });
  }

  test('lone-CR line endings: the report is checked line by line (not "(empty)"); --fix keeps the CRs', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cr.govreport.yaml');
    fs.writeFileSync(file, WRONG_TOTAL.replace(/\n/g, '\r'));
    const lf = path.join(dir, 'lf.govreport.yaml');
    fs.writeFileSync(lf, WRONG_TOTAL);
    const r = await run(['check', '--format', 'json', '--lang', 'en', file]);
    assert.equal(r.code, 1, show(r));
    assert.deepEqual([...new Set(ruleIds(r))].sort(), ['balance', 'row-total'], show(r));
    const expected = json(await run(['check', '--format', 'json', '--lang', 'en', lf]))[0]!.messages;
    assert.deepEqual(json(r)[0]!.messages, expected, 'the same messages at the same lines and columns as with LF');
    const line = WRONG_TOTAL.split('\n').findIndex((l) => l.includes(WRONG_ROW)) + 1;
    assert.ok(json(r)[0]!.messages.some((m) => m.ruleId === 'row-total' && m.line === line), show(r));
    await run(['check', '--fix', file]);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.ok(!fixed.includes('\n'));
    assert.equal(fixed, WRONG_TOTAL.replace(/(received: {6}\[1, 2, 0, 0, 0, 0, )0\]/, '$13]').replace(/\n/g, '\r'));
    const clean = path.join(dir, 'clean.govreport.yaml');
    fs.writeFileSync(clean, EXAMPLE_TEXT.replace(/\n/g, '\r'));
    const c = await run(['check', clean]);
    assert.equal(c.code, 0, show(c));
  });

  test('bytes valid in no encoding: exit 2, the file and the byte offset named, nothing checked or written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.govreport.yaml');
    const bytes = Buffer.concat([GB_WRONG.subarray(0, 700), Buffer.from([0xff]), GB_WRONG.subarray(700)]);
    fs.writeFileSync(file, bytes);
    const r = await run(['check', '--fix', '--lang', 'en', file]);
    assert.equal(r.code, 2, show(r));
    assert.ok(r.stderr.includes(file), show(r));
    assert.match(r.stderr, /offset 700/);
    assert.deepEqual(fs.readFileSync(file), bytes);
    const z = await run(['check', '--lang', 'zh', file]);
    assert.match(z.stderr, /偏移 700 处的字节 0xFF/);
  });
});

// ------------------------------------------------------------------------------- what is read at all

describe('only regular files are read', () => {
  test('a symlink to /dev/zero named *.govreport.yaml (in a folder, and named): refused at once, exit 2', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'z'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'z', 'x.govreport.yaml'));
    fs.writeFileSync(path.join(dir, 'z', 'ok.govreport.yaml'), EXAMPLE_TEXT);
    for (const target of [path.join(dir, 'z'), path.join(dir, 'z', 'x.govreport.yaml')]) {
      const r = await run(['check', '--lang', 'en', target]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /x\.govreport\.yaml: not a regular file but a character device/);
    }
    const rr = await run(['render', '--lang', 'en', path.join(dir, 'z', 'x.govreport.yaml')]);
    assert.equal(rr.code, 2, show(rr));
  });

  test('a FIFO named p.govreport.yaml: no hang, refused with a message (check and render)', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'p.govreport.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['check', fifo], ['check', dir], ['render', fifo]]) {
      const r = await run([...args, '--lang', 'en']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /p\.govreport\.yaml: not a regular file but a FIFO/);
    }
    assert.ok(fs.statSync(fifo).isFIFO());
  });

  test('a file over the 10 MiB limit is not read: exit 2, "too large"', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.govreport.yaml');
    fs.writeFileSync(file, EXAMPLE_TEXT);
    fs.truncateSync(file, 10 * 1024 * 1024 + 1); // sparse: costs no disk
    const r = await run(['check', '--lang', 'en', file]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /too large to check: 10\.0 MiB, the limit is 10\.0 MiB/);
  });
});

// ------------------------------------------------------------------------------------------ writing

describe('writing never replaces what it should not', () => {
  test('render -o onto a character device writes to it and leaves it a device', async (t) => {
    if (!needsRoot(t)) return;
    const dir = tempDir();
    const report = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(report, EXAMPLE_TEXT);
    // a null device of the test's own, like /dev/null (the machine's is never put at risk: a
    // regression would replace it with a regular file for every process)
    const dev = path.join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    const r = await run(['render', report, '-o', dev]);
    assert.equal(r.code, 0, show(r));
    const st = fs.lstatSync(dev);
    assert.ok(st.isCharacterDevice(), 'still a character device');
    assert.equal(st.rdev, fs.statSync('/dev/null').rdev);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.govreport.yaml', 'null'], 'no temporary file left');
  });

  test('render -o onto a FIFO: the reader gets the HTML, the FIFO stays a FIFO', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(report, EXAMPLE_TEXT);
    const fifo = path.join(dir, 'out.html');
    execFileSync('mkfifo', [fifo]);
    const cat = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const reader = new Promise<string>((resolve, reject) => {
      let got = '';
      cat.stdout.setEncoding('utf8').on('data', (s: string) => { got += s; });
      cat.on('error', reject);
      cat.on('close', () => resolve(got));
    });
    // the reader waits for a writer: if the FIFO was replaced instead, nobody ever writes to it
    const guard = setTimeout(() => cat.kill('SIGKILL'), RUN_TIMEOUT_MS);
    const r = await run(['render', report, '-o', fifo]);
    assert.equal(r.code, 0, show(r));
    if (!fs.lstatSync(fifo).isFIFO()) cat.kill('SIGKILL');
    const html = await reader;
    clearTimeout(guard);
    assert.match(html, /^<!DOCTYPE html>/i);
    assert.match(html, /<\/html>\s*$/);
    assert.ok(fs.lstatSync(fifo).isFIFO(), 'still a FIFO');
  });

  test('render -o the input file (or a link to it) is refused, exit 2, the report unchanged', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(report, EXAMPLE_TEXT);
    fs.symlinkSync(report, path.join(dir, 'link.html'));
    for (const out of [report, path.join(dir, '.', 'a.govreport.yaml'), path.join(dir, 'link.html')]) {
      const r = await run(['render', report, '-o', out, '--lang', 'en']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /it is the report being rendered/);
      assert.equal(fs.readFileSync(report, 'utf8'), EXAMPLE_TEXT);
    }
  });

  test('check -o one of the checked reports (or a link to it) is refused before anything is checked, exit 2, the report unchanged', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(report, EXAMPLE_TEXT);
    fs.writeFileSync(path.join(dir, 'b.govreport.yaml'), EXAMPLE_TEXT);
    fs.symlinkSync(report, path.join(dir, 'link.json'));
    for (const [format, out, input] of [['json', report, dir], ['sarif', path.join(dir, 'link.json'), report], ['html', report, report]]) {
      const r = await run(['check', '--format', format!, '-o', out!, input!, '--lang', 'en']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /it is one of the reports being checked/);
      assert.equal(fs.readFileSync(report, 'utf8'), EXAMPLE_TEXT);
    }
    // another file in the folder is fine
    const ok = await run(['check', '--format', 'json', '-o', path.join(dir, 'out.json'), report]);
    assert.equal(ok.code, 0, show(ok));
  });

  for (const mode of [0o664, 0o666, 0o600, 0o640]) {
    test(`--fix keeps mode ${mode.toString(8)} (umask 022)`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'a.govreport.yaml');
      fs.writeFileSync(file, WRONG_TOTAL);
      fs.chmodSync(file, mode);
      await run(['check', '--fix', file]);
      assert.notEqual(fs.readFileSync(file, 'utf8'), WRONG_TOTAL, 'fixed');
      assert.equal(fs.statSync(file).mode & 0o7777, mode);
    });
  }

  test('--fix as root keeps the owner and group of a file owned by another user', async (t) => {
    if (!needsRoot(t)) return;
    const dir = tempDir();
    const file = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(file, WRONG_TOTAL);
    fs.chownSync(file, 1234, 2345);
    await run(['check', '--fix', file]);
    assert.notEqual(fs.readFileSync(file, 'utf8'), WRONG_TOTAL, 'fixed');
    const st = fs.statSync(file);
    assert.deepEqual([st.uid, st.gid], [1234, 2345]);
  });

  test('--fix on a file with another hard link: refused with a message, both names unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(file, WRONG_TOTAL);
    fs.linkSync(file, path.join(dir, 'copy.yaml'));
    const r = await run(['check', '--fix', '--lang', 'en', file]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /has 2 hard links/);
    assert.equal(fs.readFileSync(file, 'utf8'), WRONG_TOTAL);
    assert.equal(fs.statSync(file).ino, fs.statSync(path.join(dir, 'copy.yaml')).ino, 'still one file');
  });

  test('--fix on a read-only file (0444): refused, exit 2, bytes and mode unchanged (even as root)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.govreport.yaml');
    fs.writeFileSync(file, WRONG_TOTAL);
    fs.chmodSync(file, 0o444);
    const r = await run(['check', '--fix', '--lang', 'en', file]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /read-only \(mode 0444\)/);
    assert.equal(fs.readFileSync(file, 'utf8'), WRONG_TOTAL);
    assert.equal(fs.statSync(file).mode & 0o7777, 0o444);
    // nothing to fix: nothing written, no refusal
    const clean = path.join(dir, 'clean.govreport.yaml');
    fs.writeFileSync(clean, EXAMPLE_TEXT);
    fs.chmodSync(clean, 0o444);
    assert.equal((await run(['check', '--fix', clean])).code, 0);
  });

  for (const args of [['render'], ['check']]) {
    test(`${args[0]} > /dev/full: exit 2 with a message`, async () => {
      const dir = tempDir();
      const report = path.join(dir, 'a.govreport.yaml');
      fs.writeFileSync(report, WRONG_TOTAL);
      const full = fs.openSync('/dev/full', 'w');
      try {
        const r = await run([...args, report, '--lang', 'en'], { stdout: full });
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /cannot write the output: ENOSPC/);
      } finally {
        fs.closeSync(full);
      }
    });
  }
});
