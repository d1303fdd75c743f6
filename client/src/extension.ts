/**
 * The VS Code client: starts the GovReport language server, restarts it when it dies (telling the
 * user), and adds the commands: restart the server, new report, import a published report, check all
 * reports of the workspace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind, type CloseHandlerResult, type ErrorHandler,
  type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CheckWorkspaceProgressNotification, CheckWorkspaceRequest, NewReportRequest, type AgencyKind,
  type CheckWorkspaceProgress, type CheckWorkspaceResult, type NewReportParams, type NewReportResult,
} from '../../server/src/protocol';
import { importReport, pickPublishedReport, requestImport, type ImportOptions } from './import';
import { initL10n, l10n, serverLanguage } from './l10n';
import { registerPreview } from './preview';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and asks the user. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * The server lives for hours beside the editor: a heap that grows less between collections is worth
 * a little speed (`npm run bench`: peak RSS 78 → 72 MiB on the example, 121 → 77 MiB at ×100).
 * The standalone bin and the benchmark start it the same way.
 */
const SERVER_EXEC_ARGV = ['--optimize-for-size'];

let client: LanguageClient | undefined;

export interface GovReportApi {
  /** Resolves once the language server has started (for tests and other extensions). */
  ready(): Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<GovReportApi> {
  initL10n(context);
  const module = context.asAbsolutePath('dist/server.js');
  schemaPath = context.asAbsolutePath('schemas/govreport.schema.json');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'govreport' }],
    // reports that are not open still matter: last year's report, duplicates (the workspace index)
    synchronize: { configurationSection: 'govreport', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.govreport.{yaml,yml}') },
    // read at every start: a restart after govreport.language changed tells the server the new one
    initializationOptions: () => ({ lang: serverLanguage() }),
    errorHandler: new RestartingErrorHandler(),
  };
  client = new LanguageClient('govreport', 'GovReport', serverOptions, clientOptions);
  registerPreview(context, () => client);
  context.subscriptions.push(
    vscode.commands.registerCommand('govreport.restartServer', async () => {
      if (!client) return;
      await client.restart();
      void vscode.window.showInformationMessage(l10n.t('GovReport language server restarted.'));
    }),
    vscode.commands.registerCommand('govreport.newReport', (options?: NewReportOptions) => newReport(options)),
    vscode.commands.registerCommand('govreport.importReport', (uri?: unknown, options?: ImportOptions) =>
      importReport(() => client, uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined, options ?? {})),
    vscode.commands.registerCommand('govreport.checkWorkspace', () => checkWorkspace()),
    // the server reads its message language at initialize: a new language means a new server
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('govreport.language') && client?.isRunning()) void client.restart();
    }),
  );
  const started = client.start();
  return { ready: () => started };
}

type NewReportOptions = Partial<NewReportParams> & {
  useLastYear?: boolean;
  /** Start from this published report (a file URI), imported and rolled over to the next year. */
  fromPublished?: vscode.Uri | string;
};

/**
 * "GovReport: New Report": asks for the agency, the year and the kind, and opens an unsaved
 * `*.govreport.yaml` from the skeleton — or from last year's report of the same agency when the
 * workspace has it and the user wants it — or starts from a published report (imported, then rolled
 * over to the next year). Arguments (for tests and keybindings) skip the questions.
 */
async function newReport(options: NewReportOptions = {}): Promise<vscode.TextEditor | undefined> {
  if (!client) return undefined;
  if (options.fromPublished !== undefined) {
    const from = options.fromPublished;
    return newReportFromPublished(typeof from === 'string' ? vscode.Uri.parse(from) : from);
  }
  if (options.agency === undefined && options.year === undefined && options.kind === undefined) {
    // from the command palette: the template, or last year's report as published (this year's starts from it)
    const start = await vscode.window.showQuickPick([
      { label: l10n.t('Empty template…'), detail: l10n.t('Asks for the agency, the year and the kind; starts from last year\'s report when the workspace has it'), published: false },
      { label: l10n.t('From a published report…'), detail: l10n.t('Last year\'s report as published (web page, Word, PDF, text): imported, then rolled over to the next year'), published: true },
    ], { title: l10n.t('New Report'), placeHolder: l10n.t('Start from'), ignoreFocusOut: true });
    if (!start) return undefined;
    if (start.published) return newReportFromPublished(undefined);
  }
  const agency = options.agency ?? await vscode.window.showInputBox({
    title: l10n.t('New Report'), prompt: l10n.t('Agency (机关名称), as it signs the report'), ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : l10n.t('Enter the name of the agency')),
  });
  if (!agency?.trim()) return undefined;
  const lastYear = new Date().getFullYear() - 1;
  const yearText = options.year !== undefined ? String(options.year) : await vscode.window.showInputBox({
    title: l10n.t('New Report'), prompt: l10n.t('Report year (报告年度)'), value: String(lastYear), ignoreFocusOut: true,
    validateInput: (v) => (/^\d{4}$/.test(v.trim()) ? undefined : l10n.t('Enter a year such as {0}', lastYear)),
  });
  if (!yearText) return undefined;
  // the official names of the kinds come from the schema (the one source of labels)
  const official = agencyKindLabels();
  const kinds = ([
    ['department', l10n.t('Department of a government at county level or above')],
    ['government', l10n.t('People\'s government at county level or above')],
    ['township', l10n.t('Township government or sub-district office')],
  ] as const).map(([agencyKind, label]): vscode.QuickPickItem & { agencyKind: AgencyKind } =>
    // in Chinese the label is the official name already
    (official[agencyKind] && official[agencyKind] !== label ? { agencyKind, label, description: official[agencyKind] } : { agencyKind, label }));

  const kind = options.kind ?? (await vscode.window.showQuickPick(kinds, { title: l10n.t('New Report'), placeHolder: l10n.t('Kind of agency (机关类型)'), ignoreFocusOut: true }))?.agencyKind;
  if (!kind) return undefined;
  const params: NewReportParams = { agency: agency.trim(), year: Number(yearText), kind };
  const result = await client.sendRequest<NewReportResult>(NewReportRequest, params);
  let text = result.text;
  if (result.fromLastYear) {
    const fromFile = path.basename(vscode.Uri.parse(result.fromLastYear.uri).fsPath);
    const yes = l10n.t('Start from last year\'s report');
    const use = options.useLastYear ?? (await vscode.window.showInformationMessage(
      l10n.t('{0} holds the {1} report of {2}. Start from it (text kept, tables zeroed, carried-over applications filled in)?', fromFile, params.year - 1, params.agency),
      { modal: false }, yes, l10n.t('Start from the empty template'))) === yes;
    if (use) text = result.fromLastYear.text;
  }
  return openUntitled(params.agency, params.year, text);
}

/** New Report from a published report: imported by the server and rolled over to the year after it. */
async function newReportFromPublished(source: vscode.Uri | undefined): Promise<vscode.TextEditor | undefined> {
  source ??= await pickPublishedReport(l10n.t('New Report from a Published Report'));
  if (!source) return undefined;
  const result = await requestImport(() => client, source, true);
  if (!result) return undefined;
  if (!result.rolledOver || result.year === undefined) {
    void vscode.window.showErrorMessage(l10n.t('The report imported from {0} has no agency or year that can be read, so it cannot be rolled over. Import it with "Import Published Report…" and complete it.',
      source.path.slice(source.path.lastIndexOf('/') + 1)));
    return undefined;
  }
  return openUntitled(result.agency ?? '', result.year + 1, result.rolledOver);
}

/** Opens `text` as an unsaved report named after the agency and year. */
async function openUntitled(agency: string, year: number, text: string): Promise<vscode.TextEditor> {
  // an unsaved file with its final name in the first workspace folder: nothing is written until the user saves
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${agency}-${year}.govreport.yaml`.replace(/[\\/:*?"<>|]/g, '_');
  const target = folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(path.join(os.homedir(), name));
  const uri = target.with({ scheme: 'untitled' });
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  if (doc.languageId !== 'govreport') await vscode.languages.setTextDocumentLanguage(doc, 'govreport');
  return vscode.window.showTextDocument(doc);
}

let schemaPath = '';

/** `agency_kind`'s official names, from the schema's enumDescriptions. */
function agencyKindLabels(): Record<AgencyKind, string> {
  const out: Record<AgencyKind, string> = { department: '', government: '', township: '' };
  try {
    const kind = JSON.parse(fs.readFileSync(schemaPath, 'utf8')).properties.agency_kind as { enum: AgencyKind[]; enumDescriptions: string[] };
    kind.enum.forEach((k, i) => { out[k] = kind.enumDescriptions[i] ?? ''; });
  } catch {
    // the quick pick still works with the English names
  }
  return out;
}

/** "GovReport: Check All Reports in Workspace", with a progress notification that can be cancelled. */
async function checkWorkspace(): Promise<CheckWorkspaceResult | undefined> {
  if (!client) return undefined;
  const c = client;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: l10n.t('Checking the reports of the workspace'), cancellable: true },
    async (progress, token) => {
      let last = 0;
      const listener = c.onNotification(CheckWorkspaceProgressNotification, (p: CheckWorkspaceProgress) => {
        const pct = p.total ? (100 * p.done) / p.total : 100;
        progress.report({ increment: pct - last, message: l10n.t('{0} of {1}', p.done, p.total) });
        last = pct;
      });
      try {
        return await c.sendRequest<CheckWorkspaceResult>(CheckWorkspaceRequest, {}, token);
      } finally {
        listener.dispose();
      }
    },
  );
  const summary = l10n.t('Checked {0} reports: {1} errors, {2} warnings.', result.files, result.errors, result.warnings);
  void vscode.window.showInformationMessage(result.cancelled ? l10n.t('Cancelled. {0}', summary) : summary);
  if (result.errors + result.warnings > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
  return result;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * Restarts a crashed server a bounded number of times. The user is told once (the client's own
 * restart message is only logged, so without this a crash would pass in silence), and asked when the
 * server keeps dying.
 */
class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];
  private told = false;

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0]! > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length <= MAX_RESTARTS) {
      const message = l10n.t('The GovReport language server stopped unexpectedly and is being restarted.');
      if (!this.told) void vscode.window.showWarningMessage(message);
      this.told = true;
      return { action: CloseAction.Restart, message, handled: true };
    }
    void vscode.window
      .showErrorMessage(l10n.t('The GovReport language server stopped {0} times in 3 minutes and will not be restarted automatically.', this.restarts.length), l10n.t('Restart'))
      .then((choice) => { if (choice) void vscode.commands.executeCommand('govreport.restartServer'); });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
