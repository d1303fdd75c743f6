// The renderer (preview, export, CLI): the official layout, labels verbatim, merged cells, numbering,
// source lines, problem marks, the standalone page, and safety against hostile report text.
// Output is checked through a strict little HTML reader: every `<` must open or close an element the
// renderer is allowed to write, with allowed attributes only; every `&` must start a known entity.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze, chineseNumber, renderReport, renderStandalone, splitParagraphs, type Lang, type RenderedReport } from '../../server/src/core';
import { EXAMPLE, ROOT, edit } from '../helpers';

const FORMAT_MD = path.join(ROOT, 'docs/format.md');
const CSS = fs.readFileSync(path.join(ROOT, 'media/report.css'), 'utf8');
const XSS_DIR = path.join(ROOT, 'test/fixtures/xss');
const PAYLOADS = fs.readFileSync(path.join(XSS_DIR, 'payloads.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const HOSTILE = fs.readFileSync(path.join(XSS_DIR, 'hostile.govreport.yaml'), 'utf8');

const render = (text: string, options: { lang?: Lang; preview?: boolean } = {}): RenderedReport =>
  renderReport(analyze(text, { lang: options.lang ?? 'zh' }), { lang: options.lang ?? 'zh', preview: options.preview ?? false });
const standalone = (text: string, css = CSS): RenderedReport => renderStandalone(analyze(text, { lang: 'zh' }), { lang: 'zh', css });

// ---------------------------------------------------------------------------------- a strict reader

interface El {
  name: string;
  attrs: Record<string, string>;
  children: (El | string)[];
}

const ELEMENTS = new Set(['article', 'section', 'h1', 'h2', 'h3', 'p', 'div', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'bdi']);
const PAGE_ELEMENTS = new Set(['html', 'head', 'meta', 'title', 'style', 'body']);
const ATTRIBUTES = new Set(['class', 'data-line', 'title', 'colspan', 'rowspan', 'scope', 'lang', 'role', 'href', 'rel']);
const PAGE_ATTRIBUTES = new Set(['charset', 'http-equiv', 'content', 'name']);
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };

function decode(s: string, where: string): string {
  return s.replace(/&[^;&\s]*;?/g, (e) => {
    assert.ok(e in ENTITY, `unknown entity ${JSON.stringify(e)} in ${where}`);
    return ENTITY[e]!;
  });
}

/** Parses the renderer's HTML, failing on anything it must never contain. `<style>` content is returned raw. */
function parseHtml(html: string, page = false): { root: El; style?: string } {
  const root: El = { name: '#root', attrs: {}, children: [] };
  const stack: El[] = [root];
  let style: string | undefined;
  let i = 0;
  if (page) {
    assert.ok(html.startsWith('<!DOCTYPE html>\n'), 'a page starts with the doctype');
    i = '<!DOCTYPE html>'.length;
  }
  const tag = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*="[^"<>]*")*)\s*>/y;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const text = html.slice(i, lt < 0 ? html.length : lt);
    assert.ok(!text.includes('>'), `a raw > in text near ${JSON.stringify(html.slice(Math.max(0, i - 40), i + 40))}`);
    if (text) stack[stack.length - 1]!.children.push(decode(text, 'text'));
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(html);
    assert.ok(m, `a < that opens no allowed tag: ${JSON.stringify(html.slice(lt, lt + 80))}`);
    const [whole, close, name, attrText] = m;
    const allowed = ELEMENTS.has(name!) || (page && PAGE_ELEMENTS.has(name!));
    assert.ok(allowed, `element <${name}> is not one the renderer writes`);
    i = lt + whole.length;
    if (close) {
      const open = stack.pop();
      assert.equal(open?.name, name, `</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([a-z][a-z0-9-]*)="([^"]*)"/g)) {
      const key = a[1]!;
      assert.ok(ATTRIBUTES.has(key) || (page && PAGE_ATTRIBUTES.has(key)), `attribute ${key} on <${name}>`);
      assert.ok(!/^on/i.test(key), `event handler attribute ${key}`);
      assert.ok(!(key in attrs), `duplicate attribute ${key}`);
      attrs[key] = decode(a[2]!, `attribute ${key}`);
    }
    if (attrs.href !== undefined) {
      assert.match(attrs.href, /^(https?:\/\/|mailto:)/i, `href ${attrs.href}`);
      assert.doesNotMatch(attrs.href, /\s|javascript:|data:|vbscript:/i, `href ${attrs.href}`);
    }
    const el: El = { name: name!, attrs, children: [] };
    stack[stack.length - 1]!.children.push(el);
    if (name === 'meta') continue; // the one void element
    if (name === 'style') {
      const end = html.indexOf('</style>', i);
      assert.ok(end >= 0, '<style> is closed');
      style = html.slice(i, end);
      i = end + '</style>'.length;
      continue;
    }
    stack.push(el);
  }
  assert.equal(stack.length, 1, `unclosed: ${stack.slice(1).map((e) => e.name).join(' ')}`);
  return { root, style };
}

function* walk(el: El): Generator<El> {
  yield el;
  for (const c of el.children) if (typeof c !== 'string') yield* walk(c);
}
const all = (root: El, pred: (e: El) => boolean): El[] => [...walk(root)].filter(pred);
const byClass = (root: El, cls: string): El[] => all(root, (e) => (e.attrs.class ?? '').split(' ').includes(cls));
const textOf = (el: El): string => el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');

/** The safety properties that hold for any output: parses strictly, no script, no handler, no script URL. */
function assertSafe(html: string, page = false): El {
  const { root } = parseHtml(html, page);
  assert.doesNotMatch(html, /<script/i);
  // handler attributes: with attribute values blanked, no tag may hold `on…=`
  assert.doesNotMatch(html.replace(/="[^"]*"/g, '=""'), /<[^>]*\son\w+\s*=/i);
  assert.doesNotMatch(html, /href="\s*javascript:/i);
  return root;
}

/** How a report string reads once rendered: controls and lone surrogates become U+FFFD, all else stays. */
const visible = (s: string) =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** The cells of a table as a grid: checks every row has `width` columns once spans are counted. */
function grid(table: El, width: number): { cells: El[][]; at: (r: number, c: number) => El | undefined } {
  const rows = all(table, (e) => e.name === 'tr');
  const taken: (El | undefined)[][] = rows.map(() => []);
  const cells: El[][] = [];
  rows.forEach((tr, r) => {
    const own = tr.children.filter((c): c is El => typeof c !== 'string' && (c.name === 'td' || c.name === 'th'));
    cells.push(own);
    let c = 0;
    for (const cell of own) {
      while (taken[r]![c]) c++;
      const cs = Number(cell.attrs.colspan ?? 1);
      const rs = Number(cell.attrs.rowspan ?? 1);
      for (let y = 0; y < rs; y++) for (let x = 0; x < cs; x++) {
        assert.ok(taken[r + y], `rowspan of ${textOf(cell)} runs past the table`);
        assert.equal(taken[r + y]![c + x], undefined, `cells overlap at ${r + y},${c + x}`);
        taken[r + y]![c + x] = cell;
      }
      c += cs;
    }
  });
  taken.forEach((row, r) => assert.equal(row.filter(Boolean).length, width, `row ${r} of ${table.attrs.class} has ${row.length} columns`));
  return { cells, at: (r, c) => taken[r]?.[c] };
}

const lineOf = (text: string, needle: string): number => {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
};

/** Every line of block text repeated `factor` times (as scripts/bench.mjs scales the example). */
function scale(text: string, factor: number): string {
  const out: string[] = [];
  let blockIndent = -1;
  const indent = (line: string) => line.length - line.trimStart().length;
  for (const line of text.split('\n')) {
    if (blockIndent >= 0 && line.trim() !== '' && indent(line) > blockIndent) {
      for (let i = 0; i < factor; i++) out.push(line);
      continue;
    }
    if (line.trim() !== '') blockIndent = /:\s*[|>][-+]?\s*$/.test(line) ? indent(line) : -1;
    out.push(line);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------- the example

describe('the example, as the official document', () => {
  const result = render(EXAMPLE);
  const root = assertSafe(result.html);
  const text = textOf(root);

  test('ok, title, counts; one <article class="govreport">', () => {
    assert.equal(result.ok, true);
    assert.equal(result.title, '台儿庄区民政局2023年政府信息公开工作年度报告');
    assert.deepEqual([result.errors, result.warnings], [0, 0]);
    assert.match(result.html, /^<article class="govreport"[^>]*>[\s\S]*<\/article>$/);
    assert.equal(textOf(all(root, (e) => e.name === 'h1')[0]!), result.title);
  });

  test('an own title wins; without agency or year the default says what it can', () => {
    assert.equal(render(edit(EXAMPLE, 'year: 2023\n', 'year: 2023\ntitle: 台儿庄区民政局2023年度报告\n')).title, '台儿庄区民政局2023年度报告');
    assert.equal(render('format: 2021\nyear: 2023\n').title, '2023年政府信息公开工作年度报告');
  });

  test("FORMAT.md's rendering order", () => {
    const order = [
      '台儿庄区民政局2023年政府信息公开工作年度报告', '根据《中华人民共和国政府信息公开条例》', '一、总体情况', '（一）主动公开', '（二）依申请公开',
      '（三）政府信息管理', '（四）政府信息公开平台建设', '（五）监督保障', '二、主动公开政府信息情况', '第二十条第（一）项', '第二十条第（八）项',
      '三、收到和处理政府信息公开申请情况', '申请人情况', '四、结转下年度继续办理', '四、政府信息公开行政复议、行政诉讼情况', '行政复议',
      '五、存在的主要问题及改进情况', '（一）存在的主要问题', '（二）改进情况', '六、其他需要报告的事项', '一是收取信息处理费情况。',
      '七是其他有关文件专门要求通过年度报告予以报告的事项。', '台儿庄区民政局', '2024年1月16日',
    ];
    let from = -1;
    for (const s of order) {
      const at = text.indexOf(s, from + 1);
      assert.ok(at > from, `${s} comes after the previous item`);
      from = at;
    }
    // the preamble already gives the contact data: no second 联系方式 line
    assert.equal(byClass(root, 'gr-contact').length, 0);
  });

  test('headings: h2 for 一 … 六, h3 for （一） …; no data-line, marks or summary outside the preview', () => {
    assert.deepEqual(all(root, (e) => e.name === 'h2').map(textOf), [
      '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项',
    ]);
    assert.deepEqual(all(root, (e) => e.name === 'h3').map(textOf), [
      '（一）主动公开', '（二）依申请公开', '（三）政府信息管理', '（四）政府信息公开平台建设', '（五）监督保障', '（一）存在的主要问题', '（二）改进情况',
    ]);
    assert.doesNotMatch(result.html, /data-line|gr-problem|gr-summary/);
  });

  test('labels verbatim against FORMAT.md (every row, column and note label)', () => {
    const md = fs.readFileSync(FORMAT_MD, 'utf8');
    const labels: string[] = [];
    let section = '';
    for (const line of md.split('\n')) {
      const h = /^## (\S+)/.exec(line);
      // the example is a 2021-format report: the 2019 table 二 is checked in format-2019.test.ts
      if (h) { section = line.includes('(2019 format)') ? '' : h[1]!; continue; }
      const row = /^\| `([^`]+)` \| ([^|]+) \|(?: ([^|]+) \|)?/.exec(line);
      if (!row || !/^[一二三四五六]$/.test(section)) continue;
      const [, key, label, value] = row;
      if (key === 'summary' || key === 'extra') continue;
      labels.push(...label!.replace(/\s*\([^)]*\)\s*$/, '').split(/\s*·\s*/).map((s) => s.trim()));
      // 二's value column: 本年制发件数 …, 本年处理决定数量, 本年收费金额（单位：万元）
      if (section === '二' && value) labels.push(...(value.match(/[\u4e00-\u9fff（）：]{2,}/g) ?? []));
    }
    for (const list of md.matchAll(/`\[([^\]`]+)\]`/g)) labels.push(...list[1]!.split(/,\s*/));
    const note = /The template's note on this table: (\S+?)\.?$/m.exec(md);
    assert.ok(note, 'FORMAT.md gives the note of table 三');
    labels.push(note[1]!);
    assert.ok(labels.length >= 60, `found ${labels.length} labels`);
    const missing = labels.filter((l) => !text.includes(l));
    assert.deepEqual(missing, []);
  });

  test('table 二: four blocks (第二十条第（一）（五）（六）（八）项), each with its 信息内容 header row, 4 columns', () => {
    const table = byClass(root, 'gr-table-proactive')[0]!;
    const { cells } = grid(table, 4);
    assert.deepEqual(cells.map((row) => row.map(textOf).join('|')), [
      '第二十条第（一）项', '信息内容|本年制发件数|本年废止件数|现行有效件数', '规章|0|0|0', '行政规范性文件|0|0|0',
      '第二十条第（五）项', '信息内容|本年处理决定数量', '行政许可|0',
      '第二十条第（六）项', '信息内容|本年处理决定数量', '行政处罚|0', '行政强制|0',
      '第二十条第（八）项', '信息内容|本年收费金额（单位：万元）', '行政事业性收费|0',
    ]);
    assert.equal(cells[0]![0]!.attrs.colspan, '4');
    assert.equal(cells[6]![1]!.attrs.colspan, '3');
  });

  test('table 三: the merged header (note, 申请人情况, 法人或其他组织) and group cells spanning their rows', () => {
    const table = byClass(root, 'gr-table-applications')[0]!;
    const { cells, at } = grid(table, 10);
    assert.equal(cells.length, 3 + 25);
    const head = cells.slice(0, 3).map((row) => row.map((c) => [textOf(c), c.attrs.colspan ?? '1', c.attrs.rowspan ?? '1'].join(' ')));
    assert.deepEqual(head, [
      ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 3 3', '申请人情况 7 1'],
      ['自然人 1 2', '法人或其他组织 5 1', '总计 1 2'],
      ['商业企业 1 1', '科研机构 1 1', '社会公益组织 1 1', '法律服务机构 1 1', '其他 1 1'],
    ]);
    assert.ok(byClass(table, 'gr-note').length === 1);
    // label columns of the body: which cell covers columns 0, 1, 2 of each row
    const labels = cells.slice(3).map((_, r) => [0, 1, 2].map((c) => textOf(at(r + 3, c)!)));
    assert.deepEqual(labels[0], ['一、本年新收政府信息公开申请数量', '一、本年新收政府信息公开申请数量', '一、本年新收政府信息公开申请数量']);
    assert.deepEqual(labels[2], ['三、本年度办理结果', '（一）予以公开', '（一）予以公开']);
    assert.deepEqual(labels[3], ['三、本年度办理结果', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）']);
    assert.deepEqual(labels[4], ['三、本年度办理结果', '（三）不予公开', '1.属于国家秘密']);
    assert.deepEqual(labels[11], ['三、本年度办理结果', '（三）不予公开', '8.属于行政查询事项']);
    assert.deepEqual(labels[12], ['三、本年度办理结果', '（四）无法提供', '1.本机关不掌握相关政府信息']);
    assert.deepEqual(labels[15], ['三、本年度办理结果', '（五）不予处理', '1.信访举报投诉类申请']);
    assert.deepEqual(labels[20], ['三、本年度办理结果', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请']);
    assert.deepEqual(labels[23], ['三、本年度办理结果', '（七）总计', '（七）总计']);
    assert.deepEqual(labels[24], ['四、结转下年度继续办理', '四、结转下年度继续办理', '四、结转下年度继续办理']);
    const span = (label: string) => {
      const cell = all(table, (e) => (e.name === 'th' || e.name === 'td') && textOf(e) === label)[0]!;
      return [cell.attrs.colspan ?? '1', cell.attrs.rowspan ?? '1'].join('×');
    };
    assert.equal(span('三、本年度办理结果'), '1×22');
    assert.equal(span('（三）不予公开'), '1×8');
    assert.equal(span('（四）无法提供'), '1×3');
    assert.equal(span('（五）不予处理'), '1×5');
    assert.equal(span('（六）其他处理'), '1×3');
    assert.equal(span('一、本年新收政府信息公开申请数量'), '3×1');
    assert.equal(span('（七）总计'), '2×1');
    // seven numbers a row
    for (const row of cells.slice(3)) assert.equal(row.filter((c) => c.name === 'td').length, 7);
  });

  test('table 四: two header levels merged as the template, one data row of 15 cells', () => {
    const table = byClass(root, 'gr-table-appeals')[0]!;
    const { cells } = grid(table, 15);
    assert.equal(cells.length, 4);
    const head = cells.slice(0, 3).map((row) => row.map((c) => [textOf(c), c.attrs.colspan ?? '1', c.attrs.rowspan ?? '1'].join(' ')));
    const columns = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
    assert.deepEqual(head, [
      ['行政复议 5 1', '行政诉讼 10 1'],
      [...columns.map((c) => `${c} 1 2`), '未经复议直接起诉 5 1', '复议后起诉 5 1'],
      [...columns, ...columns].map((c) => `${c} 1 1`),
    ]);
    assert.equal(cells[3]!.length, 15);
    assert.ok(cells[3]!.every((c) => c.name === 'td' && textOf(c) === '0'));
  });

  test('六: 一是 … 七是, the label then the text', () => {
    const part = byClass(root, 'gr-part-other-matters')[0]!;
    const starts = all(part, (e) => e.name === 'p').map(textOf).filter((p) => /^[一二三四五六七八九十]+是/.test(p));
    assert.deepEqual(starts.map((p) => /^([一二三四五六七八九十]+是)/.exec(p)![1]), ['一是', '二是', '三是', '四是', '五是', '六是', '七是']);
    assert.equal(starts[0], '一是收取信息处理费情况。2023年，区民政局不存在因信息处理收取相关费用的情况。');
    assert.equal(starts[5], '六是本行政机关认为需要报告的其他事项。无。');
  });

  test('六: absent optional items are left out, the numbering stays consecutive; the required item always shows', () => {
    let text2 = edit(EXAMPLE, /  work_priorities: \|\n(?: {4}.*\n|\n)*?(?=  proposals:)/, '');
    text2 = edit(text2, /  innovation: \|\n.*\n/, '');
    text2 = edit(text2, '  other: 无。\n', '  other: "  "\n');
    const part = byClass(assertSafe(render(text2).html), 'gr-part-other-matters')[0]!;
    const paragraphs = all(part, (e) => e.name === 'p').map(textOf);
    assert.deepEqual(paragraphs.map((p) => p.slice(0, p.indexOf('。') + 1)), [
      '一是收取信息处理费情况。', '二是人大代表建议和政协提案办理结果公开情况。', '三是年度报告数据统计需要说明的事项。', '四是其他有关文件专门要求通过年度报告予以报告的事项。',
    ]);
    const noFees = render(edit(EXAMPLE, /  processing_fees: \|\n.*\n/, ''));
    assert.match(noFees.html, /<p>一是收取信息处理费情况。<\/p><p>二是落实上级年度政务公开工作要点情况。/);
  });

  test('signature: the agency and the date written 2024年1月16日, in a right-aligned block', () => {
    const signature = byClass(root, 'gr-signature')[0]!;
    assert.deepEqual(all(signature, (e) => e.name === 'p').map(textOf), ['台儿庄区民政局', '2024年1月16日']);
    // the date is Chinese whatever the message language; an odd date shows as written
    assert.match(render(edit(EXAMPLE, 'published: 2024-01-16', 'published: 2024-03-05'), { lang: 'en' }).html, /<p class="gr-date">2024年3月5日<\/p>/);
    assert.match(render(edit(EXAMPLE, 'published: 2024-01-16', 'published: 2024-02-30')).html, /<p class="gr-date">2024-02-30<\/p>/);
    assert.match(CSS, /\.gr-signature\s*\{[^}]*text-align:\s*right/);
  });

  test('text: a blank line separates paragraphs; lines inside a paragraph join', () => {
    const part = byClass(root, 'gr-part-other-matters')[0]!;
    const ps = all(part, (e) => e.name === 'p').map(textOf);
    const second = ps.findIndex((p) => p.startsWith('二是'));
    assert.ok(ps[second + 1]!.startsWith('1.加强领导'));
    assert.ok(ps[second + 2]!.startsWith('2.围绕群众关切'));
    assert.ok(ps[second + 3]!.startsWith('3.进一步做好解读回应'));
    assert.ok(ps[second + 4]!.startsWith('三是'));
    assert.deepEqual(splitParagraphs('一行\n二行\n\n\n  三段\n \n\u3000\u3000四段 \nEnglish\nwords\n').map((p) => p.text), ['一行二行', '三段', '四段English words']);
    const value = 'a\n\n  b c\n';
    for (const p of splitParagraphs(value)) assert.equal(value.slice(p.start, p.end).replace(/\n/g, ''), p.text.replace(/ /g, ' '));
    assert.deepEqual(splitParagraphs(' \n\n \t'), []);
  });

  test('extra subsections of 一 continue the numbering （六）（七）…, without a number of their own', () => {
    const text2 = edit(EXAMPLE, '  supervision: |', '  extra:\n    - title: （六）政务新媒体\n      text: |\n        第一段。\n\n        第二段。\n    - title: 其他工作\n      text: 其他。\n  supervision: |');
    const root2 = assertSafe(render(text2).html);
    const part = byClass(root2, 'gr-part-overview')[0]!;
    assert.deepEqual(all(part, (e) => e.name === 'h3').map(textOf).slice(5), ['（六）政务新媒体', '（七）其他工作']);
    const ps = all(part, (e) => e.name === 'p').map(textOf);
    assert.deepEqual(ps.slice(-3), ['第一段。', '第二段。', '其他。']);
    assert.equal(chineseNumber(10), '十');
    assert.equal(chineseNumber(12), '十二');
    assert.equal(chineseNumber(21), '二十一');
  });
});

// ---------------------------------------------------------------------------------- the preview

describe('preview: source lines, problem marks, summary', () => {
  test('data-line on every heading, paragraph, row and cell, pointing at the right source line', () => {
    const result = render(EXAMPLE, { preview: true });
    const root = assertSafe(result.html);
    for (const el of all(root, (e) => ['h1', 'h2', 'h3', 'p', 'tr', 'th', 'td'].includes(e.name))) {
      assert.match(el.attrs['data-line'] ?? '', /^\d+$/, `${el.name} ${textOf(el).slice(0, 20)} has a data-line`);
    }
    const lineAt = (pred: (e: El) => boolean) => Number(all(root, pred)[0]!.attrs['data-line']);
    const withText = (name: string, start: string) => (e: El) => e.name === name && textOf(e).startsWith(start);
    assert.equal(lineAt(withText('h1', '台儿庄')), lineOf(EXAMPLE, 'agency:'));
    assert.equal(lineAt(withText('h2', '一、')), lineOf(EXAMPLE, 'overview:'));
    assert.equal(lineAt(withText('h3', '（三）政府信息管理')), lineOf(EXAMPLE, '  management:'));
    assert.equal(lineAt(withText('p', '根据《中华人民共和国')), lineOf(EXAMPLE, '  根据《中华人民共和国'));
    assert.equal(lineAt(withText('p', '二是落实上级')), lineOf(EXAMPLE, '    2023年以来，我局认真对照'));
    assert.equal(lineAt(withText('p', '2.围绕群众关切')), lineOf(EXAMPLE, '    2.围绕群众关切'));
    assert.equal(lineAt(withText('p', '3.进一步做好')), lineOf(EXAMPLE, '    3.进一步做好'));
    assert.equal(lineAt(withText('p', '七是')), lineOf(EXAMPLE, '  other_required:'));
    assert.equal(lineAt(withText('th', '（三）不予公开')), lineOf(EXAMPLE, '    withheld:'));
    assert.equal(lineAt(withText('th', '3.危及')), lineOf(EXAMPLE, 'security_stability:'));
    assert.equal(lineAt(withText('th', '行政强制')), lineOf(EXAMPLE, '  coercion:'));
    assert.equal(lineAt(withText('p', '2024年1月16日')), lineOf(EXAMPLE, 'published:'));
    // table 四: each cell on the line of its row
    const appeals = byClass(root, 'gr-table-appeals')[0]!;
    const data = all(appeals, (e) => e.name === 'td').map((e) => Number(e.attrs['data-line']));
    assert.deepEqual(data, [...Array(5).fill(lineOf(EXAMPLE, '  review:')), ...Array(5).fill(lineOf(EXAMPLE, '  lawsuit_direct:')), ...Array(5).fill(lineOf(EXAMPLE, '  lawsuit_after_review:'))]);
  });

  test('data-line of paragraphs in CRLF, folded and quoted text', () => {
    const crlf = EXAMPLE.replace(/\n/g, '\r\n');
    const root = assertSafe(render(crlf, { preview: true }).html);
    const p = all(root, (e) => e.name === 'p' && textOf(e).startsWith('3.进一步做好'))[0]!;
    assert.equal(Number(p.attrs['data-line']), lineOf(EXAMPLE, '    3.进一步做好'));
    const folded = edit(EXAMPLE, /  other: 无。\n/, '  other: >\n    第一行\n    同一段\n\n    第二段\n');
    const root2 = assertSafe(render(folded, { preview: true }).html);
    const second = all(root2, (e) => e.name === 'p' && textOf(e) === '第二段')[0]!;
    assert.equal(Number(second.attrs['data-line']), lineOf(folded, '    第二段'));
  });

  test('a broken cell is marked as an error with the message as its title; the summary counts', () => {
    const text = edit(EXAMPLE, 'carried_over:  [0, 0, 0, 0, 0, 0, 0]', 'carried_over:  [0, 0, 无, 0, 0, 0, 0]');
    const analysis = analyze(text, { lang: 'en' });
    const result = renderReport(analysis, { lang: 'en', preview: true });
    const root = assertSafe(result.html);
    const marked = byClass(root, 'gr-problem');
    assert.equal(marked.length, 1, marked.map((e) => e.name + textOf(e)).join());
    const cell = marked[0]!;
    assert.equal(cell.name, 'td');
    assert.equal(textOf(cell), '无');
    assert.ok(byClass(root, 'gr-error').includes(cell));
    assert.equal(cell.attrs['data-line'], String(lineOf(text, 'carried_over:')));
    assert.equal(cell.attrs.title, analysis.diagnostics.map((d) => d.message).join('\n'));
    assert.match(cell.attrs.title!, /^二、上年结转政府信息公开申请数量·科研机构 must be a count/);
    const summary = byClass(root, 'gr-summary')[0]!;
    assert.equal(textOf(summary), 'Check results: 1 error, 0 warnings');
    assert.equal(result.errors, 1);
  });

  test('a warning on a text key marks its heading; problems nothing shows are listed under the summary', () => {
    const text = edit(edit(EXAMPLE, /  management: \|\n.*\n/, '  management: ""\n'), 'year: 2023\n', 'year: 2023\nagncy_kind: department\n');
    const root = assertSafe(render(text, { lang: 'en', preview: true }).html);
    const heading = all(root, (e) => e.name === 'h3' && textOf(e) === '（三）政府信息管理')[0]!;
    assert.equal(heading.attrs.class, 'gr-problem gr-warning');
    assert.match(heading.attrs.title!, /（三）政府信息管理 is empty/);
    const unplaced = byClass(root, 'gr-unplaced')[0]!;
    const items = all(unplaced, (e) => e.name === 'li');
    assert.equal(items.length, 1);
    assert.match(textOf(items[0]!), /Unknown key agncy_kind/);
    assert.equal(items[0]!.attrs['data-line'], String(lineOf(text, 'agncy_kind')));
    assert.match(textOf(byClass(root, 'gr-summary')[0]!), /1 error, 1 warning/);
  });

  test('the summary goes through t(): Chinese by default', () => {
    const root = assertSafe(render(EXAMPLE, { preview: true }).html);
    assert.match(textOf(byClass(root, 'gr-summary')[0]!), /0 个错误/);
  });
});

// ---------------------------------------------------------------------------------- invalid input

describe('invalid input: never throws, renders nothing for broken YAML', () => {
  test('not valid YAML: ok false, a banner and nothing else', () => {
    const result = render('format: 2021\nagency: [x\n', { lang: 'en' });
    assert.equal(result.ok, false);
    assert.equal(result.title, '');
    assertSafe(result.html);
    assert.match(result.html, /^<div class="gr-banner gr-error" role="alert" data-line="\d+">The text is not valid YAML/);
    assert.doesNotMatch(result.html, /<article/);
    assert.ok(result.errors >= 1);
  });

  test('odd shapes render what they can', () => {
    const odd = ['', 'null', '42', '- a\n- b', '"text"', 'overview: [1, 2]', 'overview: {extra: [1, null, {title: [1]}, {text: {a: 1}}]}', 'other_matters: x',
      'applications: {results: 5, received: {a: 1}}', 'appeals: [1]', 'proactive: {rules: [1, 2, 3], fees: {x: 1}}', 'contact: [1]', 'published: 20240116',
      'agency: 1\ntitle: [x]', `agency: ${'长'.repeat(5000)}`, 'applications:\n  received:\n    - 1\n    - "<x>"\n'];
    for (const text of odd) {
      const result = render(text, { preview: true });
      assert.equal(result.ok, true, text);
      assertSafe(result.html);
    }
  });

  test('fuzz: any text, any JSON-shaped report', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      const result = render(s, { preview: true });
      assertSafe(result.html);
    }), { numRuns: 200 });
    const base = analyze(EXAMPLE).document.data as Record<string, unknown>;
    fc.assert(fc.property(fc.constantFrom(...Object.keys(base)), fc.jsonValue(), (key, value) => {
      const result = render(JSON.stringify({ ...base, [key]: value }, null, 1), { preview: true });
      assert.equal(result.ok, true);
      assertSafe(result.html);
    }), { numRuns: 300 });
  });
});

// ---------------------------------------------------------------------------------- hostile text

/** A report (as JSON, which is YAML) with `payload` in every kind of field, each field marked by its name. */
function hostileReport(payload: string, bare: boolean): { text: string; fields: string[] } {
  // report data walked by field name
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const data = JSON.parse(JSON.stringify(analyze(EXAMPLE).document.data)) as Record<string, any>;
  const fields: string[] = [];
  const put = (name: string, set: (v: string) => void) => {
    const value = bare ? payload : `${name}:${payload}`;
    set(value);
    fields.push(value.trim());
  };
  if (bare) {
    // unmarked, so that a value starting with `javascript:` or `<` is tested as such; no preamble,
    // which would otherwise already hold the contact data
    delete data.preamble;
    put('website', (v) => { data.contact.website = v; });
    put('title', (v) => { data.title = v; });
  } else {
    put('agency', (v) => { data.agency = v; });
    put('title', (v) => { data.title = v; });
    put('published', (v) => { data.published = v; });
    put('address', (v) => { data.contact.address = v; });
    put('postcode', (v) => { data.contact.postcode = v; });
    put('phone', (v) => { data.contact.phone = v; });
    put('email', (v) => { data.contact.email = v; });
    put('preamble', (v) => { data.preamble = v; });
    put('summary', (v) => { data.overview.summary = v; });
    put('proactive', (v) => { data.overview.proactive = `第一段。\n\n${v}`; });
    put('extra-title', (v) => { data.overview.extra = [{ title: v, text: '正文。' }]; });
    put('extra-text', (v) => { data.overview.extra.push({ title: '标题', text: v }); });
    put('licensing', (v) => { data.proactive.licensing = v; });
    put('issued', (v) => { data.proactive.rules.issued = v; });
    put('received', (v) => { data.applications.received[0] = v; });
    put('review', (v) => { data.appeals.review[4] = v; });
    put('issues', (v) => { data.problems.issues = v; });
    put('fees', (v) => { data.other_matters.processing_fees = v; });
    put('other', (v) => { data.other_matters.other = v; });
  }
  return { text: JSON.stringify(data, null, 1), fields };
}

describe('hostile text is shown as text', () => {
  test(`the XSS corpus (${PAYLOADS.length} payloads) in every kind of field: escaped, never markup`, () => {
    assert.ok(PAYLOADS.length >= 50);
    const extra = ['NUL\u0000NUL', 'lone \ud800 high', 'lone \udc00 low', '\u202eRTL override\u202c', '\u2066isolate\u2069 \u200f', '&lt;four characters', 'bell\u0007'];
    for (const payload of [...PAYLOADS, ...extra]) {
      for (const bare of [false, true]) {
        const { text, fields } = hostileReport(payload, bare);
        const analysis = analyze(text, { lang: 'en' });
        assert.equal(analysis.document.syntax.length, 0, `${payload}: ${analysis.document.syntax[0]?.message}`);
        for (const preview of [false, true]) {
          const html = renderReport(analysis, { lang: 'en', preview }).html;
          const shown = textOf(assertSafe(html));
          for (const field of fields) {
            assert.ok(shown.includes(visible(field)), `${JSON.stringify(field)} is shown as text (preview: ${preview})`);
            if (/[<>&"]/.test(field)) assert.ok(!html.includes(field), `${JSON.stringify(field)} is not in the HTML as is`);
          }
        }
        const page = renderStandalone(analysis, { lang: 'en', css: CSS }).html;
        assertSafe(page, true);
      }
    }
  });

  test('payloads as keys: the messages that name them are escaped too (preview)', () => {
    for (const payload of PAYLOADS) {
      const text = `${EXAMPLE}\n${JSON.stringify(payload)}: 1\n`;
      const html = render(text, { lang: 'en', preview: true }).html;
      const shown = textOf(assertSafe(html));
      assert.ok(shown.includes(`Unknown key ${payload}`), payload);
    }
  });

  test('the hostile fixture: every field shown as typed, script URLs never linked', () => {
    const result = render(HOSTILE, { lang: 'en', preview: true });
    assert.equal(result.ok, true);
    const root = assertSafe(result.html);
    const shown = textOf(root);
    for (const s of [
      "<script>alert('agency')</script>", '"><svg onload=alert(\'title\')>', "2024-01-16<img src=x onerror=alert('published')>",
      'javascript:alert(1)', "<img src=x onerror=alert('address')>", "</style><script>alert('postcode')</script>", '\u202e0632-6611794 rtl',
      '<b onmouseover="alert(\'preamble\')">&lt;script&gt; stays &amp;lt; as typed</b>', "{{constructor.constructor('alert(1)')()}} ${7*7} <%= 7*7 %>",
      "<IMG SRC=JaVaScRiPt:alert('XSS')> continues <a href=\"javascript:alert(1)\">link</a>", '<style>body{display:none}</style>',
      "（六）<img src=x onerror=alert('extra title')>", '（七）"><svg onload=alert(\'numbered\')>', "javascript:alert('extra text')",
      "<script>alert('issued')</script>", "<img src=x onerror=alert('licensing')>", '<b>received</b>', '"><svg onload=alert(\'review\')>',
      '一是收取信息处理费情况。<a href="javascript:alert(\'fees\')">x</a>', '二是落实上级年度政务公开工作要点情况。&lt;not a tag&gt; &#60;script&#62; &amp;',
      "Unknown key <img src=x onerror=alert('unknown key')>",
      'NUL:\ufffd lone high:\ufffd lone low:\ufffd rtl:\u202e override \u2066isolate\u2069 bell:\ufffd',
    ]) assert.ok(shown.includes(s), `shown: ${JSON.stringify(s)}`);
    // entities typed in the report show as typed: `&lt;` is four characters on the page
    assert.ok(result.html.includes('&amp;lt;not a tag&amp;gt;'));
    // the one link: the e-mail address is not a plain address, the website a script URL: none
    assert.equal(all(root, (e) => e.name === 'a').length, 0);
    // the right-to-left override in the phone number cannot reorder the next value
    assert.match(result.html, /<bdi>\u202e0632-6611794 rtl<\/bdi>/);
    // problem titles quote the hostile values, escaped
    assert.ok(all(root, (e) => e.attrs.title !== undefined).some((e) => e.attrs.title!.includes("<script>alert('issued')</script>")));
  });

  test('links only for http(s) and plain e-mail addresses, with escaped attributes', () => {
    // without a preamble, the contact data shows in its own line
    const text = edit(edit(EXAMPLE, /preamble: \|\n.*\n/, ''), 'website: http://www.tez.gov.cn/', 'website: \'https://x.org/?a=1&b="2"><svg onload=alert(1)>\'');
    const root = assertSafe(render(text).html);
    const links = all(root, (e) => e.name === 'a');
    assert.deepEqual(links.map((a) => a.attrs.href), ['mailto:tezmzjbgs@zz.shandong.cn']);
    const text2 = edit(text, /website: '[^\n]*'/, 'website: https://www.tez.gov.cn/?q="x"');
    const links2 = all(assertSafe(render(text2).html), (e) => e.name === 'a').map((a) => a.attrs.href);
    assert.deepEqual(links2, ['https://www.tez.gov.cn/?q="x"', 'mailto:tezmzjbgs@zz.shandong.cn']);
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', '//evil.example', 'http://a b', 'vbscript:x']) {
      const html = render(edit(text, /website: '[^\n]*'/, `website: ${JSON.stringify(bad)}`)).html;
      assert.ok(!/<a href="(?!mailto)/.test(html), bad);
    }
  });
});

// ---------------------------------------------------------------------------------- standalone

describe('standalone document', () => {
  test('doctype, charset, CSP, inline style, the article; no script, no external resource', () => {
    const page = standalone(EXAMPLE);
    assert.equal(page.ok, true);
    const { root, style } = parseHtml(page.html, true);
    assertSafe(page.html, true);
    assert.ok(page.html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'));
    assert.ok(page.html.includes('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">'));
    assert.equal(style?.trim(), CSS.trim());
    assert.equal(textOf(all(root, (e) => e.name === 'title')[0]!), '台儿庄区民政局2023年政府信息公开工作年度报告');
    assert.equal(byClass(root, 'govreport').length, 1);
    assert.doesNotMatch(page.html, /<(script|link|img|iframe|object|embed)\b|\bsrc=|@import|url\(/i);
    assert.doesNotMatch(page.html.slice(page.html.indexOf('<body')), /data-line|gr-summary/);
    // the CSP comes before anything it governs
    assert.ok(page.html.indexOf('Content-Security-Policy') < page.html.indexOf('<style>'));
  });

  test('a </style> in the stylesheet cannot end the element; the title is escaped', () => {
    const page = standalone(edit(EXAMPLE, 'year: 2023\n', 'year: 2023\ntitle: </title><script>alert(1)</script>\n'), '.x{}</style><script>alert(1)</script>');
    assertSafe(page.html, true);
    assert.ok(page.html.includes('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>'));
  });

  test('not valid YAML: ok false', () => {
    const page = standalone('a: [');
    assert.equal(page.ok, false);
    assertSafe(page.html, true);
  });
});

// ---------------------------------------------------------------------------------- stylesheet, speed

describe('stylesheet and speed', () => {
  test('media/report.css: GB/T 9704 typography, A4 print, editor themes, problem marks', () => {
    for (const s of [
      '方正小标宋简体', '"FZXiaoBiaoSong-B05S"', '"Source Han Serif SC"', '"Noto Serif CJK SC"', 'SimSun', '"Songti SC"',
      '仿宋_GB2312', 'FangSong', 'STFangsong', 'SimHei', '"Heiti SC"', '"Noto Sans CJK SC"', 'KaiTi', 'STKaiti', '"AR PL UKai CN"',
      'font-size: 22pt', 'font-size: 16pt', 'font-size: 10.5pt', 'line-height: 28pt', 'text-indent: 2em',
      'size: A4', 'margin: 37mm 26mm 35mm 28mm', 'page-break-inside: avoid', 'break-after: avoid',
      'body.vscode-dark', 'var(--vscode-editor-foreground, #000)', '@media print', '.gr-problem', '.gr-error', '.gr-warning', '.gr-summary', '.gr-banner',
    ]) assert.ok(CSS.includes(s), `report.css has ${s}`);
    assert.match(CSS, /th,\s*\n\.govreport td \{[^}]*border: 1px solid/);
  });

  // render times are measured by `npm run bench` ("render preview fragment"), not asserted here
  test('the ×100 copy renders every paragraph of its prose', () => {
    const big = scale(EXAMPLE, 100);
    assert.ok(big.length > EXAMPLE.length * 50);
    // every line of prose is there 100 times (the lines of one block become one paragraph)
    const line = /\n {2}preamble: \|\n {4}([^\n]{8,})/.exec(EXAMPLE)?.[1] ?? /\n {4}([^\n]{8,})/.exec(EXAMPLE)![1]!;
    const count = (text: string) => renderReport(analyze(text), { lang: 'zh', preview: true }).html.split(line.trim()).length - 1;
    assert.equal(count(EXAMPLE), 1);
    assert.equal(count(big), 100);
  });
});
