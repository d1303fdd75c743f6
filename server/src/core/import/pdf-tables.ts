/**
 * The PDF reader's tables: ruling lines from the drawing operators (stroked lines and the thin filled
 * rectangles browsers draw as borders), grids from their x and y clusters, cells as rectangles of grid
 * slots no drawn border divides (merged cells come out as rowSpan/colSpan), the text into the cell its
 * centre falls in; tables drawn without lines where no guess is needed; and the parts of one table on
 * consecutive pages joined (repeated header rows dropped, rows and merged cells cut by the page break
 * put together again).
 *
 * Length: one pipeline from drawn lines to joined tables, whose steps share the part and cell shapes and
 * the snapping tolerances; split, each file would have to re-explain them.
 */
import { collapse, groupLines, joinWrapped, lineText, type Item } from './pdf-text';
import type { SourceCell, SourceTable } from './source';

export interface HSeg {
  y: number;
  x1: number;
  x2: number;
}
export interface VSeg {
  x: number;
  y1: number;
  y2: number;
}
/** A cell of a table part: its x-range, its rows within the part, whether its top border is drawn. */
export interface PartCell {
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
export interface PageTable {
  page: number;
  /** the page the part ends on (after parts were joined) */
  lastPage: number;
  top: number;
  /** column boundaries, left to right */
  xs: number[];
  rows: number;
  cells: PartCell[];
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

export type Matrix = [number, number, number, number, number, number];
export const multiply = (m: Matrix, n: Matrix): Matrix => [
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
export function rulings(OPS: Record<string, number>, ops: { fnArray: number[]; argsArray: unknown[] }, pageMatrix: Matrix): { h: HSeg[]; v: VSeg[] } {
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
export function findGrids(rawH: HSeg[], rawV: VSeg[]): Grid[] {
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
export function fillGrid(grid: Grid, items: Item[], page: number): { table: PageTable; rest: Item[] } {
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
export function toSourceTable(t: PageTable): SourceTable {
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
export function unruledTables(lines: Item[][], page: number): { tables: PageTable[]; rest: Item[][] } {
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
      const overlaps = (b: [number, number]) => Math.min(b[1], seg.x1) - Math.max(b[0], seg.x0) > 0 || (seg.x0 >= b[0] && seg.x0 <= b[1]);
      const over = bands.map((b, k) => (overlaps(b) ? k : -1)).filter((k) => k >= 0);
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
    const repeated = (c: PartCell) => !c.openTop && ah.some((d) => d.r0 === c.r0 && d.r1 === c.r1 && sameRange(c, d) && d.text === c.text);
    if (closed(a) && closed(b) && ah.length === bh.length && bh.every(repeated)) {
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
export function joinContinued<E extends { kind: string }>(entries: (E | { kind: 'table'; t: PageTable })[]): (E | { kind: 'table'; t: PageTable })[] {
  type Entry = E | { kind: 'table'; t: PageTable };
  const isTable = (e: Entry | undefined): e is { kind: 'table'; t: PageTable } => e?.kind === 'table' && 't' in e;
  const out: Entry[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (isTable(e) && isTable(last) && continues(last.t, e.t)) {
      last.t = join(last.t, e.t);
      continue;
    }
    out.push(e);
  }
  return out;
}
