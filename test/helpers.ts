/** Shared test helpers: the example report, exact-once text edits, diagnostics with 1-based positions. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { analyze, LineIndex, type AnalyzeOptions, type Lang, type ReportDiagnostic } from '../server/src/core';

export const ROOT = path.resolve(__dirname, '../..');
export const EXAMPLE_PATH = path.join(ROOT, 'test/fixtures/taierzhuang-minzheng-2023.govreport.yaml');
export const EXAMPLE = fs.readFileSync(EXAMPLE_PATH, 'utf8');

/** The example's text of 一（二） (依申请公开), which tests replace with sentences of their own. */
export const EXAMPLE_ON_REQUEST = '2023年度我局未收到政府信息公开申请。';

/** `text` with the table row `key` (its first flow sequence) set to `values`. */
export function withRow(text: string, key: string, values: readonly number[]): string {
  return text.replace(new RegExp(`(\\n\\s*${key}:\\s*)\\[[^\\]]*\\]`), `$1[${values.join(', ')}]`);
}

/** A small seeded generator (mulberry32): the same seed gives the same inputs on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]): T => list[int(list.length)]!, chance: (p: number) => next() < p };
}

/** Replaces the one occurrence of `from` (fails the test if there is not exactly one). */
export function edit(text: string, from: string | RegExp, to: string): string {
  if (typeof from === 'string') {
    const at = text.indexOf(from);
    assert.ok(at >= 0, `not found: ${from}`);
    assert.equal(text.indexOf(from, at + 1), -1, `found more than once: ${from}`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  }
  assert.ok(from.test(text), `not found: ${from}`);
  return text.replace(from, to);
}

export interface Found {
  code: string;
  severity: string;
  /** 1-based line:column of the start */
  at: string;
  /** the text the range covers */
  covers: string;
  message: string;
  diagnostic: ReportDiagnostic;
}

export function check(text: string, options: AnalyzeOptions & { lang?: Lang } = {}): Found[] {
  const lines = new LineIndex(text);
  return analyze(text, { lang: 'en', ...options }).diagnostics.map((d) => {
    const p = lines.positionAt(d.range.start);
    return { code: d.code, severity: d.severity, at: `${p.line + 1}:${p.character + 1}`, covers: text.slice(d.range.start, d.range.end), message: d.message, diagnostic: d };
  });
}

export const codes = (found: readonly Found[]) => found.map((f) => f.code);

/** 1-based line:column of the n-th (0-based) number in the flow row that follows `key:` on its line. */
export function cellAt(text: string, key: string, column: number): string {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => new RegExp(`^\\s*${key}:\\s*\\[`).test(l));
  assert.ok(i >= 0, `row ${key} not found`);
  const line = lines[i]!;
  const open = line.indexOf('[');
  const cells = [...line.slice(open).matchAll(/[^\s,[\]]+/g)];
  return `${i + 1}:${open + cells[column]!.index! + 1}`;
}
