// Extension-host tests of the GovReport extension: language id, the language server's diagnostics, the
// row-total quick fix, the govreport.rules setting and the restart command, in a real VS Code.
// Run with: npm run build && node scripts/vscode-test/run.mjs
// Each test writes its own report copy into the workspace folder and removes it again; nothing here sleeps
// as an assertion: results are polled for (up to POLL_MS).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, LANGUAGE_ID, applyTextEdits, sleep, cellRange, cleanUp, codeOf, describe, diagnostic, example, exampleUri, open, ours,
  rangeText, waitFor, withCode, workspaceFolder, writeReport as writeOwnReport,
} from './helpers';

const RECEIVED_OK = 'received:      [0, 0, 0, 0, 0, 0, 0]';
const RECEIVED_BROKEN = 'received:      [1, 0, 0, 0, 0, 0, 0]';
const RECEIVED_COMMENT = '# 一、本年新收政府信息公开申请数量';

// ------------------------------------------------------------------------------------------------ helpers
/** Contains the number n as a whole number (not as part of 10, 2021, …). */
function mentions(text: string, n: number): boolean {
  return new RegExp(`(^|[^0-9])${n}([^0-9]|$)`).test(text);
}

/** The numbers of the flow sequence on a line. */
function rowNumbers(line: string): number[] {
  const inside = /\[([^\]]*)\]/.exec(line);
  assert.ok(inside, `no [ … ] row in: ${line}`);
  return inside[1].split(',').map((s) => Number(s.trim()));
}

/** The example with one wrong figure: received 自然人 1, its row total still 0. */
function brokenText(): string {
  assert.ok(example().includes(RECEIVED_OK), `the example no longer contains "${RECEIVED_OK}"`);
  return example().replace(RECEIVED_OK, RECEIVED_BROKEN);
}

/**
 * This suite's problems: the copies of the example (each under an agency of its own) rightly share
 * their texts, which copied-text across agencies reports; that rule has its own tests.
 */
const mine = (uri: vscode.Uri) => ours(uri).filter((d) => codeOf(d) !== 'copied-text');

/** Every report of these tests under an agency of its own (see writeReport). */
const writeReport = (text: string, stem?: string) => writeOwnReport(text, stem, { ownAgency: true });

// ------------------------------------------------------------------------------------------------ tests
suite('GovReport in the extension host', () => {
  suiteSetup(() => {
    workspaceFolder();
  });
  teardown(cleanUp);

  test('*.govreport.yaml gets language id govreport and activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath = repository root?)`);
    const doc = await open(await exampleUri());
    assert.equal(doc.languageId, LANGUAGE_ID);
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
  });

  test('the example report has no diagnostics', async () => {
    const example = await open(await exampleUri());
    // a broken copy opened afterwards proves the server is up and has seen the example before it
    const broken = await open(await writeReport(brokenText()));
    await waitFor('diagnostics on the broken copy (language server running)', () => mine(broken.uri).length > 0,
      () => describe(broken.uri));
    assert.deepEqual(mine(example.uri).map(codeOf), [], describe(example.uri));
    // and it stays clean (no late publication) while the server keeps working
    const end = Date.now() + 1000;
    while (Date.now() < end) {
      assert.equal(mine(example.uri).length, 0, describe(example.uri));
      await sleep(100);
    }
  });

  test('broken copy: row-total on the 总计 cell of received, balance on the 自然人 cell of carried_forward', async () => {
    const text = brokenText();
    const doc = await open(await writeReport(text));
    const rowTotal = await diagnostic(doc.uri, 'row-total');
    const balance = await diagnostic(doc.uri, 'balance');
    assert.deepEqual(mine(doc.uri).map(codeOf).sort(), ['balance', 'row-total'], describe(doc.uri));

    const totalCell = cellRange(text, 'received', 6);       // 7th number: 总计
    assert.equal(rangeText(rowTotal.range), rangeText(totalCell), `row-total range; ${describe(doc.uri)}`);
    assert.equal(doc.getText(rowTotal.range), '0');
    assert.equal(rowTotal.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(mentions(rowTotal.message, 1) && mentions(rowTotal.message, 0),
      `row-total message should give the row sum 1 and the total 0: ${rowTotal.message}`);

    const naturalPerson = cellRange(text, 'carried_forward', 0); // 1st number: 自然人
    assert.equal(rangeText(balance.range), rangeText(naturalPerson), `balance range; ${describe(doc.uri)}`);
    assert.equal(doc.getText(balance.range), '0');
    assert.equal(balance.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(mentions(balance.message, 1) && mentions(balance.message, 0),
      `balance message should give the expected 1 and the reported 0: ${balance.message}`);
  });

  test('quick fix sets the 总计 cell to the row sum and keeps the comment', async () => {
    const text = brokenText();
    const doc = await open(await writeReport(text));
    const rowTotal = await diagnostic(doc.uri, 'row-total');
    const line = rowTotal.range.start.line;

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, rowTotal.range, undefined, 50) ?? [];
    const listing = actions.map((a) => `${a.title} [${'kind' in a ? a.kind?.value : 'command'}]`).join(', ') || 'none';
    const fixes = actions.filter((a): a is vscode.CodeAction => 'kind' in a && !!a.kind
      && vscode.CodeActionKind.QuickFix.contains(a.kind) && !!a.edit);
    // the fix whose edit turns the received row into [1, 0, 0, 0, 0, 0, 1], touching nothing else
    const expectedLine = doc.lineAt(line).text.replace(RECEIVED_BROKEN, 'received:      [1, 0, 0, 0, 0, 0, 1]');
    const fix = fixes.find((a) => {
      const after = applyTextEdits(text, a.edit!.get(doc.uri)).split('\n');
      const before = text.split('\n');
      return after.length === before.length
        && rowNumbers(after[line]).join(',') === '1,0,0,0,0,0,1'
        && after.every((l, i) => i === line || l === before[i]);
    });
    assert.ok(fix, `no QuickFix code action setting the 总计 cell to 1; code actions: ${listing}`);
    if (fix.diagnostics) {
      assert.ok(fix.diagnostics.some((d) => codeOf(d) === 'row-total'), 'the quick fix should name the row-total diagnostic');
    }

    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true, 'applyEdit failed');
    const now = doc.lineAt(line).text;
    assert.deepEqual(rowNumbers(now), [1, 0, 0, 0, 0, 0, 1]);
    assert.ok(now.includes(RECEIVED_COMMENT), `the comment is gone: ${now}`);
    assert.equal(now.trimEnd(), expectedLine.trimEnd());
    await waitFor('the row-total diagnostic to disappear', () => withCode(doc.uri, 'row-total').length === 0,
      () => describe(doc.uri));
  });

  test('govreport.rules { balance: "off" } turns the balance diagnostic off', async () => {
    const config = () => vscode.workspace.getConfiguration('govreport', workspaceFolder());
    const previous = config().inspect<Record<string, string>>('rules')?.workspaceValue;
    const doc = await open(await writeReport(brokenText()));
    await diagnostic(doc.uri, 'balance');
    try {
      await config().update('rules', { ...(previous ?? {}), balance: 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('the balance diagnostic to disappear', () => withCode(doc.uri, 'balance').length === 0,
        () => describe(doc.uri));
      // only that rule is off: the server still reports the rest
      assert.equal(withCode(doc.uri, 'row-total').length, 1, describe(doc.uri));
    } finally {
      await config().update('rules', previous, vscode.ConfigurationTarget.Workspace);
    }
    await diagnostic(doc.uri, 'balance'); // back once the setting is restored
  });

  test('command govreport.restartServer: diagnostics come back and the new server follows edits', async () => {
    const doc = await open(await writeReport(brokenText()));
    await diagnostic(doc.uri, 'row-total');             // extension active, server up
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('govreport.restartServer'), 'command govreport.restartServer is not registered');

    await vscode.commands.executeCommand('govreport.restartServer');
    await diagnostic(doc.uri, 'row-total');
    await diagnostic(doc.uri, 'balance');

    // an edit after the restart is checked by the new server: undo the breakage -> no diagnostics
    const cell = cellRange(doc.getText(), 'received', 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, cell, '0');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitFor('the diagnostics to clear after the edit', () => mine(doc.uri).length === 0, () => describe(doc.uri));
  });

  test('a YAML syntax error gives a yaml-syntax error', async () => {
    assert.ok(example().includes('\nyear: 2023\n'));
    const doc = await open(await writeReport(example().replace('\nyear: 2023\n', '\nyear: [2023\n')));
    const d = await diagnostic(doc.uri, 'yaml-syntax');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });
});
