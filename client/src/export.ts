/**
 * The exports: "Export HTML" (the standalone document, `govreport/render`), "Export Word (.docx)" and
 * "Export PDF" (the file an office files, `govreport/export`), each written beside the report as
 * `<name>.html|docx|pdf` (an untitled report asks where). Word and PDF from a report with errors are
 * made only after the user says so; the errors are never marked inside the file (the preview is for
 * checking).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { l10n } from './l10n';
import { errorText, exists, fileName } from './uri-files';
import {
  ExportRequest, RenderRequest, type ExportFormat, type ExportParams, type ExportResult, type RenderResult,
} from '../../server/src/protocol';

type GetClient = () => LanguageClient | undefined;

export interface FileExportOptions {
  /** Overwrite an existing file without asking (tests, scripts). */
  overwrite?: boolean;
  /** Write here instead of beside the report (and without the save dialog for an untitled report). */
  target?: vscode.Uri;
  /** Export a report with errors without asking (tests, scripts). */
  force?: boolean;
}

async function request<P extends { uri: string }, R>(getClient: GetClient, method: string, params: P): Promise<R> {
  const client = getClient();
  if (!client) throw new Error(l10n.t('The GovReport language server is not running.'));
  // opening the document is what makes the language client send it to the server (didOpen)
  await vscode.workspace.openTextDocument(vscode.Uri.parse(params.uri));
  const result = await client.sendRequest<R | null>(method, params);
  // null: the server has neither the open document nor a readable file
  if (!result) throw new Error(l10n.t('{0} could not be read.', fileName(vscode.Uri.parse(params.uri))));
  return result;
}

interface Target {
  target: vscode.Uri;
  /** The user has agreed to replace an existing file (the save dialog asks). */
  confirmed: boolean;
}

/** Where an export of `uri` goes: beside the report, or (untitled report) where the user says. */
async function exportTarget(
  uri: vscode.Uri, ext: string, title: string, filters: Record<string, string[]>, options: FileExportOptions,
): Promise<Target | undefined> {
  const stem = fileName(uri).replace(/(\.govreport)?\.ya?ml$/i, '') || 'report';
  if (options.target) return { target: options.target, confirmed: !!options.overwrite };
  if (uri.scheme === 'untitled') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title,
      saveLabel: l10n.t('Export'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${stem}.${ext}`) : undefined,
      filters,
    });
    return target && { target, confirmed: true }; // the save dialog has asked about overwriting
  }
  return { target: vscode.Uri.joinPath(uri, '..', `${stem}.${ext}`), confirmed: !!options.overwrite };
}

// The notices every export gives (one wording each); undefined: what an export that did not happen returns.
function exportFailed(err: unknown): undefined {
  void vscode.window.showErrorMessage(l10n.t('The report could not be exported: {0}', errorText(err)));
  return undefined;
}

function notValidYaml(uri: vscode.Uri): undefined {
  void vscode.window.showErrorMessage(l10n.t('{0} is not valid YAML and cannot be exported. See the Problems panel.', fileName(uri)));
  return undefined;
}

function noReport(): undefined {
  void vscode.window.showErrorMessage(l10n.t('Open a report (*.govreport.yaml) to export it.'));
  return undefined;
}

/**
 * Writes an export (asking before it replaces a file) and offers to open it: in the system's program
 * (a browser, Word, WPS, a PDF reader), else with `fallback` (VS Code cannot show a .docx).
 */
async function writeExport(
  { target, confirmed }: Target, bytes: Uint8Array, problems: { errors: number; warnings: number }, fallback: 'vscode.open' | 'revealFileInOS',
): Promise<vscode.Uri | undefined> {
  if (!confirmed && await exists(target)) {
    const overwrite = l10n.t('Overwrite');
    const answer = await vscode.window.showWarningMessage(
      l10n.t('{0} already exists. Do you want to replace it?', fileName(target)), { modal: true }, overwrite);
    if (answer !== overwrite) return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (err) {
    return exportFailed(err);
  }
  const open = l10n.t('Open');
  const message = problems.errors + problems.warnings > 0
    ? l10n.t('Exported {0} (the report has {1} errors and {2} warnings).', fileName(target), problems.errors, problems.warnings)
    : l10n.t('Exported {0}.', fileName(target));
  // not awaited: the command's result (and a test) must not wait for the notification
  void vscode.window.showInformationMessage(message, open).then(async (choice) => {
    if (choice !== open) return;
    const opened = target.scheme === 'file' && !vscode.env.remoteName && await vscode.env.openExternal(target);
    if (!opened) await vscode.commands.executeCommand(fallback, target);
  });
  return target;
}

/** "Export HTML": the standalone document (styles inlined, no script). Returns the file written (tests). */
export async function exportHtml(getClient: GetClient, uri: vscode.Uri | undefined, options: FileExportOptions): Promise<vscode.Uri | undefined> {
  if (!uri) {
    return noReport();
  }
  const where = await exportTarget(uri, 'html', l10n.t('Export HTML'), { HTML: ['html', 'htm'] }, options);
  if (!where) return undefined;
  let result: RenderResult;
  try {
    result = await request<{ uri: string; standalone: true }, RenderResult>(getClient, RenderRequest, { uri: uri.toString(), standalone: true });
  } catch (err) {
    return exportFailed(err);
  }
  if (!result.ok) {
    return notValidYaml(uri);
  }
  // a browser shows the document as it will be published; VS Code's editor is the fallback (remote, web)
  return writeExport(where, new TextEncoder().encode(result.html), result, 'vscode.open');
}

/** Exports the report at `uri`; returns the file written (tests), undefined otherwise. */
export async function exportFile(
  getClient: GetClient, uri: vscode.Uri | undefined, format: ExportFormat, options: FileExportOptions,
): Promise<vscode.Uri | undefined> {
  if (!uri) {
    return noReport();
  }
  const title = format === 'docx' ? l10n.t('Export Word (.docx)') : l10n.t('Export PDF');
  const where = await exportTarget(uri, format, title, format === 'docx' ? { Word: ['docx'] } : { PDF: ['pdf'] }, options);
  if (!where) return undefined;

  const pdfConverter = vscode.workspace.getConfiguration('govreport', uri).get<string>('export.pdfConverter', '').trim();
  const params: ExportParams = { uri: uri.toString(), format, ...(options.force ? { force: true } : {}), ...(format === 'pdf' && pdfConverter ? { pdfConverter } : {}) };
  let result: ExportResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
      let first = await request<ExportParams, ExportResult>(getClient, ExportRequest, params);
      if (first.refused) {
        const anyway = l10n.t('Export Anyway');
        const answer = await vscode.window.showWarningMessage(
          l10n.t('{0} has {1} errors. A document for filing should not carry them. Export anyway?', fileName(uri), first.errors),
          { modal: true }, anyway);
        if (answer !== anyway) return first;
        first = await request<ExportParams, ExportResult>(getClient, ExportRequest, { ...params, force: true });
      }
      return first;
    });
  } catch (err) {
    return exportFailed(err);
  }
  if (!result.ok) {
    return notValidYaml(uri);
  }
  if (result.refused) return undefined; // the user said no
  if (result.message !== undefined || result.data === undefined) {
    const settings = l10n.t('Open Settings');
    void vscode.window.showErrorMessage(l10n.t('The report could not be exported: {0}', result.message ?? ''), ...(format === 'pdf' ? [settings] : []))
      .then((choice) => { if (choice === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'govreport.export.pdfConverter'); });
    return undefined;
  }

  // Word, WPS or a PDF reader: the system's program for the file; VS Code cannot show a .docx
  return writeExport(where, Buffer.from(result.data, 'base64'), result, 'revealFileInOS');
}
