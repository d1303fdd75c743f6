/**
 * PDF reader: the published pages of test/fixtures/corpus/ exported to PDF by LibreOffice (from the Word
 * version) and printed by Chromium (scripts/make-import-fixtures.sh), read back against the page's own
 * cells and paragraphs; a scan without text is refused with "no text layer".
 */
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';
import assert from 'node:assert/strict';
import { readPdf } from '../../server/src/core/import/pdf';
import { SourceReadError } from '../../server/src/core/import/read-error';
import { expandGrid, type SourceDocument, type SourceTable } from '../../server/src/core/import/source';
import { corpusBytes, norm, normGrid, readCorpusHtml } from './import-corpus';

const tablesOf = (doc: SourceDocument) => doc.blocks.filter((b): b is SourceTable => b.kind === 'table');
const paragraphsOf = (doc: SourceDocument) => doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => norm(b.text));

test('no text layer: a scanned PDF is refused with a clear error, in English and Chinese', async () => {
  const scan = corpusBytes('scanned.pdf');
  await assert.rejects(readPdf(scan), (e: unknown) => e instanceof SourceReadError && e.code === 'no-text-layer' && /no text layer/.test(e.message));
  await assert.rejects(readPdf(scan, { lang: 'zh' }), (e: unknown) => e instanceof SourceReadError && /没有文本层/.test(e.message) && /no text layer/.test(e.message));
});

test('not a PDF, or a damaged one: a clear error', async () => {
  await assert.rejects(readPdf(new TextEncoder().encode('<html></html>')), (e: unknown) => e instanceof SourceReadError && e.code === 'not-pdf');
  const cut = corpusBytes('shuyang-fgj-2023.lo.pdf').subarray(0, 2000);
  await assert.rejects(readPdf(cut), (e: unknown) => e instanceof SourceReadError);
});

test('the caller’s bytes are left as they were', async () => {
  const bytes = corpusBytes('shuyang-fgj-2023.lo.pdf');
  const copy = bytes.slice();
  await readPdf(bytes);
  assert.deepEqual(bytes, copy);
});

const TABLE_NAMES = ['二', '三', '四'];
/** The published grid without the listed columns. */
const withoutColumns = (grid: string[][], columns: number[]) => grid.map((row) => row.filter((_, c) => !columns.includes(c)));

interface Expected {
  file: string;
  page: string;
  /** tables read back cell for cell */
  tables: number[];
  /**
   * Columns of the page's grid that the PDF cannot show: a column that only colspans use, which the
   * browser laid out zero wide (shanghai table 二, column 3: no border of it is drawn).
   */
  hidden?: Record<number, number[]>;
  /** the paragraphs as published, where the PDF has them all */
  paragraphs?: (published: string[]) => string[];
}

const EXPECTED: Expected[] = [
  // printed by Chromium with its header (date, title) and footer (address, "1/6"), which must not come across
  { file: 'shuyang-fgj-2023.chromium.pdf', page: 'shuyang-fgj-2023', tables: [0, 1, 2], paragraphs: (p) => p },
  { file: 'shanghai-bangongting-2019.chromium.pdf', page: 'shanghai-bangongting-2019', tables: [0, 1, 2], hidden: { 0: [2] }, paragraphs: (p) => p },
  // exported by LibreOffice from the Word version, with the running title and "— N —" page numbers
  {
    file: 'shuyang-fgj-2023.lo.pdf',
    page: 'shuyang-fgj-2023',
    tables: [0, 1, 2],
    // LibreOffice's layout drops the comma at the end of one line: it is not in the PDF (pdftotext agrees)
    paragraphs: (p) => p.map((t) => t.replace('二是进一步加强平台建设，加大', '二是进一步加强平台建设加大')),
  },
  // LibreOffice lays tables 三 and 四 of this page out wider than the paper and cuts them off at its edges:
  // their outer columns are not in the PDF at all; table 二 fits
  { file: 'shanghai-bangongting-2019.lo.pdf', page: 'shanghai-bangongting-2019', tables: [0] },
];

for (const { file, page, tables, hidden, paragraphs } of EXPECTED) {
  test(`${file}: every cell of table${tables.length > 1 ? 's' : ''} ${tables.map((i) => TABLE_NAMES[i]).join(', ')}${paragraphs ? ', and every paragraph in order' : ''}, as on the page`, async () => {
    const html = readCorpusHtml(page);
    const doc = await readPdf(corpusBytes(file));
    assert.equal(doc.format, 'pdf');
    assert.match(doc.meta.title ?? '', /政府信息公开.*年度报告/);
    const got = tablesOf(doc);
    if (tables.length === 3) assert.equal(got.length, 3, 'one table per published table (a table over several pages is one)');
    for (const i of tables) {
      assert.deepEqual(normGrid(expandGrid(got[i]!)), withoutColumns(normGrid(html.tables[i]!), hidden?.[i] ?? []), `table ${TABLE_NAMES[i]}`);
    }
    if (paragraphs) assert.deepEqual(paragraphsOf(doc), paragraphs(html.paragraphs.map(norm)));
  });
}

for (const file of ['shuyang-fgj-2023.lo.pdf', 'shuyang-fgj-2023.chromium.pdf']) {
  test(`${file}: table 三 over three pages is one table; its merged header cells are spans`, async () => {
    const t = tablesOf(await readPdf(corpusBytes(file)))[1]!;
    assert.deepEqual(t.rows[0]!.map((c) => [norm(c.text).slice(0, 6), c.rowSpan, c.colSpan]), [['（本列数据的', 3, 3], ['申请人情况', 1, 7]]);
    assert.deepEqual(t.rows[1]!.map((c) => [norm(c.text), c.rowSpan, c.colSpan]), [['自然人', 2, 1], ['法人或其他组织', 1, 5], ['总计', 2, 1]]);
    assert.deepEqual(t.rows[2]!.map((c) => norm(c.text)), ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    // 三、本年度办理结果 runs over the page breaks as one cell of 22 rows
    const label = t.rows.flat().find((c) => norm(c.text) === '三、本年度办理结果');
    assert.equal(label?.rowSpan, 22);
    assert.equal(t.rows.length, 28);
  });
}

test('page numbers, running headers and footers are not text of the report', async () => {
  for (const file of ['shuyang-fgj-2023.lo.pdf', 'shuyang-fgj-2023.chromium.pdf']) {
    const text = (await readPdf(corpusBytes(file))).blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
    assert.ok(!text.some((t) => /^[—\s\d/]+$/.test(t) || /file:|\d+\/\d+$/.test(t)), `${file}: ${text.filter((t) => t.length < 60).join(' | ')}`);
    // the running title of the page header is no paragraph (this page has no title paragraph of its own)
    assert.ok(text.filter((t) => norm(t) === '沭阳县发展和改革局2023年政府信息公开年度报告').length === 0, file);
  }
});

test('a PDF whose pages are turned by /Rotate (upright text shown sideways) reads as the upright one', async () => {
  const turned = await readPdf(corpusBytes('shuyang-fgj-2023.turned.pdf'));
  const upright = await readPdf(corpusBytes('shuyang-fgj-2023.lo.pdf'));
  const shape = (doc: SourceDocument) => doc.blocks.map((b) => (b.kind === 'table' ? expandGrid(b) : b.text));
  assert.deepEqual(shape(turned), shape(upright));
  assert.equal(tablesOf(turned).length, 3);
});

test('a table drawn without lines: rows with every cell filled under a header are read by their columns; a row with a blank cell stays text', async () => {
  const doc = await readPdf(new Uint8Array(fs.readFileSync(path.join(ROOT, 'test/fixtures/import/unruled-table.pdf'))));
  const tables = tablesOf(doc);
  assert.equal(tables.length, 1);
  assert.deepEqual(expandGrid(tables[0]!), [
    ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
    ['规章', '0', '0', '0'],
    ['行政规范性文件', '8', '0', '18'],
  ]);
  // without lines the blank 商业企业 cell cannot be placed: the row is kept as it reads, nothing dropped
  assert.deepEqual(paragraphsOf(doc), ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '申请人情况自然人商业企业总计', '本年新收2626']);
});
