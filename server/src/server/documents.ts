/**
 * The open documents: their analyses and the scheduling of validation. Diagnostics are computed right
 * after a change (no fixed debounce): changes read together are validated once, and a result for a
 * version that has since changed is dropped instead of published. Every feature reads the one
 * analysis of the document's current version.
 */
import { existsSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, fixAll, type Analysis, type ReportDiagnostic, type TextEdit } from '../core';
import { readReportFile } from '../node';
import type { ServerContext } from './context';
import { toLspDiagnostic } from './convert';
import { importReviewDiagnostics } from './import';
import { filePathOf } from './uris';

export interface CheckedDocument {
  version: number;
  analysis: Analysis;
  /** The core's diagnostics plus the cross-year ones, severities applied. */
  diagnostics: ReportDiagnostic[];
  fixAll: TextEdit[];
}

export class Analyses {
  /** The analysis of the current version of each open document (what hover, completion… read). */
  private readonly checked = new Map<string, CheckedDocument>();
  private readonly pending = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly server: ServerContext) {}

  /** The published analysis of `uri`'s current version, if there is one. */
  get(doc: TextDocument): CheckedDocument | undefined {
    const hit = this.checked.get(doc.uri);
    return hit && hit.version === doc.version ? hit : undefined;
  }

  /** The analysis of `doc`'s current version: the cached one, or a new one (not published). */
  current(doc: TextDocument): Analysis {
    return this.get(doc)?.analysis ?? analyze(doc.getText(), { lang: this.server.lang });
  }

  /** The current analysis with the published diagnostics (cross-year ones included), for hover and the preview. */
  withDiagnostics(doc: TextDocument): Analysis {
    const hit = this.get(doc);
    return hit ? { ...hit.analysis, diagnostics: hit.diagnostics } : this.current(doc);
  }

  /**
   * The analysis of the report at `uri` for the preview and the exports: the open document's, with the
   * problems the editor shows (cross-year ones included), else the file's on disk; undefined when the
   * server has neither. `version` is the document's (0 for a file).
   */
  async ofUri(uri: string): Promise<{ analysis: Analysis; version: number } | undefined> {
    const { documents, workspace, settings, lang } = this.server;
    const doc = documents.get(uri);
    if (doc) return { analysis: this.withDiagnostics(doc), version: doc.version };
    const file = filePathOf(uri);
    const text = file ? await workspace.readReport(file) : undefined;
    if (text === undefined) return undefined;
    const { severities, deadlines } = await settings.for(uri);
    return { analysis: analyze(text, { lang, severities, deadlines }), version: 0 };
  }

  /** The diagnostics last published for an open document (any version). */
  published(uri: string): ReportDiagnostic[] | undefined {
    return this.checked.get(uri)?.diagnostics;
  }

  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a timer: changes read from the same chunk of input are validated once, and
    // a single keystroke waits for nothing.
    setImmediate(() => {
      this.flushScheduled = false;
      const uris = [...this.pending];
      this.pending.clear();
      for (const u of uris) void this.validate(u);
    });
  }

  scheduleAll(): void {
    for (const doc of this.server.documents.all()) this.schedule(doc.uri);
  }

  private async validate(uri: string): Promise<void> {
    const { documents, connection, settings, workspace, lang } = this.server;
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const s = await settings.for(uri);
    if (documents.get(uri)?.version !== version) return; // superseded while the settings were read
    let checked: CheckedDocument;
    try {
      const analysis = analyze(doc.getText(), { lang, severities: s.severities, maxBytes: s.maxBytes, deadlines: s.deadlines });
      const diagnostics = [...analysis.diagnostics, ...await workspace.acrossYears(uri, analysis.document, s)];
      checked = { version, analysis, diagnostics, fixAll: fixAll(analysis) };
    } catch (e) {
      // the core must not throw on any text; if it does, say so instead of crashing the server
      connection.console.error(`govreport: analysis failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
      return;
    }
    // let input that arrived during the analysis be read: a newer version makes this result stale
    await new Promise((resolve) => setImmediate(resolve));
    if (documents.get(uri)?.version !== version) return;
    this.checked.set(uri, checked);
    // the notes an import left (`# 导入：` comments) are listed with the problems until they are deleted
    const diagnostics = [...checked.diagnostics.map((d) => toLspDiagnostic(doc, d, workspace.linesOf)), ...importReviewDiagnostics(doc, lang)];
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Open, change and close: the workspace index follows the editor, and the document is validated. */
  listen(): void {
    const { documents, connection, settings, workspace } = this.server;
    documents.onDidOpen((e) => {
      const file = filePathOf(e.document.uri);
      if (file) workspace.noteChange(file, e.document.getText());
      workspace.forgetPublished(e.document.uri);
      this.schedule(e.document.uri);
    });
    documents.onDidChangeContent((e) => {
      const file = filePathOf(e.document.uri);
      if (file) workspace.noteChange(file, e.document.getText());
      this.schedule(e.document.uri);
    });
    documents.onDidClose(async (e) => {
      const uri = e.document.uri;
      this.checked.delete(uri);
      settings.forget(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      const file = filePathOf(uri);
      if (!file) return;
      // a document that was never saved (or was deleted) leaves the index at once, so that a report
      // opened right after it does not see it as a duplicate (stat does not open: a FIFO cannot block it)
      if (!existsSync(file)) {
        workspace.noteChange(file, undefined);
        return;
      }
      // the unsaved text is gone: the index follows the disk again. Read without blocking the event
      // loop (the path may be a FIFO, a device, a huge file: refused, never waited on)
      const read = await readReportFile(file, { lang: this.server.lang });
      if (documents.get(uri)) return; // opened again meanwhile: the editor's text counts
      const text = read.ok ? read.decoded.text : undefined;
      workspace.noteChange(file, text);
      if (text !== undefined && (await settings.for(uri)).validateWorkspace) void workspace.validateFile(file);
    });
  }
}
