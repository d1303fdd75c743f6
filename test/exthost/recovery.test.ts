// Crash recovery in a real VS Code: the language server process is killed; the client restarts it
// and diagnostics come back and follow edits again.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const POLL_MS = 20_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  const end = Date.now() + POLL_MS;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The language server processes this extension host started (children running dist/server.js). */
function serverPids(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'dist/server.js'], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

const codes = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'govreport').map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));

suite('GovReport crash recovery', () => {
  const ws = () => vscode.workspace.workspaceFolders![0]!.uri;
  const file = () => vscode.Uri.joinPath(ws(), 'recovery-copy.govreport.yaml');

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file().fsPath, { force: true });
  });

  test('the server is killed: the client restarts it and diagnostics follow edits again', async () => {
    const example = fs.readFileSync(path.join(ws().fsPath, 'taierzhuang-minzheng-2023.govreport.yaml'), 'utf8');
    // another agency: the copy must not be a duplicate-report of the example
    const text = example.replace('agency: 台儿庄区民政局', 'agency: 台儿庄区测试局').replace('received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]');
    fs.writeFileSync(file().fsPath, text);
    const doc = await vscode.workspace.openTextDocument(file());
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('row-total before the crash', () => codes(doc.uri).includes('row-total'));
    const [before] = await waitFor('the language server process', () => (serverPids().length ? serverPids() : undefined));

    process.kill(before!, 'SIGKILL');
    const after = await waitFor('a new language server process', () => serverPids().find((p) => p !== before));
    assert.notEqual(after, before);

    // the new server publishes for the open document, and follows an edit: fix the row total
    const line = doc.getText().split('\n').findIndex((l) => l.includes('received:'));
    const lineText = doc.lineAt(line).text;
    const at = lineText.lastIndexOf('0]');
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 1), '1'));
    await waitFor('row-total gone after the restart', () => !codes(doc.uri).includes('row-total'));
    await editor.edit((e) => e.replace(new vscode.Range(line, at, line, at + 1), '5'));
    await waitFor('row-total back on a new mistake', () => codes(doc.uri).includes('row-total'));
  });
});
