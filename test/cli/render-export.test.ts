// Tests of `govreport render FILE --format docx|pdf [-o OUT] [--force] [--pdf-converter PATH]`: run as a child
// process (the bin, which loads dist/cli.js and, on the first export, dist/docx.mjs), on temporary folders.
// The PDF cases need LibreOffice or Chromium: scripts/install-office.sh installs them when missing (a test that
// cannot get them fails, it does not skip).
//
// Run: npm run build && node --test out/test/cli/render-export.test.js
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gridOf, tablesOf, unzipDocx } from '../docx-xml';
import { EXAMPLE_TEXT, ROOT, runCli, show, tempDir, type RunResult } from './helpers';

const BROKEN_TEXT = EXAMPLE_TEXT.replace('total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [0, 0, 9, 0, 0, 0, 0]');

/** English messages unless the test says otherwise. */
const run = (args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> => runCli(args, { env: { LANG: 'en_US.UTF-8', ...env } });

/** soffice, installed by scripts/install-office.sh when missing (fails the suite with its message otherwise). */
let soffice = '';
before(() => {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-office.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.status, 0, `scripts/install-office.sh could not install LibreOffice, poppler-utils and Chromium:\n${r.stderr}`);
  soffice = r.stdout.trim().split('\n').pop()!;
});

describe('govreport render --format docx|pdf', () => {
  test('docx: written beside the report without -o, exit 0, the tables inside', async () => {
    const dir = tempDir('govreport-export-');
    const file = path.join(dir, 'tez.govreport.yaml');
    fs.writeFileSync(file, EXAMPLE_TEXT);
    const r = await run(['render', file, '--format', 'docx']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['tez.docx', 'tez.govreport.yaml']);
    const files = unzipDocx(fs.readFileSync(path.join(dir, 'tez.docx')));
    const tables = tablesOf(files['word/document.xml']!);
    assert.equal(tables.length, 3);
    assert.deepEqual(gridOf(tables[2]!)[3], Array(15).fill('0'));
  });

  test('docx -o OUT: a report with errors is refused (exit 1, nothing written) unless --force', async () => {
    const dir = tempDir('govreport-export-');
    const file = path.join(dir, 'broken.govreport.yaml');
    fs.writeFileSync(file, BROKEN_TEXT);
    const out = path.join(dir, 'out.docx');
    const refused = await run(['render', file, '--format', 'docx', '-o', out]);
    assert.equal(refused.code, 1, show(refused));
    assert.match(refused.stderr, /^govreport: .*broken\.govreport\.yaml has \d+ errors and 0 warnings; nothing was exported\. .*--force/);
    assert.deepEqual(fs.readdirSync(dir), ['broken.govreport.yaml']);
    const zh = await run(['render', file, '--format', 'docx', '-o', out, '--lang', 'zh']);
    assert.equal(zh.code, 1);
    assert.match(zh.stderr, /未导出。请先改正/);
    const forced = await run(['render', file, '--format', 'docx', '-o', out, '--force']);
    assert.equal(forced.code, 0, show(forced));
    assert.match(forced.stderr, /has \d+ errors and 0 warnings; run govreport check for the details/);
    const grid = gridOf(tablesOf(unzipDocx(fs.readFileSync(out))['word/document.xml']!)[1]!);
    assert.ok(grid.some((row) => row[2] === '（七）总计' && row[5] === '9'), 'the figure as written, not corrected');
    // html stays a check-friendly rendering: written with the errors, as before
    const html = await run(['render', file]);
    assert.equal(html.code, 0, show(html));
  });

  test('not valid YAML: exit 1 for docx as for html, nothing written', async () => {
    const dir = tempDir('govreport-export-');
    const file = path.join(dir, 'bad.govreport.yaml');
    fs.writeFileSync(file, 'agency: [unclosed\n');
    const r = await run(['render', file, '--format', 'docx']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /is not valid YAML, nothing was rendered/);
    assert.deepEqual(fs.readdirSync(dir), ['bad.govreport.yaml']);
  });

  test('pdf with LibreOffice (--pdf-converter) and with Chromium: a PDF with a text layer', async () => {
    const dir = tempDir('govreport-export-');
    const file = path.join(dir, 'tez.govreport.yaml');
    fs.writeFileSync(file, EXAMPLE_TEXT);
    for (const [converter, name] of [[soffice, 'lo.pdf'], ['chromium', 'chromium.pdf']] as const) {
      const program = converter.includes('/') ? converter : (spawnSync('bash', ['-c', `command -v ${converter}`], { encoding: 'utf8' }).stdout.trim());
      assert.ok(program, `${converter} on PATH`);
      const out = path.join(dir, name);
      const r = await run(['render', file, '--format', 'pdf', '--pdf-converter', program, '-o', out]);
      assert.equal(r.code, 0, show(r));
      const pdf = fs.readFileSync(out);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
      assert.equal(text.status, 0, text.stderr);
      const flat = text.stdout.replace(/\s+/g, '');
      assert.ok(flat.includes('政府信息公开工作年度报告'), `${name}: the title in the text layer`);
      assert.ok(flat.includes('结转下年度继续办理'), `${name}: table 三 in the text layer`);
      assert.ok(flat.includes('2024年1月16日'), `${name}: the date in the text layer`);
    }
  });

  test('pdf without any converter: exit 2 and a message naming what to install (en, zh); a bad path is named', async () => {
    const dir = tempDir('govreport-export-');
    const file = path.join(dir, 'tez.govreport.yaml');
    fs.writeFileSync(file, EXAMPLE_TEXT);
    const emptyPath = { PATH: path.join(dir, 'no-such-bin') };
    const en = await run(['render', file, '--format', 'pdf'], emptyPath);
    assert.equal(en.code, 2, show(en));
    assert.match(en.stderr, /^govreport: No PDF converter found\. Install LibreOffice \(soffice\) or Chromium/);
    const zh = await run(['render', file, '--format', 'pdf', '--lang', 'zh'], emptyPath);
    assert.match(zh.stderr, /未找到 PDF 转换程序。请安装 LibreOffice（soffice）或 Chromium/);
    const bad = await run(['render', file, '--format', 'pdf', '--pdf-converter', path.join(dir, 'soffice')]);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /The PDF converter .*soffice does not exist or cannot be run/);
    assert.deepEqual(fs.readdirSync(dir), ['tez.govreport.yaml']);
  });

  test('the bundles leave the docx library out: it is loaded from dist/docx.mjs on the first export only', () => {
    for (const bundle of ['cli.js', 'server.js']) {
      const code = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
      // a string of the library's own XML writer (numbering definitions), not in GovReport's code
      assert.ok(!code.includes('w:abstractNumId'), `${bundle} does not contain the docx library`);
    }
    assert.ok(fs.readFileSync(path.join(ROOT, 'dist', 'docx.mjs'), 'utf8').includes('w:abstractNumId'));
    assert.match(fs.readFileSync(path.join(ROOT, 'dist', 'cli.js'), 'utf8'), /import\(["']\.\/docx\.mjs["']\)/);
  });
});
