// The across-years rules (RULES.md "Across years") on pairs of reports built from the example:
// which pairs are compared at all, each rule firing and not firing with exact ranges and messages
// in both languages, duplicates, and the similarity measure behind copied-text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  LineIndex, RuleCode, applyEdits, checkAcrossYears, compareYears, DUPLICATES_NAMED, duplicateReportDiagnostic, findDuplicates, normaliseText, otherCopies,
  parseReport, reportIdentity, shingleSimilarity, textShingles, textSimilarity, yearFacts,
  type CrossYearOptions, type Lang, type OffsetRange, type ReportDiagnostic,
} from '../../server/src/core';
import { EXAMPLE, cellAt, edit } from '../helpers';

const PREV_FILE = '/reports/2022.govreport.yaml';

/** The example moved to another year (its text keeps saying 2023: digits do not count for copied-text). */
const ofYear = (text: string, year: number) =>
  edit(edit(text, 'year: 2023', `year: ${year}`), 'published: 2024-01-16', `published: ${year + 1}-01-16`);

/** Every prose line written backwards: the same characters, hardly a bigram in common. */
const rewritten = (text: string) => text.split('\n').map((line) => {
  const m = /^(\s+)([^\s#].*)$/.exec(line);
  if (!m || /^[a-z_]+:/.test(m[2]!)) return line;
  return m[1] + [...m[2]!].reverse().join('');
}).join('\n');

const CUR = EXAMPLE;
/** Last year's report with the same tables and other texts. */
const PREV = rewritten(ofYear(EXAMPLE, 2022));

const parse = (text: string) => {
  const doc = parseReport(text, 'en');
  assert.deepEqual(doc.syntax, [], 'test input is valid YAML');
  return doc;
};

/** 1-based line:column of `offset` in `text`. */
const pos = (text: string, offset: number) => {
  const p = new LineIndex(text).positionAt(offset);
  return `${p.line + 1}:${p.character + 1}`;
};
/** 1-based line:column of the unique `needle` in `text`, plus `shift` characters. */
const where = (text: string, needle: string, shift = 0) => {
  const at = text.indexOf(needle);
  assert.ok(at >= 0 && text.indexOf(needle, at + 1) < 0, `exactly one ${needle}`);
  return pos(text, at + shift);
};

interface Shown { code: string; at: string; covers: string; message: string; related?: { file?: string; at: string; covers: string; message: string }[] }

function across(cur: string, prev: string | undefined, options: Partial<CrossYearOptions> = {}): { shown: Shown[]; diagnostics: ReportDiagnostic[] } {
  const diagnostics = checkAcrossYears(parse(cur), prev === undefined ? undefined : { file: PREV_FILE, document: parse(prev) }, { lang: 'en', ...options });
  const span = (r: { file?: string; range: OffsetRange }) => {
    const text = r.file ? prev! : cur;
    return { at: pos(text, r.range.start), covers: text.slice(r.range.start, r.range.end) };
  };
  const shown = diagnostics.map((d) => ({
    code: d.code, ...span(d), message: d.message,
    ...(d.related ? { related: d.related.map((r) => ({ ...(r.file ? { file: r.file } : {}), ...span(r), message: r.message })) } : {}),
  }));
  return { shown, diagnostics };
}

// ---------------------------------------------------------------------------------------- pairing

describe('which reports pair', () => {
  test('reportIdentity: agency trimmed, otherwise exact; year an integer', () => {
    assert.deepEqual(reportIdentity(parse(EXAMPLE).data), { agency: '台儿庄区民政局', year: 2023 });
    assert.deepEqual(reportIdentity({ agency: ' \u3000平潭综合实验区 ', year: 2022 }), { agency: '平潭综合实验区', year: 2022 });
    assert.notDeepEqual(reportIdentity({ agency: '平潭综合实验区', year: 2022 }), reportIdentity({ agency: '平潭综合实验区君山片区管理局', year: 2022 }));
    for (const data of [undefined, null, 'x', [1], {}, { agency: '台儿庄区民政局' }, { agency: '  ', year: 2023 }, { agency: 5, year: 2023 },
      { agency: '台儿庄区民政局', year: '2023' }, { agency: '台儿庄区民政局', year: 2023.5 }, { agency: '台儿庄区民政局', year: Infinity }]) {
      assert.equal(reportIdentity(data), undefined, JSON.stringify(data));
    }
  });

  test('last year\'s report of the same agency with the same tables and new texts: nothing to say', () => {
    assert.deepEqual(across(CUR, PREV).shown, []);
  });

  test('no previous report, a gap of two years, the same year, the next year: nothing is compared', () => {
    const mismatched = edit(PREV, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [5, 0, 0, 0, 0, 0, 5]');
    assert.equal(across(CUR, mismatched).shown.length, 2, 'the mismatch (自然人 and 总计) is seen when the years are consecutive');
    assert.deepEqual(across(CUR, undefined).shown, []);
    for (const year of [2021, 2023, 2024]) {
      assert.deepEqual(across(CUR, edit(mismatched, 'year: 2022', `year: ${year}`)).shown, [], `previous year ${year}`);
    }
  });

  // names that differ only by the higher administrative levels (枣庄市台儿庄区民政局) do pair: agency-names.test.ts
  test('an agency with a similar name never pairs; one that differs by surrounding spaces does', () => {
    const mismatched = edit(PREV, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [5, 0, 0, 0, 0, 0, 5]');
    for (const other of ['台儿庄区民政局机关', '台儿庄区民政', '峄城区民政局', '枣庄市台儿庄区民政局办公室']) {
      assert.deepEqual(across(CUR, edit(mismatched, 'agency: 台儿庄区民政局', `agency: ${other}`)).shown, [], other);
    }
    assert.equal(across(CUR, edit(mismatched, 'agency: 台儿庄区民政局', 'agency: "  台儿庄区民政局 "')).shown.length, 2);
    // RULES.md's own example: a zone and a bureau inside it
    const zone = edit(CUR, 'agency: 台儿庄区民政局', 'agency: 平潭综合实验区');
    const bureau = edit(mismatched, 'agency: 台儿庄区民政局', 'agency: 平潭综合实验区君山片区管理局');
    assert.deepEqual(across(zone, bureau).shown, []);
    assert.equal(across(zone, edit(bureau, '君山片区管理局', '')).shown.length, 2);
  });

  test('reports without an identity or with broken YAML are never compared, and nothing throws', () => {
    const broken = parseReport('agency: [', 'en');
    const list = parseReport('- 1\n- 2\n', 'en');
    const doc = parse(CUR);
    assert.deepEqual(checkAcrossYears(doc, { file: 'x', document: broken }, { lang: 'en' }), []);
    assert.deepEqual(checkAcrossYears(broken, { file: 'x', document: doc }, { lang: 'en' }), []);
    assert.deepEqual(checkAcrossYears(list, { file: 'x', document: list }, { lang: 'zh' }), []);
    assert.equal(yearFacts(broken), undefined);
    assert.deepEqual(duplicateReportDiagnostic(broken, ['x'], 'en'), []);
    fc.assert(fc.property(fc.anything(), fc.anything(), (a, b) => {
      reportIdentity(a);
      findDuplicates([{ file: 'a', data: a }, { file: 'b', data: b }, { file: 'c', data: a }]);
    }), { numRuns: 300 });
  });
});

// ---------------------------------------------------------------------------------------- the rules

describe('carry-over-mismatch', () => {
  const prev = edit(PREV, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [3, 1, 0, 0, 0, 0, 4]');

  test('per column, on this year\'s carried_over cell, with last year\'s cell as related location', () => {
    const { shown } = across(CUR, prev);
    assert.deepEqual(shown, [0, 1, 6].map((c) => {
      const col = ['自然人', '商业企业', undefined, undefined, undefined, undefined, '总计'][c]!;
      const value = [3, 1, 0, 0, 0, 0, 4][c]!;
      return {
        code: 'carry-over-mismatch', at: cellAt(CUR, 'carried_over', c), covers: '0',
        message: `二、上年结转政府信息公开申请数量·${col} is 0, but 四、结转下年度继续办理·${col} in the report for 2022 is ${value}`,
        related: [{ file: PREV_FILE, at: cellAt(prev, 'carried_forward', c), covers: String(value), message: `Report for 2022: 四、结转下年度继续办理·${col} = ${value}` }],
      };
    }));
    assert.equal(cellAt(CUR, 'carried_over', 0), '43:19');
  });

  test('in Chinese', () => {
    const { shown } = across(CUR, prev, { lang: 'zh' });
    assert.equal(shown[0]!.message, '二、上年结转政府信息公开申请数量·自然人 为 0，但2022年度报告的四、结转下年度继续办理·自然人为 3');
    assert.equal(shown[0]!.related![0]!.message, '2022年度报告：四、结转下年度继续办理·自然人 = 3');
  });

  test('quick fix (not safe) sets the cell to last year\'s value, keeping the comment column', () => {
    const { diagnostics } = across(CUR, prev);
    const fix = diagnostics[0]!.fix!;
    assert.equal(fix.safe, false);
    assert.equal(fix.title, 'Set 二、上年结转政府信息公开申请数量·自然人 to 3 (carried forward in the report for 2022)');
    const fixed = applyEdits(CUR, fix.edits);
    assert.ok(fixed.includes('\n  carried_over:  [3, 0, 0, 0, 0, 0, 0]   # 二、上年结转政府信息公开申请数量\n'), fixed.slice(2200, 2400));
    assert.equal(fixed.length, CUR.length);
    // a wider number takes spaces from the padding before the comment
    const wide = across(CUR, edit(prev, '[3, 1, 0, 0, 0, 0, 4]', '[3, 1, 0, 0, 0, 0, 104]')).diagnostics.at(-1)!;
    assert.ok(applyEdits(CUR, wide.fix!.edits).includes('\n  carried_over:  [0, 0, 0, 0, 0, 0, 104] # 二、上年结转政府信息公开申请数量\n'));
    const zh = across(CUR, prev, { lang: 'zh' }).diagnostics[0]!.fix!;
    assert.equal(zh.title, '将 二、上年结转政府信息公开申请数量·自然人 改为 3（2022年度报告的结转下年度数）');
  });

  test('equal rows, or a malformed row in either year: nothing', () => {
    const cur = edit(CUR, 'carried_over:  [0, 0, 0, 0, 0, 0, 0]', 'carried_over:  [3, 1, 0, 0, 0, 0, 4]');
    assert.deepEqual(across(cur, prev).shown, []);
    assert.deepEqual(across(CUR, edit(PREV, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [3, 1, 0, 0, 0, 0]')).shown, []);
    assert.deepEqual(across(edit(CUR, 'carried_over:  [0, 0, 0, 0, 0, 0, 0]', 'carried_over:  [0, 0, 0, 0, 0, x, 0]'), prev).shown, []);
  });
});

describe('in-force-mismatch', () => {
  const row = (issued: number, repealed: number, inForce: number) =>
    `normative_documents: {issued: ${issued}, repealed: ${repealed}, in_force: ${inForce}}`;
  const ORIGINAL = row(0, 0, 0);
  const prev = edit(PREV, ORIGINAL, row(2, 0, 7));

  test('this year\'s in_force ≠ last year\'s in_force + this year\'s issued − repealed', () => {
    const cur = edit(CUR, ORIGINAL, row(3, 1, 7));
    const { shown, diagnostics } = across(cur, prev);
    assert.deepEqual(shown, [{
      code: 'in-force-mismatch', at: where(cur, 'in_force: 7', 10), covers: '7',
      message: '行政规范性文件·现行有效件数 is 7, but the report for 2022 gives 7 in force, and this year 3 were issued and 1 repealed: 7 + 3 − 1 = 9',
      related: [
        { file: PREV_FILE, at: where(prev, 'in_force: 7', 10), covers: '7', message: 'Report for 2022: 行政规范性文件·现行有效件数 = 7' },
        { at: where(cur, 'issued: 3', 8), covers: '3', message: '行政规范性文件·本年制发件数 = 3' },
        { at: where(cur, 'repealed: 1', 10), covers: '1', message: '行政规范性文件·本年废止件数 = 1' },
      ],
    }]);
    assert.equal(diagnostics[0]!.fix, undefined, 'documents can lapse: no automatic fix');
    assert.equal(across(cur, prev, { lang: 'zh' }).shown[0]!.message,
      '行政规范性文件·现行有效件数 为 7，但2022年度报告现行有效 7 件，本年制发 3 件、废止 1 件：7 + 3 − 1 = 9');
  });

  test('a stock that adds up, last year\'s issued (not this year\'s) ignored; 规章 checked the same way', () => {
    assert.deepEqual(across(edit(CUR, ORIGINAL, row(3, 1, 9)), prev).shown, []);
    assert.deepEqual(across(edit(CUR, ORIGINAL, row(0, 0, 7)), prev).shown, [], 'last year\'s 2 issued are already in its 7');
    const rules = 'rules: {issued: 0, repealed: 0, in_force: 0}';
    const { shown } = across(edit(CUR, rules, 'rules: {issued: 1, repealed: 0, in_force: 1}'), edit(PREV, rules, 'rules: {issued: 0, repealed: 0, in_force: 2}'));
    assert.deepEqual(shown.map((s) => [s.code, s.message]), [['in-force-mismatch', '规章·现行有效件数 is 1, but the report for 2022 gives 2 in force, and this year 1 were issued and 0 repealed: 2 + 1 − 0 = 3']]);
  });
});

describe('fee-unit', () => {
  const FEES = 'fees: 0           #';
  const fees = (text: string, value: string) => edit(text, FEES, `fees: ${value.padEnd(12)}#`);

  test('a factor of 1000 or more between two non-zero amounts, on this year\'s value', () => {
    const cur = fees(CUR, '3000');
    const prev = fees(PREV, '0.3');
    assert.deepEqual(across(cur, prev).shown, [{
      code: 'fee-unit', at: where(cur, 'fees: 3000', 6), covers: '3000',
      message: '行政事业性收费 is 3000, but 0.3 in the report for 2022, a factor of 10000: one of the two is probably in 元 instead of 万元',
      related: [{ file: PREV_FILE, at: where(prev, 'fees: 0.3', 6), covers: '0.3', message: 'Report for 2022: 行政事业性收费 = 0.3' }],
    }]);
    assert.equal(across(cur, prev, { lang: 'zh' }).shown[0]!.message, '行政事业性收费 为 3000，但2022年度报告为 0.3，相差 10000 倍：其中一年可能误将元当作万元填写');
    // either way round
    assert.deepEqual(across(fees(CUR, '0.3'), fees(PREV, '3000')).shown.map((s) => s.message),
      ['行政事业性收费 is 0.3, but 3000 in the report for 2022, a factor of 10000: one of the two is probably in 元 instead of 万元']);
  });

  test('exactly 1000 fires, 999 does not; a zero year never does', () => {
    assert.deepEqual(across(fees(CUR, '1000'), fees(PREV, '1')).shown.map((s) => s.code), ['fee-unit']);
    assert.deepEqual(across(fees(CUR, '999'), fees(PREV, '1')).shown, []);
    assert.deepEqual(across(fees(CUR, '3000'), PREV).shown, [], 'last year 0');
    assert.deepEqual(across(CUR, fees(PREV, '3000')).shown, [], 'this year 0');
    assert.deepEqual(across(fees(CUR, '2.5'), fees(PREV, '0.3')).shown, []);
  });
});

describe('copied-text', () => {
  const COPIED = ofYear(EXAMPLE, 2022);
  const LONG_FIELDS: [string, string][] = [
    ['proactive', '一、总体情况·（一）主动公开'],
    ['on_request', '一、总体情况·（二）依申请公开'],
    ['management', '一、总体情况·（三）政府信息管理'],
    ['platforms', '一、总体情况·（四）政府信息公开平台建设'],
    ['supervision', '一、总体情况·（五）监督保障'],
    ['issues', '五、存在的主要问题及改进情况·（一）存在的主要问题'],
    ['improvements', '五、存在的主要问题及改进情况·（二）改进情况'],
    ['work_priorities', '六、其他需要报告的事项·落实上级年度政务公开工作要点情况'],
    ['proposals', '六、其他需要报告的事项·人大代表建议和政协提案办理结果公开情况'],
    ['innovation', '六、其他需要报告的事项·政务公开工作创新情况'],
  ];

  test('last year\'s texts unchanged (its years differ: digits do not count): every long field, on its key', () => {
    const { shown } = across(CUR, COPIED);
    assert.deepEqual(shown, LONG_FIELDS.map(([key, label]) => ({
      code: 'copied-text', at: where(CUR, `\n  ${key}: |`, 3), covers: key,
      message: `${label} is 100% the same as in the report for 2022 (digits ignored): write about this year`,
      related: [{ file: PREV_FILE, at: where(COPIED, `\n  ${key}: |`, 3), covers: key, message: `Report for 2022: ${label}` }],
    })));
    // not compared: the preamble (the template's formula) and short fields (无。, a one-line statistics period)
    assert.ok(!shown.some((s) => ['preamble', 'processing_fees', 'statistics_notes', 'other', 'other_required'].includes(s.covers)));
    assert.equal(across(CUR, COPIED, { lang: 'zh' }).shown[0]!.message, '一、总体情况·（一）主动公开与2022年度报告雷同（相似度 100%，不计数字），请按本年度实际情况撰写');
    assert.equal(across(CUR, COPIED, { lang: 'zh' }).shown[0]!.related![0]!.message, '2022年度报告：一、总体情况·（一）主动公开');
  });

  test('a field reworded beyond the threshold is not reported; the threshold is an option; the percent is rounded down', () => {
    // last year's 主动公开 had its second sentence written backwards
    const sentence = '通过“台儿庄民政”微信公众号公开信息129条。';
    const prev = edit(COPIED, sentence, [...sentence].reverse().join(''));
    const proactiveOf = (text: string) => (parse(text).data as { overview: { proactive: string } }).overview.proactive;
    const similarity = textSimilarity(proactiveOf(prev), proactiveOf(CUR));
    assert.ok(similarity > 0.8 && similarity < 0.9, String(similarity));
    const percent = Math.floor(similarity * 100);
    const proactive = (options: Partial<CrossYearOptions>) => across(CUR, prev, options).shown.filter((s) => s.covers === 'proactive');
    assert.deepEqual(proactive({}), []);
    assert.deepEqual(proactive({ copiedTextThreshold: 0.8 }).map((s) => s.message), [`一、总体情况·（一）主动公开 is ${percent}% the same as in the report for 2022 (digits ignored): write about this year`]);
    assert.equal(across(CUR, COPIED, { copiedTextThreshold: 1 }).shown.length, LONG_FIELDS.length, 'identical texts reach 1');
  });

  test('overview.extra subsections pair by title (its numbering aside), not by position', () => {
    const extra = (sections: [string, string][]) => `  extra:\n${sections.map(([title, text]) => `    - title: ${title}\n      text: |\n        ${text}\n`).join('')}`;
    const body = '我局组织开展政务公开专题培训两期，覆盖全体干部职工，围绕条例解读、公开属性认定、依申请办理流程、保密审查等内容进行系统讲解，提升了业务水平。';
    const other = '全年开展政府开放日活动三次，邀请人大代表、政协委员和群众代表走进民政服务大厅，现场体验养老服务和社会救助业务办理流程，听取意见建议。';
    const insert = (text: string, sections: [string, string][]) => edit(text, '\n# 二、主动公开政府信息情况', `${extra(sections)}\n# 二、主动公开政府信息情况`);
    const cur = insert(CUR, [['（六）政府开放日', other], ['（七）业务培训', body]]);
    const prev = insert(PREV, [['（六）业务培训', body]]);
    const { shown } = across(cur, prev);
    assert.deepEqual(shown.map((s) => [s.code, s.at, s.covers, s.message]), [
      ['copied-text', where(cur, '（七）业务培训\n      text', 14), 'text', '一、总体情况·（七）业务培训 is 100% the same as in the report for 2022 (digits ignored): write about this year'],
    ]);
    assert.equal(shown[0]!.related![0]!.at, where(prev, '（六）业务培训\n      text', 14));
  });

  test('turned off by severity (then its fingerprints are not even computed); other severities apply', () => {
    const prev = edit(COPIED, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]');
    const { diagnostics } = across(CUR, prev, { severities: { [RuleCode.CopiedText]: 'off', [RuleCode.CarryOverMismatch]: 'error' } });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['carry-over-mismatch', 'error'], ['carry-over-mismatch', 'error']]);
    assert.deepEqual(yearFacts(parse(CUR), { texts: false })!.texts, []);
  });
});

describe('the similarity of texts', () => {
  test('normalisation: NFKC, digit runs masked, whitespace and punctuation dropped', () => {
    assert.equal(normaliseText('２０２３年，我局　公开信息 277 条（含“重点领域”182条）。\n'), '0年我局公开信息0条含重点领域0条');
  });

  test('texts shorter than 40 characters once normalised are not compared', () => {
    const chars = '政府信息公开工作年度报告依据条例编制内容包括总体情况主动公开依申请公开行政复议诉讼存在问题改进';
    assert.equal(textShingles('无。'), undefined);
    assert.equal(textShingles(chars.slice(0, 39)), undefined);
    assert.equal(textShingles(chars.slice(0, 40))!.length, 39);
    assert.equal(textSimilarity('无。', '无。'), 0);
  });

  test('Dice coefficient over character bigrams, exact', () => {
    const base = Array.from({ length: 46 }, (_, i) => String.fromCharCode(0x4e00 + 3 * i)).join('');
    // the last 4 characters replaced: 45 bigrams each, 41 in common
    const changed = `${base.slice(0, 42)}山川河海`;
    assert.equal(textSimilarity(base, changed), (2 * 41) / 90);
    assert.equal(textSimilarity(base, base), 1);
    assert.equal(textSimilarity(`2022年${base}`, `2023年${base}`), 1, 'a changed year is still a copy');
    // repeated bigrams count as often as they occur in both (multisets)
    assert.equal(shingleSimilarity(Uint32Array.from([1, 1, 2]), Uint32Array.from([1, 2, 2])), (2 * 2) / 6);
  });

  // the time is measured by `npm run bench` ("copied-text on two 1 MB texts"), not asserted here
  test('on 1 MB texts: the near copy is found', () => {
    const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';
    let big = '';
    for (let i = 0; i < 1_000_000; i++) big += chars[(i * 7919 + (i >> 5)) % chars.length];
    const cur = edit(CUR, /(\n {2}management: \|\n {4})[^\n]*/, `$1${big}`);
    const prev = edit(ofYear(CUR, 2022), /(\n {2}management: \|\n {4})[^\n]*/, `$1${big.slice(500)}${big.slice(0, 500)}`);
    const a = parse(cur);
    const b = parse(prev);
    const found = checkAcrossYears(a, { file: PREV_FILE, document: b }, { lang: 'en' }).filter((d) => cur.slice(d.range.start, d.range.end) === 'management');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /is 99% the same/);
  });
});

// ---------------------------------------------------------------------------------------- duplicates

describe('duplicate-report', () => {
  test('findDuplicates: file → every file of its agency and year, one shared array (agency trimmed, otherwise exact)', () => {
    const doc = (agency: string, year: number) => ({ agency, year });
    const found = findDuplicates([
      { file: 'a', data: doc('台儿庄区民政局', 2023) },
      { file: 'b', data: doc(' 台儿庄区民政局  ', 2023) },
      { file: 'c', data: doc('台儿庄区民政局', 2022) },
      { file: 'd', data: doc('平潭综合实验区', 2023) },
      { file: 'e', data: doc('平潭综合实验区君山片区管理局', 2023) },
      { file: 'f', data: undefined },
      { file: 'g', data: parse(EXAMPLE).data },
      { file: 'h', data: undefined },
    ]);
    assert.deepEqual([...found], [['a', ['a', 'b', 'g']], ['b', ['a', 'b', 'g']], ['g', ['a', 'b', 'g']]]);
    assert.equal(found.get('a'), found.get('g'), 'one array for the group');
    assert.deepEqual([...findDuplicates([])], []);
    assert.deepEqual(otherCopies(['a', 'b', 'c', 'd', 'e'], 'b'), ['a', 'c', 'd']);
    assert.deepEqual(otherCopies(['a', 'b'], 'b'), ['a']);
  });

  test('thousands of copies: the diagnostic names a few and counts the rest', () => {
    assert.equal(DUPLICATES_NAMED, 3);
    const files = Array.from({ length: 5000 }, (_, i) => `/r/copy-${i}.govreport.yaml`);
    const [d] = duplicateReportDiagnostic(parse(CUR), files, 'en');
    assert.equal(d!.message, 'Other files also hold the report of 台儿庄区民政局 for 2023: /r/copy-0.govreport.yaml, /r/copy-1.govreport.yaml, /r/copy-2.govreport.yaml and 4997 more');
    assert.deepEqual(d!.related!.map((r) => r.file), files.slice(0, 3));
    const [zh] = duplicateReportDiagnostic(parse(CUR), files.slice(0, 4), 'zh');
    assert.equal(zh!.message, '其他文件也是台儿庄区民政局2023年度的报告：/r/copy-0.govreport.yaml、/r/copy-1.govreport.yaml、/r/copy-2.govreport.yaml，另有1个');
    // exactly three: all named, nothing counted
    assert.match(duplicateReportDiagnostic(parse(CUR), files.slice(0, 3), 'en')[0]!.message, /^Another file also holds .*copy-2\.govreport\.yaml$/);
  });

  test('the diagnostic: on the agency value, naming the other files; related locations on their agency', () => {
    const other = ofYear(rewritten(EXAMPLE), 2023).replace('agency: 台儿庄区民政局', 'agency:   "台儿庄区民政局"');
    const ds = duplicateReportDiagnostic(parse(CUR), ['/a/x.govreport.yaml', { file: '/b/y.govreport.yaml', document: parse(other) }], 'en');
    assert.equal(ds.length, 1);
    const d = ds[0]!;
    assert.equal(d.code, 'duplicate-report');
    assert.equal(d.severity, 'warning');
    assert.equal(pos(CUR, d.range.start), '4:9');
    assert.equal(CUR.slice(d.range.start, d.range.end), '台儿庄区民政局');
    assert.equal(d.message, 'Another file also holds the report of 台儿庄区民政局 for 2023: /a/x.govreport.yaml, /b/y.govreport.yaml');
    assert.deepEqual(d.related!.map((r) => [r.file, other.slice(r.range.start, r.range.end), r.message]), [
      ['/a/x.govreport.yaml', '', 'Also the report of 台儿庄区民政局 for 2023'],
      ['/b/y.govreport.yaml', '"台儿庄区民政局"', 'Also the report of 台儿庄区民政局 for 2023'],
    ]);
    const zh = duplicateReportDiagnostic(parse(CUR), ['/a/x.govreport.yaml', '/b/y.govreport.yaml'], { lang: 'zh' as Lang })[0]!;
    assert.equal(zh.message, '其他文件也是台儿庄区民政局2023年度的报告：/a/x.govreport.yaml、/b/y.govreport.yaml');
    assert.equal(zh.related![0]!.message, '同为台儿庄区民政局2023年度的报告');
    assert.deepEqual(duplicateReportDiagnostic(parse(CUR), [], 'en'), []);
    assert.deepEqual(duplicateReportDiagnostic(parse(CUR), ['x'], { lang: 'en', severities: { [RuleCode.DuplicateReport]: 'off' } }), []);
  });
});

// ---------------------------------------------------------------------------------------- facts

describe('facts (what crosses a worker-thread boundary)', () => {
  test('structured-clone safe: compareYears on cloned facts = checkAcrossYears without its fixes', () => {
    const prev = edit(ofYear(EXAMPLE, 2022), 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]');
    const cur = parse(CUR);
    const before = parse(prev);
    const clone = <T>(v: T): T => structuredClone(v);
    const fromFacts = compareYears(clone(yearFacts(cur)!), { file: PREV_FILE, facts: clone(yearFacts(before)!) }, { lang: 'en' });
    const fromDocs = checkAcrossYears(cur, { file: PREV_FILE, document: before }, { lang: 'en' }).map(({ fix: _fix, ...d }) => d);
    assert.equal(fromFacts.length, 12);
    assert.deepEqual(fromFacts, fromDocs);
    assert.deepEqual(compareYears(yearFacts(cur)!, undefined, { lang: 'en' }), []);
  });
});
