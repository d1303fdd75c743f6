// Fuzzing the core with fast-check: random edit sequences (the generator of scripts/soak.mjs, which
// the soak run also uses) applied to the example and to broken reports, and plain random strings of
// YAML punctuation and odd Unicode, fed to analyze, fixAll, formatReport, completion, hover, the
// outline, inlay hints and the across-years rules at random offsets. Properties: nothing throws;
// every range lies inside the text with start ≤ end (related ranges, fix edits, which never overlap);
// the same text always gives the same answers, whatever was analysed in between.
//
// Bounded in time (a few seconds in `npm test`); GOVREPORT_FUZZ_RUNS=N runs N cases per property
// (GOVREPORT_FUZZ_SEED=S replays a failing seed, as fast-check prints it).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import {
  analyze, applyEdits, checkAcrossYears, complete, documentSymbols, fixAll, foldingRanges, formatReport, hover, inlayHints,
  LineIndex, parseReport, selectionRanges, type Analysis, type Lang, type OffsetRange, type ReportDiagnostic, type SymbolNode, type TextEdit,
} from '../../server/src/core';
import { EXAMPLE, ROOT } from '../helpers';

/** Reports in the 2019 format: the published one (blank cells) and the same with the blanks 0. */
const SHANGHAI = fs.readFileSync(path.join(ROOT, 'test/fixtures/shanghai-bangongting-2019.govreport.yaml'), 'utf8');
const FORMAT_2019 = [SHANGHAI, SHANGHAI.replace(/~/g, '0')];

// ------------------------------------------------------------------------------- shared with the LSP fuzz and the soak

export interface Edit { start: number; end: number; text: string }
export interface Rng { next(): number; int(n: number): number }
export interface EditGenerator {
  prng(seed: number): Rng;
  nextEdit(text: string, r: Rng, base?: string): Edit;
  applyEdit(text: string, edit: Edit): string;
  mutate(text: string, seed: number, steps: number, base?: string): string;
  baseTexts(example: string): string[];
  PUNCTUATION: string[];
  ODD: string[];
}

/** The edit generator of scripts/soak.mjs (an ES module: loaded with import()). */
export async function loadGenerator(): Promise<EditGenerator> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts/soak.mjs')).href)) as EditGenerator;
}

const RUNS = Number(process.env.GOVREPORT_FUZZ_RUNS) || 120;
const SEED = process.env.GOVREPORT_FUZZ_SEED ? Number(process.env.GOVREPORT_FUZZ_SEED) : undefined;
/** fast-check settings: a number of runs, and a time box so that `npm test` stays quick. */
const settings = (timeMs: number): fc.Parameters<unknown> => ({
  numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}),
  ...(process.env.GOVREPORT_FUZZ_RUNS ? {} : { interruptAfterTimeLimit: timeMs, markInterruptAsFailure: false }),
});
const NOW = new Date(2025, 0, 10);

/** fc.assert, with the failing assertion's own message in the error (the test reporter shows no `cause`). */
export function holds<T>(property: fc.IProperty<T>, parameters: fc.Parameters<T>): void {
  try {
    fc.assert(property, parameters);
  } catch (e) {
    const cause = (e as Error & { cause?: unknown }).cause;
    throw new Error(`${(e as Error).message}\n${cause instanceof Error ? cause.stack ?? cause.message : String(cause)}`);
  }
}

/** An LSP position cannot name the point between the \r and \n of a CRLF: the editor never asks there. */
export const snapOffset = (text: string, offset: number): number => (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset);

// ------------------------------------------------------------------------------- the checks

/** `start <= end`, both inside `text`, and not between the \r and \n of a CRLF (no LSP position says that). */
export function assertRange(text: string, r: OffsetRange | undefined, what: string): void {
  assert.ok(r, `${what}: no range`);
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: not integers ${JSON.stringify(r)}`);
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${what}: ${JSON.stringify(r)} outside 0..${text.length}`);
  for (const o of [r.start, r.end]) assert.ok(!(text[o - 1] === '\r' && text[o] === '\n'), `${what}: ${JSON.stringify(r)} splits a CRLF`);
}

/** Edits inside the text, none overlapping another (two insertions at one offset would be ambiguous). */
export function assertEdits(text: string, edits: readonly TextEdit[], what: string): void {
  edits.forEach((e, i) => {
    assertRange(text, e.range, `${what} edit ${i}`);
    assert.equal(typeof e.newText, 'string', `${what} edit ${i}: newText`);
  });
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    assert.ok(a.range.end <= b.range.start && !(a.range.start === b.range.start && a.range.end === a.range.start && b.range.end === b.range.start),
      `${what}: edits overlap ${JSON.stringify(a.range)} ${JSON.stringify(b.range)}`);
  }
  assert.doesNotThrow(() => applyEdits(text, edits), `${what}: applyEdits`);
}

export function assertDiagnostics(text: string, diagnostics: readonly ReportDiagnostic[], what = 'diagnostic'): void {
  for (const d of diagnostics) {
    const name = `${what} ${d.code} "${d.message.slice(0, 80)}"`;
    assertRange(text, d.range, name);
    assert.ok(d.message.length > 0, `${name}: empty message`);
    assert.doesNotMatch(d.message, /could not check this file|无法检查此文件/, `${name}: the core threw on this text`);
    for (const r of d.related ?? []) if (r.file === undefined) assertRange(text, r.range, `${name} related`);
    if (d.fix) assertEdits(text, d.fix.edits, `${name} fix`);
  }
}

function assertSymbols(text: string, symbols: readonly SymbolNode[], depth = 0): void {
  assert.ok(depth < 50, 'symbols nested absurdly deep');
  for (const s of symbols) {
    assertRange(text, s.range, `symbol ${s.name}`);
    assertRange(text, s.selectionRange, `symbol ${s.name} selection`);
    // VS Code rejects a symbol whose selectionRange is not inside its range
    assert.ok(s.range.start <= s.selectionRange.start && s.selectionRange.end <= s.range.end, `symbol ${s.name}: selection ${JSON.stringify(s.selectionRange)} outside ${JSON.stringify(s.range)}`);
    assertSymbols(text, s.children, depth + 1);
  }
}

/** Everything the editor asks of one text, at the given offsets; asserts the shape of every answer. */
export function exercise(text: string, lang: Lang, offsets: readonly number[], trigger?: string): Analysis {
  const analysis = analyze(text, { lang });
  assertDiagnostics(text, analysis.diagnostics);
  const doc = analysis.document;
  assert.equal(doc.text, text);
  assertEdits(text, fixAll(analysis), 'fixAll');
  assertEdits(text, formatReport(doc), 'format');
  const lines = new LineIndex(text);
  for (const raw of offsets) {
    const offset = snapOffset(text, raw % (text.length + 1));
    const other = snapOffset(text, (raw >> 3) % (text.length + 1));
    const [a, b] = [Math.min(offset, other), Math.max(offset, other)];
    assertEdits(text, formatReport(doc, { start: a, end: b }), `format ${a}..${b}`);
    for (const e of complete(doc, offset, lang, trigger, NOW)) {
      assert.equal(typeof e.insertText, 'string');
      if (e.replace) assertRange(text, e.replace, `completion ${e.label} at ${offset}`);
    }
    const h = hover(analysis, offset, lang);
    if (h) assertRange(text, h.range, `hover at ${offset}`);
    for (const hint of inlayHints(analysis, { start: a, end: b }, { columnLabels: true, expectedTotals: true }, lang)) {
      assert.ok(hint.offset >= 0 && hint.offset <= text.length, `inlay hint at ${hint.offset}`);
    }
  }
  assertSymbols(text, documentSymbols(doc, lang));
  for (const f of foldingRanges(doc)) assert.ok(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.lineCount, `folding ${JSON.stringify(f)}`);
  const chains = selectionRanges(doc, offsets.map((o) => snapOffset(text, o % (text.length + 1))));
  assert.equal(chains.length, offsets.length);
  chains.forEach((chain, i) => {
    chain.forEach((r, j) => {
      assertRange(text, r, `selection range ${j} at ${offsets[i]}`);
      // from the innermost outwards: VS Code wants every parent to contain its child
      if (j > 0) assert.ok(r.start <= chain[j - 1]!.start && chain[j - 1]!.end <= r.end, `selection range ${JSON.stringify(r)} does not contain ${JSON.stringify(chain[j - 1])}`);
    });
  });
  return analysis;
}

/** What must be the same for the same text: diagnostics (all fields), fix-all and formatting edits. */
export function fingerprint(text: string, lang: Lang): string {
  const analysis = analyze(text, { lang });
  return JSON.stringify({ diagnostics: analysis.diagnostics, fixAll: fixAll(analysis), format: formatReport(analysis.document) });
}

// ------------------------------------------------------------------------------- the properties

describe('fuzz: the core never throws and every range is inside the text', () => {
  let gen: EditGenerator;
  let bases: string[];
  before(async () => {
    gen = await loadGenerator();
    bases = [...gen.baseTexts(EXAMPLE), ...FORMAT_2019];
  });

  test('random edit sequences on the example and on broken reports', () => {
    holds(fc.property(
      fc.nat(1000), fc.integer(), fc.nat(60), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.constantFrom<Lang>('zh', 'en'), fc.constantFrom(undefined, ':', ' ', '['),
      (which, seed, steps, offsets, lang, trigger) => {
        const text = gen.mutate(bases[which % bases.length]!, seed, steps, EXAMPLE);
        exercise(text, lang, offsets, trigger);
      },
    ), settings(4000));
  });

  test('random strings of YAML punctuation, odd Unicode and report words', () => {
    const unit = fc.oneof(
      fc.constantFrom(...gen.PUNCTUATION, ...gen.ODD, '\n', '  ', '- ', ': ', 'received', '0', '1', '年'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    holds(fc.property(fc.string({ unit, maxLength: 300 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (text, offsets) => {
      exercise(text, 'en', offsets);
    }), settings(2000));
  });

  test('a mutated report against a mutated last year: the across-years rules stay in range', () => {
    const lastYear = EXAMPLE.replace('year: 2023', 'year: 2022').replace('published: 2024-01-16', 'published: 2023-01-16');
    holds(fc.property(fc.integer(), fc.nat(30), fc.integer(), fc.nat(30), (seedNow, stepsNow, seedBefore, stepsBefore) => {
      const now = gen.mutate(EXAMPLE, seedNow, stepsNow);
      const before = gen.mutate(lastYear, seedBefore, stepsBefore);
      const beforeDoc = parseReport(before, 'en');
      const found = checkAcrossYears(parseReport(now, 'en'), { file: 'last.govreport.yaml', document: beforeDoc }, { lang: 'en' });
      for (const d of found) {
        assertRange(now, d.range, `${d.code}`);
        for (const r of d.related ?? []) assertRange(r.file ? before : now, r.range, `${d.code} related`);
        if (d.fix) assertEdits(now, d.fix.edits, `${d.code} fix`);
      }
    }), settings(1500));
  });
});

describe('fuzz: no state is carried from one text to the next', () => {
  let gen: EditGenerator;
  let bases: string[];
  before(async () => {
    gen = await loadGenerator();
    bases = [...gen.baseTexts(EXAMPLE), ...FORMAT_2019];
  });

  test('the same text gives the same diagnostics, fixes and edits, before and after other texts', () => {
    holds(fc.property(fc.nat(1000), fc.integer(), fc.nat(40), fc.nat(1000), fc.integer(), fc.nat(40), fc.constantFrom<Lang>('zh', 'en'),
      (w1, s1, n1, w2, s2, n2, lang) => {
        const a = gen.mutate(bases[w1 % bases.length]!, s1, n1, EXAMPLE);
        const b = gen.mutate(bases[w2 % bases.length]!, s2, n2, EXAMPLE);
        const first = fingerprint(a, lang);
        assert.equal(fingerprint(a, lang), first, 'analysed twice in a row');
        fingerprint(b, lang);
        fingerprint(b, lang === 'zh' ? 'en' : 'zh');
        assert.equal(fingerprint(a, lang), first, 'after other texts');
      }), settings(2500));
  });

  test('found by fuzzing: completion before a BOM replaced from offset -1', () => {
    for (const text of ['\ufeff\u0000\u0000', '\ufeffform', '\ufeff']) {
      for (const e of complete(parseReport(text, 'en'), 0, 'en', undefined, NOW)) if (e.replace) assertRange(text, e.replace, `completion ${e.label}`);
    }
  });

  test('the generator itself is deterministic (the soak run depends on it)', () => {
    assert.equal(gen.mutate(EXAMPLE, 42, 200), gen.mutate(EXAMPLE, 42, 200));
    assert.notEqual(gen.mutate(EXAMPLE, 42, 200), gen.mutate(EXAMPLE, 43, 200));
  });
});
