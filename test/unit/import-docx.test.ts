/**
 * DOCX reader: the published pages of test/fixtures/corpus/ as LibreOffice saved them in Word format
 * (scripts/make-import-fixtures.sh) read back with every cell of tables 二, 三 and 四 and every paragraph
 * as the page has them; merges, list numbers, nested tables and bad input on small hand-made documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync, strToU8 } from 'fflate';
import { MAX_DOCX_XML_BYTES, readDocx } from '../../server/src/core/import/docx';
import { SourceReadError } from '../../server/src/core/import/read-error';
import { expandGrid, type SourceTable } from '../../server/src/core/import/source';
import { parseXml, textOf } from '../../server/src/core/import/xml';
import { CORPUS_NAMES, corpusBytes, norm, normGrid, readCorpusHtml } from './import-corpus';

const tablesOf = (blocks: ReturnType<typeof readDocx>['blocks']) => blocks.filter((b): b is SourceTable => b.kind === 'table');

for (const name of CORPUS_NAMES) {
  test(`${name}.docx: every cell of tables 二, 三 and 四 as on the page`, () => {
    const page = readCorpusHtml(name);
    assert.equal(page.tables.length, 3);
    const tables = tablesOf(readDocx(corpusBytes(`${name}.docx`)).blocks);
    assert.equal(tables.length, 3);
    tables.forEach((t, i) => assert.deepEqual(normGrid(expandGrid(t)), normGrid(page.tables[i]!), `table ${['二', '三', '四'][i]}`));
  });

  // (the fixtures have a running header with the title and "— N —" page numbers: not part of the body)
  test(`${name}.docx: the paragraphs in order, and the title`, () => {
    const page = readCorpusHtml(name);
    const doc = readDocx(corpusBytes(`${name}.docx`));
    assert.equal(doc.format, 'docx');
    const paragraphs = doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => norm(b.text));
    assert.deepEqual(paragraphs, page.paragraphs.map(norm).filter(Boolean));
    assert.match(doc.meta.title ?? '', /政府信息公开.*年度报告/);
    // tables sit between the paragraphs where the page has them: 二 after the heading 二、…
    const i = doc.blocks.findIndex((b) => b.kind === 'table');
    const before = doc.blocks[i - 1];
    assert.ok(before?.kind === 'paragraph' && /^二、/.test(before.text), 'table 二 follows heading 二');
  });
}

test('table 三 of the docx: the merged header cells are spans', () => {
  const t = tablesOf(readDocx(corpusBytes('shuyang-fgj-2023.docx')).blocks)[1]!;
  const [r0, r1, r2] = t.rows;
  assert.deepEqual(r0!.map((c) => [norm(c.text).slice(0, 6), c.rowSpan, c.colSpan]), [['（本列数据的', 3, 3], ['申请人情况', 1, 7]]);
  assert.deepEqual(r1!.map((c) => [norm(c.text), c.rowSpan, c.colSpan]), [['自然人', 2, 1], ['法人或其他组织', 1, 5], ['总计', 2, 1]]);
  assert.deepEqual(r2!.map((c) => norm(c.text)), ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
  // 三、本年度办理结果 spans the result rows (一) to (七)
  const label = t.rows.flat().find((c) => c.text === '三、本年度办理结果');
  assert.equal(label?.rowSpan, 22);
});

// ---------------------------------------------------------------- hand-made documents

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
function docx(body: string, extra: Record<string, string> = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
  });
}
const p = (text: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${p(text)}</w:tc>`;

test('vMerge restart/continue and gridSpan become rowSpan and colSpan', () => {
  const body =
    '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>' +
    `<w:tr>${tc('A', '<w:vMerge w:val="restart"/>')}${tc('B', '<w:gridSpan w:val="2"/>')}</w:tr>` +
    `<w:tr>${tc('', '<w:vMerge/>')}${tc('1')}${tc('2')}</w:tr>` +
    `<w:tr>${tc('', '<w:vMerge w:val="continue"/>')}${tc('3')}${tc('')}</w:tr>` +
    '</w:tbl>';
  const [t] = tablesOf(readDocx(docx(body)).blocks);
  assert.deepEqual(t!.rows.map((r) => r.map((c) => [c.text, c.rowSpan, c.colSpan])), [
    [['A', 3, 1], ['B', 1, 2]],
    [['1', 1, 1], ['2', 1, 1]],
    [['3', 1, 1], ['', 1, 1]],
  ]);
  assert.deepEqual(expandGrid(t!), [['A', 'B', 'B'], ['A', '1', '2'], ['A', '3', '']]);
});

test('runs are joined (w:t, w:tab, w:br); deleted text and field codes are not text', () => {
  const body =
    '<w:p><w:r><w:t>第二十条</w:t></w:r><w:r><w:tab/><w:t>第（一）项</w:t><w:br/><w:t>下一行</w:t></w:r>' +
    '<w:del><w:r><w:delText>删去的</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>' +
    '<w:r><w:instrText> PAGE </w:instrText></w:r><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>' +
    '<w:p/>';
  const doc = readDocx(docx(body));
  assert.deepEqual(doc.blocks, [{ kind: 'paragraph', text: '第二十条 第（一）项 下一行插入的链接', at: { page: 1 } }]);
});

test('list numbers Word generates (一、 （一） 1.) are part of the text, also through the paragraph style', () => {
  const numbering =
    `<?xml version="1.0"?><w:numbering ${W}><w:abstractNum w:abstractNumId="0">` +
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>' +
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>' +
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>' +
    '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>';
  const styles = `<?xml version="1.0"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="5"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style></w:styles>`;
  const num = (ilvl: number) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="5"/></w:numPr>`;
  const body = p('总体情况', '<w:pStyle w:val="H1"/>') + p('主动公开', num(1)) + p('规章', num(2)) + p('规范性文件', num(2)) + p('依申请公开', num(1)) + p('主动公开政府信息情况', '<w:pStyle w:val="H1"/>');
  const doc = readDocx(docx(body, { 'word/numbering.xml': numbering, 'word/styles.xml': styles }));
  assert.deepEqual(
    doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')),
    ['一、总体情况', '（一）主动公开', '1.规章', '2.规范性文件', '（二）依申请公开', '二、主动公开政府信息情况'],
  );
});

test('a frame table around the content is unwrapped; a table nested in a cell adds its text to the cell', () => {
  const inner = `<w:tbl><w:tr>${tc('内1')}${tc('内2')}</w:tr></w:tbl>`;
  const real = `<w:tbl><w:tr>${tc('甲')}<w:tc>${p('乙')}${inner}</w:tc></w:tr></w:tbl>`;
  const frame = `<w:tbl><w:tr><w:tc>${p('标题')}${real}${p('落款')}</w:tc></w:tr></w:tbl>`;
  const doc = readDocx(docx(frame));
  assert.deepEqual(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : expandGrid(b))), ['标题', [['甲', '乙 内1 内2']], '落款']);
});

test('not a .docx: a clear error in the user language', () => {
  assert.throws(() => readDocx(new TextEncoder().encode('<html>')), (e: unknown) => e instanceof SourceReadError && e.code === 'not-docx' && /Not a Word document/.test(e.message));
  assert.throws(() => readDocx(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), { lang: 'zh' }), (e: unknown) => e instanceof SourceReadError && /不是 Word 文档/.test(e.message));
  assert.throws(() => readDocx(zipSync({ 'a.txt': strToU8('x') })), (e: unknown) => e instanceof SourceReadError && e.code === 'not-docx');
});

test('the XML reader: entities, CDATA, comments, prefixes and attributes in either quotes', () => {
  const xml = '<?xml version="1.0"?><!-- c -->' + '<w:r a:x=\'1\' w:val="&lt;&amp;&#x4E00;&#19968;">' + '<w:t>A&gt;B</w:t><![CDATA[<raw>]]><w:br/></w:r>';
  const root = parseXml(xml);
  assert.equal(root?.name, 'r');
  assert.deepEqual(root?.attrs, { x: '1', val: '<&一一' });
  assert.equal(textOf(root), 'A>B<raw>');
  assert.deepEqual(root?.children.map((c) => (typeof c === 'string' ? c : c.name)), ['t', '<raw>', 'br']);
  assert.equal(parseXml('no xml at all'), undefined);
});

test('a .docx whose XML would unpack to more than the limit is refused before it is unpacked', () => {
  const huge = docx(p('x') + `<!--${' '.repeat(MAX_DOCX_XML_BYTES)}-->`);
  assert.ok(huge.length < 1024 * 1024, 'the zip itself is small');
  assert.throws(() => readDocx(huge), (e: unknown) => e instanceof SourceReadError && e.code === 'docx-too-large' && /64 MiB/.test(e.message));
});
