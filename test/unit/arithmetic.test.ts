import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core';
import { EXAMPLE, cellAt, check, codes, edit } from '../helpers';

const ROW = '[0, 0, 0, 0, 0, 0, 0]';
const row = (key: string, pad: string) => `${key}:${pad}${ROW}`;
const received = (cells: string) => edit(EXAMPLE, row('received', '      '), `received:      [${cells}]`);

describe('example report', () => {
  test('a real published report has no diagnostic at all, in either language', () => {
    assert.deepEqual(check(EXAMPLE, { lang: 'zh' }), []);
    assert.deepEqual(check(EXAMPLE, { lang: 'en' }), []);
  });
});

describe('row-total', () => {
  test('fires on the 总计 cell when it is not the sum of the six columns', () => {
    const text = received('1, 0, 0, 0, 0, 0, 0');
    const found = check(text).filter((f) => f.code === 'row-total');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.at, cellAt(text, 'received', 6));
    assert.equal(found[0]!.covers, '0');
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.message, '一、本年新收政府信息公开申请数量·总计 is 0, but the sum of its six columns is 1 (1+0+0+0+0+0)');
    assert.equal(check(text, { lang: 'zh' }).find((f) => f.code === 'row-total')!.message, '一、本年新收政府信息公开申请数量·总计 为 0，但前六列之和为 1（1+0+0+0+0+0）');
  });
  test('does not fire when the total matches', () => {
    assert.deepEqual(codes(check(received('1, 2, 0, 0, 0, 4, 7'))).filter((c) => c === 'row-total'), []);
  });
  test('fires on nested result rows, named with their group', () => {
    const text = edit(EXAMPLE, 'state_secret:         [0, 0, 0, 0, 0, 0, 0]', 'state_secret:         [0, 0, 0, 0, 0, 0, 2]');
    const f = check(text, { lang: 'zh' }).find((x) => x.code === 'row-total')!;
    assert.equal(f.at, cellAt(text, 'state_secret', 6));
    assert.match(f.message, /^（三）不予公开·1\.属于国家秘密·总计 为 2，但前六列之和为 0/);
  });
  test('quick fix sets the total and keeps the comment in its column', () => {
    const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]   # 一、', 'received:      [6, 4, 0, 0, 0, 0, 0]   # 一、');
    const f = check(text).find((x) => x.code === 'row-total')!;
    assert.equal(f.diagnostic.fix!.safe, true);
    const fixed = applyEdits(text, f.diagnostic.fix!.edits);
    assert.ok(fixed.includes('received:      [6, 4, 0, 0, 0, 0, 10]  # 一、本年新收政府信息公开申请数量\n'));
    assert.equal(fixed.length, text.length, 'the comment stays in its column');
    assert.deepEqual(codes(check(fixed)).filter((c) => c === 'row-total'), []);
  });
});

describe('results-total', () => {
  test('（七）总计 per column equals the 21 result rows', () => {
    const text = edit(EXAMPLE, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [3, 0, 0, 0, 0, 0, 3]');
    const found = check(text, { lang: 'zh' });
    assert.deepEqual(codes(found), ['results-total', 'results-total']);
    assert.equal(found[0]!.message, '（七）总计·自然人 为 0，但21项办理结果之和为 3');
    assert.equal(found[0]!.at, cellAt(text, 'total', 0));
    assert.equal(found[1]!.at, cellAt(text, 'total', 6));
    assert.equal(found[1]!.message, '（七）总计·总计 为 0，但21项办理结果之和为 3');
  });
  test('one wrong cell: each failed equation reported once, and fixing the cell clears all', () => {
    const text = edit(EXAMPLE, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [3, 0, 0, 0, 0, 0, 0]');
    const found = check(text);
    assert.deepEqual(codes(found).sort(), ['results-total', 'row-total']);
    assert.deepEqual(check(edit(text, '[3, 0, 0, 0, 0, 0, 0]', ROW)), []);
  });
  test('skipped when a result row is malformed (the schema reports it)', () => {
    const text = edit(EXAMPLE, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [3, 0, 0, 0, 0, 0]');
    assert.deepEqual(codes(check(text)), ['schema']);
  });
});

describe('balance', () => {
  test('fires on carried_forward with the other three cells as related locations', () => {
    const text = received('1, 0, 0, 0, 0, 0, 1');
    // the text also says 未收到…申请 (text-table-mismatch); only balance is of interest here
    const found = check(text).filter((f) => f.code !== 'text-table-mismatch');
    assert.deepEqual(codes(found), ['balance', 'balance']);
    const [first, last] = found as [typeof found[0], typeof found[0]];
    assert.equal(first.at, cellAt(text, 'carried_forward', 0));
    assert.equal(last.at, cellAt(text, 'carried_forward', 6));
    assert.equal(first.message, '自然人: received 1 + carried over 0 = 1, but results total 0 + carried forward 0 = 0');
    assert.equal(first.diagnostic.related?.length, 3);
    assert.deepEqual(first.diagnostic.related!.map((r) => text.slice(r.range.start, r.range.end)), ['1', '0', '0']);
    assert.match(first.diagnostic.related![0]!.message, /一、本年新收政府信息公开申请数量·自然人 = 1/);
    // the fix sets carried_forward so that the column balances, but is not part of fix-all
    assert.equal(first.diagnostic.fix!.safe, false);
    const fixed = applyEdits(text, first.diagnostic.fix!.edits);
    assert.ok(fixed.includes('carried_forward: [1, 0, 0, 0, 0, 0, 0]'));
  });
  test('no fix when the balancing value would be negative', () => {
    const text = edit(edit(EXAMPLE, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [2, 0, 0, 0, 0, 0, 2]'),
      '    total:                [0, 0, 0, 0, 0, 0, 0]', '    total:                [2, 0, 0, 0, 0, 0, 2]');
    const found = check(text).filter((f) => f.code === 'balance');
    assert.equal(found.length, 2);
    assert.equal(found[0]!.diagnostic.fix, undefined);
  });
  test('does not fire when the column balances', () => {
    let text = received('2, 0, 0, 0, 0, 0, 2');
    text = edit(text, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [1, 0, 0, 0, 0, 0, 1]');
    text = edit(text, '    total:                [0, 0, 0, 0, 0, 0, 0]', '    total:                [1, 0, 0, 0, 0, 0, 1]');
    text = edit(text, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]');
    assert.deepEqual(codes(check(text)).filter((c) => c !== 'text-table-mismatch'), []);
  });
});

describe('appeals-total', () => {
  test('fires on the 总计 cell of an appeals row', () => {
    const text = edit(EXAMPLE, 'review:               [0, 0, 0, 0, 0]', 'review:               [1, 1, 0, 0, 1]');
    const found = check(text, { lang: 'zh' });
    assert.deepEqual(codes(found), ['appeals-total']);
    assert.equal(found[0]!.at, cellAt(text, 'review', 4));
    assert.equal(found[0]!.message, '行政复议·总计 为 1，但前四列之和为 2（1+1+0+0）');
  });
  test('does not fire when it adds up', () => {
    assert.deepEqual(check(edit(EXAMPLE, 'lawsuit_direct:       [0, 0, 0, 0, 0]', 'lawsuit_direct:       [1, 0, 2, 0, 3]')), []);
  });
});
