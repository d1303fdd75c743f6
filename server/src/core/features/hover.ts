/**
 * Hover: what a key means (its official label and explanation from the schema), which cell of
 * which table the cursor is on, how a total adds up, and which rule a diagnostic comes from.
 */
import { isScalar, isSeq } from 'yaml';
import type { Analysis } from '../checks/analyze';
import type { OffsetRange, ReportDiagnostic } from '../model/diagnostic';
import { formatOfDocument, nodeAt, type ReportDocument } from '../model/document';
import { ruleSummary, t, type Lang } from '../model/l10n';
import { locate, within, type Frame } from './outline';
import { ruleInfo } from '../model/rules';
import { schemaAt, titleAt, type Path, type ReportFormat, type SchemaNode } from '../model/schema';
import { APPEAL_COLUMNS, APPEAL_ROWS, APPLICATION_COLUMNS, OTHER_HANDLING, RESULTS_TOTAL, applicationRows, isCount, resultRows, sum } from '../model/table';

export interface Hover {
  range: OffsetRange;
  markdown: string;
}

const rowId = (path: Path) => path.join('\u0000');
/** The columns of a row of 三 or 四: the same in both formats (also for the one-row （六） in a 2021 report). */
const columnsOf = (row: Path): readonly string[] => (row[0] === 'applications' ? APPLICATION_COLUMNS : APPEAL_COLUMNS);
const tableRows = (format: ReportFormat) => new Map([...applicationRows(format), ...APPEAL_ROWS].map((p) => [rowId(p), p]));
const TABLE_ROWS = { 2019: tableRows(2019), 2021: tableRows(2021) };

/**
 * The table row (of 三 or 四) at `path`, if it is one, in a report of `format`. The one-row
 * （六）其他处理 of 2019 counts as a row in a 2021 report too (accepted there with a warning).
 */
export function tableRow(path: Path, format: ReportFormat = 2021): Path | undefined {
  return TABLE_ROWS[format].get(rowId(path)) ?? (rowId(path) === rowId(OTHER_HANDLING) ? OTHER_HANDLING : undefined);
}

/**
 * The full name of a cell: the row's titles below the table (三's result group included) joined
 * with ` · `, then ` × ` and the column: `三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 自然人`.
 */
export function cellTitle(row: Path, column: number, lang: Lang, format: ReportFormat = 2021): string {
  let label = '';
  for (let n = 2; n <= row.length; n++) {
    const part = titleAt(row.slice(0, n), format);
    // a full-width bracket brings its own space: `结果 ·（三）`, as FORMAT.md writes it
    label += !label ? part : (part.startsWith('（') ? ' ·' : ' · ') + part;
  }
  return `${label} × ${columnsOf(row)[column] ?? t(lang, 'column {0}', column + 1)}`;
}

/** The cells of a row as written (`undefined` for a cell that is not a scalar). */
function rowValues(doc: ReportDocument, row: Path): unknown[] | undefined {
  const node = nodeAt(doc, row);
  return isSeq(node) ? node.items.map((item) => (isScalar(item) ? item.value : undefined)) : undefined;
}

/** One way a total cell is computed: the 总计 of its row, or （七）总计 from the 21 results. */
export interface TotalEquation {
  kind: 'columns' | 'results';
  terms: number[];
  expected: number;
  /** The cell as written (a number, or whatever else is there). */
  actual: unknown;
}

/**
 * The equations that define the cell `row[column]`: 总计 of a row of 三 or 四 is the sum of the
 * cells before it; every cell of （七）总计 is the sum of the 21 results of its column. Read from
 * the YAML nodes, so this also works while the text has syntax errors. Empty when a term is not a count.
 */
export function totalEquations(doc: ReportDocument, row: Path, column: number): TotalEquation[] {
  const format = formatOfDocument(doc);
  if (!tableRow(row, format)) return [];
  const width = columnsOf(row).length;
  const values = rowValues(doc, row);
  if (!values || values.length !== width) return [];
  const out: TotalEquation[] = [];
  const actual = values[column];
  if (column === width - 1) {
    const terms = values.slice(0, column);
    if (terms.every(isCount)) out.push({ kind: 'columns', terms, expected: sum(terms), actual });
  }
  if (rowId(row) === rowId(RESULTS_TOTAL)) {
    // a 2021 report that keeps the one-row （六） adds up the 2019 way
    const rows = format === 2021 && isSeq(nodeAt(doc, OTHER_HANDLING)) ? resultRows(2019) : resultRows(format);
    const terms = rows.map((r) => rowValues(doc, r)?.[column]);
    if (terms.every(isCount)) out.push({ kind: 'results', terms, expected: sum(terms), actual });
  }
  return out;
}

/** `本行各列之和 = 1 + 0 + 2 + 0 + 0 + 0 = 3` */
export function equationText(eq: TotalEquation, lang: Lang): string {
  const name = eq.kind === 'columns' ? t(lang, 'Sum of the columns of this row') : t(lang, 'Sum of the {0} results in this column', eq.terms.length);
  return `${name} = ${eq.terms.join(' + ')} = ${eq.expected}`;
}

const code = (text: string) => `\`${text.replace(/`/g, '')}\``;

/** `applications.results.withheld.state_secret[0]` */
export function pathText(path: Path): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i > 0 ? '.' : ''}${seg}`)).join('');
}

/**
 * The schema's explanations are written Chinese first, then English (a paragraph starting with a
 * Latin letter or a digit); Chinese readers get the Chinese paragraphs only.
 */
function explanation(schema: SchemaNode, lang: Lang): string {
  const paragraphs = (schema.markdownDescription ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (lang === 'en') return paragraphs.join('\n\n');
  const chinese = paragraphs.filter((p) => !/^[A-Za-z0-9]/.test(p));
  return (chinese.length ? chinese : paragraphs).join('\n\n');
}

function ruleLine(d: ReportDiagnostic, lang: Lang): string {
  const summary = ruleSummary(d.code, lang);
  const name = code(d.code);
  switch (ruleInfo(d.code)?.severity) {
    case 'error': return t(lang, 'Rule {0}: {1} (default: error)', name, summary);
    case 'warning': return t(lang, 'Rule {0}: {1} (default: warning)', name, summary);
    default: return t(lang, 'Rule {0}: {1} (default: info)', name, summary);
  }
}

/** The hover at `offset`: on a key, a table cell, a field's value, or inside a diagnostic's range. */
export function hover(analysis: Analysis, offset: number, lang: Lang): Hover | undefined {
  try {
    return hoverUnsafe(analysis, offset, lang);
  } catch {
    return undefined; // a hover is never worth a failed request
  }
}

function hoverUnsafe(analysis: Analysis, offset: number, lang: Lang): Hover | undefined {
  const doc = analysis.document;
  const covering = analysis.diagnostics.filter((d) => within(d.range, offset) || (d.range.start === d.range.end && d.range.start === offset));
  // one line per rule, however many of its diagnostics overlap here
  const rules = [...new Map(covering.map((d) => [d.code, d])).values()].map((d) => ruleLine(d, lang));

  const specific = specificHover(doc, offset, lang);
  if (specific) {
    return rules.length ? { range: specific.range, markdown: `${specific.markdown}\n\n---\n\n${rules.join('\n\n')}` } : specific;
  }
  if (covering.length === 0) return undefined;
  const narrowest = covering.reduce((a, b) => (b.range.end - b.range.start < a.range.end - a.range.start ? b : a));
  return { range: { ...narrowest.range }, markdown: rules.join('\n\n') };
}

function specificHover(doc: ReportDocument, offset: number, lang: Lang): Hover | undefined {
  const { frames, onKey } = locate(doc, offset);
  const last = frames[frames.length - 1];
  if (!last) return undefined;
  const format = formatOfDocument(doc);
  if (onKey && last.keyRange) return keyHover(last.path, last.keyRange, lang, format);
  if (!last.valueRange || !within(last.valueRange, offset) || !isScalar(last.value)) return undefined;
  const row = last.path.slice(0, -1);
  const column = last.path[last.path.length - 1];
  if (typeof column === 'number' && tableRow(row, format)) return cellHover(doc, row, column, last, lang, format);
  // a short value (not prose) explains its key too
  const value = last.value;
  if (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED') return undefined;
  return last.keyRange ? keyHover(last.path, last.valueRange, lang, format) : undefined;
}

function keyHover(path: Path, range: OffsetRange, lang: Lang, format: ReportFormat): Hover | undefined {
  const schema = schemaAt(path, format);
  if (!schema?.title) return undefined; // unknown keys: the schema diagnostic says what to do
  const blocks = [`**${schema.title}**`, explanation(schema, lang), code(pathText(path))].filter(Boolean);
  return { range: { ...range }, markdown: blocks.join('\n\n') };
}

function cellHover(doc: ReportDocument, row: Path, column: number, cell: Frame, lang: Lang, format: ReportFormat): Hover {
  const range = cell.valueRange!;
  const blocks = [`**${cellTitle(row, column, lang, format)}**`, t(lang, 'Value: {0}', code(doc.text.slice(range.start, range.end)))];
  for (const eq of totalEquations(doc, row, column)) {
    blocks.push(equationText(eq, lang));
    if (eq.actual !== eq.expected) {
      blocks.push(`⚠ ${t(lang, 'The table says {0}, but the sum is {1}', typeof eq.actual === 'number' ? eq.actual : code(doc.text.slice(range.start, range.end)), eq.expected)}`);
    }
  }
  blocks.push(code(pathText(cell.path)));
  return { range: { ...range }, markdown: blocks.join('\n\n') };
}
