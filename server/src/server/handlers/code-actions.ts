/**
 * Quick fixes of the diagnostics, "Fix all totals" (`source.fixAll.govreport`), and in 一（二）依申请公开
 * "write the statistics paragraph from the tables" (a rewrite: text and tables then agree by construction).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { statisticsParagraphActionAt, t, type TextEdit } from '../../core';
import type { ServerContext } from '../context';
import { toLspDiagnostic, toLspEdits } from '../convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.govreport`;

export function registerCodeActions(server: ServerContext): void {
  const { connection, documents, analyses, workspace } = server;
  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const doc = documents.get(params.textDocument.uri);
    const cached = doc && analyses.get(doc);
    if (!doc || !cached) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const docEdit = (edits: readonly TextEdit[]) => ({
      documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: toLspEdits(doc, edits) }],
    });
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      for (const d of cached.diagnostics) {
        if (!d.fix || d.range.end < start || d.range.start > end) continue;
        const lsp = params.context.diagnostics.find((c) => c.code === d.code && doc.offsetAt(c.range.start) === d.range.start)
          ?? toLspDiagnostic(doc, d, workspace.linesOf);
        actions.push({ title: d.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], isPreferred: d.fix.safe, edit: docEdit(d.fix.edits) });
      }
    }
    if (wants(CodeActionKind.RefactorRewrite)) {
      // offered where the cursor is in 一（二）
      const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
      const action = statisticsParagraphActionAt(cached.analysis.document, server.lang, range);
      if (action) actions.push({ title: action.title, kind: CodeActionKind.RefactorRewrite, edit: docEdit(action.edits) });
    }
    if (wants(FIX_ALL_KIND)) {
      if (cached.fixAll.length > 0) actions.push({ title: t(server.lang, 'Fix all totals'), kind: FIX_ALL_KIND, edit: docEdit(cached.fixAll) });
    }
    return actions;
  });
}
