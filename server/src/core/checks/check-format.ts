/**
 * `one-row-other`: real 2021-format reports keep the one-row （六）其他处理 of the 2019 format by
 * mistake. The schema accepts it in a 2021 report (and the import keeps it), this rule says so and
 * offers to expand it into the three sub-rows of the 2021 format: all zeros stay zeros; figures go
 * to 3.其他, the one sub-row that does not claim a specific case.
 */
import { isSeq } from 'yaml';
import type { ReportDiagnostic, TextEdit } from '../model/diagnostic';
import { keyRange, nodeAt, valueRange, type ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatOf, schemaAt, titleAt } from '../model/schema';
import { APPLICATION_COLUMNS, OTHER_HANDLING, getIn, isCount } from '../model/table';

export function checkFormat(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  if (formatOf(doc.data) !== 2021) return [];
  const row = getIn(doc.data, OTHER_HANDLING);
  if (!Array.isArray(row)) return []; // the usual case: no source lookup needed
  const range = valueRange(doc, OTHER_HANDLING);
  if (!range) return [];
  const subRows = Object.keys(schemaAt(OTHER_HANDLING, 2021)?.properties ?? {});
  const [first, second, last] = subRows.map((k) => titleAt([...OTHER_HANDLING, k], 2021));
  const label = titleAt(OTHER_HANDLING, 2021);
  const diagnostic: ReportDiagnostic = {
    code: RuleCode.OneRowOther, severity: 'warning', range: keyRange(doc, OTHER_HANDLING) ?? range,
    message: t(lang, '{0} is one row as in the 2019 format; the 2021 format has three sub-rows: {1}, {2}, {3}', label, first ?? '', second ?? '', last ?? ''),
  };
  const edits = expandEdits(doc, row, subRows);
  if (edits) {
    const zeros = row.every((v) => v === 0);
    diagnostic.fix = {
      title: zeros ? t(lang, 'Expand {0} into its three sub-rows', label) : t(lang, 'Expand {0} into its three sub-rows, its figures under {1}', label, last ?? ''),
      edits, safe: false,
    };
  }
  return [diagnostic];
}

/**
 * Replaces `other: [..]` (the one-row （六）) by the three sub-rows of the 2021 format, the row's
 * own figures in the last (`zeros`: all three rows 0). Undefined when the row is not 7 counts
 * written on a block-mapping line.
 */
export function expandOtherEdits(doc: ReportDocument, zeros = false): TextEdit[] | undefined {
  const row = getIn(doc.data, OTHER_HANDLING);
  if (!Array.isArray(row)) return undefined;
  return expandEdits(doc, zeros ? row.map(() => 0) : row, Object.keys(schemaAt(OTHER_HANDLING, 2021)?.properties ?? {}));
}

function expandEdits(doc: ReportDocument, row: unknown[], subRows: string[]): TextEdit[] | undefined {
  const node = nodeAt(doc, OTHER_HANDLING);
  const key = keyRange(doc, OTHER_HANDLING);
  if (!isSeq(node) || !node.range || !key || subRows.length !== 3) return undefined;
  if (row.length !== APPLICATION_COLUMNS.length || !row.every(isCount)) return undefined; // the schema reports the row first
  const lineStart = doc.text.lastIndexOf('\n', key.start - 1) + 1;
  const indent = `${doc.text.slice(lineStart, key.start)}  `;
  if (/\S/.test(indent)) return undefined; // a flow mapping: no safe place for the sub-rows
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const zeros = `[${APPLICATION_COLUMNS.map(() => 0).join(', ')}]`;
  const figures = `[${row.join(', ')}]`;
  const width = Math.max(...subRows.map((k) => k.length)) + 1;
  const lines = subRows.map((k, i) => `${indent}${`${k}:`.padEnd(width)} ${i === 2 ? figures : zeros}`);
  return [{ range: { start: key.end, end: node.range[1] }, newText: `:${eol}${lines.join(eol)}` }];
}
