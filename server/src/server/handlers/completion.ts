/** Completion: the core's schema-driven entries as LSP completion items. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import { complete } from '../../core';
import type { ServerContext } from '../context';
import { toLspRange } from '../convert';

const COMPLETION_KIND = {
  property: CompletionItemKind.Property, value: CompletionItemKind.Value, snippet: CompletionItemKind.Snippet, row: CompletionItemKind.Struct,
} as const;

export function registerCompletion(server: ServerContext): void {
  const { connection, documents, analyses } = server;
  connection.onCompletion((params): CompletionItem[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const offset = doc.offsetAt(params.position);
    return complete(analyses.current(doc).document, offset, server.lang, params.context?.triggerCharacter).map((e, i) => ({
      label: e.label,
      kind: COMPLETION_KIND[e.kind],
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.documentation ? { documentation: { kind: MarkupKind.Markdown, value: e.documentation } } : {}),
      ...(e.filterText ? { filterText: e.filterText } : {}),
      sortText: e.sortText ?? String(i).padStart(4, '0'),
      insertTextFormat: e.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: toLspRange(doc, e.replace ?? { start: offset, end: offset }), newText: e.insertText },
      // after a key is inserted, its value is offered right away
      ...(e.retrigger ? { command: { title: '', command: 'editor.action.triggerSuggest' } } : {}),
    }));
  });
}
