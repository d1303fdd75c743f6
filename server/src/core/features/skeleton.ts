/**
 * New reports: the skeleton of a whole report (plain text, or an LSP snippet with tab stops, built
 * by the same code so the two never drift apart), the skeleton of one top-level part (for
 * completion), and "start from last year's report" (edits last year's text, keeping its comments).
 *
 * Length: the new report, its parts and the roll-over (also across the change from the 2019 to the
 * 2021 format) are built by one Builder from the same schema walk; split apart they would share it
 * through exports that no other module needs.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { TextEdit } from '../model/diagnostic';
import { nodeAt, parseReport, type ReportDocument } from '../model/document';
import { staleYearEdits } from '../checks/check-stale-year';
import { applyEdits, rowEdits } from '../model/edits';
import { deadlineOf, PERIOD as STATISTICS_PERIOD, validDate } from '../checks/check-dates';
import { expandOtherEdits } from '../checks/check-format';
import { t, type Lang } from '../model/l10n';
import { columnLabels, formatForYear, formatOf, reportSchema, schemaAt, titleAt, type Path, type ReportFormat, type SchemaNode } from '../model/schema';
import { APPEAL_ROWS, CARRIED_FORWARD, CARRIED_OVER, OTHER_HANDLING, applicationRows, cellRow, getIn } from '../model/table';
import { proseFields, textRange } from '../model/text-fields';

export type AgencyKind = 'department' | 'government' | 'township';
export const AGENCY_KINDS: readonly AgencyKind[] = ['department', 'government', 'township'];

export interface SkeletonOptions {
  agency: string;
  year: number;
  kind?: AgencyKind;
  /** `YYYY-MM-DD`; default: the national deadline for `kind` (31 January for townships, which have none). */
  published?: string;
  lang: Lang;
  /** The national format; default: the one of `year` (2019 for the 2019 and 2020 reports, else 2021). */
  format?: ReportFormat;
}

/** The top-level parts 一–六, in the order of the national format. */
export const REPORT_PARTS = ['overview', 'proactive', 'applications', 'appeals', 'problems', 'other_matters'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

/** The default publication date of a report for `year`: the national deadline of its kind. */
export function defaultPublished(year: number, kind: AgencyKind = 'department'): string {
  // `township` has no national deadline: 31 January, with the departments, is the safe default
  return deadlineOf({ year, agency_kind: kind }, 'en')?.date ?? `${year + 1}-01-31`;
}

/** The statistics period sentence of 六 (report content: always Chinese, whatever the UI language). */
export function statisticsPeriod(year: number | string): string {
  return `本年度报告中所列数据的统计期限为${year}年1月1日至${year}年12月31日。`;
}

/** A complete new report: every required key, tables of zeros, empty text fields with a prompt comment. */
export function reportSkeleton(options: SkeletonOptions): string {
  return buildReport(options, new Builder(false));
}

/** The same report as an LSP snippet: tab stops on agency, year, kind, date and every text field. */
export function reportSnippet(options: SkeletonOptions): string {
  return buildReport(options, new Builder(true));
}

/** One top-level part (一–六) with its keys, as plain text or as a snippet (tab stops on the text fields). */
export function partSkeleton(part: ReportPart, options: { year: number; lang: Lang; snippet?: boolean; format?: ReportFormat }): string {
  const b = new Builder(options.snippet ?? false);
  const format = options.format ?? formatForYear(options.year);
  return b.finish([...partLines(part, b, String(options.year), options.lang, format), b.end()].join('\n'));
}

// ---------------------------------------------------------------------------------------------
// building

/**
 * Collects text with tab stops as markers and renders it either as plain text (a stop becomes its
 * default) or as a snippet (literal text escaped, the first occurrence of a stop carries the default,
 * later ones mirror it).
 */
class Builder {
  private readonly stops: { value: string; choices?: readonly string[] }[] = [];
  private readonly named = new Map<string, number>();

  constructor(readonly snippet: boolean) {}

  /** A tab stop with a default; stops with the same name are linked (mirrors). */
  stop(value: string, name?: string, choices?: readonly string[]): string {
    let n = name === undefined ? undefined : this.named.get(name);
    if (n === undefined) {
      this.stops.push({ value: clean(value), ...(choices ? { choices } : {}) });
      n = this.stops.length;
      if (name !== undefined) this.named.set(name, n);
    }
    return `\u0000${n}\u0001`;
  }

  /** The final cursor position ($0). */
  end(): string {
    return '\u00000\u0001';
  }

  /** The text as the user will see it once the snippet is expanded with its defaults. */
  plain(text: string): string {
    return text.replace(/\u0000(\d+)\u0001/g, (_, n: string) => (n === '0' ? '' : this.stops[Number(n) - 1]!.value));
  }

  finish(text: string): string {
    if (!this.snippet) return this.plain(text);
    const seen = new Set<number>();
    return text.split(/(\u0000\d+\u0001)/).map((part, i) => {
      if (i % 2 === 0) return escapeSnippet(part);
      const n = Number(part.slice(1, -1));
      if (n === 0) return '$0';
      const stop = this.stops[n - 1]!;
      if (seen.has(n)) return `\${${n}}`;
      seen.add(n);
      if (stop.choices) return `\${${n}|${stop.choices.map((c) => c.replace(/[\\,|$}]/g, '\\$&')).join(',')}|}`;
      return stop.value === '' ? `\${${n}}` : `\${${n}:${escapeSnippet(stop.value)}}`;
    }).join('');
  }
}

/** Escapes literal text for the LSP snippet syntax. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** Whether `s` can be written as a plain YAML scalar and read back as the same string. */
function plainScalarOk(s: string): boolean {
  return /^[^\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/: |:$| #|[\u0000-\u001f]/.test(s) && s === s.trim()
    && !/^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan|true|false|null|~|y|n|yes|no|on|off)$/i.test(s);
}

/** User input never carries the builder's markers (or line breaks into a one-line value). */
function clean(s: string): string {
  return s.replace(/[\u0000\u0001]/g, '').replace(/[\r\n]+/g, ' ');
}

function buildReport(options: SkeletonOptions, b: Builder): string {
  const lang = options.lang;
  const kind = options.kind ?? 'department';
  const year = Number.isInteger(options.year) ? options.year : new Date().getFullYear() - 1;
  const published = validDate(options.published) ?? defaultPublished(year, kind);
  const format = options.format ?? formatForYear(year);
  const agencyValue = clean(options.agency).trim() || titleAt(['agency']);
  const agency = b.stop(agencyValue, 'agency');
  const yearText = b.stop(String(year), 'year');
  const kindInfo = (reportSchema.properties?.agency_kind ?? {}) as SchemaNode & { enumDescriptions?: string[] };
  const kindComment = b.snippet ? titleAt(['agency_kind']) : kindInfo.enumDescriptions?.[AGENCY_KINDS.indexOf(kind)] ?? titleAt(['agency_kind']);
  const head = [
    `format: ${format}`,
    // a name YAML would read as something else (`a: b`, `#…`, `123`) is written quoted, without a tab stop
    `agency: ${plainScalarOk(agencyValue) ? agency : JSON.stringify(agencyValue)}`,
    `agency_kind: ${b.stop(kind, 'kind', b.snippet ? [kind, ...AGENCY_KINDS.filter((k) => k !== kind)] : undefined)}   # ${kindComment}`,
    `year: ${yearText}`,
    `published: ${b.stop(published, 'published')}`,
  ];
  const lines = [`# ${agency}${yearText}年${reportSchema.title ?? ''}`, ...head];
  for (const part of REPORT_PARTS) lines.push('', ...partLines(part, b, yearText, lang, format));
  lines.push(b.end());
  return b.finish(lines.join('\n'));
}

/** Comments after `lines` aligned in one column (as in the example report); markers count as their default. */
function aligned(rows: readonly (readonly [string, string])[], b: Builder, indent = ''): string[] {
  const width = (s: string) => b.plain(s).length;
  const widest = Math.max(...rows.map(([code]) => width(code)));
  return rows.map(([code, comment]) => `${indent}${code}${' '.repeat(widest - width(code) + 3)}# ${comment}`);
}

function partLines(part: ReportPart, b: Builder, year: string, lang: Lang, format: ReportFormat): string[] {
  const out = [`# ${titleAt([part], format)}`, `${part}:`];
  switch (part) {
    case 'proactive':
      out.push(...aligned(Object.keys(schemaAt([part], format)?.properties ?? {}).map((key) => {
        const path = [part, key];
        const props = Object.keys(schemaAt(path, format)?.properties ?? {});
        const value = props.length > 0 ? `{${props.map((p) => `${p}: 0`).join(', ')}}` : '0';
        return [`${key}: ${value}`, titleAt(path, format)] as const;
      }), b, '  '));
      return out;
    case 'applications':
      out.splice(1, 0, `# ${t(lang, 'Columns: {0}', columnLabels(applicationRows(format)[0]!, format).join(' | '))}`);
      out.push(...tableLines([part], b, format));
      return out;
    case 'appeals':
      out.splice(1, 0, `# ${t(lang, 'Columns: {0}', columnLabels(APPEAL_ROWS[0]!).join(' | '))}`);
      out.push(...tableLines([part], b, format));
      return out;
    default:
      for (const key of textKeys(part)) out.push(...textLines([part, key], b, year, lang));
      return out;
  }
}

/** The text fields a new report lists: every text key of the part (一's optional lead and extra sections left out). */
function textKeys(part: ReportPart): string[] {
  return Object.keys(schemaAt([part])?.properties ?? {}).filter((k) => !(part === 'overview' && (k === 'summary' || k === 'extra')));
}

function textLines(path: Path, b: Builder, year: string, lang: Lang): string[] {
  const indent = '  '.repeat(path.length);
  const title = titleAt(path);
  const hint = prompt(path, lang);
  // "改进情况" needs no "改进情况：改进情况。"
  const comment = title.endsWith(hint.replace(/[。.]$/, '')) ? title : t(lang, '{0}: {1}', title, hint);
  const head = `${'  '.repeat(path.length - 1)}${String(path[path.length - 1])}: |   # ${comment}`;
  if (path[0] === 'other_matters' && path[1] === 'statistics_notes') {
    return [`${'  '.repeat(path.length - 1)}${String(path[1])}: |   # ${titleAt(path)}`, `${indent}${statisticsPeriod(year)}`];
  }
  // the plain skeleton leaves the block empty (no whitespace-only line); the snippet puts a stop inside
  return b.snippet ? [head, `${indent}${b.stop('')}`] : [head];
}

/** The prompt of a text field: its schema explanation, the Chinese or the English paragraph. */
export function prompt(path: Path, lang: Lang): string {
  const paragraphs = (schemaAt(path)?.markdownDescription ?? '').split(/\n\s*\n/).map((p) => p.replace(/`/g, '').trim()).filter(Boolean);
  return (lang === 'zh' ? paragraphs[0] : paragraphs[paragraphs.length - 1]) ?? '';
}

/** The rows of table 三 or 四 (nested maps for the groups), all zeros, each commented with its label. */
function tableLines(path: Path, b: Builder, format: ReportFormat): string[] {
  const rows: [string, string][] = [];
  const walk = (p: Path) => {
    const keys = Object.keys(schemaAt(p, format)?.properties ?? {});
    const isRow = (node: SchemaNode | undefined) => node?.type === 'array' && Array.isArray(node.items);
    // the values of sibling rows start in one column, as in the example report
    const keyWidth = Math.max(0, ...keys.filter((k) => isRow(schemaAt([...p, k], format))).map((k) => k.length + 1));
    for (const key of keys) {
      const child = [...p, key];
      const node = schemaAt(child, format);
      const indent = '  '.repeat(child.length - 1);
      if (isRow(node)) {
        rows.push([`${indent}${`${key}:`.padEnd(keyWidth)} ${zeroRow((node!.items as SchemaNode[]).length)}`, titleAt(child, format)]);
      } else {
        rows.push([`${indent}${key}:`, titleAt(child, format)]);
        walk(child);
      }
    }
  };
  walk(path);
  return aligned(rows, b);
}

export function zeroRow(length: number): string {
  return `[${Array.from({ length }, () => '0').join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------
// rolling over

// the statistics period as check-dates' `period-mismatch` reads it, with indices for the two years
const PERIOD = new RegExp(STATISTICS_PERIOD.source, 'dg'); // with match indices

/**
 * Next year's report from last year's: year + 1, dates a year later, text kept (statistics periods
 * moved, and the places where it presents last year as its own year — see `stale-year`), every table
 * cell 0 except 二、上年结转 = last year's 四、结转下年度 (四 stays 0, so the balance shows what is still
 * to be entered); 现行有效件数 kept; `options.kind` as the agency kind. Edits last year's text, so its
 * comments and layout stay. Returns '' when the report cannot be read (invalid YAML, no year).
 */
export function rollOverReport(lastYear: ReportDocument, _lang: Lang, options: RollOverOptions = {}): string {
  try {
    const rolled = rollOver(lastYear, options);
    if (!rolled) return '';
    // the text kept from last year must not present last year as its own (what `stale-year` reports)
    const stale = staleYearEdits(parseReport(rolled, 'en'));
    return stale.length ? applyEdits(rolled, stale) : rolled;
  } catch {
    return '';
  }
}

export interface RollOverOptions {
  /** The agency kind chosen for the new report: replaces last year's `agency_kind`, or is added after `agency`. */
  kind?: AgencyKind;
}

function rollOver(doc: ReportDocument, options: RollOverOptions): string {
  const data = doc.data;
  const year = getIn(data, ['year']);
  if (doc.syntax.length > 0 || data === null || typeof data !== 'object' || typeof year !== 'number' || !Number.isInteger(year)) return '';
  const text = doc.text;
  const edits: TextEdit[] = [];
  const scalarEdits: TextEdit[] = [];
  const setScalar = (path: Path, value: string) => {
    const node = nodeAt(doc, path);
    // numbers, and 采购总金额 (2019) also when written with its unit (`251000元`)
    if (!isScalar(node) || !node.range || !(typeof node.value === 'number' || (path[path.length - 1] === 'amount' && typeof node.value === 'string'))) return;
    const [start, end] = node.range;
    if (text.slice(start, end) !== value) scalarEdits.push({ range: { start, end }, newText: value });
  };

  // the kind chosen for the new report
  if (options.kind && AGENCY_KINDS.includes(options.kind) && getIn(data, ['agency_kind']) !== options.kind) {
    const kindNode = nodeAt(doc, ['agency_kind']);
    const agencyNode = nodeAt(doc, ['agency']);
    if (isScalar(kindNode) && kindNode.range) {
      edits.push({ range: { start: kindNode.range[0], end: kindNode.range[1] }, newText: options.kind });
    } else if (getIn(data, ['agency_kind']) === undefined && isScalar(agencyNode) && agencyNode.range) {
      const lineEnd = doc.lines.lineEnd(doc.lines.positionAt(agencyNode.range[1]).line);
      const indent = /^[ \t]*/.exec(text.slice(doc.lines.lineStart(doc.lines.positionAt(agencyNode.range[0]).line)))![0];
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      edits.push({ range: { start: lineEnd, end: lineEnd }, newText: `${eol}${indent}agency_kind: ${options.kind}` });
    }
  }

  // year, dates, title
  const yearNode = nodeAt(doc, ['year']);
  if (isScalar(yearNode) && yearNode.range) edits.push({ range: { start: yearNode.range[0], end: yearNode.range[1] }, newText: String(year + 1) });
  for (const key of ['published', 'deadline']) {
    const node = nodeAt(doc, [key]);
    const date = validDate(getIn(data, [key]));
    if (!date || !isScalar(node) || !node.range) continue;
    const at = text.indexOf(date, node.range[0]);
    if (at >= 0 && at + date.length <= node.range[1]) edits.push({ range: { start: at, end: at + date.length }, newText: nextYearDate(date) });
  }
  const titleNode = nodeAt(doc, ['title']);
  if (isScalar(titleNode) && titleNode.range && typeof titleNode.value === 'string') {
    edits.push(...yearMentions(text, titleNode.range[0], titleNode.range[1], year));
  }
  // whole-line comments naming the report ("# 某局 2023年政府信息公开工作年度报告")
  for (const m of text.matchAll(/^[ \t]*#.*$/gm)) {
    if (reportSchema.title && m[0].includes(reportSchema.title)) edits.push(...yearMentions(text, m.index!, m.index! + m[0].length, year));
  }
  // statistics periods stated in the text
  for (const field of proseFields(data)) {
    for (const m of field.value.matchAll(PERIOD)) {
      if (Number(m[1]) !== year || Number(m[2]) !== year || !m.indices) continue;
      for (const g of [1, 2]) {
        const [s, e] = m.indices[g]!;
        const r = textRange(doc, field.path, s, e);
        if (text.slice(r.start, r.end) === String(year)) edits.push({ range: r, newText: String(year + 1) });
      }
    }
  }

  // from a 2020 report (2019 format) to 2021: the 2021 format's table 二 (of zeros: the 2019 figures
  // have other meanings), （六） in three sub-rows, and 收取信息处理费情况, which 2021 asks for
  const format = formatOf(data);
  const crossing = format === 2019 && year + 1 >= 2021;
  if (crossing) edits.push(...toFormat2021(doc));
  // 二: the flows of the year become 0, the stock stays (现行有效件数; 2019: 对外公开总数量, and
  // 上一年项目数量 becomes last year's number plus its 本年增/减)
  if (!crossing) for (const key of Object.keys(schemaAt(['proactive'], format)?.properties ?? {})) {
    const path: Path = ['proactive', key];
    const props = Object.keys(schemaAt(path, format)?.properties ?? {});
    if (props.length === 0) setScalar(path, '0');
    const previous = getIn(data, [...path, 'previous']);
    const change = getIn(data, [...path, 'change']);
    for (const p of props) {
      if (p === 'in_force' || p === 'total') continue;
      const carried = p === 'previous' && typeof previous === 'number' && typeof change === 'number' && previous + change >= 0;
      setScalar([...path, p], carried ? String(previous + change) : '0');
    }
  }
  edits.push(...withCommentPadding(text, scalarEdits));

  // 三 and 四: zeros, and last year's 结转下年度 as this year's 上年结转. 四、结转下年度 is 0 like the rest:
  // a new report that balanced before any work is done would hide what is still to be entered
  // a blank published cell carries over as blank: nothing invented
  const stock = cellRow(data, CARRIED_FORWARD, columnLabels(CARRIED_FORWARD).length);
  // (a 2021 report may keep the one-row （六） of 2019; when crossing to 2021 it is expanded above)
  const rows = crossing
    ? applicationRows(2019).filter((p) => !samePath(p, OTHER_HANDLING))
    : [...applicationRows(format), ...(format === 2021 ? [OTHER_HANDLING] : [])];
  for (const path of [...rows, ...APPEAL_ROWS]) {
    const row = nodeAt(doc, path);
    if (!isSeq(row)) continue;
    const carried = stock && samePath(path, CARRIED_OVER);
    const values = new Map<number, number | null>();
    row.items.forEach((item, i) => {
      if (isScalar(item) && (typeof item.value === 'number' || item.value === null)) values.set(i, carried ? (stock[i] === undefined ? 0 : stock[i]!) : 0);
    });
    edits.push(...rowEdits(doc, path, values));
  }
  return applyEdits(text, edits);
}

/** The edits that turn a 2019-format report into the 2021 format's shape (see rollOver). */
function toFormat2021(doc: ReportDocument): TextEdit[] {
  const text = doc.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [];
  const formatNode = nodeAt(doc, ['format']);
  if (isScalar(formatNode) && formatNode.range) edits.push({ range: { start: formatNode.range[0], end: formatNode.range[1] }, newText: '2021' });
  const indentOf = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const proactive = nodeAt(doc, ['proactive']);
  if (isMap(proactive) && !proactive.flow && proactive.range) {
    const indent = ' '.repeat(indentOf(proactive.range[0]));
    const rows = partLines('proactive', new Builder(false), '', 'zh', 2021).slice(2).map((l) => l.replace(/^ {2}/, ''));
    // the line breaks (and blank lines) after the old rows stay
    const trailing = /\s*$/.exec(text.slice(proactive.range[0], proactive.range[1]))![0];
    edits.push({ range: { start: proactive.range[0], end: proactive.range[1] }, newText: rows.join(eol + indent).replace(/[ \t]+$/, '') + trailing });
  }
  edits.push(...(expandOtherEdits(doc, true) ?? []));
  const other = nodeAt(doc, ['other_matters']);
  if (isMap(other) && !other.flow && other.range && getIn(doc.data, ['other_matters', 'processing_fees']) === undefined) {
    const indent = ' '.repeat(indentOf(other.range[0]));
    edits.push({ range: { start: other.range[0], end: other.range[0] }, newText: `processing_fees: |   # ${titleAt(['other_matters', 'processing_fees'])}${eol}${indent}` });
  }
  return edits;
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((s, i) => s === b[i]);

/** `2024-01-16` → `2025-01-16`; 29 February becomes 28 February. */
export function nextYearDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Edits turning `{year}年` into `{year + 1}年` between `start` and `end`. */
function yearMentions(text: string, start: number, end: number, year: number): TextEdit[] {
  const out: TextEdit[] = [];
  const re = new RegExp(`(?<!\\d)${year}(?=\\s*年)`, 'g');
  for (const m of text.slice(start, end).matchAll(re)) {
    out.push({ range: { start: start + m.index!, end: start + m.index! + m[0].length }, newText: String(year + 1) });
  }
  return out;
}

/**
 * Scalar edits plus, per line, the padding before a trailing comment adjusted by the change in
 * width, so that comments aligned in a column stay aligned (as `rowEdits` does for rows).
 */
function withCommentPadding(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const byLine = new Map<number, TextEdit[]>();
  for (const e of edits) {
    const lineStart = text.lastIndexOf('\n', e.range.start - 1) + 1;
    byLine.set(lineStart, [...(byLine.get(lineStart) ?? []), e]);
  }
  const out = [...edits];
  for (const group of byLine.values()) {
    const delta = group.reduce((d, e) => d + e.newText.length - (e.range.end - e.range.start), 0);
    const last = Math.max(...group.map((e) => e.range.end));
    const m = /^([^#\r\n]*?[^ #\r\n])?( +)#/.exec(text.slice(last, last + 400));
    if (delta === 0 || !m) continue;
    const at = last + (m[1]?.length ?? 0);
    const spaces = m[2]!.length;
    if (delta > 0 && spaces > delta) out.push({ range: { start: at, end: at + delta }, newText: '' });
    else if (delta < 0) out.push({ range: { start: at, end: at }, newText: ' '.repeat(-delta) });
  }
  return out;
}
