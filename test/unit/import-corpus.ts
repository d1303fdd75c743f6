/**
 * What the published pages of test/fixtures/corpus/ hold, read straight from their HTML by a deliberately
 * small reader of our own (tags and entities only), so that the DOCX and PDF readers are checked against
 * the source page and not against another reader of the project: the paragraphs outside tables in order,
 * and every table as a grid with its rowspan/colspan expanded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';
import { expandGrid, type SourceCell, type SourceTable } from '../../server/src/core/import/source';

export const CORPUS = path.join(ROOT, 'test/fixtures/corpus');
export const CORPUS_NAMES = ['shuyang-fgj-2023', 'shanghai-bangongting-2019'] as const;

export function corpusBytes(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(CORPUS, file)));
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', hellip: '…', middot: '·' };
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** Text compared without whitespace: the formats differ in where they keep spaces, never in the characters. */
export const norm = (s: string): string => s.replace(/[\s\u00a0\u3000]+/g, '');

export interface PageContent {
  paragraphs: string[];
  tables: string[][][];
}

const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'br', 'section', 'article', 'blockquote', 'center']);

export function readCorpusHtml(name: string): PageContent {
  const html = fs.readFileSync(path.join(CORPUS, `${name}.html`), 'utf8').replace(/<!--[\s\S]*?-->|<![^>]*>|<\?[^>]*>/g, '');
  const paragraphs: string[] = [];
  const tables: SourceTable[] = [];
  const stack: { table: SourceTable; cell?: SourceCell; row?: SourceCell[] }[] = [];
  let text = '';
  const flush = () => {
    const t = decode(text).replace(/\s+/g, ' ').trim();
    if (t) paragraphs.push(t);
    text = '';
  };
  const tag = /<\s*(\/?)\s*([a-zA-Z][\w:-]*)([^>]*)>|([^<]+)/g;
  let skip = 0; // inside <style>/<script>/<head>
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const [, close, rawName, attrs, chars] = m;
    if (chars !== undefined) {
      if (skip) continue;
      const top = stack[stack.length - 1];
      if (top?.cell) top.cell.text += chars;
      else if (!top) text += chars;
      continue;
    }
    const name = rawName!.toLowerCase();
    if (name === 'style' || name === 'script' || name === 'head' || name === 'title') {
      skip += close ? -1 : 1;
      continue;
    }
    const top = stack[stack.length - 1];
    if (name === 'table') {
      if (!close) {
        if (!stack.length) flush();
        const table: SourceTable = { kind: 'table', rows: [] };
        stack.push({ table });
      } else {
        const done = stack.pop();
        if (done && !stack.length) tables.push(done.table);
      }
    } else if (name === 'tr' && top) {
      if (!close) {
        top.row = [];
        top.table.rows.push(top.row);
      }
    } else if ((name === 'td' || name === 'th') && top) {
      if (!close) {
        const span = (a: string) => Math.max(1, Number(new RegExp(`${a}\\s*=\\s*["']?(\\d+)`, 'i').exec(attrs ?? '')?.[1] ?? 1));
        top.cell = { text: '', rowSpan: span('rowspan'), colSpan: span('colspan') };
        if (!top.row) top.table.rows.push((top.row = []));
        top.row.push(top.cell);
      } else top.cell = undefined;
    } else if (BLOCK.has(name)) {
      if (top?.cell) top.cell.text += ' ';
      else if (!top) flush();
    }
  }
  flush();
  return {
    paragraphs,
    tables: tables.map((t) => {
      for (const row of t.rows) for (const cell of row) cell.text = decode(cell.text).replace(/\s+/g, ' ').trim();
      return expandGrid(t);
    }),
  };
}

/** A grid with every cell normalised, for comparisons. */
export const normGrid = (grid: string[][]): string[][] => grid.map((row) => row.map(norm));
