import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, cellTitle, hover, totalEquations, type Lang } from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

/** The offset of `needle` (which must occur once) plus `plus`. */
function at(text: string, needle: string, plus = 0): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0 && text.indexOf(needle, i + 1) < 0, `not exactly once: ${needle}`);
  return i + plus;
}
const hoverAt = (text: string, offset: number, lang: Lang) => hover(analyze(text, { lang }), offset, lang);
const covered = (text: string, h: { range: { start: number; end: number } } | undefined) => h && text.slice(h.range.start, h.range.end);

// received: 1 + 0 + 2 + 0 + 0 + 0 = 3, but 4 is written
const WRONG_ROW = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 2, 0, 0, 0, 4]');

describe('hover on a key', () => {
  test('shows the official label, the explanation and the key path (Chinese explanation only in zh)', () => {
    const offset = at(EXAMPLE, '  received:', 4);
    const zh = hoverAt(EXAMPLE, offset, 'zh')!;
    assert.equal(covered(EXAMPLE, zh), 'received');
    assert.equal(zh.markdown, '**一、本年新收政府信息公开申请数量**\n\n本年新收的申请数。\n\n一行7个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。\n\n`applications.received`');
    const en = hoverAt(EXAMPLE, offset, 'en')!;
    assert.deepEqual(en.range, zh.range);
    assert.equal(en.markdown, '**一、本年新收政府信息公开申请数量**\n\n本年新收的申请数。\n\n一行7个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。\n\n'
      + 'Seven counts: natural persons, then the five kinds of legal persons or other organisations, then the total (总计 = the sum of the first six).\n\n`applications.received`');
  });
  test('works on the first and the last character of a key, not on the colon', () => {
    const start = at(EXAMPLE, 'overview:');
    assert.equal(covered(EXAMPLE, hoverAt(EXAMPLE, start, 'en')), 'overview');
    assert.equal(covered(EXAMPLE, hoverAt(EXAMPLE, start + 7, 'en')), 'overview');
    assert.equal(hoverAt(EXAMPLE, start + 8, 'en'), undefined);
    assert.match(hoverAt(EXAMPLE, start, 'zh')!.markdown, /^\*\*一、总体情况\*\*\n\n总体情况须写明五个方面/);
  });
  test('keys inside a flow mapping of table 二', () => {
    const h = hoverAt(EXAMPLE, at(EXAMPLE, 'rules: {issued', 9), 'zh')!;
    assert.equal(covered(EXAMPLE, h), 'issued');
    assert.equal(h.markdown, '**本年制发件数**\n\n本年新制发的件数。\n\n`proactive.rules.issued`');
  });
  test('a short value explains its key; prose does not', () => {
    const h = hoverAt(EXAMPLE, at(EXAMPLE, 'year: 2023', 7), 'en')!;
    assert.equal(covered(EXAMPLE, h), '2023');
    assert.equal(h.markdown, '**报告年度**\n\n统计期限为本年1月1日至12月31日。\n\nThe statistics period: 1 January – 31 December of this year.\n\n`year`');
    assert.equal(hoverAt(EXAMPLE, at(EXAMPLE, '2023年我局继续坚持'), 'zh'), undefined);
  });
  test('an unknown key has no label: only the schema rule shows, on the diagnostic range', () => {
    const text = edit(EXAMPLE, 'year: 2023\n', 'year: 2023\nyaer: 2023\n');
    for (const lang of ['zh', 'en'] as const) {
      const h = hoverAt(text, at(text, 'yaer') + 1, lang)!;
      assert.equal(covered(text, h), 'yaer');
      assert.equal(h.markdown, lang === 'zh'
        ? '规则 `schema`：不符合报告格式：缺少必填项、未知的键、类型或取值错误、列数不对（默认级别：错误）'
        : 'Rule `schema`: Not in the report format: missing or unknown key, wrong type or value, wrong number of columns (default: error)');
    }
  });
  test('nothing on comments and blank lines of a valid report', () => {
    assert.equal(hoverAt(EXAMPLE, at(EXAMPLE, '# 一、总体情况') + 3, 'en'), undefined);
    assert.equal(hoverAt(EXAMPLE, at(EXAMPLE, '\n\n# 二、') + 1, 'en'), undefined);
  });
});

describe('hover on a table cell', () => {
  test('names the row with its groups and the column, and shows the value', () => {
    const offset = at(EXAMPLE, 'state_secret:         [0', 23);
    const zh = hoverAt(EXAMPLE, offset, 'zh')!;
    assert.equal(zh.range.start, offset);
    assert.equal(zh.range.end, offset + 1);
    assert.equal(zh.markdown, '**三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 自然人**\n\n填报值：`0`\n\n`applications.results.withheld.state_secret[0]`');
    assert.equal(hoverAt(EXAMPLE, offset, 'en')!.markdown, '**三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 自然人**\n\nValue: `0`\n\n`applications.results.withheld.state_secret[0]`');
  });
  test('cell titles of both tables', () => {
    assert.equal(cellTitle(['applications', 'received'], 1, 'zh'), '一、本年新收政府信息公开申请数量 × 商业企业');
    assert.equal(cellTitle(['applications', 'results', 'disclosed'], 5, 'zh'), '三、本年度办理结果 ·（一）予以公开 × 其他');
    assert.equal(cellTitle(['appeals', 'lawsuit_direct'], 3, 'en'), '行政诉讼 · 未经复议直接起诉 × 尚未审结');
    // a cell beyond the template's columns
    assert.equal(cellTitle(['appeals', 'review'], 5, 'en'), '行政复议 × column 6');
    assert.equal(cellTitle(['appeals', 'review'], 5, 'zh'), '行政复议 × 第6列');
  });
  test('a total that adds up shows its terms and sum', () => {
    const text = edit(EXAMPLE, 'lawsuit_direct:       [0, 0, 0, 0, 0]', 'lawsuit_direct:       [1, 0, 2, 0, 3]');
    const offset = at(text, 'lawsuit_direct:       [1, 0, 2, 0, 3]', 35);
    assert.equal(hoverAt(text, offset, 'en')!.markdown, '**行政诉讼 · 未经复议直接起诉 × 总计**\n\nValue: `3`\n\nSum of the columns of this row = 1 + 0 + 2 + 0 = 3\n\n`appeals.lawsuit_direct[4]`');
    assert.equal(hoverAt(text, offset, 'zh')!.markdown, '**行政诉讼 · 未经复议直接起诉 × 总计**\n\n填报值：`3`\n\n本行各列之和 = 1 + 0 + 2 + 0 = 3\n\n`appeals.lawsuit_direct[4]`');
  });
  test('a total that disagrees shows both numbers and the rule', () => {
    const offset = at(WRONG_ROW, 'received:      [1', 34);
    const en = hoverAt(WRONG_ROW, offset, 'en')!;
    assert.equal(covered(WRONG_ROW, en), '4');
    assert.equal(en.markdown, '**一、本年新收政府信息公开申请数量 × 总计**\n\nValue: `4`\n\nSum of the columns of this row = 1 + 0 + 2 + 0 + 0 + 0 = 3\n\n'
      + '⚠ The table says 4, but the sum is 3\n\n`applications.received[6]`\n\n---\n\n'
      + 'Rule `row-total`: In table 三, every row total equals the sum of its six columns (default: error)');
    assert.equal(hoverAt(WRONG_ROW, offset, 'zh')!.markdown, '**一、本年新收政府信息公开申请数量 × 总计**\n\n填报值：`4`\n\n本行各列之和 = 1 + 0 + 2 + 0 + 0 + 0 = 3\n\n'
      + '⚠ 表中填写 4，但合计应为 3\n\n`applications.received[6]`\n\n---\n\n'
      + '规则 `row-total`：三、申请情况表每行的总计等于前六列之和（默认级别：错误）');
  });
  test('（七）总计: every column is the sum of the 21 results; its 总计 also the sum of its columns', () => {
    const text = edit(EXAMPLE, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [3, 0, 0, 0, 0, 0, 3]');
    const zeros = Array(20).fill(' + 0').join('');
    const first = at(text, '    total:                [0', 27);
    assert.equal(hoverAt(text, first, 'en')!.markdown, '**三、本年度办理结果 ·（七）总计 × 自然人**\n\nValue: `0`\n\n'
      + `Sum of the 21 results in this column = 3${zeros} = 3\n\n⚠ The table says 0, but the sum is 3\n\n\`applications.results.total[0]\`\n\n---\n\n`
      + 'Rule `results-total`: （七）总计 equals, per column, the sum of the result rows (21 in the 2021 format, 19 in 2019) (default: error)');
    const last = first + 18;
    assert.equal(text[last], '0');
    assert.equal(hoverAt(text, last, 'zh')!.markdown, '**三、本年度办理结果 ·（七）总计 × 总计**\n\n填报值：`0`\n\n本行各列之和 = 0 + 0 + 0 + 0 + 0 + 0 = 0\n\n'
      + `本列21项办理结果之和 = 3${zeros} = 3\n\n⚠ 表中填写 0，但合计应为 3\n\n\`applications.results.total[6]\`\n\n---\n\n`
      + '规则 `results-total`：（七）总计每列等于各项办理结果之和（2021年格式21项，2019年格式19项）（默认级别：错误）');
  });
  test('equations need counts: a term that is not a number gives none', () => {
    const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [-, 0, 0, 0, 0, 0, 0]');
    const doc = analyze(text).document;
    assert.deepEqual(totalEquations(doc, ['applications', 'received'], 6), []);
    assert.deepEqual(totalEquations(analyze(WRONG_ROW).document, ['applications', 'received'], 6), [{ kind: 'columns', terms: [1, 0, 2, 0, 0, 0], expected: 3, actual: 4 }]);
    assert.deepEqual(totalEquations(doc, ['applications', 'received'], 0), []);
    assert.deepEqual(totalEquations(doc, ['overview'], 0), []);
  });
});

describe('hover on a diagnostic', () => {
  test('inside prose: the rule summary and default severity, on the diagnostic range', () => {
    const offset = at(WRONG_ROW, '未收到政府信息公开申请', 2);
    const en = hoverAt(WRONG_ROW, offset, 'en')!;
    assert.equal(covered(WRONG_ROW, en), '未收到政府信息公开申请');
    assert.equal(en.markdown, 'Rule `text-table-mismatch`: The text contradicts the tables (default: warning)');
    assert.equal(hoverAt(WRONG_ROW, offset, 'zh')!.markdown, '规则 `text-table-mismatch`：正文与表格数据矛盾（默认级别：警告）');
  });
  test('a syntax error: key hovers keep working elsewhere, the error shows where it is', () => {
    const text = edit(EXAMPLE, '  review:               [0, 0, 0, 0, 0]', '  review:               [0, 0, 0, 0, 0\n  bad: : :');
    const analysis = analyze(text, { lang: 'en' });
    assert.ok(analysis.diagnostics.length > 0 && analysis.diagnostics.every((d) => d.code === 'yaml-syntax'));
    assert.equal(covered(text, hover(analysis, at(text, 'carried_over'), 'en')), 'carried_over');
    const d = analysis.diagnostics[0]!;
    const h = hover(analysis, d.range.start, 'en')!;
    assert.ok(h.markdown.endsWith('Rule `yaml-syntax`: The text is not valid YAML (also duplicate keys, anchors/aliases, tags) (default: error)'), h.markdown);
  });
});

describe('hover never throws', () => {
  test('on every offset of truncated and empty texts', () => {
    for (const text of ['', ':', '- [', 'applications:\n  received: [1, 2', EXAMPLE.slice(0, 2200), EXAMPLE.slice(0, 3700)]) {
      const analysis = analyze(text, { lang: 'zh' });
      for (let o = -1; o <= text.length + 1; o += 7) {
        const h = hover(analysis, o, 'zh');
        if (h) assert.ok(h.range.start >= 0 && h.range.end <= text.length && h.range.start <= h.range.end);
      }
    }
  });
});
