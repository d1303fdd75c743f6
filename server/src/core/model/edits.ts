/**
 * Edits that change table cells and nothing else: the cell's own text, plus (when a cell's width
 * changes) the run of spaces between the row's `]` and its trailing comment, so that comments
 * aligned in a column stay aligned. No comment or text is ever touched.
 */
import { isScalar, isSeq } from 'yaml';
import type { TextEdit } from './diagnostic';
import { nodeAt, type ReportDocument } from './document';
import type { Path } from './schema';

/** Edits that set cells of the row at `rowPath` (column → new value). */
export function rowEdits(doc: ReportDocument, rowPath: Path, values: ReadonlyMap<number, number | null>): TextEdit[] {
  const row = nodeAt(doc, rowPath);
  if (!isSeq(row) || !row.range) return [];
  const edits: TextEdit[] = [];
  let delta = 0;
  for (const [col, value] of [...values].sort((a, b) => a[0] - b[0])) {
    const cell = row.items[col];
    if (!isScalar(cell) || !cell.range) return [];
    const newText = value === null ? '~' : String(value); // null: a blank cell stays blank
    const [start, end] = cell.range;
    if (doc.text.slice(start, end) === newText) continue;
    edits.push({ range: { start, end }, newText });
    delta += newText.length - (end - start);
  }
  if (delta !== 0 && row.flow) {
    const padding = commentPadding(doc.text, row.range[1]);
    if (padding) {
      if (delta > 0 && padding.length > delta) {
        edits.push({ range: { start: padding.start, end: padding.start + delta }, newText: '' });
      } else if (delta < 0) {
        edits.push({ range: { start: padding.start, end: padding.start }, newText: ' '.repeat(-delta) });
      }
    }
  }
  return edits;
}

/** The spaces between the end of a flow row and a `#` comment on the same line, if any. */
function commentPadding(text: string, rowEnd: number): { start: number; length: number } | undefined {
  const m = /^( +)#/.exec(text.slice(rowEnd, rowEnd + 200));
  return m ? { start: rowEnd, length: m[1]!.length } : undefined;
}

/** Applies non-overlapping edits to `text` (in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.range.end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
    lastStart = e.range.start;
  }
  return out;
}
