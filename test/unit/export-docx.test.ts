// The DOCX export (core/export/docx.ts): the file is a zip of XML; these tests open it and check the styles,
// the page set-up of GB/T 9704, the merged cells of tables 二, 三 and 四 as the national template has them,
// and every figure of every cell, for the example report and for a report with a distinct figure in every cell.
//
// Run: npx tsc -b && node --test out/test/unit/export-docx.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { analyze, ExportError, renderDocx, renderStandalone, reportSkeleton } from '../../server/src/core';
import { expandGrid, type SourceCell } from '../../server/src/core/import/source';
import { APPEAL_ROWS, APPLICATION_ROWS, getIn } from '../../server/src/core/model/table';
import { EXAMPLE, ROOT } from '../helpers';
import { attrOf, bodyParagraphs, gridOf, mergesOf, tablesOf, unzipDocx, type DocxTable } from '../docx-xml';

const MM = 1440 / 25.4;

async function exportText(text: string): Promise<{ files: Record<string, string>; document: string; tables: DocxTable[] }> {
  const bytes = await renderDocx(analyze(text, { lang: 'zh' }), { lang: 'zh' });
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(String.fromCharCode(bytes[0]!, bytes[1]!), 'PK', 'a zip file');
  const files = unzipDocx(bytes);
  const document = files['word/document.xml'];
  assert.ok(document, 'word/document.xml');
  return { files, document, tables: tablesOf(document) };
}

/** The example report with every figure of tables 二, 三 and 四 replaced by a distinct non-zero number. */
function distinctReport(): { text: string; data: Record<string, unknown> } {
  const data = parse(EXAMPLE) as Record<string, unknown>;
  const proactive = data['proactive'] as Record<string, Record<string, number> | number>;
  let n = 100;
  for (const key of Object.keys(proactive)) {
    const row = proactive[key]!;
    if (typeof row === 'object') for (const k of Object.keys(row)) row[k] = ++n;
    else proactive[key] = ++n;
  }
  proactive['fees'] = 12.5; // money: a decimal
  for (const p of [...APPLICATION_ROWS, ...APPEAL_ROWS]) {
    const row = getIn(data, p) as number[];
    for (let i = 0; i < row.length; i++) row[i] = ++n;
  }
  return { text: stringify(data), data };
}

describe('DOCX export: styles and page set-up (GB/T 9704)', () => {
  test('real paragraph styles: 正文 (Normal), 标题1 (heading 1, 黑体), 标题2 (heading 2, 楷体), 标题 (Title, 小标宋 2号)', async () => {
    const { files } = await exportText(EXAMPLE);
    const styles = files['word/styles.xml']!;
    const style = (id: string) => {
      const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles);
      assert.ok(m, `style ${id}`);
      return m[0];
    };
    const normal = style('正文');
    assert.match(normal, /w:default="1"/);
    assert.match(normal, /<w:name w:val="Normal"\/>/);
    assert.match(normal, /w:eastAsia="仿宋_GB2312"/);
    assert.match(normal, /<w:sz w:val="32"\/>/, '3号 = 16 pt');
    assert.match(normal, /<w:ind w:firstLineChars="200" w:firstLine="640"\/>/, 'two characters of first-line indent');
    assert.match(normal, /<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"\/>/, 'fixed line spacing of 28.95 pt');
    const h1 = style('标题1');
    assert.match(h1, /<w:name w:val="heading 1"\/>/);
    assert.match(h1, /<w:outlineLvl w:val="0"\/>/);
    assert.match(h1, /w:eastAsia="黑体"/);
    assert.match(h1, /<w:keepNext\/>/);
    const h2 = style('标题2');
    assert.match(h2, /<w:name w:val="heading 2"\/>/);
    assert.match(h2, /<w:outlineLvl w:val="1"\/>/);
    assert.match(h2, /w:eastAsia="楷体_GB2312"/);
    const title = style('标题');
    assert.match(title, /w:eastAsia="方正小标宋简体"/);
    assert.match(title, /<w:sz w:val="44"\/>/, '2号 = 22 pt');
    assert.match(title, /<w:jc w:val="center"\/>/);
    assert.doesNotMatch(title, /<w:b\/>/, 'not bold');
    const table = style('表格文字');
    assert.match(table, /<w:sz w:val="21"\/>/, '五号 = 10.5 pt');
    assert.match(table, /w:line="240" w:lineRule="auto"/, 'single spacing');
    // fall-backs Word uses for missing typefaces
    const fonts = files['word/fontTable.xml']!;
    for (const [font, alt] of [['仿宋_GB2312', '仿宋'], ['方正小标宋简体', '宋体'], ['黑体', 'SimHei'], ['楷体_GB2312', '楷体']]) {
      assert.match(fonts, new RegExp(`<w:font w:name="${font}"><w:altName w:val="${alt}"/><w:charset w:val="86"/>`), font);
    }
  });

  test('A4 portrait, 天头 37 mm, 订口 28 mm, a 版心 of 156 × 225 mm, 22 lines of 28.95 pt', async () => {
    const { document } = await exportText(EXAMPLE);
    const sect = /<w:sectPr>[\s\S]*?<\/w:sectPr>/.exec(document)?.[0] ?? '';
    assert.equal(attrOf(sect, 'w:pgSz', 'w:w'), '11906');
    assert.equal(attrOf(sect, 'w:pgSz', 'w:h'), '16838');
    const mar = (a: string) => Number(attrOf(sect, 'w:pgMar', a));
    assert.equal(mar('w:top'), Math.round(37 * MM));
    assert.equal(mar('w:left'), Math.round(28 * MM));
    assert.ok(Math.abs(11906 - mar('w:left') - mar('w:right') - 156 * MM) < 2, 'text block 156 mm wide');
    assert.ok(Math.abs(16838 - mar('w:top') - mar('w:bottom') - 225 * MM) < 2, 'text block 225 mm high');
    assert.equal(attrOf(sect, 'w:docGrid', 'w:type'), 'lines');
    assert.equal(Number(attrOf(sect, 'w:docGrid', 'w:linePitch')), 579);
    assert.ok(Math.abs(225 * MM / 579 - 22) < 0.05, '22 lines a page');
  });

  test('page numbers “— N —” at the outer edge: odd pages right, even pages left', async () => {
    const { files, document } = await exportText(EXAMPLE);
    assert.match(files['word/settings.xml']!, /<w:evenAndOddHeaders\/>/);
    const refs = [...document.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(refs.map((r) => r[0]).sort(), ['default', 'even']);
    const rels = files['word/_rels/document.xml.rels']!;
    for (const [type, id] of refs) {
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels);
      const footer = files[`word/${target?.[1] ?? target?.[2]}`]!;
      assert.ok(footer, `footer ${type}`);
      assert.match(footer, /<w:t xml:space="preserve">— <\/w:t>[\s\S]*<w:instrText xml:space="preserve">PAGE<\/w:instrText>[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
      assert.match(footer, new RegExp(`<w:jc w:val="${type === 'even' ? 'left' : 'right'}"/>`));
    }
  });

  test('title, headings, body and signature paragraphs carry their styles; the date is right-aligned as 2024年1月16日', async () => {
    const { document } = await exportText(EXAMPLE);
    const paragraphs = bodyParagraphs(document).filter((p) => p.text !== '');
    assert.deepEqual(paragraphs[0], { ...paragraphs[0]!, style: '标题', text: '台儿庄区民政局2023年\n政府信息公开工作年度报告' });
    const h1 = paragraphs.filter((p) => p.style === '标题1').map((p) => p.text);
    assert.deepEqual(h1, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况', '六、其他需要报告的事项']);
    const h2 = paragraphs.filter((p) => p.style === '标题2').map((p) => p.text);
    assert.deepEqual(h2, ['（一）主动公开', '（二）依申请公开', '（三）政府信息管理', '（四）政府信息公开平台建设', '（五）监督保障', '（一）存在的主要问题', '（二）改进情况']);
    const body = paragraphs.filter((p) => p.style === '正文');
    assert.ok(body[0]!.text.startsWith('根据《中华人民共和国政府信息公开条例》'));
    assert.ok(body.some((p) => p.text.startsWith('一是') && p.text.includes('2023年，区民政局不存在因信息处理收取相关费用的情况。')), '六 numbered 一是…');
    // 署名 and 成文日期 at the end, right-aligned, the date four characters (4 × 320 twips) from the edge
    const [agency, date] = paragraphs.slice(-2);
    assert.equal(agency!.text, '台儿庄区民政局');
    assert.equal(date!.text, '2024年1月16日');
    for (const p of [agency!, date!]) assert.equal(p.style, '落款');
    assert.match(date!.xml, /<w:ind w:right="1280"\/>/);
    // every paragraph has a style; no text boxes, drawings or pictures
    assert.ok(bodyParagraphs(document).every((p) => p.style), 'every paragraph styled');
    assert.doesNotMatch(document, /<w:txbxContent|<v:textbox|<w:drawing|<w:pict|<w:object/);
  });

  test('the problems of a report are never marked in the document', async () => {
    const broken = EXAMPLE.replace('total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [0, 0, 7, 0, 0, 0, 0]').replace('published: 2024-01-16', 'published: 2023-06-01');
    const analysis = analyze(broken, { lang: 'zh' });
    assert.ok(analysis.diagnostics.filter((d) => d.severity === 'error').length >= 2, 'the report has errors');
    const files = unzipDocx(await renderDocx(analysis, { lang: 'zh' }));
    const document = files['word/document.xml']!;
    assert.doesNotMatch(document, /<w:highlight|<w:shd|<w:color|<w:u |<w:u\/>|<w:commentReference|<w:ins |<w:del /);
    assert.equal(files['word/comments.xml'], undefined);
    assert.ok(gridOf(tablesOf(document)[1]!).some((row) => row[0] === '三、本年度办理结果' && row[2] === '（七）总计' && row[5] === '7'), 'the figure as written');
  });

  test('a text that is not valid YAML is refused with a clear message (zh and en)', async () => {
    const bad = analyze('agency: [unclosed\n', { lang: 'en' });
    await assert.rejects(renderDocx(bad, { lang: 'en' }), (e: Error) => e instanceof ExportError && /not valid YAML.*cannot be exported\. Line \d+: YAML syntax error/.test(e.message));
    await assert.rejects(renderDocx(analyze('agency: [unclosed\n', { lang: 'zh' }), { lang: 'zh' }), (e: Error) => /无法导出报告。第 \d+ 行/.test(e.message));
  });

  test('any report exports to well-formed XML: hostile markup as text, characters XML cannot hold as U+FFFD', async () => {
    const hostile = fs.readFileSync(path.join(ROOT, 'test/fixtures/xss/hostile.govreport.yaml'), 'utf8');
    const { files, document } = await exportText(hostile);
    assert.ok(document.includes('&lt;script&gt;alert(&apos;agency&apos;)&lt;/script&gt;') || document.includes("&lt;script&gt;alert('agency')&lt;/script&gt;"), 'the agency as text');
    assert.doesNotMatch(document, /<script|<img|<svg/);
    const controls = EXAMPLE.replace('  other: 无。\n', '  other: "响铃\\x07 空\\x00 \\uD800 \\uFFFF 制表\\t 完"\n');
    const { files: cf, document: cd } = await exportText(controls);
    for (const [name, xml] of [...Object.entries(files), ...Object.entries(cf)]) {
      assert.doesNotMatch(xml, /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `${name}: a character XML 1.0 cannot hold`);
    }
    assert.ok(cd.includes('响铃\uFFFD 空\uFFFD \uFFFD \uFFFD 制表'), 'replaced visibly, nothing else lost');
  });

  test('a new report (the skeleton, texts empty) exports with its three tables', async () => {
    const { document, tables } = await exportText(reportSkeleton({ agency: '某某县人民政府办公室', year: 2024, kind: 'government', lang: 'zh' }));
    assert.equal(tables.length, 3);
    assert.ok(bodyParagraphs(document).some((p) => p.style === '标题' && p.text.replace('\n', '') === '某某县人民政府办公室2024年政府信息公开工作年度报告'));
  });

  test('the docx library is imported only when a report is exported (not by the core at start-up)', () => {
    const compiled = fs.readFileSync(path.join(ROOT, 'out/server/src/core/export/docx.js'), 'utf8');
    assert.doesNotMatch(compiled, /require\(["']docx["']\)/);
    assert.match(compiled, /await import\(['"]docx['"]\)/);
  });
});

// ------------------------------------------------------------------------------------------- tables

const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const APP_COLUMNS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const RESULTS = '三、本年度办理结果';
/** Table 三's label columns as the template: [group, sub-group, row] (a label spanning columns fills them all). */
const APP_LABELS: string[][] = [
  ['一、本年新收政府信息公开申请数量', '一、本年新收政府信息公开申请数量', '一、本年新收政府信息公开申请数量'],
  ['二、上年结转政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '二、上年结转政府信息公开申请数量'],
  [RESULTS, '（一）予以公开', '（一）予以公开'],
  [RESULTS, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
  ...['1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息',
    '7.属于行政执法案卷', '8.属于行政查询事项'].map((l) => [RESULTS, '（三）不予公开', l]),
  ...['1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确'].map((l) => [RESULTS, '（四）无法提供', l]),
  ...['1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息'].map((l) => [RESULTS, '（五）不予处理', l]),
  ...['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他']
    .map((l) => [RESULTS, '（六）其他处理', l]),
  [RESULTS, '（七）总计', '（七）总计'],
  ['四、结转下年度继续办理', '四、结转下年度继续办理', '四、结转下年度继续办理'],
];
const APPEAL_COLUMNS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

/** The figures of table 二's rows in template order: 规章 ×3, 行政规范性文件 ×3, 许可, 处罚, 强制, 收费. */
function proactiveFigures(data: unknown): string[] {
  const out: string[] = [];
  for (const k of ['rules', 'normative_documents']) for (const c of ['issued', 'repealed', 'in_force']) out.push(String(getIn(data, ['proactive', k, c])));
  for (const k of ['licensing', 'penalty', 'coercion', 'fees']) out.push(String(getIn(data, ['proactive', k])));
  return out;
}

async function assertTables(text: string, data: unknown): Promise<void> {
  const { tables } = await exportText(text);
  assert.equal(tables.length, 3, 'tables 二, 三 and 四');
  const [proactive, applications, appeals] = tables as [DocxTable, DocxTable, DocxTable];
  const textWidth = Math.round(156 * MM);
  for (const table of tables) {
    assert.equal(table.gridCols.reduce((a, b) => a + b, 0), textWidth, 'the columns fill the 156 mm text block, A4 portrait');
    assert.match(table.xml, /<w:tblLayout w:type="fixed"\/>/);
    for (const row of table.rows) {
      assert.ok(row.cantSplit, 'rows are not split across pages');
      for (const cell of row.cells) {
        for (const side of ['top', 'left', 'bottom', 'right']) assert.match(cell.xml, new RegExp(`<w:${side} w:val="single"`), `border ${side} on every cell`);
        assert.ok(!/<w:p>/.test(cell.xml) || /<w:pStyle w:val="表格文字"\/>/.test(cell.xml), 'cell text in 表格文字 (仿宋 五号)');
      }
    }
  }

  // 二: four blocks, each a block heading over the whole width, a header row and its rows
  assert.deepEqual(mergesOf(proactive), ['4', '1 1 1 1', '1 1 1 1', '1 1 1 1', '4', '1 3', '1 3', '4', '1 3', '1 3', '1 3', '4', '1 3', '1 3']);
  const p = gridOf(proactive);
  const wide = (s: string) => [s, s, s, s];
  const value = (label: string, v: string) => [label, v, v, v];
  const f = proactiveFigures(data);
  assert.deepEqual(p, [
    wide('第二十条第（一）项'), ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', f[0], f[1], f[2]], ['行政规范性文件', f[3], f[4], f[5]],
    wide('第二十条第（五）项'), value('信息内容', '本年处理决定数量'), value('行政许可', f[6]!),
    wide('第二十条第（六）项'), value('信息内容', '本年处理决定数量'), value('行政处罚', f[7]!), value('行政强制', f[8]!),
    wide('第二十条第（八）项'), value('信息内容', '本年收费金额（单位：万元）'), value('行政事业性收费', f[9]!),
  ]);
  assert.ok(proactive.rows.every((r) => !r.header), '二 has no header row to repeat (its blocks have their own)');

  // 三: the note over three label columns and three header rows; group cells merged down their rows
  const m = mergesOf(applications);
  const seven = '1 1 1 1 1 1 1';
  assert.deepEqual(m.slice(0, 3), ['3R 7', '3C 1R 5 1R', '3C 1C 1 1 1 1 1 1C']);
  const expectedBody = [
    `3 ${seven}`, `3 ${seven}`,
    `1R 2 ${seven}`, `1C 2 ${seven}`,
    `1C 1R 1 ${seven}`, ...Array(7).fill(`1C 1C 1 ${seven}`),
    `1C 1R 1 ${seven}`, ...Array(2).fill(`1C 1C 1 ${seven}`),
    `1C 1R 1 ${seven}`, ...Array(4).fill(`1C 1C 1 ${seven}`),
    `1C 1R 1 ${seven}`, ...Array(2).fill(`1C 1C 1 ${seven}`),
    `1C 2 ${seven}`,
    `3 ${seven}`,
  ];
  assert.deepEqual(m.slice(3), expectedBody);
  assert.deepEqual(applications.rows.map((r) => r.header), [true, true, true, ...Array(25).fill(false)], 'the three header rows repeat on every page');
  const a = gridOf(applications);
  assert.deepEqual(a.slice(0, 3), [
    [NOTE, NOTE, NOTE, ...Array(7).fill('申请人情况')],
    [NOTE, NOTE, NOTE, '自然人', ...Array(5).fill('法人或其他组织'), '总计'],
    [NOTE, NOTE, NOTE, ...APP_COLUMNS],
  ]);
  APPLICATION_ROWS.forEach((path, i) => {
    const row = a[3 + i]!;
    assert.deepEqual(row.slice(0, 3), APP_LABELS[i], `labels of row ${i + 1}`);
    assert.deepEqual(row.slice(3), (getIn(data, path) as number[]).map(String), `figures of ${APP_LABELS[i]!.join('·')}`);
  });

  // 四: 行政复议 over five columns, 行政诉讼 over ten split in two; one row of fifteen figures
  assert.deepEqual(mergesOf(appeals), ['5 10', '1R 1R 1R 1R 1R 5 5', '1C 1C 1C 1C 1C 1 1 1 1 1 1 1 1 1 1', Array(15).fill('1').join(' ')]);
  assert.deepEqual(appeals.rows.map((r) => r.header), [true, true, true, false]);
  const g = gridOf(appeals);
  assert.deepEqual(g.slice(0, 3), [
    [...Array(5).fill('行政复议'), ...Array(10).fill('行政诉讼')],
    [...APPEAL_COLUMNS, ...Array(5).fill('未经复议直接起诉'), ...Array(5).fill('复议后起诉')],
    [...APPEAL_COLUMNS, ...APPEAL_COLUMNS, ...APPEAL_COLUMNS],
  ]);
  assert.deepEqual(g[3], APPEAL_ROWS.flatMap((p) => (getIn(data, p) as number[]).map(String)));
}

describe('DOCX export: tables 二, 三 and 四 with the template\'s merged cells', () => {
  test('the example report: every cell', async () => {
    await assertTables(EXAMPLE, parse(EXAMPLE));
  });

  test('a report with a distinct non-zero figure in every cell: every cell in its place', async () => {
    const { text, data } = distinctReport();
    const figures = [...proactiveFigures(data), ...[...APPLICATION_ROWS, ...APPEAL_ROWS].flatMap((p) => (getIn(data, p) as number[]).map(String))];
    assert.equal(new Set(figures).size, figures.length, 'all distinct');
    assert.ok(!figures.includes('0'));
    await assertTables(text, data);
  });
});

describe('DOCX export: the same tables as the preview', () => {
  /** The tables of the standalone HTML as grids (a merged cell's text in every slot it covers). */
  function htmlGrids(html: string): string[][][] {
    const unescape = (t: string) => t.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    return [...html.matchAll(/<table class="gr-table[^"]*">([\s\S]*?)<\/table>/g)].map((t) => expandGrid({
      kind: 'table',
      rows: [...t[1]!.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<(th|td)([^>]*)>([\s\S]*?)<\/\1>/g)].map((c): SourceCell => ({
        text: unescape(c[3]!),
        colSpan: Number(/colspan="(\d+)"/.exec(c[2]!)?.[1] ?? 1),
        rowSpan: Number(/rowspan="(\d+)"/.exec(c[2]!)?.[1] ?? 1),
      }))),
    }));
  }

  test('every table of the Word document is the preview\'s, cell for cell (example, distinct figures, a 2019 report)', async () => {
    const format2019 = fs.readFileSync(path.join(ROOT, 'test/fixtures/shanghai-bangongting-2019.govreport.yaml'), 'utf8');
    for (const text of [EXAMPLE, distinctReport().text, format2019]) {
      const html = renderStandalone(analyze(text, { lang: 'zh' }), { lang: 'zh', css: '' }).html;
      const { tables } = await exportText(text);
      assert.deepEqual(tables.map(gridOf), htmlGrids(html));
    }
  });

  test('a 2019 report: table 二 in five blocks (（九） 政府集中采购), table 三 with its 23 rows', async () => {
    const format2019 = fs.readFileSync(path.join(ROOT, 'test/fixtures/shanghai-bangongting-2019.govreport.yaml'), 'utf8');
    const { tables } = await exportText(format2019);
    const [proactive, applications] = tables as [DocxTable, DocxTable];
    const blocks = gridOf(proactive).filter((row) => row.every((c) => c === row[0]) && /^第二十条第（.）项$/.test(row[0]!)).map((row) => row[0]);
    assert.deepEqual(blocks, ['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项', '第二十条第（九）项']);
    assert.equal(applications.rows.length, 3 + 23);
    assert.deepEqual(applications.rows.map((r) => r.header), [true, true, true, ...Array(23).fill(false)]);
  });
});
