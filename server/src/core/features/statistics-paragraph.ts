/**
 * The standard statistics paragraph of 依申请公开, written from the report's own tables ("全年共收到
 * 政府信息公开申请N件，其中自然人…；办结…件，其中予以公开…；结转下年度…件。收到行政复议…件、行政诉讼…件。"),
 * so that text and tables agree by construction (`text-table-mismatch` reads exactly these phrases).
 * In the report's own style: its year, and the way it names itself (我局, 本机关, …) when it does.
 * Report text is Chinese whatever the UI language.
 */
import { isScalar } from 'yaml';
import type { OffsetRange, TextEdit } from '../model/diagnostic';
import { keyRange, nodeAt, valueRange, type ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { titleAt, type Path } from '../model/schema';
import {
  APP_TOTAL, APPEAL_ROWS, APPEAL_TOTAL, APPLICATION_COLUMNS, CARRIED_FORWARD, CARRIED_OVER, RECEIVED, RESULT_ROWS, RESULTS_TOTAL,
  countRow, getIn,
} from '../model/table';
import { proseFields } from '../model/text-fields';
import type { CompletionEntry } from './completion';
import { escapeSnippet } from './skeleton';

const ON_REQUEST: Path = ['overview', 'on_request'];
/** The result categories in the order of the format, as the text names them. */
const CATEGORIES: readonly [string, string][] = [
  ['disclosed', '予以公开'], ['partially_disclosed', '部分公开'], ['withheld', '不予公开'],
  ['unavailable', '无法提供'], ['not_processed', '不予处理'], ['other', '其他处理'],
];

/** How the report names itself most often (我局, 本机关, 我委…), or '' when it does not. */
function selfName(doc: ReportDocument): string {
  const counts = new Map<string, number>();
  for (const field of proseFields(doc.data)) {
    for (const m of field.value.matchAll(/(?:我|本)(?:局|委|办|厅|署|院|中心|单位|机关|府)/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

interface Part { text: string; value?: number }

/** The paragraph as parts: literal text and figures (a snippet turns the figures into tab stops). */
function paragraphParts(doc: ReportDocument): Part[] | undefined {
  const data = doc.data;
  const width = APPLICATION_COLUMNS.length;
  const received = countRow(data, RECEIVED, width);
  const carriedOver = countRow(data, CARRIED_OVER, width);
  const total = countRow(data, RESULTS_TOTAL, width);
  const forward = countRow(data, CARRIED_FORWARD, width);
  const results = RESULT_ROWS.map((p) => [p, countRow(data, p, width)] as const);
  const appeals = APPEAL_ROWS.map((p) => [p, countRow(data, p, APPEAL_TOTAL + 1)] as const);
  if (!received || !carriedOver || !total || !forward || results.some(([, r]) => !r) || appeals.some(([, r]) => !r)) return undefined;
  const year = getIn(data, ['year']);
  const when = typeof year === 'number' && Number.isSafeInteger(year) ? `${year}年，` : '本年度，';
  const self = selfName(doc);
  const parts: Part[] = [];
  const text = (s: string) => parts.push({ text: s });
  const figure = (before: string, value: number, after = '件') => { text(before); parts.push({ text: String(value), value }); text(after); };

  text(when + self);
  if (received[APP_TOTAL]! === 0) {
    text('未收到政府信息公开申请');
  } else {
    figure('共收到政府信息公开申请', received[APP_TOTAL]!);
    const organisations = received.slice(1, APP_TOTAL).reduce((a, b) => a + b, 0);
    if (organisations === 0) text('，均为自然人');
    else {
      const natural = received[0]!;
      if (natural > 0) figure(`，其中${APPLICATION_COLUMNS[0]}`, natural);
      figure(natural > 0 ? `、${'法人或其他组织'}` : `，其中${'法人或其他组织'}`, organisations);
    }
  }
  if (carriedOver[APP_TOTAL]! > 0) figure('；上年结转政府信息公开申请', carriedOver[APP_TOTAL]!);
  if (total[APP_TOTAL]! > 0) {
    figure('；办结政府信息公开申请', total[APP_TOTAL]!);
    const named = CATEGORIES.map(([key, label]) => [label, results.filter(([p]) => p[2] === key).reduce((a, [, r]) => a + r![APP_TOTAL]!, 0)] as const)
      .filter(([, n]) => n > 0);
    named.forEach(([label, n], i) => figure(`${i === 0 ? '，其中' : '、'}${label}`, n));
  }
  if (forward[APP_TOTAL]! > 0) figure('；结转下年度继续办理', forward[APP_TOTAL]!);
  text('。');
  const review = appeals.filter(([p]) => p[1] === 'review').reduce((a, [, r]) => a + r![APPEAL_TOTAL]!, 0);
  const lawsuit = appeals.filter(([p]) => p[1] !== 'review').reduce((a, [, r]) => a + r![APPEAL_TOTAL]!, 0);
  if (review === 0 && lawsuit === 0) text('未发生政府信息公开行政复议、行政诉讼。');
  else if (review > 0 && lawsuit > 0) { figure('收到行政复议', review); figure('、行政诉讼', lawsuit, '件。'); }
  else if (review > 0) { figure('收到行政复议', review, '件，'); text('未发生行政诉讼。'); }
  else { text('未发生行政复议；'); figure('发生行政诉讼', lawsuit, '件。'); }
  return parts;
}

/** The paragraph, or undefined when a table it needs is not well formed (the schema or blank-cell says why). */
export function statisticsParagraph(doc: ReportDocument, _lang: Lang): string | undefined {
  return paragraphParts(doc)?.map((p) => p.text).join('');
}

/** The same paragraph as an LSP snippet: every figure a tab stop with the table's value as default. */
export function statisticsParagraphSnippet(doc: ReportDocument, _lang: Lang): string | undefined {
  const parts = paragraphParts(doc);
  if (!parts) return undefined;
  let n = 0;
  return parts.map((p) => (p.value === undefined ? escapeSnippet(p.text) : `\${${++n}:${p.value}}`)).join('') + '$0';
}

/**
 * The code action: the paragraph added as the first paragraph of 一（二）依申请公开 when that is a block
 * scalar (`on_request: |`), or written as one when the field is empty. Undefined when it cannot be
 * placed cleanly (a quoted or plain one-line value) or the tables are not well formed.
 */
export function statisticsParagraphAction(doc: ReportDocument, lang: Lang): { title: string; edits: TextEdit[] } | undefined {
  const paragraph = statisticsParagraph(doc, lang);
  if (!paragraph) return undefined;
  const title = t(lang, 'Write the statistics paragraph of {0} from the tables', titleAt(ON_REQUEST));
  const node = nodeAt(doc, ON_REQUEST);
  if (!isScalar(node) || !node.range) return undefined;
  const value = typeof node.value === 'string' ? node.value : '';
  if (value.includes(paragraph)) return undefined;
  const text = doc.text;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const headerEnd = text.indexOf('\n', node.range[0]);
    if (headerEnd < 0) return undefined;
    const firstLine = text.slice(headerEnd + 1, text.indexOf('\n', headerEnd + 1) < 0 ? undefined : text.indexOf('\n', headerEnd + 1));
    const indent = /^ */.exec(firstLine)![0] || '    ';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    // a paragraph of its own: a blank line after it in a literal block, the same in a folded one
    return { title, edits: [{ range: { start: headerEnd + 1, end: headerEnd + 1 }, newText: `${indent}${paragraph}${eol}${eol}` }] };
  }
  if (value.trim() === '') {
    // an empty value (`on_request:` or `on_request: ""`): write a block scalar
    const keyLine = doc.lines.positionAt(node.range[0]).line;
    const indent = /^ */.exec(text.slice(doc.lines.lineStart(keyLine)))![0];
    return { title, edits: [{ range: { start: node.range[0], end: node.range[1] }, newText: `|\n${indent}  ${paragraph}` }] };
  }
  return undefined;
}

/** The code action where the editor asks for one: when `range` touches 一（二）依申请公开 (its key or text). */
export function statisticsParagraphActionAt(doc: ReportDocument, lang: Lang, range: OffsetRange): { title: string; edits: TextEdit[] } | undefined {
  const touches = [keyRange(doc, ON_REQUEST), valueRange(doc, ON_REQUEST)].some((r) => r && r.start <= range.end && range.start <= r.end);
  return touches ? statisticsParagraphAction(doc, lang) : undefined;
}

/**
 * The snippet as a completion entry, on a blank line inside 一（二）依申请公开 (block text gets no other
 * completion): the paragraph with every figure a tab stop, indented like the block's text.
 */
export function statisticsParagraphCompletion(doc: ReportDocument, offset: number, lang: Lang): CompletionEntry | undefined {
  if (doc.tooLarge) return undefined;
  const node = nodeAt(doc, ON_REQUEST);
  if (!isScalar(node) || !node.range || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED')) return undefined;
  const text = doc.text;
  const headerEnd = text.indexOf('\n', node.range[0]);
  if (headerEnd < 0 || offset <= headerEnd) return undefined;
  const line = doc.lines.positionAt(offset).line;
  const start = doc.lines.lineStart(line);
  const end = doc.lines.lineEnd(line);
  if (text.slice(start, end).trim() !== '') return undefined;
  // blank lines after the text belong to no node: still the block's while they are indented deeper than its key
  const keyIndent = doc.lines.positionAt(keyRange(doc, ON_REQUEST)?.start ?? node.range[0]).character;
  if (offset > node.range[1] && (text.slice(node.range[1], end).trim() !== '' || end - start <= keyIndent)) return undefined;
  const snippet = statisticsParagraphSnippet(doc, lang);
  if (!snippet) return undefined;
  const content = /^( *)\S/m.exec(text.slice(headerEnd + 1, node.range[1]));
  const indent = content ? content[1]! : ' '.repeat(keyIndent + 2);
  return {
    label: t(lang, 'Statistics paragraph of {0} (from the tables)', titleAt(ON_REQUEST)),
    kind: 'snippet',
    detail: statisticsParagraph(doc, lang),
    filterText: '依申请公开 统计 statistics',
    insertText: indent + snippet,
    isSnippet: true,
    replace: { start, end },
  };
}
