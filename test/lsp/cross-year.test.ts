// Protocol tests of the GovReport language server across the reports of a workspace: the workspace
// index (rootUri / workspaceFolders of `initialize`), the cross-year rules (carry-over-mismatch,
// copied-text, duplicate-report, …) following unsaved edits and file-system events,
// `govreport.validate.workspace`, and the custom requests `govreport/checkWorkspace` (with its
// progress notifications) and `govreport/newReport`.
//
// Run: npm run build && node --test out/test/lsp/cross-year.test.js
// Every test builds its own temporary workspace (removed in `after`) and starts its own server
// (killed in `finally`); nothing sleeps: every wait is for a message, with a timeout.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource, CodeActionKind,
  type CodeAction, type Diagnostic, type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import {
  applyTextEdits, editsAsChanges, EXAMPLE, lineAt, messageOf, ROOT, rangeOf, showDiagnostics, textIn, withServer, type LspClient,
  type Publication, type Settings,
} from './lsp-client';

// -------------------------------------------------------------------------------------- fixtures

const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');

interface CoreDiagnostic { code: string; severity: 'error' | 'warning' | 'info'; message: string }
const core = require(path.join(ROOT, 'dist', 'core.js')) as {
  analyze(text: string, options: { lang: 'zh' | 'en' }): { diagnostics: CoreDiagnostic[] };
  textSimilarity(a: string, b: string): number;
};

type Row = readonly number[];

/** The prose fields whose text the builder can make differ from year to year. */
const PROSE = [
  'overview.proactive', 'overview.on_request', 'overview.management', 'overview.platforms', 'overview.supervision',
  'problems.issues', 'problems.improvements', 'other_matters.work_priorities', 'other_matters.proposals', 'other_matters.innovation',
] as const;
type Prose = (typeof PROSE)[number];

interface ReportSpec {
  agency: string;
  year: number;
  /** rows of 三 by key (`received`, `carried_over`, `disclosed`, `total`, `carried_forward`); the others stay 0 */
  rows?: Partial<Record<'received' | 'carried_over' | 'disclosed' | 'total' | 'carried_forward', Row>>;
  /**
   * The prose fields are the example's with every Chinese character moved by `shift` (0: the
   * example's text), so that reports of different years do not share their texts (copied-text);
   * the fields in `keep` stay the example's.
   */
  shift?: number;
  keep?: readonly Prose[];
}

/** One of the example's rows, replaced (the padding after the key is kept). */
function setRow(text: string, key: string, row: Row): string {
  const re = new RegExp(`^( +${key}:\\s*)\\[[^\\]]*\\]`, 'm');
  assert.ok(re.test(text), `row ${key}`);
  return text.replace(re, (_, head: string) => `${head}[${row.join(', ')}]`);
}

/** A value of 二 (`fees: 0`, or a whole `{issued, repealed, in_force}` map), replaced. */
function setProactive(text: string, key: string, value: string): string {
  const re = new RegExp(`^( {2}${key}:\\s*)(\\{[^}]*\\}|\\d+(?:\\.\\d+)?)`, 'm');
  assert.ok(re.test(text), `proactive.${key}`);
  return text.replace(re, (_, head: string) => `${head}${value}`);
}

/** Moves every CJK ideograph `k` places (wrapping inside the block): the text stays Chinese-looking but shares no bigram. */
function shiftChinese(s: string, k: number): string {
  const first = 0x4e00;
  const size = 0x9fa5 - first + 1;
  return s.replace(/[\u4e00-\u9fa5]/g, (ch) => String.fromCharCode(first + ((ch.charCodeAt(0) - first + k * 37) % size)));
}

/**
 * The example as the report of `agency` for `year`: its year, publication date (16 January of the
 * next year), the statistics periods of its text and its rows changed.
 */
function report(spec: ReportSpec): string {
  const { agency, year } = spec;
  let text = EXAMPLE_TEXT
    .replace('# 台儿庄区民政局 2023年政府信息公开工作年度报告', `# ${agency} ${year}年政府信息公开工作年度报告`)
    .replace(/^agency: 台儿庄区民政局$/m, `agency: ${agency}`)
    .replace(/^year: 2023$/m, `year: ${year}`)
    .replace(/^published: 2024-01-16$/m, `published: ${year + 1}-01-16`)
    .replaceAll('2023年1月1日至2023年12月31日', `${year}年1月1日至${year}年12月31日`);
  for (const [key, row] of Object.entries(spec.rows ?? {})) text = setRow(text, key, row);
  const shift = spec.shift ?? 0;
  if (shift !== 0) {
    const keep = new Set<string>(spec.keep ?? []);
    let top = '';
    let field: string | undefined;
    text = text.split('\n').map((line) => {
      const topKey = /^(\w+):/.exec(line);
      if (topKey) {
        top = topKey[1]!;
        field = undefined;
        return line;
      }
      const sub = /^ {2}(\w+):/.exec(line);
      if (sub) {
        field = `${top}.${sub[1]!}`;
        return line;
      }
      return field && (PROSE as readonly string[]).includes(field) && !keep.has(field) && line.startsWith('    ') ? shiftChinese(line, shift) : line;
    }).join('\n');
  }
  return text;
}

/** A row of 三: six cells and their 总计. */
const row = (...cells: number[]): Row => {
  assert.equal(cells.length, 6);
  return [...cells, cells.reduce((a, b) => a + b, 0)];
};

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary workspace folder (its real path: the server sees file URIs of real paths). */
function workspace(): { dir: string; uri: string; write(name: string, text: string): { file: string; uri: string } } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-lsp-cross-year-')));
  tempDirs.push(dir);
  return {
    dir,
    uri: pathToFileURL(dir).href,
    write(name, text) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return { file, uri: pathToFileURL(file).href };
    },
  };
}

const byCode = (diags: readonly Diagnostic[], code: string) => diags.filter((d) => d.code === code);
const codes = (diags: readonly Diagnostic[]) => diags.map((d) => d.code);

/** Waits for a publication for `uri` after `afterSeq` whose diagnostics satisfy `accept`. */
function waitDiagnostics(
  client: LspClient, uri: string, what: string, accept: (d: Diagnostic[]) => boolean, afterSeq = -1, timeoutMs?: number,
): Promise<Publication> {
  return client.waitForPublication(uri, (p) => accept(p.diagnostics), `${path.basename(uri)}: ${what}`, afterSeq, timeoutMs);
}

/** Opens a file of the workspace with its text on disk. */
async function openFile(client: LspClient, f: { file: string; uri: string }): Promise<string> {
  const text = fs.readFileSync(f.file, 'utf8');
  await client.open(f.uri, text, 1);
  return text;
}

/** The line (0-based) of `text` starting with `prefix`. */
function lineStarting(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `a line starting with ${prefix}`);
  return i;
}

// --------------------------------------------------------------------------------- the fixtures' shape

const AGENCY = '台儿庄区民政局';
/** 2022: 4 new applications, 3 disclosed, 1 carried forward. */
const Y2022 = {
  agency: AGENCY, year: 2022, shift: 1,
  rows: { received: row(3, 1, 0, 0, 0, 0), disclosed: row(2, 1, 0, 0, 0, 0), total: row(2, 1, 0, 0, 0, 0), carried_forward: row(1, 0, 0, 0, 0, 0) },
} satisfies ReportSpec;
/** 2023 agreeing with 2022: the 1 carried over is disclosed. */
const Y2023_AGREES = {
  agency: AGENCY, year: 2023,
  rows: { carried_over: row(1, 0, 0, 0, 0, 0), disclosed: row(1, 0, 0, 0, 0, 0), total: row(1, 0, 0, 0, 0, 0) },
} satisfies ReportSpec;
/** 2023 carrying over 2 (2022 carried forward 1): carry-over-mismatch in 自然人 and 总计. */
const Y2023_MISMATCH = {
  agency: AGENCY, year: 2023,
  rows: { carried_over: row(2, 0, 0, 0, 0, 0), disclosed: row(2, 0, 0, 0, 0, 0), total: row(2, 0, 0, 0, 0, 0) },
} satisfies ReportSpec;
/** 2021, broken: 1 received in 自然人 but 总计 0 (row-total), and nothing to balance it (balance). */
const Y2021_BROKEN = { agency: AGENCY, year: 2021, shift: 2, rows: { received: [1, 0, 0, 0, 0, 0, 0] } } satisfies ReportSpec;

describe('cross-year fixtures', () => {
  test('the generated reports are clean on their own (or broken exactly as intended), and differ in their texts', () => {
    for (const spec of [Y2022, Y2023_AGREES, Y2023_MISMATCH]) {
      const text = report(spec);
      assert.deepEqual(core.analyze(text, { lang: 'en' }).diagnostics.map((d) => `${d.code}: ${d.message}`), [], `${spec.year}: clean`);
      assert.ok(text.includes(`year: ${spec.year}\n`) && text.includes(`published: ${spec.year + 1}-01-16\n`));
      assert.ok(text.includes(`统计时限为${spec.year}年1月1日至${spec.year}年12月31日`) && text.includes(`统计期限自${spec.year}年1月1日至${spec.year}年12月31日止`));
    }
    assert.deepEqual(core.analyze(report(Y2021_BROKEN), { lang: 'en' }).diagnostics.map((d) => d.code), ['row-total', 'balance']);
    const field = (text: string) => text.split('\n')[lineStarting(text, '  platforms: |') + 1]!;
    assert.ok(core.textSimilarity(field(report(Y2022)), field(report(Y2023_AGREES))) < 0.1, 'a shifted text shares nothing with the example');
    assert.equal(core.textSimilarity(field(report({ ...Y2022, keep: ['overview.platforms'] })), field(report(Y2023_AGREES))), 1);
  });
});

// ------------------------------------------------------------------------------------------- tests

describe('cross-year rules over LSP', () => {
  for (const locale of ['en', 'zh-cn'] as const) {
    const zh = locale === 'zh-cn';

    test(`[${locale}] carry-over-mismatch against last year's file (related information into it), and its quick fix`, async () => {
      const ws = workspace();
      const f2022 = ws.write('2022/民政局.govreport.yaml', report(Y2022));
      const f2023 = ws.write('2023/民政局.govreport.yaml', report(Y2023_MISMATCH));
      await withServer({ folder: ws.uri, locale }, async (client) => {
        const text = await openFile(client, f2023);
        const pub = await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch', (d) => byCode(d, 'carry-over-mismatch').length > 0);
        assert.equal(pub.version, 1);
        const mismatches = byCode(pub.diagnostics, 'carry-over-mismatch');
        assert.deepEqual(codes(pub.diagnostics), ['carry-over-mismatch', 'carry-over-mismatch'], showDiagnostics(pub.diagnostics));
        const carriedOver = lineStarting(text, '  carried_over:');
        const [first, last] = mismatches as [Diagnostic, Diagnostic];
        assert.equal(first.range.start.line, carriedOver);
        assert.equal(textIn(text, first.range), '2');
        assert.equal(textIn(text, last.range), '2');
        assert.ok(first.range.start.character < last.range.start.character, '自然人 first, then 总计');
        assert.equal(first.severity, 2, 'a warning');
        assert.equal(first.source, 'govreport');
        const message = messageOf(first);
        if (zh) {
          assert.ok(message.includes('为 2，但2022年度报告的') && message.endsWith('为 1'), message);
        } else {
          assert.ok(message.includes(' is 2, but ') && message.endsWith(' in the report for 2022 is 1'), message);
        }
        assert.ok(message.includes('自然人'), message);
        // related information: the carried_forward cell of the 2022 file
        const related = first.relatedInformation ?? [];
        assert.equal(related.length, 1);
        assert.equal(related[0]!.location.uri, f2022.uri);
        const text2022 = fs.readFileSync(f2022.file, 'utf8');
        assert.equal(related[0]!.location.range.start.line, lineStarting(text2022, '  carried_forward:'));
        assert.equal(textIn(text2022, related[0]!.location.range), '1');
        assert.ok(related[0]!.message.startsWith(zh ? '2022年度报告：' : 'Report for 2022: '), related[0]!.message);

        // the quick fix sets last year's value
        const params = { textDocument: { uri: f2023.uri }, range: first.range, context: { diagnostics: [first] } };
        const actions = ((await client.codeActions(params)) ?? []) as CodeAction[];
        const fixes = actions.filter((a) => a.kind === CodeActionKind.QuickFix && a.diagnostics?.[0]?.code === 'carry-over-mismatch');
        assert.equal(fixes.length, 1, JSON.stringify(actions));
        const fix = fixes[0]!;
        assert.ok(fix.title.includes(zh ? '改为 1（2022年度报告的结转下年度数）' : 'to 1 (carried forward in the report for 2022)'), fix.title);
        assert.notEqual(fix.isPreferred, true, 'not a safe fix: the cell is not a total');
        const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
        assert.deepEqual(edit.textDocument, { uri: f2023.uri, version: 1 });
        const fixed = applyTextEdits(text, edit.edits as never);
        assert.match(lineAt(fixed, carriedOver), /^ {2}carried_over: +\[1, 0, 0, 0, 0, 0, 2\]/);
        const after = client.lastSeq;
        await client.change(f2023.uri, 2, editsAsChanges(edit.edits as never));
        const v2 = await client.waitForVersion(f2023.uri, 2, after);
        assert.deepEqual(byCode(v2.diagnostics, 'carry-over-mismatch').map((d) => textIn(fixed, d.range)), ['2'], `only 总计 left:\n${showDiagnostics(v2.diagnostics)}`);
      });
    });
  }

  test('unsaved edits of last year\'s report are followed without reopening; closing it goes back to the disk; a file-system change is followed', async () => {
    const ws = workspace();
    const f2022 = ws.write('a/2022.govreport.yaml', report(Y2022));
    const f2023 = ws.write('b/2023.govreport.yaml', report(Y2023_MISMATCH));
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      await openFile(client, f2023);
      await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch', (d) => byCode(d, 'carry-over-mismatch').length === 2);

      // open 2022 in the editor and make it carry forward 2 (unsaved)
      const text2022 = await openFile(client, f2022);
      const agreeing = setRow(setRow(text2022, 'carried_forward', row(2, 0, 0, 0, 0, 0)), 'received', row(4, 1, 0, 0, 0, 0));
      let mark = client.lastSeq;
      await client.change(f2022.uri, 2, [{ text: agreeing }]);
      const cleared = await waitDiagnostics(client, f2023.uri, 'no carry-over-mismatch after the unsaved edit of 2022', (d) => byCode(d, 'carry-over-mismatch').length === 0, mark);
      assert.equal(cleared.version, 1, '2023 was not reopened');
      assert.deepEqual(cleared.diagnostics, [], showDiagnostics(cleared.diagnostics));
      assert.equal(fs.readFileSync(f2022.file, 'utf8'), text2022, 'nothing was saved');
      // 2022's own diagnostics: the edit keeps it balanced
      const own = await client.waitForVersion(f2022.uri, 2);
      assert.deepEqual(own.diagnostics, [], showDiagnostics(own.diagnostics));

      // an edit that breaks the agreement again (one column)
      mark = client.lastSeq;
      await client.change(f2022.uri, 3, [{ text: setRow(setRow(agreeing, 'carried_forward', row(1, 1, 0, 0, 0, 0)), 'received', row(3, 2, 0, 0, 0, 0)) }]);
      const again = await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch in 自然人 and 商业企业', (d) => byCode(d, 'carry-over-mismatch').length === 2 && d.some((x) => messageOf(x).includes('商业企业')), mark);
      assert.equal(again.version, 1);

      // closing 2022 drops the unsaved text: the disk's (carried forward 1) counts again
      mark = client.lastSeq;
      await client.close(f2022.uri);
      const fromDisk = await waitDiagnostics(client, f2023.uri, 'the disk\'s 2022 after closing it', (d) => byCode(d, 'carry-over-mismatch').length === 2 && !d.some((x) => messageOf(x).includes('商业企业')), mark);
      assert.ok(byCode(fromDisk.diagnostics, 'carry-over-mismatch').every((d) => messageOf(d).endsWith('is 1')), showDiagnostics(fromDisk.diagnostics));

      // the file changes on disk (another program, a git checkout): didChangeWatchedFiles
      mark = client.lastSeq;
      fs.writeFileSync(f2022.file, agreeing);
      await client.changeWatchedFiles([{ uri: f2022.uri, type: 2 }]);
      const followed = await waitDiagnostics(client, f2023.uri, 'no carry-over-mismatch after the file changed on disk', (d) => byCode(d, 'carry-over-mismatch').length === 0, mark);
      assert.deepEqual(followed.diagnostics, [], showDiagnostics(followed.diagnostics));

      // and deleted: nothing to compare with
      mark = client.lastSeq;
      fs.writeFileSync(f2022.file, text2022);
      await client.changeWatchedFiles([{ uri: f2022.uri, type: 2 }]);
      await waitDiagnostics(client, f2023.uri, 'the mismatch back after the disk change', (d) => byCode(d, 'carry-over-mismatch').length === 2, mark);
      mark = client.lastSeq;
      fs.rmSync(f2022.file);
      await client.changeWatchedFiles([{ uri: f2022.uri, type: 3 }]);
      const gone = await waitDiagnostics(client, f2023.uri, 'no cross-year diagnostics once 2022 is deleted', (d) => d.length === 0, mark);
      assert.equal(gone.version, 1);

      // created again (a git checkout): paired again
      mark = client.lastSeq;
      fs.writeFileSync(f2022.file, text2022);
      await client.changeWatchedFiles([{ uri: f2022.uri, type: 1 }]);
      await waitDiagnostics(client, f2023.uri, 'the mismatch back once 2022 is created again', (d) => byCode(d, 'carry-over-mismatch').length === 2, mark);
    });
  });

  /** A workspace with 2022 and 2023 (carry-over mismatch), written before the server starts. */
  function twoYears() {
    const ws = workspace();
    return { ws, f2022: ws.write('2022.govreport.yaml', report(Y2022)), f2023: ws.write('2023.govreport.yaml', report(Y2023_MISMATCH)) };
  }

  /** Opens 2023, waits for its carry-over-mismatch (2022 is indexed), then opens 2022 unchanged. */
  async function bothOpen(client: LspClient, f2022: { file: string; uri: string }, f2023: { file: string; uri: string }) {
    await openFile(client, f2023);
    await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch', (d) => byCode(d, 'carry-over-mismatch').length === 2);
    await openFile(client, f2022);
    await client.waitForVersion(f2022.uri, 1);
    // a round trip: anything still in flight has arrived
    await client.codeActions({ textDocument: { uri: f2023.uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });
  }

  test('closing last year\'s report (unchanged on disk): this year\'s open report never loses its cross-year diagnostics in between', async () => {
    const { ws, f2022, f2023 } = twoYears();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      await bothOpen(client, f2022, f2023);
      const mark = client.lastSeq;
      await client.close(f2022.uri);
      // 2023 is re-checked against the disk's 2022 (the same text): wait for that, then a round trip
      await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch after the close', (d) => byCode(d, 'carry-over-mismatch').length === 2, mark);
      await client.codeActions({ textDocument: { uri: f2023.uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });
      const since = client.publicationsFor(f2023.uri).filter((p) => p.seq > mark);
      assert.deepEqual(since.map((p) => codes(p.diagnostics).join(',')), since.map(() => 'carry-over-mismatch,carry-over-mismatch'),
        'every publication for 2023 after closing the unchanged 2022 keeps its carry-over-mismatch (no flicker)');
    });
  });

  test('closing last year\'s report (unchanged on disk): govreport/newReport right after still finds it', async () => {
    const { ws, f2022, f2023 } = twoYears();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      await bothOpen(client, f2022, f2023);
      // the editor closes 2022 and, right after, asks for a new report rolled over from it
      await client.close(f2022.uri);
      const next = await client.request<{ fromLastYear?: { uri: string } }>('govreport/newReport', { agency: AGENCY, year: 2023, kind: 'department' });
      assert.equal(next.fromLastYear?.uri, f2022.uri, 'the 2022 report is still in the workspace right after it was closed');
    });
  });

  test('[zh-cn] in-force-mismatch and fee-unit against last year\'s report', async () => {
    const ws = workspace();
    const f2022 = ws.write('2022.govreport.yaml', setProactive(setProactive(report(Y2022), 'rules', '{issued: 2, repealed: 0, in_force: 5}'), 'fees', '2.5'));
    const f2023 = ws.write('2023.govreport.yaml', setProactive(setProactive(report(Y2023_AGREES), 'rules', '{issued: 1, repealed: 0, in_force: 5}'), 'fees', '25000'));
    await withServer({ folder: ws.uri, locale: 'zh-cn' }, async (client) => {
      const text = await openFile(client, f2023);
      const pub = await waitDiagnostics(client, f2023.uri, 'in-force-mismatch and fee-unit', (d) => d.length >= 2);
      assert.deepEqual(codes(pub.diagnostics), ['in-force-mismatch', 'fee-unit'], showDiagnostics(pub.diagnostics));
      const [inForce, fee] = pub.diagnostics as [Diagnostic, Diagnostic];
      assert.equal(textIn(text, inForce.range), '5');
      assert.equal(inForce.range.start.line, lineStarting(text, '  rules:'));
      assert.ok(messageOf(inForce).includes('5 + 1 − 0 = 6'), messageOf(inForce));
      const text2022 = fs.readFileSync(f2022.file, 'utf8');
      assert.equal(inForce.relatedInformation?.[0]?.location.uri, f2022.uri);
      assert.equal(textIn(text2022, inForce.relatedInformation![0]!.location.range), '5');
      assert.equal(textIn(text, fee.range), '25000');
      assert.ok(messageOf(fee).includes('10000'), messageOf(fee));
      assert.ok(messageOf(fee).includes('万元'), messageOf(fee));
      assert.equal(textIn(text2022, fee.relatedInformation![0]!.location.range), '2.5');
    });
  });

  test('pairing: a similar agency name never pairs, a two-year gap gives nothing, same agency and year → duplicate-report on both', async () => {
    const ws = workspace();
    // last year's report of 平潭综合实验区 (carries forward 1, the example's texts) and this year's of
    // 平潭综合实验区君山片区管理局 (carries over 2, the same texts): different agencies, nothing to compare
    ws.write('pingtan-2022.govreport.yaml', report({ ...Y2022, agency: '平潭综合实验区', shift: 0 }));
    const junshan = ws.write('junshan-2023.govreport.yaml', report({ ...Y2023_MISMATCH, agency: '平潭综合实验区君山片区管理局' }));
    // and the other way round: the longer name last year, the shorter one this year
    ws.write('office-2022.govreport.yaml', report({ ...Y2022, agency: '台儿庄区人民政府办公室', shift: 0 }));
    const government = ws.write('government-2023.govreport.yaml', report({ ...Y2023_MISMATCH, agency: '台儿庄区人民政府' }));
    // a gap: 2021 → 2023
    ws.write('edu-2021.govreport.yaml', report({ ...Y2022, agency: '台儿庄区教育局', year: 2021, shift: 0 }));
    const gap = ws.write('edu-2023.govreport.yaml', report({ ...Y2023_MISMATCH, agency: '台儿庄区教育局' }));
    // two files for the same agency and year (names and extensions do not matter; spaces around the agency neither)
    const dupA = ws.write('dup/a.govreport.yaml', report({ ...Y2023_AGREES, agency: '台儿庄区财政局' }));
    const dupB = ws.write('dup/b.govreport.yml', report({ ...Y2023_AGREES, agency: '" 台儿庄区财政局 "' }));
    // a control: the same construction with one exact name does pair
    ws.write('control-2022.govreport.yaml', report({ ...Y2022, agency: '台儿庄区卫生健康局', shift: 0 }));
    const control = ws.write('control-2023.govreport.yaml', report({ ...Y2023_MISMATCH, agency: '台儿庄区卫生健康局' }));
    const all = fs.readdirSync(ws.dir, { recursive: true }).filter((f) => /\.govreport\.ya?ml$/.test(String(f)));
    assert.equal(all.length, 10);

    // validate.workspace: every closed report gets its diagnostics once the folder is indexed
    await withServer({ folder: ws.uri, locale: 'en', settings: { govreport: { validate: { workspace: true } } } }, async (client) => {
      const last = async (f: { uri: string }) => (await waitDiagnostics(client, f.uri, 'validated', () => true)).diagnostics;
      const paired = await last(control);
      assert.deepEqual([...new Set(codes(paired))], ['copied-text', 'carry-over-mismatch'], `the control pairs:\n${showDiagnostics(paired)}`);
      for (const f of [junshan, government, gap]) {
        const diags = await last(f);
        assert.deepEqual(diags, [], `${path.basename(f.file)} pairs with nothing:\n${showDiagnostics(diags)}`);
      }
      for (const [self, other] of [[dupA, dupB], [dupB, dupA]] as const) {
        const diags = await last(self);
        assert.deepEqual(codes(diags), ['duplicate-report'], showDiagnostics(diags));
        const d = diags[0]!;
        assert.ok(textIn(fs.readFileSync(self.file, 'utf8'), d.range).includes('台儿庄区财政局'), 'on the agency');
        assert.ok(messageOf(d).startsWith('Another file also holds the report of 台儿庄区财政局 for 2023: '), messageOf(d));
        assert.ok(messageOf(d).includes(other.file), messageOf(d));
        assert.deepEqual(d.relatedInformation?.map((r) => r.location.uri), [other.uri]);
      }

      // the same once opened in the editor
      for (const f of [junshan, government, gap]) {
        const mark = client.lastSeq;
        await openFile(client, f);
        const p = await client.waitForVersion(f.uri, 1, mark);
        assert.deepEqual(p.diagnostics, [], `${path.basename(f.file)} (open): ${showDiagnostics(p.diagnostics)}`);
      }
      let mark = client.lastSeq;
      await openFile(client, dupA);
      const p = await client.waitForVersion(dupA.uri, 1, mark);
      assert.deepEqual(codes(p.diagnostics), ['duplicate-report']);
      // the other file turns out to be next year's report (changed on disk): no duplicate any more
      mark = client.lastSeq;
      fs.writeFileSync(dupB.file, report({ ...Y2023_AGREES, agency: '台儿庄区财政局', year: 2024 }));
      await client.changeWatchedFiles([{ uri: dupB.uri, type: 2 }]);
      const single = await waitDiagnostics(client, dupA.uri, 'no duplicate-report once b is the 2024 report', (d) => byCode(d, 'duplicate-report').length === 0, mark);
      assert.deepEqual(single.diagnostics, [], showDiagnostics(single.diagnostics));
    });
  });

  for (const locale of ['en', 'zh-cn'] as const) {
    const zh = locale === 'zh-cn';
    test(`[${locale}] copied-text: an identical text is reported with a percentage; threshold 1 and a rewritten text remove it`, async () => {
      const ws = workspace();
      ws.write('2022.govreport.yaml', report({ ...Y2022, keep: ['overview.platforms'] }));
      const f2023 = ws.write('2023.govreport.yaml', report(Y2023_AGREES));
      await withServer({ folder: ws.uri, locale, settings: { govreport: {} } }, async (client) => {
        const text = await openFile(client, f2023);
        const platforms = lineStarting(text, '  platforms: |');
        const pub = await waitDiagnostics(client, f2023.uri, 'copied-text', (d) => byCode(d, 'copied-text').length > 0);
        assert.deepEqual(codes(pub.diagnostics), ['copied-text'], showDiagnostics(pub.diagnostics));
        const d = pub.diagnostics[0]!;
        assert.equal(textIn(text, d.range), 'platforms', 'on the key of the field');
        assert.equal(d.range.start.line, platforms);
        assert.equal(messageOf(d), zh
          ? '一、总体情况·（四）政府信息公开平台建设与2022年度报告雷同（相似度 100%，不计数字），请按本年度实际情况撰写'
          : '一、总体情况·（四）政府信息公开平台建设 is 100% the same as in the report for 2022 (digits ignored): write about this year');
        assert.equal(d.relatedInformation?.[0]?.location.uri, pathToFileURL(path.join(ws.dir, '2022.govreport.yaml')).href);

        // a sentence added: still a copy, with a lower percentage
        const original = lineAt(text, platforms + 1);
        const added = `${original}今年新增了政务新媒体矩阵。`;
        const percent = Math.floor(core.textSimilarity(original, added) * 100 + 1e-9);
        assert.ok(percent >= 90 && percent < 100, `${percent}%`);
        let mark = client.lastSeq;
        await client.change(f2023.uri, 2, [{ range: rangeOf(platforms + 1, 0, platforms + 1, original.length), text: added }]);
        const lower = await client.waitForVersion(f2023.uri, 2, mark);
        assert.deepEqual(codes(lower.diagnostics), ['copied-text'], showDiagnostics(lower.diagnostics));
        assert.ok(messageOf(lower.diagnostics[0]!).includes(zh ? `相似度 ${percent}%` : ` is ${percent}% the same`), messageOf(lower.diagnostics[0]!));

        // threshold 1: only identical texts count
        client.settings = { govreport: { copiedText: { threshold: 1 } } };
        mark = client.lastSeq;
        await client.changeConfiguration(null);
        const strict = await client.waitForPublication(f2023.uri, () => true, 'republished with threshold 1', mark);
        assert.deepEqual(strict.diagnostics, [], showDiagnostics(strict.diagnostics));

        // back to the default: the copy is reported again, until the text is rewritten
        client.settings = { govreport: {} };
        mark = client.lastSeq;
        await client.changeConfiguration(null);
        await client.waitForPublication(f2023.uri, (p) => byCode(p.diagnostics, 'copied-text').length === 1, 'copied-text again at the default threshold', mark);
        mark = client.lastSeq;
        await client.change(f2023.uri, 3, [{
          range: { start: { line: platforms + 1, character: 0 }, end: { line: platforms + 1, character: added.length } },
          text: '    本年度重点建设了政务服务网专栏，开设政策解读、办事指南、互动交流三个板块，全年更新栏目内容一百余次，群众留言全部按期答复。',
        }]);
        const rewritten = await client.waitForVersion(f2023.uri, 3, mark);
        assert.deepEqual(rewritten.diagnostics, [], showDiagnostics(rewritten.diagnostics));
      });
    });
  }
});

// ---------------------------------------------------------------------------- the whole workspace

describe('the whole workspace over LSP', () => {
  /** 2021 broken (closed), 2022 clean (closed), 2023 with a carry-over mismatch (opened by the tests). */
  function threeYears() {
    const ws = workspace();
    const f2021 = ws.write('2021.govreport.yaml', report(Y2021_BROKEN));
    const f2022 = ws.write('2022.govreport.yaml', report(Y2022));
    const f2023 = ws.write('2023.govreport.yaml', report(Y2023_MISMATCH));
    ws.write('README.md', '# not a report\n');
    ws.write('node_modules/x/2020.govreport.yaml', report({ ...Y2022, year: 2020 }));
    return { ws, f2021, f2022, f2023 };
  }

  test('govreport.validate.workspace: true → closed reports get diagnostics; false → they are withdrawn', async () => {
    const { ws, f2021, f2022, f2023 } = threeYears();
    const settings: Settings = { govreport: { validate: { workspace: false } } };
    await withServer({ folder: ws.uri, locale: 'en', settings }, async (client) => {
      await openFile(client, f2023);
      await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch (the index is built)', (d) => byCode(d, 'carry-over-mismatch').length === 2);
      assert.deepEqual(client.publicationsFor(f2021.uri), [], 'nothing for closed files while the setting is off');

      client.settings = { govreport: { validate: { workspace: true } } };
      let mark = client.lastSeq;
      await client.changeConfiguration(null);
      const broken = await waitDiagnostics(client, f2021.uri, 'the broken 2021 report, never opened', (d) => d.length > 0, mark);
      assert.deepEqual(codes(broken.diagnostics), ['row-total', 'balance'], showDiagnostics(broken.diagnostics));
      const text2021 = fs.readFileSync(f2021.file, 'utf8');
      assert.equal(broken.diagnostics[0]!.range.start.line, lineStarting(text2021, '  received:'));
      const clean = await waitDiagnostics(client, f2022.uri, 'the clean 2022 report', () => true, mark);
      assert.deepEqual(clean.diagnostics, [], showDiagnostics(clean.diagnostics));
      assert.deepEqual(client.publications.filter((p) => p.uri.includes('node_modules')), [], 'node_modules is not indexed');

      // a closed report fixed on disk: its diagnostics follow
      mark = client.lastSeq;
      fs.writeFileSync(f2021.file, report({ ...Y2021_BROKEN, rows: { received: row(1, 0, 0, 0, 0, 0), carried_forward: row(1, 0, 0, 0, 0, 0) } }));
      await client.changeWatchedFiles([{ uri: f2021.uri, type: 2 }]);
      await waitDiagnostics(client, f2021.uri, 'the fixed 2021 report: empty diagnostics', (d) => d.length === 0, mark);
      // (2022 now carries over 0 where 2021 carried forward 1)
      await waitDiagnostics(client, f2022.uri, '2022 re-checked against the new 2021', (d) => byCode(d, 'carry-over-mismatch').length === 2, mark);

      client.settings = { govreport: { validate: { workspace: false } } };
      mark = client.lastSeq;
      await client.changeConfiguration(null);
      for (const f of [f2021, f2022]) await waitDiagnostics(client, f.uri, 'withdrawn: empty diagnostics', (d) => d.length === 0, mark);
      await client.codeActions({ textDocument: { uri: f2023.uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });
      assert.deepEqual(client.publicationsFor(f2022.uri).at(-1)!.diagnostics, [], 'withdrawn for good');
      // the open file keeps its own
      await client.codeActions({ textDocument: { uri: f2023.uri }, range: rangeOf(0, 0, 0, 0), context: { diagnostics: [] } });
      assert.equal(byCode(client.publicationsFor(f2023.uri).at(-1)!.diagnostics, 'carry-over-mismatch').length, 2);
      assert.deepEqual(client.publicationsFor(f2021.uri).at(-1)!.diagnostics, []);
    });
  });

  test('govreport.validate.workspace: a closed report deleted on disk loses its diagnostics', async () => {
    const { ws, f2021 } = threeYears();
    await withServer({ folder: ws.uri, locale: 'en', settings: { govreport: { validate: { workspace: true } } } }, async (client) => {
      await waitDiagnostics(client, f2021.uri, 'the broken 2021 report', (d) => d.length > 0);
      const mark = client.lastSeq;
      fs.rmSync(f2021.file);
      await client.changeWatchedFiles([{ uri: f2021.uri, type: 3 }]);
      await waitDiagnostics(client, f2021.uri, 'withdrawn after the deletion', (d) => d.length === 0, mark);
    });
  });

  test('govreport.validate.workspace: a report created on disk after indexing gets its diagnostics', async () => {
    const { ws, f2021 } = threeYears();
    await withServer({ folder: ws.uri, locale: 'en', settings: { govreport: { validate: { workspace: true } } } }, async (client) => {
      await waitDiagnostics(client, f2021.uri, 'the broken 2021 report (the folder is indexed)', (d) => d.length > 0);
      // a new (broken) report of another agency
      const mark = client.lastSeq;
      const created = ws.write('new/2023-edu.govreport.yaml', report({ ...Y2021_BROKEN, agency: '台儿庄区教育局', year: 2023 }));
      await client.changeWatchedFiles([{ uri: created.uri, type: 1 }]);
      // (checking one small file takes milliseconds: 3 s is plenty and keeps a failure short)
      const p = await waitDiagnostics(client, created.uri, 'diagnostics for the report created on disk', (d) => d.length > 0, mark, 3000);
      assert.deepEqual(codes(p.diagnostics), ['row-total', 'balance']);
    });
  });

  test('govreport.validate.workspace set from the start: closed reports get diagnostics after indexing', async () => {
    const { ws, f2021, f2022 } = threeYears();
    await withServer({ folder: ws.uri, locale: 'zh-cn', settings: { govreport: { validate: { workspace: true } } } }, async (client) => {
      const broken = await waitDiagnostics(client, f2021.uri, 'the broken 2021 report', (d) => d.length > 0);
      assert.deepEqual(codes(broken.diagnostics), ['row-total', 'balance']);
      assert.ok(messageOf(broken.diagnostics[0]!).includes('但前六列之和为 1'), messageOf(broken.diagnostics[0]!));
      await waitDiagnostics(client, f2022.uri, 'the clean 2022 report', (d) => d.length === 0);
    });
  });

  test('govreport/checkWorkspace: counts, progress notifications, diagnostics of closed files; cancellable', async () => {
    const { ws, f2021, f2023 } = threeYears();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      await openFile(client, f2023);
      await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch (the index is built)', (d) => byCode(d, 'carry-over-mismatch').length === 2);
      const before = client.notifications.length;
      const result = await client.request<{ files: number; errors: number; warnings: number; cancelled: boolean }>('govreport/checkWorkspace', {});
      // 2021: row-total + balance (2 errors); 2022: clean; 2023: 2 × carry-over-mismatch (warnings)
      assert.deepEqual(result, { files: 3, errors: 2, warnings: 2, cancelled: false });
      const progress = client.notifications.slice(before).filter((n) => n.method === 'govreport/checkWorkspaceProgress').map((n) => n.params);
      assert.deepEqual(progress, [{ done: 1, total: 3 }, { done: 2, total: 3 }, { done: 3, total: 3 }]);
      const p2021 = client.publicationsFor(f2021.uri).at(-1);
      assert.deepEqual(p2021 && codes(p2021.diagnostics), ['row-total', 'balance'], 'the closed 2021 report got its diagnostics');

      // an edit of the open file counts at once
      const text = fs.readFileSync(f2023.file, 'utf8');
      const mark = client.lastSeq;
      await client.change(f2023.uri, 2, [{ text: setRow(setRow(setRow(text, 'carried_over', row(1, 0, 0, 0, 0, 0)), 'disclosed', row(1, 0, 0, 0, 0, 0)), 'total', row(1, 0, 0, 0, 0, 0)) }]);
      await client.waitForVersion(f2023.uri, 2, mark);
      assert.deepEqual(await client.request('govreport/checkWorkspace', {}), { files: 3, errors: 2, warnings: 0, cancelled: false });
    });
  });

  test('govreport/newReport: a skeleton, and last year\'s report rolled over when the workspace has it', async () => {
    const { ws, f2023 } = threeYears();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      // wait until the index is built (the open 2023 file finds 2022)
      await openFile(client, f2023);
      await waitDiagnostics(client, f2023.uri, 'carry-over-mismatch (the index is built)', (d) => byCode(d, 'carry-over-mismatch').length === 2);

      const result = await client.request<{ text: string; fromLastYear?: { uri: string; text: string } }>('govreport/newReport', { agency: AGENCY, year: 2024, kind: 'department' });
      assert.ok(result.text.includes(`\nagency: ${AGENCY}\n`), result.text);
      assert.ok(result.text.includes('\nyear: 2024\n'));
      assert.match(result.text, /\nagency_kind: department +#/);
      assert.ok(result.text.includes('\npublished: 2025-01-31\n'), 'the national deadline of a department');
      assert.match(result.text, /\n {2}received: +\[0, 0, 0, 0, 0, 0, 0\]/);
      assert.ok(result.text.includes('本年度报告中所列数据的统计期限为2024年1月1日至2024年12月31日。'));
      assert.ok(!core.analyze(result.text, { lang: 'en' }).diagnostics.some((d) => d.severity === 'error'), 'a skeleton without errors');

      assert.ok(result.fromLastYear, 'the 2023 report is in the workspace');
      assert.equal(result.fromLastYear.uri, f2023.uri);
      const rolled = result.fromLastYear.text;
      assert.ok(rolled.includes('\nyear: 2024\n'));
      assert.ok(rolled.includes('\npublished: 2025-01-16\n'));
      assert.ok(rolled.includes(`# ${AGENCY} 2024年政府信息公开工作年度报告`), rolled.slice(0, 200));
      assert.ok(rolled.includes('统计时限为2024年1月1日至2024年12月31日'), 'the statistics period moved');
      assert.ok(!rolled.includes('2023年1月1日至2023年12月31日'));
      // 2023 carried forward 0 (the mismatching 2 were all disclosed): every table cell 0
      assert.match(rolled, /\n {2}carried_over: +\[0, 0, 0, 0, 0, 0, 0\]/);
      assert.match(rolled, /\n {4}disclosed: +\[0, 0, 0, 0, 0, 0, 0\]/);
      assert.deepEqual(core.analyze(rolled, { lang: 'en' }).diagnostics.filter((d) => d.severity === 'error'), []);

      // a government: its deadline; an agency without last year's report: no fromLastYear
      const gov = await client.request<{ text: string; fromLastYear?: unknown }>('govreport/newReport', { agency: '台儿庄区人民政府', year: 2024, kind: 'government' });
      assert.ok(gov.text.includes('\npublished: 2025-03-31\n'));
      assert.ok(gov.text.includes('\nagency_kind: government'));
      assert.equal(gov.fromLastYear, undefined);
      // last year = year − 1 only
      const later = await client.request<{ fromLastYear?: unknown }>('govreport/newReport', { agency: AGENCY, year: 2025, kind: 'department' });
      assert.equal(later.fromLastYear, undefined);
      // 2022's report for 2023 (it carried forward 1)
      const from2022 = await client.request<{ fromLastYear?: { uri: string; text: string } }>('govreport/newReport', { agency: AGENCY, year: 2023, kind: 'department' });
      assert.equal(from2022.fromLastYear?.uri, pathToFileURL(path.join(ws.dir, '2022.govreport.yaml')).href);
      assert.match(from2022.fromLastYear!.text, /\n {2}carried_over: +\[1, 0, 0, 0, 0, 0, 1\]/);
      assert.match(from2022.fromLastYear!.text, /\n {2}carried_forward: +\[1, 0, 0, 0, 0, 0, 1\]/);
    });
  });

  /** A workspace of ~300 reports (60 agencies × 2017–2021) plus one report of our own for 2023, written once. */
  let big: { ws: ReturnType<typeof workspace>; own: { file: string; uri: string }; n: number } | undefined;
  function bigWorkspace() {
    if (big) return big;
    const ws = workspace();
    const n = 300;
    for (let i = 0; i < n; i++) {
      const agency = `测试机关${String(i % 60).padStart(2, '0')}`;
      const year = 2017 + Math.floor(i / 60);
      ws.write(`r${Math.floor(i / 100)}/${agency}-${year}.govreport.yaml`, report({ agency, year, shift: (year % 5) + 1 }));
    }
    const own = ws.write('own/2023.govreport.yaml', report(Y2023_AGREES));
    return (big = { ws, own, n: n + 1 });
  }
  const progressOf = (client: LspClient) => client.notifications.filter((n) => n.method === 'govreport/checkWorkspaceProgress').map((n) => n.params as { done: number; total: number });
  type CheckResult = { files: number; errors: number; warnings: number; cancelled: boolean };

  test('~300 reports: a keystroke on the open document gets its diagnostics while the server indexes them', async () => {
    const { ws, own } = bigWorkspace();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      // right after initialized: the server is walking and reading the folder
      const text = fs.readFileSync(own.file, 'utf8');
      await client.open(own.uri, text, 1);
      const receivedLine = lineStarting(text, '  received:');
      const at = lineAt(text, receivedLine).indexOf('[') + 1;
      const mark = client.lastSeq;
      await client.change(own.uri, 2, [{ range: { start: { line: receivedLine, character: at }, end: { line: receivedLine, character: at + 1 } }, text: '5' }]);
      const p = await client.waitForVersion(own.uri, 2, mark);
      assert.deepEqual(codes(p.diagnostics), ['row-total', 'balance'], showDiagnostics(p.diagnostics));
    });
  });

  test('~300 reports: govreport/checkWorkspace sent while the server is still indexing counts every report', async () => {
    const { ws, own, n } = bigWorkspace();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      await client.open(own.uri, fs.readFileSync(own.file, 'utf8'), 1);
      await client.waitForVersion(own.uri, 1);
      // (the user runs "Check workspace" right after opening the folder)
      const result = await client.request<CheckResult>('govreport/checkWorkspace', {}, 30_000);
      const progress = progressOf(client);
      assert.equal(result.files, n, `every report of the folder is checked: ${JSON.stringify(result)}, last progress ${JSON.stringify(progress.at(-1))}`);
      assert.equal(result.cancelled, false);
      assert.deepEqual(progress.at(-1), { done: n, total: n });
    });
  });

  test('~300 reports: govreport/checkWorkspace can be cancelled', async () => {
    const { ws } = bigWorkspace();
    await withServer({ folder: ws.uri, locale: 'en' }, async (client) => {
      const source = new CancellationTokenSource();
      const answer = client.conn.sendRequest('govreport/checkWorkspace', {}, source.token) as Promise<CheckResult>;
      answer.catch(() => undefined);
      await client.waitFor('a progress notification', () => progressOf(client).length > 0, 30_000);
      source.cancel();
      const cancelled = await client.waitFor('the answer to the cancelled check', () => undefined, 10_000, answer);
      const total = progressOf(client)[0]!.total;
      assert.equal(cancelled.cancelled, true, JSON.stringify(cancelled));
      assert.ok(cancelled.files >= 1 && cancelled.files < total, `stopped before the end: ${JSON.stringify(cancelled)} of ${total}`);
      assert.ok(progressOf(client).length < total, 'no progress for the files not checked');
      // the server still answers
      const again = await client.request<CheckResult>('govreport/checkWorkspace', {}, 30_000);
      assert.equal(again.cancelled, false);
    });
  });
});
