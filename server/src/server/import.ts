/**
 * `govreport/importReport` (server/src/protocol.ts): a published report imported for "GovReport: Import
 * Published Report…" and "New Report" from a published report. The file is read with the safe reader
 * (regular files only, bounded), the importer is loaded on first use (node/importer.ts), nothing is
 * written here: the client writes the file. Also the `import-review` diagnostics: each `# 导入：`
 * comment of a report is shown in the Problems panel until the user deletes it.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseReport, rollOverReport, t, type Lang } from '../core';
import { importer, MAX_INPUT_BYTES, readFileBytes, readSource } from '../node';
import type { ImportReportParams, ImportReportResult } from '../protocol';
import { filePathOf } from './uris';

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export async function importReport(params: ImportReportParams, lang: Lang): Promise<ImportReportResult> {
  const failed = (message: string): ImportReportResult => ({ ok: false, message, notes: [], emptyCells: 0 });
  const file = filePathOf(params.uri);
  if (!file) return failed(t(lang, 'Only files on this computer can be imported: {0}', params.uri));
  const name = path.basename(file);
  const read = await readFileBytes(file, { maxBytes: MAX_INPUT_BYTES, lang });
  if (!read.ok) return failed(t(lang, 'cannot import {0}: {1}', name, read.message));
  let result;
  try {
    const source = await readSource(read.bytes, lang);
    result = importer().toReport(source, { source: name, importedOn: today() });
  } catch (e) {
    return failed(t(lang, 'cannot import {0}: {1}', name, (e as Error).message));
  }
  if (result.sectionsFound === 0) {
    return failed(t(lang, 'cannot import {0}: no section of an annual report (一、总体情况 … 六、其他需要报告的事项) was found', name));
  }
  const text = importer().writeReportYaml(result);
  const { agency, year } = result.data;
  const out: ImportReportResult = {
    ok: true, text, format: result.format, emptyCells: result.emptyCells,
    ...(typeof agency === 'string' ? { agency } : {}), ...(typeof year === 'number' ? { year } : {}),
    notes: result.notes.map((n) => ({
      path: n.path.join('.'), message: n.message,
      ...(n.at?.line !== undefined ? { line: n.at.line } : {}), ...(n.at?.page !== undefined ? { page: n.at.page } : {}),
    })),
  };
  if (params.rollOver) out.rolledOver = rollOverReport(parseReport(text, lang), lang);
  return out;
}

/** `# 导入：…` (write-yaml.ts): a note the importer left for the user to review. */
const REVIEW = /^([ \t]*)(#[ \t]*导入[：:][ \t]*)(.*?)[ \t]*$/gmu;

/**
 * One information diagnostic per `# 导入：` comment, on the comment itself: the Problems panel lists
 * what to review after an import, and a note goes away with its comment (deleting it says "reviewed").
 */
export function importReviewDiagnostics(doc: TextDocument, lang: Lang): Diagnostic[] {
  const text = doc.getText();
  if (!text.includes('导入')) return [];
  const out: Diagnostic[] = [];
  for (const m of text.matchAll(REVIEW)) {
    const start = m.index + m[1]!.length;
    const end = m.index + m[0].trimEnd().length;
    out.push({
      range: { start: doc.positionAt(start), end: doc.positionAt(end) },
      severity: DiagnosticSeverity.Information, code: 'import-review', source: 'govreport',
      message: t(lang, 'Review after import: {0} (delete this comment once reviewed)', m[3]!),
    });
  }
  return out;
}
