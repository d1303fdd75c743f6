// Extension-host tests of editing prose in VS Code: the editor defaults the extension contributes for
// govreport documents (package.json configurationDefaults) and the govreport.language setting (the
// server restarts and speaks the chosen language, whatever VS Code's display language).
// Run with: npm run build && node scripts/vscode-test/run.mjs
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  LANGUAGE_ID, cleanUp, describe, example, exampleUri, open, replaceOnce, serverReady, waitFor, withCode, writeReport,
} from './helpers';

suite('Editing prose', () => {
  teardown(cleanUp);

  test('editor defaults for govreport: no ambiguous-character boxes, word wrap, 2 spaces, suggestions in values', async () => {
    const doc = await open(await exampleUri());
    assert.equal(doc.languageId, LANGUAGE_ID);
    const editor = vscode.workspace.getConfiguration('editor', { languageId: LANGUAGE_ID });
    assert.equal(editor.get('unicodeHighlight.ambiguousCharacters'), false);
    assert.equal(editor.get('wordWrap'), 'on');
    assert.equal(editor.get('tabSize'), 2);
    assert.equal(editor.get('insertSpaces'), true);
    assert.deepEqual(editor.get('quickSuggestions'), { other: 'on', comments: 'off', strings: 'on' });
    assert.equal(editor.get('wordBasedSuggestions'), 'off');
    // only for govreport: other languages keep VS Code's defaults (not plaintext or markdown, which
    // VS Code itself exempts from ambiguous-character boxes)
    const code = vscode.workspace.getConfiguration('editor', { languageId: 'typescript' });
    assert.equal(code.get('wordWrap'), 'off');
    assert.equal(code.get('unicodeHighlight.ambiguousCharacters'), true);
    // a new report opens with 2-space indentation (not VS Code's 4)
    const fresh = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
    const shown = await vscode.window.showTextDocument(fresh);
    assert.equal(shown.options.tabSize, 2);
    assert.equal(shown.options.insertSpaces, true);
  });

  test('govreport.language: zh gives Chinese problems, en English ones (the server restarts on change)', async () => {
    await serverReady();
    const config = () => vscode.workspace.getConfiguration('govreport');
    const previous = config().inspect<string>('language')?.workspaceValue;
    const text = replaceOnce(example(), 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]');
    const doc = await open(await writeReport(text, 'language'));
    const english = /but the sum of its six columns is 1/;
    const chinese = /但前六列之和为 1/;
    const rowTotal = (pattern: RegExp) => waitFor(`a row-total message matching ${pattern}`,
      () => withCode(doc.uri, 'row-total').find((d) => pattern.test(d.message)), () => describe(doc.uri));
    try {
      for (const [lang, pattern, not] of [['zh', chinese, english], ['en', english, chinese], ['zh', chinese, english]] as const) {
        await config().update('language', lang, vscode.ConfigurationTarget.Workspace);
        const d = await rowTotal(pattern);
        assert.doesNotMatch(d.message, not);
      }
    } finally {
      await config().update('language', previous, vscode.ConfigurationTarget.Workspace);
    }
    // back to the display language: wait for the restarted server, so the next test finds it running
    await rowTotal(vscode.env.language.startsWith('zh') ? chinese : english);
  });
});
