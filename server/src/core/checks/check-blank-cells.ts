/**
 * `blank-cell`: a table cell left empty (`null`, as the importer writes a blank cell of a published
 * table). Reported once per row, naming its blank columns; the sums around such a row are not
 * checked (`countRow` skips it), so one blank does not turn into an error on every total.
 */
import type { ReportDiagnostic } from '../model/diagnostic';
import { valueRange, type ReportDocument } from '../model/document';
import { rowEdits } from '../model/edits';
import { joinList, t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatOf, type Path } from '../model/schema';
import { APPEAL_COLUMNS, APPEAL_ROWS, APPLICATION_COLUMNS, applicationRowsOf, blankCells, rowLabel } from '../model/table';

type Rows = readonly (readonly [Path, readonly string[]])[];
/** The rows with their columns, per table 三 (one per format and for the tolerated one-row （六）): built once. */
const rowsOf = new WeakMap<readonly Path[], Rows>();

function tableRows(applicationRows: readonly Path[]): Rows {
  let hit = rowsOf.get(applicationRows);
  if (!hit) {
    hit = [...applicationRows.map((p) => [p, APPLICATION_COLUMNS] as const), ...APPEAL_ROWS.map((p) => [p, APPEAL_COLUMNS] as const)];
    rowsOf.set(applicationRows, hit);
  }
  return hit;
}

export function checkBlankCells(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const format = formatOf(doc.data);
  for (const [path, columns] of tableRows(applicationRowsOf(doc.data, format).rows)) {
    const blanks = blankCells(doc.data, path).filter((c) => c < columns.length);
    if (blanks.length === 0) continue;
    const names = joinList(lang, blanks.map((c) => columns[c]!));
    const label = rowLabel(path, format);
    const edits = rowEdits(doc, path, new Map(blanks.map((c) => [c, 0])));
    out.push({
      code: RuleCode.BlankCell, severity: 'error',
      range: valueRange(doc, [...path, blanks[0]!]) ?? valueRange(doc, path)!,
      message: t(lang, '{0}: {1} left blank; write 0 if none', label, names),
      // not safe: a blank may stand for a figure the clerk left out, not for 0
      fix: edits.length ? { title: t(lang, 'Write 0 in the blank cells of {0}', label), edits, safe: false } : undefined,
    });
  }
  return out;
}
