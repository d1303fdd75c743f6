// The inputs of test/unit/analyze-equivalence.test.ts and checks-declared.test.ts: the YAML fixtures
// and seeded random mutations of them (figures changed, lines deleted, duplicated or swapped, phrases
// the text checks look for inserted into the prose, header fields changed, CRLF), with options.
// Changing what this yields changes the recorded reference (see analyze-equivalence.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RuleCode, type AnalyzeOptions } from '../../server/src/core';
import { ROOT, prng } from '../helpers';

/** The fixtures (named, not discovered: a new fixture must not change this test's inputs). */
const FIXTURES: readonly { file: string; encoding?: string }[] = [
  { file: 'taierzhuang-minzheng-2023.govreport.yaml' },
  { file: 'shanghai-bangongting-2019.govreport.yaml' },
  { file: 'corpus/shuyang-fgj-2023.govreport.yaml' },
  { file: 'corpus/shuyang-fgj-2023.expected.govreport.yaml' },
  { file: 'corpus/shanghai-bangongting-2019.govreport.yaml' },
  { file: 'xss/hostile.govreport.yaml' },
  { file: 'encodings/taierzhuang-minzheng-2023.gb18030.govreport.yaml', encoding: 'gb18030' },
];
const MUTATIONS_PER_FIXTURE = 120;

type Rng = ReturnType<typeof prng>;

/** What the text checks look for: figures after labels, totals and shares, statements, years, periods, breakdowns, placeholders. */
const PHRASES = [
  '收到政府信息公开申请12件', '本年度新收申请3件', '共受理申请0件', '予以公开5件', '予以公开及部分公开7件', '部分公开2件', '不予公开2件',
  '无法提供1件', '不予处理3件', '其他处理4件', '办结申请9件', '答复申请人申请11件', '结转下年度继续办理2件', '结转至下一年度1件',
  '行政复议3件', '行政诉讼1件', '复议2件，诉讼5件', '行政复议决定书3件', '，占比50%', '，占40.5%', '（占比为33.3%）', '均获维持', '全部办结',
  '无结转', '均为自然人', '未收到政府信息公开申请', '未发生行政复议', '未发生行政诉讼案件', '未收到行政复议申请', '2022年，', '2023年，', '2024年，',
  '2022年以来，', '2023年度我局', '现向社会公布2022年度政府信息公开工作年度报告', '印发《2022年度工作报告》', '2023年1月1日至2023年12月31日',
  '2022年1月1日至2022年12月31日', '2019年1月1日到2019年12月31日', '277条（公示公告类信息8条，建议提案信息5条）', '10件（甲3件，乙4件）',
  '12项（其中甲5项，乙7项）', '6篇（甲1篇、乙2篇）', 'XX', 'ＸＸＸ', '××', '○○', '【单位名称】', '（请填写内容）', '编写说明', '区政府办代表区政府受理申请5件',
  '我局受理申请8件', '本机关收到申请6件', '区人民政府收到申请4件', '全市各级行政机关', '全省各部门', '全县范围内各单位', '考核', '社会评议', '问责',
  '未收取费用', '收费0元', '0.5万元', '。', '；', '，', '1', '25', '件', '申请', '办结', '予以公开',
];
const KINDS = ['government', 'township', 'department', 'other'];
const AGENCIES = ['台儿庄区民政局', '某某市人民政府', '某某市发展和改革委员会', '某某省人民政府办公厅', '某某镇人民政府', '某某县教育局', '区政府办'];

const digitRuns = (text: string) => [...text.matchAll(/\d+/g)];
const isProse = (line: string) => /[\u4e00-\u9fff]/.test(line);

function mutateOnce(text: string, r: Rng): string {
  const lines = text.split('\n');
  const at = r.int(lines.length);
  // most edits keep the YAML valid, so that the checks behind the syntax check are reached
  switch (r.pick(['figure', 'figure', 'figure', 'delete', 'duplicate', 'phrase', 'phrase', 'phrase', 'phrase', 'header', 'header', 'swap', 'cell', 'prose', 'prose'])) {
    case 'figure': { // a figure (a table cell, a year, a figure in the text)
      const runs = digitRuns(text);
      if (runs.length === 0) return text;
      const m = r.pick(runs);
      const n = Number(m[0]);
      const to = r.pick([0, 1, n + 1, Math.max(0, n - 1), n * 2, r.int(300), n + 10]);
      return text.slice(0, m.index) + String(to) + text.slice(m.index! + m[0].length);
    }
    case 'delete': lines.splice(at, 1); return lines.join('\n');
    case 'duplicate': lines.splice(at, 0, lines[at]!); return lines.join('\n');
    case 'phrase': { // a phrase into a line of prose
      const prose = lines.map((l, i) => [l, i] as const).filter(([l]) => isProse(l));
      if (prose.length === 0) return text;
      const [line, i] = r.pick(prose);
      const indent = line.length - line.trimStart().length;
      const pos = r.chance(0.3) ? indent : indent + r.int(line.length - indent + 1);
      lines[i] = line.slice(0, pos) + r.pick(PHRASES) + line.slice(pos);
      return lines.join('\n');
    }
    case 'header': {
      const field = r.pick(['year', 'format', 'agency_kind', 'published', 'agency', 'deadline']);
      const value = field === 'year' ? String(r.pick([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]))
        : field === 'format' ? String(r.pick([2019, 2021, 2020]))
        : field === 'agency_kind' ? r.pick(KINDS)
        : field === 'agency' ? r.pick(AGENCIES)
        : `${r.pick([2019, 2020, 2021, 2022, 2023, 2024, 2025])}-${r.pick(['01-16', '01-31', '02-01', '03-31', '04-01', '12-31', '02-30'])}`;
      const re = new RegExp(`^${field}:.*$`, 'm');
      return re.test(text) ? text.replace(re, `${field}: ${value}`) : text.replace(/^year:/m, `${field}: ${value}\nyear:`);
    }
    case 'swap': { // two neighbouring lines
      if (at + 1 >= lines.length) return text;
      [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
      return lines.join('\n');
    }
    case 'cell': { // a table cell blank, or a row one cell short or long
      const rows = lines.map((l, i) => [l, i] as const).filter(([l]) => /:\s*\[[^\]]*\]/.test(l));
      if (rows.length === 0) return text;
      const [line, i] = r.pick(rows);
      const roll = r.int(3);
      lines[i] = roll === 0 ? line.replace(/\d+(?=[^\d]*\]?)/, '~') : roll === 1 ? line.replace(/,\s*\d+\s*\]/, ']') : line.replace(/\]/, ', 0]');
      return lines.join('\n');
    }
    default: { // 'prose': a whole prose value replaced by a few phrases
      const prose = lines.map((l, i) => [l, i] as const).filter(([l]) => isProse(l) && /^\s+\S/.test(l) && !/:\s/.test(l));
      if (prose.length === 0) return text;
      const [line, i] = r.pick(prose);
      const indent = line.slice(0, line.length - line.trimStart().length);
      lines[i] = indent + Array.from({ length: 1 + r.int(6) }, () => r.pick(PHRASES)).join('');
      return lines.join('\n');
    }
  }
}

export interface Input { name: string; text: string; options: AnalyzeOptions }

export function inputs(): Input[] {
  const out: Input[] = [];
  FIXTURES.forEach(({ file, encoding }, f) => {
    const bytes = fs.readFileSync(path.join(ROOT, 'test/fixtures', file));
    const base = new TextDecoder(encoding ?? 'utf-8').decode(bytes);
    out.push({ name: `${file}`, text: base, options: { lang: 'zh' } }, { name: `${file} en`, text: base, options: { lang: 'en' } });
    for (let i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
      const r = prng(1_000_003 * (f + 1) + i);
      let text = base;
      const steps = 1 + r.int(5);
      for (let s = 0; s < steps; s++) text = mutateOnce(text, r);
      if (r.chance(0.1)) text = text.replace(/\n/g, '\r\n');
      const options: AnalyzeOptions = { lang: r.chance(0.3) ? 'en' : 'zh' };
      const roll = r.next();
      if (roll < 0.15) options.severities = { [RuleCode.TextTableMismatch]: 'off', [RuleCode.StaleYear]: 'info', [RuleCode.Schema]: 'warning' };
      else if (roll < 0.25) {
        options.severities = {
          [RuleCode.UnusualShare]: 'off', [RuleCode.ScopeWords]: 'off', [RuleCode.BlankCell]: 'off', [RuleCode.Schema]: 'off', [RuleCode.RowTotal]: 'off', [RuleCode.Deadline]: 'off',
        };
      }
      if (r.chance(0.15)) options.deadlines = { department: { date: '01-20', rule: '某省通知' }, government: { date: '02-28' } };
      out.push({ name: `${file} #${i}`, text, options });
    }
  });
  return out;
}
