// Extension-host tests of "GovReport: Import Published Report…" and New Report from a published report:
// a saved page in the workspace is imported by the language server, written beside it as
// NAME.govreport.yaml and opened; each `# 导入：` comment is an information problem (import-review) until
// the user deletes the comment; an existing file is replaced only when the caller says so (the question a
// user gets is a modal dialog, which a test cannot answer); New Report rolls the published report over.
// Run with: npm run build && node scripts/vscode-test/run.mjs --grep "import"
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { REPO, cleanUp, describe, serverReady, track, waitFor, withCode, workspaceFolder } from './helpers';

const PAGE = path.join(REPO, 'test', 'fixtures', 'corpus', 'shuyang-fgj-2023.html');
async function copyPage(stem: string): Promise<vscode.Uri> {
  const uri = track(vscode.Uri.joinPath(workspaceFolder(), `${stem}-${process.pid}.html`));
  track(vscode.Uri.joinPath(workspaceFolder(), `${stem}-${process.pid}.govreport.yaml`)); // what the import writes
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(PAGE));
  return uri;
}

const commentLines = (text: string) => text.split('\n').flatMap((l, i) => (/^\s*# 导入：/.test(l) ? [i] : []));

suite('GovReport import of published reports', () => {
  suiteSetup(async () => {
    workspaceFolder();
    await serverReady();
  });
  teardown(cleanUp);

  test('govreport.importReport writes NAME.govreport.yaml beside the page, opens it, and lists the review notes', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('govreport.importReport'), 'command govreport.importReport is not registered');
    const page = await copyPage('published');
    const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('govreport.importReport', page, { overwrite: true });
    assert.ok(target instanceof vscode.Uri, 'govreport.importReport returned no file');
    assert.equal(target.toString(), vscode.Uri.joinPath(page, '..', `published-${process.pid}.govreport.yaml`).toString());
    const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    const data = parse(text) as { agency: string; year: number; format: number };
    assert.deepEqual([data.agency, data.year, data.format], ['沭阳县发展和改革局', 2023, 2021]);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), 'the imported report is opened');

    // one information problem per `# 导入：` comment, on its line
    const lines = commentLines(text);
    assert.ok(lines.length > 0);
    const notes = await waitFor('the import-review notes', () => {
      const found = withCode(target, 'import-review');
      return found.length === lines.length && found;
    }, () => describe(target));
    assert.deepEqual(notes.map((d) => d.range.start.line).sort((a, b) => a - b), lines);
    assert.ok(notes.every((d) => d.severity === vscode.DiagnosticSeverity.Information));

    // the user has reviewed the first note and deletes its comment: that note goes, the rest stay
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.delete(new vscode.Range(lines[0]!, 0, lines[0]! + 1, 0)));
    await waitFor('one note fewer', () => withCode(target, 'import-review').length === lines.length - 1, () => describe(target));
    await editor.document.save();
  });

  test('an existing report file is replaced when the caller has confirmed it (overwrite)', async () => {
    const page = await copyPage('again');
    const target = vscode.Uri.joinPath(page, '..', `again-${process.pid}.govreport.yaml`);
    await vscode.workspace.fs.writeFile(target, Buffer.from('# mine\n', 'utf8'));
    const first = await vscode.commands.executeCommand<vscode.Uri | undefined>('govreport.importReport', page, { overwrite: true });
    assert.equal(first?.toString(), target.toString());
    assert.match(Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8'), /^# 沭阳县发展和改革局2023年/);
  });

  test('New Report from a published report: imported and rolled over to the next year', async () => {
    const page = await copyPage('rollover');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('govreport.newReport', { fromPublished: page });
    assert.ok(editor, 'govreport.newReport opened no editor');
    assert.equal(editor.document.uri.scheme, 'untitled', 'nothing is written until the user saves');
    assert.match(editor.document.uri.path, /沭阳县发展和改革局-2024\.govreport\.yaml$/);
    const data = parse(editor.document.getText()) as { year: number; agency: string };
    assert.deepEqual([data.agency, data.year], ['沭阳县发展和改革局', 2024]);
    assert.equal(editor.document.languageId, 'govreport');
  });
});
