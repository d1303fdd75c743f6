/** The core's shapes (offsets) as LSP shapes (line/character positions). */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineIndex, OffsetRange, ReportDiagnostic, TextEdit } from '../core';
import { uriOf } from './uris';

const SOURCE = 'govreport';
const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toLspRange(doc: TextDocument, r: OffsetRange) {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

/**
 * `linesOf(file)` gives the lines of another report (related information of the cross-year rules
 * points into last year's file); a file it does not know gets the start of the file.
 */
export function toLspDiagnostic(doc: TextDocument, d: ReportDiagnostic, linesOf: (file: string) => LineIndex | undefined): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = d.related?.map((r) => ({
    location: r.file ? { uri: uriOf(r.file), range: otherFileRange(linesOf(r.file), r.range) } : { uri: doc.uri, range: toLspRange(doc, r.range) },
    message: r.message,
  }));
  return {
    range: toLspRange(doc, d.range), severity: SEVERITY[d.severity], code: d.code, source: SOURCE, message: d.message,
    ...(related ? { relatedInformation: related } : {}),
  };
}

function otherFileRange(lines: LineIndex | undefined, r: OffsetRange) {
  if (!lines) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
}

export const toLspEdits = (doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] =>
  edits.map((e) => ({ range: toLspRange(doc, e.range), newText: e.newText }));
