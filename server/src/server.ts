/**
 * The language server: a thin LSP adapter over the core. Diagnostics are computed right after a
 * change (no fixed debounce): changes read together are validated once, and a result for a version
 * that has since changed is dropped instead of published. Every feature reads the one analysis of
 * the document's current version.
 */
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction, CodeActionKind, CompletionItemKind, createConnection, DiagnosticSeverity, FoldingRangeKind,
  InsertTextFormat, MarkupKind, ProposedFeatures, SymbolKind, TextDocuments, TextDocumentSyncKind,
  type CancellationToken, type CodeActionParams, type CompletionItem, type Diagnostic,
  type DiagnosticRelatedInformation, type DocumentSymbol, type InitializeParams, type InitializeResult,
  type InlayHint, type SelectionRange, type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyze, applySeverities, checkAcrossYears, complete, documentSymbols, duplicateReportDiagnostic, fixAll,
  foldingRanges, formatReport, hover, inlayHints, langFromLocale, maxBytesFromMiB, parseReport, parseSeveritySettings, renderReport, renderStandalone,
  reportIdentity, reportSkeleton, rollOverReport, selectionRanges, t, type Analysis, type Lang, type OffsetRange,
  type ReportDiagnostic, type ReportDocument, type RuleCode, type SeveritySetting, type SymbolNode, type TextEdit,
} from './core';
import {
  CheckWorkspaceProgressNotification, CheckWorkspaceRequest, NewReportRequest, RenderRequest, type CheckWorkspaceResult,
  type NewReportParams, type NewReportResult, type RenderParams, type RenderResult,
} from './protocol';
import { REPORT_FILE, WorkspaceIndex } from './workspace-index';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.govreport`;
const SOURCE = 'govreport';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();

let lang: Lang = 'zh';
let canPullConfiguration = false;
let workspaceFolders: string[] = [];

// ------------------------------------------------------------------ settings

interface Settings {
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  columnLabels: boolean;
  expectedTotals: boolean;
  copiedTextThreshold: number;
  validateWorkspace: boolean;
  /** govreport.limits.maxFileSize, in bytes (larger texts get one "too large" diagnostic) */
  maxBytes: number;
}

function readSettings(raw: unknown): Settings {
  const cfg = (raw ?? {}) as { rules?: unknown; inlayHints?: { columnLabels?: unknown; expectedTotals?: unknown }; copiedText?: { threshold?: unknown }; validate?: { workspace?: unknown }; limits?: { maxFileSize?: unknown } };
  const threshold = Number(cfg.copiedText?.threshold);
  return {
    severities: parseSeveritySettings(cfg.rules),
    columnLabels: cfg.inlayHints?.columnLabels === true,
    expectedTotals: cfg.inlayHints?.expectedTotals !== false,
    copiedTextThreshold: threshold >= 0.5 && threshold <= 1 ? threshold : 0.9,
    validateWorkspace: cfg.validate?.workspace === true,
    maxBytes: maxBytesFromMiB(cfg.limits?.maxFileSize),
  };
}

const settingsCache = new Map<string, Promise<Settings>>();
/** Settings pushed with didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: Settings = readSettings({});

function settingsFor(uri: string): Promise<Settings> {
  if (!canPullConfiguration) return Promise.resolve(pushedSettings);
  let hit = settingsCache.get(uri);
  if (!hit) {
    hit = connection.workspace.getConfiguration({ scopeUri: uri, section: 'govreport' }).then(readSettings, () => readSettings({}));
    settingsCache.set(uri, hit);
  }
  return hit;
}

// ------------------------------------------------------------------ lifecycle

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as { lang?: string };
  lang = langFromLocale(options.lang ?? params.locale, 'zh');
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      completionProvider: { triggerCharacters: [':', ' ', '['], resolveProvider: false },
      hoverProvider: true,
      inlayHintProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
    },
    serverInfo: { name: 'govreport-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  void indexWorkspace();
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  if (!canPullConfiguration) pushedSettings = readSettings((change.settings as { govreport?: unknown })?.govreport);
  for (const doc of documents.all()) schedule(doc.uri);
  void connection.languages.inlayHint.refresh().catch(() => undefined);
  void syncWorkspaceDiagnostics();
});

// ------------------------------------------------------------------ the analysis of each document

interface Checked {
  version: number;
  analysis: Analysis;
  /** The core's diagnostics plus the cross-year ones, severities applied. */
  diagnostics: ReportDiagnostic[];
  fixAll: TextEdit[];
}
/** The analysis of the current version of each open document (what hover, completion… read). */
const analyses = new Map<string, Checked>();

/** The analysis of `doc`'s current version: the cached one, or a new one (not published). */
function current(doc: TextDocument): Analysis {
  const hit = analyses.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.analysis;
  return analyze(doc.getText(), { lang });
}

// ------------------------------------------------------------------ validation scheduling

const pending = new Set<string>();
let flushScheduled = false;

function schedule(uri: string): void {
  pending.add(uri);
  if (flushScheduled) return;
  flushScheduled = true;
  // setImmediate, not a timer: changes read from the same chunk of input are validated once, and
  // a single keystroke waits for nothing.
  setImmediate(() => {
    flushScheduled = false;
    const uris = [...pending];
    pending.clear();
    for (const u of uris) void validate(u);
  });
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const settings = await settingsFor(uri);
  if (documents.get(uri)?.version !== version) return; // superseded while the settings were read
  let checked: Checked;
  try {
    const analysis = analyze(doc.getText(), { lang, severities: settings.severities, maxBytes: settings.maxBytes });
    const diagnostics = [...analysis.diagnostics, ...await acrossYears(uri, analysis.document, settings)];
    checked = { version, analysis, diagnostics, fixAll: fixAll(analysis) };
  } catch (e) {
    // the core must not throw on any text; if it does, say so instead of crashing the server
    connection.console.error(`govreport: analysis failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
    return;
  }
  // let input that arrived during the analysis be read: a newer version makes this result stale
  await new Promise((resolve) => setImmediate(resolve));
  if (documents.get(uri)?.version !== version) return;
  analyses.set(uri, checked);
  void connection.sendDiagnostics({ uri, version, diagnostics: checked.diagnostics.map((d) => toLspDiagnostic(doc, d)) });
}

// ------------------------------------------------------------------ across years (the workspace index)

const filePathOf = (uri: string): string | undefined => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
const uriOf = (file: string): string => pathToFileURL(file).href;

/** The text of a report: the open editor's (unsaved edits count), else the disk's. */
async function readReport(file: string): Promise<string | undefined> {
  const open = documents.get(uriOf(file));
  if (open) return open.getText();
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Parsed reports that are not the one being checked (last year's). noteChange() drops an entry
 * whenever its file changes (editor, file events, close), so a hit is current: no disk read and no
 * text comparison on every keystroke of this year's report.
 */
const parsedCache = new Map<string, ReportDocument>();
async function parsedReport(file: string): Promise<ReportDocument | undefined> {
  const hit = parsedCache.get(file);
  if (hit) return hit;
  const text = await readReport(file);
  if (text === undefined) return undefined;
  const document = parseReport(text, lang);
  parsedCache.set(file, document);
  return document;
}

async function acrossYears(uri: string, document: ReportDocument, settings: Settings): Promise<ReportDiagnostic[]> {
  const identity = reportIdentity(document.data);
  if (!identity) return [];
  const self = filePathOf(uri);
  const out: ReportDiagnostic[] = [];
  const twins = index.find(identity).filter((f) => f !== self);
  if (twins.length > 0) out.push(...duplicateReportDiagnostic(document, twins, lang));
  const [previousFile] = index.find({ agency: identity.agency, year: identity.year - 1 });
  const previous = previousFile ? await parsedReport(previousFile) : undefined;
  out.push(...checkAcrossYears(document, previous && previousFile ? { file: previousFile, document: previous } : undefined, { lang, copiedTextThreshold: settings.copiedTextThreshold }));
  return applySeverities(out, settings.severities);
}

/** After a report changed: re-check the reports whose cross-year diagnostics depend on it. */
function revalidateDependents(identities: ({ agency: string; year: number } | undefined)[]): void {
  const affected = new Set<string>();
  for (const id of identities) {
    if (!id) continue;
    for (const file of [...index.find(id), ...index.find({ agency: id.agency, year: id.year + 1 })]) affected.add(file);
  }
  for (const file of affected) {
    const uri = uriOf(file);
    if (documents.get(uri)) schedule(uri);
    else if (workspaceValidated.has(uri)) void validateFile(file);
  }
}

function noteChange(file: string, text: string | undefined): void {
  const change = text === undefined ? { before: index.remove(file), after: undefined } : index.set(file, text);
  parsedCache.delete(file);
  revalidateDependents([change.before, change.after]);
}

/** The first indexing of the workspace folders (requests over the whole workspace wait for it). */
let indexing: Promise<void> = Promise.resolve();

async function indexWorkspace(): Promise<void> {
  indexing = (async () => {
    for (const folder of workspaceFolders) await index.addFolder(folder, readReport);
  })();
  await indexing;
  for (const doc of documents.all()) schedule(doc.uri); // last year's reports are known now
  await syncWorkspaceDiagnostics();
}

connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    const file = filePathOf(change.uri);
    if (!file || !REPORT_FILE.test(file)) continue;
    if (change.type === 3 /* Deleted */) {
      // gone from the workspace even if an editor still shows it (VS Code keeps closed documents a while)
      noteChange(file, undefined);
      if (workspaceValidated.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
    } else if (!documents.get(change.uri)) {
      noteChange(file, await readReport(file)); // open files follow the editor, not the disk
      if ((await settingsFor(change.uri)).validateWorkspace) void validateFile(file);
    }
  }
});

// ------------------------------------------------------------------ the whole workspace

/** Closed files whose diagnostics this server published (govreport.validate.workspace, or the command). */
const workspaceValidated = new Set<string>();

/** Checks a report that is not open and publishes its diagnostics. Returns them. */
async function validateFile(file: string): Promise<ReportDiagnostic[]> {
  const uri = uriOf(file);
  const text = await readReport(file);
  if (text === undefined || documents.get(uri)) return [];
  const settings = await settingsFor(uri);
  const analysis = analyze(text, { lang, severities: settings.severities, maxBytes: settings.maxBytes });
  const diagnostics = [...analysis.diagnostics, ...await acrossYears(uri, analysis.document, settings)];
  const doc = TextDocument.create(uri, 'govreport', 0, text);
  workspaceValidated.add(uri);
  void connection.sendDiagnostics({ uri, diagnostics: diagnostics.map((d) => toLspDiagnostic(doc, d)) });
  return diagnostics;
}

/** Validates every closed report, yielding between files; stops when `cancelled()` says so. */
async function validateAll(onProgress: (done: number, total: number) => void, cancelled: () => boolean): Promise<CheckWorkspaceResult> {
  const files = index.files();
  const result: CheckWorkspaceResult = { files: 0, errors: 0, warnings: 0, cancelled: false };
  for (const file of files) {
    if (cancelled()) return { ...result, cancelled: true };
    const open = documents.get(uriOf(file));
    const diagnostics = open ? analyses.get(open.uri)?.diagnostics ?? [] : await validateFile(file);
    result.files++;
    result.errors += diagnostics.filter((d) => d.severity === 'error').length;
    result.warnings += diagnostics.filter((d) => d.severity === 'warning').length;
    onProgress(result.files, files.length);
    await new Promise((resolve) => setImmediate(resolve)); // the open files' diagnostics come first
  }
  return result;
}

let workspaceRun = 0;
/** Applies govreport.validate.workspace: publish for every report, or withdraw what was published. */
async function syncWorkspaceDiagnostics(): Promise<void> {
  const run = ++workspaceRun;
  const settings = await settingsFor(workspaceFolders[0] ? uriOf(workspaceFolders[0]) : '');
  if (settings.validateWorkspace) {
    await validateAll(() => undefined, () => run !== workspaceRun);
  } else {
    for (const uri of workspaceValidated) void connection.sendDiagnostics({ uri, diagnostics: [] });
    workspaceValidated.clear();
  }
}

connection.onRequest(CheckWorkspaceRequest, async (_params: unknown, token: CancellationToken): Promise<CheckWorkspaceResult> => {
  await indexing;
  return validateAll(
    (done, total) => void connection.sendNotification(CheckWorkspaceProgressNotification, { done, total }),
    () => token.isCancellationRequested,
  );
});

connection.onRequest(NewReportRequest, async (params: NewReportParams): Promise<NewReportResult> => {
  await indexing;
  const text = reportSkeleton({ agency: params.agency, year: params.year, kind: params.kind, lang });
  const [lastYearFile] = index.find({ agency: params.agency.trim(), year: params.year - 1 });
  const lastYear = lastYearFile ? await parsedReport(lastYearFile) : undefined;
  const rolled = lastYear ? rollOverReport(lastYear, lang) : ''; // '' when last year's file cannot be read as a report
  return rolled && lastYearFile ? { text, fromLastYear: { uri: uriOf(lastYearFile), text: rolled } } : { text };
});

// ------------------------------------------------------------------ rendering (preview and export)

let reportCss: Promise<string> | undefined;
/** The stylesheet of the rendered report (media/report.css beside dist/), read once. */
function readReportCss(): Promise<string> {
  reportCss ??= fs.readFile(path.join(__dirname, '..', 'media', 'report.css'), 'utf8').catch(() => '');
  return reportCss;
}

connection.onRequest(RenderRequest, async (params: RenderParams): Promise<RenderResult | null> => {
  const doc = documents.get(params.uri);
  let analysis: Analysis;
  let version = 0;
  if (doc) {
    version = doc.version;
    const cached = analyses.get(doc.uri);
    // the preview shows the same problems as the editor (cross-year ones included)
    analysis = cached && cached.version === version ? { ...cached.analysis, diagnostics: cached.diagnostics } : current(doc);
  } else {
    const file = filePathOf(params.uri);
    const text = file ? await readReport(file) : undefined;
    if (text === undefined) return null;
    analysis = analyze(text, { lang, severities: (await settingsFor(params.uri)).severities });
  }
  const rendered = params.standalone
    ? renderStandalone(analysis, { lang, css: await readReportCss() })
    : renderReport(analysis, { lang, preview: true });
  return { version, ...rendered };
});

// ------------------------------------------------------------------ LSP shapes

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

function toLspRange(doc: TextDocument, r: OffsetRange) {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

/** A range in another file (related information of cross-year rules), from the parsed report. */
function otherFileRange(file: string, r: OffsetRange) {
  const lines = parsedCache.get(file)?.lines;
  if (!lines) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
}

function toLspDiagnostic(doc: TextDocument, d: ReportDiagnostic): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = d.related?.map((r) => ({
    location: r.file ? { uri: uriOf(r.file), range: otherFileRange(r.file, r.range) } : { uri: doc.uri, range: toLspRange(doc, r.range) },
    message: r.message,
  }));
  return { range: toLspRange(doc, d.range), severity: SEVERITY[d.severity], code: d.code, source: SOURCE, message: d.message, ...(related ? { relatedInformation: related } : {}) };
}

const toLspEdits = (doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] =>
  edits.map((e) => ({ range: toLspRange(doc, e.range), newText: e.newText }));

// ------------------------------------------------------------------ document events

documents.onDidOpen((e) => {
  const file = filePathOf(e.document.uri);
  if (file) noteChange(file, e.document.getText());
  workspaceValidated.delete(e.document.uri);
  schedule(e.document.uri);
});
documents.onDidChangeContent((e) => {
  const file = filePathOf(e.document.uri);
  if (file) noteChange(file, e.document.getText());
  schedule(e.document.uri);
});
documents.onDidClose(async (e) => {
  const uri = e.document.uri;
  analyses.delete(uri);
  settingsCache.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
  const file = filePathOf(uri);
  if (!file) return;
  // the unsaved text is gone: the index follows the disk again, at once (a read of one small file),
  // so no request in between sees the report missing or its unsaved version
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  noteChange(file, text);
  if (text !== undefined && (await settingsFor(uri)).validateWorkspace) void validateFile(file);
});

// ------------------------------------------------------------------ code actions

connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
  const doc = documents.get(params.textDocument.uri);
  const cached = analyses.get(params.textDocument.uri);
  if (!doc || !cached || cached.version !== doc.version) return [];
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
        ?? toLspDiagnostic(doc, d);
      actions.push({ title: d.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], isPreferred: d.fix.safe, edit: docEdit(d.fix.edits) });
    }
  }
  if (wants(FIX_ALL_KIND)) {
    if (cached.fixAll.length > 0) actions.push({ title: t(lang, 'Fix all totals'), kind: FIX_ALL_KIND, edit: docEdit(cached.fixAll) });
  }
  return actions;
});

// ------------------------------------------------------------------ writing assistance

const COMPLETION_KIND = { property: CompletionItemKind.Property, value: CompletionItemKind.Value, snippet: CompletionItemKind.Snippet, row: CompletionItemKind.Struct } as const;

connection.onCompletion((params): CompletionItem[] => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const offset = doc.offsetAt(params.position);
  return complete(current(doc).document, offset, lang, params.context?.triggerCharacter).map((e, i) => ({
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

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const cached = analyses.get(doc.uri);
  const analysis = cached && cached.version === doc.version ? { ...cached.analysis, diagnostics: cached.diagnostics } : current(doc);
  const info = hover(analysis, doc.offsetAt(params.position), lang);
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: toLspRange(doc, info.range) } : null;
});

connection.languages.inlayHint.on(async (params): Promise<InlayHint[]> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const settings = await settingsFor(doc.uri);
  const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
  return inlayHints(current(doc), range, { columnLabels: settings.columnLabels, expectedTotals: settings.expectedTotals }, lang).map((h) => ({
    position: doc.positionAt(h.offset),
    label: h.label,
    ...(h.tooltip ? { tooltip: h.tooltip } : {}),
    ...(h.paddingLeft ? { paddingLeft: true } : {}),
    ...(h.paddingRight ? { paddingRight: true } : {}),
  }));
});

const SYMBOL_KIND = { section: SymbolKind.Namespace, table: SymbolKind.Struct, row: SymbolKind.Array, field: SymbolKind.String, key: SymbolKind.Property } as const;

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
  return documentSymbols(current(doc).document, lang).map(convert);
});

connection.onFoldingRanges((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return foldingRanges(current(doc).document).map((f) => ({
    startLine: f.startLine, endLine: f.endLine,
    ...(f.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : f.kind === 'region' ? { kind: FoldingRangeKind.Region } : {}),
  }));
});

connection.onSelectionRanges((params): SelectionRange[] => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const chains = selectionRanges(current(doc).document, params.positions.map((p) => doc.offsetAt(p)));
  return chains.map((chain, i) => {
    let parent: SelectionRange | undefined;
    for (const r of [...chain].reverse()) parent = { range: toLspRange(doc, r), ...(parent ? { parent } : {}) };
    return parent ?? { range: { start: params.positions[i]!, end: params.positions[i]! } };
  });
});

connection.onDocumentFormatting((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? toLspEdits(doc, formatReport(current(doc).document)) : [];
});

connection.onDocumentRangeFormatting((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return toLspEdits(doc, formatReport(current(doc).document, { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) }));
});

documents.listen(connection);
connection.listen();
