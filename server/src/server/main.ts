/**
 * The language server: a thin LSP adapter over the core. This entry creates the connection and the
 * shared context, answers initialize, and registers one module per concern:
 *   settings.ts   govreport.* settings          documents.ts  open documents, validation scheduling
 *   workspace.ts  the index, across years        requests.ts   GovReport's own requests
 *   handlers/     code actions, completion, hover and inlay hints, outline, formatting
 *   protocol-guard.ts  JSON-RPC rules kept before any handler runs (malformed JSON, params, shutdown)
 */
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { langFromLocale } from '../core';
import { VERSION } from '../node';
import type { ServerContext } from './context';
import { Analyses } from './documents';
import { FIX_ALL_KIND, registerCodeActions } from './handlers/code-actions';
import { registerCompletion } from './handlers/completion';
import { registerFormatting } from './handlers/formatting';
import { registerHover } from './handlers/hover';
import { registerOutline } from './handlers/outline';
import { registerExport } from './export';
import { ProtocolGuard, transportFromArgs } from './protocol-guard';
import { registerRequests } from './requests';
import { SettingsStore } from './settings';
import { Workspace } from './workspace';

const documents = new TextDocuments(TextDocument);
const transport = transportFromArgs();
// log goes through `connection`, created just below (a notification is dropped only once it listens)
const guard = new ProtocolGuard(transport.writer, { versionOf: (uri) => documents.get(uri)?.version, log: (m) => connection.console.warn(m) });
const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer, guard.options);
if (transport.stdio) {
  // stdout carries the protocol: console output goes to the client's log instead, and the end of
  // stdin ends the server (what vscode-languageserver does when it opens stdio itself)
  console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  const ended = () => process.exit(guard.shutdownReceived ? 0 : 1);
  process.stdin.on('end', ended);
  process.stdin.on('close', ended);
}
const server = { connection, documents, lang: 'zh', settings: new SettingsStore(connection) } as
  Omit<ServerContext, 'analyses' | 'workspace'> as ServerContext;
Object.assign(server, { analyses: new Analyses(server), workspace: new Workspace(server) });

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as { lang?: string };
  server.lang = langFromLocale(options.lang ?? params.locale, 'zh');
  server.settings.canPull = !!params.capabilities.workspace?.configuration;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  server.workspace.setFolders(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
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
    serverInfo: { name: 'govreport-language-server', version: VERSION },
  };
});

connection.onInitialized(() => {
  void server.workspace.indexFolders();
});

connection.onDidChangeConfiguration((change) => {
  server.settings.changed(change.settings);
  server.analyses.scheduleAll();
  void connection.languages.inlayHint.refresh().catch(() => undefined);
  void server.workspace.syncDiagnostics();
});

server.analyses.listen();
server.workspace.listen();
registerCodeActions(server);
registerCompletion(server);
registerHover(server);
registerOutline(server);
registerFormatting(server);
registerRequests(server);
registerExport(server);

server.documents.listen(connection);
connection.listen();
