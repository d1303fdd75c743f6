// How the exports look: the DOCX of the example report, converted by LibreOffice, against the preview's page
// printed by Chromium (both through server/src/node/pdf.ts). The PDFs and their pages as PNG are kept under
// test-results/export/ to be looked at. Checked: the same page count (±1), each table starting on the same page
// (±1: the two engines break lines a little differently), a text layer with the title, the labels, every
// figure and the date, and the page numbers.
//
// Needs LibreOffice, poppler-utils, Chromium and CJK fonts: scripts/install-office.sh installs them when
// missing; when it cannot, the test fails with its message (it never skips).
//
// Run: npx tsc -b && node --test out/test/unit/export-looks.test.js
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, renderDocx } from '../../server/src/core';
import { readStylesheet, renderPdf } from '../../server/src/node';
import { EXAMPLE, ROOT } from '../helpers';

const OUT = path.join(ROOT, 'test-results', 'export');

let soffice = '';
let chromium = '';

function sh(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** The text of each page (pdftotext, one page at a time), whitespace removed. */
function pages(pdf: string): string[] {
  const count = Number(/Pages:\s+(\d+)/.exec(sh('pdfinfo', [pdf]))?.[1]);
  assert.ok(count > 0, `${pdf}: no pages`);
  return Array.from({ length: count }, (_, i) => sh('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', pdf, '-']).replace(/\s+/g, ''));
}

/** The first page (1-based) whose text holds `marker`. */
function pageOf(texts: readonly string[], marker: string): number {
  const i = texts.findIndex((t) => t.includes(marker));
  assert.ok(i >= 0, `“${marker}” on no page`);
  return i + 1;
}

before(() => {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-office.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.status, 0, `scripts/install-office.sh could not install LibreOffice, poppler-utils, Chromium and the CJK fonts:\n${r.stderr}`);
  soffice = r.stdout.trim().split('\n').pop()!;
  chromium = spawnSync('bash', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(soffice && chromium, 'soffice and chromium on PATH');
  // the GB/T 9704 faces mapped to the installed CJK fonts, for both converters (they inherit the environment)
  process.env.FONTCONFIG_FILE = path.join(ROOT, 'test', 'fixtures', 'fontconfig', 'fonts.conf');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
});

describe('the exported document looks like the preview', () => {
  test('DOCX → PDF (LibreOffice) and the preview printed by Chromium: pages, tables, text layer', async () => {
    const analysis = analyze(EXAMPLE, { lang: 'zh' });
    fs.writeFileSync(path.join(OUT, 'report.docx'), await renderDocx(analysis, { lang: 'zh' }));
    const css = readStylesheet();
    const docxPdf = path.join(OUT, 'docx.pdf');
    const previewPdf = path.join(OUT, 'preview.pdf');
    fs.writeFileSync(docxPdf, await renderPdf(analysis, { lang: 'zh', css, converter: soffice }));
    fs.writeFileSync(previewPdf, await renderPdf(analysis, { lang: 'zh', css, converter: chromium }));
    sh('pdftoppm', ['-png', '-r', '60', docxPdf, path.join(OUT, 'docx-page')]);
    sh('pdftoppm', ['-png', '-r', '60', previewPdf, path.join(OUT, 'preview-page')]);

    // A4 pages
    for (const pdf of [docxPdf, previewPdf]) assert.match(sh('pdfinfo', [pdf]), /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/, pdf);

    const docx = pages(docxPdf);
    const preview = pages(previewPdf);
    assert.ok(Math.abs(docx.length - preview.length) <= 1, `page counts: DOCX ${docx.length}, preview ${preview.length}`);

    // each table starts on the same page (±1), and its last row is there too
    for (const marker of ['第二十条第（一）项', '申请人情况', '四、结转下年度继续办理', '未经复议直接起诉']) {
      const a = pageOf(docx, marker);
      const b = pageOf(preview, marker);
      assert.ok(Math.abs(a - b) <= 1, `“${marker}”: DOCX page ${a}, preview page ${b}`);
    }

    // the text layer: title, headings, labels, the figures of table 四, the date; page numbers “— N —”
    const all = docx.join('');
    for (const s of ['台儿庄区民政局2023年政府信息公开工作年度报告', '一、总体情况', '六、其他需要报告的事项', '申请人情况', '法人或其他组织', '行政复议',
      '2024年1月16日', '台儿庄区民政局']) {
      assert.ok(all.includes(s), `DOCX PDF text holds ${s}`);
    }
    docx.forEach((text, i) => assert.ok(text.includes(`—${i + 1}—`), `page number — ${i + 1} — on page ${i + 1}`));
    assert.ok(fs.existsSync(path.join(OUT, `docx-page-${docx.length < 10 ? '' : '0'}1.png`)), 'PNG of page 1');
  });
});
