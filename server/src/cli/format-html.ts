/**
 * The review page (`govreport check --format html -o review.html PATH...`): one self-contained HTML
 * file for a supervisor who reviews many reports at once. A summary table (one row per report,
 * sortable and filterable by a small inline script), the findings per rule as a bar chart (inline
 * SVG), then per report its findings and the report as the preview renders it, with its failing
 * cells marked; reports of one agency follow each other, by year.
 *
 * Safety: everything from a report or a path goes through escapeHtml; the page's one script and one
 * style carry a fresh nonce and the CSP allows nothing else (no remote resource, no inline handler),
 * so a report that smuggles markup still cannot run or load anything.
 * Memory: the reports are rendered one at a time into a temporary file while the summary rows
 * (a few strings each) are collected; then the page is written as head, summary, chart and that file.
 * Length: the page's stylesheet and its one script are constants here (~110 lines), so that the page
 * is built, and its CSP nonce applied, in one place.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import {
  analyze, deadlineOf, escapeHtml as esc, quickIdentity, renderReport, RULES, ruleSummary, showDate, t, validDate,
  type Lang, type ReportDiagnostic, type RuleCode, type SeveritySetting,
} from '../core';
import type { Checked } from './check';
import type { FileResult } from './results';

export interface ReviewOptions {
  lang: Lang;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  /** media/report.css (the rendered reports' stylesheet), inlined. */
  css: string;
  /** Reads a report file as check read it (the caller's safe reading). */
  read: (file: string) => string;
  /** Paths under this folder are shown relative to it (default: the working folder). */
  root?: string;
  /** A file with its across-years findings (CrossYear.complete), asked once per report as its section is written; default: as given. */
  complete?: (c: Checked) => Checked;
}

/** A path as the page shows it: relative to the root when under it (shorter, and no machine's folder names in a mailed page). */
function shownPath(file: string, root: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** One summary row: what the table shows and sorts by. */
interface Row {
  id: string;
  file: string;
  agency: string;
  kind: string;
  year: number | undefined;
  published: string | undefined;
  /** days after the deadline (≤ 0: in time), undefined: no deadline or no date */
  late: number | undefined;
  deadline: string | undefined;
  errors: number;
  warnings: number;
  rules: string[];
}

/** agency_kind as the summary shows it. */
function kindLabel(lang: Lang, kind: string): string {
  if (kind === 'department') return t(lang, 'department');
  if (kind === 'government') return t(lang, 'government');
  if (kind === 'township') return t(lang, 'township or sub-district');
  return kind;
}

/** Writes the page through `write` (called many times, in order). */
export function writeReviewPage(checked: readonly Checked[], ioErrors: readonly FileResult[], options: ReviewOptions, write: (s: string) => void): void {
  const { lang } = options;
  const nonce = randomBytes(18).toString('base64');
  const order = reviewOrder(checked, options.read);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-review-'));
  const sectionsFile = path.join(tmp, 'sections.html');
  try {
    const fd = fs.openSync(sectionsFile, 'w', 0o600);
    const rows: Row[] = [];
    const perRule = new Map<string, { findings: number; reports: number }>();
    try {
      let agency: string | undefined;
      order.forEach((c, n) => {
        const id = `report-${n + 1}`;
        const full = options.complete ? options.complete(c) : c;
        const { row, html } = reportSection(full, id, options);
        rows.push(row);
        for (const m of full.result.messages) {
          const e = perRule.get(m.ruleId) ?? { findings: 0, reports: 0 };
          e.findings++;
          perRule.set(m.ruleId, e);
        }
        for (const r of row.rules) perRule.get(r)!.reports++;
        // one group per agency: its reports by year
        let out = '';
        if (row.agency !== agency) {
          if (agency !== undefined) out += '</section>\n';
          agency = row.agency;
          out += `<section class="rv-agency"><h2 class="rv-agency-name">${esc(row.agency || t(lang, '(agency unknown)'))}</h2>\n`;
        }
        fs.writeSync(fd, out + html);
      });
      if (agency !== undefined) fs.writeSync(fd, '</section>\n');
    } finally {
      fs.closeSync(fd);
    }
    write(head(nonce, options));
    write(summary(rows, ioErrors, options));
    write(chart(perRule, options));
    write(`<h2 class="rv-heading">${esc(t(lang, 'Reports'))}</h2>\n<div id="rv-reports">\n`);
    copyFile(sectionsFile, write);
    write(`</div>\n</main>\n<script nonce="${nonce}">${SCRIPT}</script>\n</body>\n</html>\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The reports grouped by agency (in pinyin order), each agency's by year, then by file. */
function reviewOrder(checked: readonly Checked[], read: (file: string) => string): Checked[] {
  const keyed = checked.filter((c) => !c.result.ioError).map((c) => {
    let id: { agency: string; year: number } | undefined = c.year?.facts ?? c.identity;
    if (!id) {
      try {
        id = quickIdentity(read(c.result.filePath)) as typeof id;
      } catch {
        id = undefined;
      }
    }
    return { c, known: id !== undefined, agency: id?.agency ?? '', year: id?.year ?? 0 };
  });
  // agencies as a Chinese reader looks them up (by pinyin), unknown ones last
  const collator = new Intl.Collator('zh-CN');
  keyed.sort((a, b) => Number(b.known) - Number(a.known) || collator.compare(a.agency, b.agency) || (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0)
    || a.year - b.year || (a.c.result.filePath < b.c.result.filePath ? -1 : 1));
  return keyed.map((k) => k.c);
}

function reportSection(c: Checked, id: string, options: ReviewOptions): { row: Row; html: string } {
  const { lang } = options;
  const r = c.result;
  const rules = [...new Set(r.messages.map((m) => m.ruleId))].sort();
  const row: Row = { id, file: r.filePath, agency: '', kind: '', year: undefined, published: undefined, late: undefined, deadline: undefined, errors: r.errorCount, warnings: r.warningCount, rules };
  let article: string;
  try {
    const raw = options.read(r.filePath);
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const analysis = analyze(text, { lang, severities: options.severities });
    // the across-years findings mark their cells too (their ranges are offsets into this same text)
    const extra: ReportDiagnostic[] = (c.crossYear ?? []).map((f) => f.diagnostic);
    const rendered = renderReport({ ...analysis, diagnostics: [...analysis.diagnostics, ...extra] }, { lang, preview: true });
    article = rendered.html;
    const data = analysis.document.data as Record<string, unknown> | undefined;
    if (data && typeof data === 'object') {
      if (typeof data.agency === 'string') row.agency = data.agency.trim();
      if (typeof data.year === 'number') row.year = data.year;
      const kind = typeof data.agency_kind === 'string' ? data.agency_kind : 'department';
      row.kind = kindLabel(lang, kind);
      row.published = validDate(data.published);
      const deadline = deadlineOf(data, lang);
      row.deadline = deadline?.date;
      if (deadline && row.published) row.late = Math.round((Date.parse(row.published) - Date.parse(deadline.date)) / 86_400_000);
    }
  } catch (e) {
    article = `<p class="rv-unreadable">${esc(t(lang, 'cannot read {0}: {1}', r.filePath, String((e as Error).message ?? e)))}</p>`;
  }
  let html = `<section class="rv-report" id="${id}"${row.errors > 0 ? ' data-errors' : ''}>\n`;
  html += `<h3>${esc(row.agency || path.basename(r.filePath))}${row.year === undefined ? '' : ` · ${esc(t(lang, '{0} report', row.year))}`}</h3>\n`;
  const root = options.root ?? process.cwd();
  html += `<p class="rv-file">${esc(shownPath(r.filePath, root))}</p>\n`;
  if (r.messages.length === 0) {
    html += `<p class="rv-clean">${esc(t(lang, 'No problems found.'))}</p>\n`;
  } else {
    const related = new Map<string, { filePath: string; line: number; column: number; message: string }[]>();
    for (const f of c.crossYear ?? []) related.set(`${f.diagnostic.code}\u0000${f.diagnostic.message}`, f.related);
    html += '<ol class="rv-findings">\n';
    for (const m of r.messages) {
      const sev = m.severity === 2 ? 'error' : 'warning';
      html += `<li class="rv-${sev}"><span class="rv-pos">${m.line}:${m.column}</span> <span class="rv-sev">${esc(sev === 'error' ? t(lang, 'error') : t(lang, 'warning'))}</span> <span class="rv-msg">${esc(m.message)}</span> <code class="rv-rule">${esc(m.ruleId)}</code>`;
      const others = related.get(`${m.ruleId}\u0000${m.message}`);
      if (others?.length) {
        html += '<ul class="rv-related">';
        for (const o of others) html += `<li>${esc(`${shownPath(o.filePath, root)}:${o.line}:${o.column}`)} — ${esc(o.message)}</li>`;
        html += '</ul>';
      }
      html += '</li>\n';
    }
    html += '</ol>\n';
  }
  html += `<details class="rv-rendered"${r.messages.length > 0 ? ' open' : ''}><summary>${esc(t(lang, 'The report as published, problems marked'))}</summary>\n${article}\n</details>\n</section>\n`;
  return { row, html };
}

function head(nonce: string, options: ReviewOptions): string {
  const { lang } = options;
  // nothing but the nonce'd script and style; the SVG bars are markup, not resources
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const css = `${options.css}\n${STYLE}`.replace(/</g, '\\3c ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="GovReport">',
    `<title>${esc(t(lang, 'GovReport review'))}</title>`,
    `<style nonce="${nonce}">\n${css}\n</style>`,
    '</head>',
    '<body class="rv-page">',
    '<main>',
    `<h1>${esc(t(lang, 'GovReport review'))}</h1>`,
    '',
  ].join('\n');
}

function summary(rows: readonly Row[], ioErrors: readonly FileResult[], options: ReviewOptions): string {
  const { lang } = options;
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  const warnings = rows.reduce((n, r) => n + r.warnings, 0);
  const withErrors = rows.filter((r) => r.errors > 0).length;
  let html = `<p class="rv-totals">${esc(t(lang, '{0} reports: {1} with errors; {2} errors, {3} warnings in all.', rows.length, withErrors, errors, warnings))}</p>\n`;
  if (ioErrors.length > 0) {
    html += `<ul class="rv-io-errors">${ioErrors.map((e) => `<li>${esc(t(lang, 'cannot read {0}: {1}', e.filePath, e.ioError ?? ''))}</li>`).join('')}</ul>\n`;
  }
  html += `<div class="rv-controls"><label>${esc(t(lang, 'Filter'))} <input type="search" id="rv-filter" autocomplete="off"></label> `
    + `<label><input type="checkbox" id="rv-only-errors"> ${esc(t(lang, 'only reports with errors'))}</label> `
    + '<span id="rv-shown" role="status"></span></div>\n';
  const columns: [string, 'text' | 'number'][] = [
    [t(lang, 'Agency'), 'text'], [t(lang, 'Kind'), 'text'], [t(lang, 'Year'), 'number'], [t(lang, 'Published'), 'text'],
    [t(lang, 'Deadline'), 'number'], [t(lang, 'Errors'), 'number'], [t(lang, 'Warnings'), 'number'], [t(lang, 'Rules'), 'text'],
  ];
  html += '<table class="rv-summary" id="rv-summary"><thead><tr>';
  columns.forEach(([label, type], i) => {
    html += `<th scope="col" aria-sort="none"><button type="button" data-column="${i}" data-type="${type}">${esc(label)}</button></th>`;
  });
  html += '</tr></thead>\n<tbody>\n';
  for (const r of rows) {
    const deadline = r.late === undefined
      ? { text: r.deadline ? t(lang, 'no date') : t(lang, 'no national deadline'), sort: '' }
      : r.late > 0 ? { text: t(lang, '{0} days late', r.late), sort: String(r.late) } : { text: t(lang, 'met'), sort: String(r.late) };
    html += `<tr data-report="${r.id}"${r.errors > 0 ? ' data-errors' : ''} class="${r.errors > 0 ? 'rv-row-error' : r.warnings > 0 ? 'rv-row-warning' : 'rv-row-clean'}">`
      + `<td data-sort="${esc(r.agency)}" title="${esc(shownPath(r.file, options.root ?? process.cwd()))}"><a href="#${r.id}">${esc(r.agency || path.basename(r.file))}</a></td>`
      + `<td>${esc(r.kind)}</td>`
      + `<td data-sort="${r.year ?? ''}">${r.year ?? ''}</td>`
      + `<td data-sort="${esc(r.published ?? '')}">${esc(r.published ? showDate(lang, r.published) : '')}</td>`
      + `<td data-sort="${deadline.sort}" class="${r.late !== undefined && r.late > 0 ? 'rv-late' : ''}"${r.deadline ? ` title="${esc(r.deadline)}"` : ''}>${esc(deadline.text)}</td>`
      + `<td data-sort="${r.errors}">${r.errors}</td>`
      + `<td data-sort="${r.warnings}">${r.warnings}</td>`
      + `<td>${r.rules.map((code) => `<code>${esc(code)}</code>`).join(' ')}</td>`
      + '</tr>\n';
  }
  html += '</tbody></table>\n';
  return html;
}

/** Findings per rule across all reports: one bar each (inline SVG, so the CSP needs no style attribute). */
function chart(perRule: ReadonlyMap<string, { findings: number; reports: number }>, options: ReviewOptions): string {
  const { lang } = options;
  const fired = RULES.filter((r) => perRule.has(r.code));
  let html = `<h2 class="rv-heading">${esc(t(lang, 'Findings per rule'))}</h2>\n`;
  if (fired.length === 0) return `${html}<p class="rv-clean">${esc(t(lang, 'No problems found.'))}</p>\n`;
  const max = Math.max(...fired.map((r) => perRule.get(r.code)!.findings));
  const width = 240;
  html += '<table class="rv-chart" id="rv-chart"><tbody>\n';
  for (const r of fired) {
    const { findings, reports } = perRule.get(r.code)!;
    const w = Math.max(1, Math.round((findings / max) * width));
    const setting = options.severities[r.code];
    const level = setting && setting !== 'off' ? setting : r.severity;
    html += `<tr data-rule="${esc(r.code)}"><th scope="row"><button type="button" class="rv-rule-filter" data-rule="${esc(r.code)}"><code>${esc(r.code)}</code></button><br><span class="rv-rule-summary">${esc(ruleSummary(r.code, lang))}</span></th>`
      + `<td class="rv-bar"><svg width="${width}" height="14" viewBox="0 0 ${width} 14" role="img" aria-label="${findings}"><rect class="rv-bar-${level}" x="0" y="1" width="${w}" height="12"></rect></svg></td>`
      + `<td class="rv-count">${esc(t(lang, '{0} findings in {1} reports', findings, reports))}</td></tr>\n`;
  }
  return `${html}</tbody></table>\n`;
}

/** Streams a UTF-8 file to `write` in pieces (a multi-byte character split between pieces is kept whole). */
function copyFile(file: string, write: (s: string) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      write(decoder.write(buf.subarray(0, n)));
    }
    const rest = decoder.end();
    if (rest) write(rest);
  } finally {
    fs.closeSync(fd);
  }
}

const STYLE = `
body.rv-page { margin: 0; padding: 0 24px 48px; font: 14px/1.5 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1b1b1b; background: #fff; }
.rv-page h1 { font-size: 22px; margin: 20px 0 8px; }
.rv-heading { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; }
.rv-controls { margin: 8px 0; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.rv-controls input[type=search] { font: inherit; padding: 2px 6px; min-width: 16em; }
table.rv-summary { border-collapse: collapse; width: 100%; }
.rv-summary th, .rv-summary td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
.rv-summary th button { font: inherit; font-weight: 600; border: 0; background: none; cursor: pointer; padding: 0; }
.rv-summary th[aria-sort=ascending] button::after { content: " ▲"; }
.rv-summary th[aria-sort=descending] button::after { content: " ▼"; }
.rv-summary tr.rv-row-error td:nth-child(6) { color: #c4161c; font-weight: 600; }
.rv-summary tr.rv-row-warning td:nth-child(7) { color: #a35c00; font-weight: 600; }
.rv-summary td.rv-late { color: #a35c00; }
.rv-summary code, .rv-rule { font-size: 12px; background: #f1f1f1; padding: 0 3px; border-radius: 3px; }
table.rv-chart { border-collapse: collapse; }
.rv-chart th { text-align: left; font-weight: normal; padding: 3px 12px 3px 0; max-width: 32em; }
.rv-chart button { border: 0; background: none; padding: 0; cursor: pointer; }
.rv-rule-summary { color: #555; font-size: 12px; }
.rv-bar-error { fill: #c4161c; } .rv-bar-warning { fill: #d08a00; } .rv-bar-info { fill: #3b7dd8; }
.rv-count { padding-left: 8px; color: #333; white-space: nowrap; }
.rv-agency { margin-top: 24px; border-top: 3px solid #333; }
.rv-agency-name { font-size: 18px; margin: 8px 0; }
.rv-report { margin: 12px 0 24px; padding-left: 12px; border-left: 4px solid #3a8a3a; }
.rv-report[data-errors] { border-left-color: #c4161c; }
.rv-report h3 { font-size: 16px; margin: 4px 0; }
.rv-file { color: #555; font-size: 12px; margin: 0 0 6px; overflow-wrap: anywhere; }
.rv-findings { margin: 6px 0; padding-left: 24px; }
.rv-findings li.rv-error .rv-sev { color: #c4161c; font-weight: 600; }
.rv-findings li.rv-warning .rv-sev { color: #a35c00; font-weight: 600; }
.rv-pos { color: #555; font-family: ui-monospace, monospace; font-size: 12px; }
.rv-related { color: #444; font-size: 12px; }
.rv-rendered > summary { cursor: pointer; color: #333; margin: 6px 0; }
.rv-rendered .govreport { margin: 0; max-width: 156mm; border: 1px solid #ddd; padding: 24pt 16pt; }
[hidden] { display: none !important; }
@media print { .rv-controls { display: none; } .rv-rendered { page-break-before: always; } }
`;

/**
 * The page's one script: sorting by a column (numbers as numbers, empty last), a text filter over
 * the rows (and the reports they link to), "only with errors", and a rule in the chart as a filter.
 * It reads the page's own attributes only and writes no HTML.
 */
const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('rv-summary');
  if (!table) return;
  var body = table.tBodies[0];
  var filter = document.getElementById('rv-filter');
  var onlyErrors = document.getElementById('rv-only-errors');
  var shown = document.getElementById('rv-shown');
  var rows = Array.prototype.slice.call(body.rows);
  var total = rows.length;
  function key(row, i) {
    var cell = row.cells[i];
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
  }
  table.tHead.addEventListener('click', function (e) {
    var button = e.target.closest('button[data-column]');
    if (!button) return;
    var i = Number(button.getAttribute('data-column'));
    var numeric = button.getAttribute('data-type') === 'number';
    var th = button.parentElement;
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
      var d = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
      return d * dir;
    });
    sorted.forEach(function (r) { body.appendChild(r); });
  });
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!onlyErrors.checked || r.hasAttribute('data-errors'));
      r.hidden = !ok;
      var report = document.getElementById(r.getAttribute('data-report'));
      if (report) report.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = count + ' / ' + total;
  }
  filter.addEventListener('input', apply);
  onlyErrors.addEventListener('change', apply);
  var chart = document.getElementById('rv-chart');
  if (chart) chart.addEventListener('click', function (e) {
    var button = e.target.closest('button[data-rule]');
    if (!button) return;
    filter.value = button.getAttribute('data-rule');
    apply();
    table.scrollIntoView();
  });
  apply();
})();
`;
