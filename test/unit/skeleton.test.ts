import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENCY_KINDS, REPORT_PARTS, analyze, nextYearDate, parseReport, partSkeleton, reportSkeleton, reportSnippet, rollOverReport,
} from '../../server/src/core';
import { EXAMPLE, check, codes, edit } from '../helpers';

const sortedCodes = (text: string) => codes(check(text)).sort();

describe('reportSkeleton', () => {
  const contentWarnings = ['missing-topic', 'missing-topic', 'missing-topic', 'missing-topic', 'missing-topic', 'processing-fees'];
  const expected: Record<string, string[]> = {
    department: contentWarnings,
    government: [...contentWarnings, 'government-accountability'].sort(),
    township: [...contentWarnings, 'government-accountability'].sort(),
  };
  for (const kind of AGENCY_KINDS) {
    test(`${kind}: no error, only the content warnings of the empty text`, () => {
      const text = reportSkeleton({ agency: '台儿庄区民政局', year: 2023, kind, lang: 'zh' });
      const found = check(text);
      assert.deepEqual(found.filter((f) => f.severity === 'error'), []);
      assert.deepEqual(codes(found).sort(), expected[kind]);
      assert.ok(text.includes(`\nagency_kind: ${kind}   # `));
    });
  }

  test('every required key, and every item of 一, 五 and 六', () => {
    const data = parseReport(reportSkeleton({ agency: '某局', year: 2023, lang: 'en' }), 'en').data as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(data), ['format', 'agency', 'agency_kind', 'year', 'published', 'overview', 'proactive', 'applications', 'appeals', 'problems', 'other_matters']);
    assert.deepEqual(Object.keys(data.overview!), ['proactive', 'on_request', 'management', 'platforms', 'supervision']);
    assert.deepEqual(Object.keys(data.problems!), ['issues', 'improvements']);
    assert.deepEqual(Object.keys(data.other_matters!), ['processing_fees', 'work_priorities', 'proposals', 'innovation', 'statistics_notes', 'other', 'other_required']);
    assert.equal(data.overview!.proactive, '');
    assert.equal(data.other_matters!.statistics_notes, '本年度报告中所列数据的统计期限为2023年1月1日至2023年12月31日。\n');
    assert.deepEqual((data.applications!.results as Record<string, Record<string, unknown>>).withheld!.state_secret, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(data.appeals!.review, [0, 0, 0, 0, 0]);
  });

  test('published: the deadline of the kind unless given', () => {
    const published = (options: Partial<Parameters<typeof reportSkeleton>[0]>) =>
      /\npublished: (.*)\n/.exec(reportSkeleton({ agency: 'A', year: 2023, lang: 'en', ...options }))![1];
    assert.equal(published({}), '2024-01-31');
    assert.equal(published({ kind: 'government' }), '2024-03-31');
    assert.equal(published({ kind: 'township' }), '2024-01-31');
    assert.equal(published({ published: '2024-01-16' }), '2024-01-16');
    assert.equal(published({ published: '2024-02-30' }), '2024-01-31', 'not a real day: the default');
  });

  test('the layout: title comment, section titles, table comments, prompts (English)', () => {
    const lines = reportSkeleton({ agency: '台儿庄区民政局', year: 2023, lang: 'en' }).split('\n');
    assert.equal(lines[0], '# 台儿庄区民政局2023年政府信息公开工作年度报告');
    assert.deepEqual(lines.filter((l) => /^# [一二三四五六]、/.test(l)), [
      '# 一、总体情况', '# 二、主动公开政府信息情况', '# 三、收到和处理政府信息公开申请情况', '# 四、政府信息公开行政复议、行政诉讼情况', '# 五、存在的主要问题及改进情况', '# 六、其他需要报告的事项',
    ]);
    assert.ok(lines.includes('# Columns: 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计'));
    assert.ok(lines.includes('  rules: {issued: 0, repealed: 0, in_force: 0}                 # 规章'));
    assert.ok(lines.includes('      state_secret:         [0, 0, 0, 0, 0, 0, 0]   # 1.属于国家秘密'));
    assert.ok(lines.includes('  proactive: |   # （一）主动公开: Proactive disclosure.'));
    assert.ok(lines.includes('  improvements: |   # （二）改进情况: Improvements.'));
    assert.equal(lines[lines.length - 1], '', 'ends with a line break');
  });

  test('prompts in Chinese', () => {
    const lines = reportSkeleton({ agency: '台儿庄区民政局', year: 2023, lang: 'zh' }).split('\n');
    assert.ok(lines.includes('  proactive: |   # （一）主动公开：主动公开政府信息的总体情况。'));
    assert.ok(lines.includes('  improvements: |   # （二）改进情况'), 'no prompt repeating the label');
    assert.ok(lines.includes('  processing_fees: |   # 收取信息处理费情况：依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（2021年格式必填）：写明金额，或写明未收取。'));
  });

  test('an agency name YAML would read otherwise is quoted', () => {
    for (const agency of ['a: b', '123', '#局', 'x #y', 'true']) {
      const text = reportSkeleton({ agency, year: 2023, lang: 'en' });
      assert.equal((parseReport(text, 'en').data as { agency: string }).agency, agency);
    }
  });

  test('each part skeleton is the part of the report skeleton', () => {
    const whole = reportSkeleton({ agency: 'A', year: 2023, lang: 'zh' });
    for (const part of REPORT_PARTS) {
      const text = partSkeleton(part, { year: 2023, lang: 'zh' });
      assert.ok(whole.includes(`\n\n${text}`), part);
    }
  });
});

describe('reportSnippet', () => {
  const snippet = reportSnippet({ agency: '', year: 2023, kind: 'government', lang: 'en' });
  test('tab stops: agency (mirrored in the title), year (mirrored in the period), kind, date, each text field', () => {
    const lines = snippet.split('\n');
    assert.equal(lines[0], '# ${1:机关名称}${2:2023}年政府信息公开工作年度报告');
    assert.deepEqual(lines.slice(1, 6), [
      'format: 2021', 'agency: ${1}', 'agency_kind: ${3|government,department,township|}   # 机关类型', 'year: ${2}', 'published: ${4:2024-03-31}',
    ]);
    assert.ok(snippet.includes('\n  proactive: |   # （一）主动公开: Proactive disclosure.\n    ${5}\n'));
    assert.ok(snippet.includes('\n    本年度报告中所列数据的统计期限为${2}年1月1日至${2}年12月31日。\n'));
    // 5 topics + 2 problems + 6 items of 六 (statistics_notes has its sentence)
    const stops = [...snippet.matchAll(/\$\{(\d+)[:|}]/g)].map((m) => Number(m[1]));
    assert.deepEqual([...new Set(stops)], Array.from({ length: 17 }, (_, i) => i + 1));
    assert.ok(snippet.endsWith('\n$0'));
  });
  test('literal braces and dollars are escaped', () => {
    assert.ok(snippet.includes('  rules: {issued: 0, repealed: 0, in_force: 0\\}'));
    const odd = reportSnippet({ agency: '$局}', year: 2023, lang: 'en' });
    assert.ok(odd.startsWith('# ${1:\\$局\\}}${2:2023}'));
  });
});

describe('rollOverReport', () => {
  const changedLines = (before: string, after: string) => {
    const a = before.split('\n');
    const b = after.split('\n');
    assert.equal(b.length, a.length, 'same layout');
    return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!]]));
  };

  test('the example: year, date, title comment and statistics periods move; nothing else changes', () => {
    const next = rollOverReport(parseReport(EXAMPLE, 'zh'), 'zh');
    const changed = changedLines(EXAMPLE, next);
    assert.deepEqual(changed.map(([, b]) => b.slice(0, 40)), [
      '# 台儿庄区民政局 2024年政府信息公开工作年度报告',
      'year: 2024',
      'published: 2025-01-16',
      '  根据《中华人民共和国政府信息公开条例》（国务院令第711号）相关规定及《台儿庄区',
      '    本年度报告中所列数据的统计期限自2024年1月1日至2024年12月31日止。',
    ].map((l) => l.slice(0, 40)));
    // the text is kept: only the stated period changes in the preamble
    assert.equal(changed[3]![1], changed[3]![0].replace('统计时限为2023年1月1日至2023年12月31日', '统计时限为2024年1月1日至2024年12月31日'));
    assert.deepEqual(check(next), []);
  });

  test('figures: zeros, except 结转 carried over on both sides; 现行有效件数 kept; comments stay aligned', () => {
    const last = [
      ['rules: {issued: 0, repealed: 0, in_force: 0}                 #', 'rules: {issued: 2, repealed: 1, in_force: 15}                #'],
      ['licensing: 0      #', 'licensing: 12     #'],
      ['fees: 0           #', 'fees: 1.5         #'],
      ['received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [2, 1, 0, 0, 0, 0, 3]'],
      ['carried_over:  [0, 0, 0, 0, 0, 0, 0]', 'carried_over:  [10, 0, 0, 0, 0, 0, 10]'],
      ['disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [11, 0, 0, 0, 0, 0, 11]'],
      ['total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [11, 0, 0, 0, 0, 0, 11]'],
      ['carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 1, 0, 0, 0, 0, 2]'],
      ['review:               [0, 0, 0, 0, 0]', 'review:               [1, 0, 0, 1, 2]'],
      ['2023年度我局未收到政府信息公开申请。', '2023年度我局收到政府信息公开申请3件。'],
    ].reduce((text, [from, to]) => edit(text, from!, to!), EXAMPLE);
    assert.deepEqual(check(last), [], 'last year\'s report is consistent');

    const next = rollOverReport(parseReport(last, 'zh'), 'zh');
    const tables = changedLines(last, next).filter(([a]) => !/year|published|# 台儿庄|统计/.test(a));
    assert.deepEqual(tables.map(([, b]) => b), [
      '  rules: {issued: 0, repealed: 0, in_force: 15}                # 规章',
      '  licensing: 0      # 行政许可 本年处理决定数量',
      '  fees: 0           # 行政事业性收费 本年收费金额（万元）',
      '  received:      [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量',
      '  carried_over:  [1, 1, 0, 0, 0, 0, 2]     # 二、上年结转政府信息公开申请数量',
      '    disclosed:            [0, 0, 0, 0, 0, 0, 0]     # （一）予以公开',
      '    total:                [0, 0, 0, 0, 0, 0, 0]     # （七）总计',
      '  review:               [0, 0, 0, 0, 0]   # 行政复议',
    ]);
    // carried_forward already equals the new carried_over: unchanged, and the balance holds
    assert.ok(next.includes('\n  carried_forward: [1, 1, 0, 0, 0, 0, 2]   # 四、结转下年度继续办理\n'));
    // the text is kept, so it now contradicts the table (the writer updates it): the only finding
    assert.deepEqual(codes(check(next)), ['text-table-mismatch']);
  });

  test('rolling twice moves two years; a leap day becomes 28 February', () => {
    const twice = rollOverReport(parseReport(rollOverReport(parseReport(EXAMPLE, 'zh'), 'zh'), 'zh'), 'zh');
    assert.ok(twice.includes('\nyear: 2025\npublished: 2026-01-16\n'));
    assert.ok(twice.includes('统计期限自2025年1月1日至2025年12月31日止'));
    assert.equal(nextYearDate('2024-02-29'), '2025-02-28');
    assert.equal(nextYearDate('2024-12-31'), '2025-12-31');
    const leap = edit(EXAMPLE, 'published: 2024-01-16', 'published: 2024-02-29\ndeadline: 2024-03-01');
    const rolled = rollOverReport(parseReport(leap, 'en'), 'en');
    assert.ok(rolled.includes('\npublished: 2025-02-28\ndeadline: 2025-03-01\n'));
  });

  test('a stated period of another year is left for period-mismatch to report', () => {
    const stale = edit(EXAMPLE, '统计期限自2023年1月1日至2023年12月31日止', '统计期限自2022年1月1日至2022年12月31日止');
    const next = rollOverReport(parseReport(stale, 'en'), 'en');
    assert.ok(next.includes('统计期限自2022年1月1日至2022年12月31日止'));
    assert.deepEqual(codes(check(next)), ['period-mismatch']);
  });

  test('a report it cannot read gives an empty text', () => {
    assert.equal(rollOverReport(parseReport('year: [2023', 'en'), 'en'), '');
    assert.equal(rollOverReport(parseReport(edit(EXAMPLE, 'year: 2023\n', ''), 'en'), 'en'), '');
    assert.equal(rollOverReport(parseReport('', 'en'), 'en'), '');
  });

  test('a fresh skeleton rolls over to a fresh skeleton of the next year', () => {
    const next = rollOverReport(parseReport(reportSkeleton({ agency: 'A', year: 2023, lang: 'zh' }), 'zh'), 'zh');
    assert.equal(next, reportSkeleton({ agency: 'A', year: 2024, lang: 'zh', published: '2025-01-31' }));
    assert.deepEqual(sortedCodes(next), sortedCodes(reportSkeleton({ agency: 'A', year: 2024, lang: 'zh' })));
    assert.deepEqual(analyze(next).diagnostics.filter((d) => d.severity === 'error'), []);
  });
});
