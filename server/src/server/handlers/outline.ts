/** Document symbols (一 … 六), folding ranges and smart selection. */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type SelectionRange } from 'vscode-languageserver/node';
import { documentSymbols, foldingRanges, selectionRanges, type SymbolNode } from '../../core';
import type { ServerContext } from '../context';
import { toLspRange } from '../convert';

const SYMBOL_KIND = {
  section: SymbolKind.Namespace, table: SymbolKind.Struct, row: SymbolKind.Array, field: SymbolKind.String, key: SymbolKind.Property,
} as const;

export function registerOutline(server: ServerContext): void {
  const { connection, documents, analyses } = server;
  connection.onDocumentSymbol((params): DocumentSymbol[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const convert = (s: SymbolNode): DocumentSymbol => ({
      name: s.name || ' ',
      ...(s.detail ? { detail: s.detail } : {}),
      kind: SYMBOL_KIND[s.kind],
      range: toLspRange(doc, s.range),
      selectionRange: toLspRange(doc, s.selectionRange),
      children: s.children.map(convert),
    });
    return documentSymbols(analyses.current(doc).document, server.lang).map(convert);
  });

  connection.onFoldingRanges((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return foldingRanges(analyses.current(doc).document).map((f) => ({
      startLine: f.startLine, endLine: f.endLine,
      ...(f.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : f.kind === 'region' ? { kind: FoldingRangeKind.Region } : {}),
    }));
  });

  connection.onSelectionRanges((params): SelectionRange[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const chains = selectionRanges(analyses.current(doc).document, params.positions.map((p) => doc.offsetAt(p)));
    return chains.map((chain, i) => {
      let parent: SelectionRange | undefined;
      for (const r of [...chain].reverse()) parent = { range: toLspRange(doc, r), ...(parent ? { parent } : {}) };
      return parent ?? { range: { start: params.positions[i]!, end: params.positions[i]! } };
    });
  });

}
