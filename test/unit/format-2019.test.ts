/**
 * The 2019 format (reports for 2019 and 2020) and the step from 2020 to 2021: a real published
 * 2019 report, checks per format, every writing feature on a 2019 report, and the cross-year rules
 * across the change.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze, applyEdits, checkAcrossYears, complete, documentSymbols, fixAll, formatReport, hover, inlayHints, parseReport, renderReport,
  reportSkeleton, rollOverReport,
} from '../../server/src/core';
import { getIn } from '../../server/src/core/model/table';
import { EXAMPLE, ROOT, check, edit } from '../helpers';

const SHANGHAI = fs.readFileSync(path.join(ROOT, 'test/fixtures/shanghai-bangongting-2019.govreport.yaml'), 'utf8');
const CURSOR = '‸';

/** Every blank (null) cell of the tables, as a path. */
function blankCells(data: unknown, at: (string | number)[] = []): string[] {
  if (Array.isArray(data)) return data.flatMap((v, i) => (v === null ? [[...at, i].join('.')] : blankCells(v, [...at, i])));
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => blankCells(v, [...at, k]));
  return [];
}

/** The 2020 report of the same office: the 2019 report with every blank written 0 and the totals recomputed. */
function report2020(): string {
  let text = SHANGHAI.replace(/~/g, '0');
  text = edit(text, 'year: 2019', 'year: 2020');
  text = edit(text, 'published: 2020-01-31', 'published: 2021-01-29');
  text = edit(text, 'title: 2019年', 'title: 2020年');
  return applyEdits(text, fixAll(analyze(text)));
}

describe('the published 2019 report of 上海市人民政府办公厅', () => {
  test('validates in the 2019 format: one schema error per blank cell, and nothing else', () => {
    // The published tables leave cells blank (the 总计 of the result rows among them). Today every
    // blank is a `schema` error; the arithmetic skips rows that are not all counts. The text's
    // "均获维持" (2 and 1 cases pending) and its 258 (予以公开 only) are kept as published and not
    // flagged by the current rules.
    const found = check(SHANGHAI);
    const data = parseReport(SHANGHAI, 'en').data;
    const blanks = blankCells(getIn(data, ['applications'])).concat(blankCells(getIn(data, ['appeals'])));
    assert.equal(blanks.length, 135);
    assert.deepEqual([...new Set(found.map((f) => f.code))], ['schema']);
    assert.equal(found.length, blanks.length);
    assert.ok(found.every((f) => f.covers === '~' && /must be a whole number, but is \(empty\)/.test(f.message)));
    assert.ok(found.some((f) => f.message.startsWith('（一）予以公开·总计 ')));
    // no 2021-format error on a 2019 report
    assert.ok(!found.some((f) => /issued|in_force|no_correction|required key/.test(f.message)));
  });

  test('its 2019 cells as published', () => {
    const data = parseReport(SHANGHAI, 'en').data;
    assert.deepEqual(getIn(data, ['proactive', 'rules']), { made: 13, published: 13, total: 524 });
    assert.deepEqual(getIn(data, ['proactive', 'procurement']), { projects: 6, amount: '251000元' });
    assert.deepEqual(getIn(data, ['applications', 'results', 'total']), [767, 35, null, null, 2, 1, 805]);
    assert.deepEqual(getIn(data, ['appeals', 'review']), [5, null, null, 2, 7]);
  });

  test('the HTML copy is in the fixtures', () => {
    assert.ok(fs.readFileSync(path.join(ROOT, 'test/fixtures/corpus/shanghai-bangongting-2019.html'), 'utf8').includes('第二十条第（九）项'));
  });
});

describe('a 2020 report (2019 format)', () => {
  test('checks clean once its blanks are 0: arithmetic over 19 result rows, no processing-fees, no format-mismatch', () => {
    assert.deepEqual(check(report2020()).map((f) => `${f.code}: ${f.message}`), []);
  });
  test('a wrong （七）总计 is found over the 19 results, and the one （六） row counts', () => {
    const text = edit(report2020(), 'other:                [0, 0, 0, 0, 0, 0, 0]', 'other:                [1, 0, 0, 0, 0, 0, 1]');
    const found = check(text).filter((f) => f.code === 'results-total');
    assert.deepEqual(found.map((f) => f.message), [
      '（七）总计·自然人 is 767, but the sum of the 19 results is 768',
      '（七）总计·总计 is 805, but the sum of the 19 results is 806',
    ]);
  });
  test('2021 keys are schema errors in a 2019 report, and the reverse', () => {
    const mixed = edit(report2020(), 'rules: {made: 13, published: 13, total: 524}', 'rules: {issued: 13, repealed: 0, in_force: 524}');
    const messages = check(mixed).filter((f) => f.code === 'schema').map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('Unknown key issued')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('missing the required key made (本年新制作数量)')), messages.join('\n'));
  });
  test('本年增/减 may be negative; 采购总金额 keeps its unit or is a number', () => {
    let text = edit(report2020(), 'licensing: {previous: 0, change: 0, decisions: 0}', 'licensing: {previous: 20, change: -18, decisions: 5}');
    text = edit(text, 'amount: 251000元', 'amount: "73802895.90元"');
    assert.deepEqual(check(text), []);
    assert.deepEqual(check(edit(text, 'amount: "73802895.90元"', 'amount: 25.1')), []);
    const bad = check(edit(text, 'amount: "73802895.90元"', 'amount: 很多'));
    assert.deepEqual(bad.map((f) => f.code), ['schema']);
    assert.match(bad[0]!.message, /采购总金额 \(amount\) must be a number, or digits with the unit/);
  });
});

describe('format-mismatch and one-row-other', () => {
  test('format 2019 for a 2021 report, and 2021 for a 2020 report, each with a fix', () => {
    const late = check(edit(report2020(), 'year: 2020', 'year: 2021').replace('published: 2021-01-29', 'published: 2022-01-29')).filter((f) => f.code === 'format-mismatch');
    assert.equal(late.length, 1);
    assert.equal(late[0]!.diagnostic.fix?.title, 'Set format to 2021');
    const early = check(edit(EXAMPLE, 'year: 2023', 'year: 2020')).filter((f) => f.code === 'format-mismatch');
    assert.equal(early[0]!.diagnostic.fix?.edits[0]?.newText, '2019');
  });
  test('a 2021 report that keeps the one-row （六）: a warning, its sums, and a fix into 3.其他', () => {
    const text = EXAMPLE.replace(/    other: .*\n.*no_correction:.*\n.*fee_unpaid:.*\n.*other:.*\n/, '    other: [0, 2, 0, 0, 0, 0, 2]\n');
    const found = check(text);
    assert.deepEqual(found.map((f) => f.code), ['one-row-other', 'results-total', 'results-total']);
    const fixed = applyEdits(text, found[0]!.diagnostic.fix!.edits);
    assert.match(fixed, /    other:\n      no_correction: \[0, 0, 0, 0, 0, 0, 0\]\n      fee_unpaid: {4}\[0, 0, 0, 0, 0, 0, 0\]\n      other: {9}\[0, 2, 0, 0, 0, 0, 2\]\n/);
    assert.deepEqual(check(fixed).map((f) => f.code), ['results-total', 'results-total']);
  });
});

describe('from 2020 to 2021', () => {
  const agency = '上海市人民政府办公厅';
  const y2021 = (() => {
    let text = edit(EXAMPLE, 'agency: 台儿庄区民政局', `agency: ${agency}`);
    text = edit(text, 'year: 2023', 'year: 2021').replace('published: 2024-01-16', 'published: 2022-01-16');
    text = edit(text, 'normative_documents: {issued: 0, repealed: 0, in_force: 0}', 'normative_documents: {issued: 1, repealed: 0, in_force: 9}');
    return edit(text, 'fees: 0 ', 'fees: 12.5 ');
  })();
  test('carry-over is checked across the change; no stock and no fee-unit comparison', () => {
    const last = edit(report2020(), 'fees: {previous: 0, change: 0}', 'fees: {previous: 30000, change: 5}');
    const found = checkAcrossYears(parseReport(y2021, 'en'), { file: '2020.govreport.yaml', document: parseReport(last, 'en') }, { lang: 'en' });
    assert.deepEqual(found.map((d) => d.message), [
      '二、上年结转政府信息公开申请数量·自然人 is 0, but 四、结转下年度继续办理·自然人 in the report for 2020 is 72',
      '二、上年结转政府信息公开申请数量·总计 is 0, but 四、结转下年度继续办理·总计 in the report for 2020 is 72',
    ]);
  });
});

describe('writing a 2019 report', () => {
  const at = (text: string) => {
    const offset = text.indexOf(CURSOR);
    return complete(parseReport(text.replace(CURSOR, ''), 'zh'), offset, 'zh');
  };
  test('completion offers the 2019 keys of 二, not the 2021 ones', () => {
    const labels = at(`format: 2019\nyear: 2020\nproactive:\n  ${CURSOR}`).map((e) => e.label);
    for (const key of ['other_services', 'procurement', 'licensing']) assert.ok(labels.includes(key), key);
    const inRules = at(`format: 2019\nyear: 2020\nproactive:\n  rules:\n    ${CURSOR}`).map((e) => e.label);
    assert.deepEqual(inRules.sort(), ['made', 'published', 'total']);
    const in2021 = at(`format: 2021\nyear: 2021\nproactive:\n  rules:\n    ${CURSOR}`).map((e) => e.label);
    assert.deepEqual(in2021.sort(), ['in_force', 'issued', 'repealed']);
    assert.ok(!at(`format: 2021\nproactive:\n  ${CURSOR}`).some((e) => e.label === 'procurement'));
  });
  test('the part snippets at the top level follow the format (and the year when there is no format yet)', () => {
    const part = (text: string) => at(text).find((e) => e.label === '二、主动公开政府信息情况')?.insertText ?? '';
    assert.match(part(`format: 2019\nyear: 2020\n${CURSOR}`), /other_services: \{previous: 0, change: 0, decisions: 0\\\}/);
    assert.match(part(`year: 2020\n${CURSOR}`), /procurement: \{projects: 0, amount: 0\\\}/);
    assert.match(part(`format: 2021\nyear: 2021\n${CURSOR}`), /rules: \{issued: 0, repealed: 0, in_force: 0\\\}/);
    const licensing = at(`format: 2019\nyear: 2020\nproactive:\n  licensing:${CURSOR}`);
    assert.ok(licensing.some((e) => /previous: \$\{1:0\}, change: \$\{2:0\}, decisions: \$\{3:0\}/.test(e.insertText ?? '')), JSON.stringify(licensing));
  });

  test('hover gives the 2019 labels', () => {
    const a = analyze(SHANGHAI, { lang: 'zh' });
    const key = hover(a, SHANGHAI.indexOf('made: 13'), 'zh');
    assert.match(key!.markdown, /\*\*本年新制作数量\*\*/);
    const other = SHANGHAI.indexOf('other:                [~');
    assert.match(hover(a, SHANGHAI.indexOf('~', other), 'zh')!.markdown, /（六）其他处理 × 自然人/);
  });
  test('the outline names the 2019 rows', () => {
    const names = JSON.stringify(documentSymbols(parseReport(SHANGHAI, 'zh'), 'zh'));
    for (const name of ['其他对外管理服务事项', '政府集中采购', '（六）其他处理']) assert.ok(names.includes(name), name);
  });
  test('New Report for 2020 is a 2019-format skeleton that checks without schema errors', () => {
    const text = reportSkeleton({ agency: '某局', year: 2020, lang: 'zh' });
    assert.match(text, /^format: 2019$/m);
    assert.match(text, /procurement: \{projects: 0, amount: 0\}/);
    assert.deepEqual(check(text).filter((f) => f.code !== 'missing-topic').map((f) => f.code), []);
    assert.match(reportSkeleton({ agency: '某局', year: 2021, lang: 'zh' }), /^format: 2021$/m);
  });
  test('the preview shows the 2019 columns, the （九） block and one （六） row', () => {
    const html = renderReport(analyze(report2020(), { lang: 'zh' }), { lang: 'zh' }).html;
    for (const label of ['本年新制作数量', '对外公开总数量', '上一年项目数量', '本年增/减', '处理决定数量', '其他对外管理服务事项', '第二十条第（九）项', '采购总金额', '251000元']) {
      assert.ok(html.includes(label), label);
    }
    assert.equal(html.split('（六）其他处理').length - 1, 1);
    assert.ok(!html.includes('本年制发件数') && !html.includes('3.其他'));
  });
});

describe('rolling a report over to next year', () => {
  test('2019 → 2020 keeps the 2019 format: 对外公开总数量 stays, 上一年项目数量 takes last year\'s 本年增/减', () => {
    let last = edit(report2020(), 'year: 2020', 'year: 2019').replace('published: 2021-01-29', 'published: 2020-01-31');
    last = edit(last, 'licensing: {previous: 0, change: 0, decisions: 0}', 'licensing: {previous: 20, change: -18, decisions: 5}');
    const next = parseReport(rollOverReport(parseReport(last, 'zh'), 'zh'), 'zh').data;
    assert.equal(getIn(next, ['format']), 2019);
    assert.equal(getIn(next, ['year']), 2020);
    assert.deepEqual(getIn(next, ['proactive', 'rules']), { made: 0, published: 0, total: 524 });
    assert.deepEqual(getIn(next, ['proactive', 'licensing']), { previous: 2, change: 0, decisions: 0 });
    assert.deepEqual(getIn(next, ['proactive', 'procurement']), { projects: 0, amount: 0 });
    assert.deepEqual(getIn(next, ['applications', 'carried_over']), [72, 0, 0, 0, 0, 0, 72]);
  });
  test('2020 → 2021 moves to the 2021 format: its table 二, （六） in three rows, 收取信息处理费情况', () => {
    const text = rollOverReport(parseReport(report2020(), 'zh'), 'zh');
    const next = parseReport(text, 'zh').data;
    assert.equal(getIn(next, ['format']), 2021);
    assert.deepEqual(getIn(next, ['proactive']), {
      rules: { issued: 0, repealed: 0, in_force: 0 }, normative_documents: { issued: 0, repealed: 0, in_force: 0 },
      licensing: 0, penalty: 0, coercion: 0, fees: 0,
    });
    assert.deepEqual(getIn(next, ['applications', 'results', 'other']), { no_correction: [0, 0, 0, 0, 0, 0, 0], fee_unpaid: [0, 0, 0, 0, 0, 0, 0], other: [0, 0, 0, 0, 0, 0, 0] });
    assert.deepEqual(getIn(next, ['applications', 'carried_over']), [72, 0, 0, 0, 0, 0, 72]);
    // no schema error, no format-mismatch: what is left is for the writer (the old text, the fee statement)
    assert.deepEqual(check(text).map((f) => f.code).sort(), ['processing-fees', 'text-table-mismatch']);
    // and the carry-over holds against the 2020 report
    const found = checkAcrossYears(parseReport(text, 'en'), { file: '2020', document: parseReport(report2020(), 'en') }, { lang: 'en' });
    assert.deepEqual(found.map((d) => d.code).filter((c) => c !== 'copied-text'), []);
  });
});

describe('schema messages stay precise per format', () => {
  const messages = (text: string) => analyze(text, { lang: 'zh' }).diagnostics.filter((d) => d.code === 'schema').map((d) => d.message);
  const oneRow = (row: string) => EXAMPLE.replace(/    other: .*\n.*no_correction:.*\n.*fee_unpaid:.*\n.*other:.*\n/, `    other: ${row}\n`);
  test('2021: a one-row （六） of the wrong length or with text, a half-filled map', () => {
    assert.deepEqual(messages(oneRow('[1, 2]')), ['（六）其他处理 应为7列，实际2列']);
    assert.deepEqual(messages(oneRow('[1, 0, 0, 0, 0, 0, x]')), ['（六）其他处理·总计 应为整数，实际为 "x"']);
    assert.deepEqual(messages(oneRow('5')), ['（六）其他处理 应为键值映射，实际为 5']);
    assert.deepEqual(messages(oneRow('{no_correction: [0, 0, 0, 0, 0, 0, 0]}')), [
      '（六）其他处理缺少必填项 fee_unpaid（2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请）',
      '（六）其他处理缺少必填项 other（3.其他）',
    ]);
  });
  test('2019: the rows of table 二 by their 2019 labels', () => {
    const r = report2020();
    assert.deepEqual(messages(edit(r, 'fees: {previous: 0, change: 0}', 'fees: 0')), ['行政事业性收费（fees） 应为键值映射，实际为 0']);
    assert.deepEqual(messages(edit(r, 'procurement: {projects: 6, amount: 251000元}', 'procurement: {projects: 6}')), ['政府集中采购缺少必填项 amount（采购总金额）']);
    assert.deepEqual(messages(edit(r, 'coercion: {previous: 0, change: 0, decisions: 0}', 'coercion: {previous: 0, change: 1.5, decisions: 0}')), ['本年增/减（change） 应为整数，实际为 1.5']);
    assert.deepEqual(messages(edit(r, 'amount: 251000元', 'amount: true')), ['采购总金额（amount） 应为数字或文字，实际为 true']);
    assert.deepEqual(messages(edit(r, 'amount: 251000元', 'amount: -3')), ['采购总金额（amount） 不能为负数，实际为 -3']);
    assert.deepEqual(messages(edit(r, 'other_matters:\n', 'other_matters:\n  processing_fees: 未收取。\n')), [], 'processing_fees is allowed, not required');
  });
});

describe('formatter and inlay hints on a 2019 report', () => {
  test('the formatter lines up the 2019 rows and keeps the data', () => {
    const messy = edit(report2020(), 'rules: {made: 13, published: 13, total: 524}  ', 'rules: {made: 13,published: 13,   total: 524}');
    const edits = formatReport(parseReport(messy, 'en'));
    assert.ok(edits.length > 0);
    const formatted = applyEdits(messy, edits);
    assert.deepEqual(parseReport(formatted, 'en').data, parseReport(messy, 'en').data);
    assert.deepEqual(formatReport(parseReport(formatted, 'en')), [], 'idempotent');
  });
  test('column labels on the one-row （六） and an expected total over 19 rows', () => {
    const text = edit(report2020(), 'other:                [0, 0, 0, 0, 0, 0, 0]', 'other:                [1, 0, 0, 0, 0, 0, 1]');
    const a = analyze(text, { lang: 'zh' });
    const start = text.indexOf('other:                [1');
    const hints = inlayHints(a, { start: 0, end: text.length }, { columnLabels: true, expectedTotals: true }, 'zh');
    const onOther = hints.filter((h) => h.offset > start && h.offset < start + 60);
    assert.deepEqual(onOther.map((h) => h.label), ['自然', '商业', '科研', '社会', '法律', '其他', '总计']);
    assert.equal(onOther[0]!.tooltip, '三、本年度办理结果 ·（六）其他处理 × 自然人');
    const total = text.indexOf('total:                [767');
    assert.ok(hints.some((h) => h.offset > total && h.label === '= 768' && /19/.test(h.tooltip ?? '')));
  });
});
