import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { reportSchema } from '../../server/src/core';
import { EXAMPLE, cellAt, check, codes, edit } from '../helpers';

describe('the JSON Schema', () => {
  test('validates the example with no error under a plain ajv (as vscode-yaml users get it)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(reportSchema as object);
    assert.equal(validate(parse(EXAMPLE)), true, JSON.stringify(validate.errors));
  });
  test('every property has an official label (title) and an explanation (markdownDescription)', () => {
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, where: string) => {
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!child.title || !child.markdownDescription) missing.push(`${where}.${key}`);
        walk(child, `${where}.${key}`);
      }
    };
    walk(reportSchema as unknown as Record<string, unknown>, '$');
    for (const def of Object.values((reportSchema.definitions ?? {}) as Record<string, Record<string, unknown>>)) walk(def, '#');
    assert.deepEqual(missing, []);
  });
});

describe('schema diagnostics land on the exact node', () => {
  test('missing key → the parent key', () => {
    const text = edit(EXAMPLE, /  carried_forward: .*\n/, '');
    const found = check(text, { lang: 'zh' });
    assert.deepEqual(codes(found), ['schema']);
    assert.equal(found[0]!.covers, 'applications');
    assert.equal(found[0]!.message, '三、收到和处理政府信息公开申请情况缺少必填项 carried_forward（四、结转下年度继续办理）');
  });
  test('missing top-level key → the first key of the document', () => {
    const found = check(edit(EXAMPLE, 'year: 2023\n', ''));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.at, '3:1');
    assert.match(found[0]!.message, /missing the required key year \(报告年度\)/);
  });
  test('unknown key → that key, with a did-you-mean', () => {
    const text = edit(EXAMPLE, '  carried_over:  [', '  caried_over:  [');
    const found = check(text).filter((f) => f.code === 'schema');
    const unknown = found.find((f) => f.message.startsWith('Unknown key'))!;
    assert.equal(unknown.covers, 'caried_over');
    assert.equal(unknown.message, 'Unknown key caried_over in 三、收到和处理政府信息公开申请情况. Did you mean carried_over (二、上年结转政府信息公开申请数量)?');
    assert.ok(found.some((f) => f.message.includes('missing the required key carried_over')));
  });
  test('unknown key far from any valid key lists the allowed keys', () => {
    const found = check(edit(EXAMPLE, '  licensing: 0', '  licensing: 0\n  zzzzzzzz: 1'));
    assert.match(found[0]!.message, /Unknown key zzzzzzzz in 二、主动公开政府信息情况\. Allowed keys: rules, normative_documents/);
  });
  test('wrong row length → the row, "应为7列，实际6列"', () => {
    const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [0, 0, 0, 0, 0, 0]');
    const found = check(text, { lang: 'zh' });
    assert.deepEqual(codes(found), ['schema']);
    assert.equal(found[0]!.covers, '[0, 0, 0, 0, 0, 0]');
    assert.equal(found[0]!.message, '一、本年新收政府信息公开申请数量 应为7列，实际6列');
    const long = check(edit(EXAMPLE, 'review:               [0, 0, 0, 0, 0]', 'review:               [0, 0, 0, 0, 0, 0]'), { lang: 'zh' });
    assert.deepEqual(long.map((f) => f.message), ['行政复议 应为5列，实际6列']);
  });
  const cell = (value: string) => edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', `received:      [0, ${value}, 0, 0, 0, 0, 0]`);
  const cellFindings = (value: string) => {
    const text = cell(value);
    const found = check(text, { lang: 'zh' }).filter((f) => f.code === 'schema');
    return { text, found };
  };
  for (const [value, pattern] of [
    ['3.5', /一、本年新收政府信息公开申请数量·商业企业 应为整数，实际为 3\.5/],
    ['-1', /商业企业 不能为负数，实际为 -1/],
    ['"3"', /商业企业 应为整数，实际为 "3"/],
    ['1e400', /1e400 不是普通十进制数/],
    ['0x10', /0x10 不是普通十进制数/],
    ['-0', /-0 是负零，请写 0/],
    ['无', /商业企业 应为件数；没有发生的填 0，不填 "无"/],
    ['null', /商业企业 应为整数，实际为 （空）/],
  ] as const) {
    test(`a count of ${value} is a schema error on that cell`, () => {
      const { text, found } = cellFindings(value);
      assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
      assert.equal(found[0]!.at, cellAt(text, 'received', 1));
      assert.equal(found[0]!.covers, value);
      assert.match(found[0]!.message, pattern);
    });
  }
  test('money may have decimals but not be negative', () => {
    assert.deepEqual(check(edit(EXAMPLE, '  fees: 0 ', '  fees: 2.35')), []);
    assert.match(check(edit(EXAMPLE, '  fees: 0 ', '  fees: -2'))[0]!.message, /行政事业性收费 \(fees\) cannot be negative/);
  });
  test('minimum and maximum are worded from the bound; numbers shown as typed', () => {
    const schema = (text: string, lang: 'zh' | 'en' = 'en') => check(text, { lang }).filter((f) => f.code === 'schema').map((f) => f.message);
    assert.deepEqual(schema(edit(EXAMPLE, 'year: 2023', 'year: 2007')), ['报告年度 (year) must be at least 2008, but is 2007']);
    assert.deepEqual(schema(edit(EXAMPLE, 'year: 2023', 'year: 2101')), ['报告年度 (year) must be at most 2100, but is 2101']);
    assert.deepEqual(schema(edit(EXAMPLE, 'year: 2023', 'year: 2007'), 'zh'), ['报告年度（year） 不能小于 2008，实际为 2007']);
    // a big number as typed, not as the float it reads as
    assert.match(check(edit(EXAMPLE, '  fees: 0 ', '  fees: -90071992547409931'))[0]!.message, /cannot be negative, but is -90071992547409931$/);
  });
  test('dates must be real days', () => {
    const found = check(edit(EXAMPLE, 'published: 2024-01-16', 'published: 2024-02-30'));
    assert.deepEqual(codes(found), ['schema']);
    assert.equal(found[0]!.covers, '2024-02-30');
  });
  test('enum values', () => {
    const found = check(edit(EXAMPLE, 'year: 2023\n', 'year: 2023\nagency_kind: city\n'));
    assert.deepEqual(codes(found), ['schema']);
    assert.equal(found[0]!.covers, 'city');
    assert.match(found[0]!.message, /must be one of "department", "government", "township"/);
  });
  test('a text field holding a number or a list is a type error', () => {
    const found = check(edit(EXAMPLE, '  other: 无。', '  other: [1, 2]'));
    assert.deepEqual(codes(found), ['schema']);
    assert.match(found[0]!.message, /must be text, but is a list/);
  });
});
