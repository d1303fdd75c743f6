/**
 * HTML reader: a saved web page → the article's paragraphs and tables (SourceDocument).
 *
 * Government sites (TRS, Hanweb/大汉, 新点 WebBuilder, …) wrap the report in navigation, breadcrumbs,
 * share bars and footers. The article is found by what a report must contain (its six section
 * headings), not by one site's class names: the deepest element that holds the most of them.
 * Word-pasted markup (nested span/font, o:p, styles) is flattened to its text; tables keep their
 * cells with rowspan/colspan. htmlparser2 is loaded on the first call only, so nothing on the
 * editor's keystroke path pays for it.
 */
import { decodeBytes } from './decode';
import type { SourceBlock, SourceCell, SourceDocument, SourceMeta, SourcePosition, SourceTable } from './source';

/** The parts of htmlparser2's DOM (domhandler) this reader uses. */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
  startIndex: number | null;
  parent: DomNode | null;
}

type ParseDocument = (html: string, options: Record<string, boolean>) => DomNode;
let parseDocumentImpl: ParseDocument | undefined;
function parseHtml(html: string): DomNode {
  // lazy: the parser is only loaded when a page is imported
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parseDocumentImpl ??= (require('htmlparser2') as { parseDocument: ParseDocument }).parseDocument;
  return parseDocumentImpl(html, { withStartIndices: true, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'center', 'blockquote',
  'pre', 'header', 'footer', 'nav', 'aside', 'main', 'dl', 'dt', 'dd', 'form', 'address', 'figure', 'figcaption',
  'hr', 'body', 'html', 'caption', 'fieldset', 'details', 'summary', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'embed', 'select', 'button', 'input', 'textarea', 'svg', 'canvas', 'map', 'audio', 'video', 'img']);
/** class/id words of page furniture inside an article container: share, print, related links, pagers. */
const FURNITURE = /(^|[\s_-])(share|bshare|print|related|xgwz|xglj|pager?|pagination|breadcrumb|crumbs?|position|location|nav|navbar|menu|footer|foot|copyright|toolbar|fontsize|zihao|sidebar|comment)s?($|[\s_-])/i;
/**
 * The six numbered section headings of a report: the article is where they are (numbered, because
 * a preamble often lists the sections' names too).
 */
const MARKERS = [/[一1][、.．]总体情况/, /[二2][、.．]主动公开/, /[三3][、.．]收到和处理/, /[四4][、.．][^。]{0,12}行政复议/, /[五5][、.．][^。]{0,16}问题/, /[六6][、.．]其他需要报告/];

/** Whitespace as the page shows it: runs of spaces, tabs, line breaks, &nbsp; and U+3000 become one space. */
export function collapse(text: string): string {

  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

export function readHtml(bytes: Uint8Array): SourceDocument {
  const { text: html, encoding } = decodeBytes(bytes);
  const root = parseHtml(html);
  const lineStarts = [0];
  for (let i = 0; i < html.length; i++) if (html.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number | null): number | undefined => {
    if (offset === null || offset < 0) return undefined;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  prune(root);
  const meta = readMeta(root);
  const article = findArticle(root);
  const blocks: SourceBlock[] = [];
  flatten(article, blocks, lineOf);
  return { format: 'html', encoding, meta, blocks };
}

/** Deeper than any page's article; below it an element's text is kept, its structure not (no walk nears the stack limit). */
const MAX_DEPTH = 200;

/** Replaces the children of every element at MAX_DEPTH by one text node with their text (iteratively). */
function prune(root: DomNode): void {
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!node.children) continue;
    if (depth >= MAX_DEPTH) {
      let text = '';
      const inner: DomNode[] = [...node.children].reverse();
      while (inner.length > 0) {
        const n = inner.pop()!;
        if (n.type === 'text') text += n.data ?? '';
        else if (n.type === 'tag' && !SKIP.has(n.name ?? '') && n.children) for (let i = n.children.length - 1; i >= 0; i--) inner.push(n.children[i]!);
      }
      node.children = [{ type: 'text', data: text, startIndex: node.children[0]?.startIndex ?? null, parent: node }];
      continue;
    }
    for (const child of node.children) stack.push([child, depth + 1]);
  }
}

function* elements(node: DomNode): Generator<DomNode> {
  for (const child of node.children ?? []) {
    if (child.type === 'tag' || child.type === 'script' || child.type === 'style') {
      yield child;
      yield* elements(child);
    }
  }
}

function readMeta(root: DomNode): SourceMeta {
  const meta: SourceMeta = {};
  let title: string | undefined;
  for (const el of elements(root)) {
    if (el.name === 'title' && title === undefined) title = collapse((el.children ?? []).map((c) => c.data ?? '').join(''));
    if (el.name !== 'meta') continue;
    const name = (el.attribs?.['name'] ?? el.attribs?.['property'] ?? '').toLowerCase();
    const content = collapse(el.attribs?.['content'] ?? '');
    if (!content) continue;
    if (name === 'articletitle') meta.title ??= content;
    else if (name === 'pubdate' || name === 'publishdate' || name === 'firstpublishedtime') meta.published ??= content;
    else if (name === 'contentsource') meta.source ??= content;
  }
  if (meta.title === undefined && title) meta.title = title;
  return meta;
}

function hidden(el: DomNode): boolean {
  const attribs = el.attribs;
  if (!attribs) return false;
  if (attribs['hidden'] !== undefined || attribs['aria-hidden'] === 'true') return true;
  const raw = attribs['style'];
  if (!raw || !/none|hidden/i.test(raw)) return false; // most styles are fonts and spacing
  const style = raw.replace(/\s+/g, '').toLowerCase();
  return style.includes('display:none') || style.includes('visibility:hidden');
}

function furniture(el: DomNode): boolean {
  if (el.name === 'nav' || el.name === 'footer') return true;
  const words = `${el.attribs?.['class'] ?? ''} ${el.attribs?.['id'] ?? ''}`;
  return FURNITURE.test(words);
}

/**
 * The deepest element holding the most section headings; the body (or the whole page) when the page
 * names fewer than two (a fragment, or not a report: the mapper then says what it could not find).
 */
function findArticle(root: DomNode): DomNode {
  const counts = new Map<DomNode, number>();
  const visit = (node: DomNode): string => {
    if (node.type === 'text') return node.data ?? '';
    if (node.type !== 'tag' && node.type !== 'root') return '';
    if (SKIP.has(node.name ?? '') || hidden(node)) return '';
    const text = (node.children ?? []).map(visit).join('');
    const compact = text.replace(/\s+/g, '');
    counts.set(node, MARKERS.filter((m) => m.test(compact)).length);
    return text;
  };
  visit(root);
  let best = root;
  let bestCount = counts.get(root) ?? 0;
  let bestDepth = 0;
  const walk = (node: DomNode, depth: number): void => {
    for (const child of node.children ?? []) {
      const n = counts.get(child);
      if (n === undefined) continue;
      if (n > bestCount || (n === bestCount && n > 0 && depth + 1 > bestDepth)) {
        best = child;
        bestCount = n;
        bestDepth = depth + 1;
      }
      if (n > 0) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  if (bestCount < 2) {
    for (const el of elements(root)) if (el.name === 'body') return el;
    return root;
  }
  return best;
}

function flatten(container: DomNode, out: SourceBlock[], lineOf: (offset: number | null) => number | undefined): void {
  let buffer = '';
  let bufferAt: number | null = null;
  const flush = (): void => {
    const text = collapse(buffer);
    if (text) {
      const line = lineOf(bufferAt);
      out.push({ kind: 'paragraph', text, ...(line !== undefined ? { at: { line } } : {}) });
    }
    buffer = '';
    bufferAt = null;
  };
  const visit = (node: DomNode, top: boolean): void => {
    if (node.type === 'text') {
      if (bufferAt === null && (node.data ?? '').trim()) bufferAt = node.startIndex;
      buffer += node.data ?? '';
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.name ?? '';
    if (SKIP.has(name) || hidden(node) || (!top && furniture(node))) return;
    if (name === 'br') {
      flush();
      return;
    }
    if (name === 'table') {
      flush();
      if (containsTable(node)) {
        // a layout table (it holds other tables): its cells are containers, read in order
        for (const child of node.children ?? []) visit(child, false);
        flush();
      } else {
        const table = readTable(node, lineOf);
        if (table.rows.length > 0) out.push(table);
      }
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    for (const child of node.children ?? []) visit(child, false);
    if (block) flush();
  };
  visit(container, true);
  flush();
}

function containsTable(table: DomNode): boolean {
  for (const el of elements(table)) if (el.name === 'table') return true;
  return false;
}

function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

function readTable(table: DomNode, lineOf: (offset: number | null) => number | undefined): SourceTable {
  const rows: SourceCell[][] = [];
  const rowsAt: (SourcePosition | undefined)[] = [];
  const visitRows = (node: DomNode): void => {
    for (const child of node.children ?? []) {
      if (child.type !== 'tag' || hidden(child)) continue;
      if (child.name === 'tr') {
        const cells: SourceCell[] = [];
        for (const cell of child.children ?? []) {
          if (cell.type !== 'tag' || (cell.name !== 'td' && cell.name !== 'th') || hidden(cell)) continue;
          cells.push({ text: cellText(cell), rowSpan: span(cell.attribs?.['rowspan']), colSpan: span(cell.attribs?.['colspan']) });
        }
        rows.push(cells);
        const rowLine = lineOf(child.startIndex);
        rowsAt.push(rowLine !== undefined ? { line: rowLine } : undefined);
      } else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
        visitRows(child);
      }
    }
  };
  visitRows(table);
  const line = lineOf(table.startIndex);
  return { kind: 'table', rows, ...(line !== undefined ? { at: { line }, rowsAt } : {}) };
}

/** A cell's text: its paragraphs and line breaks become spaces ("商业<br>企业" → "商业 企业"). */
function cellText(cell: DomNode): string {
  const parts: string[] = [];
  const visit = (node: DomNode): void => {
    if (node.type === 'text') parts.push(node.data ?? '');
    else if (node.type === 'tag' && !SKIP.has(node.name ?? '') && !hidden(node)) {
      if (node.name === 'br' || BLOCK.has(node.name ?? '')) parts.push(' ');
      for (const child of node.children ?? []) visit(child);
      if (BLOCK.has(node.name ?? '')) parts.push(' ');
    }
  };
  for (const child of cell.children ?? []) visit(child);
  return collapse(parts.join(''));
}
