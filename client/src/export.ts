/**
 * "Export Word (.docx)" and "Export PDF": the report as the file an office files, made by the language
 * server (`govreport/export`) and written beside the report as `<name>.docx` / `<name>.pdf` (an untitled
 * report asks where). A report with errors is exported only after the user says so; the errors are never
 * marked inside the file (the preview is for checking).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { l10n } from './l10n';
import { ExportRequest, type ExportFormat, type ExportParams, type ExportResult } from '../../server/src/protocol';

type GetClient = () => LanguageClient | undefined;

export interface FileExportOptions {
  /** Overwrite an existing file without asking (tests, scripts). */
  overwrite?: boolean;
  /** Write here instead of beside the report (and without the save dialog for an untitled report). */
  target?: vscode.Uri;
  /** Export a report with errors without asking (tests, scripts). */
  force?: boolean;
}

const fileName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function request(getClient: GetClient, params: ExportParams): Promise<ExportResult> {
  const client = getClient();
  if (!client) throw new Error(l10n.t('The GovReport language server is not running.'));
  const result = await client.sendRequest<ExportResult | null>(ExportRequest, params);
  if (!result) throw new Error(l10n.t('{0} could not be read.', fileName(vscode.Uri.parse(params.uri))));
  return result;
}

/** Exports the report at `uri`; returns the file written (tests), undefined otherwise. */
export async function exportFile(
  getClient: GetClient, uri: vscode.Uri | undefined, format: ExportFormat, options: FileExportOptions,
): Promise<vscode.Uri | undefined> {
  if (!uri) {
    void vscode.window.showErrorMessage(l10n.t('Open a report (*.govreport.yaml) to export it.'));
    return undefined;
  }
  const title = format === 'docx' ? l10n.t('Export Word (.docx)') : l10n.t('Export PDF');
  const stem = fileName(uri).replace(/(\.govreport)?\.ya?ml$/i, '') || 'report';
  let target = options.target;
  let confirmed = !!options.overwrite;
  if (!target && uri.scheme === 'untitled') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title,
      saveLabel: l10n.t('Export'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${stem}.${format}`) : undefined,
      filters: format === 'docx' ? { Word: ['docx'] } : { PDF: ['pdf'] },
    });
    if (!target) return undefined;
    confirmed = true; // the save dialog has asked about overwriting
  }
  target ??= vscode.Uri.joinPath(uri, '..', `${stem}.${format}`);

  // the language client sends the document to the server once it is open
  await vscode.workspace.openTextDocument(uri);
  const pdfConverter = vscode.workspace.getConfiguration('govreport', uri).get<string>('export.pdfConverter', '').trim();
  const params: ExportParams = { uri: uri.toString(), format, ...(options.force ? { force: true } : {}), ...(format === 'pdf' && pdfConverter ? { pdfConverter } : {}) };
  let result: ExportResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
      let first = await request(getClient, params);
      if (first.refused) {
        const anyway = l10n.t('Export Anyway');
        const answer = await vscode.window.showWarningMessage(
          l10n.t('{0} has {1} errors. A document for filing should not carry them. Export anyway?', fileName(uri), first.errors),
          { modal: true }, anyway);
        if (answer !== anyway) return first;
        first = await request(getClient, { ...params, force: true });
      }
      return first;
    });
  } catch (err) {
    void vscode.window.showErrorMessage(l10n.t('The report could not be exported: {0}', errorText(err)));
    return undefined;
  }
  if (!result.ok) {
    void vscode.window.showErrorMessage(l10n.t('{0} is not valid YAML and cannot be exported. See the Problems panel.', fileName(uri)));
    return undefined;
  }
  if (result.refused) return undefined; // the user said no
  if (result.message !== undefined || result.data === undefined) {
    const settings = l10n.t('Open Settings');
    void vscode.window.showErrorMessage(l10n.t('The report could not be exported: {0}', result.message ?? ''), ...(format === 'pdf' ? [settings] : []))
      .then((choice) => { if (choice === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'govreport.export.pdfConverter'); });
    return undefined;
  }

  if (!confirmed && await exists(target)) {
    const overwrite = l10n.t('Overwrite');
    const answer = await vscode.window.showWarningMessage(
      l10n.t('{0} already exists. Do you want to replace it?', fileName(target)), { modal: true }, overwrite);
    if (answer !== overwrite) return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(result.data, 'base64'));
  } catch (err) {
    void vscode.window.showErrorMessage(l10n.t('The report could not be exported: {0}', errorText(err)));
    return undefined;
  }
  const written = target;
  const open = l10n.t('Open');
  const message = result.errors + result.warnings > 0
    ? l10n.t('Exported {0} (the report has {1} errors and {2} warnings).', fileName(written), result.errors, result.warnings)
    : l10n.t('Exported {0}.', fileName(written));
  // not awaited: the command's result (and a test) must not wait for the notification
  void vscode.window.showInformationMessage(message, open).then(async (choice) => {
    if (choice !== open) return;
    // Word, WPS or a PDF reader: the system's program for the file; VS Code cannot show a .docx
    const opened = written.scheme === 'file' && !vscode.env.remoteName && await vscode.env.openExternal(written);
    if (!opened) await vscode.commands.executeCommand('revealFileInOS', written);
  });
  return written;
}
