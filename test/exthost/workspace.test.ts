// Extension-host tests of the GovReport features that work across the reports of the workspace: the commands
// govreport.newReport (skeleton, or last year's report rolled over) and govreport.checkWorkspace, and the
// cross-year rule carry-over-mismatch following a report written into / removed from the workspace.
// Run with: npm run build && node scripts/vscode-test/run.mjs --grep "workspace"
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import {
  EXAMPLE, LANGUAGE_ID, cellRange, cleanUp, codeOf, describe, diagnostic, example, exampleUri, open, ours,
  rangeText, replaceOnce, revertUntitled, serverReady, sleep, waitFor, withCode, workspaceFolder, writeReport,
} from './helpers';

const EXAMPLE_AGENCY = '台儿庄区民政局';
/** A sentence of the 2023 overview (（三）政府信息管理) without a year in it: a roll-over keeps it as it is. */
const OVERVIEW_SENTENCE = '按照《台儿庄区民政局政务公开事项标准目录（含重点领域）》，梳理公开养老服务领域和社会救助领域公开事项。';

interface CheckWorkspaceResult {
  files: number;
  errors: number;
  warnings: number;
  cancelled: boolean;
}
interface NewReportOptions {
  agency: string;
  year: number;
  kind: 'department' | 'government' | 'township';
  useLastYear?: boolean;
}

/** Runs govreport.newReport and returns the editor it opened. */
async function newReport(options: NewReportOptions): Promise<vscode.TextEditor> {
  const returned = await vscode.commands.executeCommand<unknown>('govreport.newReport', options);
  const editor = (returned && typeof returned === 'object' && 'document' in returned ? returned as vscode.TextEditor : undefined)
    ?? vscode.window.activeTextEditor;
  assert.ok(editor, 'govreport.newReport opened no editor');
  return editor;
}

function parseReport(text: string): Record<string, unknown> {
  let data: unknown;
  assert.doesNotThrow(() => { data = parse(text); }, `the new report is not YAML:\n${text}`);
  assert.ok(data && typeof data === 'object' && !Array.isArray(data), `the new report is not a mapping:\n${text}`);
  return data as Record<string, unknown>;
}

/** The 2022 report of the example's agency: 1 application of a 自然人 received and carried forward to 2023. */
function report2022(): string {
  let text = example().replaceAll('2023', '2022').replaceAll('2024-01-16', '2023-01-16');
  assert.match(text, /^year: 2022$/m);
  assert.match(text, /^published: 2023-01-16$/m);
  assert.ok(text.includes('2022年1月1日至2022年12月31日'), 'the statistics period of the copy should be 2022');
  text = replaceOnce(text, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 1]');
  text = replaceOnce(text, 'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]');
  return text;
}

// ------------------------------------------------------------------------------------------------ tests
suite('GovReport workspace features (new report, check workspace, across years)', () => {
  suiteSetup(async () => {
    workspaceFolder();
    await serverReady();
  });
  teardown(cleanUp);

  test('command govreport.newReport opens an untitled 测试局-2024.govreport.yaml without errors', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('govreport.newReport'), 'command govreport.newReport is not registered');
    const editor = await newReport({ agency: '测试局', year: 2024, kind: 'department' });
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'untitled', `the new report should be unsaved: ${doc.uri.toString()}`);
    assert.equal(path.posix.basename(doc.uri.path), '测试局-2024.govreport.yaml');
    assert.equal(doc.languageId, LANGUAGE_ID);
    const data = parseReport(doc.getText());
    assert.equal(data.year, 2024);
    assert.equal(data.agency, '测试局');
    assert.equal(data.agency_kind, 'department');

    // the command opens the editor empty and fills it: wait for the server's verdict on the skeleton itself
    // (a diagnostic below the first line: the empty text's are all on line 0), then there must be no error
    await waitFor('the diagnostics of the new report', () => ours(doc.uri).some((d) => d.range.start.line > 0), () => describe(doc.uri));
    const errors = () => ours(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors().map(codeOf), [], describe(doc.uri));
    const end = Date.now() + 1000; // and none comes late
    while (Date.now() < end) {
      assert.deepEqual(errors().map(codeOf), [], describe(doc.uri));
      await sleep(100);
    }
    await revertUntitled();
    const isDocTab = (t: vscode.Tab) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString();
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some(isDocTab)),
      'the untitled editor is still open');
  });

  test('command govreport.newReport with useLastYear starts from the 2023 report of the same agency', async () => {
    await exampleUri();
    assert.ok(example().includes(OVERVIEW_SENTENCE), 'the example no longer contains the overview sentence');
    assert.ok(example().includes(`agency: ${EXAMPLE_AGENCY}\nyear: 2023\n`));
    // the server indexes the workspace in the background after it starts: until last year's report is indexed
    // the command falls back to the skeleton, so the command is repeated until the roll-over comes (or time is up)
    let text = '';
    const editor = await waitFor('a new report built from the 2023 report', async () => {
      const e = await newReport({ agency: EXAMPLE_AGENCY, year: 2024, kind: 'department', useLastYear: true });
      text = e.document.getText();
      if (text.includes(OVERVIEW_SENTENCE)) return e;
      await revertUntitled();
      return undefined;
    }, () => `last text:\n${text}`);
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(path.posix.basename(doc.uri.path), `${EXAMPLE_AGENCY}-2024.govreport.yaml`);
    assert.equal(doc.languageId, LANGUAGE_ID);
    const data = parseReport(text);
    assert.equal(data.year, 2024);
    assert.equal(data.agency, EXAMPLE_AGENCY);
    assert.ok(text.includes(OVERVIEW_SENTENCE), 'last year\'s prose is gone');
    assert.ok(!/^year: 2023$/m.test(text), 'the year was not moved on');
  });

  test('across years: a 2022 report carrying 1 forward gives the 2023 example carry-over-mismatch until it is removed', async () => {
    const exampleDoc = await open(await exampleUri());
    // the server is up and has seen the example: a broken copy gets its diagnostics
    const broken = await open(await writeReport(replaceOnce(example(), 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]')));
    await diagnostic(broken.uri, 'row-total');
    assert.deepEqual(withCode(exampleDoc.uri, 'carry-over-mismatch'), [], describe(exampleDoc.uri));

    // last year's report written into the workspace (not opened: the server learns of it from the file watcher)
    const lastYear = await writeReport(report2022(), 'taierzhuang-minzheng-2022');
    const naturalPerson = cellRange(example(), 'carried_over', 0);
    const mismatch = await waitFor('a carry-over-mismatch warning on the 自然人 cell of carried_over',
      () => withCode(exampleDoc.uri, 'carry-over-mismatch').find((d) => rangeText(d.range) === rangeText(naturalPerson)),
      () => describe(exampleDoc.uri));
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(exampleDoc.getText(mismatch.range), '0');
    assert.ok(/(^|[^0-9])1([^0-9]|$)/.test(mismatch.message), `the message should give last year's 1: ${mismatch.message}`);
    const related = mismatch.relatedInformation ?? [];
    if (related.length > 0) {
      assert.ok(related.some((r) => r.location.uri.toString() === lastYear.toString()),
        `the related location should point into ${path.posix.basename(lastYear.path)}: ${related.map((r) => r.location.uri.toString()).join(', ')}`);
    }
    // the example itself stays free of errors (the cross-year rules are warnings)
    assert.ok(!ours(exampleDoc.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), describe(exampleDoc.uri));

    await vscode.workspace.fs.delete(lastYear, { useTrash: false });
    await waitFor('the carry-over-mismatch warning to go away', () => withCode(exampleDoc.uri, 'carry-over-mismatch').length === 0,
      () => describe(exampleDoc.uri));
  });

  test('command govreport.checkWorkspace resolves with {files, errors, warnings, cancelled} and publishes for closed files', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('govreport.checkWorkspace'), 'command govreport.checkWorkspace is not registered');
    await exampleUri();
    // a broken copy that is not opened: 1 row-total and 1 balance error
    const broken = await writeReport(replaceOnce(example(), 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]'), 'check-broken');

    // the server's index follows the file watcher: the command is repeated until a run has checked the new file,
    // which shows in its published diagnostics (it is closed: only the command publishes for it). Counting files
    // on disk is no criterion: reports closed by earlier tests stay open in the server until VS Code disposes them.
    let last: unknown;
    const run = async () => {
      const r = await vscode.commands.executeCommand<CheckWorkspaceResult | undefined>('govreport.checkWorkspace');
      last = r;
      return r;
    };
    const result = await waitFor('govreport.checkWorkspace to check the closed broken copy (row-total and balance published for it)', async () => {
      const r = await run();
      return !!r && withCode(broken, 'row-total').length > 0 && withCode(broken, 'balance').length > 0 && r;
    }, () => `last result: ${JSON.stringify(last)}; broken copy: ${describe(broken)}`);
    assert.deepEqual(Object.keys(result).sort(), ['cancelled', 'errors', 'files', 'warnings'], JSON.stringify(result));
    assert.equal(result.cancelled, false);
    for (const key of ['files', 'errors', 'warnings'] as const) {
      assert.ok(Number.isInteger(result[key]) && result[key] >= 0, `${key} is not a count: ${JSON.stringify(result)}`);
    }
    assert.ok(result.files >= 2, `the example and the broken copy at least: ${JSON.stringify(result)}`);
    assert.ok(result.errors >= 2, `the broken copy alone has 2 errors (row-total, balance): ${JSON.stringify(result)}`);
    assert.equal(ours(broken).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 2, describe(broken));

    // removing the broken copy withdraws its diagnostics, and the next run counts one file and its 2 errors less
    await vscode.workspace.fs.delete(broken, { useTrash: false });
    await waitFor('the broken copy\'s diagnostics to be withdrawn after its deletion', () => ours(broken).length === 0, () => describe(broken));
    const after = await waitFor('govreport.checkWorkspace to leave out the deleted copy', async () => {
      const r = await run();
      return !!r && r.files < result.files && r;
    }, () => `before: ${JSON.stringify(result)}, last result: ${JSON.stringify(last)}`);
    assert.ok(after.errors <= result.errors - 2, `before: ${JSON.stringify(result)}, after removing the broken copy: ${JSON.stringify(after)}`);
    assert.equal(ours(broken).length, 0, `the deleted copy got diagnostics again: ${describe(broken)}`);
    assert.ok(!vscode.languages.getDiagnostics(vscode.Uri.joinPath(workspaceFolder(), EXAMPLE))
      .some((d) => d.source === 'govreport' && d.severity === vscode.DiagnosticSeverity.Error), 'the example has errors');
  });
});
