import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, inlayHints, shortColumnLabels, type InlayHint, type Lang } from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

const BOTH = { columnLabels: true, expectedTotals: true };
const LABELS = { columnLabels: true, expectedTotals: false };
const TOTALS = { columnLabels: false, expectedTotals: true };
const ALL = (text: string) => ({ start: 0, end: text.length });

function hints(text: string, options = BOTH, lang: Lang = 'en', range = ALL(text)): InlayHint[] {
  return inlayHints(analyze(text, { lang }), range, options, lang);
}
/** The offsets of the cells of the flow row after `key:` (which must occur once). */
function cells(text: string, key: string): { start: number; end: number }[] {
  const at = text.indexOf(`${key}:`);
  assert.ok(at >= 0 && text.indexOf(`${key}:`, at + 1) < 0, key);
  const open = text.indexOf('[', at);
  const close = text.indexOf(']', open);
  return [...text.slice(open, close).matchAll(/[^\s,[]+/g)].map((m) => ({ start: open + m.index!, end: open + m.index! + m[0].length }));
}

describe('short column labels', () => {
  test('derived from the schema titles of both tables', () => {
    const received = hints(EXAMPLE, LABELS).slice(0, 7);
    assert.deepEqual(received.map((h) => h.label), ['自然', '商业', '科研', '社会', '法律', '其他', '总计']);
    const review = hints(EXAMPLE, LABELS).filter((h) => h.tooltip?.startsWith('行政复议 ×'));
    assert.deepEqual(review.map((h) => h.label), ['维持', '纠正', '其他', '尚未', '总计']);
  });
  test('labels that start alike keep what differs; a label still ambiguous stays whole', () => {
    assert.deepEqual(shortColumnLabels(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']), ['维持', '纠正', '其他', '尚未', '总计']);
    assert.deepEqual(shortColumnLabels(['AAXY', 'AAZW', 'XY']), ['AAXY', 'ZW', 'XY']);
    assert.deepEqual(shortColumnLabels(['总', '其他']), ['总', '其他']);
    assert.deepEqual(shortColumnLabels([]), []);
  });
});

describe('column label hints', () => {
  test('one before each cell, with the full cell name as tooltip', () => {
    const row = cells(EXAMPLE, 'received');
    const found = hints(EXAMPLE, LABELS, 'zh').slice(0, 7);
    assert.deepEqual(found[0], { offset: row[0]!.start, label: '自然', tooltip: '一、本年新收政府信息公开申请数量 × 自然人', paddingRight: true });
    assert.deepEqual(found.map((h) => h.offset), row.map((c) => c.start));
    assert.equal(found[6]!.tooltip, '一、本年新收政府信息公开申请数量 × 总计');
    // 25 rows of 7 and 3 rows of 5
    assert.equal(hints(EXAMPLE, LABELS).length, 25 * 7 + 3 * 5);
  });
  test('only within the requested range (ends included)', () => {
    const row = cells(EXAMPLE, 'state_secret');
    const found = hints(EXAMPLE, LABELS, 'en', { start: row[2]!.start, end: row[4]!.start });
    assert.deepEqual(found.map((h) => [h.offset, h.label, h.tooltip]), [
      [row[2]!.start, '科研', '三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 科研机构'],
      [row[3]!.start, '社会', '三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 社会公益组织'],
      [row[4]!.start, '法律', '三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 法律服务机构'],
    ]);
    assert.deepEqual(hints(EXAMPLE, LABELS, 'en', { start: 0, end: EXAMPLE.indexOf('applications:') }), []);
  });
  test('cells beyond the template columns get no label', () => {
    const text = edit(EXAMPLE, 'review:               [0, 0, 0, 0, 0]', 'review:               [0, 0, 0, 0, 0, 0]');
    const row = cells(text, '  review');
    const found = hints(text, LABELS, 'en', { start: row[0]!.start, end: row[5]!.end });
    assert.deepEqual(found.map((h) => h.label), ['维持', '纠正', '其他', '尚未', '总计']);
  });
});

describe('expected total hints', () => {
  test('none on the example, and none when both options are off', () => {
    assert.deepEqual(hints(EXAMPLE, TOTALS), []);
    assert.deepEqual(hints(edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]'), { columnLabels: false, expectedTotals: false }), []);
  });
  test('`= N` after a row total that disagrees, with the terms as tooltip, in both languages', () => {
    const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 2, 0, 0, 0, 4]');
    const total = cells(text, 'received')[6]!;
    assert.deepEqual(hints(text, TOTALS, 'en'), [
      { offset: total.end, label: '= 3', tooltip: 'Sum of the columns of this row = 1 + 0 + 2 + 0 + 0 + 0 = 3', paddingLeft: true },
    ]);
    assert.deepEqual(hints(text, TOTALS, 'zh'), [
      { offset: total.end, label: '= 3', tooltip: '本行各列之和 = 1 + 0 + 2 + 0 + 0 + 0 = 3', paddingLeft: true },
    ]);
    // with column labels too, in text order: the label before the cell, the expected value after it
    const both = hints(text, BOTH, 'en', { start: total.start, end: total.end });
    assert.deepEqual(both.map((h) => [h.offset, h.label]), [[total.start, '总计'], [total.end, '= 3']]);
    assert.deepEqual(hints(text, TOTALS, 'en', { start: 0, end: total.start - 1 }), []);
  });
  test('table 四 and every column of （七）总计', () => {
    let text = edit(EXAMPLE, 'lawsuit_after_review: [0, 0, 0, 0, 0]', 'lawsuit_after_review: [2, 0, 0, 1, 0]');
    text = edit(text, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [3, 0, 0, 0, 0, 0, 3]');
    const total = cells(text, '    total');
    const appeal = cells(text, 'lawsuit_after_review');
    const found = hints(text, TOTALS, 'en');
    assert.deepEqual(found.map((h) => [h.offset, h.label]), [[total[0]!.end, '= 3'], [total[6]!.end, '= 3'], [appeal[4]!.end, '= 3']]);
    assert.equal(found[1]!.tooltip, `Sum of the 21 results in this column = 3${Array(20).fill(' + 0').join('')} = 3`);
    assert.equal(found[2]!.tooltip, 'Sum of the columns of this row = 2 + 0 + 0 + 1 = 3');
  });
  test('a cell that is not a number still gets the expected value; a term that is not one gives nothing', () => {
    const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, -]');
    assert.deepEqual(hints(text, TOTALS).map((h) => [h.offset, h.label]), [[cells(text, 'received')[6]!.end, '= 1']]);
    assert.deepEqual(hints(edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [无, 0, 0, 0, 0, 0, 1]'), TOTALS), []);
  });
  test('still computed while the text has a syntax error elsewhere', () => {
    let text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 2, 0, 0, 0, 4]');
    text = edit(text, 'year: 2023\n', 'year: 2023\nyear: 2024\n');
    assert.deepEqual(analyze(text).diagnostics.map((d) => d.code), ['yaml-syntax']);
    assert.deepEqual(hints(text, TOTALS).map((h) => h.label), ['= 3']);
  });
  test('never throws on broken or empty texts', () => {
    for (const text of ['', 'applications: [', 'applications:\n  received: [1, 2, x\n', 'appeals:\n  review: {a: 1}', EXAMPLE.slice(0, 2120)]) {
      assert.doesNotThrow(() => hints(text, BOTH, 'zh', { start: -5, end: text.length + 5 }));
    }
  });
});
