import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, foldingRanges, parseReport, selectionRanges, type OffsetRange, type SymbolNode } from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

const doc = (text: string) => parseReport(text, 'en');
const slice = (text: string, r: OffsetRange) => text.slice(r.start, r.end);
/** The offset of `needle` (which must occur once) plus `plus`. */
function at(text: string, needle: string, plus = 0): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0 && text.indexOf(needle, i + 1) < 0, `not exactly once: ${needle}`);
  return i + plus;
}
const brief = (s: SymbolNode): string => `${s.kind} ${s.name}${s.detail ? ` [${s.detail}]` : ''}`;
const find = (symbols: SymbolNode[], name: string) => symbols.find((s) => s.name === name)!;

const EXTRA = edit(EXAMPLE, '  supervision: |', '  extra:\n    - title: （六）其他工作\n      text: |\n        其他。\n    - text: 无标题\n  supervision: |');

describe('document symbols', () => {
  const symbols = documentSymbols(doc(EXAMPLE), 'zh');
  test('top level: the fields, then 一 … 六 under their official titles', () => {
    assert.deepEqual(symbols.map(brief), [
      'field 格式 [2021]', 'field 机关名称 [台儿庄区民政局]', 'field 报告年度 [2023]', 'field 成文日期 [2024-01-16]',
      'field 联系方式 [contact]', 'field 前言 [根据《中华人民共和国政府信息公开条例》（国务院令第711号）…]',
      'section 一、总体情况 [overview]', 'table 二、主动公开政府信息情况 [proactive]', 'table 三、收到和处理政府信息公开申请情况 [applications]',
      'table 四、政府信息公开行政复议、行政诉讼情况 [appeals]', 'section 五、存在的主要问题及改进情况 [problems]', 'section 六、其他需要报告的事项 [other_matters]',
    ]);
  });
  test('ranges: the key is the selection range, the key and its value the range', () => {
    const overview = find(symbols, '一、总体情况');
    assert.equal(slice(EXAMPLE, overview.selectionRange), 'overview');
    const text = slice(EXAMPLE, overview.range);
    assert.ok(text.startsWith('overview:\n  proactive: |\n'));
    assert.ok(text.endsWith('没有人员受到问责处理。'), 'ends with the last character of the text, not the blank line after it');
    const agency = find(symbols, '机关名称');
    assert.equal(slice(EXAMPLE, agency.range), 'agency: 台儿庄区民政局');
    for (const s of symbols) assert.ok(s.range.start <= s.selectionRange.start && s.selectionRange.end <= s.range.end);
  });
  test('text fields under their part, rows under their table, 三 with its result groups', () => {
    assert.deepEqual(find(symbols, '五、存在的主要问题及改进情况').children.map(brief), [
      'field （一）存在的主要问题 [2023年我局在政府信息公开工作方面取得了一定成绩，但对照上…]', 'field （二）改进情况 [一是强化意识引导，加强政务公开工作人员思想意识，积极探索新措…]',
    ]);
    assert.deepEqual(find(symbols, '二、主动公开政府信息情况').children.map(brief), [
      'row 规章 [{issued: 0, repealed: 0, in_force: 0}]', 'row 行政规范性文件 [{issued: 0, repealed: 0, in_force: 0}]',
      'row 行政许可 [0]', 'row 行政处罚 [0]', 'row 行政强制 [0]', 'row 行政事业性收费 [0]',
    ]);
    const applications = find(symbols, '三、收到和处理政府信息公开申请情况');
    assert.deepEqual(applications.children.map(brief), [
      'row 一、本年新收政府信息公开申请数量 [[0, 0, 0, 0, 0, 0, 0]]', 'row 二、上年结转政府信息公开申请数量 [[0, 0, 0, 0, 0, 0, 0]]',
      'section 三、本年度办理结果 [results]', 'row 四、结转下年度继续办理 [[0, 0, 0, 0, 0, 0, 0]]',
    ]);
    const results = find(applications.children, '三、本年度办理结果');
    assert.deepEqual(results.children.map((s) => `${s.kind} ${s.name} ${s.children.length}`), [
      'row （一）予以公开 0', 'row （二）部分公开（区分处理的，只计这一情形，不计其他情形） 0', 'section （三）不予公开 8', 'section （四）无法提供 3',
      'section （五）不予处理 5', 'section （六）其他处理 3', 'row （七）总计 0',
    ]);
    assert.deepEqual(find(results.children, '（三）不予公开').children[0]!.selectionRange, { start: at(EXAMPLE, 'state_secret'), end: at(EXAMPLE, 'state_secret') + 12 });
    assert.deepEqual(find(symbols, '四、政府信息公开行政复议、行政诉讼情况').children.map((s) => s.name), ['行政复议', '行政诉讼 · 未经复议直接起诉', '行政诉讼 · 复议后起诉']);
    assert.deepEqual(find(symbols, '联系方式').children.map(brief), [
      'field 网址 [http://www.tez.gov.cn/]', 'field 地址 [台儿庄区兴中路86号]', 'field 邮编 [277400]', 'field 联系电话 [0632-6611794]', 'field 电子邮箱 [tezmzjbgs@zz.shandong.cn]',
    ]);
  });
  test('subsections of 一 are named by their title, else numbered, in both languages', () => {
    for (const [lang, second] of [['zh', '第2项'], ['en', 'Item 2']] as const) {
      const overview = find(documentSymbols(doc(EXTRA), lang), '一、总体情况');
      const extra = find(overview.children, '其他小节');
      assert.deepEqual(extra.children.map(brief), ['section （六）其他工作', `section ${second}`]);
      assert.equal(slice(EXTRA, extra.children[0]!.selectionRange), '（六）其他工作');
      assert.equal(slice(EXTRA, extra.children[0]!.range), 'title: （六）其他工作\n      text: |\n        其他。');
      assert.deepEqual(extra.children[0]!.children.map(brief), ['field 标题 [（六）其他工作]', 'field 正文 [其他。]']);
    }
  });
  test('unknown keys appear as written', () => {
    const text = edit(EXAMPLE, 'year: 2023\n', 'year: 2023\nnotes:\n  a: 1\n');
    const notes = find(documentSymbols(doc(text), 'en'), 'notes');
    assert.equal(brief(notes), 'key notes [notes]');
    assert.deepEqual(notes.children.map(brief), ['key a [1]']);
  });
  test('a document with syntax errors keeps what the parser recovered', () => {
    const text = edit(EXAMPLE, '  review:               [0, 0, 0, 0, 0]', '  review:               [0, 0, 0, 0, 0\n  bad: : :');
    const symbols = documentSymbols(doc(text), 'en');
    assert.ok(doc(text).syntax.length > 0);
    assert.equal(symbols.length, 12);
    assert.deepEqual(find(symbols, '三、收到和处理政府信息公开申请情况').children.length, 4);
  });
  test('never throws; nothing for empty or non-mapping texts', () => {
    assert.deepEqual(documentSymbols(doc(''), 'zh'), []);
    assert.deepEqual(documentSymbols(doc('- a\n- b\n'), 'zh'), []);
    assert.deepEqual(documentSymbols(doc('just text'), 'zh'), []);
    for (let n = 0; n < EXAMPLE.length; n += 97) assert.doesNotThrow(() => documentSymbols(doc(EXAMPLE.slice(0, n)), 'zh'));
  });
});

describe('folding ranges', () => {
  test('mappings and block scalars from their key line, and comment runs, on the example', () => {
    assert.deepEqual(foldingRanges(doc(EXAMPLE)), [
      { startLine: 0, endLine: 1, kind: 'comment' }, { startLine: 6, endLine: 11 }, { startLine: 13, endLine: 14 },
      { startLine: 17, endLine: 27 }, { startLine: 18, endLine: 19 }, { startLine: 20, endLine: 21 }, { startLine: 22, endLine: 23 },
      { startLine: 24, endLine: 25 }, { startLine: 26, endLine: 27 }, { startLine: 30, endLine: 36 },
      { startLine: 38, endLine: 39, kind: 'comment' }, { startLine: 40, endLine: 70 }, { startLine: 43, endLine: 69 },
      { startLine: 46, endLine: 54 }, { startLine: 55, endLine: 58 }, { startLine: 59, endLine: 64 }, { startLine: 65, endLine: 68 },
      { startLine: 72, endLine: 73, kind: 'comment' }, { startLine: 74, endLine: 77 }, { startLine: 80, endLine: 84 },
      { startLine: 81, endLine: 82 }, { startLine: 83, endLine: 84 }, { startLine: 87, endLine: 105 }, { startLine: 88, endLine: 89 },
      { startLine: 90, endLine: 97 }, { startLine: 98, endLine: 99 }, { startLine: 100, endLine: 101 }, { startLine: 102, endLine: 103 },
    ]);
  });
  test('`# region` markers; `#` lines inside a block scalar are text; sequence items fold', () => {
    const text = [
      '# region 基本信息', // 0
      'format: 2021', // 1
      'agency: 甲', // 2
      '# endregion', // 3
      'overview:', // 4
      '  extra:', // 5
      '    - title: 甲', // 6
      '      text: |', // 7
      '        # 不是注释', // 8
      '        # 也不是', // 9
      '# a', // 10
      '# b', // 11
      '# c', // 12
      'year: 2023', // 13
    ].join('\n');
    assert.deepEqual(foldingRanges(doc(text)), [
      { startLine: 0, endLine: 3, kind: 'region' }, { startLine: 4, endLine: 9 }, { startLine: 5, endLine: 9 }, { startLine: 6, endLine: 9 },
      { startLine: 7, endLine: 9 }, { startLine: 10, endLine: 12, kind: 'comment' },
    ]);
  });
  test('CRLF line ends, broken and empty texts', () => {
    assert.deepEqual(foldingRanges(doc('contact:\r\n  phone: "1"\r\n  email: a@b\r\n')), [{ startLine: 0, endLine: 2 }]);
    assert.deepEqual(foldingRanges(doc('')), []);
    const broken = 'appeals:\n  review: [0, 0\n  x: : :\n# a\n# b\n';
    assert.ok(doc(broken).syntax.length > 0);
    assert.deepEqual(foldingRanges(doc(broken)).filter((f) => f.kind === 'comment'), [{ startLine: 3, endLine: 4, kind: 'comment' }]);
    for (let n = 0; n < EXAMPLE.length; n += 97) assert.doesNotThrow(() => foldingRanges(doc(EXAMPLE.slice(0, n))));
  });
});

describe('selection ranges', () => {
  const chain = (text: string, offset: number) => selectionRanges(doc(text), [offset])[0]!.map((r) => slice(text, r));
  const line = (text: string, needle: string) => {
    const start = at(text, needle);
    return text.slice(start, text.indexOf('\n', start));
  };

  test('a cell grows to its row, the row with its key, the group, … the document', () => {
    const got = chain(EXAMPLE, at(EXAMPLE, 'state_secret:         [0', 23));
    const withheld = EXAMPLE.slice(at(EXAMPLE, 'state_secret:'), at(EXAMPLE, 'administrative_query: [0, 0, 0, 0, 0, 0, 0]', 43));
    assert.deepEqual(got.slice(0, 5), ['0', '[0, 0, 0, 0, 0, 0, 0]', 'state_secret:         [0, 0, 0, 0, 0, 0, 0]', withheld, `withheld:                                     # （三）不予公开\n      ${withheld}`]);
    assert.ok(got[5]!.startsWith('disclosed:') && got[5]!.endsWith('total:                [0, 0, 0, 0, 0, 0, 0]'));
    assert.ok(got[6]!.startsWith('results:'));
    assert.ok(got[7]!.startsWith('received:') && got[7]!.endsWith('carried_forward: [0, 0, 0, 0, 0, 0, 0]'));
    assert.ok(got[8]!.startsWith('applications:\n'));
    assert.equal(got[9], EXAMPLE);
    assert.equal(got.length, 10);
  });
  test('each range contains the one before, and the first contains the offset', () => {
    const offsets = [0, 5, at(EXAMPLE, 'received') + 8, at(EXAMPLE, '极大地拓宽了'), at(EXAMPLE, '# 一、总体情况'), EXAMPLE.length, EXAMPLE.length + 10, -3];
    const all = selectionRanges(doc(EXAMPLE), offsets);
    assert.equal(all.length, offsets.length);
    all.forEach((ranges, i) => {
      const o = Math.max(0, Math.min(offsets[i]!, EXAMPLE.length));
      assert.ok(ranges[0]!.start <= o && o <= ranges[0]!.end, `offset ${o}`);
      for (let k = 1; k < ranges.length; k++) {
        assert.ok(ranges[k]!.start <= ranges[k - 1]!.start && ranges[k - 1]!.end <= ranges[k]!.end);
        assert.notDeepEqual(ranges[k], ranges[k - 1]);
      }
      assert.deepEqual(ranges[ranges.length - 1], { start: 0, end: EXAMPLE.length });
    });
  });
  test('a key (cursor at its end too): the key, the pair, the mapping', () => {
    const got = chain(EXAMPLE, at(EXAMPLE, '  received:', 10));
    assert.deepEqual(got.slice(0, 2), ['received', 'received:      [0, 0, 0, 0, 0, 0, 0]']);
    assert.ok(got[2]!.startsWith('received:') && got[2]!.endsWith('carried_forward: [0, 0, 0, 0, 0, 0, 0]'));
  });
  test('prose: the sentence, the line, the block scalar, the field', () => {
    const got = chain(EXAMPLE, at(EXAMPLE, '极大地拓宽了信息公开渠道'));
    const paragraph = line(EXAMPLE, '2023年我局继续坚持');
    assert.deepEqual(got.slice(0, 4), [
      '2023年我局继续坚持以“公开为原则，不公开为例外”的原则，极大地拓宽了信息公开渠道。',
      paragraph, `|\n    ${paragraph}`, `proactive: |\n    ${paragraph}`,
    ]);
    // a paragraph of several lines: the line is between the sentence and the scalar
    const second = chain(EXAMPLE, at(EXAMPLE, '夯实责任，建立健全'));
    assert.deepEqual(second.slice(0, 2), ['1.加强领导，夯实责任，建立健全政务公开工作长效机制。', line(EXAMPLE, '1.加强领导，夯实责任')]);
    assert.ok(second[2]!.startsWith('|\n    2023年以来') && second[2]!.endsWith('搭建起政民互动平台桥梁。'));
  });
  test('a comment line or a broken document: the enclosing structure, then the document', () => {
    assert.deepEqual(chain(EXAMPLE, at(EXAMPLE, '# 一、总体情况', 2)), [EXAMPLE]);
    const broken = 'appeals:\n  review: [0, 0\n  x: : :\n';
    const got = chain(broken, broken.indexOf('review') + 2);
    assert.equal(got[0], 'review');
    assert.equal(got[got.length - 1], broken);
    assert.deepEqual(selectionRanges(doc(''), [0, 3]), [[{ start: 0, end: 0 }], [{ start: 0, end: 0 }]]);
  });
});
