/**
 * The language server: a thin LSP adapter over the core. Diagnostics are computed right after a
 * change (no fixed debounce): changes that arrive together are coalesced by one setImmediate, and a
 * result for a version that has since changed is dropped instead of published.
 */
import {
  CodeAction, CodeActionKind, createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments,
  TextDocumentSyncKind, type CodeActionParams, type Diagnostic, type DiagnosticRelatedInformation,
  type InitializeParams, type InitializeResult, type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyze, fixAll, langFromLocale, parseSeveritySettings, t, type Analysis, type Lang, type ReportDiagnostic,
  type RuleCode, type SeveritySetting, type TextEdit,
} from './core';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.govreport`;
const SOURCE = 'govreport';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let lang: Lang = 'zh';
let canPullConfiguration = false;

type Severities = Partial<Record<RuleCode, SeveritySetting>>;
const settingsCache = new Map<string, Promise<Severities>>();
/**
 * What code actions need of the last analysis of each document. The parsed document itself is not
 * kept: holding it across edits gets every AST promoted to the old generation (memory grows).
 */
interface Checked {
  version: number;
  diagnostics: ReportDiagnostic[];
  fixAll: TextEdit[];
}
const analyses = new Map<string, Checked>();

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as { lang?: string };
  lang = langFromLocale(options.lang ?? params.locale, 'zh');
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
    },
    serverInfo: { name: 'govreport-language-server', version: '0.1.0' },
  };
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  // clients without pull configuration push the settings with the notification
  if (!canPullConfiguration) pushedSettings = parseSeveritySettings((change.settings as { govreport?: { rules?: unknown } })?.govreport?.rules);
  for (const doc of documents.all()) schedule(doc.uri);
});

let pushedSettings: Severities = {};

function severitiesFor(uri: string): Promise<Severities> {
  if (!canPullConfiguration) return Promise.resolve(pushedSettings);
  let hit = settingsCache.get(uri);
  if (!hit) {
    hit = connection.workspace.getConfiguration({ scopeUri: uri, section: 'govreport' })
      .then((cfg: { rules?: unknown } | null) => parseSeveritySettings(cfg?.rules), () => ({}));
    settingsCache.set(uri, hit);
  }
  return hit;
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
  const severities = await severitiesFor(uri);
  if (documents.get(uri)?.version !== version) return; // superseded while the settings were read
  let analysis: Analysis;
  try {
    analysis = analyze(doc.getText(), { lang, severities });
  } catch (e) {
    // the core must not throw on any text; if it does, say so instead of crashing the server
    connection.console.error(`govreport: analysis failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
    return;
  }
  // let input that arrived during the analysis be read: a newer version makes this result stale
  await new Promise((resolve) => setImmediate(resolve));
  if (documents.get(uri)?.version !== version) return;
  analyses.set(uri, { version, diagnostics: analysis.diagnostics, fixAll: fixAll(analysis) });
  void connection.sendDiagnostics({ uri, version, diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(doc, d)) });
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

function toLspRange(doc: TextDocument, r: { start: number; end: number }) {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

function toLspDiagnostic(doc: TextDocument, d: ReportDiagnostic): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = d.related?.map((r) => ({
    location: { uri: doc.uri, range: toLspRange(doc, r.range) }, message: r.message,
  }));
  return { range: toLspRange(doc, d.range), severity: SEVERITY[d.severity], code: d.code, source: SOURCE, message: d.message, ...(related ? { relatedInformation: related } : {}) };
}

const toLspEdits = (doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] =>
  edits.map((e) => ({ range: toLspRange(doc, e.range), newText: e.newText }));

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => schedule(e.document.uri));
documents.onDidClose((e) => {
  analyses.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
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

documents.listen(connection);
connection.listen();
