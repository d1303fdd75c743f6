/**
 * PDF reader: a PDF with a text layer (exported by Word, WPS, LibreOffice, printed by a browser) becomes
 * the intermediate form. A PDF has no paragraphs or tables, only positioned text and drawn lines, so
 * both are rebuilt from positions:
 * - tables from the ruling lines (stroked lines and the thin filled rectangles browsers draw as borders):
 *   the lines' x and y clusters give the grid, a missing border between two grid slots merges them
 *   (merged header cells come out as rowSpan/colSpan), the text goes to the cell its centre falls in;
 *   a table that ends a page and one with the same columns that starts the next page are one table
 *   (a repeated header row is dropped);
 * - the other text into lines (same baseline), lines into paragraphs (a first-line indent, a short
 *   previous line, a larger gap or another font size starts a paragraph; a paragraph runs on across a
 *   page break);
 * - page numbers ("— 3 —", "第 3 页", "3/6") and headers and footers repeated in the page margins are dropped.
 * A PDF whose pages carry no text at all (a scan) is refused with a "no text layer" error: nothing is guessed.
 *
 * The text and the drawing operators come from pdfjs-dist (Mozilla's PDF.js, legacy build for Node, run
 * in the calling thread: no worker file, no canvas, no font loading). It is large, so it is imported
 * only when a PDF is read. Pure: bytes in, SourceDocument out.
 */
import type { Lang } from '../model/l10n';
import { installPdfGlobals } from './pdf-globals';
import { sourceReadError, SourceReadError } from './read-error';
import type { SourceBlock, SourceCell, SourceDocument, SourceMeta, SourceTable } from './source';

export interface ReadPdfOptions {
  /** Language of error messages. */
  lang?: Lang;
}

/** A run of text as drawn: baseline origin (PDF user space, y up), advance width, font size. */
interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  fs: number;
}
interface HSeg {
  y: number;
  x1: number;
  x2: number;
}
interface VSeg {
  x: number;
  y1: number;
  y2: number;
}
interface Line {
  page: number;
  text: string;
  left: number;
  right: number;
  y: number;
  fs: number;
  /** the width of what must begin the line together: a word, or a character with the punctuation after it */
  firstWord: number;
}
/** A cell of a table part: its x-range, its rows within the part, whether its top border is drawn. */
interface PartCell {
  x0: number;
  x1: number;
  r0: number;
  r1: number;
  text: string;
  /** no border above it: at the top of a page, the cell goes on from the previous page */
  openTop: boolean;
  /** no border below it: at the end of a page, the cell goes on over the next page */
  openBottom: boolean;
}
/** A table as drawn on one page (a part of a table that may go on over the next page). */
interface PageTable {
  page: number;
  /** the page the part ends on (after parts were joined) */
  lastPage: number;
  top: number;
  /** column boundaries, left to right */
  xs: number[];
  rows: number;
  cells: PartCell[];
}
type Entry = { kind: 'line'; line: Line } | { kind: 'table'; t: PageTable };

// ---------------------------------------------------------------- pdf.js, loaded on first use

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let pdfjsPromise: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    installPdfGlobals();
    // While its module loads, pdf.js warns that it cannot load the native canvas package (it needs it only
    // to draw pages): not news for the user of an import, so those lines are held back.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!(typeof args[0] === 'string' && args[0].startsWith('Warning: Cannot'))) warn(...args);
    };
    try {
      // The worker's message handler, run in this thread ("fake worker"): PDF.js looks for it here before it
      // would try to load a worker script (which a bundle does not have).
      // @ts-expect-error the worker module ships without type declarations
      const worker: unknown = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } finally {
      console.warn = warn;
    }
  })();
  return pdfjsPromise;
}

// ---------------------------------------------------------------- text

/** CJK ideographs, kana, hangul and full-width forms: no space between them when lines are joined. */
const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c\u201d\u2018\u2019]/;
const WIDE_GAP = new RegExp(`(${WIDE.source})\\s+(?=${WIDE.source})`, 'g');
/** Whitespace collapsed; between two wide characters it is dropped (a PDF spaces CJK text to justify it). */
const collapse = (s: string): string => s.replace(/\s+/g, ' ').replace(WIDE_GAP, '$1').trim();

/** Joins two pieces of one text: a space only between two narrow (Latin, digit) characters. */
function joinWrapped(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (/\s/.test(last) || /\s/.test(first) || WIDE.test(last) || WIDE.test(first)) return a + b;
  return `${a} ${b}`;
}

/** Items on one baseline (sorted by x) as text: a space where the gap is wider than a narrow space. */
function lineText(items: Item[]): string {
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
function groupLines(items: Item[]): Item[][] {
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
function firstWordWidth(items: Item[]): number {
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

// ---------------------------------------------------------------- ruling lines

/** Path points of a pdf.js `constructPath` buffer (DrawOPS: 0 moveTo, 1 lineTo, 2 curveTo, 3 quadratic, 4 close). */
function subpaths(buffer: ArrayLike<number>): { points: [number, number][]; closed: boolean; curved: boolean }[] {
  const out: { points: [number, number][]; closed: boolean; curved: boolean }[] = [];
  let cur: { points: [number, number][]; closed: boolean; curved: boolean } | undefined;
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++]!;
    if (op === 0) {
      cur = { points: [[buffer[k]!, buffer[k + 1]!]], closed: false, curved: false };
      out.push(cur);
      k += 2;
    } else if (op === 1) {
      cur?.points.push([buffer[k]!, buffer[k + 1]!]);
      k += 2;
    } else if (op === 2) {
      if (cur) {
        cur.curved = true;
        cur.points.push([buffer[k + 4]!, buffer[k + 5]!]);
      }
      k += 6;
    } else if (op === 3) {
      if (cur) {
        cur.curved = true;
        cur.points.push([buffer[k + 2]!, buffer[k + 3]!]);
      }
      k += 4;
    } else if (op === 4) {
      if (cur) cur.closed = true;
    } else break; // unknown: stop rather than misread
  }
  return out;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Thinner than this (points) a filled rectangle is a drawn line (browsers draw borders that way). */
const THIN = 3;

/** `pageMatrix`: from the page's user space to the page as it is seen (its /Rotate applied), y up. */
function rulings(pdfjs: PdfJs, ops: { fnArray: number[]; argsArray: unknown[] }, pageMatrix: Matrix): { h: HSeg[]; v: VSeg[] } {
  const { OPS } = pdfjs;
  const h: HSeg[] = [];
  const v: VSeg[] = [];
  const strokes = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  let ctm: Matrix = pageMatrix;
  const stack: Matrix[] = [];
  const segment = (a: [number, number], b: [number, number]): void => {
    const [x1, y1] = apply(ctm, a[0], a[1]);
    const [x2, y2] = apply(ctm, b[0], b[1]);
    if (Math.abs(y1 - y2) < 0.5 && Math.abs(x1 - x2) > THIN) h.push({ y: (y1 + y2) / 2, x1: Math.min(x1, x2), x2: Math.max(x1, x2) });
    else if (Math.abs(x1 - x2) < 0.5 && Math.abs(y1 - y2) > THIN) v.push({ x: (x1 + x2) / 2, y1: Math.min(y1, y2), y2: Math.max(y1, y2) });
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(args as Matrix, ctm);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args[0] as Matrix | null;
      if (Array.isArray(m) || ArrayBuffer.isView(m)) ctm = multiply(Array.from(m as ArrayLike<number>) as Matrix, ctm);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      const buffer = (args[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
      if (!buffer || !(strokes.has(paint) || fills.has(paint))) continue; // clipping paths and invisible ones
      for (const sp of subpaths(buffer)) {
        if (sp.curved) continue;
        if (strokes.has(paint)) {
          for (let k = 1; k < sp.points.length; k++) segment(sp.points[k - 1]!, sp.points[k]!);
          if (sp.closed && sp.points.length > 2) segment(sp.points[sp.points.length - 1]!, sp.points[0]!);
        }
        if (fills.has(paint) && sp.points.length >= 2) {
          const pts = sp.points.map(([x, y]) => apply(ctm, x, y));
          const xs = pts.map((p) => p[0]);
          const ys = pts.map((p) => p[1]);
          const x1 = Math.min(...xs);
          const x2 = Math.max(...xs);
          const y1 = Math.min(...ys);
          const y2 = Math.max(...ys);
          if (y2 - y1 <= THIN && x2 - x1 > THIN) h.push({ y: (y1 + y2) / 2, x1, x2 });
          else if (x2 - x1 <= THIN && y2 - y1 > THIN) v.push({ x: (x1 + x2) / 2, y1, y2 });
        }
      }
    }
  }
  return { h, v };
}

/** Cluster centres of sorted values: values closer than `tol` to the previous one join its cluster. */
function clusters(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1]! <= tol) last.push(x);
    else out.push([x]);
  }
  return out.map((c) => (c[0]! + c[c.length - 1]!) / 2);
}

/** How much of [a, b] the intervals cover (0..1). */
function coverage(intervals: [number, number][], a: number, b: number): number {
  if (b <= a) return 1;
  const parts = intervals
    .map(([s, e]) => [Math.max(s, a), Math.min(e, b)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((p, q) => p[0] - q[0]);
  let covered = 0;
  let end = a;
  for (const [s, e] of parts) {
    if (e <= end) continue;
    covered += e - Math.max(s, end);
    end = e;
  }
  return covered / (b - a);
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Line positions closer than this (points) are one border (double borders of separated cells). */
const SNAP = 3.5;
/**
 * Rows are at least a line of text high, so horizontal lines may be snapped more loosely: a merged cell
 * cut by a page break can end a few points off its row's border (Chromium).
 */
const SNAP_Y = 5;

interface Grid {
  /** row boundaries, top to bottom (descending y) */
  ys: number[];
  /** column boundaries, left to right */
  xs: number[];
  /** slot (r, c) → cell index */
  slotCell: number[][];
  cells: { r0: number; c0: number; r1: number; c1: number }[];
  /** the horizontal rulings, to tell whether a cell's top border is drawn */
  h: HSeg[];
  /** the first / last row has no border line above / below it (the table runs on over a page break) */
  openTop: boolean;
  openBottom: boolean;
}

/**
 * Joins pieces of one line: borders are often drawn cell by cell (a browser draws each cell's edge), and a
 * piece between two cells may touch no crossing line at all.
 */
function mergeCollinear<T>(segs: T[], pos: (s: T) => number, from: (s: T) => number, to: (s: T) => number, make: (p: number, a: number, b: number) => T): T[] {
  // lines within a point of each other are one line; along it, pieces that touch or overlap are joined
  const sorted = [...segs].sort((a, b) => pos(a) - pos(b));
  const lines: T[][] = [];
  for (const s of sorted) {
    const last = lines[lines.length - 1];
    if (last && pos(s) - pos(last[last.length - 1]!) <= 1) last.push(s);
    else lines.push([s]);
  }
  const out: T[] = [];
  for (const line of lines) {
    const p = pos(line[0]!);
    line.sort((a, b) => from(a) - from(b));
    let a = from(line[0]!);
    let b = to(line[0]!);
    for (const s of line.slice(1)) {
      if (from(s) <= b + SNAP) b = Math.max(b, to(s));
      else {
        out.push(make(p, a, b));
        a = from(s);
        b = to(s);
      }
    }
    out.push(make(p, a, b));
  }
  return out;
}

/** Tables on a page: connected groups of horizontal and vertical rulings with at least a 1×1 grid. */
function findGrids(rawH: HSeg[], rawV: VSeg[]): Grid[] {
  const h = mergeCollinear(rawH, (s) => s.y, (s) => s.x1, (s) => s.x2, (y, x1, x2) => ({ y, x1, x2 }));
  const v = mergeCollinear(rawV, (s) => s.x, (s) => s.y1, (s) => s.y2, (x, y1, y2) => ({ x, y1, y2 }));
  const n = h.length + v.length;
  const uf = new UnionFind(n);
  const tol = SNAP;
  for (let i = 0; i < h.length; i++) {
    const a = h[i]!;
    for (let j = 0; j < v.length; j++) {
      const b = v[j]!;
      if (b.x >= a.x1 - tol && b.x <= a.x2 + tol && a.y >= b.y1 - tol && a.y <= b.y2 + tol) uf.union(i, h.length + j);
    }
  }
  const groups = new Map<number, { h: HSeg[]; v: VSeg[] }>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    const g = groups.get(root) ?? { h: [], v: [] };
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
    groups.set(root, g);
  }
  const grids: Grid[] = [];
  for (const g of groups.values()) {
    if (g.h.length < 2 || g.v.length < 2) continue;
    const ys = clusters(g.h.map((s) => s.y), SNAP_Y).reverse();
    const xs = clusters(g.v.map((s) => s.x), SNAP);
    // vertical lines that reach above the top line or below the bottom one: a row whose border was not drawn
    // (a row or a merged cell going on from the previous page, or on to the next)
    const vTop = Math.max(...g.v.map((s) => s.y2));
    const vBottom = Math.min(...g.v.map((s) => s.y1));
    const openTop = vTop > ys[0]! + 2 * SNAP_Y;
    const openBottom = vBottom < ys[ys.length - 1]! - 2 * SNAP_Y;
    if (openTop) ys.unshift(vTop);
    if (openBottom) ys.push(vBottom);
    if (ys.length < 2 || xs.length < 2) continue;
    const rows = ys.length - 1;
    const cols = xs.length - 1;
    const near = <T>(segs: T[], pos: (s: T) => number, at: number, tol: number): T[] => segs.filter((s) => Math.abs(pos(s) - at) <= tol);
    // is there a border line right of slot (r, c) / below the slots (r, c0..c1)?
    const vLines = xs.map((x) => near(g.v, (s) => s.x, x, SNAP).map((s) => [s.y1, s.y2] as [number, number]));
    const hLines = ys.map((y) => near(g.h, (s) => s.y, y, SNAP_Y).map((s) => [s.x1, s.x2] as [number, number]));
    const borderRight = (r: number, c: number) => coverage(vLines[c + 1]!, ys[r + 1]! + SNAP_Y, ys[r]! - SNAP_Y) >= 0.5;
    const borderBelow = (r: number, c0: number, c1: number) => coverage(hLines[r + 1]!, xs[c0]! + SNAP, xs[c1 + 1]! - SNAP) >= 0.5;
    // Cells are rectangles: from each free slot, as far right as no border stops it, then as far down as no
    // border stops the whole width (a merge that is not a rectangle is a border left undrawn, not a cell).
    const slotCell: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
    const cells: Grid['cells'] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (slotCell[r]![c]! >= 0) continue;
        let c1 = c;
        while (c1 + 1 < cols && !borderRight(r, c1) && slotCell[r]![c1 + 1]! < 0) c1++;
        let r1 = r;
        const free = (rr: number) => slotCell[rr]!.slice(c, c1 + 1).every((x) => x < 0);
        const splitInside = (rr: number) => Array.from({ length: c1 - c }, (_, k) => c + k).some((k) => borderRight(rr, k));
        const closedSides = (rr: number) => (c === 0 || borderRight(rr, c - 1) || slotCell[rr]![c - 1]! >= 0) && (c1 + 1 >= cols || borderRight(rr, c1));
        while (r1 + 1 < rows && !borderBelow(r1, c, c1) && free(r1 + 1) && !splitInside(r1 + 1) && closedSides(r1 + 1)) r1++;
        const idx = cells.length;
        cells.push({ r0: r, c0: c, r1, c1 });
        for (let rr = r; rr <= r1; rr++) for (let cc = c; cc <= c1; cc++) slotCell[rr]![cc] = idx;
      }
    }
    grids.push({ ys, xs, slotCell, cells, h: g.h, openTop, openBottom });
  }
  return grids;
}

/** Splits an item into one item per character (advance shared evenly), for text that crosses a cell border. */
function splitChars(it: Item): Item[] {
  const chars = Array.from(it.str);
  const w = it.w / Math.max(1, chars.length);
  return chars.map((ch, i) => ({ str: ch, x: it.x + i * w, y: it.y, w, fs: it.fs }));
}

/** Fills a grid with the page's items; returns the table and the items it did not take. */
function fillGrid(grid: Grid, items: Item[], page: number): { table: PageTable; rest: Item[] } {
  const { ys, xs, slotCell, cells } = grid;
  const left = xs[0]!;
  const right = xs[xs.length - 1]!;
  const top = ys[0]!;
  const bottom = ys[ys.length - 1]!;
  const inCell: Item[][] = cells.map(() => []);
  const rest: Item[] = [];
  const locate = (cx: number, cy: number): number | undefined => {
    if (cx < left || cx > right || cy > top || cy < bottom) return undefined;
    let r = 0;
    while (r < ys.length - 2 && cy < ys[r + 1]!) r++;
    let c = 0;
    while (c < xs.length - 2 && cx > xs[c + 1]!) c++;
    return slotCell[r]![c];
  };
  for (const it of items) {
    const cy = it.y + 0.3 * it.fs; // the middle of the glyphs, above the baseline
    const crosses = xs.some((x) => x > it.x + 0.5 * it.fs && x < it.x + it.w - 0.5 * it.fs);
    const pieces = crosses && cy <= top && cy >= bottom ? splitChars(it) : [it];
    for (const p of pieces) {
      const idx = locate(p.x + p.w / 2, cy);
      if (idx === undefined) rest.push(p);
      else inCell[idx]!.push(p);
    }
  }
  const partCells: PartCell[] = cells.map((cell, i) => {
    const x0 = xs[cell.c0]!;
    const x1 = xs[cell.c1 + 1]!;
    const edge = (y: number) => grid.h.filter((s) => Math.abs(s.y - y) <= SNAP_Y).map((s) => [s.x1, s.x2] as [number, number]);
    return {
      x0,
      x1,
      r0: cell.r0,
      r1: cell.r1,
      text: collapse(groupLines(inCell[i]!).map(lineText).reduce(joinWrapped, '')),
      openTop: coverage(edge(ys[cell.r0]!), x0 + SNAP, x1 - SNAP) < 0.5,
      openBottom: coverage(edge(ys[cell.r1 + 1]!), x0 + SNAP, x1 - SNAP) < 0.5,
    };
  });
  let rows = ys.length - 1;
  // An open row with no text is only the frame of a table running on over the page break (a browser draws
  // the table's outer border down to the page end): no row of the report. Cells reaching into it end before it.
  const blankRow = (r: number) => partCells.every((c) => (c.r0 === r && c.r1 === r ? !c.text : c.r0 > r || c.r1 < r || c.r0 !== c.r1));
  let cellsOut = partCells;
  if (grid.openBottom && rows > 1 && blankRow(rows - 1) && partCells.some((c) => c.r0 === rows - 1 && c.r1 === rows - 1)) {
    const last = rows - 1;
    cellsOut = cellsOut.filter((c) => !(c.r0 === last && c.r1 === last)).map((c) => (c.r1 === last ? { ...c, r1: last - 1 } : c));
    rows--;
  }
  if (grid.openTop && rows > 1 && blankRow(0) && cellsOut.some((c) => c.r0 === 0 && c.r1 === 0)) {
    cellsOut = cellsOut.filter((c) => !(c.r0 === 0 && c.r1 === 0)).map((c) => ({ ...c, r0: Math.max(0, c.r0 - 1), r1: c.r1 - 1 }));
    rows--;
  }
  return { table: { page, lastPage: page, top, xs, rows, cells: cellsOut }, rest };
}

/** The part as a source table: spans counted on its column boundaries. */
function toSourceTable(t: PageTable): SourceTable {
  const rows: SourceCell[][] = Array.from({ length: t.rows }, () => []);
  const col = (x: number) => t.xs.findIndex((b) => Math.abs(b - x) <= SNAP);
  for (const c of [...t.cells].sort((a, b) => a.r0 - b.r0 || a.x0 - b.x0)) {
    const c0 = col(c.x0);
    const c1 = col(c.x1);
    rows[c.r0]!.push({ text: c.text, rowSpan: c.r1 - c.r0 + 1, colSpan: c0 >= 0 && c1 > c0 ? c1 - c0 : 1 });
  }
  return { kind: 'table', rows, at: { page: t.page } };
}

// ---------------------------------------------------------------- tables without ruling lines

/** Runs of a line's items with no wide gap between them: a cell's text in a table drawn without lines. */
interface Segment {
  items: Item[];
  x0: number;
  x1: number;
}
function segmentsOf(line: Item[]): Segment[] {
  const segs: Segment[] = [];
  for (const it of line) {
    const last = segs[segs.length - 1];
    if (last && it.x - last.x1 <= 1.5 * it.fs) {
      last.items.push(it);
      last.x1 = Math.max(last.x1, it.x + it.w);
    } else segs.push({ items: [it], x0: it.x, x1: it.x + it.w });
  }
  return segs;
}

/**
 * Tables drawn without lines: consecutive lines split by wide gaps into the same number (three or more) of
 * pieces that line up in columns. Only rows with every cell filled are read so: without lines a blank cell
 * leaves no trace, and a number put into the wrong column would be a guess; and only under a header row
 * of labels (the columns are named). Other lines, rows with blanks, headers with wrapped labels, stay lines
 * of text (the mapper reports what it cannot place).
 */
function unruledTables(lines: Item[][], page: number): { tables: PageTable[]; rest: Item[][] } {
  const segs = lines.map(segmentsOf);
  const tables: PageTable[] = [];
  const rest: Item[][] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    const fs = (k: number) => lines[k]![0]!.fs;
    const width = segs[i]!.length;
    while (j + 1 < lines.length && segs[j + 1]!.length === width && lines[j]![0]!.y - lines[j + 1]![0]!.y < 4.5 * fs(j)) j++;
    const run = segs.slice(i, j + 1);
    // a header row of labels first: the columns are named, so the rows under it are that table's own
    const header = run[0]!.every((seg) => !/^[\d.,，%\s-]+$/.test(lineText(seg.items)));
    const table = run.length >= 2 && width >= 3 && header ? bandTable(run, page, lines[i]![0]!) : undefined;
    if (table) {
      tables.push(table);
      i = j + 1;
    } else {
      rest.push(lines[i]!);
      i++;
    }
  }
  return { tables, rest };
}

function bandTable(run: Segment[][], page: number, first: Item): PageTable | undefined {
  const counts = run.map((r) => r.length);
  const full = Math.max(...counts);
  if (full < 2 || counts.filter((c) => c === full).length < 2) return undefined;
  // the bands: the x-ranges of the fullest rows, merged where they overlap
  const bands: [number, number][] = [];
  for (const [a, b] of run.filter((r) => r.length === full).flatMap((r) => r.map((s) => [s.x0, s.x1] as [number, number])).sort((p, q) => p[0] - q[0])) {
    const last = bands[bands.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else bands.push([a, b]);
  }
  if (bands.length !== full) return undefined; // the fullest rows do not line up: not a table
  const xs = [bands[0]![0], ...bands.slice(1).map((b, k) => (bands[k]![1] + b[0]) / 2), bands[bands.length - 1]![1]];
  const cells: PartCell[] = [];
  for (let r = 0; r < run.length; r++) {
    let next = 0; // the first band not yet filled in this row
    for (const seg of run[r]!) {
      const over = bands.map((b, k) => (Math.min(b[1], seg.x1) - Math.max(b[0], seg.x0) > 0 || (seg.x0 >= b[0] && seg.x0 <= b[1]) ? k : -1)).filter((k) => k >= 0);
      // text in a gutter goes to the band nearest to it
      const k0 = over.length ? over[0]! : nearestBand(bands, (seg.x0 + seg.x1) / 2);
      const k1 = over.length ? over[over.length - 1]! : k0;
      if (k0 < next) return undefined; // two pieces of text in one band: the columns do not hold
      for (let k = next; k < k0; k++) cells.push({ x0: xs[k]!, x1: xs[k + 1]!, r0: r, r1: r, text: '', openTop: false, openBottom: false });
      cells.push({ x0: xs[k0]!, x1: xs[k1 + 1]!, r0: r, r1: r, text: collapse(lineText(seg.items)), openTop: false, openBottom: false });
      next = k1 + 1;
    }
    for (let k = next; k < bands.length; k++) cells.push({ x0: xs[k]!, x1: xs[k + 1]!, r0: r, r1: r, text: '', openTop: false, openBottom: false });
  }
  return { page, lastPage: page, top: first.y + first.fs, xs, rows: run.length, cells };
}

function nearestBand(bands: [number, number][], x: number): number {
  let best = 0;
  bands.forEach((b, k) => {
    if (Math.abs((b[0] + b[1]) / 2 - x) < Math.abs((bands[best]![0] + bands[best]![1]) / 2 - x)) best = k;
  });
  return best;
}

// ---------------------------------------------------------------- headers, footers, page numbers

const PAGE_NUMBER = /^[-—–－―~～_\s]*(?:第\s*)?[0-9０-９]+\s*(?:页)?(?:\s*(?:[\/／]|共)\s*[0-9０-９]+\s*页?)?[-—–－―~～_\s]*$|^(?:page\s*)?\d+(?:\s*of\s*\d+)?$/i;

function dropMargins(pages: { lines: Line[]; height: number }[]): void {
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

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function paragraphs(entries: Entry[]): SourceBlock[] {
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
      blocks.push(toSourceTable(e.t));
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

// ---------------------------------------------------------------- tables across pages

const near = (a: number, b: number) => Math.abs(a - b) <= SNAP;
const sameRange = (a: PartCell, b: PartCell) => near(a.x0, b.x0) && near(a.x1, b.x1);

/**
 * Part `b` (top of the next page) goes on with part `a` (end of a page): same right edge, and the same left
 * edge or one of `a`'s column borders (a merged cell running on at the left is drawn without borders).
 */
function continues(a: PageTable, b: PageTable): boolean {
  if (b.page !== a.lastPage + 1 || !near(a.xs[a.xs.length - 1]!, b.xs[b.xs.length - 1]!)) return false;
  return near(a.xs[0]!, b.xs[0]!) || (b.xs[0]! > a.xs[0]! && a.xs.some((x) => near(x, b.xs[0]!)));
}

/** Joins part `b` to `a`: one set of column boundaries; a repeated header dropped; cells without a top border continue the cells above. */
function join(a: PageTable, b: PageTable): PageTable {
  let cells = b.cells;
  let rows = b.rows;
  // header rows repeated at the top of the part (drawn with their borders): drop them
  for (let k = Math.min(3, a.rows - 1, b.rows - 1); k >= 1; k--) {
    const head = (t: PageTable) => t.cells.filter((c) => c.r0 < k);
    const ah = head(a);
    const bh = head(b);
    const closed = (t: PageTable) => t.cells.every((c) => c.r0 >= k || c.r1 < k);
    if (closed(a) && closed(b) && ah.length === bh.length && bh.every((c) => !c.openTop && ah.some((d) => d.r0 === c.r0 && d.r1 === c.r1 && sameRange(c, d) && d.text === c.text))) {
      cells = cells.filter((c) => c.r0 >= k).map((c) => ({ ...c, r0: c.r0 - k, r1: c.r1 - k }));
      rows -= k;
      break;
    }
  }
  const merged = a.cells.map((c) => ({ ...c }));
  const first = cells.filter((c) => c.r0 === 0);
  const lastRow = merged.filter((d) => d.r1 === a.rows - 1);
  const counterpart = (c: PartCell) => lastRow.find((d) => sameRange(c, d));
  const numeric = (t: string) => /^[\d.,，%\s-]+$/.test(t);
  // Which cells of the part's first row go on from the cell above them on the previous page:
  // - a cell without a top border where the rest of that row has one (a merged label cell running on), or
  // - every cell, when the row is a row split by the page break: all its numbers stayed on the previous page
  //   (the row above has numbers, this one has none) and each of its cells lines up with a cell above.
  const drawnElsewhere = first.some((c) => !c.openTop);
  // (a first row with no text at all is the empty remainder of a split row)
  const splitRow =
    first.length > 0 &&
    first.every((c) => !numeric(c.text) && counterpart(c)) &&
    (first.every((c) => !c.text) || (first.some((c) => c.text) && lastRow.some((d) => d.text && numeric(d.text))));
  // - an empty cell at the top of the page under a label cell, either of them merged over several rows: a
  //   merged label running on (browsers draw no border at the top of a continued table at all, office
  //   suites draw one at the cut, so the border cannot tell)
  const runsOn = (c: PartCell) => {
    const d = counterpart(c);
    return !c.text && !!d?.text && !numeric(d.text) && (d.r1 > d.r0 || c.r1 > c.r0);
  };
  // - a label merged over several rows on this page under a label of one row at the end of the previous page:
  //   one merged label cut by the page break (office suites draw a border at the cut, so only the shape
  //   tells: a label that starts a group of rows does not follow a one-row label of the same width)
  const labelCut = (c: PartCell) => {
    const d = counterpart(c);
    return !!d && !!c.text && !!d.text && !numeric(c.text) && !numeric(d.text) && c.r1 > c.r0 && d.r0 === d.r1;
  };
  const goesOn = (c: PartCell) => c.r0 === 0 && (splitRow || (c.openTop && drawnElsewhere) || runsOn(c) || labelCut(c));
  for (const c of cells) {
    const moved = { ...c, r0: c.r0 + a.rows, r1: c.r1 + a.rows };
    const above = goesOn(c) ? counterpart(c) : undefined;
    if (above) {
      above.r1 = moved.r1;
      above.text = joinWrapped(above.text, c.text);
    } else merged.push(moved);
  }
  // rows whose every cell went into the row above (a row split by the page break) are no rows of their own
  let total = a.rows + rows;
  for (let r = total - 1; r >= a.rows; r--) {
    if (merged.some((c) => c.r0 === r)) continue;
    for (const c of merged) {
      if (c.r0 > r) c.r0--;
      if (c.r1 >= r) c.r1--;
    }
    total--;
  }
  // cells left of where the part starts run on down the whole part
  if (b.xs[0]! > a.xs[0]! + SNAP) for (const d of merged) if (d.r1 === a.rows - 1 && d.x1 <= b.xs[0]! + SNAP) d.r1 = total - 1;
  return { ...a, lastPage: b.page, xs: clusters([...a.xs, ...b.xs], SNAP), rows: total, cells: merged };
}

/** A table ending a page and one with the same outer edges starting the next page are one table. */
function joinContinued(entries: Entry[]): Entry[] {
  const out: Entry[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (e.kind === 'table' && last?.kind === 'table' && continues(last.t, e.t)) {
      last.t = join(last.t, e.t);
      continue;
    }
    out.push(e);
  }
  return out;
}

// ---------------------------------------------------------------- the document

/** Reads a PDF's text layer into paragraphs and tables. Throws SourceReadError ('no-text-layer', 'not-pdf', 'pdf-encrypted'). */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<SourceDocument> {
  const lang = options.lang ?? 'en';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) throw sourceReadError('not-pdf', lang, 'no %PDF- header');
  const pdfjs = await loadPdfJs();
  // pdf.js may detach the buffer it is given: hand it a copy so the caller's bytes stay intact
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw sourceReadError('pdf-encrypted', lang);
    throw sourceReadError('not-pdf', lang, (e as Error).message);
  }
  try {
    const meta: SourceMeta = {};
    const info = (await doc.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    if (typeof info?.Title === 'string' && collapse(info.Title)) meta.title = collapse(info.Title);

    const pages: { lines: Line[]; tables: PageTable[]; height: number }[] = [];
    let chars = 0;
    type Raw = { str: string; transform: number[]; width: number; height: number };
    // the text of every page first: a scan is refused before its images would be decoded for the drawing operators
    const texts: Raw[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent({ includeMarkedContent: false, disableNormalization: false });
      const raws = content.items.filter((r): r is typeof r & Raw => 'str' in r && !!r.str.trim());
      for (const raw of raws) chars += raw.str.trim().length;
      texts.push(raws);
    }
    if (chars === 0) throw sourceReadError('no-text-layer', lang);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const raws = texts[n - 1]!;
      /** The page's upright text under a view of the page (y up), and how many of its characters that is. */
      const upright = (view: { transform: number[]; height: number }) => {
        const matrix = multiply(Array.from(view.transform) as Matrix, [1, 0, 0, -1, 0, view.height]);
        const items: Item[] = [];
        let count = 0;
        for (const raw of raws) {
          const [a, b, c, d, x, y] = multiply(Array.from(raw.transform) as Matrix, matrix);
          // horizontal text only: rotated stamps and watermarks are not report text
          if (Math.abs(b) > 0.01 * Math.abs(a) || Math.abs(c) > 0.01 * Math.abs(d) || a <= 0 || d <= 0) continue;
          items.push({ str: raw.str, x, y, w: raw.width, fs: Math.hypot(c, d) || raw.height || 1 });
          count += raw.str.trim().length;
        }
        return { matrix, items, count, height: view.height };
      };
      // The page as it is shown (its /Rotate applied: a landscape table page). A page whose text then runs
      // sideways (turned by /Rotate, drawn upright) is read in the turn that makes most of its text upright.
      let view = upright(page.getViewport({ scale: 1 }));
      if (view.count * 2 < raws.reduce((n, r) => n + r.str.trim().length, 0)) {
        for (const turn of [90, 180, 270]) {
          const other = upright(page.getViewport({ scale: 1, rotation: (page.rotate + turn) % 360 }));
          if (other.count > view.count) view = other;
        }
      }
      const { items, matrix: pageMatrix } = view;
      // (a page without text has no table to read: its drawing is not needed)
      const { h, v } = items.length ? rulings(pdfjs, await page.getOperatorList(), pageMatrix) : { h: [], v: [] };
      let rest = items;
      const tables: PageTable[] = [];
      for (const grid of findGrids(h, v)) {
        const filled = fillGrid(grid, rest, n);
        rest = filled.rest;
        tables.push(filled.table);
      }
      const unruled = unruledTables(groupLines(rest), n);
      tables.push(...unruled.tables);
      const lines: Line[] = unruled.rest.map((its) => ({
        page: n,
        text: collapse(lineText(its)),
        left: its[0]!.x,
        right: Math.max(...its.map((i) => i.x + i.w)),
        y: its[0]!.y,
        fs: median(its.map((i) => i.fs)),
        firstWord: firstWordWidth(its),
      }));
      pages.push({ lines: lines.filter((l) => l.text), tables, height: view.height });
      page.cleanup();
    }
    dropMargins(pages);
    const entries: Entry[] = [];
    for (const p of pages) {
      const here: { y: number; e: Entry }[] = [
        ...p.lines.map((line) => ({ y: line.y + line.fs, e: { kind: 'line', line } as Entry })),
        ...p.tables.filter((t) => t.cells.some((c) => c.text)).map((t) => ({ y: t.top, e: { kind: 'table', t } as Entry })),
      ];
      here.sort((a, b) => b.y - a.y);
      entries.push(...here.map((x) => x.e));
    }
    return { format: 'pdf', meta, blocks: paragraphs(joinContinued(entries)) };
  } catch (e) {
    if (e instanceof SourceReadError) throw e;
    throw sourceReadError('not-pdf', lang, (e as Error).message);
  } finally {
    await doc.destroy();
  }
}
