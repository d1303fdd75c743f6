/**
 * The report as the official document, in HTML: one renderer for the preview (a fragment with
 * source lines and problem marks), the export and the CLI (a standalone page). Plain string
 * building over the parsed report: no DOM, no template engine, every report string escaped.
 *
 * Layout follows the national template (国办公开办函〔2021〕30号) and FORMAT.md's rendering order;
 * labels come from the schema titles, except the few template cells that no schema node carries.
 *
 * Length: the three tables of the template are laid out cell by cell here, next to the text parts they
 * share helpers with; each table is a function of its own.
 */
import { isCollection, isScalar } from 'yaml';
import type { Analysis } from '../checks/analyze';
import { showDate, validDate } from '../checks/check-dates';
import type { OffsetRange, ReportDiagnostic } from '../model/diagnostic';
import { keyRange, nodeAt, type ReportDocument } from '../model/document';
import { attr, escapeHtml as esc, safeHref } from './html';
import { t, type Lang } from '../model/l10n';
import { reportSchema, schemaAt, titleAt, type Path } from '../model/schema';
import { APPEAL_COLUMNS, APPEAL_ROWS, APPLICATION_COLUMNS, APPLICATION_ROWS, getIn } from '../model/table';

export interface RenderedReport {
  /** false: the text is not valid YAML, nothing was rendered (`html` holds only a banner saying so). */
  ok: boolean;
  /** The report's title as plain text (not HTML). */
  title: string;
  /** `<article class="govreport">…</article>`, or a whole `<!DOCTYPE html>` document (standalone). */
  html: string;
  errors: number;
  warnings: number;
}

export interface RenderOptions {
  lang: Lang;
  /** Adds `data-line` (0-based source line) everywhere, problem marks and the summary line. */
  preview?: boolean;
}

export interface StandaloneOptions {
  lang: Lang;
  /** The stylesheet (media/report.css), inlined. */
  css: string;
}

/** Template cells that no schema node carries (the rest comes from the schema's titles). */
const LABELS = {
  /** header of the label column of table 二 */
  item: '信息内容',
  /** value column of 行政许可 / 行政处罚 / 行政强制 in table 二 */
  decisions: '本年处理决定数量',
  /** table 三: the five organisation columns together */
  organisations: '法人或其他组织',
  /** table 三: the template's note in its top-left cell */
  applicationsNote: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
} as const;

/** Table 二's four blocks: the item of 第二十条 and the rows (keys of `proactive`) it covers. */
const PROACTIVE_BLOCKS: readonly { label: string; rows: readonly string[] }[] = [
  { label: '第二十条第（一）项', rows: ['rules', 'normative_documents'] },
  { label: '第二十条第（五）项', rows: ['licensing'] },
  { label: '第二十条第（六）项', rows: ['penalty', 'coercion'] },
  { label: '第二十条第（八）项', rows: ['fees'] },
];

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderReport(analysis: Analysis, options: RenderOptions): RenderedReport {
  let errors = 0;
  let warnings = 0;
  try {
    ({ errors, warnings } = counts(analysis.diagnostics));
    const doc = analysis.document;
    if (doc.syntax.length > 0 || doc.data === undefined) {
      return { ok: false, title: '', html: syntaxBanner(analysis, options.lang), errors, warnings };
    }
    const renderer = new Renderer(doc, analysis.diagnostics, options.lang, options.preview ?? false);
    return { ok: true, title: reportTitle(doc.data), html: renderer.render(errors, warnings), errors, warnings };
  } catch (e) {
    // never throw at a caller (the preview, a CLI run): say what happened instead
    const message = t(options.lang, 'GovReport could not render this file: {0}', String((e as Error)?.message ?? e));
    return { ok: false, title: '', html: `<div class="gr-banner gr-error" role="alert">${esc(message)}</div>`, errors, warnings };
  }
}

/** The report as one self-contained HTML file: inline CSS, no script, no external resource. */
export function renderStandalone(analysis: Analysis, options: StandaloneOptions): RenderedReport {
  const body = renderReport(analysis, { lang: options.lang });
  const title = body.title || reportSchema.title || '';
  // the stylesheet is ours, but a `</style` in it would end the element: CSS needs no `<` outside
  // strings and comments, where the escape `\3c ` reads the same
  const css = String(options.css ?? '').replace(/</g, '\\3c ');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`, // a constant without `"` or `&`: written as is, readable
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="GovReport">',
    `<title>${esc(title)}</title>`,
    `<style>\n${css}\n</style>`,
    '</head>',
    '<body class="govreport-page">',
    body.html,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { ...body, html };
}

// ---------------------------------------------------------------------------------------------

function counts(diagnostics: readonly ReportDiagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

function syntaxBanner(analysis: Analysis, lang: Lang): string {
  const first = analysis.document.syntax[0] ?? analysis.diagnostics[0];
  const line = first ? analysis.document.lines.positionAt(first.range.start).line : 0;
  const message = t(lang, 'The text is not valid YAML, so the report cannot be shown. Line {0}: {1}', line + 1, first?.message ?? '');
  return `<div class="gr-banner gr-error" role="alert"${attr('data-line', line)}>${esc(message)}</div>`;
}

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
function display(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean') return String(v);
  return '';
}

const isPresent = (v: unknown): boolean => v !== undefined;
/** An address worth a mailto: link (anything else is shown as text only). */
const EMAIL = /^[^\s@"'`<>()[\]\\,;:]+@[^\s@"'`<>()[\]\\,;:]+\.[^\s@"'`<>()[\]\\,;:]+$/;
const numbering = /^\s*[（(]\s*[一二三四五六七八九十〇零百\d]+\s*[）)]\s*/;

/** Where an element comes from: its source line, and the ranges whose diagnostics it shows. */
interface Source {
  line: number;
  ranges: OffsetRange[];
}

/** The line of `source` without its problems (header cells: the heading above shows the table's). */
const lineOnly = (source: Source): Source => ({ line: source.line, ranges: [] });

interface CellOptions {
  cls?: string;
  colspan?: number;
  rowspan?: number;
  scope?: 'row' | 'col' | 'colgroup';
}

class Renderer {
  private readonly out: string[] = [];
  /** Errors and warnings by start offset: what the preview marks. */
  private readonly marks: ReportDiagnostic[];
  private readonly shown = new Set<ReportDiagnostic>();
  private readonly data: unknown;

  constructor(private readonly doc: ReportDocument, diagnostics: readonly ReportDiagnostic[], private readonly lang: Lang, private readonly preview: boolean) {
    this.data = doc.data;
    this.marks = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').sort((a, b) => a.range.start - b.range.start);
  }

  render(errors: number, warnings: number): string {
    this.titleBlock();
    this.textBlock(['preamble']);
    this.contact();
    this.overview();
    this.proactive();
    this.applications();
    this.appeals();
    this.problems();
    this.otherMatters();
    this.signature();
    const body = this.out.join('');
    const head = this.preview ? this.summary(errors, warnings) : '';
    return `<article class="govreport" lang="zh-CN">${head}${body}</article>`;
  }

  // ------------------------------------------------------------------------- sources and marks

  private lineOf(offset: number): number {
    return this.doc.lines.positionAt(offset).line;
  }

  /** The key of `path` (or of its nearest ancestor that has one, for the line only). */
  private keySource(path: Path, extra: OffsetRange[] = []): Source {
    const own = keyRange(this.doc, path);
    if (own) return { line: this.lineOf(own.start), ranges: [own, ...extra] };
    for (let n = path.length - 1; n > 0; n--) {
      const r = keyRange(this.doc, path.slice(0, n));
      if (r) return { line: this.lineOf(r.start), ranges: extra };
    }
    return { line: 0, ranges: extra };
  }

  /** The value node of `path` (a cell, a scalar); its key's line when it has no node. */
  private valueSource(path: Path): Source {
    const r = nodeAt(this.doc, path)?.range;
    if (r && r[1] > r[0]) return { line: this.lineOf(r[0]), ranges: [{ start: r[0], end: r[1] }] };
    if (r) return { line: this.lineOf(r[0]), ranges: [{ start: r[0], end: r[0] }] };
    return { ...this.keySource(path), ranges: [] };
  }

  /** A row's label: its key, and the first character of its value (where row-level problems start, not its cells'). */
  private rowSource(path: Path): Source {
    const node = nodeAt(this.doc, path);
    const r = isCollection(node) ? node.range : undefined; // a scalar row is its own (only) cell
    return this.keySource(path, r ? [{ start: r[0], end: r[0] + 1 }] : []);
  }

  private problemsAt(ranges: readonly OffsetRange[]): ReportDiagnostic[] {
    if (ranges.length === 0 || this.marks.length === 0) return [];
    let limit = 0;
    for (const r of ranges) limit = Math.max(limit, r.end, r.start + 1);
    // only diagnostics starting before the element's end can overlap it
    let lo = 0;
    let hi = this.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.marks[mid]!.range.start < limit) lo = mid + 1;
      else hi = mid;
    }
    const found: ReportDiagnostic[] = [];
    for (let i = 0; i < lo; i++) {
      const d = this.marks[i]!;
      const dEnd = Math.max(d.range.end, d.range.start + 1);
      if (ranges.some((r) => d.range.start < Math.max(r.end, r.start + 1) && dEnd > r.start)) found.push(d);
    }
    return found;
  }

  /** ` class="…" data-line="…" title="…"`: the preview's attributes and the element's own class. */
  private attrs(cls: string | undefined, source: Source | undefined): string {
    let classes = cls ?? '';
    let out = '';
    if (this.preview && source) {
      out += attr('data-line', source.line);
      const found = this.problemsAt(source.ranges);
      if (found.length > 0) {
        for (const d of found) this.shown.add(d);
        classes = `${classes} gr-problem ${found.some((d) => d.severity === 'error') ? 'gr-error' : 'gr-warning'}`.trim();
        out += attr('title', [...new Set(found.map((d) => d.message))].join('\n'));
      }
    }
    return (classes ? attr('class', classes) : '') + out;
  }

  private element(tag: string, cls: string | undefined, source: Source | undefined, html: string): void {
    this.out.push(`<${tag}${this.attrs(cls, source)}>${html}</${tag}>`);
  }

  private cell(tag: 'th' | 'td', html: string, source: Source | undefined, o: CellOptions = {}): string {
    const span = (o.colspan && o.colspan > 1 ? attr('colspan', o.colspan) : '') + (o.rowspan && o.rowspan > 1 ? attr('rowspan', o.rowspan) : '');
    return `<${tag}${this.attrs(o.cls, source)}${span}${o.scope ? attr('scope', o.scope) : ''}>${html}</${tag}>`;
  }

  /** Rows carry the line only: their cells show the problems. */
  private row(source: Source | undefined, cells: string, cls?: string): void {
    this.out.push(`<tr${this.attrs(cls, source && lineOnly(source))}>${cells}</tr>`);
  }

  // ------------------------------------------------------------------------- blocks

  private titleBlock(): void {
    const own = getIn(this.data, ['title']);
    const source = typeof own === 'string' && own.trim()
      ? this.valueSource(['title'])
      : { ...this.keySource(['agency']), ranges: [...this.valueSource(['agency']).ranges, ...this.valueSource(['year']).ranges] };
    this.element('h1', 'gr-title', source, esc(reportTitle(this.data)));
  }

  private heading(level: 2 | 3, path: Path, text: string, cls?: string): void {
    this.element(`h${level}`, cls, this.keySource(path), esc(text));
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
      if (lead !== undefined) this.element('p', undefined, this.keySource(path, this.valueSource(path).ranges), esc(lead));
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
      this.element('p', undefined, source, esc(i === 0 && lead !== undefined ? lead + p.text : p.text));
    });
  }

  /** 联系方式: what the preamble does not already say (reports usually write it there). */
  private contact(): void {
    const contact = getIn(this.data, ['contact']);
    if (contact === null || typeof contact !== 'object') return;
    const preamble = display(getIn(this.data, ['preamble']));
    const items: string[] = [];
    const ranges: OffsetRange[] = [];
    for (const key of Object.keys(schemaAt(['contact'])?.properties ?? {})) {
      const path = ['contact', key];
      const value = display(getIn(this.data, path)).trim();
      if (!value || preamble.includes(value)) continue;
      ranges.push(...this.valueSource(path).ranges);
      let shown = esc(value);
      const href = key === 'website' ? safeHref(value) : key === 'email' && EMAIL.test(value) ? safeHref(`mailto:${value}`) : undefined;
      if (href) shown = `<a${attr('href', href)} rel="noopener noreferrer">${shown}</a>`;
      // <bdi>: a direction mark in one value cannot reorder the next
      items.push(`${esc(titleAt(path))}：<bdi>${shown}</bdi>`);
    }
    if (items.length === 0) return;
    this.element('p', 'gr-contact', this.keySource(['contact'], ranges), `${esc(titleAt(['contact']))}：${items.join('；')}`);
  }

  private part(key: string, body: () => void): void {
    this.out.push(`<section${attr('class', `gr-part gr-part-${key.replace(/_/g, '-')}`)}>`);
    this.heading(2, [key], titleAt([key]));
    body();
    this.out.push('</section>');
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
        if (key !== 'summary') this.heading(3, path, titleAt(path));
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
      this.element('h3', undefined, source, esc(`（${chineseNumber(before + i + 1)}）${title}`));
      this.textBlock([...itemPath, 'text']);
    });
  }

  /** 二: one table of four columns in four blocks, as the template. */
  private proactive(): void {
    this.part('proactive', () => {
      const table = lineOnly(this.keySource(['proactive']));
      const width = 1 + Math.max(1, ...PROACTIVE_BLOCKS.flatMap((b) => b.rows.map((k) => this.columnsOf(['proactive', k]).length)));
      this.out.push('<table class="gr-table gr-table-proactive"><tbody>');
      for (const block of PROACTIVE_BLOCKS) {
        this.row(table, this.cell('th', esc(block.label), table, { colspan: width, cls: 'gr-block', scope: 'colgroup' }), 'gr-head');
        const columns = this.columnsOf(['proactive', block.rows[0]!]);
        const heads = columns.length > 0
          ? columns.map((c) => this.cell('th', esc(titleAt(['proactive', block.rows[0]!, c])), table, { scope: 'col' })).join('')
          : this.cell('th', esc(this.valueLabel(['proactive', block.rows[0]!])), table, { colspan: width - 1, scope: 'col' });
        this.row(table, this.cell('th', esc(LABELS.item), table, { scope: 'col' }) + heads, 'gr-head');
        for (const key of block.rows) {
          const path = ['proactive', key];
          const label = this.cell('th', esc(titleAt(path)), this.rowSource(path), { cls: 'gr-label', scope: 'row' });
          const cells = columns.length > 0
            ? columns.map((c) => this.valueCell([...path, c])).join('')
            : this.valueCell(path, width - 1);
          this.row(this.keySource(path), label + cells);
        }
      }
      this.out.push('</tbody></table>');
    });
  }

  /** The keys of a table-二 row that is a map (规章: 本年制发件数 …), else none. */
  private columnsOf(path: Path): string[] {
    const node = schemaAt(path);
    return node?.type === 'object' ? Object.keys(node.properties ?? {}) : [];
  }

  /** The value column of a single-value row: a count of decisions, or the fee amount (the money type's title). */
  private valueLabel(path: Path): string {
    return schemaAt(path)?.type === 'number' ? (reportSchema.definitions?.['money']?.title ?? '') : LABELS.decisions;
  }

  private valueCell(path: Path, colspan = 1): string {
    return this.cell('td', esc(display(getIn(this.data, path))), this.valueSource(path), { cls: 'gr-num', colspan });
  }

  /** 三: the template's header (the note, 申请人情况, 法人或其他组织 over five columns) and 25 rows with merged group cells. */
  private applications(): void {
    this.part('applications', () => {
      const table = lineOnly(this.keySource(['applications']));
      const labelColumns = Math.max(...APPLICATION_ROWS.map((p) => p.length)) - 1;
      const n = APPLICATION_COLUMNS.length;
      const col = (label: string, o: CellOptions = {}) => this.cell('th', esc(label), table, { scope: 'col', ...o });
      this.out.push('<table class="gr-table gr-table-applications"><thead>');
      this.row(table, this.cell('th', esc(LABELS.applicationsNote), table, { cls: 'gr-note', colspan: labelColumns, rowspan: 3 })
        + col(reportSchema.definitions?.['applicationRow']?.title ?? '', { colspan: n, scope: 'colgroup' }), 'gr-head');
      this.row(table, col(APPLICATION_COLUMNS[0]!, { rowspan: 2 }) + col(LABELS.organisations, { colspan: n - 2, scope: 'colgroup' })
        + col(APPLICATION_COLUMNS[n - 1]!, { rowspan: 2 }), 'gr-head');
      this.row(table, APPLICATION_COLUMNS.slice(1, -1).map((c) => col(c)).join(''), 'gr-head');
      this.out.push('</thead><tbody>');
      // group cells (三、本年度办理结果, （三）不予公开 …) span the rows below them
      const groupSize = new Map<string, number>();
      for (const p of APPLICATION_ROWS) for (let k = 2; k < p.length; k++) {
        const id = p.slice(0, k).join('\u0000');
        groupSize.set(id, (groupSize.get(id) ?? 0) + 1);
      }
      const opened = new Set<string>();
      for (const path of APPLICATION_ROWS) {
        let cells = '';
        for (let k = 2; k < path.length; k++) {
          const group = path.slice(0, k);
          const id = group.join('\u0000');
          if (opened.has(id)) continue;
          opened.add(id);
          cells += this.cell('th', esc(titleAt(group)), this.keySource(group), { cls: 'gr-label gr-group', rowspan: groupSize.get(id), scope: 'row' });
        }
        cells += this.cell('th', esc(titleAt(path)), this.rowSource(path), { cls: 'gr-label', colspan: labelColumns - (path.length - 2), scope: 'row' });
        for (let c = 0; c < n; c++) cells += this.valueCell([...path, c]);
        this.row(this.keySource(path), cells);
      }
      this.out.push('</tbody></table>');
    });
  }

  /** 四: one data row of 15 cells under 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉). */
  private appeals(): void {
    this.part('appeals', () => {
      const table = lineOnly(this.keySource(['appeals']));
      // `行政诉讼 · 未经复议直接起诉`: the group, then the row within it
      const groups: { name: string; rows: { sub?: string; path: Path }[] }[] = [];
      for (const path of APPEAL_ROWS) {
        const [name = '', sub] = titleAt(path).split(/\s*·\s*/);
        const last = groups[groups.length - 1];
        if (sub !== undefined && last?.name === name && last.rows[0]?.sub !== undefined) last.rows.push({ sub, path });
        else groups.push({ name, rows: [sub !== undefined ? { sub, path } : { path }] });
      }
      const n = APPEAL_COLUMNS.length;
      const split = groups.some((g) => g.rows[0]?.sub !== undefined);
      const col = (label: string, source: Source, o: CellOptions = {}) => this.cell('th', esc(label), source, { scope: 'col', ...o });
      this.out.push('<table class="gr-table gr-table-appeals"><thead>');
      this.row(table, groups.map((g) => col(g.name, g.rows.length === 1 && g.rows[0]!.sub === undefined ? this.rowSource(g.rows[0]!.path) : table,
        { colspan: n * g.rows.length, scope: 'colgroup' })).join(''), 'gr-head');
      let second = '';
      let third = '';
      for (const g of groups) {
        for (const r of g.rows) {
          // the row's problems show once, on its group or sub-group cell; its column heads take its line
          const source = this.rowSource(r.path);
          if (r.sub === undefined) second += APPEAL_COLUMNS.map((c) => col(c, lineOnly(source), { rowspan: split ? 2 : 1 })).join('');
          else {
            second += col(r.sub, source, { colspan: n, scope: 'colgroup' });
            third += APPEAL_COLUMNS.map((c) => col(c, lineOnly(source))).join('');
          }
        }
      }
      this.row(table, second, 'gr-head');
      if (third) this.row(table, third, 'gr-head');
      this.out.push('</thead><tbody>');
      let cells = '';
      for (const path of APPEAL_ROWS) for (let c = 0; c < n; c++) cells += this.valueCell([...path, c]);
      this.row(APPEAL_ROWS[0] ? this.keySource(APPEAL_ROWS[0]) : table, cells);
      this.out.push('</tbody></table>');
    });
  }

  /** 五: （一）（二） with their texts. */
  private problems(): void {
    this.part('problems', () => {
      for (const key of Object.keys(schemaAt(['problems'])?.properties ?? {})) {
        const path = ['problems', key];
        if (!isPresent(getIn(this.data, path))) continue;
        this.heading(3, path, titleAt(path));
        this.textBlock(path);
      }
    });
  }

  /** 六: the items in schema order as `一是{label}。{text}`; absent optional items are left out, the numbering stays consecutive. */
  private otherMatters(): void {
    this.part('other_matters', () => {
      const node = schemaAt(['other_matters']);
      const required = new Set(node?.required ?? []);
      let n = 0;
      for (const key of Object.keys(node?.properties ?? {})) {
        const path = ['other_matters', key];
        if (!required.has(key) && !display(getIn(this.data, path)).trim()) continue;
        const label = titleAt(path);
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
    this.out.push('<div class="gr-signature"><div class="gr-signature-inner">');
    if (agency) this.element('p', 'gr-agency', this.valueSource(['agency']), esc(agency));
    if (date) this.element('p', 'gr-date', this.valueSource(['published']), esc(date));
    this.out.push('</div></div>');
  }

  /** The preview's status line, and the problems no rendered element shows (unknown keys…), each with its line. */
  private summary(errors: number, warnings: number): string {
    const lang = this.lang;
    const e = errors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', errors);
    const w = warnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', warnings);
    const state = errors > 0 ? 'gr-error' : warnings > 0 ? 'gr-warning' : 'gr-ok';
    let html = `<p${attr('class', `gr-summary ${state}`)} role="status"${attr('lang', lang === 'zh' ? 'zh-CN' : 'en')}${attr('data-line', 0)}>${esc(t(lang, 'Check results: {0}, {1}', e, w))}</p>`;
    const rest = this.marks.filter((d) => !this.shown.has(d));
    if (rest.length > 0) {
      html += `<ul class="gr-unplaced"${attr('lang', lang === 'zh' ? 'zh-CN' : 'en')}>`;
      for (const d of rest) {
        html += `<li${attr('class', `gr-problem gr-${d.severity}`)}${attr('data-line', this.lineOf(d.range.start))}>${esc(d.message)}</li>`;
      }
      html += '</ul>';
    }
    return html;
  }
}

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
