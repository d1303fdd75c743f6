// Extension-host tests of the writing assistance of the GovReport language server, through VS Code's own
// provider commands: completion, hover, formatting and the outline (document symbols).
// Run with: npm run build && node scripts/vscode-test/run.mjs --grep "writing"
// The providers are registered once the language client has started, so every request is polled for a
// non-empty answer (waitFor) before the answer is judged.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import {
  applyTextEdits, cellRange, cleanUp, example, lineOf, open, replaceOnce, serverReady, waitFor, workspaceFolder,
  writeReport,
} from './helpers';

const RECEIVED_LINE = '  received:      [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量\n';
const RECEIVED_LABEL = '一、本年新收政府信息公开申请数量';
const PARTS = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
const PART_KEYS = ['overview', 'proactive', 'applications', 'appeals', 'problems', 'other_matters'];

// ------------------------------------------------------------------------------------------------ helpers
const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
const insertTextOf = (item: vscode.CompletionItem) =>
  (item.insertText instanceof vscode.SnippetString ? item.insertText.value : item.insertText ?? labelOf(item));
/** The items of the language server: VS Code adds word-based suggestions (kind Text) of its own. */
const serverItems = (list: vscode.CompletionList | undefined) =>
  (list?.items ?? []).filter((i) => i.kind !== vscode.CompletionItemKind.Text);
const listing = (items: readonly vscode.CompletionItem[]) =>
  items.map((i) => `${labelOf(i)} (${i.kind === undefined ? '?' : vscode.CompletionItemKind[i.kind]}${i.detail ? `: ${i.detail}` : ''})`).join(', ') || 'none';

/** The server's completion items at `position` (polled until there are some). */
async function completions(uri: vscode.Uri, position: vscode.Position, what: string): Promise<vscode.CompletionItem[]> {
  let last: vscode.CompletionItem[] = [];
  return waitFor(`completion items ${what}`, async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    last = serverItems(list);
    return last.length > 0 && last;
  }, () => `items: ${listing(last)}`);
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n\n');
}
async function hoverAt(uri: vscode.Uri, position: vscode.Position, what: string): Promise<string> {
  return waitFor(`a hover ${what}`, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position) ?? [];
    return hovers.length > 0 && hoverText(hovers);
  });
}

/** Only the whitespace differs. */
const squeeze = (s: string) => s.replace(/\s+/g, '');
/** The trailing `# …` comment of each line ('' when none). Good enough for the example, whose values hold no " #". */
const comments = (text: string) => text.split('\n').map((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1] ?? '');

// ------------------------------------------------------------------------------------------------ tests
suite('GovReport writing assistance (completion, hover, formatting, outline)', () => {
  suiteSetup(async () => {
    workspaceFolder();
    await serverReady();
  });
  teardown(cleanUp);

  test('completion in applications: a missing row is offered with its official label, a present one is not', async () => {
    // the received row removed, an empty line with the rows' indentation in its place
    const text = replaceOnce(example(), RECEIVED_LINE, '  \n');
    const doc = await open(await writeReport(text, 'completion'));
    const line = lineOf(text, /^applications:/) + 1;
    assert.equal(doc.lineAt(line).text, '  ');
    const items = await completions(doc.uri, new vscode.Position(line, 2), 'on the empty line inside applications:');

    const received = items.find((i) => labelOf(i) === 'received');
    assert.ok(received, `the missing row "received" is not offered; items: ${listing(items)}`);
    assert.ok(received.detail?.includes(RECEIVED_LABEL), `"received" should come with its label ${RECEIVED_LABEL}; detail: ${received.detail}`);
    assert.ok(insertTextOf(received).startsWith('received:'), `"received" inserts: ${insertTextOf(received)}`);
    for (const present of ['carried_over', 'results', 'carried_forward']) {
      assert.ok(!items.some((i) => labelOf(i) === present), `the present row "${present}" is offered again; items: ${listing(items)}`);
    }
    // keys of other parts do not belong here
    assert.ok(!items.some((i) => labelOf(i) === 'agency' || labelOf(i) === 'review'), `foreign keys offered; items: ${listing(items)}`);
  });

  test('completion in an empty *.govreport.yaml offers a whole-report skeleton snippet', async () => {
    const doc = await open(await writeReport('', 'empty'));
    const items = await completions(doc.uri, new vscode.Position(0, 0), 'in an empty report');
    const snippets = items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet && i.insertText instanceof vscode.SnippetString);
    const whole = snippets.find((i) => PART_KEYS.every((k) => new RegExp(`^${k}:`, 'm').test(insertTextOf(i))));
    assert.ok(whole, `no snippet holding all six parts (${PART_KEYS.join(', ')}); items: ${listing(items)}`);
    for (const key of ['format', 'agency', 'year']) {
      assert.match(insertTextOf(whole), new RegExp(`^${key}:`, 'm'), `the skeleton lacks "${key}:"`);
    }

    // inserted as the editor would: the result is YAML with every part
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(await editor.insertSnippet(whole.insertText as vscode.SnippetString, new vscode.Position(0, 0)), true, 'insertSnippet failed');
    let data: unknown;
    assert.doesNotThrow(() => { data = parse(doc.getText()); }, `the inserted skeleton is not YAML:\n${doc.getText()}`);
    assert.ok(data && typeof data === 'object', `the inserted skeleton is not a mapping:\n${doc.getText()}`);
    for (const key of PART_KEYS) assert.ok(key in (data as object), `the inserted skeleton lacks "${key}"`);
  });

  test('completion after "agency_kind: " offers department, government and township', async () => {
    const text = replaceOnce(example(), 'agency: 台儿庄区民政局\n', 'agency: 台儿庄区民政局\nagency_kind: \n');
    const doc = await open(await writeReport(text, 'kind'));
    const line = lineOf(text, /^agency_kind: $/);
    const items = await completions(doc.uri, new vscode.Position(line, 'agency_kind: '.length), 'after "agency_kind: "');
    const labels = items.map(labelOf);
    for (const kind of ['department', 'government', 'township']) {
      assert.ok(labels.includes(kind), `"${kind}" is not offered; items: ${listing(items)}`);
    }
    const government = items.find((i) => labelOf(i) === 'government')!;
    assert.ok(government.detail?.includes('人民政府'), `"government" should carry its official name; detail: ${government.detail}`);
  });

  test('hover: a key gives its official label, a cell of total: the sum with its terms', async () => {
    // 2 disclosed + 1 not held = 3 received, all by 自然人: arithmetic consistent, the sums non-trivial
    let text = replaceOnce(example(), 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [3, 0, 0, 0, 0, 0, 3]');
    text = replaceOnce(text, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [2, 0, 0, 0, 0, 0, 2]');
    text = replaceOnce(text, 'not_held:             [0, 0, 0, 0, 0, 0, 0]', 'not_held:             [1, 0, 0, 0, 0, 0, 1]');
    text = replaceOnce(text, 'total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [3, 0, 0, 0, 0, 0, 3]');
    const doc = await open(await writeReport(text, 'hover'));

    const receivedLine = lineOf(text, /^\s+received:/);
    const onKey = await hoverAt(doc.uri, new vscode.Position(receivedLine, doc.lineAt(receivedLine).text.indexOf('received') + 3), 'on the key received');
    assert.ok(onKey.includes(RECEIVED_LABEL), `hover on "received" should give ${RECEIVED_LABEL}: ${onKey}`);

    // 自然人 of （七）总计: the 21 results of the column (disclosed is the 1st, not_held the 11th)
    const results = Array.from({ length: 21 }, (_, i) => (i === 0 ? 2 : i === 10 ? 1 : 0));
    const first = cellRange(text, 'total', 0);
    const onFirst = await hoverAt(doc.uri, first.start, 'on the 自然人 cell of total');
    assert.ok(onFirst.includes(`${results.join(' + ')} = 3`), `hover on total[0] should give the sum ${results.join(' + ')} = 3: ${onFirst}`);

    // 总计 of （七）总计: the sum of the row's columns (and of its column's results)
    const last = cellRange(text, 'total', 6);
    const onLast = await hoverAt(doc.uri, last.start, 'on the 总计 cell of total');
    assert.ok(onLast.includes('3 + 0 + 0 + 0 + 0 + 0 = 3'), `hover on total[6] should give the row sum 3 + 0 + 0 + 0 + 0 + 0 = 3: ${onLast}`);
  });

  test('formatting a copy with messed-up row spacing returns edits that align the rows and keep the comments', async () => {
    let text = replaceOnce(example(), 'received:      [0, 0, 0, 0, 0, 0, 0]   #', 'received: [0,0,  0,0, 0 ,0,0] #');
    text = replaceOnce(text, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]   #', 'disclosed:  [ 0,0, 0, 0,0, 0, 0 ]        #');
    text = replaceOnce(text, 'review:               [0, 0, 0, 0, 0]   #', 'review:    [0,   0, 0,0, 0]  #');
    assert.doesNotThrow(() => parse(text), 'the messed-up copy must stay valid YAML');
    const messy = await open(await writeReport(text, 'format-messy'));
    const clean = await open(await writeReport(example(), 'format-clean'));
    const options: vscode.FormattingOptions = { tabSize: 2, insertSpaces: true };
    const formatEdits = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, options);

    const edits = await waitFor('formatting edits for the messed-up copy', async () => {
      const e = await formatEdits(messy.uri);
      return !!e && e.length > 0 && e;
    });
    const expected = applyTextEdits(text, edits);
    const wsEdit = new vscode.WorkspaceEdit();
    wsEdit.set(messy.uri, edits);
    assert.equal(await vscode.workspace.applyEdit(wsEdit), true, 'applyEdit failed');
    const formatted = messy.getText();
    assert.equal(formatted, expected);

    assert.equal(squeeze(formatted), squeeze(text), 'formatting changed more than whitespace');
    assert.deepEqual(comments(formatted), comments(text), 'formatting lost or changed comments');
    const row = (key: string) => formatted.split('\n').find((l) => new RegExp(`^\\s*${key}:`).test(l)) ?? '';
    assert.match(row('received'), /^ {2}received: +\[0, 0, 0, 0, 0, 0, 0\] +# 一、本年新收政府信息公开申请数量$/);
    assert.match(row('disclosed'), /^ {4}disclosed: +\[0, 0, 0, 0, 0, 0, 0\] +# （一）予以公开$/);
    assert.match(row('review'), /^ {2}review: +\[0, 0, 0, 0, 0\] +# 行政复议$/);
    // the rows of a group line up: received's "[" under carried_over's and carried_forward's
    const bracket = (key: string) => row(key).indexOf('[');
    assert.equal(bracket('received'), bracket('carried_forward'), `received and carried_forward not aligned:\n${row('received')}\n${row('carried_forward')}`);
    assert.equal(bracket('received'), bracket('carried_over'));
    assert.equal(row('received').indexOf('#'), row('carried_over').indexOf('#'), 'the comments of received and carried_over not aligned');

    // the layout depends on the rows, not on the spaces that were there: same as the formatted example
    const cleanEdits = await formatEdits(clean.uri) ?? [];
    assert.equal(formatted, applyTextEdits(example(), cleanEdits), 'the formatted copy differs from the formatted example');
    // and formatting again changes nothing
    const again = await formatEdits(messy.uri) ?? [];
    assert.equal(applyTextEdits(formatted, again), formatted, `formatting is not idempotent: ${again.length} edit(s) changing the text`);
  });

  test('document symbols: the six parts 一、总体情况 … 六、其他需要报告的事项 at top level', async () => {
    const doc = await open(await writeReport(example(), 'symbols'));
    const symbols = await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return !!s && s.length > 0 && s;
    });
    const names = symbols.map((s) => s.name);
    const parts = names.filter((n) => /^[一二三四五六七八九十]+、/.test(n));
    assert.deepEqual(parts, PARTS, `top-level symbols: ${names.join(', ')}`);
    // each part covers its key in the text
    PARTS.forEach((part, i) => {
      const symbol = symbols.find((s) => s.name === part)!;
      const keyLine = lineOf(example(), new RegExp(`^${PART_KEYS[i]}:`));
      assert.ok(symbol.range.contains(new vscode.Position(keyLine, 0)), `${part}: range ${symbol.range.start.line}-${symbol.range.end.line} does not hold line ${keyLine} (${PART_KEYS[i]}:)`);
    });
    // table 三 lists its rows, 一、本年新收… first
    const applications = symbols.find((s) => s.name === PARTS[2])!;
    assert.ok((applications.children ?? []).some((c) => c.name === RECEIVED_LABEL),
      `三 has no child ${RECEIVED_LABEL}: ${(applications.children ?? []).map((c) => c.name).join(', ')}`);
  });
});
