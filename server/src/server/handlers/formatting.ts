/** Format Document / Format Selection: the core's table formatter (whitespace only). */
import { formatReport } from '../../core';
import type { ServerContext } from '../context';
import { toLspEdits } from '../convert';

export function registerFormatting(server: ServerContext): void {
  const { connection, documents, analyses } = server;
  connection.onDocumentFormatting((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? toLspEdits(doc, formatReport(analyses.current(doc).document)) : [];
  });

  connection.onDocumentRangeFormatting((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return toLspEdits(doc, formatReport(analyses.current(doc).document, { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) }));
  });
}
