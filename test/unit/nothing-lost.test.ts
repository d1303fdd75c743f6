// Nothing lost: every quick fix, "fix all totals" and formatting edit changes only what it claims.
// Random valid reports (random counts in every cell, random comments after rows and items, random
// spacing in rows, random text, LF or CRLF, a BOM or not) are fixed and formatted, and the result is
// compared token by token with yaml's own lexer: comments and texts byte-identical, keys and
// punctuation identical, and only cells (fixes) or runs of spaces (formatting) changed, on table rows
// only. Applying again changes nothing: fix-all twice = once, format twice = once.
//
// GOVREPORT_FUZZ_RUNS=N runs N cases per property (default: a few seconds' worth).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Lexer } from 'yaml';
import { analyze, applyEdits, fixAll, formatReport, parseReport, type TextEdit } from '../../server/src/core';
import { EXAMPLE } from '../helpers';

const RUNS = Number(process.env.GOVREPORT_FUZZ_RUNS) || 60;
const settings = (timeMs: number): fc.Parameters<unknown> => ({
  numRuns: RUNS, ...(process.env.GOVREPORT_FUZZ_SEED ? { seed: Number(process.env.GOVREPORT_FUZZ_SEED) } : {}),
  ...(process.env.GOVREPORT_FUZZ_RUNS ? {} : { interruptAfterTimeLimit: timeMs, markInterruptAsFailure: false }),
});

function holds<T>(property: fc.IProperty<T>, parameters: fc.Parameters<T>): void {
  try {
    fc.assert(property, parameters);
  } catch (e) {
    const cause = (e as Error & { cause?: unknown }).cause;
    throw new Error(`${(e as Error).message}\n${cause instanceof Error ? cause.stack ?? cause.message : String(cause)}`);
  }
}

// ------------------------------------------------------------------------------- random valid reports

const count = fc.oneof({ weight: 8, arbitrary: fc.nat(20) }, { weight: 3, arbitrary: fc.nat(100_000) }, { weight: 1, arbitrary: fc.nat(10 ** 12) });
const commentChars = fc.constantFrom('中', '文', '#', ' ', '[', ']', ',', ':', '0', '9', 'a', '\t', '，', '（', '）', '\u00a0', '\u3000', '"', "'", '{', '}', '-', '&', '*', '\u{1f600}');
const comment = fc.string({ unit: commentChars, maxLength: 24 });
const textChars = fc.constantFrom('根', '据', '条', '例', '。', 'a', 'B', ' ', '1', '2', '#', ':', '[', ']', '-', '，', '（', '）', '"', "'", '%', '@', '\u00a0');
const proseLine = fc.string({ unit: textChars, minLength: 1, maxLength: 40 }).map((s) => (s.trimStart() === '' ? '文' : s.replace(/^\s+/, '')));
const separator = fc.constantFrom(', ', ',', ' ,', ',  ', ' , ');
const inner = fc.constantFrom('', ' ', '  ');

/** Lines of the tables (二, 三, 四) that hold counts: flow rows `[…]`, maps `{…}` and single counts. */
const COUNT_LINE = /^( +[a-z_]+:)(\s*)(\[[^\]\n]*\]|\{[^}\n]*\}|\d+)(\s*(?:#[^\n]*)?)$/;

interface Shape {
  cells: number[];
  comments: (string | null)[];
  spacing: { afterKey: number; open: string; close: string; separators: string[] }[];
  prose: string[];
  blockRow: boolean;
  blockComments: (string | null)[];
  crlf: boolean;
  bom: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  cells: fc.array(count, { minLength: 250, maxLength: 250 }),
  comments: fc.array(fc.option(comment, { nil: null }), { minLength: 60, maxLength: 60 }),
  spacing: fc.array(
    fc.record({ afterKey: fc.nat(4), open: inner, close: inner, separators: fc.array(separator, { minLength: 7, maxLength: 7 }) }),
    { minLength: 60, maxLength: 60 },
  ),
  prose: fc.array(proseLine, { minLength: 1, maxLength: 4 }),
  blockRow: fc.boolean(),
  blockComments: fc.array(fc.option(comment, { nil: null }), { minLength: 7, maxLength: 7 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
});

/** A valid report: the example's structure with the random counts, comments, spacing and text of `s`. */
function reportOf(s: Shape): string {
  let cell = 0;
  let row = 0;
  let inTables = false;
  const lines = EXAMPLE.split('\n').map((line) => {
    if (/^\w/.test(line)) inTables = /^(proactive|applications|appeals):/.test(line);
    const m = inTables ? COUNT_LINE.exec(line) : null;
    if (!m) return line;
    const [, key, , value, rest] = m;
    const sp = s.spacing[row % s.spacing.length]!;
    const c = s.comments[row % s.comments.length];
    row++;
    let written: string;
    if (value!.startsWith('[') || value!.startsWith('{')) {
      const open = value![0]!;
      const close = value![value!.length - 1]!;
      const items = value!.slice(1, -1).split(',').map((item) => item.trim().replace(/\d+/, () => String(s.cells[cell++ % s.cells.length])));
      written = open + sp.open + items.map((item, i) => (i === 0 ? '' : sp.separators[i % sp.separators.length]) + item).join('') + sp.close + close;
    } else {
      written = String(s.cells[cell++ % s.cells.length]);
    }
    const tail = c === null ? rest!.replace(/\s+$/, '') : `${' '.repeat(1 + (row % 3))}# ${c}`;
    return `${key}${' '.repeat(1 + sp.afterKey)}${written}${tail}`;
  });
  let text = lines.join('\n');
  // random text in the preamble (a block scalar)
  text = text.replace(/^preamble: \|\n {2}[^\n]*\n/m, `preamble: |\n${s.prose.map((l) => `  ${l}`).join('\n')}\n`);
  if (s.blockRow) {
    // carried_forward as a block sequence, with comments on its items
    text = text.replace(/^( {2}carried_forward:)\s*\[([^\]]*)\]([^\n]*)$/m, (_, key: string, cells: string, rest: string) =>
      `${key}${rest}\n${cells.split(',').map((v, i) => `    - ${v.trim()}${s.blockComments[i] === null ? '' : ` # ${s.blockComments[i]}`}`).join('\n')}`);
  }
  if (s.crlf) text = text.replace(/\n/g, '\r\n');
  return s.bom ? `\ufeff${text}` : text;
}

// ------------------------------------------------------------------------------- what may change

/** yaml's lexer tokens without the runs of spaces and tabs (and its markers). */
function tokens(text: string): string[] {
  return [...new Lexer().lex(text)].filter((t) => !/^[ \t]*$/.test(t) && t !== '\u0002' && t !== '\u001f');
}

const ROW_LINE = /^\s*([a-z_]+:\s*[[{]|- \d+)/;

/** Where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The line of `text` around `offset`. */
function lineAround(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  const ends = [text.indexOf('\n', offset), text.indexOf('\r', offset)].filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length);
}

/**
 * `edits` do only what `kind` claims. fixes: a cell of a table row becomes another count, or the
 * spaces before a row's comment get longer or shorter; format: a run of spaces on a row becomes
 * another. Everything else is compared token by token: comments and texts byte for byte.
 */
function assertClaims(before: string, edits: readonly TextEdit[], kind: 'fix' | 'format'): string {
  for (const e of edits) {
    const old = before.slice(e.range.start, e.range.end);
    const where = `${kind} edit ${JSON.stringify(e)} on line ${JSON.stringify(lineAround(before, e.range.start))}`;
    assert.match(lineAround(before, e.range.start), ROW_LINE, `${where}: not on a table row`);
    const commentAt = lineAround(before, e.range.start).search(/\s#/);
    if (commentAt >= 0) {
      assert.ok(e.range.end <= lineStartOf(before, e.range.start) + commentAt + 1, `${where}: reaches into the comment`);
    }
    if (kind === 'format') {
      assert.match(old, /^[ \t]*$/, `${where}: replaces more than spaces`);
      assert.match(e.newText, /^ *$/, `${where}: writes more than spaces`);
    } else {
      assert.ok((/^\d+$/.test(old) && /^\d+$/.test(e.newText)) || (/^ *$/.test(old) && /^ *$/.test(e.newText)), `${where}: neither a count nor padding`);
    }
  }
  const after = applyEdits(before, edits);
  const a = tokens(before);
  const b = tokens(after);
  assert.equal(b.length, a.length, `${kind}: the token count changed`);
  let changedCells = 0;
  a.forEach((t, i) => {
    if (t === b[i]) return;
    assert.ok(kind === 'fix' && /^\d+$/.test(t) && /^\d+$/.test(b[i]!), `${kind}: token ${i} ${JSON.stringify(t)} became ${JSON.stringify(b[i])}`);
    changedCells++;
  });
  if (kind === 'fix') assert.equal(changedCells, edits.filter((e) => /^\d+$/.test(e.newText)).length, 'one changed cell per cell edit');
  return after;
}

// ------------------------------------------------------------------------------- the properties

describe('nothing lost: fixes and formatting change only what they claim', () => {
  test('the random reports are valid reports (the generator is sound)', () => {
    holds(fc.property(shape, (s) => {
      const text = reportOf(s);
      const doc = parseReport(text.replace(/^\ufeff/, ''), 'en');
      assert.deepEqual(doc.syntax, [], text);
      assert.deepEqual(analyze(text).diagnostics.filter((d) => d.code === 'schema' || d.code === 'yaml-syntax'), [], text);
    }), settings(1000));
  });

  test('fix all: cells only; comments and texts byte-identical; totals right; twice = once', () => {
    holds(fc.property(shape, (s) => {
      const text = reportOf(s);
      const edits = fixAll(analyze(text, { lang: 'en' }));
      const fixed = assertClaims(text, edits, 'fix');
      const again = analyze(fixed, { lang: 'en' });
      assert.deepEqual(fixAll(again), [], 'fix-all twice = once');
      // sums beyond 2^53 are not counts: those rows are the schema's business, not fix-all's
      if (s.cells.every((c) => c < 10 ** 12)) {
        assert.deepEqual(again.diagnostics.filter((d) => ['row-total', 'results-total', 'appeals-total'].includes(d.code)).map((d) => d.message), []);
      }
    }), settings(2500));
  });

  test('every quick fix: cells only; the diagnostic it fixes is gone', () => {
    holds(fc.property(shape, fc.nat(), (s, pick) => {
      const text = reportOf(s);
      const withFix = analyze(text, { lang: 'en' }).diagnostics.filter((d) => d.fix);
      if (withFix.length === 0) return;
      const d = withFix[pick % withFix.length]!;
      const fixed = assertClaims(text, d.fix!.edits, 'fix');
      const after = analyze(fixed, { lang: 'en' }).diagnostics;
      assert.ok(!after.some((x) => x.code === d.code && x.range.start === d.range.start), `${d.code} "${d.message}" still there after "${d.fix!.title}"`);
    }), settings(2000));
  });

  test('format: runs of spaces on rows only; twice = once; the data unchanged', () => {
    holds(fc.property(shape, (s) => {
      const text = reportOf(s);
      const doc = parseReport(text, 'en');
      const formatted = assertClaims(text, formatReport(doc), 'format');
      assert.deepEqual(formatReport(parseReport(formatted, 'en')), [], 'format twice = once');
      assert.deepEqual(parseReport(formatted, 'en').data, doc.data);
    }), settings(2000));
  });

  test('format a range: only rows the range touches', () => {
    holds(fc.property(shape, fc.nat(), fc.nat(), (s, x, y) => {
      const text = reportOf(s);
      const [start, end] = [x % (text.length + 1), y % (text.length + 1)].sort((a, b) => a - b) as [number, number];
      const edits = formatReport(parseReport(text, 'en'), { start, end });
      assertClaims(text, edits, 'format');
      // every edit is on a line that the range touches
      for (const e of edits) {
        const lineStart = lineStartOf(text, e.range.start);
        const lineEnd = lineStart + lineAround(text, e.range.start).length;
        assert.ok(start === end ? lineStart <= start && start <= lineEnd : start <= lineEnd && end > lineStart, `edit ${JSON.stringify(e.range)} outside ${start}..${end}`);
      }
    }), settings(1000));
  });

  test('fix all then format then fix all: nothing left to do; format then fix all agrees', () => {
    holds(fc.property(shape, (s) => {
      const text = reportOf(s);
      const fixed = applyEdits(text, fixAll(analyze(text)));
      const formatted = assertClaims(fixed, formatReport(parseReport(fixed, 'en')), 'format');
      assert.deepEqual(fixAll(analyze(formatted)), []);
      assert.deepEqual(formatReport(parseReport(formatted, 'en')), []);
      // the other order gives the same data
      const other = applyEdits(text, formatReport(parseReport(text, 'en')));
      const otherFixed = applyEdits(other, fixAll(analyze(other)));
      assert.deepEqual(parseReport(otherFixed, 'en').data, parseReport(formatted, 'en').data);
    }), settings(1500));
  });
});
