import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE, check, codes, edit } from '../helpers';

const withDates = (published: string, extra = '') => edit(EXAMPLE, 'published: 2024-01-16\n', `published: ${published}\n${extra}`);

describe('published-too-early', () => {
  test('an error on or before the last day of the year', () => {
    const found = check(withDates('2023-12-31'), { lang: 'zh' });
    assert.deepEqual(codes(found), ['published-too-early']);
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.covers, '2023-12-31');
    assert.equal(found[0]!.message, '成文日期 2023年12月31日 未晚于报告年度 2023 年结束：年度报告应在年度结束后编写');
  });
  test('not on 1 January of the next year', () => {
    assert.deepEqual(check(withDates('2024-01-01')), []);
  });
});

describe('deadline', () => {
  test('department: 31 January of the next year (条例 第四十九条第一款)', () => {
    assert.deepEqual(check(withDates('2024-01-31')), []);
    const found = check(withDates('2024-02-01'), { lang: 'zh' });
    assert.deepEqual(codes(found), ['deadline']);
    assert.equal(found[0]!.severity, 'warning');
    assert.match(found[0]!.message, /晚于发布期限 2024年1月31日（条例第四十九条第一款/);
  });
  test('government: 31 March (第四十九条第二款)', () => {
    const gov = (d: string) => edit(withDates(d), 'year: 2023\n', 'year: 2023\nagency_kind: government\n');
    assert.deepEqual(codes(check(gov('2024-03-31'))).filter((c) => c === 'deadline'), []);
    assert.deepEqual(codes(check(gov('2024-04-01'))).filter((c) => c === 'deadline'), ['deadline']);
  });
  test('township: no national deadline, only an explicit one', () => {
    const town = (d: string, extra = '') => edit(withDates(d, extra), 'year: 2023\n', 'year: 2023\nagency_kind: township\n');
    assert.deepEqual(codes(check(town('2024-06-30'))).filter((c) => c === 'deadline'), []);
    assert.deepEqual(codes(check(town('2024-03-01', 'deadline: 2024-02-15\n'))).filter((c) => c === 'deadline'), ['deadline']);
  });
  test('an explicit deadline replaces the default one', () => {
    assert.deepEqual(check(withDates('2024-02-10', 'deadline: 2024-02-15\n')), []);
    const found = check(withDates('2024-01-20', 'deadline: 2024-01-15\n'));
    assert.deepEqual(codes(found), ['deadline']);
    assert.match(found[0]!.message, /the deadline set in this report/);
  });
});

describe('period-mismatch', () => {
  test('a statistics period naming another year, on the stated period', () => {
    const text = edit(EXAMPLE, '统计期限自2023年1月1日至2023年12月31日止', '统计期限自2022年1月1日至2022年12月31日止');
    const found = check(text, { lang: 'zh' });
    assert.deepEqual(codes(found), ['period-mismatch']);
    assert.equal(found[0]!.covers, '2022年1月1日至2022年12月31日');
    assert.match(found[0]!.message, /与报告年度 2023 不符/);
  });
  test('the example\'s own periods match', () => {
    assert.deepEqual(check(EXAMPLE), []);
  });
});

describe('format-mismatch', () => {
  test('format 2021 on a report for 2020 or earlier', () => {
    const text = edit(edit(EXAMPLE, 'year: 2023', 'year: 2020'), 'published: 2024-01-16', 'published: 2021-01-16')
      .replace(/2023年1月1日至2023年12月31日/g, '2020年1月1日至2020年12月31日');
    const found = check(text);
    assert.deepEqual(codes(found), ['format-mismatch']);
    assert.equal(found[0]!.covers, '2021');
    assert.equal(found[0]!.at, '3:9');
  });
});
