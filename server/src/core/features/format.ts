/**
 * "Format Document" / "Format Selection" for reports: lines table rows up into columns and
 * normalises the spaces inside them. Nothing else changes: text, comments, key order, blank lines,
 * line endings, a BOM and block scalars stay byte for byte. Every edit replaces a run of spaces
 * (or tabs) on a row line with another run of spaces, nothing more.
 *
 * What a row is: a table row of 三 or 四 (a flow sequence) or a `{issued, repealed, in_force}` map
 * of 二, written on one line after a plain `key:` that starts its line, followed by nothing but an
 * optional `# comment`. Anything else (block sequences, rows over several lines, quoted keys, …) is
 * left as it is. A document with YAML errors gets no edits at all.
 *
 * Layout rule. Rows are aligned within their group: the rows of one table (`proactive`,
 * `applications`, `appeals`), except that the rows under `applications.results` (三、本年度办理结果
 * and its sub-items, one level deeper) form a group of their own. Each row line, measured from its
 * own indentation (so nested rows of a group keep the same shape, shifted by their indentation):
 *   - `key:` then spaces up to the width of the group's longest `key:` plus one space;
 *   - `[` cells separated by `, ` `]`, no space inside the brackets; each cell right-aligned to the
 *     widest cell of its column in the group (maps: `{issued: 0, …}`, the padding goes between
 *     `issued:` and the value);
 *   - a trailing comment starts 3 spaces after the end of the group's widest row; a row without a
 *     comment ends at its `]` (trailing spaces are removed).
 * Widths are display widths (a CJK character counts 2), as a monospace editor shows them.
 *
 * The layout depends only on the keys, cells, comments' presence and group membership, never on
 * the spaces already there: formatting is idempotent, and formatting a range (only rows that
 * intersect it are touched, but their group is measured whole) agrees with formatting the document.
 *
 * On the example report this changes three lines: `received:` and `carried_over:` get 2 more
 * spaces before `[` (they stood 2 columns left of `carried_forward:`, their group's longest key),
 * and `rules:` gets its `{` under the `{` of `normative_documents:` (its comment column stays).
 */
import { isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';
import type { OffsetRange, TextEdit } from '../model/diagnostic';
import { formatOfDocument, nodeAt, pairOf, parseReport, type ReportDocument } from '../model/document';
import { applyEdits } from '../model/edits';
import { schemaAt, type Path, type ReportFormat } from '../model/schema';
import { APPEAL_ROWS, OTHER_HANDLING, applicationRows } from '../model/table';

/** Table 二 rows written as maps (2021: `rules`, `normative_documents`; 2019: every row), read from the schema. */
const mapRows = (format: ReportFormat): Path[] => Object.keys(schemaAt(['proactive'], format)?.properties ?? {})
  .map((k) => ['proactive', k])
  .filter((p) => schemaAt(p, format)?.type === 'object');

const rowPaths = (format: ReportFormat): readonly Path[] => [...mapRows(format), ...applicationRows(format), ...APPEAL_ROWS];
const ROW_PATHS: Record<ReportFormat, readonly Path[]> = { 2019: rowPaths(2019), 2021: rowPaths(2021) };

const COMMENT_GAP = 3;

interface Cell {
  /** `key: ` for a map entry, empty for a sequence item */
  prefix: string;
  value: string;
}

interface Row {
  group: string;
  lineStart: number;
  lineEnd: number;
  /** offset just after the key, where the rewritten part of the line starts */
  keyEnd: number;
  keyWidth: number;
  open: string;
  close: string;
  cells: Cell[];
  /** offset of the `#` of a trailing comment; the rewritten part ends there (or at the line end) */
  commentStart: number | undefined;
}

export function formatReport(doc: ReportDocument, range?: OffsetRange): TextEdit[] {
  try {
    return format(doc, range);
  } catch {
    return []; // a formatter must never take the editor down: no edits instead
  }
}

function format(doc: ReportDocument, range: OffsetRange | undefined): TextEdit[] {
  if (doc.syntax.length > 0 || doc.data === undefined) return [];
  const format = formatOfDocument(doc);
  // a 2021 report that keeps the 2019 one-row （六） (rule one-row-other): that row too
  const paths = format === 2021 && isSeq(nodeAt(doc, OTHER_HANDLING)) ? [...ROW_PATHS[2021], OTHER_HANDLING] : ROW_PATHS[format];
  const rows = paths.map((p) => readRow(doc, p)).filter((r): r is Row => r !== undefined);

  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);

  const edits: TextEdit[] = [];
  for (const group of groups.values()) {
    const keyColumn = Math.max(...group.map((r) => r.keyWidth)) + 2; // `key:` and one space
    const columns: number[] = [];
    for (const row of group) {
      row.cells.forEach((c, i) => (columns[i] = Math.max(columns[i] ?? 0, width(c.prefix) + width(c.value))));
    }
    const texts = group.map((row) => row.open + row.cells.map((c, i) => c.prefix + ' '.repeat(columns[i]! - width(c.prefix) - width(c.value)) + c.value).join(', ') + row.close);
    const widest = Math.max(...texts.map(width));
    group.forEach((row, i) => {
      if (range && !intersects(row, range)) return;
      const text = texts[i]!;
      const end = row.commentStart ?? row.lineEnd;
      const wanted = ':' + ' '.repeat(keyColumn - row.keyWidth - 1) + text + (row.commentStart === undefined ? '' : ' '.repeat(COMMENT_GAP + widest - width(text)));
      const rowEdits = whitespaceEdits(doc.text.slice(row.keyEnd, end), wanted, row.keyEnd);
      if (!rowEdits) throw new Error('a row would change more than whitespace');
      edits.push(...rowEdits);
    });
  }
  if (edits.length === 0) return [];

  // Belt and braces: the formatted text must read back as the very same data.
  const after = parseReport(applyEdits(doc.text, edits), 'en');
  if (after.syntax.length > 0 || !sameData(after.data, doc.data)) return [];
  return edits.sort((a, b) => a.range.start - b.range.start);
}

/** The row at `path` if it is written in the one-line form the formatter lays out. */
function readRow(doc: ReportDocument, path: Path): Row | undefined {
  const text = doc.text;
  const parent = nodeAt(doc, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const pair = pairOf(parent, String(path[path.length - 1]));
  const key = pair?.key;
  const value = pair?.value;
  if (!isScalar(key) || key.type !== 'PLAIN' || !key.range) return undefined;
  if (!(isSeq(value) || isMap(value)) || !value.flow || !value.range) return undefined;

  const [keyStart, keyEnd] = key.range;
  const [start, end] = value.range;
  const line = doc.lines.positionAt(keyStart).line;
  const lineStart = doc.lines.lineStart(line);
  const lineEnd = doc.lines.lineEnd(line);
  if (!/^ *$/.test(text.slice(lineStart, keyStart)) || end > lineEnd) return undefined;
  if (!/^[ \t]*:[ \t]*$/.test(text.slice(keyEnd, start))) return undefined;
  const open = text[start]!;
  const close = text[end - 1]!;
  if (!(open === '[' && close === ']') && !(open === '{' && close === '}')) return undefined;
  const rest = /^([ \t]*)(#.*)?$/.exec(text.slice(end, lineEnd));
  if (!rest || (rest[2] !== undefined && rest[1] === '')) return undefined;

  const cells: Cell[] = [];
  for (const item of value.items) {
    if (isPair(item)) {
      const k = source(text, item.key);
      const v = source(text, item.value);
      if (k === undefined || !v || !/^[ \t]*:[ \t]*$/.test(text.slice((item.key as Scalar).range![1], (item.value as Scalar).range![0]))) return undefined;
      cells.push({ prefix: k + ': ', value: v });
    } else {
      const v = source(text, item);
      if (!v) return undefined;
      cells.push({ prefix: '', value: v });
    }
  }
  const commentStart = rest[2] === undefined ? undefined : end + rest[1]!.length;
  // Only rows the rewrite reproduces up to whitespace (not `[1, 2,]`, `{? a: 1}`, …).
  const rewritten = ':' + open + cells.map((c) => c.prefix + c.value).join(',') + close;
  if (nonBlank(text.slice(keyEnd, commentStart ?? lineEnd)) !== nonBlank(rewritten)) return undefined;
  return {
    group: path.slice(0, Math.min(2, path.length - 1)).join('.'),
    lineStart,
    lineEnd,
    keyEnd,
    keyWidth: width(text.slice(keyStart, keyEnd)),
    open,
    close,
    cells,
    commentStart,
  };
}

const nonBlank = (s: string) => s.replace(/[ \t]/g, '');

/** The source text of a scalar on one line, verbatim (quotes and all). */
function source(text: string, node: unknown): string | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const s = text.slice(node.range[0], node.range[1]);
  return /[\r\n]/.test(s) ? undefined : s;
}

/**
 * Edits turning `old` into `wanted` when the two differ only in runs of spaces/tabs, one edit per
 * run that changes; undefined when anything else differs.
 */
function whitespaceEdits(old: string, wanted: string, base: number): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    const i0 = i;
    const j0 = j;
    while (i < old.length && (old[i] === ' ' || old[i] === '\t')) i++;
    while (j < wanted.length && (wanted[j] === ' ' || wanted[j] === '\t')) j++;
    if (old.slice(i0, i) !== wanted.slice(j0, j)) edits.push({ range: { start: base + i0, end: base + i }, newText: wanted.slice(j0, j) });
    if (i === old.length || j === wanted.length) return i === old.length && j === wanted.length ? edits : undefined;
    if (old[i] !== wanted[j]) return undefined;
    i++;
    j++;
  }
}

/** The row's line touches `range` (an empty range: the cursor is on the line). */
function intersects(row: Row, range: OffsetRange): boolean {
  if (range.start === range.end) return row.lineStart <= range.start && range.start <= row.lineEnd;
  return range.start <= row.lineEnd && range.end > row.lineStart;
}

/** Display width in a monospace editor: East Asian wide and fullwidth characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
