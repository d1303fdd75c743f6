// The deeper checks of issue 15, each with real sentences (from test/fixtures/corpus and the issue's
// reports) and made-up near misses that must not fire.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_ACROSS_AGENCIES_PER_REPORT, aboutReportingBody, analyze, applyEdits, checkAcrossYears, copiedAcrossAgencies, fixAll, levelOf,
  MIN_TEXT_LENGTH, normalisedBigrams, normaliseText, parseReport, staleYearOffsets, yearFacts, type TextFacts, type YearFacts,
} from '../../server/src/core';
import { proseFields } from '../../server/src/core/model/text-fields';
import { EXAMPLE, EXAMPLE_ON_REQUEST, cellAt, check, codes, edit, withRow } from '../helpers';

/** The example with `sentence` as the text of 一（二）. */
const saying = (sentence: string, text = EXAMPLE) => edit(text, EXAMPLE_ON_REQUEST, sentence);
const mismatches = (text: string, lang: 'zh' | 'en' = 'en') => check(text, { lang }).filter((f) => f.code === 'text-table-mismatch');

/** A consistent set of tables: 20 received (18 自然人, 2 商业企业), results in every category, 3 carried forward. */
function tables(text = EXAMPLE): string {
  let t = withRow(text, 'received', [18, 2, 0, 0, 0, 0, 20]);
  t = withRow(t, 'disclosed', [6, 1, 0, 0, 0, 0, 7]);
  t = withRow(t, 'partially_disclosed', [2, 0, 0, 0, 0, 0, 2]);
  t = withRow(t, 'state_secret', [1, 0, 0, 0, 0, 0, 1]);
  t = withRow(t, 'not_held', [3, 0, 0, 0, 0, 0, 3]);
  t = withRow(t, 'complaint', [2, 0, 0, 0, 0, 0, 2]);
  t = withRow(t, 'no_correction', [1, 1, 0, 0, 0, 0, 2]);
  t = withRow(t, 'total', [15, 2, 0, 0, 0, 0, 17]);
  t = withRow(t, 'carried_forward', [3, 0, 0, 0, 0, 0, 3]);
  t = withRow(t, 'review', [1, 0, 0, 1, 2]);
  t = withRow(t, 'lawsuit_direct', [1, 0, 0, 0, 1]);
  return t;
}
const TABLES = tables();

describe('text-table-mismatch: figures of each result category', () => {
  test('the consistent tables are clean, and so is a text that restates them right', () => {
    assert.deepEqual(check(saying('依法办理。', TABLES)), []);
    const right = '全年共收到政府信息公开申请20件，办结申请17件，其中予以公开7件，部分公开2件，予以公开及部分公开9件，不予公开1件，无法提供3件，不予处理2件，其他处理2件，结转下年度继续办理3件。收到行政复议2件，行政诉讼1件。';
    assert.deepEqual(check(saying(right, TABLES)), []);
  });

  for (const [sentence, covers, message] of [
    ['予以公开8件。', '予以公开8件', 'The text says “予以公开8件” (8), but （一）予以公开 is 7'],
    ['予以公开及部分公开10件。', '予以公开及部分公开10件', 'is 9'],
    ['不予公开2件。', '不予公开2件', 'but （三）不予公开 is 1'],
    ['因本机关不掌握等原因无法提供4件。', '无法提供4件', 'but （四）无法提供 is 3'],
    ['不予处理1件。', '不予处理1件', 'but （五）不予处理 is 2'],
    ['其他处理0件。', '其他处理0件', 'but （六）其他处理 is 2'],
    ['办结政府信息公开申请16件。', '办结政府信息公开申请16件', 'but （七）总计 is 17'],
    ['结转下年度继续办理2件。', '结转下年度继续办理2件', 'but 四、结转下年度继续办理 is 3'],
    ['结转至下一年度1件。', '结转至下一年度1件', 'but 四、结转下年度继续办理 is 3'],
    ['发生行政复议3件。', '行政复议3件', 'but 行政复议·总计 is 2'],
    ['发生行政诉讼2件。', '行政诉讼2件', 'but 行政诉讼 · 未经复议直接起诉·总计+行政诉讼 · 复议后起诉·总计 is 1'],
  ] as const) {
    test(`“${sentence}”`, () => {
      const found = mismatches(saying(sentence, TABLES));
      assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
      assert.equal(found[0]!.covers, covers);
      assert.ok(found[0]!.message.includes(message), found[0]!.message);
      // the quick fix writes the table's figure into the sentence, and is not part of "fix all"
      const fix = found[0]!.diagnostic.fix!;
      assert.equal(fix.safe, false);
      const fixed = applyEdits(saying(sentence, TABLES), fix.edits);
      assert.deepEqual(mismatches(fixed), []);
    });
  }

  test('the 自然人 column, a sub-row, named in the message (a real 2019 report: 258 for 275)', () => {
    const natural = mismatches(saying('予以公开及部分公开8件。', TABLES), 'zh');
    assert.equal(natural[0]!.message, '正文写“予以公开及部分公开8件”（8），但 （一）予以公开+（二）部分公开（区分处理的，只计这一情形，不计其他情形） 为 9（8 是自然人一列的数；总计为 9）');
    const split = withRow(withRow(TABLES, 'complaint', [1, 0, 0, 0, 0, 0, 1]), 'duplicate', [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(check(saying('依法办理。', split)), []);
    const sub = mismatches(saying('不予处理1件。', split));
    assert.match(sub[0]!.message, /\(1 is （五）不予处理·1\.信访举报投诉类申请 alone\)$/);
  });

  test('near misses: no figure right after the label, a negation, a figure of something else', () => {
    for (const sentence of [
      '予以公开的信息主要涉及民政政策，共7件。',     // 7 is right, and "主要涉及…" is no figure
      '不予公开的原因是涉及国家秘密。',
      '未发生不予处理的情形。',
      '予以公开信息公告12条。',                  // 条, not 件 of applications
      '发布行政复议决定书3件。',                  // documents of a review, not reviews
      '办理行政诉讼答复材料5件。',
    ]) {
      const found = mismatches(saying(sentence, TABLES));
      assert.deepEqual(found.map((f) => f.message), [], sentence);
    }
  });
});

describe('text-table-mismatch: percentages', () => {
  const text = (s: string) => saying(`办结政府信息公开申请17件。${s}`, TABLES);
  test('recomputed against the total the paragraph names, at the printed precision (rounded or truncated)', () => {
    assert.deepEqual(mismatches(text('予以公开7件，占41.2%。')), []);   // 41.176
    assert.deepEqual(mismatches(text('予以公开7件，占41.1%。')), []);   // truncated
    assert.deepEqual(mismatches(text('予以公开7件，占41%。')), []);
    const wrong = mismatches(text('予以公开7件，占33.9%。'));
    assert.equal(wrong.length, 1);
    assert.equal(wrong[0]!.covers, '33.9');
    assert.equal(wrong[0]!.message, 'The text says 33.9% for 7 of 17, but 7/17 is 41.2%');
    assert.deepEqual(mismatches(applyEdits(text('予以公开7件，占33.9%。'), wrong[0]!.diagnostic.fix!.edits)), []);
  });
  test('no total named before it: nothing to compare', () => {
    assert.deepEqual(mismatches(saying('予以公开7件，占33.9%。', TABLES)), []);
  });
});

describe('text-table-mismatch: statements', () => {
  test('"均获维持" about 复议 while one is pending (a real 2019 report: 复议7件、诉讼9件"均获维持", 2 and 1 pending)', () => {
    const found = mismatches(saying('发生行政复议2件，行政诉讼1件，均获维持。', TABLES), 'zh');
    assert.deepEqual(found.map((f) => f.message), ['正文写“均获维持”，但 行政复议·尚未审结 为 1']);
    assert.deepEqual(mismatches(saying('发生行政诉讼1件，均获维持。', TABLES)), [], 'the lawsuit was upheld');
  });
  test('"全部办结" / "无结转" while 四 is above 0; not about something else', () => {
    assert.equal(mismatches(saying('收到的政府信息公开申请全部办结。', TABLES)).length, 1);
    assert.equal(mismatches(saying('本年度政府信息公开申请无结转。', TABLES)).length, 1);
    assert.deepEqual(mismatches(saying('人大代表建议全部办结。', TABLES)), []);
    assert.deepEqual(mismatches(saying('收到的政府信息公开申请全部办结。')), [], 'nothing carried forward');
  });
  test('"均为自然人" while a 法人或其他组织 column is above 0', () => {
    const found = mismatches(saying('申请人均为自然人。', TABLES));
    assert.deepEqual(found.map((f) => f.message), ['The text says “均为自然人”, but 一、本年新收政府信息公开申请数量·商业企业 is 2']);
    assert.deepEqual(mismatches(saying('申请人均为自然人。')), [], 'no application from an organisation');
  });
  test('"未收到…行政复议" (exists) and "未发生行政诉讼"', () => {
    assert.equal(mismatches(saying('未收到行政复议申请。', TABLES)).length, 1);
    assert.equal(mismatches(saying('未发生行政诉讼。', TABLES)).length, 1);
  });
});

describe('text-table-mismatch: the subject is the reporting body', () => {
  test('"区政府办代表区政府受理…17件" in a district government\'s report is not compared', () => {
    const district = edit(TABLES, 'agency: 台儿庄区民政局', 'agency: 台儿庄区人民政府');
    assert.deepEqual(mismatches(saying('区政府办代表区政府受理政府信息公开申请17件。', district)), []);
    assert.deepEqual(mismatches(saying('各镇街共受理政府信息公开申请5件。', district)), []);
    // the body itself, by name, 我局 or no name at all: compared
    assert.equal(mismatches(saying('台儿庄区人民政府共受理政府信息公开申请17件。', district)).length, 1);
    assert.equal(mismatches(saying('区政府共受理政府信息公开申请17件。', district)).length, 1);
    assert.equal(mismatches(saying('2023年度我局共收到政府信息公开申请17件。', TABLES)).length, 1);
    assert.equal(mismatches(saying('全年共收到政府信息公开申请17件。', TABLES)).length, 1);
  });
  test('real subjects', () => {
    // shanghai 2019: the 办公厅 reports and speaks of itself
    assert.equal(aboutReportingBody('市政府办公厅代表市政府共', '上海市人民政府办公厅'), true);
    assert.equal(aboutReportingBody('2023年度我局共', '沭阳县发展和改革局'), true);
    assert.equal(aboutReportingBody('区政府办代表区政府', '某某区人民政府'), false);
    assert.equal(aboutReportingBody('其中区教育局共', '某某区人民政府'), false);
  });
});

describe('stale-year', () => {
  const in2024 = (text: string) => edit(edit(text, 'year: 2023', 'year: 2024'), 'published: 2024-01-16', 'published: 2025-01-16')
    .replace(/2023年1月1日至2023年12月31日/g, '2024年1月1日至2024年12月31日');
  test('a 2024 report started from the 2023 one: the report it publishes and the topic openings', () => {
    const found = check(in2024(EXAMPLE), { lang: 'zh' }).filter((f) => f.code === 'stale-year');
    assert.deepEqual(found.map((f) => f.covers), ['2023', '2023', '2023', '2023', '2023', '2023', '2023']);
    assert.equal(found[0]!.message, '前言写“公布台儿庄区民政局2023年度政府信息公开报告”，但本报告为2024年度：是否沿用了上年度报告的文字？');
    assert.equal(found[0]!.severity, 'warning');
    // the quick fix writes 2024; with all applied nothing is left, and the other mentions stay
    const fixed = applyEdits(in2024(EXAMPLE), found.map((f) => f.diagnostic.fix!.edits).flat());
    assert.deepEqual(codes(check(fixed)), []);
    assert.ok(fixed.includes('《台儿庄区民政局2023年政务公开工作实施方案》'));
    assert.ok(fixed.includes('2023年3月3日，区民政局收悉'));
    assert.ok(!found.some((f) => f.diagnostic.fix!.safe));
  });
  test('near misses: comparisons, other documents, dates, other years', () => {
    for (const sentence of [
      '较2023年增长10%。', '与2023年相比，申请数量增加。', '2023年3月3日，区民政局收悉通知。', '上年，我局收到申请2件。',
      '根据《关于做好2023年政府信息公开工作年度报告编制和发布工作的通知》要求编制本报告。', '对照2023年度报告发现的问题进行整改。',
      '2022年，我局开展了培训。', '2024年，我局继续推进。', '自2023年起实施。', '比2023年度报告多公开10条。',
    ]) {
      assert.deepEqual(staleYearOffsets(sentence, 2024), [], sentence);
    }
    for (const sentence of ['2023年，我局', '工作扎实。2023年以来，我局', '2023年度，', '2023年我局继续坚持', '现向社会公布某局2023年度政府信息公开工作年度报告。']) {
      assert.equal(staleYearOffsets(sentence, 2024).length, 1, sentence);
    }
  });
  test('the title', () => {
    const text = edit(in2024(EXAMPLE), 'format: 2021\n', 'format: 2021\ntitle: 台儿庄区民政局2023年政府信息公开工作年度报告\n');
    const titleAt = text.indexOf('title:');
    assert.ok(check(text).some((f) => f.code === 'stale-year' && f.diagnostic.range.start > titleAt && f.diagnostic.range.start < text.indexOf('\n', titleAt)));
    assert.ok(!check(edit(text, 'title: 台儿庄区民政局2023年', 'title: 台儿庄区民政局2024年')).some((f) => f.code === 'stale-year' && f.diagnostic.range.start < text.indexOf('\nyear')));
  });
});

describe('blank-cell', () => {
  const blank = edit(EXAMPLE, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [3, null, ~, 0, 0, 0, null]');
  test('once per row, naming the blank columns; no schema error and no sum error around it', () => {
    const found = check(blank, { lang: 'zh' });
    assert.deepEqual(codes(found), ['blank-cell']);
    assert.equal(found[0]!.at, cellAt(blank, 'disclosed', 1));
    assert.equal(found[0]!.message, '（一）予以公开：商业企业、科研机构、总计未填写；没有发生的填 0');
    assert.equal(found[0]!.severity, 'error');
  });
  test('the quick fix writes 0, and is not part of "fix all totals"', () => {
    const d = analyze(blank, { lang: 'en' }).diagnostics[0]!;
    assert.equal(d.fix!.safe, false);
    const fixed = applyEdits(blank, d.fix!.edits);
    assert.ok(fixed.includes('disclosed:            [3, 0, 0, 0, 0, 0, 0]'));
    // the figures around the row are checked again once it is filled
    assert.deepEqual(codes(check(fixed)), ['row-total', 'results-total']);
    assert.deepEqual(fixAll(analyze(blank)).filter((e) => e.range.start >= blank.indexOf('disclosed:') && e.range.start < blank.indexOf('partially_disclosed')), []);
  });
  test('appeals too; a string is still a schema error', () => {
    assert.deepEqual(codes(check(edit(EXAMPLE, 'review:               [0, 0, 0, 0, 0]', 'review:               [0, 0, null, 0, 0]'))), ['blank-cell']);
    assert.deepEqual(codes(check(edit(EXAMPLE, 'review:               [0, 0, 0, 0, 0]', 'review:               [0, 0, "-", 0, 0]'))), ['schema']);
  });
});

describe('unusual-share', () => {
  const withOther = (other: number, disclosed: number) => {
    const total = other + disclosed;
    let t = withRow(EXAMPLE, 'received', [total, 0, 0, 0, 0, 0, total]);
    t = withRow(t, 'disclosed', [disclosed, 0, 0, 0, 0, 0, disclosed]);
    t = t.replace(/(\n\s*other:\s*)\[[^\]]*\]/, `$1[${other}, 0, 0, 0, 0, 0, ${other}]`);
    return withRow(t, 'total', [total, 0, 0, 0, 0, 0, total]);
  };
  test('26 of 35 in （六）其他处理 (a published report)', () => {
    const found = check(withOther(26, 9), { lang: 'zh' }).filter((f) => f.code === 'unusual-share');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'info');
    assert.equal(found[0]!.covers, 'other');
    assert.match(found[0]!.message, /（六）其他处理占办理结果 35 件中的 26 件（74%）/);
  });
  test('near misses: half exactly, fewer than 10 results', () => {
    assert.deepEqual(check(withOther(5, 5)).filter((f) => f.code === 'unusual-share'), []);
    assert.deepEqual(check(withOther(8, 1)).filter((f) => f.code === 'unusual-share'), []);
    assert.deepEqual(check(withOther(4, 10)).filter((f) => f.code === 'unusual-share'), []);
  });
});

describe('scope-words', () => {
  test('the level from the agency name', () => {
    assert.equal(levelOf('台儿庄区民政局'), 3);
    assert.equal(levelOf('沭阳县发展和改革局'), 3);
    assert.equal(levelOf('沭阳县市场监督管理局'), 3);
    assert.equal(levelOf('某某县住房和城乡建设局'), 3);
    assert.equal(levelOf('上海市人民政府办公厅'), 2);
    assert.equal(levelOf('枣庄市台儿庄区运河街道办事处'), 4);
    assert.equal(levelOf('山东省民政厅'), 1);
    assert.equal(levelOf('国家税务总局'), undefined);
    assert.equal(levelOf('枣庄市民政局'), 2);
    assert.equal(levelOf('某某市市政工程管理处'), 2);
    assert.equal(levelOf('某某县市民服务中心'), 3);
  });
  test('a county-level body writing "全市各级行政机关" (info), a city one "全省…"', () => {
    const found = check(saying('组织全市各级行政机关开展政务公开培训。'), { lang: 'zh' });
    assert.deepEqual(codes(found), ['scope-words']);
    assert.equal(found[0]!.covers, '全市各级行政机关');
    assert.equal(found[0]!.severity, 'info');
    const city = edit(EXAMPLE, 'agency: 台儿庄区民政局', 'agency: 枣庄市民政局');
    assert.deepEqual(codes(check(saying('推动全省各部门公开工作。', city))), ['scope-words']);
  });
  test('near misses: its own level, a mention of an event, a provincial body', () => {
    assert.deepEqual(check(saying('督促全区各部门做好公开工作。')), []);
    assert.deepEqual(check(saying('参加全市政务公开业务培训。')), []);
    const city = edit(EXAMPLE, 'agency: 台儿庄区民政局', 'agency: 上海市人民政府办公厅');
    assert.deepEqual(check(saying('组织开展了全市政务公开业务培训，推进全市各级行政机关公开工作。', city)), []);
  });
});

describe('breakdown-sum and processing-fees (issue 9 §6)', () => {
  test('partial lists and additions are no breakdown; a real breakdown still is', () => {
    for (const sentence of [
      '答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）。',
      '公开信息100条（其中政策解读20条，通知公告30条）。',
      '公开信息100条（包括政策解读20条、通知公告30条）。',
      '公开信息100条（主要有政策解读20条、通知公告30条）。',
      '公开信息100条（如政策解读20条、通知公告30条）。',
      '公开信息100条（政策解读20条、通知公告30条等）。',
    ]) {
      assert.deepEqual(codes(check(saying(sentence))), [], sentence);
    }
    assert.deepEqual(codes(check(saying('公开信息100条（政策解读20条、通知公告30条）。'))), ['breakdown-sum']);
  });
  test('every way of saying no fee arose', () => {
    const fees = (s: string) => edit(EXAMPLE, '2023年，区民政局不存在因信息处理收取相关费用的情况。', s);
    for (const s of ['本年度没有产生信息公开处理费。', '未产生信息处理费。', '本机关未收取信息处理费。', '不存在收取信息处理费的情况。',
      '信息处理费收费0元。', '各部门均未收取信息处理费。', '本年度零收费。', '2023年度，县发展和改革局政府信息公开未发生收费情况。']) {
      assert.deepEqual(codes(check(fees(s))), [], s);
    }
    for (const s of ['按规定执行。', '信息处理费按照国务院办公厅有关规定执行。']) assert.deepEqual(codes(check(fees(s))), ['processing-fees'], s);
  });
});

describe('the example stays clean', () => {
  test('no finding of any rule', () => {
    assert.deepEqual(check(EXAMPLE), []);
    assert.deepEqual(parseReport(EXAMPLE, 'en').syntax, []);
  });
});

describe('local deadlines (deadline reads a core option)', () => {
  const late = edit(EXAMPLE, 'published: 2024-01-16', 'published: 2024-01-30');
  test('a city sets 1月28日 for its departments: the message names the rule that applied', () => {
    assert.deepEqual(check(late), [], 'the national 31 January is met');
    const found = check(late, { lang: 'zh', deadlines: { department: { date: '01-28', rule: '市政府办公室关于做好年度报告工作的通知' } } });
    assert.deepEqual(codes(found), ['deadline']);
    assert.equal(found[0]!.message, '成文日期 2024年1月30日 晚于发布期限 2024年1月28日（本地规定的发布期限：市政府办公室关于做好年度报告工作的通知）');
    const unnamed = check(late, { lang: 'en', deadlines: { department: { date: '01-28' } } });
    assert.match(unnamed[0]!.message, /the local deadline for this kind of body: the setting govreport\.deadlines/);
  });
  test('only for its kind; an invalid date is ignored; the report\'s own deadline wins', () => {
    assert.deepEqual(check(late, { deadlines: { government: { date: '01-10' } } }), []);
    assert.deepEqual(check(late, { deadlines: { department: { date: '02-30' } } }), []);
    assert.deepEqual(check(edit(late, 'published: 2024-01-30', 'published: 2024-01-30\ndeadline: 2024-02-15'), { deadlines: { department: { date: '01-28' } } }), []);
  });
});

describe('year-over-year', () => {
  const received = (text: string, n: number) => withRow(withRow(withRow(text, 'received', [n, 0, 0, 0, 0, 0, n]), 'disclosed', [n, 0, 0, 0, 0, 0, n]), 'total', [n, 0, 0, 0, 0, 0, n])
    .replace(EXAMPLE_ON_REQUEST, '依法办理。');
  const lastYear = (text: string) => edit(edit(text, 'year: 2023', 'year: 2022'), 'published: 2024-01-16', 'published: 2023-01-16');
  const run = (now: number, before: number) => checkAcrossYears(parseReport(received(EXAMPLE, now), 'en'),
    { file: 'last.govreport.yaml', document: parseReport(lastYear(received(EXAMPLE, before)), 'en') }, { lang: 'en', severities: { 'copied-text': 'off' } as never })
    .filter((d) => d.code === 'year-over-year');
  test('本年新收 moves by more than 5× (both at least 10): info, with last year\'s figure as related', () => {
    const found = run(120, 12);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'info');
    assert.equal(found[0]!.message, '一、本年新收政府信息公开申请数量·总计 is 120, but 12 in the report for 2022 (a factor of 10): is one of the two figures wrong?');
    assert.equal(found[0]!.related![0]!.file, 'last.govreport.yaml');
    assert.equal(run(12, 120).length, 1, 'either way');
  });
  test('near misses: 5× exactly, a small figure', () => {
    assert.deepEqual(run(60, 12), []);
    assert.deepEqual(run(50, 9), []);
    assert.deepEqual(run(9, 0), []);
  });
  test('现行有效件数 of 规范性文件', () => {
    const stock = (text: string, n: number) => edit(text, 'normative_documents: {issued: 0, repealed: 0, in_force: 0}', `normative_documents: {issued: 0, repealed: 0, in_force: ${n}}`);
    const found = checkAcrossYears(parseReport(stock(EXAMPLE, 300), 'en'), { file: 'l', document: parseReport(lastYear(stock(EXAMPLE, 30)), 'en') }, { lang: 'en' })
      .filter((d) => d.code === 'year-over-year');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /^行政规范性文件·现行有效件数 is 300, but 30 in the report for 2022|·.* is 300, but 30 in the report for 2022/);
  });
});

describe('copied-text across agencies of the same year', () => {
  const AGENCIES = ['甲县民政局', '乙县民政局', '丙县民政局'];
  const of = (agency: string, year = 2023, text = EXAMPLE) => {
    let t = edit(text, 'agency: 台儿庄区民政局', `agency: ${agency}`);
    if (year !== 2023) t = edit(edit(t, 'year: 2023', `year: ${year}`), 'published: 2024-01-16', `published: ${year + 1}-01-16`);
    return { file: `${agency}-${year}.govreport.yaml`, facts: yearFacts(parseReport(t, 'en'))! as YearFacts };
  };
  test('the same long text in two agencies\' reports: each names the other; not the same agency, not another year', () => {
    const found = copiedAcrossAgencies([of(AGENCIES[0]!), of(AGENCIES[1]!)], { lang: 'en' });
    assert.deepEqual([...found.keys()].sort(), [`${AGENCIES[0]}-2023.govreport.yaml`, `${AGENCIES[1]}-2023.govreport.yaml`].sort());
    const first = found.get(`${AGENCIES[0]}-2023.govreport.yaml`)!;
    assert.ok(first.length >= 1 && first.length <= MAX_ACROSS_AGENCIES_PER_REPORT);
    assert.equal(first[0]!.code, 'copied-text');
    assert.match(first[0]!.message, /is 100% the same as .* in the report of 乙县民政局 for 2023/);
    assert.equal(first[0]!.related![0]!.file, `${AGENCIES[1]}-2023.govreport.yaml`);
    assert.equal(copiedAcrossAgencies([of(AGENCIES[0]!), { ...of(AGENCIES[0]!), file: 'copy.govreport.yaml' }], { lang: 'en' }).size, 0, 'same agency: duplicate-report\'s');
    assert.equal(copiedAcrossAgencies([of(AGENCIES[0]!), of(AGENCIES[1]!, 2022)], { lang: 'en' }).size, 0, 'another year');
  });
  test('different texts are not reported; short ones are not compared', () => {
    const reversed = EXAMPLE.split('\n').map((line) => {
      const m = /^(\s+)([^\s#].*)$/.exec(line);
      return !m || /^[a-z_]+:/.test(m[2]!) ? line : m[1] + [...m[2]!].reverse().join('');
    }).join('\n');
    assert.equal(copiedAcrossAgencies([of(AGENCIES[0]!), of(AGENCIES[1]!, 2023, reversed)], { lang: 'en' }).size, 0);
  });
  test('texts without their bigrams: the same text by its digest; others named to missingShingles, then as with the full facts', () => {
    // every prose line of the second and third report changed by one character: alike, not the same
    // report n changes every other such line, starting with line n: the two change different lines
    const changed = (n: number) => {
      let k = n;
      return EXAMPLE.split('\n').map((line) => (/^\s{4,}\S/.test(line) && /\p{Script=Han}{10}/u.test(line) && k++ % 2 === 0
        ? line.replace(/\p{Script=Han}/u, '甲乙'[n]!) : line)).join('\n');
    };
    const full = [of(AGENCIES[0]!), of(AGENCIES[1]!, 2023, changed(0)), of(AGENCIES[2]!, 2023, changed(1))];
    const lean = full.map((r) => ({ ...r, facts: { ...r.facts, texts: r.facts.texts.map(({ shingles: _, ...rest }): TextFacts => ({ ...rest })) } }));
    const expected = copiedAcrossAgencies(full, { lang: 'en' });
    assert.ok([...expected.values()].flat().some((d) => / is 9\d% the same /.test(d.message)), 'some texts alike, not the same');
    const missing = new Set<TextFacts>();
    const first = copiedAcrossAgencies(lean, { lang: 'en', missingShingles: (t) => missing.add(t) });
    // the texts that are the same are found without bigrams; every other pair compared names its texts
    assert.ok([...first.values()].flat().every((d) => / is 100% the same /.test(d.message)));
    assert.ok(missing.size > 0);
    lean.forEach((r, i) => r.facts.texts.forEach((t, j) => {
      if (missing.has(t)) t.shingles = full[i]!.facts.texts[j]!.shingles;
    }));
    const asked = new Set<TextFacts>();
    assert.deepEqual(copiedAcrossAgencies(lean, { lang: 'en', missingShingles: (t) => asked.add(t) }), expected);
    assert.equal(asked.size, 0, 'no pair compared that the first run did not name');
  });
  test('normalisedBigrams: a text\'s bigrams from the normalised form yearFacts gives, and none for another text', () => {
    const units: Uint16Array[] = [];
    const doc = parseReport(EXAMPLE, 'en');
    const lean = yearFacts(doc, { shingles: false, normalised: (i, u) => { units[i] = u; } })!;
    const full = yearFacts(doc)!;
    assert.ok(lean.texts.length > 5 && units.length === lean.texts.length);
    lean.texts.forEach((t, i) => {
      assert.equal(t.shingles, undefined);
      assert.equal(String.fromCharCode(...units[i]!), normaliseText(proseText(i)));
      assert.deepEqual(normalisedBigrams(units[i]!, t), full.texts[i]!.shingles);
      assert.equal(normalisedBigrams(units[i]!, lean.texts[(i + 1) % lean.texts.length]!), undefined);
    });
    function proseText(i: number): string {
      return proseFields(doc.data).filter((f) => f.path[0] !== 'preamble' && normaliseText(f.value).length >= MIN_TEXT_LENGTH)[i]!.value;
    }
  });
  test('1,000 near-identical reports: every report gets a bounded output, and the work stays near-linear', () => {
    const base = of(AGENCIES[0]!);
    const reports = Array.from({ length: 1000 }, (_, i) => ({ file: `r${i}.govreport.yaml`, facts: { ...base.facts, agency: `第${i}县民政局` } }));
    const stats = { comparisons: 0 };
    const found = copiedAcrossAgencies(reports, { lang: 'en' }, stats);
    assert.equal(found.size, 1000);
    // each text is compared with at most 8 others, not with all 999
    const texts = base.facts.texts.filter((x) => x.sketch).length;
    assert.ok(stats.comparisons > 0 && stats.comparisons <= 1000 * texts * 8, String(stats.comparisons));
    for (const diagnostics of found.values()) assert.ok(diagnostics.length <= MAX_ACROSS_AGENCIES_PER_REPORT);
    // every finding names one other report: the output is at most 5 × 1000 diagnostics, each with one related location
    assert.ok([...found.values()].every((ds) => ds.every((d) => d.related!.length === 1)));
  });
});
