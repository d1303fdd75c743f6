// Fuzzing the running server: the edit generator of scripts/soak.mjs (YAML punctuation, deletions,
// duplicated lines, swapped indentation, odd Unicode, numbers) sent as incremental didChange, a few
// hundred edits per document. After each publication its ranges must lie inside the text of the
// version it names; the final diagnostics must equal analyze() of the final text (the across-years
// rules aside: they depend on the other open documents); afterwards the server still answers hover,
// completion and codeAction, and is alive. Then hostile documents (50 MB, an alias bomb, 10,000-deep
// nesting, 100,000 keys) opened in the editor: one clear diagnostic, quickly, and the server goes on.
//
// GOVREPORT_FUZZ_SEED=S runs the edit sequences from seed S (it is printed on failure).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CompletionRequest, DiagnosticSeverity, HoverRequest, type CodeAction, type CompletionItem, type CompletionList,
  type Diagnostic, type Hover, type Range, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { EXAMPLE, LspClient, positionAt, ROOT, showDiagnostics, type Publication } from './lsp-client';

interface Edit { start: number; end: number; text: string }
interface Rng { next(): number; int(n: number): number }
interface EditGenerator {
  prng(seed: number): Rng;
  nextEdit(text: string, r: Rng, base?: string): Edit;
  applyEdit(text: string, edit: Edit): string;
  baseTexts(example: string): string[];
}

interface CoreDiagnostic { code: string; severity: 'error' | 'warning' | 'info'; message: string; range: { start: number; end: number } }
const core = require(path.join(ROOT, 'dist', 'core.js')) as {
  analyze(text: string, options: { lang: 'zh' | 'en' }): { diagnostics: CoreDiagnostic[] };
  RULES: readonly { code: string; category: string }[];
};
/** Hostile documents over the protocol: a hang guard 10× above the slowest measured open (0.7 s, a 50 MB file). */
const HANG_GUARD_MS = 30_000;
const ACROSS_YEARS = new Set(core.RULES.filter((r) => r.category === 'across-years').map((r) => r.code));
const LSP_SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');
const EDITS = 300;
const SEED = process.env.GOVREPORT_FUZZ_SEED ? Number(process.env.GOVREPORT_FUZZ_SEED) : 20240116;

// ------------------------------------------------------------------------------- helpers

/** Lengths of the lines of `text` without their breaks (CR, LF, CRLF, as LSP counts lines). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

/** Why `range` is not a range of `text`, or undefined. */
function badRange(range: Range, lengths: readonly number[]): string | undefined {
  for (const p of [range.start, range.end]) {
    if (!(p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line]!)) return `${JSON.stringify(range)} outside the text (${lengths.length} lines)`;
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `${JSON.stringify(range)}: start after end`;
  return undefined;
}

function assertInside(p: Publication, text: string): void {
  const lengths = lineLengths(text);
  for (const d of p.diagnostics) {
    const bad = badRange(d.range, lengths)
      ?? d.relatedInformation?.filter((r) => r.location.uri === p.uri).map((r) => badRange(r.location.range, lengths)).find(Boolean);
    assert.equal(bad, undefined, `version ${p.version}: ${d.code} ${d.message}: ${bad}`);
  }
}

const comparable = (diags: readonly Diagnostic[]): string[] => diags.filter((d) => !ACROSS_YEARS.has(String(d.code)))
  .map((d) => `${d.code} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.message)}`).sort();

function expectedFor(text: string, lang: 'zh' | 'en'): string[] {
  return core.analyze(text, { lang }).diagnostics.filter((d) => !ACROSS_YEARS.has(d.code)).map((d) => {
    const s = positionAt(text, d.range.start);
    const e = positionAt(text, d.range.end);
    return `${d.code} ${LSP_SEVERITY[d.severity]} ${s.line}:${s.character}-${e.line}:${e.character} ${d.message}`;
  }).sort();
}

async function loadGenerator(): Promise<EditGenerator> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts/soak.mjs')).href)) as EditGenerator;
}

// ------------------------------------------------------------------------------- the edit sequences

describe('fuzz over the protocol: random incremental edits', () => {
  let gen: EditGenerator;
  let dir: string;
  before(async () => {
    gen = await loadGenerator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-lsp-fuzz-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bases = () => gen.baseTexts(EXAMPLE_TEXT);
  for (const [name, which, seed] of [['the example', 0, SEED], ['a report with wrong totals', 1, SEED + 1], ['a CRLF report', 2, SEED + 2], ['a broken report', 4, SEED + 3]] as const) {
    test(`${EDITS} edits to ${name} (seed ${seed})`, async () => {
      const client = await LspClient.start({ pullConfiguration: true, locale: 'zh-cn', rootUri: pathToFileURL(dir).href });
      try {
        const uri = pathToFileURL(path.join(dir, `fuzz-${which}.govreport.yaml`)).href;
        let text = bases()[which]!;
        let version = 1;
        const texts = new Map<number, string>([[version, text]]);
        await client.open(uri, text, version);
        await client.waitForVersion(uri, version);
        const r = gen.prng(seed);
        let checked = -1;
        const checkNew = () => {
          for (const p of client.publications) {
            if (p.seq <= checked || p.uri !== uri) continue;
            checked = p.seq;
            assert.notEqual(p.version, undefined, 'a publication without a version');
            const at = texts.get(p.version!);
            assert.ok(at !== undefined, `a publication for version ${p.version}, which was never sent`);
            assertInside(p, at);
          }
        };
        for (let sent = 0; sent < EDITS;) {
          // a burst of 1–5 edits, as fast typing sends them: one change per message, or several in one
          const burst = Math.min(1 + r.int(5), EDITS - sent);
          const together = r.next() < 0.3;
          const changes: TextDocumentContentChangeEvent[] = [];
          for (let i = 0; i < burst; i++) {
            const e = gen.nextEdit(text, r, EXAMPLE_TEXT);
            const change = { range: { start: positionAt(text, e.start), end: positionAt(text, e.end) }, text: e.text };
            text = gen.applyEdit(text, e);
            texts.set(++version, text);
            if (together) changes.push(change);
            else await client.change(uri, version, [change]);
          }
          if (together) await client.change(uri, version, changes);
          sent += burst;
          await client.waitForVersion(uri, version, checked);
          checkNew();
        }
        // the final diagnostics are those of the final text
        const last = await client.waitForVersion(uri, version);
        assert.deepEqual(comparable(last.diagnostics), expectedFor(text, 'zh'), `final text:\n${text}\n${showDiagnostics(last.diagnostics)}`);

        // still answering, on the final text
        const middle = positionAt(text, Math.floor(text.length / 2));
        await client.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position: middle });
        const params = { textDocument: { uri }, position: middle };
        const completion = await client.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, params);
        assert.ok(completion === null || Array.isArray(completion) || Array.isArray(completion.items));
        const actions = await client.request<CodeAction[] | null>(CodeActionRequest.method, {
          textDocument: { uri }, range: { start: positionAt(text, 0), end: positionAt(text, text.length) }, context: { diagnostics: last.diagnostics },
        });
        const lengths = lineLengths(text);
        for (const a of actions ?? []) {
          for (const change of a.edit?.documentChanges ?? []) {
            for (const e of ('edits' in change ? change.edits : [])) assert.equal(badRange(e.range, lengths), undefined, `${a.title}: ${JSON.stringify(e.range)}`);
          }
        }
        assert.ok(client.alive, 'the server exited');
        assert.equal(client.stderr.match(/analysis failed/g), null, client.stderr);
      } finally {
        await client.dispose();
      }
    });
  }
});

// ------------------------------------------------------------------------------- hostile documents

describe('hostile documents in the editor: one clear diagnostic, quickly, and the server goes on', () => {
  const aliasBomb = (() => {
    const names = 'abcdefghij';
    let s = `${names[0]}: &${names[0]} [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < names.length; i++) s += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
    return s;
  })();
  const cases: [string, () => string, RegExp, number][] = [
    // name, text, what the (first) diagnostic says, how many diagnostics at most
    ['a 50 MB file', () => EXAMPLE_TEXT.replace('preamble: |\n', `preamble: |\n${'  根据《中华人民共和国政府信息公开条例》现向社会公布本年度报告。\n'.repeat(Math.ceil(50e6 / 100))}`), /文件过大|too large/, 1],
    ['an alias bomb', () => aliasBomb, /锚点|Anchors|别名|Aliases/, 1000],
    ['10,000-deep flow nesting', () => `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, /嵌套|nested/, 1],
    ['10,000-deep block nesting', () => `${'- '.repeat(10_000)}x\n`, /嵌套|nested/, 1],
    ['100,000 keys', () => Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n'), /文件过大|too large/, 1],
  ];
  for (const [name, make, message, most] of cases) {
    test(name, async () => {
      const client = await LspClient.start({ pullConfiguration: true, locale: 'zh-cn' });
      try {
        const text = make();
        const uri = `untitled:hostile-${name.replace(/\W+/g, '-')}`;
        await client.open(uri, text, 1);
        // a hang guard, not a bound: the slowest of these costs about 0.7 s (`npm run soak`, docs/limits.md)
        const p = await client.waitForPublication(uri, (x) => x.version === 1, 'diagnostics of version 1', -1, HANG_GUARD_MS);
        assert.ok(p.diagnostics.length >= 1 && p.diagnostics.length <= most, showDiagnostics(p.diagnostics.slice(0, 5)));
        assert.equal(p.diagnostics[0]!.code, 'yaml-syntax');
        assert.match(String(p.diagnostics[0]!.message), message);
        assertInside(p, text);
        // an edit in the hostile text is published too, and the server answers a request
        await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
        await client.waitForPublication(uri, (x) => x.version === 2, 'diagnostics of version 2', -1, HANG_GUARD_MS);
        await client.request(HoverRequest.method, { textDocument: { uri }, position: { line: 0, character: 1 } });
        assert.ok(client.alive);
      } finally {
        await client.dispose();
      }
    });
  }
});
