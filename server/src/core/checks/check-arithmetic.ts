/**
 * The 勾稽关系 of tables 三 and 四. Each failed equation is reported once, on the cell it defines,
 * with both sides as numbers; totals come with a quick fix.
 */
import type { OffsetRange, ReportDiagnostic, TextEdit } from '../model/diagnostic';
import { valueRange, type ReportDocument } from '../model/document';
import { rowEdits } from '../model/edits';
import { t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatOf, type Path, type ReportFormat } from '../model/schema';
import {
  APP_TOTAL, APPEAL_ROWS, APPEAL_TOTAL, APPLICATION_COLUMNS, CARRIED_FORWARD, CARRIED_OVER,
  RECEIVED, RESULTS_TOTAL, applicationRowsOf, cellLabel as labelOfCell, countRow, sum,
} from '../model/table';

const cellRange = (doc: ReportDocument, row: Path, col: number): OffsetRange =>
  valueRange(doc, [...row, col]) ?? valueRange(doc, row)!;

function setCellFix(doc: ReportDocument, lang: Lang, row: Path, col: number, value: number, safe: boolean, title?: string) {
  if (!Number.isSafeInteger(value)) return undefined; // a sum beyond 2^53 is no count: writing it would be a schema error
  const edits = rowEdits(doc, row, new Map([[col, value]]));
  return edits.length ? { title: title ?? t(lang, 'Set {0} to {1}', labelOfCell(row, col, formatOf(doc.data)), value), edits, safe } : undefined;
}

/** `code` on every row of `rows` whose last cell (index `totalAt`) is not the sum of the others. */
function rowTotals(doc: ReportDocument, lang: Lang, rows: readonly Path[], totalAt: number, code: RuleCode, format: ReportFormat): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  for (const path of rows) {
    const row = countRow(doc.data, path, totalAt + 1);
    if (!row) continue;
    const terms = row.slice(0, totalAt);
    const expected = sum(terms);
    if (row[totalAt] === expected) continue;
    const cell = labelOfCell(path, totalAt, format);
    out.push({
      code, severity: 'error', range: cellRange(doc, path, totalAt),
      message: totalAt === APP_TOTAL
        ? t(lang, '{0} is {1}, but the sum of its six columns is {2} ({3})', cell, row[totalAt]!, expected, terms.join('+'))
        : t(lang, '{0} is {1}, but the sum of its four columns is {2} ({3})', cell, row[totalAt]!, expected, terms.join('+')),
      fix: setCellFix(doc, lang, path, totalAt, expected, true),
    });
  }
  return out;
}

export function checkArithmetic(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const width = APPLICATION_COLUMNS.length;
  const rowOf = (path: Path) => countRow(doc.data, path, width);
  const format = formatOf(doc.data);
  const cellLabel = (path: Path, column: number) => labelOfCell(path, column, format);
  const table = applicationRowsOf(doc.data, format);

  // row-total: 总计 = the six applicant kinds
  out.push(...rowTotals(doc, lang, table.rows, APP_TOTAL, RuleCode.RowTotal, format));

  // results-total: （七）总计 = the result rows (21 in 2021, 19 in 2019), per column
  const total = rowOf(RESULTS_TOTAL);
  const results = table.results.map(rowOf);
  if (total && results.every((r) => r)) {
    for (let c = 0; c < width; c++) {
      const expected = sum(results.map((r) => r![c]!));
      if (total[c] !== expected) {
        out.push({
          code: RuleCode.ResultsTotal, severity: 'error', range: cellRange(doc, RESULTS_TOTAL, c),
          message: t(lang, '{0} is {1}, but the sum of the {3} results is {2}', cellLabel(RESULTS_TOTAL, c), total[c]!, expected, results.length),
          fix: setCellFix(doc, lang, RESULTS_TOTAL, c, expected, true),
        });
      }
    }
  }

  // balance: 第一项 + 第二项 = 第三项 + 第四项, per column (the template's own note)
  const received = rowOf(RECEIVED);
  const carriedOver = rowOf(CARRIED_OVER);
  const carriedForward = rowOf(CARRIED_FORWARD);
  if (received && carriedOver && total && carriedForward) {
    for (let c = 0; c < width; c++) {
      const left = received[c]! + carriedOver[c]!;
      const right = total[c]! + carriedForward[c]!;
      if (left === right) continue;
      const balancing = left - total[c]!;
      const related = ([[RECEIVED, received], [CARRIED_OVER, carriedOver], [RESULTS_TOTAL, total]] as const).map(([p, r]) => ({
        range: cellRange(doc, p, c), message: `${cellLabel(p, c)} = ${r[c]}`,
      }));
      out.push({
        code: RuleCode.Balance, severity: 'error', range: cellRange(doc, CARRIED_FORWARD, c), related,
        message: t(lang, '{0}: received {1} + carried over {2} = {3}, but results total {4} + carried forward {5} = {6}',
          APPLICATION_COLUMNS[c]!, received[c]!, carriedOver[c]!, left, total[c]!, carriedForward[c]!, right),
        fix: balancing >= 0
          ? setCellFix(doc, lang, CARRIED_FORWARD, c, balancing, false, t(lang, 'Set {0} to {1} so that the column balances', cellLabel(CARRIED_FORWARD, c), balancing))
          : undefined,
      });
    }
  }

  // appeals-total: 总计 = the four results
  out.push(...rowTotals(doc, lang, APPEAL_ROWS, APPEAL_TOTAL, RuleCode.AppealsTotal, format));
  return out;
}

/**
 * "Fix all totals": every row total from its columns, then （七）总计 from the result rows (and its
 * own 总计 from those), then the appeals totals. `balance` is left alone: when it fails, more than
 * one cell could be the wrong one.
 */
export function fixAllTotals(doc: ReportDocument): TextEdit[] {
  const width = APPLICATION_COLUMNS.length;
  const fixed = new Map<string, { path: Path; row: number[] }>();
  const id = (p: Path) => p.join('.');
  const table = applicationRowsOf(doc.data, formatOf(doc.data));
  for (const path of table.rows) {
    const row = countRow(doc.data, path, width);
    if (row) fixed.set(id(path), { path, row: [...row.slice(0, APP_TOTAL), sum(row.slice(0, APP_TOTAL))] });
  }
  const results = table.results.map((p) => fixed.get(id(p))?.row);
  const total = fixed.get(id(RESULTS_TOTAL))?.row;
  if (total && results.every((r) => r)) {
    for (let c = 0; c < APP_TOTAL; c++) total[c] = sum(results.map((r) => r![c]!));
    total[APP_TOTAL] = sum(total.slice(0, APP_TOTAL));
  }
  const edits: TextEdit[] = [];
  const addRow = (path: Path, original: number[], target: number[]) => {
    const changes = new Map<number, number>();
    target.forEach((v, c) => { if (original[c] !== v) changes.set(c, v); });
    if ([...changes.values()].some((v) => !Number.isSafeInteger(v))) return; // as in setCellFix
    if (changes.size) edits.push(...rowEdits(doc, path, changes));
  };
  for (const { path, row } of fixed.values()) addRow(path, countRow(doc.data, path, width)!, row);
  for (const path of APPEAL_ROWS) {
    const row = countRow(doc.data, path, APPEAL_TOTAL + 1);
    if (row) addRow(path, row, [...row.slice(0, APPEAL_TOTAL), sum(row.slice(0, APPEAL_TOTAL))]);
  }
  return edits;
}
