// Tests of `govreport import INPUT... [-o OUT.govreport.yaml | --out-dir DIR] [--force]`: run as a
// child process (the bin, which loads the dist/cli.js bundle), on temporary folders.
//
// Run: npm run build && node --test out/test/cli/import.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT, runCli, show, tempDir, write } from './helpers';

const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');
const copy = (name: string, dir: string, as = name): string => write(path.join(dir, as), fs.readFileSync(path.join(CORPUS, name)));
const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('govreport import', () => {
  test('a saved page → beside it, the expected report; review notes on stderr; exit 1 (blank cells)', async () => {
    const dir = tempDir('govreport-import-');
    const input = copy('shuyang-fgj-2023.html', dir);
    const r = await runCli(['import', input, '--lang', 'en']);
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stdout, '');
    const out = path.join(dir, 'shuyang-fgj-2023.govreport.yaml');
    const text = fs.readFileSync(out, 'utf8');
    assert.deepEqual(parse(text), parse(fs.readFileSync(path.join(CORPUS, 'shuyang-fgj-2023.expected.govreport.yaml'), 'utf8')));
    assert.ok(text.includes(`# 导入自 shuyang-fgj-2023.html，导入日期 ${today()}`), text.slice(0, 300));
    assert.match(r.stderr, /imported .*shuyang-fgj-2023\.html → .*shuyang-fgj-2023\.govreport\.yaml \(2021 format\)/);
    assert.match(r.stderr, /shuyang-fgj-2023\.html:53 {2}proactive\.normative_documents {2}原文行名为“规范性文件”，按“行政规范性文件”读入/);
    assert.match(r.stderr, /125 cells or fields left empty \(null\)/);
  });

  test('text with every cell → exit 0; the written report checks like the hand-written one', async () => {
    const dir = tempDir('govreport-import-');
    const input = write(path.join(dir, 'report.txt'), fs.readFileSync(path.join(ROOT, 'test/fixtures/taierzhuang-minzheng-2023.original.txt')));
    const r = await runCli(['import', input, '-o', path.join(dir, 'tz.govreport.yaml')]);
    assert.equal(r.code, 0, show(r));
    const check = await runCli(['check', '--format', 'json', '--no-cross-year', path.join(dir, 'tz.govreport.yaml')]);
    assert.equal(check.code, 0, show(check));
    assert.deepEqual(JSON.parse(check.stdout)[0].messages, []);
  });

  test('several inputs into --out-dir (created), told by content whatever their extension; a GBK page', async () => {
    const dir = tempDir('govreport-import-');
    const a = copy('made-up-county-2022.gbk.html', dir, 'page.bin');
    const b = copy('shanghai-bangongting-2019.html', dir, 'sh.htm');
    const out = path.join(dir, 'out', 'reports');
    const r = await runCli(['import', a, b, '--out-dir', out]);
    assert.equal(r.code, 1, show(r));
    const page = parse(fs.readFileSync(path.join(out, 'page.bin.govreport.yaml'), 'utf8'));
    assert.equal(page.agency, '某某省某某县人民政府');
    assert.deepEqual(page.appeals.review, [1, 0, 0, 1, 2]);
    const sh = parse(fs.readFileSync(path.join(out, 'sh.govreport.yaml'), 'utf8'));
    assert.equal(sh.format, 2019);
    assert.deepEqual(sh.applications.results.total, [767, 35, null, null, 2, 1, 805]);
  });

  test('an existing output is kept unless --force', async () => {
    const dir = tempDir('govreport-import-');
    const input = copy('made-up-county-2022.html', dir);
    const out = write(path.join(dir, 'made-up-county-2022.govreport.yaml'), 'mine\n');
    const r = await runCli(['import', input, '--lang', 'en']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /exists; use --force to replace it/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'mine\n');
    const forced = await runCli(['import', input, '--force']);
    assert.equal(forced.code, 1, show(forced));
    assert.match(fs.readFileSync(out, 'utf8'), /^# 某某县人民政府2022年政府信息公开工作年度报告\n/);
  });

  test('nothing imported: not a report, a broken PDF, a missing file → exit 2, no file', async () => {
    const dir = tempDir('govreport-import-');
    const notReport = write(path.join(dir, 'note.txt'), '会议通知\n请各单位准时参加。\n');
    const pdf = write(path.join(dir, 'report.pdf'), '%PDF-1.4\n%\u00e2\u00e3\n');
    const r = await runCli(['import', notReport, '--lang', 'en']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /no section of an annual report/);
    assert.equal(fs.existsSync(path.join(dir, 'note.govreport.yaml')), false);
    const p = await runCli(['import', pdf, '--lang', 'en']);
    assert.equal(p.code, 2, show(p));
    assert.match(p.stderr, /cannot import .*report\.pdf: Not a PDF file/);
    const missing = await runCli(['import', path.join(dir, 'missing.html'), '--lang', 'en']);
    assert.equal(missing.code, 2, show(missing));
    assert.match(missing.stderr, /cannot import .*missing\.html: ENOENT/);
  });

  test('usage errors', async () => {
    const dir = tempDir('govreport-import-');
    const input = copy('made-up-county-2022.html', dir);
    for (const [args, message] of [
      [['import'], /no INPUT given/],
      [['import', input, input, '-o', 'x.govreport.yaml'], /-o takes one INPUT; use --out-dir for 2/],
      [['import', input, '-o', 'a', '--out-dir', 'b'], /cannot be used together/],
      [['import', input, '--fix'], /--fix is an option of check, not of import/],
      [['check', input, '--out-dir', 'x'], /--out-dir is an option of import, not of check/],
      [['import', input, '--pdf-converter', 'x'], /--pdf-converter is an option of render, not of import/],
    ] as const) {
      const r = await runCli([...args, '--lang', 'en']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, message);
    }
  });
});

describe('govreport check over published reports', () => {
  test('a folder of saved pages: each imported in memory, findings with their key path at the source line; other pages skipped', async () => {
    const dir = tempDir('govreport-check-import-');
    copy('made-up-county-2022.html', dir, path.join('crawl', 'county.html'));
    write(path.join(dir, 'crawl', 'index.html'), '<html><body><ul><li>首页</li></ul></body></html>');
    write(path.join(dir, 'crawl', 'notes.txt'), '随手记下的笔记。\n');
    const r = await runCli(['check', '--lang', 'en', '--format', 'json', path.join(dir, 'crawl')]);
    assert.equal(r.code, 1, show(r));
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string; line: number }[] }[];
    assert.deepEqual(results.map((x) => path.basename(x.filePath)), ['county.html']);
    const html = fs.readFileSync(path.join(CORPUS, 'made-up-county-2022.html'), 'utf8').split('\n');
    const coercion = results[0]!.messages.find((m) => m.message.endsWith('[proactive.coercion]'))!;
    assert.equal(coercion.ruleId, 'schema');
    // the line of the table row the value came from
    assert.match(html[coercion.line - 1]!, /<tr><td>行政强制<\/td><td>\/<\/td><\/tr>/);
    assert.equal(fs.readdirSync(path.join(dir, 'crawl')).length, 3, 'nothing written');
  });
  test('a named file that is not a report is an error (exit 2)', async () => {
    const dir = tempDir('govreport-check-import-');
    const page = write(path.join(dir, 'index.html'), '<html><body><p>首页</p></body></html>');
    const r = await runCli(['check', '--lang', 'en', page]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /no section of an annual report/);
  });
});
