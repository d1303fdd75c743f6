/**
 * Plain-text reader: text copied from a page, or `pdftotext -layout` output. Lines are paragraphs;
 * a run of lines whose cells are separated by runs of two or more spaces (or tabs) is a table. Text
 * with one cell per line (copied from a page's table) stays as paragraphs: the mapper reads such
 * tables by their row labels.
 */
import { collapse } from './html';
import type { SourceBlock, SourceDocument, SourceTable } from './source';

const COLUMN_GAP = /(?:\t|[ \u00a0\u3000]{2,})+/;

export function readText(text: string): SourceDocument {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const blocks: SourceBlock[] = [];
  let table: SourceTable | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\f/g, '');
    const trimmed = line.trim();
    const cells = trimmed.split(COLUMN_GAP).map(collapse).filter((c) => c !== '');
    // a table line: at least two cells, one of them a number (a sentence with a wide gap is not)
    const tabular = cells.length >= 2 && cells.some((c) => /^[+-]?[\d,.]+[元]?$|^[/-]$/.test(c)) && !/[。；]$/.test(trimmed);
    const header = cells.length >= 3 && !tabular && cells.every((c) => c.length <= 20 && !/[。；，]/.test(c));
    if (tabular || (header && table)) {
      table ??= { kind: 'table', rows: [], at: { line: i + 1 } };
      table.rows.push(cells.map((c) => ({ text: c, rowSpan: 1, colSpan: 1 })));
      return;
    }
    if (header) {
      table = { kind: 'table', rows: [cells.map((c) => ({ text: c, rowSpan: 1, colSpan: 1 }))], at: { line: i + 1 } };
      blocks.push(table);
      return;
    }
    if (table && !table.rows.some((r) => r.length >= 2 && r.some((c) => /^\d/.test(c.text)))) {
      // a "header" that no numbers followed was text after all
      const index = blocks.indexOf(table);
      if (index >= 0) blocks.splice(index, 1, ...table.rows.map((r, k) => ({ kind: 'paragraph' as const, text: r.map((c) => c.text).join(' '), at: { line: (table!.at?.line ?? 1) + k } })));
    }
    if (table && !blocks.includes(table) && table.rows.length > 0 && table.rows.some((r) => r.some((c) => /^\d/.test(c.text)))) blocks.push(table);
    table = undefined;
    const paragraph = collapse(trimmed);
    if (paragraph) blocks.push({ kind: 'paragraph', text: paragraph, at: { line: i + 1 } });
  });
  if (table && !blocks.includes(table)) blocks.push(table);
  return { format: 'text', meta: {}, blocks };
}
