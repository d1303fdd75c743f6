// Protocol tests of the writing assistance of the GovReport language server: completion, hover,
// document symbols, folding ranges, selection ranges, inlay hints, formatting and range formatting,
// spoken to over JSON-RPC (`node dist/server.js --stdio`, see lsp-client.ts) in both locales.
//
// Run: npm run build && node --test out/test/lsp/features.test.js
// One server per locale (or per settings), killed in `after`/`finally`; nothing sleeps: every wait
// is for a message, with a timeout.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CompletionItemKind, CompletionRequest, CompletionTriggerKind, DocumentFormattingRequest, DocumentRangeFormattingRequest,
  DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, InlayHintRequest, InsertTextFormat, SelectionRangeRequest, SymbolKind,
  type CompletionItem, type CompletionList, type DocumentSymbol, type FoldingRange, type Hover, type InlayHint,
  type MarkupContent, type Position, type Range, type SelectionRange, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import {
  applyTextEdits, EXAMPLE, LspClient, lineAt, offsetAt, positionAt, rangeOf, replaceLine, ROOT, textIn, virtualUri, withServer,
  type Settings,
} from './lsp-client';

// -------------------------------------------------------------------------------------- fixtures

const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');
const LINES = EXAMPLE_TEXT.split('\n');

/** The core as shipped: parses texts the tests build (an oracle for "this is valid"). */
interface CoreDiagnostic { code: string; severity: 'error' | 'warning' | 'info'; message: string }
const core = require(path.join(ROOT, 'dist', 'core.js')) as {
  analyze(text: string, options: { lang: 'zh' | 'en' }): { diagnostics: CoreDiagnostic[]; document: { data: unknown } };
};

/** 0-based line of the first line of the example starting with `prefix` (asserted unique). */
function lineOf(prefix: string): number {
  const found = LINES.flatMap((l, i) => (l.startsWith(prefix) ? [i] : []));
  assert.equal(found.length, 1, `exactly one line starting with ${JSON.stringify(prefix)}: ${found.join(',')}`);
  return found[0]!;
}

const L = {
  applications: lineOf('applications:'),
  received: lineOf('  received:'),
  carriedOver: lineOf('  carried_over:'),
  results: lineOf('  results:'),
  disclosed: lineOf('    disclosed:'),
  stateSecret: lineOf('      state_secret:'),
  resultsTotal: lineOf('    total:'),
  carriedForward: lineOf('  carried_forward:'),
  appeals: lineOf('appeals:'),
  review: lineOf('  review:'),
  lawsuitAfterReview: lineOf('  lawsuit_after_review:'),
  proactive: lineOf('proactive:'),
  rules: lineOf('  rules:'),
  licensing: lineOf('  licensing:'),
  overview: lineOf('overview:'),
  overviewProactive: lineOf('  proactive: |'),
  preamble: lineOf('preamble: |'),
  published: lineOf('published:'),
  otherMatters: lineOf('other_matters:'),
  workPriorities: lineOf('  work_priorities: |'),
  proposals: lineOf('  proposals: |'),
};

/** The cursor in test texts. */
const CURSOR = '‸';

/** `text` with the cursor marker removed, and the marker's position. */
function withCursor(marked: string): { text: string; position: Position; offset: number } {
  const offset = marked.indexOf(CURSOR);
  assert.ok(offset >= 0 && marked.indexOf(CURSOR, offset + 1) < 0, 'exactly one cursor in the test text');
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  return { text, position: positionAt(text, offset), offset };
}

/** Inserts `insert` at the start of 0-based line `line` of `text`. */
function insertAtLine(text: string, line: number, insert: string): string {
  const at = offsetAt(text, { line, character: 0 });
  return text.slice(0, at) + insert + text.slice(at);
}

/** Replaces 0-based line `line` of `text` (keeps the line break). */

/** Removes the line starting with `prefix` (with its line break). */
function dropLine(text: string, prefix: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `a line starting with ${prefix}`);
  lines.splice(i, 1);
  return lines.join('\n');
}

const docUri = (name: string): string => virtualUri('virtual-features', name);

/** A server per locale, shared by the tests of a `describe` block (started lazily, killed in `after`). */
function sharedServers(settings?: Settings): { get(locale: Locale): Promise<LspClient> } {
  const clients = new Map<Locale, Promise<LspClient>>();
  after(async () => {
    for (const c of clients.values()) await (await c.catch(() => undefined))?.dispose();
  });
  return {
    get(locale) {
      let c = clients.get(locale);
      if (!c) clients.set(locale, (c = LspClient.start({ pullConfiguration: true, locale, settings: structuredClone(settings ?? {}) })));
      return c;
    },
  };
}

type Locale = 'en' | 'zh-cn';
const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** Opens `text` under a fresh URI (no wait: requests are read after the didOpen). */
async function openDoc(client: LspClient, name: string, text: string): Promise<string> {
  const uri = docUri(name);
  await client.open(uri, text, 1);
  return uri;
}

/** Opens `text` and waits for its first diagnostics, so that hover reads the published analysis. */
async function openAndWait(client: LspClient, name: string, text: string): Promise<string> {
  const after = client.lastSeq;
  const uri = docUri(name);
  await client.open(uri, text, 1);
  await client.waitForVersion(uri, 1, after);
  return uri;
}

// ------------------------------------------------------------------------------ completion helpers

/** Completion at the cursor of `marked` (opened under a fresh URI, closed again). */
async function complete(
  client: LspClient, name: string, marked: string, trigger?: string,
): Promise<{ items: CompletionItem[]; text: string; position: Position }> {
  const { text, position } = withCursor(marked);
  const uri = await openDoc(client, name, text);
  const result = await client.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, {
    textDocument: { uri }, position,
    context: trigger ? { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: trigger } : { triggerKind: CompletionTriggerKind.Invoked },
  });
  await client.close(uri);
  const items = result === null ? [] : Array.isArray(result) ? result : result.items;
  // every item replaces a range on the cursor's line that contains the cursor
  for (const it of items) {
    const edit = it.textEdit as TextEdit | undefined;
    assert.ok(edit && 'range' in edit, `${it.label}: a textEdit with a range`);
    assert.ok(edit.range.start.line === position.line && edit.range.end.line === position.line, `${it.label}: the edit stays on the cursor line`);
    assert.ok(edit.range.start.character <= position.character && position.character <= edit.range.end.character, `${it.label}: the edit range contains the cursor`);
  }
  return { items, text, position };
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);

function item(items: readonly CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in [${labels(items).join(', ')}]`);
  return found;
}

/** The typed word VS Code filters with: the text of the edit range up to the cursor. */
function typedWord(text: string, it: CompletionItem, position: Position): string {
  const edit = it.textEdit as TextEdit;
  return text.slice(offsetAt(text, edit.range.start), offsetAt(text, position));
}

/** VS Code's filtering, simplified: an item stays when its filterText (or label) contains the typed word. */
function vsFilter(items: readonly CompletionItem[], text: string, position: Position, typed?: string): CompletionItem[] {
  return items.filter((i) => (i.filterText ?? i.label).includes(typed ?? typedWord(text, i, position)));
}

const newText = (it: CompletionItem) => (it.textEdit as TextEdit).newText;

/**
 * The text a snippet inserts once expanded with its defaults (mirrors get the first default,
 * choices their first choice); fails on anything that is not valid snippet syntax.
 */
function expandSnippet(snippet: string): string {
  const defaults = new Map<number, string>();
  let out = '';
  let i = 0;
  const fail = (why: string): never => assert.fail(`bad snippet at ${i}: ${why}: ${JSON.stringify(snippet.slice(i, i + 40))}`);
  while (i < snippet.length) {
    const rest = snippet.slice(i);
    if (rest[0] === '\\' && /^[\\$}]/.test(rest.slice(1))) {
      out += rest[1];
      i += 2;
      continue;
    }
    if (rest[0] !== '$') {
      if (rest[0] === '}') fail('an unescaped } outside a placeholder');
      out += rest[0];
      i++;
      continue;
    }
    let m = /^\$(\d+)/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest);
    if (m) {
      out += defaults.get(Number(m[1])) ?? '';
      i += m[0].length;
      continue;
    }
    m = /^\$\{(\d+):((?:\\[\\$}]|[^\\$}])*)\}/.exec(rest);
    if (m) {
      const value = m[2]!.replace(/\\([\\$}])/g, '$1');
      if (!defaults.has(Number(m[1]))) defaults.set(Number(m[1]), value);
      out += value;
      i += m[0].length;
      continue;
    }
    m = /^\$\{(\d+)\|((?:\\[\\,|$}]|[^\\,|$}])+)((?:,(?:\\[\\,|$}]|[^\\,|$}])+)*)\|\}/.exec(rest);
    if (m) {
      const first = m[2]!.replace(/\\(.)/g, '$1');
      defaults.set(Number(m[1]), first);
      out += first;
      i += m[0].length;
      continue;
    }
    fail('not a tab stop, placeholder or choice');
  }
  return out;
}

/** Inserts a completion item the way VS Code does (snippets expanded with their defaults, following lines indented like the cursor line). */
function accept(text: string, it: CompletionItem, position: Position): string {
  const edit = it.textEdit as TextEdit;
  let insert = it.insertTextFormat === InsertTextFormat.Snippet ? expandSnippet(edit.newText) : edit.newText;
  const indent = /^[ \t]*/.exec(lineAt(text, position.line))![0];
  insert = insert.replace(/\n/g, `\n${indent}`);
  return applyTextEdits(text, [{ range: edit.range, newText: insert }]);
}

// -------------------------------------------------------------------------------------------- tests

describe('completion over LSP', () => {
  const servers = sharedServers();

  for (const locale of LOCALES) {
    const zh = locale === 'zh-cn';

    test(`[${locale}] empty document: a skeleton snippet of a whole report first, then the top-level keys`, async () => {
      const client = await servers.get(locale);
      const { items, text, position } = await complete(client, 'empty', CURSOR);
      assert.ok(items.length > 0);
      const skeleton = items[0]!;
      assert.equal(skeleton.kind, CompletionItemKind.Snippet);
      assert.equal(skeleton.insertTextFormat, InsertTextFormat.Snippet);
      assert.equal(skeleton.label, '政府信息公开工作年度报告');
      assert.equal(skeleton.detail, zh ? '新建报告：全部六个部分，表格全部为0' : 'A new report: every part, tables filled with 0');
      // sorted first
      const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
      assert.equal(sorted[0], skeleton);
      // expanded with its defaults, it is a report with every part and no structural error
      const report = accept(text, skeleton, position);
      for (const key of ['format: 2021', 'agency: ', 'agency_kind: department', 'year: ', 'published: ', 'overview:', 'proactive:', 'applications:', 'appeals:', 'problems:', 'other_matters:']) {
        assert.ok(report.includes(`\n${key}`), `the skeleton has ${key}:\n${report}`);
      }
      assert.match(report, /\n {2}received: +\[0, 0, 0, 0, 0, 0, 0\]/);
      assert.match(report, /\n {2}review: +\[0, 0, 0, 0, 0\]/);
      const structural = core.analyze(report, { lang: 'en' }).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(structural, [], `the expanded skeleton has no errors:\n${report}`);
      // the top-level keys follow, with their official labels
      assert.equal(item(items, 'applications').detail, '三、收到和处理政府信息公开申请情况');
      assert.equal(item(items, 'agency').detail, '机关名称');
      assert.equal(item(items, 'agency').kind, CompletionItemKind.Property);
      // and the six parts as snippets, under their official titles
      for (const title of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) {
        assert.equal(item(items, title).kind, CompletionItemKind.Snippet, title);
      }
    });

    test(`[${locale}] a new line inside applications: the missing rows, Chinese labels as detail, never a row that is there`, async () => {
      const client = await servers.get(locale);
      // half typed: received and results.disclosed exist
      const half = [
        'format: 2021', 'agency: 台儿庄区民政局', 'year: 2023',
        'applications:', '  received: [0, 0, 0, 0, 0, 0, 0]', `  ${CURSOR}`, '  results:', '    disclosed: [0, 0, 0, 0, 0, 0, 0]', '',
      ].join('\n');
      const { items, text, position } = await complete(client, 'apps-half', half);
      assert.deepEqual(labels(items), ['carried_over', 'carried_forward'], 'received and results exist: not offered again');
      assert.equal(item(items, 'carried_over').detail, '二、上年结转政府信息公开申请数量');
      assert.equal(item(items, 'carried_forward').detail, '四、结转下年度继续办理');
      const accepted = accept(text, item(items, 'carried_over'), position);
      assert.ok(accepted.includes('\n  carried_over: [0, 0, 0, 0, 0, 0, 0]\n  results:'), accepted);

      // the same line in the example: every row exists, nothing to offer
      const example = await complete(client, 'apps-example', insertAtLine(EXAMPLE_TEXT, L.carriedOver, `  ${CURSOR}\n`));
      assert.deepEqual(labels(example.items), []);
      // right under `applications:`, with received removed: received comes back, the others stay out
      const withoutReceived = dropLine(EXAMPLE_TEXT, '  received:');
      const back = await complete(client, 'apps-no-received', insertAtLine(withoutReceived, L.received, `  ${CURSOR}\n`));
      assert.deepEqual(labels(back.items), ['received']);
      assert.equal(back.items[0]!.detail, '一、本年新收政府信息公开申请数量');
      assert.equal(newText(back.items[0]!), 'received: [${1:0}, ${2:0}, ${3:0}, ${4:0}, ${5:0}, ${6:0}, ${7:0}]');
    });

    test(`[${locale}] inside applications.results: the missing results; in overview: the missing topics; at the top level: the missing keys`, async () => {
      const client = await servers.get(locale);
      const half = ['applications:', '  results:', '    disclosed: [0, 0, 0, 0, 0, 0, 0]', `    ${CURSOR}`, '    total: [0, 0, 0, 0, 0, 0, 0]', ''].join('\n');
      const results = await complete(client, 'results', half);
      assert.deepEqual(labels(results.items), ['partially_disclosed', 'withheld', 'unavailable', 'not_processed', 'other']);
      assert.equal(item(results.items, 'withheld').detail, '（三）不予公开');
      assert.equal(item(results.items, 'partially_disclosed').detail, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）');

      const overviewHalf = ['overview:', '  proactive: |', '    文本', '  on_request: |', '    文本', `  ${CURSOR}`, ''].join('\n');
      const overview = await complete(client, 'overview-half', overviewHalf);
      assert.deepEqual(labels(overview.items), ['summary', 'management', 'platforms', 'supervision', 'extra']);
      assert.equal(item(overview.items, 'platforms').detail, '（四）政府信息公开平台建设');
      const accepted = accept(overview.text, item(overview.items, 'management'), overview.position);
      assert.ok(accepted.endsWith('\n  management: |\n    \n'), JSON.stringify(accepted.slice(-60)));
      // in the example, every topic is there
      const example = await complete(client, 'overview-example', insertAtLine(EXAMPLE_TEXT, L.overviewProactive, `  ${CURSOR}\n`));
      assert.deepEqual(labels(example.items), ['summary', 'extra']);

      // the example's top level: only the optional keys it does not have, no part snippets
      const top = await complete(client, 'top-example', `${EXAMPLE_TEXT}${CURSOR}`);
      assert.deepEqual(labels(top.items), ['agency_kind', 'deadline', 'title']);
    });

    test(`[${locale}] values: agency_kind → the three kinds; published → dates after the year; year; flow keys of 二`, async () => {
      const client = await servers.get(locale);
      const kind = await complete(client, 'kind', `format: 2021\nagency: 台儿庄区民政局\nagency_kind: ${CURSOR}\nyear: 2023\n`);
      assert.deepEqual(labels(kind.items), ['department', 'government', 'township']);
      assert.deepEqual(kind.items.map((i) => i.detail), ['县级以上人民政府部门', '县级以上人民政府（本级）', '乡镇人民政府、街道办事处']);
      assert.equal(kind.items[0]!.kind, CompletionItemKind.Value);
      assert.equal(accept(kind.text, item(kind.items, 'government'), kind.position), 'format: 2021\nagency: 台儿庄区民政局\nagency_kind: government\nyear: 2023\n');

      // after `published: ` in the example (a date is there: it is replaced)
      const marked = replaceLine(EXAMPLE_TEXT, L.published, `published: ${CURSOR}2024-01-16`);
      const published = await complete(client, 'published', marked);
      assert.ok(published.items.length >= 2, labels(published.items).join(', '));
      for (const it of published.items) {
        assert.match(it.label, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(it.label > '2023-12-31', `${it.label} is after the report year`);
        assert.equal(lineAt(accept(published.text, it, published.position), L.published), `published: ${it.label}`);
      }
      const deadline = item(published.items, '2024-01-31');
      assert.ok(deadline.detail?.includes(zh ? '条例第四十九条第一款' : 'Article 49(1)'), deadline.detail);

      // a government's deadline is 31 March
      const gov = await complete(client, 'published-gov', `agency_kind: government\nyear: 2023\npublished: ${CURSOR}\n`);
      assert.ok(labels(gov.items).includes('2024-03-31'), labels(gov.items).join(', '));
      assert.ok(!labels(gov.items).includes('2024-01-31'), labels(gov.items).join(', '));

      // the keys of a flow mapping of 二 not yet in it
      const flow = await complete(client, 'flow', replaceLine(EXAMPLE_TEXT, L.rules, `  rules: {issued: 0, ${CURSOR}}`));
      assert.deepEqual(labels(flow.items), ['repealed', 'in_force']);
      assert.equal(item(flow.items, 'in_force').detail, '现行有效件数');
    });

    test(`[${locale}] trigger character ':' after a row key → a row skeleton of the right width`, async () => {
      const client = await servers.get(locale);
      const received = await complete(client, 'trigger-received', `applications:\n  received:${CURSOR}\n`, ':');
      assert.deepEqual(labels(received.items), ['[0, 0, 0, 0, 0, 0, 0]']);
      assert.equal(received.items[0]!.detail, '一、本年新收政府信息公开申请数量');
      assert.equal(accept(received.text, received.items[0]!, received.position), 'applications:\n  received: [0, 0, 0, 0, 0, 0, 0]\n');

      const disclosed = await complete(client, 'trigger-disclosed', `applications:\n  results:\n    disclosed:${CURSOR}\n`, ':');
      assert.deepEqual(labels(disclosed.items), ['[0, 0, 0, 0, 0, 0, 0]']);
      assert.equal(disclosed.items[0]!.detail, '（一）予以公开');

      const review = await complete(client, 'trigger-review', `appeals:\n  review:${CURSOR}\n`, ':');
      assert.deepEqual(labels(review.items), ['[0, 0, 0, 0, 0]']);

      // the cells typed so far are kept, 总计 is their sum
      const partial = await complete(client, 'row-partial', `applications:\n  received: [3, 2, ${CURSOR}\n`, ' ');
      assert.deepEqual(labels(partial.items), ['[3, 2, 0, 0, 0, 0, 5]']);
      assert.equal(accept(partial.text, partial.items[0]!, partial.position), 'applications:\n  received: [3, 2, 0, 0, 0, 0, 5]\n');

      // a ':' typed inside block text is not a key
      const inText = await complete(client, 'trigger-text', `overview:\n  proactive: |\n    note:${CURSOR}\n`, ':');
      assert.deepEqual(labels(inText.items), []);
    });

    test(`[${locale}] no completion inside block text or comments`, async () => {
      const client = await servers.get(locale);
      const text = await complete(client, 'in-text', insertAtLine(EXAMPLE_TEXT, L.overviewProactive + 2, `    ${CURSOR}\n`));
      assert.deepEqual(labels(text.items), []);
      const typed = await complete(client, 'in-text-typed', insertAtLine(EXAMPLE_TEXT, L.overviewProactive + 2, `    自然${CURSOR}\n`));
      assert.deepEqual(labels(typed.items), []);
      const comment = await complete(client, 'comment', replaceLine(EXAMPLE_TEXT, L.received, `  received:      [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收${CURSOR}`));
      assert.deepEqual(labels(comment.items), []);
    });

    test(`[${locale}] Chinese filtering: 自然人, 予以公开, 行政许可 find the items where they apply (and only there)`, async () => {
      const client = await servers.get(locale);
      // typing 自然人 on a new line of applications: every row (its columns include 自然人), no group
      const rows = await complete(client, 'zh-rows', insertAtLine(dropLine(dropLine(EXAMPLE_TEXT, '  received:'), '  carried_over:'), L.received, `  自然人${CURSOR}\n`));
      assert.ok(rows.items.length > 0);
      for (const it of rows.items) assert.equal(typedWord(rows.text, it, rows.position), '自然人', `${it.label}: the edit range starts at the typed word`);
      assert.deepEqual(labels(vsFilter(rows.items, rows.text, rows.position)), ['received', 'carried_over']);
      const received = accept(rows.text, item(rows.items, 'received'), rows.position);
      assert.equal(lineAt(received, L.received), '  received: [0, 0, 0, 0, 0, 0, 0]');

      // 予以公开 inside applications.results with disclosed missing: the disclosed row
      const withoutDisclosed = dropLine(EXAMPLE_TEXT, '    disclosed:');
      const disclosed = await complete(client, 'zh-disclosed', insertAtLine(withoutDisclosed, L.results + 1, `    予以公开${CURSOR}\n`));
      assert.deepEqual(labels(vsFilter(disclosed.items, disclosed.text, disclosed.position)), ['disclosed']);
      assert.ok(item(disclosed.items, 'disclosed').filterText!.includes('予以公开'));
      // 自然人 there: the disclosed row (a row of 三), not the groups withheld/unavailable/…
      assert.deepEqual(labels(vsFilter(disclosed.items, disclosed.text, disclosed.position, '自然人')), ['disclosed']);

      // 行政许可 inside proactive with licensing missing
      const withoutLicensing = dropLine(EXAMPLE_TEXT, '  licensing:');
      const licensing = await complete(client, 'zh-licensing', insertAtLine(withoutLicensing, L.licensing, `  行政许可${CURSOR}\n`));
      assert.deepEqual(labels(vsFilter(licensing.items, licensing.text, licensing.position)), ['licensing']);
      assert.equal(accept(licensing.text, item(licensing.items, 'licensing'), licensing.position).split('\n')[L.licensing], '  licensing: 0');
      // at the top level without 二: the part snippet mentions 行政许可
      const withoutProactive = EXAMPLE_TEXT.split('\n').filter((_, i) => i < L.proactive || i > L.proactive + 6).join('\n');
      const top = await complete(client, 'zh-top', `${withoutProactive}行政许可${CURSOR}`);
      assert.deepEqual(labels(vsFilter(top.items, top.text, top.position)), ['二、主动公开政府信息情况']);

      // appeals' columns are not 自然人…: no row of 四 matches
      const appealsHalf = `appeals:\n  review: [0, 0, 0, 0, 0]\n  自然人${CURSOR}\n`;
      const appeals = await complete(client, 'zh-appeals', appealsHalf);
      assert.deepEqual(labels(appeals.items), ['lawsuit_direct', 'lawsuit_after_review']);
      assert.deepEqual(labels(vsFilter(appeals.items, appeals.text, appeals.position)), []);
      assert.deepEqual(labels(vsFilter(appeals.items, appeals.text, appeals.position, '复议后起诉')), ['lawsuit_after_review']);
    });

    test(`[${locale}] a key whose value is a new mapping asks the editor to suggest again (its keys come next)`, async () => {
      const client = await servers.get(locale);
      const { items } = await complete(client, 'retrigger', `format: 2021\n${CURSOR}\n`);
      const retrigger = (label: string) => item(items, label).command?.command;
      assert.equal(retrigger('applications'), 'editor.action.triggerSuggest');
      assert.equal(retrigger('overview'), 'editor.action.triggerSuggest');
      assert.equal(retrigger('agency'), undefined, 'a scalar value: nothing to suggest after it');
      assert.equal(retrigger('preamble'), undefined, 'text: nothing to suggest after it');
    });
  }

  test('a text starting with a byte order mark: the first line is read as a key like any other', async () => {
    const client = await servers.get('en');
    // `format` is there: not offered again
    const present = await complete(client, 'bom-present', `\ufeffformat: 2021\n${CURSOR}`);
    assert.ok(present.items.length > 0);
    assert.ok(!labels(present.items).includes('format'), `format is already there: [${labels(present.items).join(', ')}]`);
    // typing a key on the first line
    const typing = await complete(client, 'bom-typing', `\ufeffform${CURSOR}`);
    assert.ok(labels(vsFilter(typing.items, typing.text, typing.position)).includes('format'), `[${labels(typing.items).join(', ')}]`);
  });
});

// ------------------------------------------------------------------------------------------- hover

function markdownOf(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

function hoverAt(client: LspClient, uri: string, line: number, character: number): Promise<Hover | null> {
  return client.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position: { line, character } });
}

/** The column (0-based character) of cell `i` of the one-line row on `line` of `text`. */
function cellChar(text: string, line: number, i: number): number {
  const l = lineAt(text, line);
  const open = l.search(/[[{]/);
  let at = open + 1;
  for (let k = 0; k < i; k++) at = l.indexOf(',', at) + 1;
  while (l[at] === ' ') at++;
  return at;
}

describe('hover over LSP', () => {
  const servers = sharedServers();
  // received: 总计 4, the columns add up to 3; disclosed 3 = 1 + 2 (results.total stays 0: wrong)
  const BROKEN = replaceLine(replaceLine(EXAMPLE_TEXT,
    L.received, '  received:      [1, 2, 0, 0, 0, 0, 4]   # 一、本年新收政府信息公开申请数量'),
  L.disclosed, '    disclosed:            [1, 2, 0, 0, 0, 0, 3]   # （一）予以公开');

  for (const locale of LOCALES) {
    const zh = locale === 'zh-cn';

    test(`[${locale}] on a key: official label, explanation, path`, async () => {
      const client = await servers.get(locale);
      const uri = await openAndWait(client, 'hover-key', EXAMPLE_TEXT);
      const h = await hoverAt(client, uri, L.received, 4);
      const md = markdownOf(h);
      assert.ok(md.startsWith('**一、本年新收政府信息公开申请数量**\n\n本年新收的申请数。'), md);
      assert.ok(md.includes('一行7个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。'), md);
      assert.ok(md.endsWith('`applications.received`'), md);
      // Chinese readers get the Chinese explanation only
      assert.equal(md.includes('Seven counts: natural persons'), !zh, md);
      assert.deepEqual(h!.range, rangeOf(L.received, 2, L.received, 10));
      assert.equal(textIn(EXAMPLE_TEXT, h!.range!), 'received');

      const licensing = markdownOf(await hoverAt(client, uri, L.licensing, 3));
      assert.ok(licensing.startsWith('**行政许可**\n\n第二十条第（五）项 · 行政许可：本年处理决定数量。'), licensing);
      assert.equal(licensing.includes('Licensing decisions this year.'), !zh, licensing);
      assert.ok(licensing.endsWith('`proactive.licensing`'));

      // a part of the report: its official title
      const part = markdownOf(await hoverAt(client, uri, L.applications, 3));
      assert.ok(part.startsWith('**三、收到和处理政府信息公开申请情况**'), part);
      // block text (prose): no hover
      assert.equal(await hoverAt(client, uri, L.overviewProactive + 1, 10), null);
    });

    test(`[${locale}] on a table cell: row label × column label and its value`, async () => {
      const client = await servers.get(locale);
      const uri = await openAndWait(client, 'hover-cell', EXAMPLE_TEXT);
      const ch = cellChar(EXAMPLE_TEXT, L.stateSecret, 0);
      const h = await hoverAt(client, uri, L.stateSecret, ch);
      const md = markdownOf(h);
      assert.equal(md, [
        '**三、本年度办理结果 ·（三）不予公开 · 1.属于国家秘密 × 自然人**',
        zh ? '填报值：`0`' : 'Value: `0`',
        '`applications.results.withheld.state_secret[0]`',
      ].join('\n\n'));
      assert.deepEqual(h!.range, rangeOf(L.stateSecret, ch, L.stateSecret, ch + 1));
      // 四: 行政诉讼 · 复议后起诉 × 尚未审结
      const appeal = markdownOf(await hoverAt(client, uri, L.lawsuitAfterReview, cellChar(EXAMPLE_TEXT, L.lawsuitAfterReview, 3)));
      assert.ok(appeal.startsWith('**行政诉讼 · 复议后起诉 × 尚未审结**'), appeal);
    });

    test(`[${locale}] on a total cell: the sum with its terms, and the rule when it is wrong`, async () => {
      const client = await servers.get(locale);
      const uri = await openAndWait(client, 'hover-total', BROKEN);
      // the row total of received: 4 written, 1 + 2 = 3
      const ch = cellChar(BROKEN, L.received, 6);
      const h = await hoverAt(client, uri, L.received, ch);
      const md = markdownOf(h);
      assert.equal(textIn(BROKEN, h!.range!), '4');
      assert.ok(md.startsWith('**一、本年新收政府信息公开申请数量 × 总计**'), md);
      for (const s of zh
        ? ['填报值：`4`', '本行各列之和 = 1 + 2 + 0 + 0 + 0 + 0 = 3', '⚠ 表中填写 4，但合计应为 3', '规则 `row-total`：', '（默认级别：错误）']
        : ['Value: `4`', 'Sum of the columns of this row = 1 + 2 + 0 + 0 + 0 + 0 = 3', '⚠ The table says 4, but the sum is 3',
          'Rule `row-total`: In table 三, every row total equals the sum of its six columns (default: error)']) {
        assert.ok(md.includes(s), `${JSON.stringify(s)} in:\n${md}`);
      }
      // （七）总计 × 自然人: the sum of the 21 results of the column
      const terms = ['1', ...Array<string>(20).fill('0')].join(' + ');
      const total = markdownOf(await hoverAt(client, uri, L.resultsTotal, cellChar(BROKEN, L.resultsTotal, 0)));
      assert.ok(total.startsWith('**三、本年度办理结果 ·（七）总计 × 自然人**'), total);
      assert.ok(total.includes(zh ? `本列21项办理结果之和 = ${terms} = 1` : `Sum of the 21 results in this column = ${terms} = 1`), total);
      assert.ok(total.includes(zh ? '⚠ 表中填写 0，但合计应为 1' : '⚠ The table says 0, but the sum is 1'), total);
      // a right total: the sum, no warning
      const right = markdownOf(await hoverAt(client, uri, L.disclosed, cellChar(BROKEN, L.disclosed, 6)));
      assert.ok(right.includes(zh ? '本行各列之和 = 1 + 2 + 0 + 0 + 0 + 0 = 3' : 'Sum of the columns of this row = 1 + 2 + 0 + 0 + 0 + 0 = 3'), right);
      assert.ok(!right.includes('⚠'), right);
    });
  }
});

// ------------------------------------------------------------------ symbols, folding, selection ranges

describe('document symbols, folding ranges, selection ranges over LSP', () => {
  const servers = sharedServers();
  const PARTS = [
    ['overview', '一、总体情况', SymbolKind.Namespace],
    ['proactive', '二、主动公开政府信息情况', SymbolKind.Struct],
    ['applications', '三、收到和处理政府信息公开申请情况', SymbolKind.Struct],
    ['appeals', '四、政府信息公开行政复议、行政诉讼情况', SymbolKind.Struct],
    ['problems', '五、存在的主要问题及改进情况', SymbolKind.Namespace],
    ['other_matters', '六、其他需要报告的事项', SymbolKind.Namespace],
  ] as const;

  for (const locale of LOCALES) {
    test(`[${locale}] document symbols: 一 … 六 under their official titles at the top level, tables with their rows`, async () => {
      const client = await servers.get(locale);
      const uri = await openDoc(client, 'symbols', EXAMPLE_TEXT);
      const symbols = await client.request<DocumentSymbol[]>(DocumentSymbolRequest.method, { textDocument: { uri } });
      assert.ok(Array.isArray(symbols) && symbols.every((s) => 'selectionRange' in s), 'hierarchical DocumentSymbol[]');
      const parts = symbols.filter((s) => /^[一二三四五六]、/.test(s.name));
      assert.deepEqual(parts.map((s) => s.name), PARTS.map((p) => p[1]));
      for (const [key, title, kind] of PARTS) {
        const s = symbols.find((x) => x.name === title)!;
        assert.equal(s.kind, kind, `${title} kind`);
        assert.equal(textIn(EXAMPLE_TEXT, s.selectionRange), key, `${title}: its key is the selection`);
        assert.ok(textIn(EXAMPLE_TEXT, s.range).startsWith(`${key}:`));
      }
      // the other top-level symbols are the fields before 一, named by their labels
      assert.deepEqual(symbols.slice(0, symbols.indexOf(parts[0]!)).map((s) => s.name), ['格式', '机关名称', '报告年度', '成文日期', '联系方式', '前言']);

      const table = symbols.find((s) => s.name === '三、收到和处理政府信息公开申请情况')!;
      assert.deepEqual(table.range, rangeOf(L.applications, 0, L.carriedForward, lineAt(EXAMPLE_TEXT, L.carriedForward).indexOf(']') + 1));
      const rows = table.children ?? [];
      assert.deepEqual(rows.map((r) => r.name), ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '三、本年度办理结果', '四、结转下年度继续办理']);
      const received = rows[0]!;
      assert.equal(received.kind, SymbolKind.Array);
      assert.equal(received.detail, '[0, 0, 0, 0, 0, 0, 0]');
      assert.equal(textIn(EXAMPLE_TEXT, received.range), 'received:      [0, 0, 0, 0, 0, 0, 0]');
      const results = rows[2]!;
      assert.deepEqual(results.children!.map((r) => r.name), ['（一）予以公开', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理', '（七）总计']);
      const withheld = results.children![2]!;
      assert.equal(withheld.children!.length, 8);
      assert.equal(withheld.children![0]!.name, '1.属于国家秘密');
      assert.equal(withheld.children![0]!.kind, SymbolKind.Array);
      const appeals = symbols.find((s) => s.name === '四、政府信息公开行政复议、行政诉讼情况')!;
      assert.deepEqual(appeals.children!.map((r) => r.name), ['行政复议', '行政诉讼 · 未经复议直接起诉', '行政诉讼 · 复议后起诉']);
      const proactive = symbols.find((s) => s.name === '二、主动公开政府信息情况')!;
      assert.deepEqual(proactive.children!.map((r) => r.name), ['规章', '行政规范性文件', '行政许可', '行政处罚', '行政强制', '行政事业性收费']);
      // every child lies inside its parent
      const inside = (inner: Range, outer: Range) =>
        (inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character))
        && (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));
      const walk = (s: DocumentSymbol) => {
        assert.ok(inside(s.selectionRange, s.range), `${s.name}: selectionRange inside range`);
        for (const c of s.children ?? []) {
          assert.ok(inside(c.range, s.range), `${c.name} inside ${s.name}`);
          walk(c);
        }
      };
      symbols.forEach(walk);
    });
  }

  test('folding ranges: the applications mapping, block scalars, comment runs; a # inside block text is not a comment', async () => {
    const client = await servers.get('en');
    // two lines of block text that start with `#`
    const text = replaceLine(EXAMPLE_TEXT, lineOf('  other: 无。'), '  other: |\n    # 第一行不是注释\n    # 第二行也不是注释');
    const uri = await openDoc(client, 'folding', text);
    const ranges = await client.request<FoldingRange[]>(FoldingRangeRequest.method, { textDocument: { uri } });
    const has = (startLine: number, endLine: number, kind?: string) =>
      ranges.some((r) => r.startLine === startLine && r.endLine === endLine && r.kind === kind);
    const show = JSON.stringify(ranges);
    assert.ok(has(L.applications, L.carriedForward), `applications: ${show}`);
    assert.ok(has(L.results, L.resultsTotal), `results: ${show}`);
    assert.ok(has(L.appeals, L.lawsuitAfterReview), `appeals: ${show}`);
    assert.ok(has(L.preamble, L.preamble + 1), `preamble (block scalar): ${show}`);
    assert.ok(has(L.overviewProactive, L.overviewProactive + 1), `overview.proactive: ${show}`);
    // a block scalar of several paragraphs folds to its last line
    assert.ok(has(L.workPriorities, L.proposals - 1), `work_priorities: ${show}`);
    assert.ok(has(0, 1, 'comment'), `the two header comments: ${show}`);
    const other = text.split('\n').indexOf('  other: |');
    assert.ok(has(other, other + 2), `other (block scalar): ${show}`);
    assert.ok(!ranges.some((r) => r.kind === 'comment' && r.startLine > other), `no comment folding inside block text: ${show}`);
    for (const r of ranges) assert.ok(r.endLine > r.startLine, JSON.stringify(r));
  });

  test('selection ranges: a cell grows to its row, then key + row, then its mapping … the document', async () => {
    const client = await servers.get('en');
    const uri = await openDoc(client, 'selection', EXAMPLE_TEXT);
    const ch = cellChar(EXAMPLE_TEXT, L.stateSecret, 1);
    const prose = { line: L.overviewProactive + 1, character: 8 };
    const [cell, text] = await client.request<SelectionRange[]>(SelectionRangeRequest.method, {
      textDocument: { uri }, positions: [{ line: L.stateSecret, character: ch }, prose],
    });
    const chain = (s: SelectionRange | undefined) => {
      const out: Range[] = [];
      for (let r = s; r; r = r.parent) out.push(r.range);
      return out;
    };
    const cells = chain(cell).map((r) => textIn(EXAMPLE_TEXT, r));
    assert.deepEqual(cells.slice(0, 3), ['0', '[0, 0, 0, 0, 0, 0, 0]', 'state_secret:         [0, 0, 0, 0, 0, 0, 0]']);
    assert.deepEqual(chain(cell)[0], rangeOf(L.stateSecret, ch, L.stateSecret, ch + 1));
    assert.ok(cells[3]!.startsWith('state_secret:') && cells[3]!.endsWith('administrative_query: [0, 0, 0, 0, 0, 0, 0]'), 'then the mapping of 不予公开');
    assert.ok(cells.some((c) => c.startsWith('applications:\n') && c.endsWith('carried_forward: [0, 0, 0, 0, 0, 0, 0]')), 'then applications');
    assert.equal(cells.at(-1), EXAMPLE_TEXT, 'the whole document last');
    // each range contains the one before it
    const all = chain(cell);
    for (let i = 1; i < all.length; i++) {
      const a = offsetAt(EXAMPLE_TEXT, all[i - 1]!.start);
      const b = offsetAt(EXAMPLE_TEXT, all[i]!.start);
      assert.ok(b <= a && offsetAt(EXAMPLE_TEXT, all[i]!.end) >= offsetAt(EXAMPLE_TEXT, all[i - 1]!.end), `range ${i} contains range ${i - 1}`);
      assert.notDeepEqual(all[i], all[i - 1], 'no repeats');
    }
    // prose: the sentence first, then the line
    const sentences = chain(text).map((r) => textIn(EXAMPLE_TEXT, r));
    assert.equal(sentences[0], '2023年我局继续坚持以“公开为原则，不公开为例外”的原则，极大地拓宽了信息公开渠道。');
    assert.equal(sentences[1], lineAt(EXAMPLE_TEXT, L.overviewProactive + 1).trim());
  });
});

// ------------------------------------------------------------------------------------- inlay hints

function inlayHints(client: LspClient, uri: string, text: string): Promise<InlayHint[]> {
  return client.request<InlayHint[]>(InlayHintRequest.method, {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) },
  });
}
const hintLabel = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

describe('inlay hints over LSP', () => {
  const BROKEN = replaceLine(EXAMPLE_TEXT, L.received, '  received:      [1, 2, 0, 0, 0, 0, 4]   # 一、本年新收政府信息公开申请数量');

  for (const locale of LOCALES) {
    const zh = locale === 'zh-cn';
    test(`[${locale}] default settings: no column labels, "= N" beside a wrong total; then columnLabels on, expectedTotals off`, async () => {
      await withServer({ pullConfiguration: true, locale, settings: { govreport: {} } }, async (client) => {
        const example = await openDoc(client, 'hints-example', EXAMPLE_TEXT);
        assert.deepEqual(await inlayHints(client, example, EXAMPLE_TEXT), [], 'the example: all totals right, no labels by default');

        const uri = await openDoc(client, 'hints-broken', BROKEN);
        const hints = await inlayHints(client, uri, BROKEN);
        assert.equal(hints.length, 1, JSON.stringify(hints));
        const [hint] = hints as [InlayHint];
        assert.equal(hintLabel(hint), '= 3');
        const total = cellChar(BROKEN, L.received, 6);
        assert.deepEqual(hint.position, { line: L.received, character: total + 1 }, 'right after the 总计 cell');
        assert.equal(hint.paddingLeft, true);
        assert.equal(hint.tooltip, zh ? '本行各列之和 = 1 + 2 + 0 + 0 + 0 + 0 = 3' : 'Sum of the columns of this row = 1 + 2 + 0 + 0 + 0 + 0 = 3');

        // columnLabels on (and the server asks the editor to refresh its hints)
        client.settings = { govreport: { inlayHints: { columnLabels: true } } };
        const requestsBefore = client.otherRequests.length;
        await client.changeConfiguration(null);
        await client.waitFor('workspace/inlayHint/refresh', () => client.otherRequests.slice(requestsBefore).includes('workspace/inlayHint/refresh'));
        const labelled = await inlayHints(client, uri, BROKEN);
        const onReceived = labelled.filter((h) => h.position.line === L.received);
        assert.deepEqual(onReceived.map(hintLabel), ['自然', '商业', '科研', '社会', '法律', '其他', '总计', '= 3']);
        assert.deepEqual(onReceived.slice(0, 7).map((h) => h.position.character), [0, 1, 2, 3, 4, 5, 6].map((i) => cellChar(BROKEN, L.received, i)));
        assert.equal(onReceived[0]!.tooltip, '一、本年新收政府信息公开申请数量 × 自然人');
        assert.equal(onReceived[0]!.paddingRight, true);
        assert.deepEqual(labelled.filter((h) => h.position.line === L.review).map(hintLabel), ['维持', '纠正', '其他', '尚未', '总计']);
        // 25 rows of 7 cells, 3 rows of 5, and the one total
        assert.equal(labelled.length, 25 * 7 + 3 * 5 + 1);
        // only hints in the requested range
        const oneLine = await client.request<InlayHint[]>(InlayHintRequest.method, {
          textDocument: { uri }, range: rangeOf(L.review, 0, L.review, lineAt(BROKEN, L.review).length),
        });
        assert.deepEqual(oneLine.map(hintLabel), ['维持', '纠正', '其他', '尚未', '总计']);

        // expectedTotals off: the labels only
        client.settings = { govreport: { inlayHints: { columnLabels: true, expectedTotals: false } } };
        await client.changeConfiguration(null);
        // (requests are read in order: this one sees the new settings)
        const labelsOnly = await inlayHints(client, uri, BROKEN);
        assert.equal(labelsOnly.length, 25 * 7 + 3 * 5);
        assert.ok(!labelsOnly.some((h) => hintLabel(h).startsWith('=')), 'no "= N"');
      });
    });
  }
});

// -------------------------------------------------------------------------------------- formatting

const FORMATTING_OPTIONS = { tabSize: 2, insertSpaces: true };

/** Lines of a report that are table rows (a key, then `[…]` or `{…}` on the same line) in 二, 三, 四. */
function rowLines(text: string): Set<number> {
  const out = new Set<number>();
  let table = false;
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^\S/.test(l) && !l.startsWith('#')) table = /^(proactive|applications|appeals):/.test(l);
    if (table && /^ +\w+:[ \t]*[[{]/.test(l)) out.add(i);
  });
  return out;
}

const noBlanks = (s: string) => s.replace(/[ \t]/g, '');

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The example with the spaces inside every row scrambled (padding after the key, around commas and
 * brackets, before the comment; one tab), comment lines with odd spacing among the rows, and block
 * text holding `#` and a row-like line that must not be touched.
 */
function messUp(text: string, seed: number): string {
  const rand = random(seed);
  const spaces = (min: number, max: number) => ' '.repeat(min + Math.floor(rand() * (max - min + 1)));
  const rows = rowLines(text);
  let tabUsed = false;
  const lines = text.split('\n').map((l, i) => {
    if (!rows.has(i)) return l;
    const m = /^( +)(\w+):[ \t]*([[{])(.*?)([\]}])[ \t]*(#.*)?$/.exec(l);
    assert.ok(m, `row line ${i}: ${l}`);
    const [, indent, key, open, inner, close, comment] = m as unknown as [string, string, string, string, string, string, string | undefined];
    const cells = inner.split(',').map((c) => c.trim()).map((c) => c.replace(/:\s*/, `:${spaces(0, 3) || ' '}`));
    const joined = cells.map((c, k) => (k === 0 ? '' : `,${!tabUsed && k === 3 ? ((tabUsed = true), '\t') : spaces(0, 3)}`) + spaces(0, 2) + c).join('');
    return `${indent}${key}:${spaces(1, 6)}${open}${spaces(0, 2)}${joined}${spaces(0, 2)}${close}${comment === undefined ? spaces(0, 2) : spaces(1, 7) + comment}`;
  });
  let out = lines.join('\n');
  // comment lines among the rows, with their own odd spacing
  out = insertAtLine(out, L.carriedOver, '  #   注释：  上年结转   见 2022 年报告\n');
  out = insertAtLine(out, L.results + 2, '      #缩进不同的注释  [1,  2,  3]\n');
  // block text with `#` and a line that looks like a row
  out = out.replace('  other: 无。\n', '  other: |\n    # 不是注释，received:   [0,  0,   0]\n    第二行  #  也不是注释   {issued:  1}\n');
  return out;
}

describe('formatting over LSP', () => {
  const servers = sharedServers();

  async function format(client: LspClient, uri: string): Promise<TextEdit[]> {
    return client.request<TextEdit[]>(DocumentFormattingRequest.method, { textDocument: { uri }, options: FORMATTING_OPTIONS });
  }

  /** Only whitespace on row lines changed; everything else byte for byte (comments included). */
  function assertOnlyRowWhitespace(before: string, after: string, edits: readonly TextEdit[]): void {
    const rows = rowLines(before);
    for (const e of edits) {
      assert.equal(e.range.start.line, e.range.end.line, `an edit stays on one line: ${JSON.stringify(e)}`);
      assert.ok(rows.has(e.range.start.line), `edit on row line ${e.range.start.line} (${lineAt(before, e.range.start.line)})`);
      assert.match(e.newText, /^ *$/, 'edits insert spaces only');
      assert.match(textIn(before, e.range), /^[ \t]*$/, 'edits replace spaces/tabs only');
    }
    const a = before.split('\n');
    const b = after.split('\n');
    assert.equal(b.length, a.length, 'no line added or removed');
    a.forEach((line, i) => {
      if (!rows.has(i)) {
        assert.equal(b[i], line, `line ${i} is not a row: unchanged`);
        return;
      }
      assert.equal(noBlanks(b[i]!), noBlanks(line), `row line ${i}: only spaces/tabs changed`);
      const comment = line.indexOf('#');
      if (comment >= 0) assert.equal(b[i]!.slice(b[i]!.indexOf('#')), line.slice(comment), `row line ${i}: its comment is unchanged`);
    });
  }

  test('the example: three rows realigned, only whitespace on row lines; formatting again gives no edits', async () => {
    const client = await servers.get('en');
    const uri = await openDoc(client, 'format-example', EXAMPLE_TEXT);
    const edits = await format(client, uri);
    const formatted = applyTextEdits(EXAMPLE_TEXT, edits);
    assertOnlyRowWhitespace(EXAMPLE_TEXT, formatted, edits);
    const changed = EXAMPLE_TEXT.split('\n').flatMap((l, i) => (formatted.split('\n')[i] !== l ? [i] : []));
    assert.deepEqual(changed, [L.rules, L.received, L.carriedOver]);
    assert.equal(lineAt(formatted, L.received), '  received:        [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量');
    assert.equal(lineAt(formatted, L.rules).indexOf('{'), lineAt(formatted, L.rules + 1).indexOf('{'), 'rules lines up with normative_documents');
    assert.equal(lineAt(formatted, L.rules).indexOf('#'), lineAt(EXAMPLE_TEXT, L.rules).indexOf('#'), 'its comment column stays');

    await client.change(uri, 2, [{ text: formatted }]);
    assert.deepEqual(await format(client, uri), [], 'idempotent');
  });

  for (const seed of [1, 2, 3]) {
    test(`a messed-up copy (seed ${seed}): rows aligned as in the formatted example, comments and block text untouched, idempotent`, async () => {
      const client = await servers.get('zh-cn');
      const messy = messUp(EXAMPLE_TEXT, seed);
      assert.notEqual(messy, EXAMPLE_TEXT);
      assert.ok(messy.includes('\t'), 'a tab among the spaces');
      // the messed-up copy is the same report
      assert.deepEqual(core.analyze(messy, { lang: 'en' }).diagnostics.map((d) => d.code), [], 'the mess is valid and clean');
      const data = (t: string) => core.analyze(t, { lang: 'en' }).document.data as { other_matters: Record<string, unknown> };
      const [mine, example] = [data(messy), data(EXAMPLE_TEXT)];
      assert.deepEqual({ ...mine, other_matters: { ...mine.other_matters, other: example.other_matters.other } }, example, 'the same data, but for the block text of other_matters.other');

      const uri = await openDoc(client, `format-messy-${seed}`, messy);
      const edits = await format(client, uri);
      assert.ok(edits.length > 0);
      const formatted = applyTextEdits(messy, edits);
      assertOnlyRowWhitespace(messy, formatted, edits);
      // the layout depends on keys, cells and comments only: the rows read as in the formatted example
      const exampleUri = await openDoc(client, `format-reference-${seed}`, EXAMPLE_TEXT);
      const reference = applyTextEdits(EXAMPLE_TEXT, await format(client, exampleUri));
      const rowsOf = (t: string) => [...rowLines(t)].map((i) => lineAt(t, i));
      assert.deepEqual(rowsOf(formatted), rowsOf(reference));
      // block text is byte for byte what it was
      assert.ok(formatted.includes('  other: |\n    # 不是注释，received:   [0,  0,   0]\n    第二行  #  也不是注释   {issued:  1}\n'));
      assert.ok(formatted.includes('  #   注释：  上年结转   见 2022 年报告\n'));
      assert.ok(formatted.includes('      #缩进不同的注释  [1,  2,  3]\n'));

      await client.change(uri, 2, [{ text: formatted }]);
      assert.deepEqual(await format(client, uri), [], 'formatting the result again: no edits');
    });
  }

  test('range formatting touches only the rows in the range, and agrees with document formatting there', async () => {
    const client = await servers.get('en');
    const messy = messUp(EXAMPLE_TEXT, 7);
    const uri = await openDoc(client, 'format-range', messy);
    const whole = applyTextEdits(messy, await format(client, uri));
    const rows = [...rowLines(messy)];
    const receivedLine = messy.split('\n').findIndex((l) => l.startsWith('  received:'));
    const stateSecret = messy.split('\n').findIndex((l) => l.startsWith('      state_secret:'));
    const prohibited = stateSecret + 1;
    // from the middle of received to the middle of the comment line under it; and a selection over two rows of 不予公开
    for (const [range, expectedLines] of [
      [rangeOf(receivedLine, 12, receivedLine + 1, 5), [receivedLine]],
      [rangeOf(stateSecret, 3, prohibited, 3), [stateSecret, prohibited]],
      [rangeOf(stateSecret, 0, stateSecret, 0), [stateSecret]],
    ] as const) {
      const edits = await client.request<TextEdit[]>(DocumentRangeFormattingRequest.method, { textDocument: { uri }, range, options: FORMATTING_OPTIONS });
      assert.ok(edits.length > 0, `edits for ${JSON.stringify(range)}`);
      const touched = [...new Set(edits.map((e) => e.range.start.line))].sort((a, b) => a - b);
      assert.deepEqual(touched, [...expectedLines], `only the rows in ${JSON.stringify(range)}`);
      const partly = applyTextEdits(messy, edits);
      assertOnlyRowWhitespace(messy, partly, edits);
      messy.split('\n').forEach((line, i) => {
        assert.equal(lineAt(partly, i), expectedLines.includes(i as never) ? lineAt(whole, i) : line, `line ${i}`);
      });
    }
    assert.equal(rows.length, 2 + 25 + 3, 'the two maps of 二, the 25 rows of 三 and the 3 of 四');
    // a range over block text and comments only: nothing
    const none = await client.request<TextEdit[]>(DocumentRangeFormattingRequest.method, {
      textDocument: { uri }, range: rangeOf(L.overviewProactive, 0, L.overviewProactive + 3, 0), options: FORMATTING_OPTIONS,
    });
    assert.deepEqual(none, []);
  });

  test('a document with a YAML error gets no edits', async () => {
    const client = await servers.get('en');
    const broken = `${messUp(EXAMPLE_TEXT, 4)}bad: [\n`;
    const uri = await openDoc(client, 'format-broken', broken);
    assert.deepEqual(await format(client, uri), []);
  });
});
