/**
 * "GovReport: Import Published Report…": a published report (a saved web page, a Word document, a PDF
 * with text, plain text) imported by the language server (`govreport/importReport`, the importer is
 * loaded there on first use), written beside the source as `NAME.govreport.yaml` (never replacing a
 * file without asking) and opened. What needs review is in the file as `# 导入：` comments, and the
 * server lists each of them in the Problems panel until the user deletes it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { l10n } from './l10n';
import { errorText, exists, fileName } from './uri-files';
import { ImportReportRequest, type ImportReportParams, type ImportReportResult } from '../../server/src/protocol';

type GetClient = () => LanguageClient | undefined;

/** The extensions offered by the file picker (the server tells the kind by content, not by name). */
export const IMPORTABLE_EXTENSIONS = ['html', 'htm', 'docx', 'pdf', 'txt'];

export interface ImportOptions {
  /** Replace an existing `NAME.govreport.yaml` without asking (tests, scripts). */
  overwrite?: boolean;
}

/** Asks for the published report to import (one file). */
export async function pickPublishedReport(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    openLabel: l10n.t('Import'),
    canSelectMany: false,
    canSelectFolders: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { [l10n.t('Published reports (web page, Word, PDF, text)')]: IMPORTABLE_EXTENSIONS, [l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

/**
 * Runs the server's import of `source` with a progress notification; shows why when nothing could be
 * imported and returns undefined then.
 */
export async function requestImport(getClient: GetClient, source: vscode.Uri, rollOver: boolean): Promise<ImportReportResult | undefined> {
  const client = getClient();
  if (!client) {
    void vscode.window.showErrorMessage(l10n.t('The GovReport language server is not running.'));
    return undefined;
  }
  let result: ImportReportResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Importing {0}', fileName(source)) },
      () => client.sendRequest<ImportReportResult>(ImportReportRequest,
        { uri: source.toString(), ...(rollOver ? { rollOver } : {}) } satisfies ImportReportParams),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(l10n.t('The report could not be imported: {0}', errorText(err)));
    return undefined;
  }
  if (!result.ok || result.text === undefined) {
    void vscode.window.showErrorMessage(l10n.t('The report could not be imported: {0}', result.message ?? ''));
    return undefined;
  }
  return result;
}

/** `report.html` → `report.govreport.yaml` beside it. */
export function importTarget(source: vscode.Uri): vscode.Uri {
  const stem = fileName(source).replace(/\.(html?|shtml|xhtml|docx?|wps|pdf|txt|text)$/i, '') || 'report';
  return vscode.Uri.joinPath(source, '..', `${stem}.govreport.yaml`);
}

/** Imports `source` (asked for when absent); returns the report file written and opened (tests), undefined otherwise. */
export async function importReport(getClient: GetClient, source: vscode.Uri | undefined, options: ImportOptions): Promise<vscode.Uri | undefined> {
  source ??= await pickPublishedReport(l10n.t('Import Published Report'));
  if (!source) return undefined;
  const result = await requestImport(getClient, source, false);
  if (!result) return undefined;

  const target = importTarget(source);
  if (!options.overwrite && await exists(target)) {
    const overwrite = l10n.t('Overwrite');
    const openExisting = l10n.t('Open the Existing File');
    const answer = await vscode.window.showWarningMessage(
      l10n.t('{0} already exists. Do you want to replace it with the report imported from {1}?', fileName(target), fileName(source)),
      { modal: true }, overwrite, openExisting);
    if (answer === openExisting) await vscode.window.showTextDocument(target);
    if (answer !== overwrite) return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(result.text!, 'utf8'));
  } catch (err) {
    void vscode.window.showErrorMessage(l10n.t('The report could not be imported: {0}', errorText(err)));
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc);
  const summary = result.emptyCells > 0
    ? l10n.t('Imported {0} ({1} format): {2} notes to review, {3} cells left empty. Each note is a “# 导入：” comment, listed in the Problems panel; delete it once reviewed.',
      fileName(target), result.format ?? '', result.notes.length, result.emptyCells)
    : l10n.t('Imported {0} ({1} format): {2} notes to review. Each note is a “# 导入：” comment, listed in the Problems panel; delete it once reviewed.',
      fileName(target), result.format ?? '', result.notes.length);
  void vscode.window.showInformationMessage(summary);
  if (result.notes.length > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
  return target;
}
