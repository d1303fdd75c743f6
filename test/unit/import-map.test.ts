import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyze } from '../../server/src/core';
import { agencyKind, normaliseDate, readHtml, readText, toReport, writeReportYaml, type ImportResult } from '../../server/src/core/import';
import { readCell } from '../../server/src/core/import/cells';
import { core, labelDistance, sameLabel } from '../../server/src/core/import/labels';
import { ROOT } from '../helpers';

const CORPUS = path.join(ROOT, 'test/fixtures/corpus');
const importPage = (name: string): ImportResult => toReport(readHtml(fs.readFileSync(path.join(CORPUS, name))), { source: name, importedOn: '2026-01-02' });
const notes = (r: ImportResult): string[] => r.notes.map((n) => `${n.path.join('.')}: ${n.message}`);
const n = null;

describe('shuyang-fgj-2023 (2021 format, Word-pasted page) imports exactly as written by hand', () => {
  const result = importPage('shuyang-fgj-2023.html');
  const expectedText = fs.readFileSync(path.join(CORPUS, 'shuyang-fgj-2023.expected.govreport.yaml'), 'utf8');
  test('every field and every cell', () => {
    assert.equal(result.format, 2021);
    assert.deepEqual(result.data, parse(expectedText));
  });
  test('the review notes: key path, message and source line', () => {
    assert.deepEqual(result.notes.map((x) => [x.path.join('.'), x.message, x.at?.line]), [
      ['agency_kind', '机关类型由名称“沭阳县发展和改革局”推断，请核对', undefined],
      ['overview.proactive', '原标题“（一）主动公开政府信息情况”', 6],
      ['overview.on_request', '原标题“（二）依申请公开政府信息情况”', 8],
      ['overview.management', '原标题“（三）完善公开制度规范，加强政府信息管理”', 10],
      ['overview.platforms', '原标题“（四）加强平台建设，扩展公开渠道”', 12],
      ['overview.supervision', '原标题“（五）及时回应关切，自觉接受监督”', 14],
      ['proactive.normative_documents', '原文行名为“规范性文件”，按“行政规范性文件”读入', 53],
      ['problems.improvements', '原标题“（二）整改措施”', 972],
    ]);
    // the hand-written file carries the same notes as its `# 导入：` comments, in order
    assert.deepEqual(result.notes.map((x) => x.message), [...expectedText.matchAll(/# 导入：(.*)/g)].map((m) => m[1]));
  });
  test('the blank published cells stay blank and are counted', () => {
    assert.equal(result.cellsLeftEmpty, true);
    assert.equal(result.emptyCells, 25 * 5);
  });
});

describe('shanghai-bangongting-2019 (2019 format)', () => {
  const result = importPage('shanghai-bangongting-2019.html');
  const d = result.data as Record<string, any>;
  test('front matter', () => {
    assert.equal(result.format, 2019);
    assert.deepEqual([d['agency'], d['agency_kind'], d['year'], d['published'], d['title']], ['上海市人民政府办公厅', 'department', 2019, '2020-01-31', '2019年上海市人民政府办公厅政府信息公开工作年度报告']);
    assert.deepEqual(d['contact'], { website: 'www.shanghai.gov.cn' });
    assert.match(d['preamble'], /^本年度报告根据/);
  });
  test('table 二 with the 2019 rows and columns (a value cell spanning two header columns read by its place)', () => {
    assert.deepEqual(d['proactive'], {
      rules: { made: 13, published: 13, total: 524 },
      normative_documents: { made: 60, published: 60, total: 368 },
      licensing: { previous: 0, change: 0, decisions: 0 },
      other_services: { previous: 0, change: 0, decisions: 0 },
      penalty: { previous: 0, change: 0, decisions: 0 },
      coercion: { previous: 0, change: 0, decisions: 0 },
      fees: { previous: 0, change: 0 },
      procurement: { projects: 6, amount: '251000元' },
    });
  });
  test('table 三 cell by cell, the blank 总计 column of the result rows kept blank; （六） one row', () => {
    assert.deepEqual(d['applications'], {
      received: [821, 35, n, n, 2, 1, 859],
      carried_over: [18, n, n, n, n, n, 18],
      results: {
        disclosed: [258, 12, n, n, 1, 1, n],
        partially_disclosed: [3, n, n, n, n, n, n],
        withheld: {
          state_secret: [14, n, n, n, n, n, n],
          prohibited_by_law: [n, n, n, n, n, n, n],
          security_stability: [n, n, n, n, n, n, n],
          third_party_rights: [n, n, n, n, n, n, n],
          internal_affairs: [5, n, n, n, n, n, n],
          process_information: [3, 1, n, n, n, n, n],
          enforcement_files: [n, n, n, n, n, n, n],
          administrative_query: [10, 2, n, n, n, n, n],
        },
        unavailable: {
          not_held: [252, 12, n, n, 1, n, n],
          needs_creation: [44, 3, n, n, n, n, n],
          still_unclear: [25, n, n, n, n, n, n],
        },
        not_processed: {
          complaint: [148, 1, n, n, n, n, n],
          duplicate: [5, 4, n, n, n, n, n],
          publication: [n, n, n, n, n, n, n],
          excessive: [n, n, n, n, n, n, n],
          confirmation: [n, n, n, n, n, n, n],
        },
        other: [n, n, n, n, n, n, n],
        total: [767, 35, n, n, 2, 1, 805],
      },
      carried_forward: [72, n, n, n, n, n, 72],
    });
  });
  test('table 四 as published (2 and 1 still pending)', () => {
    assert.deepEqual(d['appeals'], { review: [5, n, n, 2, 7], lawsuit_direct: [8, n, n, 1, 9], lawsuit_after_review: [n, n, n, n, n] });
  });
  test('texts: the five topics, 五 in two, 六 as published; no fee statement expected in 2019', () => {
    assert.deepEqual(Object.keys(d['overview']), ['summary', 'proactive', 'on_request', 'management', 'platforms', 'supervision']);
    assert.match(d['overview']['on_request'], /信息公开类行政复议7件，诉讼9件，均获维持/);
    assert.match(d['overview']['proactive'], /\n\n聚焦中央交给上海/);
    assert.match(d['problems']['issues'], /^一是新《条例》实施后/);
    assert.match(d['problems']['improvements'], /^一是深入做好《条例》的贯彻落实/);
    assert.deepEqual(d['other_matters'], { other: '无。\n' });
  });
  test('notes', () => {
    assert.ok(notes(result).includes('proactive.procurement.amount: 原文为“251000元”，保留原文（含单位）'));
    assert.ok(notes(result).includes('problems.improvements: 原标题“（二）改进措施”'));
  });
});

describe('a made-up page: navigation, spans, duplicated and extra columns, odd cells and labels', () => {
  const result = importPage('made-up-county-2022.html');
  const d = result.data as Record<string, any>;
  test('front matter: the full name from the signature, the page\'s PubDate, the contact from the preamble', () => {
    assert.deepEqual([d['agency'], d['agency_kind'], d['year'], d['published']], ['某某省某某县人民政府', 'government', 2022, '2023-01-20']);
    assert.deepEqual(d['contact'], { address: '某某县人民路1号', postcode: '123456', phone: '0123-4567890', email: 'xxgk@example.gov.cn' });
  });
  test('a sixth topic of 一 is kept as an extra subsection', () => {
    assert.deepEqual(d['overview']['extra'], [{ title: '（六）政务公开培训', text: '举办培训班两期。\n' }]);
  });
  test('cells: 1,234 read with a note, "/" and "-" left null with a note, &nbsp; blank', () => {
    assert.equal(d['proactive']['licensing'], 1234);
    assert.equal(d['proactive']['coercion'], null);
    assert.equal(d['proactive']['fees'], 12.5);
    assert.deepEqual(d['applications']['results']['other']['other'], [1, n, n, 0, 0, 0, 1]);
    assert.deepEqual(d['applications']['results']['withheld']['third_party_rights'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(d['appeals'], { review: [1, 0, 0, 1, 2], lawsuit_direct: [0, 0, 0, 1, 1], lawsuit_after_review: [0, 0, 0, 0, 0] });
    assert.equal(result.emptyCells, 3);
  });
  test('every difference is a note; the row not in the template and the extra column are kept', () => {
    assert.deepEqual(notes(result), [
      'published: 页面的发布日期为 2023-01-20，落款日期为 2023-01-18（“2023年1月18日”）',
      'agency_kind: 机关类型由名称“某某省某某县人民政府”推断，请核对',
      'proactive.licensing: 原文为“1,234”',
      'proactive.coercion: 原文为“/”，未读作数字',
      'applications.results.withheld.state_secret: 原文行名为“1、属于国家秘密”，按“1.属于国家秘密”读入',
      'applications.results.withheld.prohibited_by_law: 原文行名为“2.其他法律行政止公开”，按“2.其他法律行政法规禁止公开”读入',
      'applications.results.withheld.administrative_query: 原文行名为“8.属于行政查询事项（含咨询）”，按“8.属于行政查询事项”读入',
      'applications.results.other.other.1: 原文为“-”，未读作数字',
      'applications: 原文此行（三、本年度办理结果·（八）转办）另有不在格式中的栏：转其他机关',
      'applications: 原文有一行不在格式中：三、本年度办理结果·（八）转办 | 1 | 0 | 0 | 0 | 0 | 0 | 1',
    ]);
  });
  test('a 2021 report with the one-row （六） of 2019 keeps it as one row, with a note', () => {
    const html = fs.readFileSync(path.join(CORPUS, 'made-up-county-2022.html'), 'utf8')
      .replace(/<tr><td rowspan="3">（六）其他处理<\/td>.*?<\/tr>\n<tr>.*?<\/tr>\n<tr><td>3\.其他<\/td>.*?<\/tr>/s, '<tr><td colspan="2">（六）其他处理</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>1</td><td></td></tr>')
      .replace('rowspan="23">三、本年度办理结果', 'rowspan="21">三、本年度办理结果');
    const r = toReport(readHtml(new TextEncoder().encode(html)));
    assert.equal(r.format, 2021);
    assert.deepEqual((r.data as any)['applications']['carried_forward'], [0, 0, 0, 0, 0, 0, 0]);
    // written as YAML: the one-row-other warning of the checks, no schema error for it
    const codes = analyze(writeReportYaml(r), { lang: 'en' }).diagnostics.map((x) => String(x.code));
    assert.ok(codes.includes('one-row-other'));
    assert.deepEqual(codes.filter((c) => c === 'schema').length, 1); // 行政强制 "/" only
    assert.deepEqual((r.data as any)['applications']['results']['other'], [1, 0, 0, 0, 0, 0, 1]);
    assert.ok(notes(r).includes('applications.results.other: 原文“（六）其他处理”只有一行（2019 年格式），2021 年格式分为三行，请核对'));
  });
});

describe('plain text: the example report copied from its document (one cell per line)', () => {
  const result = toReport(readText(fs.readFileSync(path.join(ROOT, 'test/fixtures/taierzhuang-minzheng-2023.original.txt'), 'utf8')));
  const expected = parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/taierzhuang-minzheng-2023.govreport.yaml'), 'utf8'));
  const d = result.data as Record<string, any>;
  test('every table cell, the front matter and the texts match the hand-written report', () => {
    for (const key of ['format', 'agency', 'year', 'published', 'contact', 'preamble', 'overview', 'proactive', 'applications', 'appeals', 'problems']) {
      assert.deepEqual(d[key], expected[key], key);
    }
    assert.equal(d['other_matters']['processing_fees'], expected['other_matters']['processing_fees']);
    assert.equal(d['other_matters']['innovation'], expected['other_matters']['innovation']);
    assert.equal(result.cellsLeftEmpty, false);
  });
  test('written as YAML it passes the schema and every check the hand-written report passes', () => {
    const text = writeReportYaml(result);
    const found = analyze(text, { lang: 'en' }).diagnostics.map((x) => x.code);
    const original = analyze(fs.readFileSync(path.join(ROOT, 'test/fixtures/taierzhuang-minzheng-2023.govreport.yaml'), 'utf8'), { lang: 'en' }).diagnostics.map((x) => x.code);
    assert.deepEqual(found.filter((c) => c === 'schema' || c === 'yaml-syntax'), []);
    assert.deepEqual(found, original);
  });
});

describe('writeReportYaml', () => {
  for (const name of ['shuyang-fgj-2023.html', 'shanghai-bangongting-2019.html', 'made-up-county-2022.html']) {
    test(`${name}: parses back to exactly the imported data, every note a # 导入： comment`, () => {
      const result = importPage(name);
      const text = writeReportYaml(result);
      const analysis = analyze(text, { lang: 'en' });
      assert.deepEqual(analysis.document.syntax, []);
      assert.deepEqual(analysis.document.data, result.data);
      assert.match(text, new RegExp(`^# .+\\n# 导入自 ${name.replace('.', '\\.')}，导入日期 2026-01-02`));
      for (const note of result.notes) assert.ok(text.includes(note.message.replace(/\s*\n\s*/g, ' ')), note.message);
    });
  }
  test('made-up page (2021): only the cells left empty are reported (blank-cell once per table row, schema for 二)', () => {
    const analysis = analyze(writeReportYaml(importPage('made-up-county-2022.html')), { lang: 'en' });
    const schema = analysis.diagnostics.filter((x) => x.code === 'schema');
    const blank = analysis.diagnostics.filter((x) => x.code === 'blank-cell');
    assert.equal(schema.length, 1, schema.map((x) => x.message).join('\n')); // coercion: null (table 二)
    assert.equal(blank.length, 1, blank.map((x) => x.message).join('\n')); // the two blanks of one row of 三
    assert.deepEqual(analysis.diagnostics.filter((x) => x.code === 'yaml-syntax'), []);
  });
  test('a note on a cell is written above its row, naming the column', () => {
    const text = writeReportYaml(importPage('made-up-county-2022.html'));
    assert.match(text, /# 导入：商业企业：原文为“-”，未读作数字（原文第 \d+ 行）\n\s+other: +\[1, null, null, 0, 0, 0, 1\]/);
    assert.match(text, /# 导入：原文为“\/”，未读作数字（原文第 \d+ 行）\n {2}coercion: +null/);
  });
});

describe('labels, cells, names, dates', () => {
  test('labels: typos, annotations, "1、" match; any difference but spaces is one', () => {
    assert.ok(labelDistance('2.其他法律行政止公开', '2.其他法律行政法规禁止公开') !== undefined);
    assert.ok(labelDistance('8.属于行政查询事项（含咨询）', '8.属于行政查询事项') !== undefined);
    assert.equal(labelDistance('1、属于国家秘密', '1.属于国家秘密'), 0);
    assert.equal(labelDistance('2.重复申请', '3.要求提供公开出版物'), undefined);
    assert.equal(labelDistance('3.属于国家秘密', '1.属于国家秘密'), undefined);
    assert.equal(labelDistance('本年制发件数', '本年废止件数') !== undefined, true); // close words: columns take exact labels first
    assert.equal(core('商业 企业'), '商业企业');
    assert.equal(sameLabel('商业 企业', '商业企业'), true);
    assert.equal(sameLabel('1、属于国家秘密', '1.属于国家秘密'), false);
  });
  test('cells: nothing invented', () => {
    assert.deepEqual(readCell('', 'count'), { value: null, blank: true });
    assert.deepEqual(readCell('12', 'count'), { value: 12 });
    assert.deepEqual(readCell('１２', 'count'), { value: 12 });
    assert.deepEqual(readCell('/', 'count'), { value: null, note: '原文为“/”，未读作数字' });
    assert.deepEqual(readCell('—', 'count'), { value: null, note: '原文为“—”，未读作数字' });
    assert.deepEqual(readCell('-18', 'signed'), { value: -18 });
    assert.deepEqual(readCell('-18', 'count'), { value: null, note: '原文为“-18”，不是件数' });
    assert.deepEqual(readCell('3件', 'count'), { value: 3, note: '原文为“3件”，读作 3' });
    assert.deepEqual(readCell('0.35', 'money'), { value: 0.35 });
    assert.deepEqual(readCell('3500元', 'money'), { value: null, note: '原文为“3500元”，未能读作数字' });
    assert.deepEqual(readCell('73802895.90元', 'amount'), { value: '73802895.90元', note: '原文为“73802895.90元”，保留原文（含单位）' });
    assert.deepEqual(readCell('73802895.90', 'amount'), { value: 73802895.9 });
  });
  test('agency kind from the name', () => {
    assert.equal(agencyKind('淮安市洪泽区人民政府'), 'government');
    assert.equal(agencyKind('某某经济开发区管委会'), 'government');
    assert.equal(agencyKind('某某街道办事处'), 'township');
    assert.equal(agencyKind('某某镇人民政府'), 'township');
    assert.equal(agencyKind('某某乡'), 'township');
    assert.equal(agencyKind('上海市人民政府办公厅'), 'department');
    assert.equal(agencyKind('台儿庄区民政局'), 'department');
  });
  test('dates', () => {
    assert.equal(normaliseDate('2024年1月17日'), '2024-01-17');
    assert.equal(normaliseDate('2023-01-20 09:30'), '2023-01-20');
    assert.equal(normaliseDate('二〇二四年一月十七日'), '2024-01-17');
    assert.equal(normaliseDate('二〇二四年十二月三十一日'), '2024-12-31');
    assert.equal(normaliseDate('2024年13月1日'), undefined);
    assert.equal(normaliseDate('沭阳县发展和改革局'), undefined);
  });
});

describe('the import stays off the keystroke path', () => {
  test('nothing in core/checks, core/features or core/model imports core/import', () => {
    for (const folder of ['checks', 'features', 'model', 'render']) {
      const dir = path.join(ROOT, 'server/src/core', folder);
      for (const file of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        assert.doesNotMatch(text, /from '\.\.\/import|from '\.\.\/\.\.\/core\/import|htmlparser2/, `${folder}/${file}`);
      }
    }
  });
});

describe('tables broken across pages (Word exports one table per page)', () => {
  test('the second part of table 三 and of table 二 are read under the first part\'s header', () => {
    const html = fs.readFileSync(path.join(CORPUS, 'made-up-county-2022.html'), 'utf8')
      // table 三 split before （四）无法提供; table 二 split before 行政处罚
      .replace('<tr><td rowspan="3">（四）无法提供</td>', '</tbody></table><table><tbody><tr><td rowspan="3">（四）无法提供</td>')
      .replace('<tr><td>行政处罚</td>', '</tbody></table><table><tbody><tr><td>行政处罚</td>');
    const split = toReport(readHtml(new TextEncoder().encode(html)));
    const whole = importPage('made-up-county-2022.html');
    assert.deepEqual((split.data as any)['applications'], (whole.data as any)['applications']);
    assert.deepEqual((split.data as any)['proactive'], (whole.data as any)['proactive']);
  });
});

describe('shanghai-bangongting-2019 against the 2019 transcription made by hand (test/fixtures/shanghai-bangongting-2019.govreport.yaml)', () => {
  const result = importPage('shanghai-bangongting-2019.html');
  const byHand = parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/shanghai-bangongting-2019.govreport.yaml'), 'utf8'));
  const d = result.data as Record<string, any>;
  test('every table cell and every text agree', () => {
    for (const key of ['format', 'agency', 'year', 'published', 'proactive', 'applications', 'appeals', 'overview', 'problems']) assert.deepEqual(d[key], byHand[key], key);
    // the one-line 六: the transcription writes it plain, the import as a block (a final line break)
    assert.equal(d['other_matters']['other'], `${byHand['other_matters']['other']}\n`);
  });
  test('written as YAML, only the blank cells are reported (blank-cell, once per row, naming them)', () => {
    const analysis = analyze(writeReportYaml(result), { lang: 'en' });
    assert.deepEqual(analysis.diagnostics.filter((x) => x.code === 'schema'), []);
    const blank = analysis.diagnostics.filter((x) => x.code === 'blank-cell');
    assert.ok(blank.length > 0);
    const named = blank.map((x) => /: (.*) left blank; write 0 if none$/.exec(x.message)![1]!.split(', ').length);
    assert.equal(named.reduce((a, b) => a + b, 0), result.emptyCells);
  });
});
