// The text fingerprints of copied-text (normaliseText, textShingles, textSketch, and the texts of
// yearFacts) were rewritten for speed; their output must not change. The original implementations
// are kept here as the reference and compared with the current ones over every fixture report,
// every text in test/fixtures, every UTF-16 code unit, and thousands of seeded random strings
// drawn from the characters that matter (full-width forms, compatibility ideographs, CJK
// punctuation, digits of other scripts, combining marks, surrogate pairs and lone surrogates).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CROSS_AGENCY_MIN_LENGTH, MIN_TEXT_LENGTH, normaliseText, parseReport, textShingles, textSketch, yearFacts } from '../../server/src/core';
import { proseFields } from '../../server/src/core/model/text-fields';
import { EXAMPLE, ROOT } from '../helpers';

// ------------------------------------------------------------------ the reference (before the rewrite)

function refNormaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\p{Nd}+/gu, '0').replace(/[\s\p{P}\p{S}]+/gu, '');
}

function refTextShingles(text: string): Uint32Array | undefined {
  const s = refNormaliseText(text);
  if (s.length < 40) return undefined;
  const out = new Uint32Array(s.length - 1);
  for (let i = 0; i + 1 < s.length; i++) out[i] = ((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0;
  return out.sort();
}

function refTextSketch(text: string): number[] | undefined {
  const s = refNormaliseText(text);
  if (s.length < 100) return undefined;
  const hashes = new Set<number>();
  for (let i = 0; i + 6 <= s.length; i++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ s.charCodeAt(i + k), 0x01000193) >>> 0;
    hashes.add(h);
  }
  return [...hashes].sort((a, b) => a - b).slice(0, 4);
}

/** What yearFacts computed per text before: each fingerprint from the raw text, the preamble left out. */
function refTexts(data: unknown): { length: number; shingles: number[]; sketch?: number[] }[] {
  const out: { length: number; shingles: number[]; sketch?: number[] }[] = [];
  for (const field of proseFields(data)) {
    if (field.path[0] === 'preamble') continue;
    const shingles = refTextShingles(field.value);
    if (!shingles) continue;
    const sketch = refTextSketch(field.value);
    out.push({ length: refNormaliseText(field.value).length, shingles: [...shingles], ...(sketch ? { sketch } : {}) });
  }
  return out;
}

// ------------------------------------------------------------------ inputs

const FIXTURES = path.join(ROOT, 'test/fixtures');

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? fixtureFiles(p) : [p];
  });
}

/** Every text file of the fixtures, decoded (the GBK page as GBK). */
function fixtureTexts(): { file: string; text: string }[] {
  return fixtureFiles(FIXTURES).filter((f) => /\.(?:ya?ml|html?|txt|md|json)$/.test(f)).map((file) => {
    const bytes = fs.readFileSync(file);
    return { file: path.relative(ROOT, file), text: new TextDecoder(/\.gbk\./.test(file) ? 'gbk' : 'utf-8').decode(bytes) };
  });
}

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const range = (from: number, to: number): [number, number] => [from, to];
/** Code point ranges the generator draws from: what reports hold, and what NFKC, \p{Nd}, \p{P}, \p{S} treat specially. */
const POOLS: [number, number][][] = [
  // CJK ideographs (most of a report)
  [range(0x4e00, 0x9fff), range(0x3400, 0x4dbf)],
  // CJK symbols and punctuation: 、。《》【】〇, U+3000 (→ space), Hangzhou numerals, combining tone marks
  [range(0x3000, 0x303f)],
  // full-width ASCII, half-width katakana and Hangul (NFKC composes these), full-width signs
  [range(0xff00, 0xffef)],
  // ASCII
  [range(0x20, 0x7e), range(0x09, 0x0d)],
  // digits of every kind: ASCII, full-width, Arabic-Indic, Devanagari, Thai, mathematical, Osmanya,
  // superscript, circled (No, → ASCII), Hangzhou numerals (Nl)
  [
    range(0x30, 0x39), range(0xff10, 0xff19), range(0x0660, 0x0669), range(0x06f0, 0x06f9), range(0x0966, 0x096f), range(0x0e50, 0x0e59),
    range(0x1d7ce, 0x1d7ff), range(0x104a0, 0x104a9), range(0x00b2, 0x00b3), range(0x2460, 0x2473), range(0x2070, 0x2079), range(0x3021, 0x3029),
  ],
  // compatibility ideographs, radicals, enclosed and squared forms
  [range(0xf900, 0xfaff), range(0x2f800, 0x2fa1f), range(0x2f00, 0x2fd5), range(0x2e80, 0x2ef3), range(0x3200, 0x33ff)],
  // general and Latin-1 punctuation, spaces, vertical and small forms, BOM
  [range(0x2000, 0x206f), range(0x00a0, 0x00ff), range(0xfe10, 0xfe6f), range(0xfeff, 0xfeff)],
  // combining marks, Hangul jamo and syllables, Indic vowel signs (what composes)
  [
    range(0x0300, 0x036f), range(0x3099, 0x309a), range(0x1100, 0x11ff), range(0x3130, 0x318f), range(0xac00, 0xd7a3),
    range(0x0b3e, 0x0b57), range(0x0dca, 0x0ddf),
  ],
  // astral: emoji (\p{S}), CJK extension B, anything
  [range(0x1f300, 0x1faff), range(0x20000, 0x2a6df), range(0x10000, 0x10ffff)],
  // lone surrogates (and, by chance, pairs)
  [range(0xd800, 0xdfff)],
  // anything in the BMP
  [range(0, 0xffff)],
];

/** A random string (mostly short, now and then a long one): runs from a few pools, digits often in runs, sometimes a repeated stretch (equal 6-grams). */
function randomText(next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  const pools = Array.from({ length: 1 + pick(3) }, () => POOLS[pick(POOLS.length)]!);
  const length = pick(100) === 0 ? 2000 + pick(6000) : pick(4) === 0 ? pick(20) : pick(400);
  let s = '';
  while (s.length < length) {
    const pool = pools[pick(pools.length)]!;
    const [from, to] = pool[pick(pool.length)]!;
    const run = 1 + pick(6);
    for (let i = 0; i < run; i++) s += String.fromCodePoint(from + pick(to - from + 1));
    if (pick(20) === 0 && s.length > 6) s += s.slice(pick(s.length - 6)).slice(0, 6 + pick(30));
  }
  return s;
}

// ------------------------------------------------------------------ comparison

const same = (text: string, where: string) => {
  assert.equal(normaliseText(text), refNormaliseText(text), `normaliseText of ${where}: ${JSON.stringify(text.slice(0, 80))}`);
  assert.deepEqual(textShingles(text), refTextShingles(text), `textShingles of ${where}`);
  assert.deepEqual(textSketch(text), refTextSketch(text), `textSketch of ${where}`);
};

describe('text fingerprints: the same as the reference implementation', () => {
  test('the thresholds the reference hard-codes are the current ones', () => {
    assert.equal(MIN_TEXT_LENGTH, 40);
    assert.equal(CROSS_AGENCY_MIN_LENGTH, 100);
  });

  test('the known case, and the reference and the code tell a changed output apart', () => {
    const text = '２０２３年，我局　公开信息 277 条（含“重点领域”182条）。\n';
    assert.equal(normaliseText(text), '0年我局公开信息0条含重点领域0条');
    assert.equal(refNormaliseText(text), '0年我局公开信息0条含重点领域0条');
    // the comparison below is not vacuous: a one-character change of the output is seen
    assert.notEqual(refNormaliseText('一1,2二'), refNormaliseText('一12二'));
    assert.equal(normaliseText('一1,2二'), '一00二');
    assert.notDeepEqual(textSketch('的'.repeat(60) + '是'.repeat(60)), textSketch('的'.repeat(60) + '在'.repeat(60)));
  });

  test('every UTF-16 code unit, alone and between digits and letters', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `1${ch}2`, `a${ch}${ch}b`, `${ch}\u0301`]) {
        assert.equal(normaliseText(text), refNormaliseText(text), `U+${c.toString(16).padStart(4, '0')} in ${JSON.stringify(text)}`);
      }
    }
  });

  test('every text in test/fixtures, whole and line by line', () => {
    const texts = fixtureTexts();
    assert.ok(texts.length >= 15, `fixture texts found: ${texts.length}`);
    let lines = 0;
    for (const { file, text } of texts) {
      same(text, file);
      for (const line of text.split('\n')) {
        lines++;
        same(line, file);
      }
    }
    assert.ok(lines > 5000, `lines compared: ${lines}`);
  });

  test('yearFacts: the fingerprints of every fixture report and of the corpus pages read as report texts', () => {
    const reports = fixtureFiles(FIXTURES).filter((f) => f.endsWith('.govreport.yaml'));
    assert.ok(reports.length >= 5, `fixture reports found: ${reports.length}`);
    // the example with each prose field replaced by a stretch of a fixture page (Chinese prose with odd characters)
    const pages = fixtureTexts().filter((t) => /\.(?:html|txt)$/.test(t.file)).map((t) => t.text);
    const variants = pages.flatMap((page) => [0, 1, 2, 3].map((k) => {
      const chunk = (i: number) => JSON.stringify(page.slice((i * 977 + k * 4111) % Math.max(1, page.length - 600)).slice(0, 50 + ((i * 131 + k * 37) % 550)));
      let i = 0;
      return EXAMPLE.replace(/^( {2,})([a-z_]+): \|\n(?:(?:\1 {2}.*)?\n)+/gm, (_m, indent: string, key: string) => `${indent}${key}: ${chunk(i++)}\n`);
    }));
    let compared = 0;
    for (const text of [...reports.map((f) => fs.readFileSync(f, 'utf8')), ...variants]) {
      const doc = parseReport(text, 'en');
      const facts = yearFacts(doc, { texts: true });
      if (!facts) continue;
      const got = facts.texts.map((t) => ({ length: t.length, shingles: [...t.shingles!], ...(t.sketch ? { sketch: t.sketch } : {}) }));
      assert.deepEqual(got, refTexts(doc.data));
      assert.ok(facts.texts.every((t) => !('sketch' in t) || t.sketch !== undefined), 'no sketch key without a sketch');
      // without the bigrams: the same texts, lengths, digests and sketches
      const lean = yearFacts(doc, { texts: true, shingles: false })!;
      assert.deepEqual(lean.texts, facts.texts.map(({ shingles: _, ...rest }) => rest));
      compared += got.length;
    }
    assert.ok(compared > 100, `texts compared: ${compared}`);
  });

  test('thousands of seeded random strings (seed printed on failure)', () => {
    const seed = Number(process.env.GOVREPORT_FINGERPRINT_SEED ?? 20261205);
    const next = random(seed);
    const seen = { nfkcChanged: 0, digitRuns: 0, sketches: 0, astral: 0, loneSurrogate: 0 };
    for (let n = 0; n < 4000; n++) {
      const text = randomText(next);
      same(text, `random string ${n} of seed ${seed}`);
      if (text.normalize('NFKC') !== text) seen.nfkcChanged++;
      if (/\p{Nd}{2}/u.test(text.normalize('NFKC'))) seen.digitRuns++;
      if (refTextSketch(text)) seen.sketches++;
      if (/[\u{10000}-\u{10ffff}]/u.test(text)) seen.astral++;
      if (/\p{Cs}/u.test(text)) seen.loneSurrogate++;
    }
    // the generator reaches what it is meant to
    for (const [what, count] of Object.entries(seen)) assert.ok(count > 200, `${what}: ${count}`);
  });
});
