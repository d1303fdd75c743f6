/**
 * The PDF reader's text: positioned runs of text (items) into lines, lines into paragraphs, the page
 * margins' running headers, footers and page numbers left out. Chinese line breaking decides where a
 * paragraph ends: a line ends short of the margin only when the next line's first unbreakable unit would
 * not have fitted.
 */
import type { SourceBlock, SourceTable } from './source';

/** A run of text as drawn: baseline origin (y up), advance width, font size. */
export interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  fs: number;
}
/** A line of text outside the tables. */
export interface Line {
  page: number;
  text: string;
  left: number;
  right: number;
  y: number;
  fs: number;
  /** the width of what must begin the line together: a word, or a character with the punctuation after it */
  firstWord: number;
}
/** What the page holds in reading order: lines of text and (already joined) tables. */
export type TextEntry = { kind: 'line'; line: Line } | { kind: 'table'; table: SourceTable };

// ---------------------------------------------------------------- text

/** CJK ideographs, kana, hangul and full-width forms: no space between them when lines are joined. */
export const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c\u201d\u2018\u2019]/;
const WIDE_GAP = new RegExp(`(${WIDE.source})\\s+(?=${WIDE.source})`, 'g');
/** Whitespace collapsed; between two wide characters it is dropped (a PDF spaces CJK text to justify it). */
export const collapse = (s: string): string => s.replace(/\s+/g, ' ').replace(WIDE_GAP, '$1').trim();

/** Joins two pieces of one text: a space only between two narrow (Latin, digit) characters. */
export function joinWrapped(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (/\s/.test(last) || /\s/.test(first) || WIDE.test(last) || WIDE.test(first)) return a + b;
  return `${a} ${b}`;
}

/** Items on one baseline (sorted by x) as text: a space where the gap is wider than a narrow space. */
export function lineText(items: Item[]): string {
  let text = '';
  let end = -Infinity;
  for (const it of items) {
    // a gap between two wide characters is justification or letter-spacing, not a space
    if (text && it.x - end > 0.2 * it.fs && !/\s$/.test(text) && !(WIDE.test(text[text.length - 1]!) && WIDE.test(it.str[0]!))) text += ' ';
    text += it.str;
    end = it.x + it.w;
  }
  return text;
}

/** Groups items into lines by baseline (top to bottom), each sorted left to right. */
export function groupLines(items: Item[]): Item[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Item[][] = [];
  let current: Item[] = [];
  let y = NaN;
  for (const it of sorted) {
    if (current.length && Math.abs(it.y - y) > 0.4 * Math.max(it.fs, current[0]!.fs)) {
      lines.push(current);
      current = [];
    }
    if (!current.length) y = it.y;
    current.push(it);
  }
  if (current.length) lines.push(current);
  for (const l of lines) l.sort((a, b) => a.x - b.x);
  return lines;
}

/** Characters a line may not begin with (Chinese line breaking keeps them on the line before). */
const NO_LINE_START = /[、。，．：；！？）］｝〕〉》」』】％…—’”,.;:!?)\]}%]/;
/** Characters a line may not end with (opening brackets and quotes go to the next line with what follows). */
const NO_LINE_END = /[（［｛〔〈《「『【‘“(\[{]/;

/**
 * The width of the first unit of a line that line breaking cannot split: a Latin word or number, or one
 * character, with the opening marks before it and the punctuation that must follow it.
 */
export function firstWordWidth(items: Item[]): number {
  const chars: { ch: string; x0: number; x1: number }[] = [];
  for (const it of items) {
    const cs = Array.from(it.str);
    const w = it.w / Math.max(1, cs.length);
    cs.forEach((ch, i) => chars.push({ ch, x0: it.x + i * w, x1: it.x + (i + 1) * w }));
  }
  let i = 0;
  while (i < chars.length && /\s/.test(chars[i]!.ch)) i++;
  if (i >= chars.length) return 0;
  const start = i;
  while (i < chars.length - 1 && NO_LINE_END.test(chars[i]!.ch)) i++;
  if (WIDE.test(chars[i]!.ch)) i++;
  else while (i < chars.length && !/\s/.test(chars[i]!.ch) && !WIDE.test(chars[i]!.ch)) i++;
  while (i < chars.length && NO_LINE_START.test(chars[i]!.ch)) i++;
  return chars[Math.max(start, i - 1)]!.x1 - chars[start]!.x0;
}

// ---------------------------------------------------------------- headers, footers, page numbers

const PAGE_NUMBER = /^[-—–－―~～_\s]*(?:第\s*)?[0-9０-９]+\s*(?:页)?(?:\s*(?:[\/／]|共)\s*[0-9０-９]+\s*页?)?[-—–－―~～_\s]*$|^(?:page\s*)?\d+(?:\s*of\s*\d+)?$/i;

export function dropMargins(pages: { lines: Line[]; height: number }[]): void {
  const margin = (p: { height: number }, l: Line): 'top' | 'bottom' | undefined =>
    l.y > p.height * 0.9 ? 'top' : l.y < p.height * 0.1 ? 'bottom' : undefined;
  // text repeated in the same margin of several pages (digits aside: "第 3 页")
  const seen = new Map<string, number>();
  const key = (where: string, text: string) => `${where}\u0000${text.replace(/[0-9０-９]+/g, '#')}`;
  for (const p of pages) {
    const keys = new Set<string>();
    for (const l of p.lines) {
      const where = margin(p, l);
      if (where) keys.add(key(where, l.text));
    }
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const repeated = (k: string) => pages.length >= 2 && (seen.get(k) ?? 0) >= Math.max(2, Math.ceil(pages.length / 2));
  for (const p of pages) {
    const lines = p.lines;
    const first = lines[0];
    const last = lines[lines.length - 1];
    p.lines = lines.filter((l) => {
      const where = margin(p, l);
      const edge = l === first || l === last;
      if ((where || edge) && PAGE_NUMBER.test(l.text) && (where || lines.length > 1)) return false;
      return !(where && repeated(key(where, l.text)));
    });
  }
}

// ---------------------------------------------------------------- paragraphs

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function paragraphs(entries: TextEntry[]): SourceBlock[] {
  const lines = entries.filter((e): e is { kind: 'line'; line: Line } => e.kind === 'line').map((e) => e.line);
  // the body text's edges: most lines start at the left edge; the right edge is where full lines end
  // (the leftmost position several lines share: first lines are indented, and short paragraphs are many)
  const leftClusters: number[][] = [];
  for (const x of lines.map((l) => l.left).sort((a, b) => a - b)) {
    const last = leftClusters[leftClusters.length - 1];
    if (last && x - last[last.length - 1]! <= 2) last.push(x);
    else leftClusters.push([x]);
  }
  const shared = leftClusters.find((c) => c.length >= Math.max(2, lines.length * 0.03)) ?? leftClusters[0] ?? [0];
  const bodyLeftEdge = shared[0]!;
  const rights = lines.map((l) => l.right).sort((a, b) => b - a);
  const bodyRight = rights.length ? rights[Math.floor(rights.length * 0.1)]! : 0;
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.page === b.page && a.y > b.y && Math.abs(a.fs - b.fs) < 0.5) pitches.push(a.y - b.y);
  }
  // the usual distance of two lines of one paragraph: the lower quartile (paragraph gaps are the larger ones)
  const pitch = pitches.length ? [...pitches].sort((a, b) => a - b)[Math.floor(pitches.length / 4)]! : 0;

  const blocks: SourceBlock[] = [];
  let open: { text: string; page: number } | undefined;
  let prev: Line | undefined;
  const close = () => {
    const text = collapse(open?.text ?? '');
    if (open && text) blocks.push({ kind: 'paragraph', text, at: { page: open.page } });
    open = undefined;
  };
  for (const e of entries) {
    if (e.kind === 'table') {
      close();
      prev = undefined;
      blocks.push(e.table);
      continue;
    }
    const l = e.line;
    let starts = !open || !prev;
    if (!starts && prev) {
      const fs = Math.max(l.fs, prev.fs);
      if (Math.abs(l.fs - prev.fs) > 0.15 * fs) starts = true;
      else if (l.left > bodyLeftEdge + 0.8 * l.fs) starts = true; // first-line indent, centred or right-aligned line
      // the previous line ended short: the first word of this line would have fitted at its end
      else if (bodyRight - prev.right > Math.max(l.firstWord + 0.3 * l.fs, 1.2 * l.fs)) starts = true;
      else if (prev.page === l.page && pitch > 0 && prev.y - l.y > pitch * 1.25) starts = true;
    }
    if (starts) {
      close();
      open = { text: l.text, page: l.page };
    } else open!.text = joinWrapped(open!.text, l.text);
    prev = l;
  }
  close();
  return blocks;
}
