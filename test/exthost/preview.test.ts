// Extension-host tests of the report preview and the HTML export: the preview's tab (label, column, following
// the active report, lock) and the exported file (beside the report, standalone, hostile text escaped).
// What the webview shows is checked by the browser-level test; here only what the extension host can see.
// Run with: npm run build && node scripts/vscode-test/run.mjs --grep preview
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cleanUp, example, exampleUri, open, replaceOnce, serverReady, track, waitFor, workspaceFolder, writeReport } from './helpers';

const VIEW_TYPE = 'govreport.preview';

/** The preview tabs (the extension host sees the viewType with a prefix, hence endsWith). */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}
function tabsState(): string {
  return vscode.window.tabGroups.all.map((g) => `column ${g.viewColumn}: ${g.tabs.map((t) => `${t.label}${t.isActive ? '*' : ''}`
    + `${t.input instanceof vscode.TabInputWebview ? ` (webview ${t.input.viewType})` : ''}`).join(', ')}`).join(' | ');
}
function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path);
}
/** Waits for exactly one preview tab whose label names the report. */
function previewOf(uri: vscode.Uri): Promise<vscode.Tab> {
  return waitFor(`a preview tab labelled with ${fileName(uri)}`, () => {
    const tabs = previewTabs();
    return tabs.length === 1 && tabs[0].label.includes(fileName(uri)) && tabs[0];
  }, tabsState);
}

/** Copies the example under a name of its own, so that the export writes a file no other test reads. */
async function exampleCopy(text = example()): Promise<vscode.Uri> {
  return writeReport(text, 'preview');
}
const exported: vscode.Uri[] = [];
async function exportHtml(uri: vscode.Uri, options: { overwrite?: boolean; target?: vscode.Uri } = { overwrite: true }): Promise<string> {
  const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('govreport.exportHtml', uri, options);
  assert.ok(target instanceof vscode.Uri, 'govreport.exportHtml returned no file (the server\'s govreport/render failed?)');
  exported.push(track(target));
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
}

/** Attribute names and URL values of the real tags (escaped text such as `&lt;img onerror=…` is not a tag). */
function tagsWithScriptingAttributes(html: string): string[] {
  const bad: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)) {
    for (const attr of tag[2].matchAll(/([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g)) {
      const name = attr[1].toLowerCase();
      const value = (attr[2] ?? '').replace(/^["']|["']$/g, '').trim().toLowerCase();
      if (name.startsWith('on') || ((name === 'href' || name === 'src' || name === 'action') && value.startsWith('javascript:'))) {
        bad.push(tag[0]);
      }
    }
  }
  return bad;
}

suite('GovReport preview and HTML export', () => {
  suiteSetup(async () => {
    workspaceFolder();
    await serverReady();
  });
  teardown(cleanUp);

  test('govreport.preview opens a preview tab of the report in the editor\'s column', async () => {
    const uri = await exampleUri();
    await open(uri);
    const column = vscode.window.activeTextEditor?.viewColumn;
    await vscode.commands.executeCommand('govreport.preview');
    const tab = await previewOf(uri);
    assert.equal(tab.group.viewColumn, column, tabsState());
    assert.ok(tab.isActive, `the preview should be the active tab of its group; ${tabsState()}`);
    // run again, it reuses the preview instead of opening a second one
    await open(uri);
    await vscode.commands.executeCommand('govreport.preview');
    await previewOf(uri);
    assert.equal(previewTabs().length, 1, tabsState());
  });

  test('govreport.previewToSide opens the preview in another column and keeps the focus in the editor', async () => {
    const uri = await exampleUri();
    const doc = await open(uri);
    const column = vscode.window.activeTextEditor?.viewColumn;
    await vscode.commands.executeCommand('govreport.previewToSide', uri);
    const tab = await previewOf(uri);
    assert.notEqual(tab.group.viewColumn, column, tabsState());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the editor lost the focus');
  });

  test('the preview follows the active report, and stays on its report when locked', async () => {
    const first = await exampleUri();
    await open(first);
    await vscode.commands.executeCommand('govreport.previewToSide');
    await previewOf(first);

    const second = await exampleCopy();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(second), { viewColumn: vscode.ViewColumn.One, preview: false });
    // the label, not the tab: a Tab object shows its current label
    const following = (await previewOf(second)).label;

    await vscode.commands.executeCommand('govreport.togglePreviewLock');
    const locked = await waitFor('the title of the locked preview', () => {
      const label = previewTabs()[0]?.label;
      return label !== undefined && label !== following && label.includes(fileName(second)) && label;
    }, tabsState);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(first), { viewColumn: vscode.ViewColumn.One, preview: false });
    // not an event to wait for: give a following preview the time to switch, then check that it did not
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(previewTabs()[0]?.label, locked, tabsState());

    // unlocked again, it follows the active report at once
    await vscode.commands.executeCommand('govreport.togglePreviewLock');
    await previewOf(first);
  });

  test('govreport.exportHtml writes a standalone .html beside the report', async () => {
    const uri = await exampleCopy();
    await open(uri);
    const html = await exportHtml(uri);
    const target = exported[exported.length - 1];
    assert.equal(fileName(target), fileName(uri).replace(/\.govreport\.yaml$/, '.html'));
    assert.equal(target.toString(), vscode.Uri.joinPath(uri, '..', fileName(target)).toString(), 'not written beside the report');
    assert.ok(html.trimStart().startsWith('<!DOCTYPE html>'), `does not start with <!DOCTYPE html>: ${html.slice(0, 80)}`);
    assert.ok(!/<script/i.test(html), 'the exported document contains a <script');
    assert.ok(html.includes('台儿庄区民政局') && html.includes('2023年政府信息公开工作年度报告'), 'the title is missing');
    assert.ok(html.includes('2024年1月16日'), 'the date 2024年1月16日 is missing');

    // again, over the file written: the option skips the question and the file is replaced
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode('old'));
    assert.ok((await exportHtml(uri)).startsWith('<!DOCTYPE html>'), 'the existing file was not overwritten');
  });

  test('govreport.exportHtml of an untitled report writes the target it is given', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'govreport', content: example() });
    await vscode.window.showTextDocument(doc);
    const target = vscode.Uri.joinPath(workspaceFolder(), `preview-untitled-${process.pid}.html`);
    const html = await exportHtml(doc.uri, { target, overwrite: true });
    assert.equal(exported[exported.length - 1].toString(), target.toString());
    assert.ok(html.includes('2024年1月16日'), 'the date 2024年1月16日 is missing');
  });

  test('govreport.exportHtml escapes hostile text', async () => {
    let text = example();
    text = replaceOnce(text, 'agency: 台儿庄区民政局\n', 'agency: "<script>alert(1)</script>"\n');
    text = replaceOnce(text, 'website: http://www.tez.gov.cn/', 'website: "javascript:alert(1)"');
    text = replaceOnce(text, 'email: tezmzjbgs@zz.shandong.cn', 'email: \'a@b.c" onmouseover="alert(1)\'');
    text = replaceOnce(text, 'preamble: |\n  ', 'preamble: |\n  </article><img src=x onerror=alert(1)><script>alert(2)</script>');
    text = replaceOnce(text, '  proactive: |\n    ', '  proactive: |\n    "><svg onload=alert(3)>&amp;');
    const uri = await exampleCopy(text);
    await open(uri);
    const html = await exportHtml(uri);
    assert.ok(!/<script/i.test(html), 'a <script reached the exported document');
    assert.ok(!/<img\s+src=x/i.test(html) && !/<svg\s+onload/i.test(html), 'markup from the report reached the document unescaped');
    assert.deepEqual(tagsWithScriptingAttributes(html), [], 'event handler attributes or javascript: URLs in the document');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || html.includes('&lt;script>alert(1)&lt;/script>'),
      'the agency is not shown as escaped text');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;') || html.includes('&lt;img src=x onerror=alert(1)>'),
      'the preamble is not shown as escaped text');
    assert.ok(html.includes('&amp;amp;'), 'a literal &amp; in the text must be escaped as &amp;amp;');
  });
});
