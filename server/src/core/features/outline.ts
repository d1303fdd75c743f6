/**
 * The structure of a report as an editor navigates it: document symbols (the outline), folding
 * ranges and smart-select ranges. Everything works from the YAML AST, which `yaml` builds even for
 * a text with syntax errors, so navigation keeps working while a file is half typed.
 */
import { isCollection, isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { OffsetRange } from '../model/diagnostic';
import { formatOfDocument, type ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { resolveSchema, schemaAt, type Path, type ReportFormat, type SchemaNode } from '../model/schema';

/** Far deeper than a report (6 levels); parseReport already refuses deeper texts. */
const MAX_DEPTH = 40;

export interface SymbolNode {
  name: string;
  detail?: string;
  kind: 'section' | 'table' | 'row' | 'field' | 'key';
  range: OffsetRange;
  selectionRange: OffsetRange;
  children: SymbolNode[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

// ---------------------------------------------------------------------------------------------
// ranges of nodes

const union = (a: OffsetRange, b: OffsetRange): OffsetRange => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

/** `start <= offset < end`; with `inclusiveEnd` also `offset === end` (a cursor right after a word). */
export function within(r: OffsetRange, offset: number, inclusiveEnd = false): boolean {
  return r.start <= offset && (offset < r.end || (inclusiveEnd && offset === r.end));
}

/**
 * The range of what a node holds, without what `yaml` appends to it: trailing comments and blank
 * lines after a block collection, the final line break of a block scalar. Undefined for an empty value.
 */
export function contentRange(doc: ReportDocument, node: unknown, depth = 0): OffsetRange | undefined {
  const r = (node as Node | null | undefined)?.range;
  if (!r || depth > MAX_DEPTH) return undefined;
  const start = Math.min(r[0], doc.text.length);
  let end = Math.min(r[1], doc.text.length);
  if (isCollection(node) && !node.flow && node.items.length > 0) {
    // a block collection ends with its last item (its own range runs on over comments)
    const last = node.items[node.items.length - 1];
    const lastEnd = isPair(last)
      ? (contentRange(doc, last.value, depth + 1) ?? contentRange(doc, last.key, depth + 1))?.end
      : contentRange(doc, last, depth + 1)?.end;
    if (lastEnd !== undefined) end = lastEnd;
  }
  while (end > start && /\s/.test(doc.text[end - 1]!)) end--;
  return end > start ? { start, end } : undefined;
}

/** One step from the root towards an offset: a key with its value, or an item of a sequence. */
export interface Frame {
  path: Path;
  /** The key + value (or the item). */
  range: OffsetRange;
  keyRange?: OffsetRange;
  valueRange?: OffsetRange;
  value: unknown;
}

export interface Located {
  /** From the outermost pair to the innermost one at the offset. */
  frames: Frame[];
  /** The offset is on the key of the last frame (else on its value, or between them). */
  onKey: boolean;
}

/** The pairs and items that contain `offset`, outermost first. */
export function locate(doc: ReportDocument, offset: number, inclusiveEnd = false): Located {
  const frames: Frame[] = [];
  let node: unknown = doc.yaml.contents;
  let path: (string | number)[] = [];
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    let next: Frame | undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyRange = contentRange(doc, pair.key);
        const valueRange = contentRange(doc, pair.value);
        const range = keyRange && valueRange ? union(keyRange, valueRange) : keyRange ?? valueRange;
        if (!range || !within(range, offset, inclusiveEnd)) continue;
        const seg = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (seg === undefined) break;
        next = { path: [...path, seg], range, keyRange, valueRange, value: pair.value };
        break;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const range = contentRange(doc, node.items[i]);
        if (!range || !within(range, offset, inclusiveEnd)) continue;
        next = { path: [...path, i], range, valueRange: range, value: node.items[i] };
        break;
      }
    }
    if (!next) break;
    frames.push(next);
    if (next.keyRange && within(next.keyRange, offset, inclusiveEnd)) return { frames, onKey: true };
    if (!next.valueRange || !within(next.valueRange, offset, inclusiveEnd)) break;
    node = next.value;
    path = next.path as (string | number)[];
  }
  return { frames, onKey: false };
}

const isBlockScalar = (node: unknown): node is Scalar =>
  isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');

// ---------------------------------------------------------------------------------------------
// document symbols

/** 一、… 六、: the six numbered parts of the report (their schema titles start with the numeral). */
const SECTION_TITLE = /^[一二三四五六七八九十]+、/;

const typeOf = (node: SchemaNode | undefined): string | undefined => node?.type;

/** A part of the report whose fields hold no text is a table (二, 三, 四). */
function isTableSchema(node: SchemaNode): boolean {
  return Object.values(node.properties ?? {}).every((p) => typeOf(resolveSchema(p)) !== 'string');
}

/** Inside a table: an object holding rows is a group (三's results, withheld…); anything else a row. */
function isGroupSchema(node: SchemaNode): boolean {
  return node.type === 'object' && Object.values(node.properties ?? {}).some((p) => {
    const type = typeOf(resolveSchema(p));
    return type === 'object' || type === 'array';
  });
}

function kindOf(path: Path, schema: SchemaNode | undefined, format: ReportFormat): SymbolNode['kind'] {
  if (!schema) return 'key';
  const top = schemaAt(path.slice(0, 1), format);
  const inSection = !!top && top.type === 'object' && SECTION_TITLE.test(top.title ?? '');
  if (path.length === 1) return inSection ? (isTableSchema(schema) ? 'table' : 'section') : 'field';
  if (inSection && isTableSchema(top)) return isGroupSchema(schema) ? 'section' : 'row';
  return 'field';
}

/** A one-line preview of a value for the outline's detail column. */
function preview(doc: ReportDocument, node: unknown): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined) {
    const text = String(node.value).trim().split(/\r?\n/)[0]!;
    return text.length > 30 ? `${text.slice(0, 30)}…` : text;
  }
  const r = contentRange(doc, node);
  if (!r) return undefined;
  const source = doc.text.slice(r.start, r.end).replace(/\s+/g, ' ');
  return source.length > 60 ? `${source.slice(0, 60)}…` : source;
}

/**
 * The outline: the top-level fields and the six parts under their official titles, tables with
 * their rows, text fields under their part. Unknown keys appear as they are written.
 */
export function documentSymbols(doc: ReportDocument, lang: Lang): SymbolNode[] {
  try {
    const root = doc.yaml.contents;
    return isMap(root) ? mapSymbols(doc, root.items, [], lang, 0, formatOfDocument(doc)) : [];
  } catch {
    return [];
  }
}

function mapSymbols(
  doc: ReportDocument, pairs: readonly { key: unknown; value: unknown }[], path: Path, lang: Lang, depth: number, format: ReportFormat,
): SymbolNode[] {
  const out: SymbolNode[] = [];
  if (depth > MAX_DEPTH) return out;
  for (const pair of pairs) {
    const keyRange = contentRange(doc, pair.key);
    if (!keyRange || !isScalar(pair.key)) continue;
    const seg = String(pair.key.value);
    const p = [...path, seg];
    const schema = schemaAt(p, format);
    const kind = kindOf(p, schema, format);
    const valueRange = contentRange(doc, pair.value);
    const children = kind === 'row' ? [] : childSymbols(doc, pair.value, p, lang, depth + 1, format);
    const leaf = kind === 'row' || !isCollection(pair.value);
    const detail = leaf ? preview(doc, pair.value) : seg;
    out.push({
      name: schema?.title ?? seg, kind, children,
      ...(detail !== undefined && detail !== '' ? { detail } : {}),
      range: valueRange ? union(keyRange, valueRange) : keyRange, selectionRange: keyRange,
    });
  }
  return out;
}

function childSymbols(doc: ReportDocument, value: unknown, path: Path, lang: Lang, depth: number, format: ReportFormat): SymbolNode[] {
  if (isMap(value)) return mapSymbols(doc, value.items, path, lang, depth, format);
  if (!isSeq(value) || depth > MAX_DEPTH) return [];
  const out: SymbolNode[] = [];
  value.items.forEach((item, i) => {
    const range = contentRange(doc, item);
    if (!range) return;
    const p = [...path, i];
    const known = !!schemaAt(p, format);
    if (isMap(item)) {
      // a subsection of 一 is named by its own title
      const titlePair = item.items.find((x) => isScalar(x.key) && x.key.value === 'title');
      const title = isScalar(titlePair?.value) && typeof titlePair.value.value === 'string' && titlePair.value.value.trim()
        ? titlePair.value.value.trim() : undefined;
      const selectionRange = (titlePair && contentRange(doc, titlePair.value)) ?? contentRange(doc, item.items[0]?.key) ?? range;
      out.push({
        name: title ?? t(lang, 'Item {0}', i + 1), kind: known ? 'section' : 'key', range, selectionRange,
        children: mapSymbols(doc, item.items, p, lang, depth + 1, format),
      });
    } else {
      out.push({ name: preview(doc, item) ?? t(lang, 'Item {0}', i + 1), kind: known ? 'field' : 'key', range, selectionRange: range, children: childSymbols(doc, item, p, lang, depth + 1, format) });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// folding

/** The markers of language-configuration.json: with a folding provider, VS Code no longer reads them. */
const REGION_START = /^\s*#\s*region\b/;
const REGION_END = /^\s*#\s*endregion\b/;

/**
 * Every mapping, sequence and scalar spanning several lines (folded from the line of its key), runs
 * of two or more comment lines, and `# region` … `# endregion`. Lines are 0-based.
 */
export function foldingRanges(doc: ReportDocument): FoldingRange[] {
  try {
    return foldingUnsafe(doc);
  } catch {
    return [];
  }
}

function foldingUnsafe(doc: ReportDocument): FoldingRange[] {
  const lineOf = (offset: number) => doc.lines.positionAt(offset).line;
  const byStart = new Map<number, number>();
  const add = (start: number, end: number) => {
    if (end > start && (byStart.get(start) ?? -1) < end) byStart.set(start, end);
  };
  /** Lines inside scalars: a `#` there is text, not a comment. */
  const textLines = new Set<number>();

  const stack: [unknown, number][] = [[doc.yaml.contents, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) continue;
    if (isScalar(node)) {
      const r = contentRange(doc, node);
      if (r) for (let l = lineOf(r.start) + 1, last = lineOf(r.end); l <= last; l++) textLines.add(l);
      continue;
    }
    if (!isCollection(node)) continue;
    for (const item of node.items) {
      if (isMap(node)) {
        const pair = item as { key: unknown; value: unknown };
        const key = contentRange(doc, pair.key);
        const value = contentRange(doc, pair.value);
        if (key && value) add(lineOf(key.start), lineOf(value.end));
        stack.push([pair.key, depth + 1], [pair.value, depth + 1]);
      } else {
        const r = contentRange(doc, item);
        if (r && isCollection(item)) add(lineOf(r.start), lineOf(r.end));
        stack.push([item, depth + 1]);
      }
    }
  }
  const out: FoldingRange[] = [...byStart].map(([startLine, endLine]) => ({ startLine, endLine }));

  // comments: whole-line comments outside scalars
  const regions: number[] = [];
  let run = -1;
  const closeRun = (line: number) => {
    if (run >= 0 && line - 1 > run) out.push({ startLine: run, endLine: line - 1, kind: 'comment' });
    run = -1;
  };
  for (let line = 0; line < doc.lines.lineCount; line++) {
    const text = doc.text.slice(doc.lines.lineStart(line), doc.lines.lineEnd(line));
    const comment = !textLines.has(line) && /^\s*#/.test(text);
    if (comment && REGION_START.test(text)) {
      closeRun(line);
      regions.push(line);
    } else if (comment && REGION_END.test(text)) {
      closeRun(line);
      const start = regions.pop();
      if (start !== undefined && line > start) out.push({ startLine: start, endLine: line, kind: 'region' });
    } else if (comment) {
      if (run < 0) run = line;
    } else {
      closeRun(line);
    }
  }
  closeRun(doc.lines.lineCount);
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

// ---------------------------------------------------------------------------------------------
// selection ranges

/** Chinese prose has no spaces: the unit below a line of text is the sentence. */
const SENTENCE_END = /[。！？；!?;]/;

/**
 * For each offset, the ranges smart select grows through, innermost first: the sentence, line or
 * scalar (or key) at the offset, the row, the key + value, the mapping around it, … the document.
 * Each range contains the one before it.
 */
export function selectionRanges(doc: ReportDocument, offsets: readonly number[]): OffsetRange[][] {
  return offsets.map((o) => {
    const offset = Math.max(0, Math.min(o, doc.text.length));
    const whole = { start: 0, end: doc.text.length };
    try {
      return selectionChain(doc, offset, whole);
    } catch {
      return [whole];
    }
  });
}

function selectionChain(doc: ReportDocument, offset: number, whole: OffsetRange): OffsetRange[] {
  const { frames, onKey } = locate(doc, offset, true);
  const ranges: OffsetRange[] = [];
  const last = frames[frames.length - 1];
  if (last && onKey && last.keyRange) ranges.push(last.keyRange);
  else if (last && isScalar(last.value) && last.valueRange && within(last.valueRange, offset, true)) {
    ranges.push(...textUnits(doc, last.value, last.valueRange, offset));
  }
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (f.valueRange && within(f.valueRange, offset, true)) ranges.push(f.valueRange);
    ranges.push(f.range);
  }
  ranges.push(whole);
  // grow each range over the one before it, and drop repeats
  const out: OffsetRange[] = [];
  for (const r of ranges) {
    const prev = out[out.length - 1];
    const grown = prev ? union(prev, r) : r;
    if (!prev || grown.start !== prev.start || grown.end !== prev.end) out.push(grown);
  }
  return out;
}

/** Sentence and line of prose around `offset` inside a scalar (each only when smaller than the next). */
function textUnits(doc: ReportDocument, node: Scalar, scalar: OffsetRange, offset: number): OffsetRange[] {
  const text = doc.text;
  const line = doc.lines.positionAt(offset).line;
  let lineStart = Math.max(scalar.start, doc.lines.lineStart(line));
  let lineEnd = Math.min(scalar.end, doc.lines.lineEnd(line));
  if (isBlockScalar(node) && lineStart === scalar.start) return []; // on the `|` header
  while (lineStart < lineEnd && /\s/.test(text[lineStart]!)) lineStart++;
  while (lineEnd > lineStart && /\s/.test(text[lineEnd - 1]!)) lineEnd--;
  if (offset < lineStart || offset > lineEnd) return [];
  let s = offset;
  while (s > lineStart && !SENTENCE_END.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < lineEnd && !SENTENCE_END.test(text[e]!)) e++;
  if (e < lineEnd) e++; // keep the full stop with its sentence
  const out: OffsetRange[] = [];
  if (e > s && (s > lineStart || e < lineEnd)) out.push({ start: s, end: e });
  if (lineStart > scalar.start || lineEnd < scalar.end) out.push({ start: lineStart, end: lineEnd });
  return out;
}
