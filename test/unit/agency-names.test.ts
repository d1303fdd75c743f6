// Reports of one body pair across years although the published name spells out more or fewer of the
// higher administrative levels (issue 14: 洪泽区人民政府 one year, 淮安市洪泽区人民政府 the next), and
// the finding then names the report it was paired with. Names of other bodies never pair.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyBase, checkAcrossYears, compareYears, parseReport, sameAgency, yearFacts } from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

describe('agency names across years', () => {
  test('names that differ only by higher levels are one body', () => {
    const pairs: [string, string][] = [
      ['洪泽区人民政府', '淮安市洪泽区人民政府'],
      ['洪泽区人民政府', '江苏省淮安市洪泽区人民政府'],
      ['台儿庄区民政局', '枣庄市台儿庄区民政局'],
      ['枣庄市民政局', '山东省枣庄市民政局'],
      ['上海市人民政府办公厅', '上海市人民政府办公厅'],
      ['凯里市人民政府', '黔东南苗族侗族自治州凯里市人民政府'],
      ['东胜区人民政府', '内蒙古自治区鄂尔多斯市东胜区人民政府'],
      ['阿拉善左旗人民政府', '阿拉善盟阿拉善左旗人民政府'],
      ['高良涧街道办事处', '洪泽区高良涧街道办事处'],
      ['洪泽区 人民政府', '淮安市洪泽区人民政府'], // whitespace does not count
    ];
    for (const [a, b] of pairs) {
      assert.ok(sameAgency(a, b), `${a} ↔ ${b}`);
      assert.ok(sameAgency(b, a), `${b} ↔ ${a}`);
      assert.equal(agencyBase(a), agencyBase(b), `${a} and ${b} share a bucket`);
    }
  });

  test('other bodies do not pair', () => {
    const apart: [string, string][] = [
      ['北京市人民政府办公厅', '上海市人民政府办公厅'], // same body name, other city
      ['淮安市城市管理局', '南京市城市管理局'],
      ['洪泽区人民政府', '淮阴区人民政府'],
      ['人民政府办公厅', '上海市人民政府办公厅'], // a bare body is no place
      ['民政局', '台儿庄区民政局'],
      ['洪泽区民政局', '洪泽区人民政府'],
      ['淮安市洪泽区人民政府', '淮安市人民政府'], // the county and the city above it
      ['台儿庄区民政局', '台儿庄区民政局办公室'],
      ['洪泽区人民政府', '新洪泽区人民政府'], // 新 is no administrative level
    ];
    for (const [a, b] of apart) {
      assert.equal(sameAgency(a, b), false, `${a} ≠ ${b}`);
      assert.equal(sameAgency(b, a), false, `${b} ≠ ${a}`);
    }
  });

  const lastYear = edit(edit(edit(EXAMPLE, 'year: 2023', 'year: 2022'), 'published: 2024-01-16', 'published: 2023-01-16'),
    'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [2, 0, 0, 0, 0, 0, 2]');
  const parsed = (text: string) => {
    const doc = parseReport(text, 'en');
    assert.deepEqual(doc.syntax, []);
    return doc;
  };

  test('a report published under the longer name is checked against last year\'s, and the finding names it', () => {
    const current = parsed(edit(EXAMPLE, 'agency: 台儿庄区民政局', 'agency: 枣庄市台儿庄区民政局'));
    const previous = { file: '/reports/民政局-2022.govreport.yaml', document: parsed(lastYear) };
    const found = checkAcrossYears(current, previous, { lang: 'en' }).filter((d) => d.code === 'carry-over-mismatch');
    assert.equal(found.length, 2, 'the two cells carried forward last year');
    assert.match(found[0]!.message, /\(paired with the report of 台儿庄区民政局 for 2022, 民政局-2022\.govreport\.yaml\)$/);
    const zh = checkAcrossYears(current, previous, { lang: 'zh' }).find((d) => d.code === 'carry-over-mismatch');
    assert.match(zh!.message, /（与 台儿庄区民政局 2022 年度报告 民政局-2022\.govreport\.yaml 对照）$/);
    // the facts-level comparison (the CLI's) pairs the same way
    const facts = compareYears(yearFacts(current)!, { file: previous.file, facts: yearFacts(previous.document)! }, { lang: 'en' });
    assert.equal(facts.filter((d) => d.code === 'carry-over-mismatch').length, 2);
  });

  test('the same name says nothing more; another body is not compared', () => {
    const same = checkAcrossYears(parsed(EXAMPLE), { file: '/r/2022.govreport.yaml', document: parsed(lastYear) }, { lang: 'en' })
      .filter((d) => d.code === 'carry-over-mismatch');
    assert.equal(same.length, 2);
    assert.doesNotMatch(same[0]!.message, /paired with/);
    const other = parsed(edit(EXAMPLE, 'agency: 台儿庄区民政局', 'agency: 峄城区民政局'));
    assert.deepEqual(checkAcrossYears(other, { file: '/r/2022.govreport.yaml', document: parsed(lastYear) }, { lang: 'en' }), []);
  });
});
