/**
 * `text-table-mismatch`, the figures of 三 and 四 that the text of 一 restates: each result category,
 * 结转下年度, 行政复议 and 行政诉讼; percentages against the total the text names; and statements
 * ("均获维持", "全部办结", "均为自然人") that the tables contradict. Precision first: a sentence about
 * another body ("区政府办代表区政府受理…") is not compared, and a figure is only read right after its label.
 */
import type { ReportDiagnostic } from '../model/diagnostic';
import type { ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatOf, titleAt, type Path } from '../model/schema';
import {
  APP_TOTAL, APPEAL_COLUMNS, APPEAL_ROWS, APPEAL_TOTAL, APPLICATION_COLUMNS, CARRIED_FORWARD, RECEIVED, RESULTS_TOTAL, applicationRowsOf,
  cellLabel, cellRow, getIn, rowLabel, type Cell,
} from '../model/table';
import { firstMatch, proseFieldsOf, textRange, type TextField } from '../model/text-fields';

const W = APPLICATION_COLUMNS.length;
/** Findings per text field and kind (as template-leftover): a real report has a handful. */
const MAX_PER_FIELD = 20;
const NATURAL = 0;

/** A row's total: its 总计 cell, or when that is blank the sum of its columns (blanks as 0). */
function rowTotal(row: readonly Cell[]): number {
  const total = row[row.length - 1];
  return typeof total === 'number' ? total : row.slice(0, -1).reduce<number>((a, v) => a + (v ?? 0), 0);
}

interface Category {
  /** The label as the text writes it, anchored so that a longer label wins. */
  label: RegExp;
  /** A word every match of `label` holds: a text without it is not scanned. */
  word: string;
  /** The rows whose totals the figure restates. */
  rows: readonly Path[];
  /** How the message names the table side. */
  name: string;
}

// per table of result rows (one per format): the labels and names do not change between reports
const categoriesOf = new WeakMap<readonly Path[], Category[]>();

function categories(results: readonly Path[]): Category[] {
  let hit = categoriesOf.get(results);
  if (!hit) categoriesOf.set(results, hit = buildCategories(results));
  return hit;
}

function buildCategories(results: readonly Path[]): Category[] {
  const group = (key: string) => results.filter((p) => p[2] === key);
  const groupName = (key: string) => titleAt(['applications', 'results', key]);
  // global, built once: figures() scans with it
  const c = (label: RegExp, word: string, rows: readonly Path[], name: string): Category => ({ label: new RegExp(label.source, 'g'), word, rows, name });
  return [
    c(/予以公开(?:及|和|与|、)部分公开/, '部分公开', [...group('disclosed'), ...group('partially_disclosed')], `${groupName('disclosed')}+${groupName('partially_disclosed')}`),
    c(/(?<![不及和与、])予以公开(?!(?:及|和|与|、)部分公开)/, '予以公开', group('disclosed'), groupName('disclosed')),
    c(/不予公开/, '不予公开', group('withheld'), groupName('withheld')),
    c(/无法提供/, '无法提供', group('unavailable'), groupName('unavailable')),
    c(/不予处理/, '不予处理', group('not_processed'), groupName('not_processed')),
    c(/其他处理/, '其他处理', group('other'), groupName('other')),
    c(/(?:办结|答复)[^。；;，,\d\n]{0,12}?申请/, '申请', [RESULTS_TOTAL], rowLabel(RESULTS_TOTAL)),
    c(/结转(?:至|到)?下(?:一)?年度?(?:继续办理)?/, '结转', [CARRIED_FORWARD], rowLabel(CARRIED_FORWARD)),
  ];
}

/** A figure right after its label: "不予公开35件", "予以公开的有12件", "行政复议案件7件". */
const FIGURE_AFTER = /^[^。；;，,\d\n]{0,6}?(\d+)\s*件/;
const PERCENT_AFTER = /^[，,（(]?\s*(?:占(?:比)?(?:为)?|比例为?)\s*(\d+(?:\.\d+)?)\s*[%％]/;
/** The characters that end a sentence, by UTF-16 code (read with charCodeAt: no one-character string per step). */
const ENDS = new Set([...'。；;！!？?\n'].map((c) => c.charCodeAt(0)));

const BODY_SUFFIX = /(?:政府办公室|政府办公厅|政府办|人民政府|政府|办公室|办公厅|局|委员会|委|厅|中心|街道办事处|街道|镇街|镇|乡|部门|单位)$/;
// sticky, tried at an offset of the sentence: no copy of the rest of it per offset
const SUBJECT_FOLLOW = /(?:代表|共|全年|本年|全年度|本年度|累计|依法|收到|受理|办结|答复|新收|在|于)/y;
const HAN_RUN = /[\u4e00-\u9fff]+/g;
const SELF = /(?:我|本)(?:局|委|办|厅|署|单位|机关|部门|中心|院|府|镇|乡|街道|区|县|市|级政府)/;

/** The ways the reporting body names itself: full, without 人民, and from each place-level word on. */
function selfNames(agency: string): string[] {
  const names = new Set<string>();
  for (const base of [agency, agency.replace(/人民/g, '')]) {
    names.add(base);
    for (let i = 0; i < base.length; i++) if ('省市区县镇乡'.includes(base[i]!) && base.length - i >= 3) names.add(base.slice(i));
  }
  return [...names].filter((n) => n.length >= 2);
}

/**
 * Whether the sentence up to `at` is about the reporting body: it names no body, or only itself
 * (我局, 本机关, its name). "区政府办代表区政府受理…" in a district government's report is not.
 */
export function aboutReportingBody(whole: string, agency: string | undefined): boolean {
  // the subject stands near the figure: the last 80 characters are enough, and keep this linear
  const sentence = whole.slice(-80);
  let own: string[] | undefined; // read only when a body word is found
  for (let m = firstMatch(HAN_RUN, sentence); m; m = HAN_RUN.exec(sentence)) {
    const run = m[0];
    // every body word followed by a subject word is a subject; "X代表Y": X is, Y (the principal) is not
    let from = 0;
    let principal = false;
    for (let i = 1; i <= run.length; i++) {
      // the subject word first (one anchored try), the body word before it only then. A subject word
      // is Han characters only: it cannot run past the end of the run, nor start right after it.
      SUBJECT_FOLLOW.lastIndex = m.index + i;
      const follow = SUBJECT_FOLLOW.exec(sentence);
      if (!follow) continue;
      const head = run.slice(from, i);
      if (!BODY_SUFFIX.test(head)) continue;
      from = i + follow[0].length;
      const wasPrincipal = principal;
      principal = follow[0] === '代表';
      own ??= agency ? selfNames(agency.trim()) : [];
      if (wasPrincipal || SELF.test(head) || own.some((n) => head.endsWith(n))) continue;
      return false;
    }
  }
  return true;
}

interface Sentence { start: number; text: string }

/** A report's sentence is far shorter; the bound keeps a hostile text of one endless sentence linear. */
const MAX_SENTENCE = 300;

function sentenceAround(value: string, at: number): Sentence {
  let start = at;
  while (start > 0 && at - start < MAX_SENTENCE && !ENDS.has(value.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < value.length && end - at < MAX_SENTENCE && !ENDS.has(value.charCodeAt(end))) end++;
  return { start, text: value.slice(start, end) };
}

/** The sentence of `value` that holds `at`, up to `at` (where its subject is). */
export function sentenceBefore(value: string, at: number): string {
  return value.slice(sentenceAround(value, at).start, at);
}

/** Rounds or truncates `x` to the decimals of `printed` and says whether either gives `printed`. */
function agreesAtPrecision(x: number, printed: string): boolean {
  const decimals = (printed.split('.')[1] ?? '').length;
  const f = 10 ** decimals;
  const p = Number(printed);
  const near = (a: number) => Math.abs(a - p) < 1e-9;
  return near(Math.round(x * f) / f) || near(Math.floor(x * f + 1e-9) / f);
}

export function checkTextFigures(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const data = doc.data;
  const agency = typeof getIn(data, ['agency']) === 'string' ? getIn(data, ['agency']) as string : undefined;
  const out: ReportDiagnostic[] = [];
  const cats = categories(applicationRowsOf(data, formatOf(data)).results);
  // the rows of a category, read when its label is in a text; null: it has no rows, or one is not well formed (not compared)
  const cellsOf = new Map<Category, Cell[][] | null>();
  const cells: CellsOf = (cat) => {
    let hit = cellsOf.get(cat);
    if (hit === undefined) {
      const rows = cat.rows.map((p) => cellRow(data, p, W));
      hit = rows.length > 0 && rows.every((r) => r) ? rows as Cell[][] : null;
      cellsOf.set(cat, hit);
    }
    return hit;
  };
  const received = cellRow(data, RECEIVED, W);
  const appeals = APPEAL_ROWS.map((p) => [p, cellRow(data, p, APPEAL_COLUMNS.length)] as const);
  for (const field of proseFieldsOf(doc)) {
    // figures, appeal figures and percentages all read "N件": a text without 件 has none of them
    const counts = field.value.includes('件');
    // a few per field: a hostile text with thousands would cost a range lookup each (textRange walks the value)
    out.push(...[
      ...(counts ? figures(doc, lang, field, agency, cats, cells) : []),
      ...(counts ? appealFigures(doc, lang, field, agency, appeals) : []),
      ...(counts ? percentages(doc, lang, field, agency) : []),
      ...statements(doc, lang, field, received, appeals),
    ].slice(0, MAX_PER_FIELD));
  }
  return out;
}

type CellsOf = (cat: Category) => Cell[][] | null;

function figures(
  doc: ReportDocument, lang: Lang, field: TextField, agency: string | undefined, cats: readonly Category[], cellsOf: CellsOf,
): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const value = field.value;
  const taken = new Set<number>();
  for (const cat of cats) {
    if (!value.includes(cat.word)) continue;
    const cells = cellsOf(cat);
    if (!cells) continue;
    for (let m = firstMatch(cat.label, value); m; m = cat.label.exec(value)) {
      const after = m.index! + m[0].length;
      const f = FIGURE_AFTER.exec(value.slice(after, after + 30));
      if (!f) continue;
      const numberAt = after + f[0].length - f[0].replace(/^[^\d]*/, '').length;
      if (taken.has(numberAt)) continue; // a longer label already read this figure
      taken.add(numberAt);
      const sentence = sentenceAround(value, m.index!);
      if (!aboutReportingBody(value.slice(sentence.start, m.index!), agency)) continue;
      const n = Number(f[1]);
      const total = cells.reduce((a, r) => a + rowTotal(r), 0);
      if (n === total) continue;
      if (out.length >= MAX_PER_FIELD) return out;
      const natural = cells.reduce((a, r) => a + (r[NATURAL] ?? 0), 0);
      // what the figure is, when it is a figure of the table: the 自然人 column, one row, one row's 自然人 cell
      const part = cat.rows.length > 1 ? cat.rows.find((_, i) => rowTotal(cells[i]!) === n) : undefined;
      const naturalCell = cat.rows.length > 1 ? cat.rows.find((_, i) => cells[i]![NATURAL] === n) : undefined;
      let hint = '';
      if (n === natural) hint = t(lang, '{0} is the {1} column; {2} is {3}', n, APPLICATION_COLUMNS[NATURAL]!, APPLICATION_COLUMNS[APP_TOTAL]!, total);
      else if (part) hint = t(lang, '{0} is {1} alone', n, rowLabel(part));
      else if (naturalCell) hint = t(lang, '{0} is {1} alone', n, cellLabel(naturalCell, NATURAL));
      const quote = value.slice(m.index!, after + f[0].length);
      const range = textRange(doc, field.path, m.index!, after + f[0].length);
      const numberRange = textRange(doc, field.path, numberAt, numberAt + f[1]!.length);
      out.push({
        code: RuleCode.TextTableMismatch, severity: 'warning', range,
        message: hint
          ? t(lang, 'The text says “{0}” ({1}), but {2} is {3} ({4})', quote, n, cat.name, total, hint)
          : t(lang, 'The text says “{0}” ({1}), but {2} is {3}', quote, n, cat.name, total),
        fix: doc.text.slice(numberRange.start, numberRange.end) === f[1]
          ? { title: t(lang, 'Write {0} as in the table', total), edits: [{ range: numberRange, newText: String(total) }], safe: false }
          : undefined,
      });
    }
  }
  return out;
}

/** "行政复议7件" vs 行政复议·总计; "行政诉讼9件" (or "复议7件，诉讼9件") vs the two 行政诉讼 totals together. */
// not the documents of a review ("行政复议决定书3件", "行政复议答复书"): only the cases
// ("诉讼N件" alone counts right after a 复议 figure: "复议7件，诉讼9件"; checked in code, a lookbehind costs 10×)
const APPEAL_FIGURE = /(?<![未无没])(行政复议|行政诉讼|诉讼)(?!决定|答复|意见|建议|文书|材料)[^。；;，,\d\n]{0,6}?(\d+)\s*件/g;
const REVIEW_BEFORE = /复议[^。；;\n]{0,12}$/;

type AppealRows = readonly (readonly [Path, Cell[] | undefined])[];

function appealFigures(doc: ReportDocument, lang: Lang, field: TextField, agency: string | undefined, appeals: AppealRows): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const value = field.value;
  for (let m = firstMatch(APPEAL_FIGURE, value); m; m = APPEAL_FIGURE.exec(value)) {
    if (m[1] === '诉讼' && !REVIEW_BEFORE.test(value.slice(Math.max(0, m.index! - 14), m.index!))) continue;
    const review = m[1] === '行政复议';
    const rows = appeals.filter(([p]) => (p[1] === 'review') === review);
    if (rows.length === 0 || rows.some(([, r]) => !r)) continue;
    const sentence = sentenceAround(value, m.index!);
    if (!aboutReportingBody(value.slice(sentence.start, m.index!), agency)) continue;
    const n = Number(m[2]);
    const total = rows.reduce((a, [, r]) => a + rowTotal(r!), 0);
    if (n === total) continue;
    if (out.length >= MAX_PER_FIELD) return out;
    const name = rows.map(([p]) => cellLabel(p, APPEAL_TOTAL)).join('+');
    const numberAt = m.index! + m[0].lastIndexOf(m[2]!);
    const numberRange = textRange(doc, field.path, numberAt, numberAt + m[2]!.length);
    out.push({
      code: RuleCode.TextTableMismatch, severity: 'warning', range: textRange(doc, field.path, m.index!, m.index! + m[0].length),
      message: t(lang, 'The text says “{0}” ({1}), but {2} is {3}', m[0], n, name, total),
      fix: doc.text.slice(numberRange.start, numberRange.end) === m[2]
        ? { title: t(lang, 'Write {0} as in the table', total), edits: [{ range: numberRange, newText: String(total) }], safe: false }
        : undefined,
    });
  }
  return out;
}

/** The total a paragraph names before `at`: the last "受理/收到/办结/答复…N件". */
const NAMED_TOTAL = /(?:新收|收到|受理|办结|答复|办理)[^。；;，,\d\n]{0,20}?申请[^。；;，,\d\n件]{0,8}?(\d+)\s*件/g;
const FIGURE_THEN_PERCENT = /(\d+)\s*件/g;

function percentages(doc: ReportDocument, lang: Lang, field: TextField, agency: string | undefined): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const value = field.value;
  if (!value.includes('%') && !value.includes('％')) return out; // PERCENT_AFTER needs one
  const totals: { at: number; end: number; n: number }[] = [];
  for (let m = firstMatch(NAMED_TOTAL, value); m; m = NAMED_TOTAL.exec(value)) totals.push({ at: m.index, end: m.index + m[0].length, n: Number(m[1]) });
  let next = 0; // totals before the figure: both in text order, one pass
  const breaks: number[] = [];
  for (let b = value.indexOf('\n'); b >= 0; b = value.indexOf('\n', b + 1)) breaks.push(b);
  let nl = 0;
  for (let m = firstMatch(FIGURE_THEN_PERCENT, value); m; m = FIGURE_THEN_PERCENT.exec(value)) {
    if (out.length >= MAX_PER_FIELD) break;
    const after = m.index! + m[0].length;
    const p = PERCENT_AFTER.exec(value.slice(after, after + 20));
    if (!p) continue;
    while (next < totals.length && totals[next]!.end <= m.index!) next++;
    const named = totals[next - 1];
    if (!named || named.n === 0) continue;
    // the total and the part are both the reporting body's, in the same paragraph (no line break between)
    while (nl < breaks.length && breaks[nl]! < named.at) nl++;
    if (nl < breaks.length && breaks[nl]! < m.index!) continue;
    if (!aboutReportingBody(sentenceAround(value, named.at).text.slice(0, named.at - sentenceAround(value, named.at).start), agency)) continue;
    const part = Number(m[1]);
    const printed = p[1]!;
    const share = (part / named.n) * 100;
    if (agreesAtPrecision(share, printed)) continue;
    const decimals = (printed.split('.')[1] ?? '').length;
    const right = share.toFixed(decimals);
    const pAt = after + p[0].lastIndexOf(printed);
    const range = textRange(doc, field.path, pAt, pAt + printed.length);
    out.push({
      code: RuleCode.TextTableMismatch, severity: 'warning', range,
      message: t(lang, 'The text says {0}% for {1} of {2}, but {1}/{2} is {3}%', printed, part, named.n, right),
      fix: doc.text.slice(range.start, range.end) === printed
        ? { title: t(lang, 'Write {0}%', right), edits: [{ range, newText: right }], safe: false }
        : undefined,
    });
  }
  return out;
}

const ALL_UPHELD = /均获维持|全部维持|均维持|均予维持|全部获得?维持|均被维持/g;
const ALL_DONE = /全部办结|均已办结|均办结完毕|无结转|没有结转|未有结转/g;
const ALL_NATURAL = /(?:均为|全部为|均系|全部是|都是)自然人/g;

function statements(doc: ReportDocument, lang: Lang, field: TextField, received: Cell[] | undefined, appeals: AppealRows): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const value = field.value;
  const at = (m: RegExpMatchArray) => textRange(doc, field.path, m.index!, m.index! + m[0].length);
  // each pattern holds a word without which it cannot match: most texts skip the scans
  if (value.includes('维持')) for (let m = firstMatch(ALL_UPHELD, value); m; m = ALL_UPHELD.exec(value)) {
    if (out.length >= MAX_PER_FIELD) break;
    const sentence = sentenceAround(value, m.index!).text;
    const blocks = [
      ...(/复议/.test(sentence) ? appeals.filter(([p]) => p[1] === 'review') : []),
      ...(/诉讼/.test(sentence) ? appeals.filter(([p]) => p[1] !== 'review') : []),
    ];
    for (const [path, row] of blocks) {
      if (!row) continue;
      const col = [1, 2, 3].find((c) => (row[c] ?? 0) > 0);
      if (col === undefined) continue;
      out.push({ code: RuleCode.TextTableMismatch, severity: 'warning', range: at(m), message: t(lang, 'The text says “{0}”, but {1} is {2}', m[0], cellLabel(path, col), row[col]!) });
    }
  }
  if (value.includes('办结') || value.includes('结转')) for (let m = firstMatch(ALL_DONE, value); m; m = ALL_DONE.exec(value)) {
    if (out.length >= MAX_PER_FIELD) break;
    const forward = cellRow(doc.data, CARRIED_FORWARD, W);
    if (!forward || !/申请/.test(sentenceAround(value, m.index!).text)) continue;
    const total = rowTotal(forward);
    if (total > 0) out.push({ code: RuleCode.TextTableMismatch, severity: 'warning', range: at(m), message: t(lang, 'The text says “{0}”, but {1} is {2}', m[0], cellLabel(CARRIED_FORWARD, APP_TOTAL), total) });
  }
  if (value.includes('自然人')) for (let m = firstMatch(ALL_NATURAL, value); m; m = ALL_NATURAL.exec(value)) {
    if (out.length >= MAX_PER_FIELD) break;
    if (!received) continue;
    const col = [1, 2, 3, 4, 5].find((c) => (received[c] ?? 0) > 0);
    if (col !== undefined) out.push({ code: RuleCode.TextTableMismatch, severity: 'warning', range: at(m), message: t(lang, 'The text says “{0}”, but {1} is {2}', m[0], cellLabel(RECEIVED, col), received[col]!) });
  }
  return out;
}
