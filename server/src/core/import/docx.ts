/**
 * DOCX reader (Word, WPS, LibreOffice): the main document part's paragraphs and tables in document
 * order, as the intermediate form. A .docx is a zip of XML parts (fflate unzips only the parts needed,
 * xml.ts reads them). Pure: bytes in, SourceDocument out.
 *
 * What is read and why:
 * - runs' text: w:t, w:tab and w:br/w:cr (as spaces: whitespace is collapsed), w:noBreakHyphen, w:sym
 *   is skipped; deleted text of tracked changes (w:del) and field instructions are not part of the page;
 * - list numbers Word generates (w:numPr, also through the paragraph style): headings such as 一、 or
 *   （一） are often numbered by Word, not typed, and would otherwise be lost;
 * - tables: w:gridSpan → colSpan, w:vMerge restart/continue → rowSpan (the continuing cells are not
 *   cells of their own, as in HTML), w:gridBefore → a blank leading cell so columns stay aligned,
 *   legacy w:hMerge; a table that is only a frame (every row one cell) is unwrapped into its content;
 *   a table nested in a real table's cell adds its text to the cell;
 * - page: w:lastRenderedPageBreak (where the saving application recorded its pagination) or else
 *   explicit page breaks;
 * - docProps/core.xml dc:title → meta.title.
 *
 * Length: the list numbering Word generates (its number formats and counters) is half of it; it belongs
 * to reading paragraphs and is used nowhere else.
 */
import { unzipSync } from 'fflate';
import { parseXml as parseXmlText, textOf, type XmlElement as Element } from './xml';
import type { Lang } from '../model/l10n';
import { sourceReadError, SourceReadError } from './read-error';
import type { SourceBlock, SourceCell, SourceDocument, SourceMeta, SourceTable } from './source';

/**
 * The XML of a .docx may unpack to at most this much (bytes). A report's document.xml is well under 1 MiB
 * (the corpus: 0.2 MiB, tables and all); 64 MiB leaves room for any real document with its styles.
 */
export const MAX_DOCX_XML_BYTES = 64 * 1024 * 1024;

export interface ReadDocxOptions {
  /** Language of error messages. */
  lang?: Lang;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

function elements(node: Element | undefined): Element[] {
  return node ? (node.children.filter((c) => typeof c !== 'string') as Element[]) : [];
}
const child = (node: Element | undefined, name: string): Element | undefined => elements(node).find((e) => e.name === name);
/** w:val */
const val = (el: Element | undefined): string | undefined => el?.attrs.val;
const attr = (el: Element, local: string): string | undefined => el.attrs[local];

const textDecoder = new TextDecoder('utf-8');

function parseXml(bytes: Uint8Array | undefined): Element | undefined {
  if (!bytes) return undefined;
  // UTF-16 parts exist (rare, old converters): their byte order mark says so
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else text = textDecoder.decode(bytes);
  return parseXmlText(text);
}

// ---------------------------------------------------------------- numbering

interface Level {
  start: number;
  fmt: string;
  text: string;
}
interface Numbering {
  /** numId → abstract levels (with w:lvlOverride applied) */
  levels: Map<string, Map<number, Level>>;
  /** numId → abstractNumId: counters are kept per abstract list, as Word does */
  abstractOf: Map<string, string>;
}

function readNumbering(root: Element | undefined): Numbering {
  const levels = new Map<string, Map<number, Level>>();
  const abstractOf = new Map<string, string>();
  if (!root) return { levels, abstractOf };
  const abstract = new Map<string, Map<number, Level>>();
  const readLevels = (el: Element, into: Map<number, Level>): void => {
    for (const lvl of elements(el).filter((e) => e.name === 'lvl')) {
      const ilvl = Number(attr(lvl, 'ilvl') ?? 0);
      into.set(ilvl, {
        start: Number(val(child(lvl, 'start')) ?? 1),
        fmt: val(child(lvl, 'numFmt')) ?? 'decimal',
        text: val(child(lvl, 'lvlText')) ?? '',
      });
    }
  };
  for (const el of elements(root)) {
    if (el.name === 'abstractNum') {
      const map = new Map<number, Level>();
      readLevels(el, map);
      abstract.set(attr(el, 'abstractNumId') ?? '', map);
    }
  }
  for (const el of elements(root)) {
    if (el.name !== 'num') continue;
    const numId = attr(el, 'numId') ?? '';
    const absId = val(child(el, 'abstractNumId')) ?? '';
    const map = new Map(abstract.get(absId) ?? []);
    for (const o of elements(el).filter((e) => e.name === 'lvlOverride')) {
      const ilvl = Number(attr(o, 'ilvl') ?? 0);
      const lvl = child(o, 'lvl');
      if (lvl) readLevels(o, map);
      const start = val(child(o, 'startOverride'));
      if (start !== undefined && map.has(ilvl)) map.set(ilvl, { ...map.get(ilvl)!, start: Number(start) });
    }
    levels.set(numId, map);
    abstractOf.set(numId, absId);
  }
  return { levels, abstractOf };
}

const CN_DIGITS = '〇一二三四五六七八九';
function chineseCounting(n: number): string {
  if (n <= 0) return String(n);
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 100) return CN_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  return String(n);
}
function roman(n: number): string {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}
function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographTraditional':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n).split('').map((d) => CN_DIGITS[Number(d)]).join('');
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'lowerLetter':
      return String.fromCharCode(97 + ((n - 1) % 26));
    case 'upperLetter':
      return String.fromCharCode(65 + ((n - 1) % 26));
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'bullet':
    case 'none':
      return '';
    default:
      return String(n);
  }
}

interface StyleInfo {
  basedOn?: string;
  numId?: string;
  ilvl?: number;
}
function readStyles(root: Element | undefined): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  if (!root) return styles;
  for (const s of elements(root)) {
    if (s.name !== 'style' || attr(s, 'type') !== 'paragraph') continue;
    const numPr = child(child(s, 'pPr'), 'numPr');
    const ilvl = val(child(numPr, 'ilvl'));
    styles.set(attr(s, 'styleId') ?? '', {
      basedOn: val(child(s, 'basedOn')),
      numId: val(child(numPr, 'numId')),
      ilvl: ilvl === undefined ? undefined : Number(ilvl),
    });
  }
  return styles;
}

// ---------------------------------------------------------------- the document

class Reader {
  readonly blocks: SourceBlock[] = [];
  private page = 1;
  /** counters per abstract list, per level */
  private readonly counters = new Map<string, number[]>();

  constructor(
    private readonly numbering: Numbering,
    private readonly styles: Map<string, StyleInfo>,
    /** whether the saving application recorded its page breaks (Word, WPS do; LibreOffice does not) */
    private readonly renderedBreaks: boolean,
  ) {}

  /** Block-level content of a body, a cell, a text box or a content control. */
  body(container: Element, out: SourceBlock[]): void {
    for (const el of elements(container)) {
      switch (el.name) {
        case 'p':
          this.paragraph(el, out);
          break;
        case 'tbl':
          this.table(el, out);
          break;
        case 'sdt':
          this.body(child(el, 'sdtContent') ?? el, out);
          break;
        case 'customXml':
        case 'ins':
        case 'smartTag':
          this.body(el, out);
          break;
        case 'AlternateContent':
          this.body(child(el, 'Choice') ?? el, out);
          break;
        default:
          break; // sectPr, bookmarks, w:del (deleted content is not part of the document)
      }
    }
  }

  private listNumber(p: Element): string {
    const pPr = child(p, 'pPr');
    const numPr = child(pPr, 'numPr');
    let numId = val(child(numPr, 'numId'));
    let ilvlText = val(child(numPr, 'ilvl'));
    // the paragraph's style (and the styles it is based on) may carry the numbering
    for (let style = val(child(pPr, 'pStyle')), depth = 0; style && depth < 20 && (numId === undefined || ilvlText === undefined); depth++) {
      const info = this.styles.get(style);
      if (!info) break;
      numId ??= info.numId;
      if (ilvlText === undefined && info.ilvl !== undefined) ilvlText = String(info.ilvl);
      style = info.basedOn;
    }
    if (numId === undefined || numId === '0') return '';
    const levels = this.numbering.levels.get(numId);
    const ilvl = Number(ilvlText ?? 0);
    const level = levels?.get(ilvl);
    if (!levels || !level) return '';
    const key = this.numbering.abstractOf.get(numId) ?? numId;
    const counts = this.counters.get(key) ?? [];
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl]! + 1;
    counts.length = ilvl + 1; // a higher level restarts the lower ones
    this.counters.set(key, counts);
    return level.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      const lv = levels.get(l);
      return formatNumber(counts[l] ?? lv?.start ?? 1, lv?.fmt ?? 'decimal');
    });
  }

  private paragraph(p: Element, out: SourceBlock[]): void {
    const pPr = child(p, 'pPr');
    if (!this.renderedBreaks && child(pPr, 'pageBreakBefore') && val(child(pPr, 'pageBreakBefore')) !== '0' && val(child(pPr, 'pageBreakBefore')) !== 'false') this.page++;
    const page = this.page;
    const floating: SourceBlock[] = [];
    const text = this.listNumber(p) + this.inline(p, floating);
    const collapsed = collapse(text);
    if (collapsed) out.push({ kind: 'paragraph', text: collapsed, at: { page } });
    out.push(...floating);
  }

  /** The text of a paragraph's runs; text boxes' paragraphs go to `floating` (they follow the paragraph). */
  private inline(node: Element, floating: SourceBlock[]): string {
    let text = '';
    for (const el of elements(node)) {
      switch (el.name) {
        case 't':
          text += textOf(el);
          break;
        case 'tab':
        case 'ptab':
          if (node.name === 'r') text += '\t';
          break;
        case 'br':
          if (attr(el, 'type') === 'page' && !this.renderedBreaks) this.page++;
          text += '\n';
          break;
        case 'cr':
          text += '\n';
          break;
        case 'lastRenderedPageBreak':
          if (this.renderedBreaks) this.page++;
          break;
        case 'noBreakHyphen':
          text += '-';
          break;
        case 'softHyphen':
          break;
        case 'txbxContent':
          this.body(el, floating);
          break;
        case 'AlternateContent':
          text += this.inline(child(el, 'Choice') ?? el, floating);
          break;
        case 'pPr':
        case 'rPr':
        case 'del':
        case 'delText':
        case 'instrText':
        case 'moveFrom':
          break;
        default:
          // runs, hyperlinks, fields, smart tags, inserted text, drawings holding text boxes …
          text += this.inline(el, floating);
      }
    }
    return text;
  }

  private cellContent(tc: Element): string {
    const parts: SourceBlock[] = [];
    this.body(tc, parts);
    const texts: string[] = [];
    for (const b of parts) {
      if (b.kind === 'paragraph') texts.push(b.text);
      else for (const row of b.rows) for (const cell of row) if (cell.text) texts.push(cell.text);
    }
    return collapse(texts.join(' '));
  }

  private table(tbl: Element, out: SourceBlock[]): void {
    const page = this.page;
    const trs = this.rowsOf(tbl);
    // a frame around the content (one cell per row, as Word-pasted pages and some templates have): unwrap it
    if (trs.length > 0 && trs.every((tr) => this.cellsOf(tr).length <= 1) && trs.some((tr) => this.cellsOf(tr).some((tc) => this.hasTable(tc)))) {
      for (const tr of trs) for (const tc of this.cellsOf(tr)) this.body(tc, out);
      return;
    }
    interface Slot {
      cell: SourceCell;
      col: number;
      /** the vertical merge: 'restart' | 'continue' | undefined */
      vMerge?: string;
    }
    const rows: Slot[][] = [];
    for (const tr of trs) {
      const trPr = child(tr, 'trPr');
      let col = 0;
      const slots: Slot[] = [];
      const before = Number(val(child(trPr, 'gridBefore')) ?? 0);
      if (before > 0) {
        slots.push({ cell: { text: '', rowSpan: 1, colSpan: before }, col });
        col += before;
      }
      for (const tc of this.cellsOf(tr)) {
        const tcPr = child(tc, 'tcPr');
        const span = Math.max(1, Number(val(child(tcPr, 'gridSpan')) ?? 1) || 1);
        const vMergeEl = child(tcPr, 'vMerge');
        const vMerge = vMergeEl ? (val(vMergeEl) === 'restart' ? 'restart' : 'continue') : undefined;
        const hMergeEl = child(tcPr, 'hMerge');
        const prev = slots[slots.length - 1];
        if (hMergeEl && val(hMergeEl) !== 'restart' && prev) {
          prev.cell.colSpan += span; // legacy horizontal merge: this cell belongs to the one before it
          col += span;
          continue;
        }
        slots.push({ cell: { text: this.cellContent(tc), rowSpan: 1, colSpan: span }, col, vMerge });
        col += span;
      }
      rows.push(slots);
    }
    // vertical merges: a 'continue' cell extends the cell above it that starts at the same grid column
    const result: SourceCell[][] = rows.map(() => []);
    rows.forEach((slots, r) => {
      for (const slot of slots) {
        if (slot.vMerge === 'continue') {
          const owner = this.findAbove(rows, r, slot.col);
          if (owner) {
            owner.cell.rowSpan++;
            // text typed into a continuing cell is rare but must not be lost
            if (slot.cell.text) owner.cell.text = collapse(`${owner.cell.text} ${slot.cell.text}`);
            continue;
          }
        }
        result[r]!.push(slot.cell);
      }
    });
    const table: SourceTable = { kind: 'table', rows: result, at: { page } };
    out.push(table);
  }

  /** The cell that a vertically merged slot at (r, col) continues: the nearest cell above at that column. */
  private findAbove(rows: { cell: SourceCell; col: number; vMerge?: string }[][], r: number, col: number) {
    for (let up = r - 1; up >= 0; up--) {
      const s = rows[up]!.find((x) => x.col === col);
      if (!s) return undefined;
      if (s.vMerge !== 'continue') return s;
      // a continue slot that was itself folded: keep going up to its owner
    }
    return undefined;
  }

  private hasTable(tc: Element): boolean {
    return elements(tc).some((e) => e.name === 'tbl' || (e.name === 'sdt' && this.hasTable(child(e, 'sdtContent') ?? e)));
  }

  /** Rows, also those wrapped in content controls or custom XML. */
  private rowsOf(tbl: Element): Element[] {
    return this.wrapped(tbl, 'tr');
  }
  private cellsOf(tr: Element): Element[] {
    return this.wrapped(tr, 'tc');
  }

  /** The children named `name` of `parent`, looking through content controls, custom XML and tracked insertions. */
  private wrapped(parent: Element, name: string): Element[] {
    const out: Element[] = [];
    for (const el of elements(parent)) {
      if (el.name === name) out.push(el);
      else if (el.name === 'sdt') out.push(...this.wrapped(child(el, 'sdtContent') ?? el, name));
      else if (el.name === 'customXml' || el.name === 'ins') out.push(...this.wrapped(el, name));
    }
    return out;
  }
}

/** The main document part's name, from the package relationships (usually word/document.xml). */
function mainPart(files: Record<string, Uint8Array>): string | undefined {
  const rels = parseXml(files['_rels/.rels']);
  for (const r of elements(rels)) {
    if (r.name === 'Relationship' && /\/officeDocument$/.test(attr(r, 'Type') ?? '')) {
      return (attr(r, 'Target') ?? '').replace(/^\//, '');
    }
  }
  return files['word/document.xml'] ? 'word/document.xml' : undefined;
}

/** Part names the main part refers to (numbering, styles), resolved against its folder. */
function relatedParts(files: Record<string, Uint8Array>, main: string): Map<string, string> {
  const dir = main.includes('/') ? main.slice(0, main.lastIndexOf('/') + 1) : '';
  const rels = parseXml(files[`${dir}_rels/${main.slice(dir.length)}.rels`]);
  const out = new Map<string, string>();
  for (const r of elements(rels)) {
    const type = (attr(r, 'Type') ?? '').replace(/^.*\//, '');
    const target = attr(r, 'Target') ?? '';
    if (attr(r, 'TargetMode') === 'External') continue;
    out.set(type, target.startsWith('/') ? target.slice(1) : dir + target);
  }
  return out;
}

function readMeta(core: Element | undefined): SourceMeta {
  const meta: SourceMeta = {};
  const title = collapse(textOf(child(core, 'title')));
  if (title) meta.title = title;
  return meta;
}

/** Reads a Word/WPS .docx: its paragraphs and tables in order, and its title. Throws SourceReadError('not-docx'). */
export function readDocx(bytes: Uint8Array, options: ReadDocxOptions = {}): SourceDocument {
  const lang = options.lang ?? 'en';
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw sourceReadError('not-docx', lang, bytes[0] === 0xd0 && bytes[1] === 0xcf ? 'an old Word .doc (save it as .docx)' : 'not a zip package');
  }
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!(f.name.endsWith('.xml') || f.name.endsWith('.rels'))) return false;
        // the sizes the zip declares, checked before anything is inflated: a "zip bomb" is refused, not unpacked
        unpacked += f.originalSize;
        if (unpacked > MAX_DOCX_XML_BYTES) throw sourceReadError('docx-too-large', lang, String(Math.round(MAX_DOCX_XML_BYTES / 1024 / 1024)));
        return true;
      },
    });
  } catch (e) {
    if (e instanceof SourceReadError) throw e;
    throw sourceReadError('not-docx', lang, (e as Error).message);
  }
  // a zip may declare less than it holds: what was inflated counts
  if (Object.values(files).reduce((n, f) => n + f.length, 0) > MAX_DOCX_XML_BYTES) {
    throw sourceReadError('docx-too-large', lang, String(Math.round(MAX_DOCX_XML_BYTES / 1024 / 1024)));
  }
  const main = mainPart(files);
  const document = main ? parseXml(files[main]) : undefined;
  const body = child(document, 'body');
  if (!main || !body) throw sourceReadError('not-docx', lang, 'no word/document.xml');
  const related = relatedParts(files, main);
  const part = (type: string, fallback: string) => files[related.get(type) ?? fallback];
  const numbering = readNumbering(parseXml(part('numbering', 'word/numbering.xml')));
  const styles = readStyles(parseXml(part('styles', 'word/styles.xml')));
  const renderedBreaks = textDecoder.decode(files[main]).includes('lastRenderedPageBreak');
  const reader = new Reader(numbering, styles, renderedBreaks);
  const blocks: SourceBlock[] = [];
  reader.body(body, blocks);
  return { format: 'docx', meta: readMeta(parseXml(files['docProps/core.xml'])), blocks };
}
