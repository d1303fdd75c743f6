/**
 * The report as the official document, laid out once for every writer: the HTML renderer (preview,
 * export, CLI) and the DOCX exporter read the same blocks, so the labels, the order of the parts and
 * the tables' merged cells cannot drift apart. Each block keeps where it comes from in the source
 * (line and ranges): the preview marks problems with it, the file exports ignore it.
 *
 * Layout follows the national template (国办公开办函〔2021〕30号) and the rendering order of
 * docs/format.md; labels come from the schema titles, except the few template cells that no schema
 * node carries (LABELS). The three tables are chosen by the report's `format` (TABLE_LAYOUTS): a
 * second national format adds its own entry there.
 *
 * Length: the walk over the six parts and the three tables of the template cell by cell belong together
 * (the tables use the walker's sources); each table is a function of its own.
 */
import { isCollection, isScalar } from 'yaml';
import { showDate, validDate } from '../checks/check-dates';
import type { OffsetRange } from '../model/diagnostic';
import { keyRange, nodeAt, type ReportDocument } from '../model/document';
import { safeHref } from './html';
import { formatOf, reportSchema, schemaAt, titleAt as titleIn, type Path, type ReportFormat } from '../model/schema';
import { APPEAL_COLUMNS, APPEAL_ROWS, APPLICATION_COLUMNS, applicationRowsOf, getIn } from '../model/table';

/** Where an element comes from: its source line, and the ranges whose diagnostics it shows. */
export interface Source {
  line: number;
  ranges: OffsetRange[];
}

/** The line of `source` without its problems (header cells: the heading above shows the table's). */
export const lineOnly = (source: Source): Source => ({ line: source.line, ranges: [] });

/** One cell of a laid-out table: its text (plain, not HTML), its role and its merges. */
export interface LayoutCell {
  /** `th`: a label or header, `td`: a figure. */
  tag: 'th' | 'td';
  text: string;
  source?: Source;
  /**
   * Its role, as the stylesheet's classes: `gr-block` (a block heading of table 二), `gr-label` (a row
   * label), `gr-group` (a label spanning rows), `gr-note` (三's note), `gr-num` (a figure).
   */
  cls?: string;
  colspan?: number;
  rowspan?: number;
  scope?: 'row' | 'col' | 'colgroup';
}

export interface LayoutRow {
  cells: LayoutCell[];
  /** The row's source line (rows carry the line only: their cells show the problems). */
  source?: Source;
  /** `gr-head`: a header row. */
  cls?: string;
}

export interface TableBlock {
  kind: 'table';
  /** Which table: `proactive` (二), `applications` (三), `appeals` (四). */
  id: string;
  /** Rows repeated at the top of every page (HTML `<thead>`); none when the table has blocks of its own headers. */
  head: LayoutRow[];
  body: LayoutRow[];
  /** Relative widths of the grid's columns (how the template shares the page). */
  widths: number[];
}

export interface ContactItem {
  label: string;
  value: string;
  /** A safe link for the value (website, e-mail). */
  href?: string;
}

export type Block =
  | { kind: 'title'; text: string; source: Source }
  | { kind: 'heading'; level: 2 | 3; text: string; source: Source }
  | { kind: 'paragraph'; text: string; source: Source }
  | { kind: 'contact'; label: string; items: ContactItem[]; source: Source }
  | { kind: 'part'; key: string; blocks: Block[] }
  | TableBlock
  | { kind: 'signature'; agency?: { text: string; source: Source }; date?: { text: string; source: Source } };

/** Template cells that no schema node carries (the rest comes from the schema's titles). */
export const LABELS = {
  /** header of the label column of table 二 */
  item: '信息内容',
  /** value column of 行政许可 / 行政处罚 / 行政强制 in table 二 */
  decisions: '本年处理决定数量',
  /** table 三: the five organisation columns together */
  organisations: '法人或其他组织',
  /** table 三: the template's note in its top-left cell */
  applicationsNote: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
} as const;

/**
 * Table 二's blocks: the item of 第二十条 and the rows (keys of `proactive`) it covers. 2021: four
 * blocks; 2019: 其他对外管理服务事项 under （五） and a fifth block, （九） 政府集中采购.
 */
export const PROACTIVE_BLOCKS: Record<ReportFormat, readonly { label: string; rows: readonly string[] }[]> = {
  2021: [
    { label: '第二十条第（一）项', rows: ['rules', 'normative_documents'] },
    { label: '第二十条第（五）项', rows: ['licensing'] },
    { label: '第二十条第（六）项', rows: ['penalty', 'coercion'] },
    { label: '第二十条第（八）项', rows: ['fees'] },
  ],
  2019: [
    { label: '第二十条第（一）项', rows: ['rules', 'normative_documents'] },
    { label: '第二十条第（五）项', rows: ['licensing', 'other_services'] },
    { label: '第二十条第（六）项', rows: ['penalty', 'coercion'] },
    { label: '第二十条第（八）项', rows: ['fees'] },
    { label: '第二十条第（九）项', rows: ['procurement'] },
  ],
};

/** `title`, else `{agency}{year}年政府信息公开工作年度报告`. */
export function reportTitle(data: unknown): string {
  const own = getIn(data, ['title']);
  if (typeof own === 'string' && own.trim()) return own.trim();
  const agency = getIn(data, ['agency']);
  const year = getIn(data, ['year']);
  return `${typeof agency === 'string' ? agency.trim() : ''}${Number.isSafeInteger(year) ? `${year as number}年` : ''}${reportSchema.title ?? ''}`;
}

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 21 → 二十一 (report numbering never goes near 100). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? DIGITS[tens]! : ''}十${ones ? DIGITS[ones]! : ''}`;
}

/** A paragraph of a text field: its text, and where it lies in the value (UTF-16 offsets). */
interface Paragraph {
  text: string;
  start: number;
  end: number;
}

const BLANK_LINES = /\r?\n(?:[ \t\u3000]*\r?\n)+/g;
/** Folded, plain and quoted scalars already turned the source's blank lines into single line breaks. */
const ANY_BREAK = /\r?\n(?:[ \t\u3000]*\r?\n)*/g;
const EDGE_SPACE = /^[\s\u3000]+|[\s\u3000]+$/g;
const LINE_BREAK = /[ \t\u3000]*\r?\n[ \t\u3000]*/g;

/**
 * Splits text on blank lines; a line break inside a paragraph joins (with a space only between Latin
 * words). `folded`: the value of a folded, plain or quoted scalar, where every line break was a blank line.
 */
export function splitParagraphs(value: string, folded = false): Paragraph[] {
  const separator = folded ? ANY_BREAK : BLANK_LINES;
  const out: Paragraph[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    const raw = value.slice(start, end);
    const lead = raw.length - raw.replace(/^[\s\u3000]+/, '').length;
    const body = raw.replace(EDGE_SPACE, '');
    if (!body) return;
    const text = body.replace(LINE_BREAK, (_m, offset: number, whole: string) =>
      /[\x21-\x7e]/.test(whole[offset - 1] ?? '') && /[\x21-\x7e]/.test(whole[offset + _m.length] ?? '') ? ' ' : '');
    out.push({ text, start: start + lead, end: start + lead + body.length });
  };
  separator.lastIndex = 0;
  for (let m = separator.exec(value); m; m = separator.exec(value)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, value.length);
  return out;
}

/** The text of a scalar for display; structures have none. */
export function display(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean') return String(v);
  return '';
}

const isPresent = (v: unknown): boolean => v !== undefined;
/** An address worth a mailto: link (anything else is shown as text only). */
const EMAIL = /^[^\s@"'`<>()[\]\\,;:]+@[^\s@"'`<>()[\]\\,;:]+\.[^\s@"'`<>()[\]\\,;:]+$/;
const numbering = /^\s*[（(]\s*[一二三四五六七八九十〇零百\d]+\s*[）)]\s*/;

/** The three tables of one national format, laid out by the walker (which knows the sources). */
interface TableLayouts {
  proactive(w: LayoutWalker): TableBlock;
  applications(w: LayoutWalker): TableBlock;
  appeals(w: LayoutWalker): TableBlock;
}

/**
 * The report laid out as blocks in document order (title, preamble, contact, the six parts, the
 * signature). The document must hold data (valid YAML); never throws for any data it holds.
 */
export function layoutReport(doc: ReportDocument): Block[] {
  return new LayoutWalker(doc).layout();
}

export class LayoutWalker {
  readonly data: unknown;
  /** The report's national format: the labels, and the rows and columns of tables 二 and 三. */
  readonly format: ReportFormat;
  private out: Block[] = [];

  constructor(readonly doc: ReportDocument) {
    this.data = doc.data;
    this.format = formatOf(doc.data);
  }

  /** The official label at `path` in this report's format. */
  titleAt(path: Path): string {
    return titleIn(path, this.format);
  }

  layout(): Block[] {
    const tables = TABLE_LAYOUTS[this.format];
    this.titleBlock();
    this.textBlock(['preamble']);
    this.contact();
    this.overview();
    this.part('proactive', () => this.out.push(tables.proactive(this)));
    this.part('applications', () => this.out.push(tables.applications(this)));
    this.part('appeals', () => this.out.push(tables.appeals(this)));
    this.problems();
    this.otherMatters();
    this.signature();
    return this.out;
  }

  // ------------------------------------------------------------------------- sources

  lineOf(offset: number): number {
    return this.doc.lines.positionAt(offset).line;
  }

  /** The key of `path` (or of its nearest ancestor that has one, for the line only). */
  keySource(path: Path, extra: OffsetRange[] = []): Source {
    const own = keyRange(this.doc, path);
    if (own) return { line: this.lineOf(own.start), ranges: [own, ...extra] };
    for (let n = path.length - 1; n > 0; n--) {
      const r = keyRange(this.doc, path.slice(0, n));
      if (r) return { line: this.lineOf(r.start), ranges: extra };
    }
    return { line: 0, ranges: extra };
  }

  /** The value node of `path` (a cell, a scalar); its key's line when it has no node. */
  valueSource(path: Path): Source {
    const r = nodeAt(this.doc, path)?.range;
    if (r && r[1] > r[0]) return { line: this.lineOf(r[0]), ranges: [{ start: r[0], end: r[1] }] };
    if (r) return { line: this.lineOf(r[0]), ranges: [{ start: r[0], end: r[0] }] };
    return { ...this.keySource(path), ranges: [] };
  }

  /** A row's label: its key, and the first character of its value (where row-level problems start, not its cells'). */
  rowSource(path: Path): Source {
    const node = nodeAt(this.doc, path);
    const r = isCollection(node) ? node.range : undefined; // a scalar row is its own (only) cell
    return this.keySource(path, r ? [{ start: r[0], end: r[0] + 1 }] : []);
  }

  /** A figure: the value at `path` as text, centred under its column. */
  valueCell(path: Path, colspan = 1): LayoutCell {
    return { tag: 'td', text: display(getIn(this.data, path)), source: this.valueSource(path), cls: 'gr-num', ...(colspan > 1 ? { colspan } : {}) };
  }

  // ------------------------------------------------------------------------- blocks

  private titleBlock(): void {
    const own = getIn(this.data, ['title']);
    const source = typeof own === 'string' && own.trim()
      ? this.valueSource(['title'])
      : { ...this.keySource(['agency']), ranges: [...this.valueSource(['agency']).ranges, ...this.valueSource(['year']).ranges] };
    this.out.push({ kind: 'title', text: reportTitle(this.data), source });
  }

  private heading(level: 2 | 3, path: Path, text: string): void {
    this.out.push({ kind: 'heading', level, text, source: this.keySource(path) });
  }

  /**
   * The paragraphs of the text at `path`. `lead` (六's `一是…。`) opens the first paragraph, or
   * stands alone when there is no text.
   */
  private textBlock(path: Path, lead?: string): void {
    const value = getIn(this.data, path);
    const text = display(value);
    const node = nodeAt(this.doc, path);
    const paragraphs = splitParagraphs(text, isScalar(node) && node.type !== 'BLOCK_LITERAL' && text.includes('\n'));
    if (paragraphs.length === 0) {
      if (lead !== undefined) this.out.push({ kind: 'paragraph', text: lead, source: this.keySource(path, this.valueSource(path).ranges) });
      return;
    }
    const offsets: number[] = [];
    for (const p of paragraphs) offsets.push(p.start, p.end - 1);
    const at = typeof value === 'string' ? sourceOffsets(this.doc, path, value, offsets) : [];
    const whole = this.valueSource(path);
    paragraphs.forEach((p, i) => {
      const start = at[2 * i];
      const last = at[2 * i + 1];
      const source: Source = start !== undefined && last !== undefined
        ? { line: this.lineOf(start), ranges: [{ start, end: last + 1 }] }
        : whole;
      // the lead belongs to the key: its problems (an empty required text…) show on the first paragraph
      if (i === 0 && lead !== undefined) source.ranges = [...source.ranges, ...this.keySource(path).ranges];
      this.out.push({ kind: 'paragraph', text: i === 0 && lead !== undefined ? lead + p.text : p.text, source });
    });
  }

  /** 联系方式: what the preamble does not already say (reports usually write it there). */
  private contact(): void {
    const contact = getIn(this.data, ['contact']);
    if (contact === null || typeof contact !== 'object') return;
    const preamble = display(getIn(this.data, ['preamble']));
    const items: ContactItem[] = [];
    const ranges: OffsetRange[] = [];
    for (const key of Object.keys(schemaAt(['contact'])?.properties ?? {})) {
      const path = ['contact', key];
      const value = display(getIn(this.data, path)).trim();
      if (!value || preamble.includes(value)) continue;
      ranges.push(...this.valueSource(path).ranges);
      const href = key === 'website' ? safeHref(value) : key === 'email' && EMAIL.test(value) ? safeHref(`mailto:${value}`) : undefined;
      items.push({ label: this.titleAt(path), value, ...(href ? { href } : {}) });
    }
    if (items.length === 0) return;
    this.out.push({ kind: 'contact', label: this.titleAt(['contact']), items, source: this.keySource(['contact'], ranges) });
  }

  /** A part (一 … 六): its heading (the schema's title), then what `body` lays out. */
  private part(key: string, body: () => void): void {
    const outer = this.out;
    this.out = [];
    this.heading(2, [key], this.titleAt([key]));
    body();
    outer.push({ kind: 'part', key, blocks: this.out });
    this.out = outer;
  }

  /** 一: the lead paragraph, （一）…（五） under their schema titles, then `extra` numbered on. */
  private overview(): void {
    this.part('overview', () => {
      const properties = schemaAt(['overview'])?.properties ?? {};
      let headed = 0;
      for (const key of Object.keys(properties)) {
        const path = ['overview', key];
        const node = schemaAt(path);
        if (node?.type === 'array') {
          this.extra(path, headed);
          continue;
        }
        if (key !== 'summary') headed++;
        if (!isPresent(getIn(this.data, path))) continue;
        if (key !== 'summary') this.heading(3, path, this.titleAt(path));
        this.textBlock(path);
      }
    });
  }

  private extra(path: Path, before: number): void {
    const list = getIn(this.data, path);
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      const itemPath = [...path, i];
      const title = display(getIn(item, ['title'])).trim().replace(numbering, '');
      const source = isPresent(getIn(item, ['title'])) ? this.keySource([...itemPath, 'title'], this.valueSource([...itemPath, 'title']).ranges) : this.valueSource(itemPath);
      this.out.push({ kind: 'heading', level: 3, text: `（${chineseNumber(before + i + 1)}）${title}`, source });
      this.textBlock([...itemPath, 'text']);
    });
  }

  /** 五: （一）（二） with their texts. */
  private problems(): void {
    this.part('problems', () => {
      for (const key of Object.keys(schemaAt(['problems'])?.properties ?? {})) {
        const path = ['problems', key];
        if (!isPresent(getIn(this.data, path))) continue;
        this.heading(3, path, this.titleAt(path));
        this.textBlock(path);
      }
    });
  }

  /** 六: the items in schema order as `一是{label}。{text}`; absent optional items are left out, the numbering stays consecutive. */
  private otherMatters(): void {
    this.part('other_matters', () => {
      // in the report's format: 收取信息处理费情况 is required (and shown when empty) in 2021 only
      const node = schemaAt(['other_matters'], this.format);
      const required = new Set(node?.required ?? []);
      let n = 0;
      for (const key of Object.keys(node?.properties ?? {})) {
        const path = ['other_matters', key];
        if (!required.has(key) && !display(getIn(this.data, path)).trim()) continue;
        const label = this.titleAt(path);
        this.textBlock(path, `${chineseNumber(++n)}是${label}${/[。：:.]$/.test(label) ? '' : '。'}`);
      }
    });
  }

  /** 发文机关署名 and 成文日期 (`2024年1月16日`), right-aligned. */
  private signature(): void {
    const agency = display(getIn(this.data, ['agency'])).trim();
    const published = getIn(this.data, ['published']);
    const date = validDate(published) ? showDate('zh', published as string) : display(published).trim();
    if (!agency && !date) return;
    this.out.push({
      kind: 'signature',
      ...(agency ? { agency: { text: agency, source: this.valueSource(['agency']) } } : {}),
      ...(date ? { date: { text: date, source: this.valueSource(['published']) } } : {}),
    });
  }
}

// ------------------------------------------------------------------------------- tables

/** The keys of a table-二 row that is a map (规章: 本年制发件数 …), else none. */
function columnsOf(path: Path, format: ReportFormat): string[] {
  const node = schemaAt(path, format);
  return node?.type === 'object' ? Object.keys(node.properties ?? {}) : [];
}

/** The value column of a single-value row: a count of decisions, or the fee amount (the money type's title). */
function valueLabel(path: Path, format: ReportFormat): string {
  return schemaAt(path, format)?.type === 'number' ? (reportSchema.definitions?.['money']?.title ?? '') : LABELS.decisions;
}

const th = (text: string, source: Source | undefined, o: Omit<LayoutCell, 'tag' | 'text' | 'source'> = {}): LayoutCell => ({ tag: 'th', text, ...(source ? { source } : {}), ...o });

/**
 * The tables of the national template (国办公开办函〔2021〕30号 and the 2019 trial format, which share
 * their structure): blocks, rows and labels come from the report's format.
 */
const TEMPLATE_TABLES: TableLayouts = {
  /** 二: one table in blocks, as the template (2021: four blocks of up to three columns; 2019: five). */
  proactive(w) {
    const table = lineOnly(w.keySource(['proactive']));
    const blocks = PROACTIVE_BLOCKS[w.format];
    const width = 1 + Math.max(1, ...blocks.flatMap((b) => b.rows.map((k) => columnsOf(['proactive', k], w.format).length)));
    // a block with fewer columns than the widest: its last column spans the rest (2019 （八）, （九）)
    const span = (i: number, n: number) => (i === n - 1 ? width - n : 1);
    const body: LayoutRow[] = [];
    for (const block of blocks) {
      body.push({ cells: [th(block.label, table, { colspan: width, cls: 'gr-block', scope: 'colgroup' })], source: table, cls: 'gr-head' });
      const columns = columnsOf(['proactive', block.rows[0]!], w.format);
      const heads = columns.length > 0
        ? columns.map((c, i) => th(w.titleAt(['proactive', block.rows[0]!, c]), table, { scope: 'col', colspan: span(i, columns.length) }))
        : [th(valueLabel(['proactive', block.rows[0]!], w.format), table, { colspan: width - 1, scope: 'col' })];
      body.push({ cells: [th(LABELS.item, table, { scope: 'col' }), ...heads], source: table, cls: 'gr-head' });
      for (const key of block.rows) {
        const path = ['proactive', key];
        const label = th(w.titleAt(path), w.rowSource(path), { cls: 'gr-label', scope: 'row' });
        const cells = columns.length > 0 ? columns.map((c, i) => w.valueCell([...path, c], span(i, columns.length))) : [w.valueCell(path, width - 1)];
        body.push({ cells: [label, ...cells], source: w.keySource(path) });
      }
    }
    // the label column takes about a third of the width, the figures share the rest
    return { kind: 'table', id: 'proactive', head: [], body, widths: [3, ...Array<number>(width - 1).fill(2)] };
  },

  /** 三: the template's header (the note, 申请人情况, 法人或其他组织 over five columns) and 25 rows with merged group cells. */
  applications(w) {
    const table = lineOnly(w.keySource(['applications']));
    // the rows as the report has them: a 2021 report that keeps the one-row （六） shows one row
    const rows = applicationRowsOf(w.data, w.format).rows;
    const labelColumns = Math.max(...rows.map((p) => p.length)) - 1;
    const n = APPLICATION_COLUMNS.length;
    const col = (label: string, o: Omit<LayoutCell, 'tag' | 'text' | 'source'> = {}) => th(label, table, { scope: 'col', ...o });
    const head: LayoutRow[] = [
      { cells: [th(LABELS.applicationsNote, table, { cls: 'gr-note', colspan: labelColumns, rowspan: 3 }),
        col(reportSchema.definitions?.['applicationRow']?.title ?? '', { colspan: n, scope: 'colgroup' })], source: table, cls: 'gr-head' },
      { cells: [col(APPLICATION_COLUMNS[0]!, { rowspan: 2 }), col(LABELS.organisations, { colspan: n - 2, scope: 'colgroup' }),
        col(APPLICATION_COLUMNS[n - 1]!, { rowspan: 2 })], source: table, cls: 'gr-head' },
      { cells: APPLICATION_COLUMNS.slice(1, -1).map((c) => col(c)), source: table, cls: 'gr-head' },
    ];
    // group cells (三、本年度办理结果, （三）不予公开 …) span the rows below them
    const groupSize = new Map<string, number>();
    for (const p of rows) for (let k = 2; k < p.length; k++) {
      const id = p.slice(0, k).join('\u0000');
      groupSize.set(id, (groupSize.get(id) ?? 0) + 1);
    }
    const opened = new Set<string>();
    const body: LayoutRow[] = [];
    for (const path of rows) {
      const cells: LayoutCell[] = [];
      for (let k = 2; k < path.length; k++) {
        const group = path.slice(0, k);
        const id = group.join('\u0000');
        if (opened.has(id)) continue;
        opened.add(id);
        cells.push(th(w.titleAt(group), w.keySource(group), { cls: 'gr-label gr-group', rowspan: groupSize.get(id)!, scope: 'row' }));
      }
      const span = labelColumns - (path.length - 2);
      cells.push(th(w.titleAt(path), w.rowSource(path), { cls: 'gr-label', ...(span > 1 ? { colspan: span } : {}), scope: 'row' }));
      for (let c = 0; c < n; c++) cells.push(w.valueCell([...path, c]));
      body.push({ cells, source: w.keySource(path) });
    }
    // group columns narrow (their labels wrap), the row labels wide, seven equal figure columns
    const labels = labelColumns <= 1 ? [10] : [...Array<number>(labelColumns - 1).fill(2), 6];
    return { kind: 'table', id: 'applications', head, body, widths: [...labels, ...Array<number>(n).fill(1.8)] };
  },

  /** 四: one data row of 15 cells under 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉). */
  appeals(w) {
    const table = lineOnly(w.keySource(['appeals']));
    // `行政诉讼 · 未经复议直接起诉`: the group, then the row within it
    const groups: { name: string; rows: { sub?: string; path: Path }[] }[] = [];
    for (const path of APPEAL_ROWS) {
      const [name = '', sub] = w.titleAt(path).split(/\s*·\s*/);
      const last = groups[groups.length - 1];
      if (sub !== undefined && last?.name === name && last.rows[0]?.sub !== undefined) last.rows.push({ sub, path });
      else groups.push({ name, rows: [sub !== undefined ? { sub, path } : { path }] });
    }
    const n = APPEAL_COLUMNS.length;
    const split = groups.some((g) => g.rows[0]?.sub !== undefined);
    const col = (label: string, source: Source, o: Omit<LayoutCell, 'tag' | 'text' | 'source'> = {}) => th(label, source, { scope: 'col', ...o });
    const first = groups.map((g) => col(g.name, g.rows.length === 1 && g.rows[0]!.sub === undefined ? w.rowSource(g.rows[0]!.path) : table,
      { colspan: n * g.rows.length, scope: 'colgroup' }));
    const second: LayoutCell[] = [];
    const third: LayoutCell[] = [];
    for (const g of groups) {
      for (const r of g.rows) {
        // the row's problems show once, on its group or sub-group cell; its column heads take its line
        const source = w.rowSource(r.path);
        if (r.sub === undefined) second.push(...APPEAL_COLUMNS.map((c) => col(c, lineOnly(source), split ? { rowspan: 2 } : {})));
        else {
          second.push(col(r.sub, source, { colspan: n, scope: 'colgroup' }));
          third.push(...APPEAL_COLUMNS.map((c) => col(c, lineOnly(source))));
        }
      }
    }
    const head: LayoutRow[] = [{ cells: first, source: table, cls: 'gr-head' }, { cells: second, source: table, cls: 'gr-head' }];
    if (third.length > 0) head.push({ cells: third, source: table, cls: 'gr-head' });
    const cells: LayoutCell[] = [];
    for (const path of APPEAL_ROWS) for (let c = 0; c < n; c++) cells.push(w.valueCell([...path, c]));
    const body: LayoutRow[] = [{ cells, source: APPEAL_ROWS[0] ? w.keySource(APPEAL_ROWS[0]) : table }];
    return { kind: 'table', id: 'appeals', head, body, widths: Array<number>(n * APPEAL_ROWS.length).fill(1) };
  },
};

/**
 * The table layouts by national format (`formatOf` the report: 2021 where it names none we know). Both
 * formats have the template's structure; a format with tables of another shape gets a layout of its own here.
 */
const TABLE_LAYOUTS: Readonly<Record<ReportFormat, TableLayouts>> = { 2019: TEMPLATE_TABLES, 2021: TEMPLATE_TABLES };

/**
 * Source offsets of the characters `wanted` (ascending value offsets) of the string at `path`: one
 * walk over source and value side by side, skipping what only the source has (indentation, the
 * block header, quotes). undefined where they cannot be aligned (escapes in quoted strings).
 */
export function sourceOffsets(doc: ReportDocument, path: Path, value: string, wanted: readonly number[]): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(wanted.length).fill(undefined);
  const node = nodeAt(doc, path);
  if (!isScalar(node) || !node.range) return out;
  const text = doc.text;
  const limit = node.range[1];
  let j = node.range[0];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', j);
    j = nl < 0 || nl >= limit ? limit : nl + 1;
  }
  let k = 0;
  const last = wanted[wanted.length - 1] ?? -1;
  for (let i = 0; i <= last && i < value.length; i++) {
    const ch = value.charCodeAt(i);
    // folded and plain scalars turn line breaks into spaces
    while (j < limit && text.charCodeAt(j) !== ch && !(ch === 32 && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13))) j++;
    if (j >= limit) break;
    while (k < wanted.length && wanted[k]! < i) k++;
    while (k < wanted.length && wanted[k] === i) out[k++] = j;
    j++;
  }
  return out;
}
