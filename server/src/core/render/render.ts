/**
 * The report as the official document, in HTML: one renderer for the preview (a fragment with
 * source lines and problem marks), the export and the CLI (a standalone page). Plain string
 * building over the parsed report: no DOM, no template engine, every report string escaped.
 *
 * What is shown, in which order and with which merged cells is laid out once in ./layout (the DOCX
 * exporter reads the same blocks); this file writes them as markup.
 */
import type { Analysis } from '../checks/analyze';
import type { OffsetRange, ReportDiagnostic } from '../model/diagnostic';
import type { ReportDocument } from '../model/document';
import { attr, escapeHtml as esc } from './html';
import { t, type Lang } from '../model/l10n';
import { reportSchema } from '../model/schema';
import { layoutReport, lineOnly, reportTitle, type Block, type LayoutRow, type Source, type TableBlock } from './layout';

export { chineseNumber, reportTitle, sourceOffsets, splitParagraphs } from './layout';

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

/** Cell merges and scope as HTML attributes (a span of 1 is not written). */
interface CellOptions {
  cls?: string;
  colspan?: number;
  rowspan?: number;
  scope?: 'row' | 'col' | 'colgroup';
}

/** The HTML writer: the laid-out blocks as markup, with the preview's source lines and problem marks. */
class Renderer {
  private readonly out: string[] = [];
  /** Errors and warnings by start offset: what the preview marks. */
  private readonly marks: ReportDiagnostic[];
  private readonly shown = new Set<ReportDiagnostic>();

  constructor(private readonly doc: ReportDocument, diagnostics: readonly ReportDiagnostic[], private readonly lang: Lang, private readonly preview: boolean) {
    this.marks = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').sort((a, b) => a.range.start - b.range.start);
  }

  render(errors: number, warnings: number): string {
    for (const block of layoutReport(this.doc)) this.block(block);
    const body = this.out.join('');
    const head = this.preview ? this.summary(errors, warnings) : '';
    return `<article class="govreport" lang="zh-CN">${head}${body}</article>`;
  }

  private block(block: Block): void {
    switch (block.kind) {
      case 'title':
        this.element('h1', 'gr-title', block.source, esc(block.text));
        break;
      case 'heading':
        this.element(`h${block.level}`, undefined, block.source, esc(block.text));
        break;
      case 'paragraph':
        this.element('p', undefined, block.source, esc(block.text));
        break;
      case 'contact': {
        const items = block.items.map((item) => {
          let shown = esc(item.value);
          if (item.href) shown = `<a${attr('href', item.href)} rel="noopener noreferrer">${shown}</a>`;
          // <bdi>: a direction mark in one value cannot reorder the next
          return `${esc(item.label)}：<bdi>${shown}</bdi>`;
        });
        this.element('p', 'gr-contact', block.source, `${esc(block.label)}：${items.join('；')}`);
        break;
      }
      case 'part':
        this.out.push(`<section${attr('class', `gr-part gr-part-${block.key.replace(/_/g, '-')}`)}>`);
        for (const b of block.blocks) this.block(b);
        this.out.push('</section>');
        break;
      case 'table':
        this.table(block);
        break;
      case 'signature':
        this.out.push('<div class="gr-signature"><div class="gr-signature-inner">');
        if (block.agency) this.element('p', 'gr-agency', block.agency.source, esc(block.agency.text));
        if (block.date) this.element('p', 'gr-date', block.date.source, esc(block.date.text));
        this.out.push('</div></div>');
        break;
    }
  }

  private table(table: TableBlock): void {
    this.out.push(`<table class="gr-table gr-table-${table.id}">`);
    if (table.head.length > 0) {
      this.out.push('<thead>');
      for (const row of table.head) this.row(row);
      this.out.push('</thead>');
    }
    this.out.push('<tbody>');
    for (const row of table.body) this.row(row);
    this.out.push('</tbody></table>');
  }

  /** Rows carry the line only: their cells show the problems. */
  private row(row: LayoutRow): void {
    const cells = row.cells.map((c) => this.cell(c.tag, esc(c.text), c.source, c)).join('');
    this.out.push(`<tr${this.attrs(row.cls, row.source && lineOnly(row.source))}>${cells}</tr>`);
  }

  // ------------------------------------------------------------------------- marks

  private lineOf(offset: number): number {
    return this.doc.lines.positionAt(offset).line;
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
