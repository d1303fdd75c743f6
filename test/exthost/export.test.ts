// Extension-host tests of "GovReport: Export Word (.docx)": the file beside the report, a real .docx (a zip
// with word/document.xml and the three tables), and a report with errors exported when the caller forces it
// (the question a user gets is a modal dialog, which a test cannot answer; the refusal itself is tested over
// the protocol in test/lsp/export.test.ts).
// Run with: npm run build && node scripts/vscode-test/run.mjs --grep "Word export"
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { strFromU8, unzipSync } from 'fflate';
import { cleanUp, example, open, replaceOnce, serverReady, track, workspaceFolder, writeReport } from './helpers';

const exported: vscode.Uri[] = [];

async function exportDocx(uri: vscode.Uri, options: { overwrite?: boolean; force?: boolean }): Promise<string> {
  const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('govreport.exportDocx', uri, options);
  assert.ok(target instanceof vscode.Uri, 'govreport.exportDocx returned no file (the server\'s govreport/export failed?)');
  exported.push(track(target));
  const files = unzipSync(await vscode.workspace.fs.readFile(target));
  assert.ok(files['word/document.xml'], 'a .docx holds word/document.xml');
  return strFromU8(files['word/document.xml']);
}

suite('GovReport Word export', () => {
  suiteSetup(async () => {
    workspaceFolder();
    await serverReady();
  });
  teardown(cleanUp);

  test('govreport.exportDocx writes <name>.docx beside the report', async () => {
    const uri = await writeReport(example(), 'export');
    await open(uri);
    const xml = await exportDocx(uri, { overwrite: true });
    const target = exported[exported.length - 1]!;
    assert.equal(path.posix.basename(target.path), path.posix.basename(uri.path).replace(/\.govreport\.yaml$/, '.docx'));
    assert.equal(target.toString(), vscode.Uri.joinPath(uri, '..', path.posix.basename(target.path)).toString());
    assert.equal((xml.match(/<w:tbl>/g) ?? []).length, 3, 'tables 二, 三 and 四');
    assert.ok(xml.includes('2024年1月16日'));
  });

  test('a report with errors is exported when forced, with the figures as written', async () => {
    const text = replaceOnce(example(), 'total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [0, 0, 6, 0, 0, 0, 0]');
    const uri = await writeReport(text, 'export');
    await open(uri);
    const xml = await exportDocx(uri, { overwrite: true, force: true });
    assert.ok(/（七）总计[\s\S]*?<w:t xml:space="preserve">6<\/w:t>/.test(xml), 'the figure 6 of （七）总计');
  });
});
