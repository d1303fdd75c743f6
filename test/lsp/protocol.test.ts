// Protocol tests of the GovReport language server: `node dist/server.js --stdio` spoken to over
// JSON-RPC the way an editor does (initialize/initialized, didOpen/didChange/didClose, publishDiagnostics,
// codeAction, workspace/configuration, didChangeConfiguration, shutdown/exit).
//
// Run: npm run build && node --test out/test/lsp/
// Every test starts its own server and kills it in `finally` (see lsp-client.ts); nothing sleeps:
// every wait is for a message, with a timeout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind, CodeActionTriggerKind, DiagnosticSeverity,
  type CodeAction, type Command, type Diagnostic, type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import {
  applyTextEdits, editsAsChanges, EXAMPLE, LspClient, lineAt, positionAt, rangeOf, ROOT, showDiagnostics,
  messageOf, replaceLine, textIn, virtualUri, withServer, type Publication,
} from './lsp-client';

// -------------------------------------------------------------------------------------- fixtures

const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');
const FIX_ALL_KIND = 'source.fixAll.govreport';

/** 0-based lines of rows in the example (asserted below so that a changed fixture fails loudly). */
const L_RECEIVED = 41;
const L_CARRIED_OVER = 42;
const L_RESULTS_TOTAL = 69;
const L_CARRIED_FORWARD = 70;
const RECEIVED_LINE = '  received:      [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量';

/** The core as the CLI ships it: the oracle for "the diagnostics match this text". */
interface CoreDiagnostic { code: string; severity: 'error' | 'warning' | 'info'; message: string; range: { start: number; end: number } }
const core = require(path.join(ROOT, 'dist', 'core.js')) as {
  analyze(text: string, options: { lang: 'zh' | 'en'; severities?: Record<string, string> }): { diagnostics: CoreDiagnostic[] };
};
const LSP_SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** What the server should publish for `text`, in a comparable form. */
function expectedFor(text: string, lang: 'zh' | 'en', severities?: Record<string, string>): string[] {
  return core.analyze(text, { lang, severities }).diagnostics.map((d) => {
    const s = positionAt(text, d.range.start);
    const e = positionAt(text, d.range.end);
    return `${d.code} ${LSP_SEVERITY[d.severity]} ${s.line}:${s.character}-${e.line}:${e.character} ${d.message}`;
  });
}
function comparable(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.code} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${messageOf(d)}`);
}

/** Replaces one whole line (0-based) of `text`, keeping its line break. */

const docUri = (name: string): string => virtualUri('virtual', name);

const byCode = (diags: readonly Diagnostic[], code: string) => diags.filter((d) => d.code === code);

function isAction(a: Command | CodeAction): a is CodeAction {
  return typeof (a as CodeAction).kind === 'string' || (a as CodeAction).edit !== undefined;
}

/** The single TextDocumentEdit of a code action, checked to target `uri` at `version`. */
function documentEditOf(action: CodeAction, uri: string, version: number): TextDocumentEdit {
  const changes = action.edit?.documentChanges;
  assert.ok(changes && changes.length === 1, `action "${action.title}" has one documentChanges entry: ${JSON.stringify(action.edit)}`);
  const change = changes[0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version }, 'the edit names the document and its current version');
  return change;
}

/** Opens `text` and returns its first publication (version 1). */
async function openAndWait(client: LspClient, uri: string, text: string): Promise<Publication> {
  const after = client.lastSeq;
  await client.open(uri, text, 1);
  return client.waitForVersion(uri, 1, after);
}

// ------------------------------------------------------------------------------------------ tests

describe('language server over stdio', () => {
  test('fixture sanity: the rows the tests edit are where the tests expect them', () => {
    assert.equal(lineAt(EXAMPLE_TEXT, L_RECEIVED), RECEIVED_LINE);
    assert.match(lineAt(EXAMPLE_TEXT, L_CARRIED_OVER), /^ {2}carried_over: {2}\[0, 0, 0, 0, 0, 0, 0\]/);
    assert.match(lineAt(EXAMPLE_TEXT, L_RESULTS_TOTAL), /^ {4}total: {16}\[0, 0, 0, 0, 0, 0, 0\] {3}# （七）总计$/);
    assert.match(lineAt(EXAMPLE_TEXT, L_CARRIED_FORWARD), /^ {2}carried_forward: \[0, 0, 0, 0, 0, 0, 0\]/);
  });

  test('initialize (en, pull configuration): example clean; incremental edit → row-total + balance; quick fix → row-total gone', async () => {
    await withServer({ pullConfiguration: true, locale: 'en', settings: { govreport: { rules: {} } } }, async (client) => {
      const caps = client.initializeResult!.capabilities;
      assert.ok(caps.codeActionProvider, 'code actions are offered');
      const sync = caps.textDocumentSync;
      assert.equal(typeof sync === 'object' ? sync.change : sync, 2, 'incremental sync');

      const uri = docUri('example');
      const v1 = await openAndWait(client, uri, EXAMPLE_TEXT);
      assert.equal(v1.version, 1);
      assert.deepEqual(v1.diagnostics, [], `the example has no diagnostics, got:\n${showDiagnostics(v1.diagnostics)}`);

      // v2: replace the first 0 of `received` by 1, as a one-character range edit
      const edit = { range: rangeOf(L_RECEIVED, 18, L_RECEIVED, 19), text: '1' };
      assert.equal(textIn(EXAMPLE_TEXT, edit.range), '0');
      const text2 = applyTextEdits(EXAMPLE_TEXT, [{ range: edit.range, newText: edit.text }]);
      let after = client.lastSeq;
      await client.change(uri, 2, [edit]);
      const v2 = await client.waitForVersion(uri, 2, after);
      assert.deepEqual(v2.diagnostics.map((d) => d.code), ['row-total', 'balance'], showDiagnostics(v2.diagnostics));
      for (const d of v2.diagnostics) {
        assert.equal(d.severity, DiagnosticSeverity.Error, `${d.code} is an error`);
        assert.equal(d.source, 'govreport');
      }
      const [rowTotal, balance] = v2.diagnostics as [Diagnostic, Diagnostic];
      // the 总计 cell (7th number) of the received row
      assert.deepEqual(rowTotal.range, rangeOf(L_RECEIVED, 36, L_RECEIVED, 37));
      assert.equal(textIn(text2, rowTotal.range), '0');
      assert.match(messageOf(rowTotal), /is 0, but the sum of its six columns is 1 \(1\+0\+0\+0\+0\+0\)/);
      assert.ok(messageOf(rowTotal).includes('总计'), 'the message names the cell by its official label');
      // the first number of carried_forward, related to received[0], carried_over[0], results.total[0]
      assert.deepEqual(balance.range, rangeOf(L_CARRIED_FORWARD, 20, L_CARRIED_FORWARD, 21));
      assert.match(messageOf(balance), /received 1 \+ carried over 0 = 1, but results total 0 \+ carried forward 0 = 0/);
      const related = balance.relatedInformation ?? [];
      assert.deepEqual(related.map((r) => r.location.uri), [uri, uri, uri]);
      assert.deepEqual(related.map((r) => r.location.range).sort((a, b) => a.start.line - b.start.line), [
        rangeOf(L_RECEIVED, 18, L_RECEIVED, 19), rangeOf(L_CARRIED_OVER, 18, L_CARRIED_OVER, 19), rangeOf(L_RESULTS_TOTAL, 27, L_RESULTS_TOTAL, 28),
      ]);
      assert.deepEqual(related.map((r) => textIn(text2, r.location.range)).sort(), ['0', '0', '1']);

      // quick fix on the row-total's range
      const actions = (await client.codeActions({
        textDocument: { uri }, range: rowTotal.range,
        context: { diagnostics: [rowTotal], triggerKind: CodeActionTriggerKind.Invoked },
      })) ?? [];
      const quickfixes = actions.filter(isAction).filter((a) => a.kind === CodeActionKind.QuickFix);
      assert.equal(quickfixes.length, 1, `one quick fix, got ${JSON.stringify(actions)}`);
      const fix = quickfixes[0]!;
      assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['row-total']);
      assert.equal(fix.isPreferred, true);
      const docEdit = documentEditOf(fix, uri, 2);
      const text3 = applyTextEdits(text2, docEdit.edits as never);
      assert.equal(lineAt(text3, L_RECEIVED), '  received:      [1, 0, 0, 0, 0, 0, 1]   # 一、本年新收政府信息公开申请数量');
      assert.equal(lineAt(text3, L_RECEIVED).indexOf('#'), RECEIVED_LINE.indexOf('#'), 'the comment did not move');
      assert.equal(text3, replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 1]   # 一、本年新收政府信息公开申请数量'), 'nothing else changed');

      after = client.lastSeq;
      await client.change(uri, 3, editsAsChanges(docEdit.edits as never));
      const v3 = await client.waitForVersion(uri, 3, after);
      // received is now [1, …, 1]: the balance of 自然人 and 总计 still fails, and the text's
      // "未收到政府信息公开申请" now contradicts the table (a warning)
      assert.deepEqual(byCode(v3.diagnostics, 'row-total'), [], showDiagnostics(v3.diagnostics));
      assert.deepEqual(v3.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => [d.code, d.range]), [
        ['balance', rangeOf(L_CARRIED_FORWARD, 20, L_CARRIED_FORWARD, 21)], ['balance', rangeOf(L_CARRIED_FORWARD, 38, L_CARRIED_FORWARD, 39)],
      ], showDiagnostics(v3.diagnostics));
      assert.deepEqual(comparable(v3.diagnostics), expectedFor(text3, 'en'));
      // a code action for an old version's range after the change still answers (for the new version)
      const again = await client.codeActions({ textDocument: { uri }, range: rowTotal.range, context: { diagnostics: [] } });
      assert.ok(Array.isArray(again) && again.filter(isAction).every((a) => a.kind !== CodeActionKind.QuickFix || a.diagnostics?.[0]?.code !== 'row-total'));
    });
  });

  test('locale zh-cn (client without pull configuration): Chinese messages', async () => {
    await withServer({ pullConfiguration: false, locale: 'zh-cn' }, async (client) => {
      const uri = docUri('zh');
      await openAndWait(client, uri, EXAMPLE_TEXT);
      const after = client.lastSeq;
      await client.change(uri, 2, [{ range: rangeOf(L_RECEIVED, 18, L_RECEIVED, 19), text: '1' }]);
      const v2 = await client.waitForVersion(uri, 2, after);
      assert.deepEqual(v2.diagnostics.map((d) => d.code), ['row-total', 'balance'], showDiagnostics(v2.diagnostics));
      const [rowTotal, balance] = v2.diagnostics as [Diagnostic, Diagnostic];
      assert.ok(messageOf(rowTotal).includes('为 0，但前六列之和为 1'), messageOf(rowTotal));
      assert.ok(messageOf(balance).includes('第一项（本年新收）1') && messageOf(balance).includes('第四项（结转下年度）0 = 0'), messageOf(balance));
      assert.doesNotMatch(messageOf(rowTotal) + messageOf(balance), /but|sum of|received/);
      assert.equal(client.configurationRequests.length, 0, 'no workspace/configuration request to a client that cannot answer it');
      // the code action titles follow the locale too
      const params = { textDocument: { uri }, range: rowTotal.range, context: { diagnostics: [rowTotal] } };
      const actions = ((await client.codeActions(params)) ?? []).filter(isAction);
      const fixAll = actions.find((a) => a.kind === FIX_ALL_KIND);
      assert.equal(fixAll?.title, '修正所有合计');
    });
  });

  test('source.fixAll.govreport fixes every row total and （七）总计, not the balance', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      let text = EXAMPLE_TEXT;
      const set = (key: RegExp, row: string) => {
        const lines = text.split('\n');
        const i = lines.findIndex((l) => key.test(l));
        assert.ok(i >= 0, `row ${key}`);
        lines[i] = lines[i]!.replace(/\[[^\]]*\]( *)/, (m: string, pad: string) =>
          row + (pad === '' ? '' : ' '.repeat(Math.max(1, pad.length - (row.length - (m.length - pad.length))))));
        text = lines.join('\n');
      };
      set(/^ {2}received:/, '[7, 5, 0, 0, 0, 0, 3]'); // row total wrong (12)
      set(/^ {4}disclosed:/, '[7, 5, 0, 0, 0, 0, 12]'); // right
      set(/^ {6}state_secret:/, '[0, 0, 0, 0, 0, 0, 5]'); // row total wrong (0)
      set(/^ {2}carried_forward:/, '[1, 0, 0, 0, 0, 0, 1]'); // balance: cannot be fixed safely
      set(/^ {2}review:/, '[1, 0, 0, 0, 0]'); // appeals total wrong (1)
      // （七）总计 stays [0, …]: wrong in columns 自然人, 商业企业 and 总计

      const expected = text
        .replace('  received:      [7, 5, 0, 0, 0, 0, 3]   #', '  received:      [7, 5, 0, 0, 0, 0, 12]  #')
        .replace('      state_secret:         [0, 0, 0, 0, 0, 0, 5]\n', '      state_secret:         [0, 0, 0, 0, 0, 0, 0]\n')
        .replace('    total:                [0, 0, 0, 0, 0, 0, 0]   #', '    total:                [7, 5, 0, 0, 0, 0, 12]  #')
        .replace('  review:               [1, 0, 0, 0, 0]   #', '  review:               [1, 0, 0, 0, 1]   #');
      assert.notEqual(expected, text);

      const uri = docUri('fixall');
      const v1 = await openAndWait(client, uri, text);
      const codes = new Set(v1.diagnostics.map((d) => d.code));
      for (const c of ['row-total', 'results-total', 'balance', 'appeals-total']) assert.ok(codes.has(c), `${c} in\n${showDiagnostics(v1.diagnostics)}`);

      const actions = (await client.codeActions({
        textDocument: { uri }, range: rangeOf(0, 0, 0, 0),
        context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: CodeActionTriggerKind.Automatic },
      })) ?? [];
      assert.equal(actions.length, 1, `exactly one action for only=[${FIX_ALL_KIND}]: ${JSON.stringify(actions)}`);
      const action = actions[0]!;
      assert.ok(isAction(action));
      assert.equal(action.kind, FIX_ALL_KIND);
      const fixed = applyTextEdits(text, documentEditOf(action, uri, 1).edits as never);
      assert.equal(fixed, expected);

      const after = client.lastSeq;
      await client.change(uri, 2, [{ text: fixed }]);
      const v2 = await client.waitForVersion(uri, 2, after);
      const left = v2.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
      assert.deepEqual(left.map((d) => d.code), ['balance', 'balance'], `only the balance remains:\n${showDiagnostics(v2.diagnostics)}`);
      assert.deepEqual(comparable(v2.diagnostics), expectedFor(fixed, 'en'));
    });
  });

  test('superseded versions are never published after newer ones; the last publication is for the last version', async () => {
    await withServer({ pullConfiguration: true, locale: 'en', settings: { govreport: { rules: {} } } }, async (client) => {
      const uri = docUri('burst');
      const texts = new Map<number, string>([[1, EXAMPLE_TEXT]]);
      const withRow = (row: string) => replaceLine(EXAMPLE_TEXT, L_RECEIVED, `  received:      ${row}   # 一、本年新收政府信息公开申请数量`);
      // round 1: open and three changes back to back (the first validation is still reading the settings)
      await client.open(uri, EXAMPLE_TEXT, 1);
      const rows = ['[1, 0, 0, 0, 0, 0, 0]', '[1, 1, 0, 0, 0, 0, 0]', '[2, 0, 0, 0, 0, 0, 0]', '[3, 0, 0, 0, 0, 0, 3]', '[0, 0, 4, 0, 0, 0, 0]', '[5, 0, 0, 0, 0, 0, 5]'];
      let version = 1;
      const burst = async (n: number) => {
        const sends: Promise<void>[] = [];
        for (let i = 0; i < n; i++) {
          version++;
          const previous = texts.get(version - 1)!;
          const next = withRow(rows[(version - 2) % rows.length]!);
          texts.set(version, next);
          // alternate full-text and range changes
          sends.push(version % 2 === 0
            ? client.change(uri, version, [{ text: next }])
            : client.change(uri, version, [
              { range: rangeOf(L_RECEIVED, 0, L_RECEIVED, lineAt(previous, L_RECEIVED).length), text: lineAt(next, L_RECEIVED) },
            ]));
        }
        await Promise.all(sends);
        return version;
      };
      const last1 = await burst(3);
      assert.equal(last1, 4);
      const p4 = await client.waitForVersion(uri, 4);
      assert.deepEqual(comparable(p4.diagnostics), expectedFor(texts.get(4)!, 'en'));
      // round 2 and 3: more bursts after the settings are cached
      const last2 = await burst(3);
      await client.waitForVersion(uri, last2);
      const last3 = await burst(5);
      await client.waitForVersion(uri, last3);
      // a round trip, so that anything still in flight has arrived
      await client.codeActions({ textDocument: { uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });

      const pubs = client.publicationsFor(uri);
      let newest = 0;
      for (const p of pubs) {
        assert.ok(typeof p.version === 'number', 'every publication carries a version');
        assert.ok(p.version >= newest, `version ${p.version} published after version ${newest}: ${pubs.map((x) => x.version).join(',')}`);
        newest = p.version;
        assert.deepEqual(comparable(p.diagnostics), expectedFor(texts.get(p.version)!, 'en'), `diagnostics of version ${p.version} match its text`);
      }
      assert.equal(pubs.at(-1)!.version, last3, `the last publication is for the last version: ${pubs.map((x) => x.version).join(',')}`);
      const final = pubs.at(-1)!.diagnostics;
      assert.deepEqual(comparable(final), expectedFor(texts.get(last3)!, 'en'));
      const lastRow = rows[(last3 - 2) % rows.length]!;
      assert.ok(lineAt(texts.get(last3)!, L_RECEIVED).includes(lastRow));
      assert.ok(final.some((d) => d.code === 'row-total'), `the last text ${lastRow} has a wrong row total: ${showDiagnostics(final)}`);
    });
  });

  test('settings pulled with workspace/configuration: severity override, then off after didChangeConfiguration', async () => {
    await withServer({ pullConfiguration: true, locale: 'en', settings: { govreport: { rules: { balance: 'warning' } } } }, async (client) => {
      const uri = docUri('settings-pull');
      const broken = replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 1]   # 一、本年新收政府信息公开申请数量');
      const v1 = await openAndWait(client, uri, broken);
      assert.ok(client.configurationRequests.length >= 1, 'the server asked for the settings');
      const req = client.configurationRequests[0] as { items: { section?: string; scopeUri?: string }[] };
      assert.deepEqual(req.items.map((i) => i.section), ['govreport']);
      const balance = byCode(v1.diagnostics, 'balance');
      assert.equal(balance.length, 2, showDiagnostics(v1.diagnostics)); // 自然人 and 总计
      assert.deepEqual(balance.map((d) => d.severity), [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);
      assert.deepEqual(comparable(v1.diagnostics), expectedFor(broken, 'en', { balance: 'warning' }));

      // a second open document (another agency: the same one would be a duplicate-report)
      const uri2 = docUri('settings-pull-2');
      const brokenOther = broken.replace('agency: 台儿庄区民政局', 'agency: 台儿庄区教育局');
      const second = await openAndWait(client, uri2, brokenOther);
      assert.equal(byCode(second.diagnostics, 'balance')[0]?.severity, DiagnosticSeverity.Warning);

      client.settings = { govreport: { rules: { balance: 'off' } } };
      const after = client.lastSeq;
      const requestsBefore = client.configurationRequests.length;
      await client.changeConfiguration(null);
      const republished = await client.waitForPublication(uri, (p) => p.version === 1, 'diagnostics republished after didChangeConfiguration', after);
      assert.ok(client.configurationRequests.length > requestsBefore, 'the settings were pulled again');
      assert.deepEqual(byCode(republished.diagnostics, 'balance'), [], showDiagnostics(republished.diagnostics));
      assert.deepEqual(comparable(republished.diagnostics), expectedFor(broken, 'en', { balance: 'off' }));
      const republished2 = await client.waitForPublication(uri2, () => true, 'the other open document republished too', after);
      assert.deepEqual(comparable(republished2.diagnostics), expectedFor(brokenOther, 'en', { balance: 'off' }));

      // and back: rules from the settings only, the default comes back when the key is removed
      client.settings = { govreport: { rules: {} } };
      const after2 = client.lastSeq;
      await client.changeConfiguration(null);
      const back = await client.waitForPublication(uri, () => true, 'diagnostics republished again', after2);
      assert.equal(byCode(back.diagnostics, 'balance')[0]?.severity, DiagnosticSeverity.Error, showDiagnostics(back.diagnostics));
    });
  });

  test('settings pushed with didChangeConfiguration (client without pull configuration)', async () => {
    await withServer({ pullConfiguration: false, locale: 'en' }, async (client) => {
      const uri = docUri('settings-push');
      const broken = replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 1]   # 一、本年新收政府信息公开申请数量');
      const v1 = await openAndWait(client, uri, broken);
      assert.equal(byCode(v1.diagnostics, 'balance')[0]?.severity, DiagnosticSeverity.Error, 'default severity before any settings');

      let after = client.lastSeq;
      await client.changeConfiguration({ govreport: { rules: { balance: 'warning' } } });
      const warned = await client.waitForPublication(uri, () => true, 'republished with balance as warning', after);
      assert.equal(byCode(warned.diagnostics, 'balance')[0]?.severity, DiagnosticSeverity.Warning, showDiagnostics(warned.diagnostics));

      after = client.lastSeq;
      await client.changeConfiguration({ govreport: { rules: { balance: 'off' } } });
      const off = await client.waitForPublication(uri, () => true, 'republished without balance', after);
      assert.equal(off.version, 1, 'not reopened: same version');
      assert.deepEqual(byCode(off.diagnostics, 'balance'), [], showDiagnostics(off.diagnostics));
      assert.deepEqual(comparable(off.diagnostics), expectedFor(broken, 'en', { balance: 'off' }));
      assert.equal(client.configurationRequests.length, 0);

      // a document opened later gets the pushed settings too
      const uri2 = docUri('settings-push-2');
      const second = await openAndWait(client, uri2, broken);
      assert.deepEqual(byCode(second.diagnostics, 'balance'), []);
    });
  });

  test('robustness: odd and broken texts get diagnostics; the server keeps answering and stays alive', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      const crlf = EXAMPLE_TEXT.replace(/\n/g, '\r\n');
      const brokenLf = replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量');
      const brokenCrlf = brokenLf.replace(/\n/g, '\r\n');
      const cases: [string, string][] = [
        ['empty', ''],
        ['dash', '-'],
        ['tabs', '\t\tfoo: ['],
        ['bom', `\ufeff${EXAMPLE_TEXT}`],
        ['crlf', crlf],
        ['crlf-broken', brokenCrlf],
        ['deep-flow-1000', `${'['.repeat(1000)}${']'.repeat(1000)}`],
        ['deep-flow-1000-unclosed', '['.repeat(1000)],
        ['deep-map-1000', `${'{a: '.repeat(1000)}1${'}'.repeat(1000)}`],
        ['lone-surrogates', 'agency: "\ud800"\nyear: \udfff\n'],
        ['nul', 'format: 2021\u0000\nagency: x\n'],
        // lone CR line ends: LSP counts them as line breaks; only "no crash, sane ranges" is asserted
        ['lone-cr', EXAMPLE_TEXT.replace(/\n/g, '\r')],
      ];
      // deterministic garbage: random strings of YAML-significant characters, and mutated copies of the example
      let seed = 0x5eed;
      const rand = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const alphabet = [...'[]{}:-#&*!|>\'",?%@`~ \t\n\r0123456789abcxyz年月日总计\ufeff\u2028'];
      for (let i = 0; i < 15; i++) {
        const n = Math.floor(rand() * 400);
        let s = '';
        for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
        cases.push([`garbage-${i}`, s]);
      }
      for (let i = 0; i < 15; i++) {
        let s = EXAMPLE_TEXT;
        for (let k = 0; k < 1 + Math.floor(rand() * 5); k++) {
          const at = Math.floor(rand() * s.length);
          const op = rand();
          const ch = alphabet[Math.floor(rand() * alphabet.length)]!;
          if (op < 0.4) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 20));
          else if (op < 0.8) s = s.slice(0, at) + ch + s.slice(at);
          else s = s.slice(0, at) + ch + s.slice(at + 1);
        }
        cases.push([`mutated-${i}`, s]);
      }

      const results = new Map<string, Publication>();
      for (const [name, text] of cases) {
        const uri = docUri(name);
        const after = client.lastSeq;
        const logsBefore = client.logs.length;
        await client.open(uri, text, 1);
        const pub = await client.waitFor(`diagnostics (or an error log) for "${name}"`, () =>
          client.publications.find((p) => p.seq > after && p.uri === uri && p.version === 1)
          ?? (client.logs.slice(logsBefore).some((l) => l.includes(uri)) ? 'failed' as const : undefined));
        assert.notEqual(pub, 'failed', `analysis failed for "${name}" (${JSON.stringify(text.slice(0, 80))}…): ${client.logs.slice(logsBefore).join('\n').slice(0, 1500)}`);
        const p = pub as Publication;
        results.set(name, p);
        for (const d of p.diagnostics) {
          const lines = text.split(/\r\n|\n|\r/).length;
          assert.ok(d.range.start.line < lines && d.range.end.line < lines, `"${name}": range ${JSON.stringify(d.range)} inside the ${lines}-line text`);
          assert.ok(messageOf(d).length > 0);
        }
        // the server still answers a request about this document
        const answer = await client.codeActions({ textDocument: { uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: p.diagnostics } });
        assert.ok(answer === null || Array.isArray(answer), `codeAction answered for "${name}"`);
        assert.ok(client.alive, `server alive after "${name}"`);
        await client.close(uri);
      }

      assert.deepEqual(results.get('bom')!.diagnostics, [], `a BOM-prefixed example: ${showDiagnostics(results.get('bom')!.diagnostics)}`);
      assert.deepEqual(results.get('crlf')!.diagnostics, [], `the example with CRLF: ${showDiagnostics(results.get('crlf')!.diagnostics)}`);
      const crlfBroken = results.get('crlf-broken')!.diagnostics;
      assert.deepEqual(crlfBroken.map((d) => [d.code, d.range]), [
        ['row-total', rangeOf(L_RECEIVED, 36, L_RECEIVED, 37)],
        ['balance', rangeOf(L_CARRIED_FORWARD, 20, L_CARRIED_FORWARD, 21)],
      ], showDiagnostics(crlfBroken));
      assert.deepEqual(crlfBroken[1]!.relatedInformation!.map((r) => r.location.range).sort((a, b) => a.start.line - b.start.line), [
        rangeOf(L_RECEIVED, 18, L_RECEIVED, 19), rangeOf(L_CARRIED_OVER, 18, L_CARRIED_OVER, 19), rangeOf(L_RESULTS_TOTAL, 27, L_RESULTS_TOTAL, 28),
      ]);
      assert.ok(results.get('empty')!.diagnostics.length > 0, 'an empty file is not a report');
      assert.ok(results.get('tabs')!.diagnostics.some((d) => d.code === 'yaml-syntax'));

      // the quick fix on a CRLF document keeps the CRLF line ends
      const uri = docUri('crlf-fix');
      const p = await openAndWait(client, uri, brokenCrlf);
      const rowTotal = byCode(p.diagnostics, 'row-total')[0]!;
      const params = { textDocument: { uri }, range: rowTotal.range, context: { diagnostics: [rowTotal] } };
      const actions = ((await client.codeActions(params)) ?? []).filter(isAction);
      const fix = actions.find((a) => a.kind === CodeActionKind.QuickFix)!;
      const fixed = applyTextEdits(brokenCrlf, documentEditOf(fix, uri, 1).edits as never);
      assert.equal(fixed, replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 1]   # 一、本年新收政府信息公开申请数量').replace(/\n/g, '\r\n'));
      assert.ok(client.alive);
    });
  });

  test('robustness: a 1000-deep nested flow sequence as the first document, edited twice', async () => {
    // (a fresh server: the first texts it analyzes are the deep ones)
    await withServer({ pullConfiguration: false, locale: 'en' }, async (client) => {
      const uri = docUri('deep-first');
      const deep = `${'['.repeat(1000)}${']'.repeat(1000)}\n`;
      const v1 = await openAndWait(client, uri, deep);
      assert.ok(v1.diagnostics.length > 0);
      for (const version of [2, 3]) {
        const after = client.lastSeq;
        await client.change(uri, version, [{ range: rangeOf(1, 0, 1, 0), text: '\n' }]);
        const p = await client.waitForVersion(uri, version, after);
        assert.ok(p.diagnostics.length > 0 && p.diagnostics.every((d) => d.code === 'yaml-syntax'), showDiagnostics(p.diagnostics));
      }
      const answer = await client.codeActions({ textDocument: { uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });
      assert.ok(answer === null || Array.isArray(answer));
      assert.ok(client.alive, 'the server is still running');
    });
  });

  test('didClose publishes empty diagnostics for the document', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      const uri = docUri('close');
      const broken = replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量');
      const v1 = await openAndWait(client, uri, broken);
      assert.ok(v1.diagnostics.length > 0);
      const after = client.lastSeq;
      await client.close(uri);
      const cleared = await client.waitForPublication(uri, () => true, 'a publication after didClose', after);
      assert.deepEqual(cleared.diagnostics, []);
      // nothing stale arrives after the clearing publication
      await client.codeActions({ textDocument: { uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });
      assert.deepEqual(client.publicationsFor(uri).at(-1)!.diagnostics, []);
      const none = await client.codeActions({ textDocument: { uri }, range: rangeOf(L_RECEIVED, 36, L_RECEIVED, 37), context: { diagnostics: [] } });
      assert.deepEqual(none ?? [], [], 'no code actions for a closed document');
    });
  });

  test('shutdown + exit ends the process with code 0', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      const uri = docUri('shutdown');
      await openAndWait(client, uri, EXAMPLE_TEXT);
      await client.shutdownAndExit();
      const exit = await client.waitForExit();
      assert.deepEqual(exit, { code: 0, signal: null }, client.stderr);
    });
  });

  test('exit without shutdown ends the process with code 1', async () => {
    await withServer({ pullConfiguration: false }, async (client) => {
      await client.conn.sendNotification('exit');
      const exit = await client.waitForExit();
      assert.deepEqual(exit, { code: 1, signal: null }, client.stderr);
    });
  });
});

// ------------------------------------------------------------------------- the JSON-RPC rules kept

/** The error a request is answered with (fails when it is answered with a result). */
async function errorOf(client: LspClient, method: string, params?: unknown): Promise<{ code: number; message: string }> {
  try {
    const result = await client.request(method, params);
    assert.fail(`${method} answered with a result: ${JSON.stringify(result)?.slice(0, 200)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    const { code, message } = e as { code: number; message: string };
    assert.equal(typeof code, 'number', `${method}: ${String(e)}`);
    return { code, message };
  }
}

/** The raw bodies the server writes to stdout from now on (responses the client library cannot route, such as `id: null`). */
function rawBodies(client: LspClient): () => unknown[] {
  let raw = '';
  client.proc.stdout!.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
  return () => raw.split(/Content-Length: \d+\r\n\r\n/).filter((s) => s.trim()).map((s) => JSON.parse(s) as unknown);
}

/** Writes one framed body to the server, bytes as given. */
function writeRaw(client: LspClient, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  client.proc.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]));
}

describe('the language server keeps the protocol', () => {
  test('a body that is not JSON gets -32700 (ParseError), JSON that is no message -32600; the server reads on', async () => {
    await withServer({ pullConfiguration: false, locale: 'en' }, async (client) => {
      const bodies = rawBodies(client);
      const nullIdErrors = () => bodies().filter((b): b is { id: null; error: { code: number; message: string } } => (b as { id?: unknown }).id === null);
      writeRaw(client, '{"jsonrpc": "2.0", "id": 77, "method": "textDocument/hover", "params": {');
      await client.waitFor('a -32700 answer', () => nullIdErrors().find((b) => b.error.code === -32700));
      writeRaw(client, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); // not UTF-8
      await client.waitFor('a second -32700 answer', () => nullIdErrors().filter((b) => b.error.code === -32700).length === 2);
      for (const body of ['[1, 2]', '42', '"x"', '{"jsonrpc": "2.0"}', '{"jsonrpc": "2.0", "id": null, "method": "shutdown"}']) writeRaw(client, body);
      await client.waitFor('five -32600 answers', () => nullIdErrors().filter((b) => b.error.code === -32600).length === 5);
      // still answering, still alive, not shut down
      const uri = docUri('after-garbage');
      await openAndWait(client, uri, EXAMPLE_TEXT);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: L_RECEIVED, character: 20 } });
      assert.ok(client.alive);
    });
  });

  test('a request without params, or with params of the wrong shape, gets -32602 (InvalidParams), never a TypeError', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      const uri = docUri('params');
      await openAndWait(client, uri, EXAMPLE_TEXT);
      const doc = { textDocument: { uri } };
      const cases: [string, unknown][] = [
        ['textDocument/hover', undefined], ['textDocument/hover', { textDocument: { uri } }], ['textDocument/hover', { ...doc, position: { line: -1, character: 0 } }],
        ['textDocument/hover', { textDocument: 'x', position: { line: 0, character: 0 } }],
        ['textDocument/completion', undefined], ['textDocument/completion', { ...doc, position: { line: '1', character: 0 } }],
        ['textDocument/codeAction', undefined], ['textDocument/codeAction', { ...doc, range: rangeOf(0, 0, 0, 0) }],
        ['textDocument/inlayHint', undefined], ['textDocument/inlayHint', doc],
        ['textDocument/documentSymbol', undefined], ['textDocument/documentSymbol', {}],
        ['textDocument/foldingRange', undefined], ['textDocument/selectionRange', undefined], ['textDocument/selectionRange', { ...doc, positions: [{}] }],
        ['textDocument/formatting', undefined], ['textDocument/formatting', doc], ['textDocument/rangeFormatting', { ...doc, options: {} }],
        ['govreport/render', undefined], ['govreport/render', { uri: 5 }], ['govreport/newReport', undefined], ['govreport/newReport', []],
        ['govreport/export', undefined], ['govreport/export', { uri }], ['govreport/export', { uri, format: 'odt' }],
        ['govreport/export', { uri, format: 'pdf', pdfConverter: 7 }], ['govreport/export', { uri, format: 'docx', force: 'yes' }],
      ];
      for (const [method, params] of cases) {
        const { code, message } = await errorOf(client, method, params);
        assert.equal(code, -32602, `${method} ${JSON.stringify(params)}: ${message}`);
        assert.match(message, new RegExp(`^Invalid params for ${method}: params`), message);
        assert.doesNotMatch(message, /TypeError|Cannot read|undefined \(reading/);
      }
      // a notification with wrong params is dropped (no crash), and the server answers on
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri } });
      await client.conn.sendNotification('textDocument/didOpen', {});
      await client.request('textDocument/hover', { ...doc, position: { line: 0, character: 0 } });
      await client.waitFor('the dropped notifications logged', () => client.logs.filter((l) => / ignored: params/.test(l)).length === 2);
      assert.ok(client.alive);
    });
  });

  test('after shutdown: every request gets -32600 (InvalidRequest), notifications are dropped, exit ends with 0', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      const uri = docUri('after-shutdown');
      await openAndWait(client, uri, EXAMPLE_TEXT);
      await client.request('shutdown', undefined);
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }],
        ['govreport/checkWorkspace', {}],
        ['shutdown', undefined],
        ['initialize', { processId: null, rootUri: null, capabilities: {} }],
      ] as const) {
        const { code, message } = await errorOf(client, method, params);
        assert.equal(code, -32600, `${method}: ${message}`);
        assert.match(message, /after shutdown/);
      }
      const published = client.publications.length;
      await client.change(uri, 2, [{ range: rangeOf(L_RECEIVED, 0, L_RECEIVED, 0), text: '#' }]);
      await client.conn.sendNotification('exit');
      assert.deepEqual(await client.waitForExit(), { code: 0, signal: null }, client.stderr);
      assert.equal(client.publications.length, published, 'nothing validated after shutdown');
    });
  });

  test('a didChange whose version does not go forward is ignored, not applied', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      const uri = docUri('versions');
      await openAndWait(client, uri, EXAMPLE_TEXT);
      const cell = rangeOf(L_RECEIVED, 18, L_RECEIVED, 19); // the first 0 of `received`
      assert.equal(textIn(EXAMPLE_TEXT, cell), '0');
      let after = client.lastSeq;
      await client.change(uri, 5, [{ range: cell, text: '1' }]);
      const v5 = await client.waitForVersion(uri, 5, after);
      assert.ok(byCode(v5.diagnostics, 'row-total').length > 0, showDiagnostics(v5.diagnostics));
      // version 3 (backwards) and 5 (again) would put back the 0: both dropped
      await client.change(uri, 3, [{ range: cell, text: '0' }]);
      await client.change(uri, 5, [{ range: cell, text: '0' }]);
      after = client.lastSeq;
      // a change that edits nothing else: its diagnostics show which text the server holds
      await client.change(uri, 6, [{ range: rangeOf(0, 0, 0, 0), text: '' }]);
      const v6 = await client.waitForVersion(uri, 6, after);
      assert.deepEqual(comparable(v6.diagnostics), comparable(v5.diagnostics), 'the server still holds version 5\'s text');
      assert.ok(client.publicationsFor(uri).every((p) => p.version !== 3), 'version 3 never published');
      assert.equal(client.logs.filter((l) => /didChange of .* ignored: version (3|5) does not follow 5/.test(l)).length, 2, client.logs.join('\n'));
    });
  });

  test('govreport/newReport: a kind, year or agency the format does not allow gets -32602 and writes nothing', async () => {
    await withServer({ pullConfiguration: true, locale: 'en' }, async (client) => {
      for (const [params, what] of [
        [{ agency: '台儿庄区民政局', year: 2024, kind: 'nope' }, /params\.kind must be one of department, government, township, not "nope"/],
        [{ agency: '台儿庄区民政局', year: 2024 }, /params\.kind/],
        [{ agency: '台儿庄区民政局', year: 2007, kind: 'department' }, /params\.year must be a whole number from 2008 to 2100, not 2007/],
        [{ agency: '台儿庄区民政局', year: 2024.5, kind: 'department' }, /params\.year/],
        [{ agency: '台儿庄区民政局', year: '2024', kind: 'department' }, /params\.year/],
        [{ agency: '  ', year: 2024, kind: 'department' }, /params\.agency must be the name/],
        [{ agency: '台儿庄区民政局\nagency_kind: nope', year: 2024, kind: 'department' }, /params\.agency must be one line/],
      ] as const) {
        const { code, message } = await errorOf(client, 'govreport/newReport', params);
        assert.equal(code, -32602, `${JSON.stringify(params)}: ${message}`);
        assert.match(message, what);
      }
      const ok = await client.request<{ text: string }>('govreport/newReport', { agency: '台儿庄区民政局', year: 2024, kind: 'township' });
      assert.match(ok.text, /^agency_kind: township/m);
    });
  });

  test('initializationOptions.lang (the govreport.language setting) wins over the locale', async () => {
    const broken = replaceLine(EXAMPLE_TEXT, L_RECEIVED, '  received:      [1, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量');
    for (const [options, lang] of [
      [{ locale: 'zh-cn', initializationOptions: { lang: 'en' } }, 'en'],
      [{ locale: 'en', initializationOptions: { lang: 'zh' } }, 'zh'],
      [{ locale: 'en', initializationOptions: { lang: 'zh-cn' } }, 'zh'],
      [{ locale: 'zh-cn', initializationOptions: {} }, 'zh'],
    ] as const) {
      await withServer({ pullConfiguration: true, ...options }, async (client) => {
        const p = await openAndWait(client, docUri('lang'), broken);
        assert.deepEqual(comparable(p.diagnostics), expectedFor(broken, lang), JSON.stringify(options));
      });
    }
  });
});
