/** Hover (official labels, the sum behind a total) and inlay hints. */
import { MarkupKind, type InlayHint } from 'vscode-languageserver/node';
import { hover, inlayHints } from '../../core';
import type { ServerContext } from '../context';
import { toLspRange } from '../convert';

export function registerHover(server: ServerContext): void {
  const { connection, documents, analyses, settings } = server;
  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const info = hover(analyses.withDiagnostics(doc), doc.offsetAt(params.position), server.lang);
    return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: toLspRange(doc, info.range) } : null;
  });

  connection.languages.inlayHint.on(async (params): Promise<InlayHint[]> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settings.for(doc.uri);
    const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
    return inlayHints(analyses.current(doc), range, { columnLabels: s.columnLabels, expectedTotals: s.expectedTotals }, server.lang).map((h) => ({
      position: doc.positionAt(h.offset),
      label: h.label,
      ...(h.tooltip ? { tooltip: h.tooltip } : {}),
      ...(h.paddingLeft ? { paddingLeft: true } : {}),
      ...(h.paddingRight ? { paddingRight: true } : {}),
    }));
  });
}
