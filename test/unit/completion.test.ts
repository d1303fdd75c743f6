import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AGENCY_KINDS, analyze, complete, parseReport, reportSkeleton, reportSnippet, type CompletionEntry, type Lang } from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

/** The cursor in test texts. */
const CURSOR = '‸';
/** A fixed "today": 10 January 2025, before the deadline of a 2024 report. */
const NOW = new Date(2025, 0, 10);

function at(textWithCursor: string, options: { lang?: Lang; trigger?: string; now?: Date } = {}): CompletionEntry[] {
  const offset = textWithCursor.indexOf(CURSOR);
  assert.ok(offset >= 0, 'no cursor in the test text');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + CURSOR.length);
  return complete(parseReport(text, options.lang ?? 'zh'), offset, options.lang ?? 'zh', options.trigger, options.now ?? NOW);
}

const labels = (entries: readonly CompletionEntry[]) => entries.map((e) => e.label);
const entry = (entries: readonly CompletionEntry[], label: string) => {
  const found = entries.find((e) => e.label === label);
  assert.ok(found, `no entry ${label} in ${labels(entries).join(', ')}`);
  return found;
};
/** What the editor keeps for a typed word: entries with a word of filterText starting with it. */
const filtered = (entries: readonly CompletionEntry[], typed: string) =>
  labels(entries.filter((e) => (e.filterText ?? e.label).split(' ').some((w) => w.startsWith(typed))));

/** The text a snippet inserts once expanded with its defaults (checks the snippet syntax on the way). */
export function expandSnippet(snippet: string): string {
  const defaults = new Map<number, string>();
  const parts: (string | number)[] = [];
  let i = 0;
  const fail = (why: string) => assert.fail(`bad snippet at ${i}: ${why}: ${JSON.stringify(snippet.slice(i, i + 30))}`);
  while (i < snippet.length) {
    const c = snippet[i]!;
    if (c === '\\' && /[\\$}]/.test(snippet[i + 1] ?? '')) {
      parts.push(snippet[i + 1]!);
      i += 2;
    } else if (c === '$') {
      let m = /^\$(\d+)/.exec(snippet.slice(i)) ?? /^\$\{(\d+)\}/.exec(snippet.slice(i));
      if (m) {
        parts.push(Number(m[1]));
        i += m[0].length;
        continue;
      }
      m = /^\$\{(\d+):((?:\\[\\$}]|[^\\$}])*)\}/.exec(snippet.slice(i));
      if (m) {
        defaults.set(Number(m[1]), m[2]!.replace(/\\([\\$}])/g, '$1'));
        parts.push(Number(m[1]));
        i += m[0].length;
        continue;
      }
      m = /^\$\{(\d+)\|((?:\\[\\,|$}]|[^\\,|$}])+)(?:,(?:\\[\\,|$}]|[^\\,|$}])+)*\|\}/.exec(snippet.slice(i));
      if (m) {
        defaults.set(Number(m[1]), m[2]!);
        parts.push(Number(m[1]));
        i += m[0].length;
        continue;
      }
      fail('unescaped $');
    } else if (c === '}') {
      fail('unescaped }');
    } else {
      parts.push(c);
      i++;
    }
  }
  return parts.map((p) => (typeof p === 'number' ? defaults.get(p) ?? '' : p)).join('');
}

const dropBlankLines = (s: string) => s.split('\n').filter((l) => l.trim() !== '').join('\n');

describe('completion: top level', () => {
  test('an empty file: the whole report first, then every key, then a snippet per part', () => {
    const entries = at(CURSOR);
    assert.deepEqual(labels(entries), [
      '政府信息公开工作年度报告',
      'format', 'agency', 'agency_kind', 'year', 'published', 'deadline', 'title', 'contact', 'preamble',
      'overview', 'proactive', 'applications', 'appeals', 'problems', 'other_matters',
      '一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项',
    ]);
    const report = entries[0]!;
    assert.equal(report.kind, 'snippet');
    assert.equal(report.isSnippet, true);
    assert.equal(report.sortText, '0000');
    assert.deepEqual(report.replace, { start: 0, end: 0 });
    // the snippet expands to the skeleton of last year's report (today is in January 2025); only the
    // comment after the kind differs, as the snippet offers a choice of kinds
    const expanded = expandSnippet(report.insertText);
    assert.equal(
      dropBlankLines(expanded).replace('agency_kind: department   # 机关类型', 'agency_kind: department   # 县级以上人民政府部门'),
      dropBlankLines(reportSkeleton({ agency: '机关名称', year: 2024, lang: 'zh' })),
    );
    assert.ok(report.insertText.includes('\nagency_kind: ${3|department,government,township|}   # 机关类型\n'));
    assert.ok(report.insertText.startsWith('# ${1:机关名称}${2:2024}年政府信息公开工作年度报告\n'));
    assert.ok(report.insertText.includes('\nagency: ${1}\n'), 'the agency is a linked tab stop');
    assert.ok(report.insertText.includes('\n  proactive: |   # （一）主动公开：主动公开政府信息的总体情况。\n    ${5}\n'), 'a tab stop in each text field');
    assert.deepEqual(analyze(expanded).diagnostics.filter((d) => d.severity === 'error'), []);
  });

  test('the report snippet expands to the report skeleton, for every kind', () => {
    for (const kind of AGENCY_KINDS) {
      const options = { agency: '台儿庄区民政局', year: 2023, kind, lang: 'en' as const };
      const expanded = dropBlankLines(expandSnippet(reportSnippet(options))).replace(`agency_kind: ${kind}   # 机关类型`, '');
      assert.equal(expanded, dropBlankLines(reportSkeleton(options)).replace(/agency_kind: .*/, ''));
    }
  });

  test('keys carry their label, explanation and FORMAT.md order', () => {
    const overview = entry(at(CURSOR), 'overview');
    assert.equal(overview.kind, 'property');
    assert.equal(overview.detail, '一、总体情况');
    assert.match(overview.documentation!, /^总体情况须写明五个方面/);
    assert.equal(overview.filterText, 'overview 一、总体情况 总体情况');
    assert.equal(overview.insertText, 'overview:\n  $0');
    assert.equal(overview.isSnippet, true);
    assert.equal(overview.retrigger, true);
    const sorted = at(CURSOR).filter((e) => e.kind === 'property').sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(labels(sorted).slice(0, 5), ['format', 'agency', 'agency_kind', 'year', 'published']);
  });

  test('a document of comments only still gets the whole report', () => {
    assert.equal(at(`# 新报告\n\n${CURSOR}`)[0]!.label, '政府信息公开工作年度报告');
  });

  test('after `app`: the missing keys replacing the typed word, and the part snippet; no whole report', () => {
    const text = `format: 2021\nagency: 某局\napp${CURSOR}`;
    const entries = at(text);
    const start = text.indexOf('app');
    assert.deepEqual(entry(entries, 'applications').replace, { start, end: start + 3 });
    assert.equal(entry(entries, 'applications').insertText, 'applications:\n  $0');
    assert.ok(!labels(entries).includes('format') && !labels(entries).includes('agency'), 'present keys are not offered');
    assert.ok(!labels(entries).includes('政府信息公开工作年度报告'));
    const part = entry(entries, '三、收到和处理政府信息公开申请情况');
    assert.equal(part.kind, 'snippet');
    assert.match(part.insertText, /^# 三、收到和处理政府信息公开申请情况\n# .*自然人 \| 商业企业 \| 科研机构 \| 社会公益组织 \| 法律服务机构 \| 其他 \| 总计\napplications:\n  received: {8}\[0, 0, 0, 0, 0, 0, 0\]/);
    // the part inserted into an otherwise complete report gives no error
    const full = edit(EXAMPLE, /\n# 三、收到和处理政府信息公开申请情况[\s\S]*?(?=\n# 四)/, '\n');
    assert.ok(!full.includes('applications:'));
    const withPart = full.replace('\n# 四', `\n${expandSnippet(part.insertText)}\n# 四`);
    assert.deepEqual(analyze(withPart).diagnostics.map((d) => d.code), []);
  });

  test('the key being typed completes its name only when its colon is already there', () => {
    const text = edit(EXAMPLE, 'year: 2023', `ye${CURSOR}ar: 2023`);
    const entries = at(text);
    assert.deepEqual(labels(entries.filter((e) => e.kind === 'property')), ['agency_kind', 'year', 'deadline', 'title']);
    const year = entry(entries, 'year');
    assert.equal(year.insertText, 'year');
    assert.equal(year.isSnippet, undefined);
    const start = EXAMPLE.indexOf('year: 2023');
    assert.deepEqual(year.replace, { start, end: start + 4 });
    assert.ok(!entries.some((e) => e.kind === 'snippet'), 'no snippets over an existing key');
  });
});

describe('completion: inside mappings', () => {
  test('inside `applications:` with some rows present: the missing rows only, each with its row skeleton', () => {
    const entries = at(`applications:\n  received: [0, 0, 0, 0, 0, 0, 0]\n  ${CURSOR}\n  carried_forward: [0, 0, 0, 0, 0, 0, 0]\n`);
    assert.deepEqual(labels(entries), ['carried_over', 'results']);
    const row = entry(entries, 'carried_over');
    assert.equal(row.detail, '二、上年结转政府信息公开申请数量');
    assert.equal(row.insertText, 'carried_over: [${1:0}, ${2:0}, ${3:0}, ${4:0}, ${5:0}, ${6:0}, ${7:0}]');
    assert.equal(entry(entries, 'results').insertText, 'results:\n  $0');
  });

  test('inside `results.withheld` of the example: nothing when complete, the removed rows when not', () => {
    const cursorAfter = (text: string) => edit(text, 'administrative_query: [0, 0, 0, 0, 0, 0, 0]\n', `administrative_query: [0, 0, 0, 0, 0, 0, 0]\n      ${CURSOR}\n`);
    assert.deepEqual(at(cursorAfter(EXAMPLE)), []);
    const missing = edit(edit(EXAMPLE, '      internal_affairs:     [0, 0, 0, 0, 0, 0, 0]\n', ''), '      state_secret:         [0, 0, 0, 0, 0, 0, 0]\n', '');
    const entries = at(cursorAfter(missing));
    assert.deepEqual(labels(entries), ['state_secret', 'internal_affairs']);
    assert.equal(entry(entries, 'state_secret').detail, '1.属于国家秘密');
    assert.equal(entry(entries, 'state_secret').kind, 'property');
  });

  test('appeals rows have 5 cells', () => {
    const entries = at(`appeals:\n  review: [0, 0, 0, 0, 0]\n  ${CURSOR}`);
    assert.deepEqual(labels(entries), ['lawsuit_direct', 'lawsuit_after_review']);
    assert.equal(entry(entries, 'lawsuit_direct').insertText, 'lawsuit_direct: [${1:0}, ${2:0}, ${3:0}, ${4:0}, ${5:0}]');
  });

  test('after `overview:` with some topics: the missing topics', () => {
    const text = edit(edit(EXAMPLE, /  management: \|\n.*\n/, ''), /  platforms: \|\n.*\n/, '');
    const entries = at(edit(text, '\n# 二、主动公开政府信息情况', `  ${CURSOR}\n\n# 二、主动公开政府信息情况`));
    assert.deepEqual(labels(entries), ['summary', 'management', 'platforms', 'extra']);
    assert.equal(entry(entries, 'management').insertText, 'management: |\n  $0');
    assert.equal(entry(entries, 'management').detail, '（三）政府信息管理');
    assert.equal(entry(entries, 'extra').insertText, 'extra:\n  - title: $1\n    text: |\n      $0');
  });

  test('an item of overview.extra: its other key; on the `- ` line, the item keys', () => {
    assert.deepEqual(labels(at(`overview:\n  extra:\n    - title: 其他\n      ${CURSOR}`)), ['text']);
    const dashed = at(`overview:\n  extra:\n    - ${CURSOR}`);
    assert.deepEqual(labels(dashed), ['title', 'text']);
    // the item's keys sit 2 columns right of the line's indentation
    assert.equal(entry(dashed, 'text').insertText, 'text: |\n    $0');
  });

  test('a flow mapping: the keys not yet in it', () => {
    const entries = at(`proactive:\n  rules: {issued: 0, ${CURSOR}}`);
    assert.deepEqual(labels(entries), ['repealed', 'in_force']);
    assert.equal(entry(entries, 'in_force').insertText, 'in_force: ${1:0}');
  });

  test('a document that does not parse: the path still comes from the lines', () => {
    const text = `format: 2021\nagency: [台儿庄\noverview:\n  proactive: |\n    我局……\n  ${CURSOR}\n`;
    const doc = parseReport(text.replace(CURSOR, ''), 'zh');
    assert.ok(doc.syntax.length > 0 && doc.data === undefined, 'the text is invalid YAML');
    assert.deepEqual(labels(at(text)), ['summary', 'on_request', 'management', 'platforms', 'supervision', 'extra']);
  });

  test('nothing in prose, in comments, or in the middle of a line', () => {
    assert.deepEqual(at(edit(EXAMPLE, '我局继续坚持', `我局${CURSOR}继续坚持`)), []);
    assert.deepEqual(at(edit(EXAMPLE, '    2023年，区民政局不存在', `    ${CURSOR}2023年，区民政局不存在`)), []);
    assert.deepEqual(at(edit(EXAMPLE, '# 四、政府信息公开', `# 四、政府${CURSOR}信息公开`)), []);
    assert.deepEqual(at(edit(EXAMPLE, '  received:      [', `  ${CURSOR}  received:      [`)), []);
    assert.deepEqual(at(edit(EXAMPLE, '  website: http://www.tez.gov.cn/', `  website: http://www.tez.gov.cn/${CURSOR}`)), []);
  });
});

describe('completion: values', () => {
  test('after `agency_kind: `: the three kinds with their Chinese descriptions', () => {
    const text = `year: 2024\nagency_kind: ${CURSOR}`;
    const entries = at(text);
    assert.deepEqual(entries.map((e) => [e.label, e.kind, e.detail, e.insertText]), [
      ['department', 'value', '县级以上人民政府部门', ' department'],
      ['government', 'value', '县级以上人民政府（本级）', ' government'],
      ['township', 'value', '乡镇人民政府、街道办事处', ' township'],
    ]);
    const colon = text.indexOf(':', 11) + 1;
    assert.deepEqual(entries[0]!.replace, { start: colon, end: colon + 1 });
    assert.equal(entries[1]!.documentation, '县级以上人民政府（本级）（3月31日前发布）');
    // typing 乡镇 keeps the township
    assert.deepEqual(filtered(at(`agency_kind: 乡镇${CURSOR}`), '乡镇'), ['township']);
  });

  test('`format`: the one of the year, else a choice of the two', () => {
    assert.deepEqual(at(`year: 2023\nformat: ${CURSOR}`).map((e) => e.insertText), [' 2021', ' 2019']);
    assert.deepEqual(at(`year: 2020\nformat: ${CURSOR}`).map((e) => e.insertText), [' 2019', ' 2021']);
    assert.deepEqual(at(`format: ${CURSOR}`).map((e) => e.insertText), [' 2019', ' 2021']);
  });

  test('after `published: `: today and the national deadline, after the report year (English)', () => {
    const entries = at(`year: 2024\npublished: ${CURSOR}`, { lang: 'en' });
    assert.deepEqual(entries.map((e) => [e.label, e.detail]), [
      ['2025-01-10', 'today'],
      ['2025-01-15', 'mid-January after the report year'],
      ['2025-01-31', 'the publication deadline: Article 49(1) of the Regulations: departments publish by 31 January'],
    ]);
    // a government: 31 March; today after the deadline is flagged
    const late = at(`year: 2024\nagency_kind: government\npublished: ${CURSOR}`, { lang: 'en', now: new Date(2025, 3, 2) });
    assert.deepEqual(late.map((e) => [e.label, e.detail]), [
      ['2025-04-02', 'today, after the publication deadline 2025-03-31'],
      ['2025-01-15', 'mid-January after the report year'],
      ['2025-03-31', 'the publication deadline: Article 49(2) of the Regulations: governments publish by 31 March'],
    ]);
    // township: no national deadline; today is still in the report year: no "today"
    assert.deepEqual(labels(at(`year: 2024\nagency_kind: township\npublished: ${CURSOR}`, { now: new Date(2024, 11, 1) })), ['2025-01-15']);
  });

  test('after `year: `: the previous calendar year, and the year before `published`', () => {
    assert.deepEqual(labels(at(`year: ${CURSOR}`)), ['2024']);
    assert.deepEqual(at(`published: 2024-01-16\nyear: ${CURSOR}`, { lang: 'en' }).map((e) => [e.label, e.detail]), [
      ['2024', 'last calendar year'],
      ['2023', 'the year before the date of the report (2024-01-16)'],
    ]);
  });

  test('`title`: the default title from agency and year', () => {
    assert.deepEqual(labels(at(`agency: 台儿庄区民政局\nyear: 2023\ntitle: ${CURSOR}`)), ['台儿庄区民政局2023年政府信息公开工作年度报告']);
  });

  test('inside a row `received: [`: the row skeleton; typed cells are kept and 总计 is their sum', () => {
    const text = `applications:\n  received: [${CURSOR}`;
    const [row, ...others] = at(text);
    assert.deepEqual(others, []);
    assert.equal(row!.label, '[0, 0, 0, 0, 0, 0, 0]');
    assert.equal(row!.kind, 'row');
    assert.equal(row!.insertText, ' [${1:0}, ${2:0}, ${3:0}, ${4:0}, ${5:0}, ${6:0}, ${7:0}]');
    const colon = text.indexOf('received:') + 'received:'.length;
    assert.deepEqual(row!.replace, { start: colon, end: colon + 2 });

    const partial = `applications:\n  received: [3, 1, ${CURSOR}]   # 一、本年新收`;
    const [filled] = at(partial);
    assert.equal(filled!.label, '[3, 1, 0, 0, 0, 0, 4]');
    assert.equal(filled!.documentation, '自然人 3 | 商业企业 1 | 科研机构 0 | 社会公益组织 0 | 法律服务机构 0 | 其他 0 | 总计 4');
    // replaces the whole row up to `]`, not the comment
    const start = partial.indexOf('received:') + 'received:'.length;
    assert.deepEqual(filled!.replace, { start, end: partial.indexOf(']') });
    assert.deepEqual(labels(at(`appeals:\n  review: [${CURSOR}`)), ['[0, 0, 0, 0, 0]']);
  });

  test('right after a row key, a text key, a mapping key: the shape of the value', () => {
    assert.deepEqual(at(`applications:\n  carried_over: ${CURSOR}`).map((e) => [e.label, e.kind, e.insertText]), [
      ['[0, 0, 0, 0, 0, 0, 0]', 'row', ' [${1:0}, ${2:0}, ${3:0}, ${4:0}, ${5:0}, ${6:0}, ${7:0}]'],
    ]);
    assert.deepEqual(at(`overview:\n  platforms: ${CURSOR}`).map((e) => [e.label, e.insertText]), [['|', ' |\n  $0']]);
    assert.deepEqual(at(`problems: ${CURSOR}`).map((e) => [e.label, e.insertText, e.retrigger]), [['↵', '\n  $0', true]]);
    assert.deepEqual(at(`proactive:\n  rules: ${CURSOR}`).map((e) => e.insertText), [' {issued: ${1:0}, repealed: ${2:0}, in_force: ${3:0}\\}']);
  });
});

describe('completion: trigger `:`', () => {
  test('after `received:` the row', () => {
    const text = `applications:\n  received:${CURSOR}`;
    const entries = at(text, { trigger: ':' });
    assert.deepEqual(entries.map((e) => [e.label, e.insertText, e.isSnippet]), [
      ['[0, 0, 0, 0, 0, 0, 0]', ' [${1:0}, ${2:0}, ${3:0}, ${4:0}, ${5:0}, ${6:0}, ${7:0}]', true],
    ]);
    const offset = text.indexOf(CURSOR);
    assert.deepEqual(entries[0]!.replace, { start: offset, end: offset });
  });
  test('after a text key ` |` and a new indented line; after a mapping key a new indented line', () => {
    assert.deepEqual(at(`overview:\n  supervision:${CURSOR}`, { trigger: ':' }).map((e) => e.insertText), [' |\n  $0']);
    assert.deepEqual(at(`overview:${CURSOR}`, { trigger: ':' }).map((e) => e.insertText), ['\n  $0']);
    assert.deepEqual(at(`proactive:\n  licensing:${CURSOR}`, { trigger: ':' }).map((e) => e.insertText), [' ${1:0}']);
    assert.deepEqual(labels(at(`agency_kind:${CURSOR}`, { trigger: ':' })), ['department', 'government', 'township']);
  });
  test('a `:` in a value, in prose or after an unknown key: nothing', () => {
    assert.deepEqual(at(`contact:\n  website: http:${CURSOR}`, { trigger: ':' }), []);
    assert.deepEqual(at(`overview:\n  proactive: |\n    注意:${CURSOR}`, { trigger: ':' }), []);
    assert.deepEqual(at(`unknown_key:${CURSOR}`, { trigger: ':' }), []);
    assert.deepEqual(at(`app${CURSOR}`, { trigger: ':' }), []);
  });
});

describe('completion: Chinese filtering', () => {
  test('自然人 finds the rows of table 三 (a column label), not the groups', () => {
    const entries = at(`applications:\n  自然人${CURSOR}`);
    assert.deepEqual(filtered(entries, '自然人'), ['received', 'carried_over', 'carried_forward']);
    assert.deepEqual(entry(entries, 'received').replace, { start: 16, end: 19 });
    assert.equal(entry(entries, 'received').filterText,
      'received 一、本年新收政府信息公开申请数量 本年新收政府信息公开申请数量 三、收到和处理政府信息公开申请情况 收到和处理政府信息公开申请情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计');
  });
  test('予以公开 finds （一）予以公开', () => {
    assert.deepEqual(filtered(at(`applications:\n  results:\n    ${CURSOR}`), '予以公开'), ['disclosed']);
  });
  test('不予公开 finds the group and, inside it, every row', () => {
    assert.deepEqual(filtered(at(`applications:\n  results:\n    ${CURSOR}`), '不予公开'), ['withheld']);
    assert.equal(filtered(at(`applications:\n  results:\n    withheld:\n      ${CURSOR}`), '不予公开').length, 8);
  });
  test('行政许可 finds `licensing` in 二, and part 二 at the top level', () => {
    assert.deepEqual(filtered(at(`proactive:\n  ${CURSOR}`), '行政许可'), ['licensing']);
    assert.deepEqual(filtered(at(`format: 2021\n${CURSOR}`), '行政许可'), ['二、主动公开政府信息情况']);
  });
});

describe('completion: languages', () => {
  test('the official labels are the same in both languages, explanations of the editor are translated', () => {
    const en = at(`overview:\n  proactive: ${CURSOR}`, { lang: 'en' });
    assert.deepEqual(en.map((e) => e.detail), ['Text block on the next lines']);
    assert.equal(entry(at(`format: 2021\n${CURSOR}`, { lang: 'en' }), '一、总体情况').detail, 'This part with all its keys');
    assert.equal(entry(at(CURSOR, { lang: 'en' }), 'overview').detail, '一、总体情况');
    assert.deepEqual(at(`applications:\n  received: ${CURSOR}`, { lang: 'en' }).map((e) => e.detail), ['一、本年新收政府信息公开申请数量']);
    const part = entry(at(`format: 2021\n${CURSOR}`, { lang: 'en' }), '四、政府信息公开行政复议、行政诉讼情况');
    assert.match(part.insertText, /^# 四、政府信息公开行政复议、行政诉讼情况\n# Columns: 结果维持 \| 结果纠正 \| 其他结果 \| 尚未审结 \| 总计\n/);
  });
});

// These assert the Chinese of the new messages: they pass once l10n/pending/completion.json is merged.
describe('completion: Chinese messages', () => {
  test('published, year and shapes in Chinese', () => {
    assert.deepEqual(at(`year: 2024\npublished: ${CURSOR}`).map((e) => e.detail), [
      '今天', '报告年度次年1月中旬', '发布期限：条例第四十九条第一款：县级以上人民政府部门应于每年1月31日前公布',
    ]);
    assert.deepEqual(at(`year: ${CURSOR}`).map((e) => e.detail), ['上一个日历年度']);
    assert.deepEqual(at(`overview:\n  proactive: ${CURSOR}`).map((e) => e.detail), ['下一行起为块文本']);
    assert.equal(entry(at(CURSOR), '政府信息公开工作年度报告').detail, '新建报告：全部六个部分，表格全部为0');
    assert.match(entry(at(`format: 2021\n${CURSOR}`), '四、政府信息公开行政复议、行政诉讼情况').insertText, /\n# 列：结果维持 \| 结果纠正/);
  });
});

describe('completion never throws', () => {
  const halfTyped = [
    '', ' ', ':', '-', '- - x:', 'a:\n  b:\n    - c', 'overview:\n  extra:\n    - title: x\n      text: |\n        y\n    - ',
    '\tapplications:\n\t\treceived: [', 'applications:\n  received: [0, 0,\n    0]', '"year": 2023\n\'agency\': x\n', 'rules: {issued: 0, repealed: {',
    EXAMPLE.replace(/\n/g, '\r\n'), EXAMPLE.slice(0, 2500), EXAMPLE.slice(0, EXAMPLE.indexOf('applications:') + 40),
  ];
  test('at every offset of the example and of half-typed texts, with and without a trigger', () => {
    for (const text of [EXAMPLE, ...halfTyped]) {
      const doc = parseReport(text, 'en');
      for (let offset = -1; offset <= text.length + 1; offset++) {
        for (const trigger of [undefined, ':']) {
          const entries = complete(doc, offset, 'en', trigger, NOW);
          assert.ok(Array.isArray(entries));
          for (const e of entries) {
            if (e.isSnippet) expandSnippet(e.insertText);
            if (e.replace) assert.ok(e.replace.start <= Math.max(0, offset) && e.replace.end >= Math.min(offset, text.length) && e.replace.end <= text.length);
          }
        }
      }
    }
  });
  test('on random text', () => {
    const char = fc.constantFrom(' ', ' ', '\n', '-', ':', '[', ']', '{', '}', ',', '#', '|', '"', 'a', 'received', 'overview', '0', '自然人', '\t', '\r');
    fc.assert(fc.property(fc.array(char, { maxLength: 60 }), fc.nat(), (chars, n) => {
      const text = chars.join('');
      const entries = complete(parseReport(text, 'zh'), n % (text.length + 1), 'zh', n % 2 ? ':' : undefined, NOW);
      assert.ok(Array.isArray(entries));
    }), { numRuns: 500 });
  });
});
