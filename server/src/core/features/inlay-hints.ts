/**
 * Inlay hints for the number rows of tables 三 and 四: a short column label before each cell (a row
 * of seven zeros is unreadable otherwise), and `= N` after a total that does not add up.
 */
import { isSeq } from 'yaml';
import type { Analysis } from '../checks/analyze';
import type { OffsetRange } from '../model/diagnostic';
import { formatOfDocument, nodeAt } from '../model/document';
import { cellTitle, equationText, totalEquations } from './hover';
import type { Lang } from '../model/l10n';
import { contentRange } from './outline';
import { columnLabels, type Path } from '../model/schema';
import { APPEAL_ROWS, APPLICATION_COLUMNS, OTHER_HANDLING, applicationRows } from '../model/table';

export interface InlayHint {
  offset: number;
  label: string;
  tooltip?: string;
  paddingLeft?: boolean;
  paddingRight?: boolean;
}

export interface InlayHintOptions {
  columnLabels: boolean;
  expectedTotals: boolean;
}

/** Length of the short labels: two characters read as a word in Chinese (自然, 商业, 总计). */
const SHORT = 2;

/**
 * Short forms of the column labels of one table, derived from the schema's titles: the first two
 * characters, or, where two labels start alike (结果维持, 结果纠正), the two after what they share
 * (维持, 纠正). A label that would still be ambiguous stays in full.
 */
export function shortColumnLabels(labels: readonly string[]): string[] {
  const shared = (a: string, b: string) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  const short = labels.map((label, i) => {
    const common = Math.max(0, ...labels.map((other, j) => (i === j ? 0 : shared(label, other))));
    const from = common >= SHORT ? common : 0;
    const cut = label.slice(from, from + SHORT);
    return cut.length > 0 ? cut : label;
  });
  return short.map((s, i) => (short.indexOf(s) === short.lastIndexOf(s) ? s : labels[i]!));
}

// the rows of both formats (2019: （六） one row); a row that is not in the document has no node
const ROWS: readonly Path[] = [...applicationRows(2021), OTHER_HANDLING, ...APPEAL_ROWS];
const SHORT_APPLICATION = shortColumnLabels(APPLICATION_COLUMNS);
const SHORT_LABELS = new Map<Path, string[]>(ROWS.map((row) => [row, row[0] === 'applications' ? SHORT_APPLICATION : shortColumnLabels(columnLabels(row))]));

/** The hints whose offset lies in `range` (ends included), in text order. */
export function inlayHints(analysis: Analysis, range: OffsetRange, options: InlayHintOptions, lang: Lang): InlayHint[] {
  const out: InlayHint[] = [];
  if (!options.columnLabels && !options.expectedTotals) return out;
  try {
    const doc = analysis.document;
    const format = formatOfDocument(doc);
    const inRange = (offset: number) => offset >= range.start && offset <= range.end;
    for (const row of ROWS) {
      const node = nodeAt(doc, row);
      const whole = isSeq(node) ? contentRange(doc, node) : undefined;
      if (!isSeq(node) || !whole || whole.end < range.start || whole.start > range.end) continue;
      const labels = SHORT_LABELS.get(row)!;
      node.items.forEach((item, column) => {
        const cell = contentRange(doc, item);
        if (!cell) return;
        if (options.columnLabels && column < labels.length && inRange(cell.start)) {
          out.push({ offset: cell.start, label: labels[column]!, tooltip: cellTitle(row, column, lang, format), paddingRight: true });
        }
        if (!options.expectedTotals || !inRange(cell.end)) return;
        const shown = new Set<number>();
        for (const eq of totalEquations(doc, row, column)) {
          if (eq.actual === eq.expected || shown.has(eq.expected)) continue;
          shown.add(eq.expected);
          out.push({ offset: cell.end, label: `= ${eq.expected}`, tooltip: equationText(eq, lang), paddingLeft: true });
        }
      });
    }
  } catch {
    return []; // hints are decoration: never fail the request
  }
  return out.sort((a, b) => a.offset - b.offset);
}
