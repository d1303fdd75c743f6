/**
 * The workspace: every report in its folders (the index), last year's reports parsed on demand, the
 * across-years rules for an open document, and the diagnostics of closed reports
 * (`govreport.validate.workspace` and the "Check All Reports" command).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  RuleCode, applySeverities, analyze, checkAcrossYears, copiedAcrossAgencies, duplicateReportDiagnostic, parseReport, reportIdentity, t, yearFacts,
  type DecodedText, type LineIndex, type ReportDiagnostic, type ReportDocument, type ReportIdentity, type YearFacts,
} from '../core';
import { REPORT_FILE, readReportFile } from '../node';
import type { CheckWorkspaceResult } from '../protocol';
import type { ServerContext } from './context';
import { toLspDiagnostic } from './convert';
import type { Settings } from './settings';
import { filePathOf, uriOf } from './uris';
import { WorkspaceIndex } from './workspace-index';

export class Workspace {
  readonly index = new WorkspaceIndex();
  private folders: string[] = [];
  /**
   * Parsed reports that are not the one being checked (last year's). noteChange() drops an entry
   * whenever its file changes (editor, file events, close), so a hit is current: no disk read and no
   * text comparison on every keystroke of this year's report.
   */
  private readonly parsed = new Map<string, ReportDocument>();
  /**
   * The facts of other agencies' reports (copied-text across agencies) and their lines (for related
   * locations): small, kept instead of whole documents; dropped like `parsed` when a file changes.
   */
  private readonly facts = new Map<string, { facts: YearFacts; lines: LineIndex } | null>();
  /** Closed files whose diagnostics this server published (govreport.validate.workspace, or the command). */
  private readonly published = new Set<string>();
  /** The first indexing of the workspace folders (requests over the whole workspace wait for it). */
  indexing: Promise<void> = Promise.resolve();
  private run = 0;

  constructor(private readonly server: ServerContext) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** The lines of another report this server has parsed (for related locations in last year's file). */
  readonly linesOf = (file: string): LineIndex | undefined => this.parsed.get(file)?.lines ?? this.facts.get(file)?.lines;

  private async factsOf(file: string): Promise<YearFacts | undefined> {
    if (this.facts.has(file)) return this.facts.get(file)?.facts;
    const text = await this.readReport(file);
    const document = text === undefined ? undefined : parseReport(text, this.server.lang);
    const facts = document && yearFacts(document);
    this.facts.set(file, facts && document ? { facts, lines: document.lines } : null);
    return facts;
  }

  /** `copied-text` against the reports of other agencies of the same year in the workspace. */
  private async copiedAcrossAgencies(
    self: string | undefined, document: ReportDocument, identity: ReportIdentity, settings: Settings,
  ): Promise<ReportDiagnostic[]> {
    if (self === undefined || settings.severities[RuleCode.CopiedText] === 'off') return [];
    const others = this.index.files().filter((f) => {
      const id = f !== self ? this.index.identityOf(f) : undefined;
      return id !== undefined && id.year === identity.year && id.agency !== identity.agency;
    });
    const mine = others.length > 0 ? yearFacts(document) : undefined;
    if (!mine) return [];
    const theirs = await Promise.all(others.map(async (file) => ({ file, facts: await this.factsOf(file) })));
    const reports = [{ file: self, facts: mine }, ...theirs.filter((r): r is { file: string; facts: YearFacts } => r.facts !== undefined)];
    return copiedAcrossAgencies(reports, { lang: this.server.lang, copiedTextThreshold: settings.copiedTextThreshold }).get(self) ?? [];
  }

  /** The text of a report: the open editor's (unsaved edits count), else the disk's. */
  readonly readReport = async (file: string): Promise<string | undefined> => (await this.readText(file))?.text;

  /**
   * The text of a report and the encoding it was read in: the open editor's (VS Code decoded it), else
   * the disk's, read as the CLI reads it (regular files only, never blocking on a FIFO, at most
   * `maxBytes`, UTF-8 / UTF-16 by BOM / GB18030, strictly). Undefined when it cannot be read.
   */
  async readText(file: string, maxBytes?: number): Promise<{ text: string; encoding?: DecodedText['encoding'] } | undefined> {
    const read = await this.readDisk(file, maxBytes);
    return read && 'text' in read ? read : undefined;
  }

  /**
   * The text the index records: a file refused for what it is (too large, bytes in no encoding, not
   * a regular file) is recorded without an identity, so that checking the workspace reports it.
   */
  private readonly readForIndex = async (file: string): Promise<string | undefined> => {
    const read = await this.readDisk(file);
    return read === undefined ? undefined : 'text' in read ? read.text : '';
  };

  /** readText, or why a file on disk was refused (not a regular file, too large, not decodable). */
  private async readDisk(file: string, maxBytes?: number): Promise<{ text: string; encoding?: DecodedText['encoding'] } | { refused: string } | undefined> {
    const open = this.server.documents.get(uriOf(file));
    if (open) return { text: open.getText() };
    const read = await readReportFile(file, { lang: this.server.lang, ...(maxBytes === undefined ? {} : { maxBytes }) });
    if (!read.ok) return read.reason === 'io' ? undefined : { refused: read.message };
    // a file opened while it was read: the editor's text wins
    const opened = this.server.documents.get(uriOf(file));
    return opened ? { text: opened.getText() } : { text: read.decoded.text, encoding: read.decoded.encoding };
  }

  async parsedReport(file: string): Promise<ReportDocument | undefined> {
    const hit = this.parsed.get(file);
    if (hit) return hit;
    const text = await this.readReport(file);
    if (text === undefined) return undefined;
    const document = parseReport(text, this.server.lang);
    this.parsed.set(file, document);
    return document;
  }

  /** The files holding the report of this agency and year. */
  find(identity: ReportIdentity): string[] {
    return this.index.find(identity);
  }

  /** The files holding the report of this body and year, also under a name with more or fewer higher levels. */
  findPaired(identity: ReportIdentity): string[] {
    return this.index.findPaired(identity);
  }

  async acrossYears(uri: string, document: ReportDocument, settings: Settings): Promise<ReportDiagnostic[]> {
    const { lang } = this.server;
    const identity = reportIdentity(document.data);
    if (!identity) return [];
    const self = filePathOf(uri);
    const out: ReportDiagnostic[] = [];
    const twins = this.index.find(identity).filter((f) => f !== self);
    if (twins.length > 0) out.push(...duplicateReportDiagnostic(document, twins, lang));
    const [previousFile] = this.index.findPaired({ agency: identity.agency, year: identity.year - 1 });
    const previous = previousFile ? await this.parsedReport(previousFile) : undefined;
    const last = previous && previousFile ? { file: previousFile, document: previous } : undefined;
    out.push(...checkAcrossYears(document, last, { lang, copiedTextThreshold: settings.copiedTextThreshold }));
    out.push(...await this.copiedAcrossAgencies(self, document, identity, settings));
    return applySeverities(out, settings.severities);
  }

  /** A report changed (editor, disk or deletion: `text` undefined): re-check the reports that depend on it. */
  noteChange(file: string, text: string | undefined): void {
    const change = text === undefined ? { before: this.index.remove(file), after: undefined } : this.index.set(file, text);
    this.parsed.delete(file);
    this.facts.delete(file);
    const affected = new Set<string>();
    for (const id of [change.before, change.after]) {
      if (!id) continue;
      for (const f of [...this.index.find(id), ...this.index.findPaired({ agency: id.agency, year: id.year + 1 })]) affected.add(f);
    }
    for (const f of affected) {
      const uri = uriOf(f);
      if (this.server.documents.get(uri)) this.server.analyses.schedule(uri);
      else if (this.published.has(uri)) void this.validateFile(f);
    }
  }

  /** An open document's diagnostics replace those published for it as a closed file. */
  forgetPublished(uri: string): void {
    this.published.delete(uri);
  }

  async indexFolders(): Promise<void> {
    this.indexing = (async () => {
      for (const folder of this.folders) await this.index.addFolder(folder, this.readForIndex);
    })();
    await this.indexing;
    this.server.analyses.scheduleAll(); // last year's reports are known now
    await this.syncDiagnostics();
  }

  /** Checks a report that is not open and publishes its diagnostics. Returns them. */
  async validateFile(file: string): Promise<ReportDiagnostic[]> {
    const { documents, connection, settings, lang } = this.server;
    const uri = uriOf(file);
    const s = await settings.for(uri);
    const read = await this.readDisk(file, s.maxBytes);
    if (read === undefined || documents.get(uri)) return [];
    let diagnostics: ReportDiagnostic[];
    let text = '';
    if ('refused' in read) {
      // not read (a FIFO, too large, bytes in no encoding): say why, as the CLI does, on the first line
      const message = t(lang, 'GovReport cannot read this file: {0}', read.refused);
      diagnostics = applySeverities([{ code: RuleCode.YamlSyntax, severity: 'error', message, range: { start: 0, end: 0 } }], s.severities);
    } else {
      text = read.text;
      const options = { lang, severities: s.severities, maxBytes: s.maxBytes, deadlines: s.deadlines };
      const analysis = analyze(text, { ...options, ...(read.encoding ? { encoding: read.encoding } : {}) });
      diagnostics = [...analysis.diagnostics, ...await this.acrossYears(uri, analysis.document, s)];
    }
    const doc = TextDocument.create(uri, 'govreport', 0, text);
    this.published.add(uri);
    void connection.sendDiagnostics({ uri, diagnostics: diagnostics.map((d) => toLspDiagnostic(doc, d, this.linesOf)) });
    return diagnostics;
  }

  /** Validates every closed report, yielding between files; stops when `cancelled()` says so. */
  async validateAll(onProgress: (done: number, total: number) => void, cancelled: () => boolean): Promise<CheckWorkspaceResult> {
    const files = this.index.files();
    const result: CheckWorkspaceResult = { files: 0, errors: 0, warnings: 0, cancelled: false };
    for (const file of files) {
      if (cancelled()) return { ...result, cancelled: true };
      const open = this.server.documents.get(uriOf(file));
      const diagnostics = open ? this.server.analyses.published(open.uri) ?? [] : await this.validateFile(file);
      result.files++;
      result.errors += diagnostics.filter((d) => d.severity === 'error').length;
      result.warnings += diagnostics.filter((d) => d.severity === 'warning').length;
      onProgress(result.files, files.length);
      await new Promise((resolve) => setImmediate(resolve)); // the open files' diagnostics come first
    }
    return result;
  }

  /** Applies govreport.validate.workspace: publish for every report, or withdraw what was published. */
  async syncDiagnostics(): Promise<void> {
    const run = ++this.run;
    const settings = await this.server.settings.for(this.folders[0] ? uriOf(this.folders[0]) : '');
    if (settings.validateWorkspace) {
      await this.validateAll(() => undefined, () => run !== this.run);
    } else {
      for (const uri of this.published) void this.server.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.published.clear();
    }
  }

  /** File events from the client's watcher (every `*.govreport.yaml` / `.yml` of the workspace). */
  listen(): void {
    const { connection, documents, settings } = this.server;
    connection.onDidChangeWatchedFiles(async (params) => {
      for (const change of params.changes) {
        const file = filePathOf(change.uri);
        if (!file || !REPORT_FILE.test(file)) continue;
        if (change.type === 3 /* Deleted */) {
          // gone from the workspace even if an editor still shows it (VS Code keeps closed documents a while)
          this.noteChange(file, undefined);
          if (this.published.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        } else if (!documents.get(change.uri)) {
          this.noteChange(file, await this.readForIndex(file)); // open files follow the editor, not the disk
          if ((await settings.for(change.uri)).validateWorkspace) void this.validateFile(file);
        }
      }
    });
  }
}
