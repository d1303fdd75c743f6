/**
 * PDF reader: the published pages of test/fixtures/corpus/ exported to PDF by LibreOffice (from the Word
 * version) and printed by Chromium (scripts/make-import-fixtures.sh), read back against the page's own
 * cells and paragraphs; a scan without text is refused with "no text layer".
 */
import { test } from 'node:test';
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
/** Which tables each PDF gives back cell for cell (see the report of what the others lose, and why). */
const EXACT: { file: string; page: string; tables: number[]; paragraphs: boolean }[] = [
  { file: 'shuyang-fgj-2023.lo.pdf', page: 'shuyang-fgj-2023', tables: [0, 2], paragraphs: false },
  { file: 'shanghai-bangongting-2019.lo.pdf', page: 'shanghai-bangongting-2019', tables: [0], paragraphs: false },
  { file: 'shanghai-bangongting-2019.chromium.pdf', page: 'shanghai-bangongting-2019', tables: [2], paragraphs: true },
];

for (const { file, page, tables, paragraphs } of EXACT) {
  test(`${file}: every cell of table${tables.length > 1 ? 's' : ''} ${tables.map((i) => TABLE_NAMES[i]).join(', ')} as on the page`, async () => {
    const html = readCorpusHtml(page);
    const doc = await readPdf(corpusBytes(file));
    assert.equal(doc.format, 'pdf');
    const got = tablesOf(doc);
    for (const i of tables) assert.deepEqual(normGrid(expandGrid(got[i]!)), normGrid(html.tables[i]!), `table ${TABLE_NAMES[i]}`);
    if (paragraphs) assert.equal(paragraphsOf(doc).join(''), html.paragraphs.map(norm).join(''), 'the text outside the tables, in order');
  });
}

test('shuyang-fgj-2023.lo.pdf: table 三 across three pages is one table, its merged header cells are spans', async () => {
  const html = readCorpusHtml('shuyang-fgj-2023');
  const t = tablesOf(await readPdf(corpusBytes('shuyang-fgj-2023.lo.pdf')))[1]!;
  assert.deepEqual(t.rows[0]!.map((c) => [norm(c.text).slice(0, 6), c.rowSpan, c.colSpan]), [['（本列数据的', 3, 3], ['申请人情况', 1, 7]]);
  assert.deepEqual(t.rows[1]!.map((c) => [norm(c.text), c.rowSpan, c.colSpan]), [['自然人', 2, 1], ['法人或其他组织', 1, 5], ['总计', 2, 1]]);
  // every cell but the label 三、本年度办理结果, which LibreOffice splits over the page break without a border
  // to tell (see the report): all 28 rows, all numbers, all other labels
  const grid = normGrid(expandGrid(t));
  const want = normGrid(html.tables[1]!);
  assert.equal(grid.length, want.length);
  want.forEach((row, r) => row.forEach((cell, c) => {
    if (c === 0 && cell === '三、本年度办理结果') return;
    assert.equal(grid[r]![c], cell, `row ${r + 1}, column ${c + 1}`);
  }));
});
