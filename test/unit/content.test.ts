import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE, check, codes, edit } from '../helpers';

describe('missing-topic', () => {
  test('a missing topic is reported on the overview key', () => {
    const text = edit(EXAMPLE, / {2}management: \|\n.*\n/, '');
    const found = check(text, { lang: 'zh' });
    assert.deepEqual(codes(found), ['missing-topic']);
    assert.equal(found[0]!.covers, 'overview');
    assert.equal(found[0]!.message, '一、总体情况缺少“（三）政府信息管理”（键 management）');
  });
  test('an empty topic is reported on its own key', () => {
    const found = check(edit(EXAMPLE, / {2}platforms: \|\n.*\n/, '  platforms: ""\n'));
    assert.deepEqual(codes(found), ['missing-topic']);
    assert.equal(found[0]!.covers, 'platforms');
    assert.equal(found[0]!.severity, 'warning');
  });
});

describe('government-accountability', () => {
  const asKind = (kind: string) => edit(EXAMPLE, 'year: 2023\n', `year: 2023\nagency_kind: ${kind}\npublished_note: x\n`.replace('published_note: x\n', ''));
  test('a government must mention 工作考核, 社会评议 and 责任追究', () => {
    const found = check(asKind('government'), { lang: 'zh' }).filter((f) => f.code === 'government-accountability');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.covers, 'supervision');
    // the example mentions 考核 and 责任追究 but no 评议
    assert.equal(found[0]!.message, '人民政府的（五）监督保障未写明社会评议（条例第五十条）');
  });
  test('not for a department, nor when all three are mentioned', () => {
    assert.deepEqual(check(EXAMPLE), []);
    const text = edit(asKind('township'), '建立健全责任追究、效能评估等制度', '建立健全责任追究、社会评议、效能评估等制度');
    assert.deepEqual(codes(check(text)).filter((c) => c === 'government-accountability'), []);
  });
});

describe('processing-fees', () => {
  test('empty', () => {
    const found = check(edit(EXAMPLE, / {2}processing_fees: \|\n.*\n/, '  processing_fees: ""\n'));
    assert.deepEqual(codes(found), ['processing-fees']);
    assert.equal(found[0]!.covers, 'processing_fees');
  });
  test('neither an amount nor "not charged"', () => {
    const found = check(edit(EXAMPLE, '2023年，区民政局不存在因信息处理收取相关费用的情况。', '按规定执行。'));
    assert.deepEqual(codes(found), ['processing-fees']);
  });
  test('an amount or "not charged" is enough', () => {
    assert.deepEqual(check(edit(EXAMPLE, '2023年，区民政局不存在因信息处理收取相关费用的情况。', '2023年共收取信息处理费0.12万元。')), []);
    assert.deepEqual(check(edit(EXAMPLE, '2023年，区民政局不存在因信息处理收取相关费用的情况。', '本年度未收取信息处理费。')), []);
  });
});

describe('text-table-mismatch', () => {
  const withReceived = (total: number) => edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', `received:      [${total}, 0, 0, 0, 0, 0, ${total}]`);
  test('"未收到…申请" while applications were received', () => {
    const found = check(withReceived(2), { lang: 'zh' }).filter((f) => f.code === 'text-table-mismatch');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.covers, '未收到政府信息公开申请');
    assert.equal(found[0]!.message, '正文写“未收到政府信息公开申请”，但 一、本年新收政府信息公开申请数量·总计 为 2');
  });
  test('"收到…申请N件" with another N', () => {
    const text = edit(EXAMPLE, '2023年度我局未收到政府信息公开申请。', '2023年度我局共收到政府信息公开申请5件。');
    const found = check(text).filter((f) => f.code === 'text-table-mismatch');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.covers, '收到政府信息公开申请5件');
    assert.deepEqual(check(edit(withReceived(5), '2023年度我局未收到政府信息公开申请。', '2023年度我局共收到政府信息公开申请5件。')).filter((f) => f.code !== 'balance'), []);
  });
  test('"未发生…行政复议" while there were reviews', () => {
    let text = edit(EXAMPLE, 'review:               [0, 0, 0, 0, 0]', 'review:               [1, 0, 0, 0, 1]');
    text = edit(text, '2023年，我局没有发生违反政务公开规定的问题', '2023年，我局未发生政府信息公开行政复议案件');
    const found = check(text).filter((f) => f.code === 'text-table-mismatch');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /行政复议·总计 is 1/);
  });
});

describe('breakdown-sum', () => {
  test('the example\'s 277条（8+5+182+82）adds up', () => {
    assert.deepEqual(check(EXAMPLE), []);
  });
  test('a breakdown that does not add up, on the figure and its bracket', () => {
    const found = check(edit(EXAMPLE, '主动公开信息277条', '主动公开信息278条'), { lang: 'zh' });
    assert.deepEqual(codes(found), ['breakdown-sum']);
    assert.match(found[0]!.covers, /^278条（公示公告类信息8条.*其他信息82条）$/);
    assert.equal(found[0]!.message, '278条与括号内分项之和不符：8 + 5 + 182 + 82 = 277条');
  });
  test('partial lists (其中, 等) are not breakdowns', () => {
    assert.deepEqual(check(edit(EXAMPLE, '主动公开信息277条（公示公告类信息8条', '主动公开信息300条（其中公示公告类信息8条')), []);
  });
});

describe('template-leftover', () => {
  for (const leftover of ['XX局', '××', '【请填写】', '（填写本年度情况）', '编写说明']) {
    test(leftover, () => {
      const found = check(edit(EXAMPLE, '  other: 无。', `  other: 见${leftover}。`));
      assert.deepEqual(codes(found), ['template-leftover']);
      assert.ok(leftover.startsWith(found[0]!.covers.slice(0, 2)), found[0]!.covers);
    });
  }
  test('inside block text the range is the placeholder itself', () => {
    const found = check(edit(EXAMPLE, '搭建起政民互动平台桥梁。', '搭建起XX平台桥梁。'));
    assert.deepEqual(found.map((f) => [f.code, f.covers]), [['template-leftover', 'XX']]);
  });
});

describe('severity settings', () => {
  const broken = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 1]');
  test('off drops a rule, warning/info change its severity', () => {
    assert.deepEqual(codes(check(broken, { severities: { balance: 'off' } } as never)), ['text-table-mismatch']);
    const sev = check(broken, { severities: { balance: 'info', 'text-table-mismatch': 'error' } } as never);
    assert.deepEqual(sev.map((f) => `${f.code}:${f.severity}`), ['text-table-mismatch:error', 'balance:info', 'balance:info']);
  });
});
