// Review at scale: `govreport check --format html` (the review page), `--format sarif` (validated against
// the SARIF 2.1.0 schema, test/fixtures/sarif/), the progress line (only on a terminal: a real pseudo-
// terminal through util-linux `script`), and the worker pool's fingerprint plan (copied-text still found
// when the quick identity guess misses). The page in a real browser: test/browser/review.test.mjs.
//
// Run: npm run build && node --test out/test/cli/review.test.js
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { WITH_WORKER } from './helpers';

/** out/test/cli -> repository root */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml'), 'utf8');
const HOSTILE = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'xss', 'hostile.govreport.yaml'), 'utf8');
const PAYLOADS = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'xss', 'payloads.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const SARIF_SCHEMA = path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');
const RUN_TIMEOUT_MS = 60_000;

interface RunResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', ...extra };
  delete e.LC_ALL;
  delete e.LC_MESSAGES;
  return e;
}

function run(args: readonly string[], extra: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: os.tmpdir(), env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, RUN_TIMEOUT_MS);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`govreport ${args.join(' ')} did not finish within ${RUN_TIMEOUT_MS} ms`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}
const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-review-'));
  tempDirs.push(dir);
  return dir;
}
after(() => { for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true }); });

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The example as another year of the same agency (dated in time for that year). */
function asYear(year: number, text = EXAMPLE): string {
  return text.replace(/^year: 2023$/m, `year: ${year}`).replace(/^published: 2024-01-16$/m, `published: ${year + 1}-01-16`);
}

/**
 * A folder: one agency in 2022 and 2023 (2022 carries 1 application forward, 2023 carried over none:
 * carry-over-mismatch, copied texts), another agency with a wrong row total, the hostile report.
 */
function reviewFolder(): { dir: string; y2022: string; y2023: string; wrong: string; hostile: string } {
  const dir = tempDir();
  const y2022 = write(path.join(dir, 'a', 'minzheng-2022.govreport.yaml'), asYear(2022).replace(
    'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]'));
  const y2023 = write(path.join(dir, 'a', 'minzheng-2023.govreport.yaml'), EXAMPLE);
  const wrong = write(path.join(dir, 'b', 'other.govreport.yaml'), EXAMPLE.replace(/台儿庄区民政局/g, '某县财政局')
    .replace('received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]')
    .replace(/^published: 2024-01-16$/m, 'published: 2024-02-10'));
  const hostile = write(path.join(dir, 'c', 'hostile.govreport.yaml'), HOSTILE);
  return { dir, y2022, y2023, wrong, hostile };
}

/** The SARIF 2.1.0 schema (draft-04) in ajv (draft-07): its `id` read as `$id` (see test/fixtures/sarif/NOTICE.md). */
function sarifValidator(): ((data: unknown) => boolean) & { errors?: unknown } {
  const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as Record<string, unknown>;
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // the schema's `language` pattern is not valid with the u flag (a stray `]`): read it as JSON Schema's ECMA 262 without u
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The page's vocabulary: its own elements and the renderer's (test/browser/lib.mjs lists the renderer's). */
const PAGE_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'script', 'body', 'main', 'h1', 'h2', 'h3', 'p', 'ul', 'ol', 'li', 'div', 'label',
  'input', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'button', 'a', 'code', 'svg', 'rect', 'section', 'details', 'summary', 'article', 'bdi', 'br']);
const PAGE_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'nonce', 'class', 'id', 'type', 'autocomplete', 'role', 'scope',
  'aria-sort', 'aria-label', 'data-column', 'data-type', 'data-report', 'data-errors', 'data-sort', 'data-rule', 'data-line', 'title', 'href', 'rel',
  'colspan', 'rowspan', 'width', 'height', 'viewbox', 'x', 'y', 'open']);

/**
 * Every tag of the page is the page's own: escaped report text holds no `<`, and the inline CSS and script
 * hold none either, so each `<` opens real markup. No foreign element or attribute, no event handler, no
 * src, and a link goes to an anchor of the page or to a report's http(s)/mailto address.
 */
function assertOwnMarkup(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    assert.ok(PAGE_TAGS.has(tag), `foreign element <${tag}>: ${m[0].slice(0, 120)}`);
    for (const a of m[2]!.matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)) {
      const name = a[1]!.toLowerCase();
      assert.ok(PAGE_ATTRIBUTES.has(name), `foreign attribute ${name} on <${tag}>: ${m[0].slice(0, 160)}`);
      if (name === 'href') assert.match(a[2] ?? '', /^(#report-\d+|https?:\/\/|mailto:)/i, m[0]);
    }
  }
}

// ------------------------------------------------------------------------------------------------ review page
describe('the review page (--format html)', () => {
  test('one self-contained page: CSP with a nonce, one script and one style, no remote resource, every report, grouped by agency', async () => {
    const f = reviewFolder();
    const out = path.join(f.dir, 'review.html');
    const r = await run(['check', '--format', 'html', '-o', out, '--lang', 'zh', f.dir]);
    assert.equal(r.code, 1, show(r)); // errors found
    assert.equal(r.stdout, '', 'the page goes to -o, nothing to stdout');
    const html = fs.readFileSync(out, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">'), html.slice(0, 80));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta');
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, csp);
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`style-src 'nonce-${nonce}'`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.deepEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="${nonce}">`]);
    assert.deepEqual(html.match(/<style\b[^>]*>/g), [`<style nonce="${nonce}">`]);
    assertOwnMarkup(html);

    // the summary: one row per report, the agency grouped by year
    const rows = html.match(/<tr data-report="report-\d+"/g) ?? [];
    assert.equal(rows.length, 4);
    // paths under the working folder (os.tmpdir() here) are shown relative to it
    const order = [...html.matchAll(/<p class="rv-file">([^<]+)<\/p>/g)].map((m) => path.join(os.tmpdir(), m[1]!));
    assert.deepEqual(order, [f.y2022, f.y2023, f.wrong, f.hostile].sort((a, b) => {
      // agencies in pinyin order (某 mǒu before 台 tái), the hostile one (agency `<script>…`, not Han) first
      const rank = (p: string) => (p === f.hostile ? 0 : p === f.wrong ? 1 : 2);
      return rank(a) - rank(b);
    }), 'sections: agencies in order, one agency’s years together, 2022 before 2023');
    // one agency section (it ends where its last report's section ends) holds both years, 2022 first
    const start = html.indexOf('<h2 class="rv-agency-name">台儿庄区民政局</h2>');
    const group = html.slice(start, html.indexOf('</section>\n</section>\n', start));
    const shown = (p: string) => path.relative(os.tmpdir(), p);
    assert.ok(start > 0 && group.includes(shown(f.y2022)) && group.indexOf(shown(f.y2022)) < group.indexOf(shown(f.y2023)), 'the agency’s years together');
    assert.ok(!group.includes(`<p class="rv-file">${shown(f.wrong)}</p>`), 'another agency’s report is not in the group');
    // deadline: 2024-02-10 for a department is 10 days after 31 January
    assert.match(html, /<td data-sort="10" class="rv-late"[^>]*>逾期 10 天<\/td>/);
    assert.match(html, /<td data-sort="-15" class=""[^>]*>按期<\/td>/);
    // the chart: a bar per rule that fired, with its findings and reports
    assert.match(html, /<tr data-rule="row-total">.*<rect class="rv-bar-error"[^>]*>.*1 处，涉及 1 份报告/);
    assert.match(html, /<tr data-rule="copied-text">/);
    // findings with official labels and both figures, and the rendered report with the failing cells marked
    assert.match(html, /<span class="rv-msg">[^<]*一、本年新收政府信息公开申请数量[^<]*<\/span>/);
    assert.match(html, /<td class="gr-num gr-problem gr-error" data-line="\d+" title="[^"]*一、本年新收政府信息公开申请数量/);
    // the across-years finding marks its cell too, and names last year's file
    assert.match(html, /class="[^"]*gr-problem[^"]*" data-line="42" title="[^"]*上年/);
    assert.ok(html.includes(`<ul class="rv-related"><li>${shown(f.y2022)}:71:`), 'related location in last year’s file');
  });

  test('every string of a report is escaped: the XSS corpus as agency, kind and file name, and the hostile report', async () => {
    const dir = tempDir();
    write(path.join(dir, 'hostile.govreport.yaml'), HOSTILE);
    PAYLOADS.forEach((p, i) => {
      const yaml = EXAMPLE.replace(/^agency: .*$/m, `agency: ${JSON.stringify(p)}`).replace(/^year: 2023$/m, `year: 2023\nagency_kind: ${JSON.stringify(p)}`);
      // the payload in the file name too, as far as a file name can hold it
      const name = `${i}-${p.replace(/[/\0]/g, '_')}`.slice(0, 120);
      write(path.join(dir, `${Buffer.from(name).subarray(0, 180).toString('utf8').replace(/\uFFFD$/, '')}.govreport.yaml`), yaml);
    });
    const out = path.join(dir, 'review.html');
    const r = await run(['check', '--format', 'html', '-o', out, dir]);
    assert.equal(r.code, 1, show(r));
    const html = fs.readFileSync(out, 'utf8');
    assert.equal((html.match(/<script\b/gi) ?? []).length, 1, 'only the page’s own script');
    assertOwnMarkup(html);
    // a payload with markup never reaches the page as written (its `<` is always escaped)
    for (const p of PAYLOADS) if (p.includes('<')) assert.ok(!html.includes(p), `payload as raw markup: ${p}`);
    // and it is there as text: the agency cells of the summary hold every payload, escaped
    const escaped = (p: string) => p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/`/g, '&#96;');
    for (const p of PAYLOADS) assert.ok(html.includes(`<td data-sort="${escaped(p.trim())}" title="`), `agency cell of ${p}`);
  });

  test('to stdout without -o; --lang en', async () => {
    const f = reviewFolder();
    const r = await run(['check', '--format', 'html', '--lang', 'en', f.y2023]);
    assert.equal(r.code, 0, show(r));
    assert.ok(r.stdout.startsWith('<!DOCTYPE html>\n<html lang="en">'));
    assert.match(r.stdout, /<h1>GovReport review<\/h1>/);
    assert.match(r.stdout, /1 reports: 0 with errors; 0 errors, 0 warnings in all\./);
    assert.equal(r.stderr, '');
  });

  test('-o with stylish is a usage error; an unwritable -o is an I/O error', async () => {
    const f = reviewFolder();
    let r = await run(['check', '-o', path.join(f.dir, 'x.txt'), f.y2023]);
    assert.equal(r.code, 2, show(r));
    r = await run(['check', '--format', 'html', '-o', path.join(f.dir, 'missing', 'x.html'), f.y2023]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /cannot write .*missing.*ENOENT/);
    assert.deepEqual(fs.readdirSync(f.dir).filter((n) => n.endsWith('.tmp')), []);
  });
});

// ------------------------------------------------------------------------------------------------ SARIF
describe('SARIF 2.1.0 (--format sarif)', () => {
  test('validates against the SARIF 2.1.0 schema; rules with help from docs/rules.md; regions; related locations', async () => {
    const f = reviewFolder();
    const r = await run(['check', '--format', 'sarif', '--rule', 'deadline=info', f.dir]);
    assert.equal(r.code, 1, show(r));

    const log = JSON.parse(r.stdout) as any;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    // the validator is not a rubber stamp
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: { text: 'x' }, level: 'fatal' }] }] }), false);

    const run0 = log.runs[0];
    const rules = run0.tool.driver.rules as { id: string; shortDescription: { text: string }; help?: { text: string; markdown: string } }[];
    // every rule of docs/rules.md, in the rule table's order
    const documented = [...fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8').matchAll(/^### `([\w-]+)`$/gm)].map((m) => m[1]);
    assert.deepEqual(rules.map((x) => x.id).sort(), [...documented].sort());
    for (const rule of rules) {
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.match(rule.help?.markdown ?? '', /^Default severity: (error|warning|info)\.[\s\S]*\*\*What it checks\.\*\*[\s\S]*\*\*How to fix\.\*\*/, rule.id);
      assert.doesNotMatch(rule.help!.text, /\*\*/, rule.id);
    }
    // as many results as stylish shows messages, at the same places (1-based)
    const json = JSON.parse((await run(['check', '--format', 'json', f.dir])).stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }
    interface Location { physicalLocation: { artifactLocation: { uri: string }; region: Region } }
    const results = run0.results as { ruleId: string; ruleIndex: number; level: string; locations: Location[]; relatedLocations?: Location[] }[];
    assert.equal(results.length, json.reduce((n, x) => n + x.messages.length, 0));
    for (const res of results) assert.equal(rules[res.ruleIndex]!.id, res.ruleId);
    const rowTotal = results.find((x) => x.ruleId === 'row-total')!;
    const wrongMessage = json.find((x) => x.filePath === f.wrong)!.messages.find((m) => m.ruleId === 'row-total')!;
    const region = rowTotal.locations[0]!.physicalLocation.region;
    assert.deepEqual([region.startLine, region.startColumn], [wrongMessage.line, wrongMessage.column]);
    assert.ok(region.endLine === region.startLine && region.endColumn > region.startColumn, JSON.stringify(region));
    assert.equal(rowTotal.level, 'error');
    assert.equal(results.find((x) => x.ruleId === 'deadline')?.level, 'note', '--rule deadline=info is a note');
    assert.ok(results.some((x) => x.level === 'warning'));
    const carry = results.find((x) => x.ruleId === 'carry-over-mismatch')!;
    assert.ok(carry, 'carry-over-mismatch found');
    assert.equal(carry.relatedLocations?.length, 1);
    assert.ok(decodeURI(carry.relatedLocations![0]!.physicalLocation.artifactLocation.uri).endsWith('a/minzheng-2022.govreport.yaml'));
    assert.equal(carry.relatedLocations![0]!.physicalLocation.region.startLine, 71);
    assert.ok(decodeURI(carry.locations[0]!.physicalLocation.artifactLocation.uri).endsWith('a/minzheng-2023.govreport.yaml'));
  });

  test('-o writes the log and nothing to stdout; an unreadable file is a tool notification', async () => {
    const f = reviewFolder();
    const out = path.join(f.dir, 'out.sarif');
    const r = await run(['check', '--format', 'sarif', '-o', out, f.y2023, path.join(f.dir, 'nope.govreport.yaml')]);
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');

    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as any;
    assert.ok(sarifValidator()(log));
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /ENOENT/);
  });
});

// ------------------------------------------------------------------------------------------------ progress
describe('progress line', () => {
  /** 80 reports, checked with a worker in the terminal test (chunks, so several updates). */
  function manyReports(): string {
    const dir = tempDir();
    for (let i = 0; i < 80; i++) write(path.join(dir, `r${i}.govreport.yaml`), EXAMPLE.replace(/台儿庄区民政局/g, `测试局${i}`));
    return dir;
  }

  test('not printed when stderr is not a terminal (even with no delay), nor in JSON or SARIF', async () => {
    const dir = manyReports();
    for (const format of ['stylish', 'json', 'sarif']) {
      const r = await run(['check', '--format', format, dir], { GOVREPORT_PROGRESS_DELAY_MS: '0' });
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stderr, '', format);
      assert.doesNotMatch(r.stdout, /files checked|files\/s/, format);
    }
  });

  test('printed on a terminal (a pseudo-terminal from `script`), erased before the results, never in stdout', () => {
    const dir = manyReports();
    // outside the folder checked: check reads .txt files in folders too (published reports as text)
    const out = path.join(tempDir(), 'stdout.txt');
    const command = (args: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check ${args} > ${JSON.stringify(out)}`;
    const inTerminal = (args: string) => {
      // util-linux script: the command's stdin, stdout and stderr are a new pseudo-terminal; we redirect stdout to a file
      const r = spawnSync('script', ['-q', '-e', '-c', command(args), '/dev/null'],
        { env: env({ GOVREPORT_PROGRESS_DELAY_MS: '0', LANG: 'en_US.UTF-8', ...WITH_WORKER }), encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
      assert.equal(r.error, undefined, `script (util-linux) must be installed: ${String(r.error)}`);
      return { code: r.status, terminal: r.stdout, stdout: fs.readFileSync(out, 'utf8') };
    };
    let t = inTerminal(`--lang en ${JSON.stringify(dir)}`);
    assert.equal(t.code, 0, t.terminal);
    assert.match(t.terminal, /\r\u001b\[Kgovreport: \d+\/80 files checked, \d+ files\/s/);
    assert.match(t.terminal, /80\/80 files checked/);
    assert.ok(t.terminal.endsWith('\r\u001b[K'), `the line is erased: ${JSON.stringify(t.terminal.slice(-40))}`);
    assert.doesNotMatch(t.stdout, /files checked/);
    // a machine format on stdout: no line even on a terminal; with -o, the line is shown
    t = inTerminal(`--format json --lang en ${JSON.stringify(dir)}`);
    assert.doesNotMatch(t.terminal, /files checked/);
    assert.equal(JSON.parse(t.stdout).length, 80);
    t = inTerminal(`--format sarif -o ${JSON.stringify(path.join(dir, 'x.sarif'))} --lang en ${JSON.stringify(dir)}`);
    assert.match(t.terminal, /80\/80 files checked/);
  });
});

// ------------------------------------------------------------------------------------------------ the pool's plan
describe('worker pool', () => {
  test('copied-text is found when the quick identity guess misses (agency as a block scalar), with workers', async () => {
    const dir = tempDir();
    for (let i = 0; i < 70; i++) write(path.join(dir, `r${i}.govreport.yaml`), EXAMPLE.replace(/台儿庄区民政局/g, `测试局${i}`));
    const blockAgency = (text: string) => text.replace(/^agency: 台儿庄区民政局$/m, 'agency: >-\n  台儿庄区民政局');
    write(path.join(dir, 'x-2022.govreport.yaml'), blockAgency(asYear(2022)));
    write(path.join(dir, 'x-2023.govreport.yaml'), blockAgency(EXAMPLE));
    const r = await run(['check', '--format', 'json', dir], WITH_WORKER);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    assert.equal(results.length, 72);
    const x2023 = results.find((x) => x.filePath.endsWith('x-2023.govreport.yaml'))!;
    assert.ok(x2023.messages.some((m) => m.ruleId === 'copied-text'), JSON.stringify(x2023.messages));
    // the others have no neighbour year: nothing across years (their copies of each other's text are
    // copied-text across agencies, which names another agency)
    const others = results.filter((x) => /\/r\d+\./.test(x.filePath)).flatMap((x) => x.messages as { ruleId: string; message: string }[]);
    assert.ok(others.every((m) => m.ruleId === 'copied-text' && !/台儿庄区民政局 for 2022/.test(m.message)), JSON.stringify(others.slice(0, 3)));
  });

  test('the same results with and without workers (70 files vs each alone)', async () => {
    const f = reviewFolder();
    for (let i = 0; i < 70; i++) write(path.join(f.dir, 'many', `r${i}.govreport.yaml`), EXAMPLE.replace(/台儿庄区民政局/g, `测试局${i}`));
    // copied-text off: 70 more copies of the text rightly change which other agency a copy names
    const off = ['--rule', 'copied-text=off'];
    const all = JSON.parse((await run(['check', '--format', 'json', ...off, f.dir], WITH_WORKER)).stdout) as { filePath: string }[];
    const few = JSON.parse((await run(['check', '--format', 'json', ...off, f.y2022, f.y2023, f.wrong, f.hostile])).stdout) as { filePath: string }[];
    assert.deepEqual(all.filter((x) => few.some((y) => y.filePath === x.filePath)), few);
  });
});
