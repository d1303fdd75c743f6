/**
 * Plain-text reader: text copied from a page, or `pdftotext -layout` output.
 *   - lines whose cells are separated by runs of two or more spaces (or tabs) form a table when one
 *     of them holds a number (-layout output; blank cells are then simply absent);
 *   - other lines are text; a line that does not end a sentence continues on the next (PDF lines
 *     wrap), unless the next starts a numbered heading;
 *   - text with one cell per line (copied from a page's table) stays as one paragraph per line: the
 *     mapper reads such tables by their row labels.
 */
import { collapse } from './html';
import type { SourceBlock, SourceDocument, SourceParagraph, SourceTable } from './source';

const COLUMN_GAP = /(?:\t|[ \u00a0\u3000]{2,})+/;
const NUMBER = /^[+-]?[\d,]+(\.\d+)?(元|万元)?$|^[/／\-－—]$/;
/** A line that starts a heading or a numbered item: never joined to the line before. */
const STARTS_ITEM = /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+)/;

interface Line {
  n: number;
  text: string;
  cells: string[];
}

export function readText(text: string): SourceDocument {
  const raw = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const lines: Line[] = raw.map((l, i) => {
    // page numbers ("— 3 —", "第 3 页 共 5 页") and pandoc's bookmark marks are not the report's text
    let trimmed = l.replace(/\f/g, '').replace(/\[bookmark: [^\]]*\]/g, '').trim();
    if (/^[-—–\s]*\d{1,3}[-—–\s]*$/.test(trimmed) && /[-—–]/.test(trimmed)) trimmed = '';
    if (/^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$/.test(trimmed)) trimmed = '';
    return { n: i + 1, text: collapse(trimmed), cells: trimmed.split(COLUMN_GAP).map(collapse).filter((c) => c !== '') };
  });
  const isRow = (l: Line): boolean => l.cells.length >= 2 && (l.cells.some((c) => NUMBER.test(c)) || (l.cells.length >= 3 && l.cells.every((c) => c.length <= 24 && !/[。；]/.test(c))));
  const blocks: SourceBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.text) {
      i++;
      continue;
    }
    if (isRow(line)) {
      // a table: rows, and one-cell lines between rows (wrapped labels), blank lines allowed
      const group: Line[] = [];
      let j = i;
      while (j < lines.length) {
        const l = lines[j]!;
        if (isRow(l)) group.push(l);
        else if (!l.text || (l.cells.length === 1 && l.text.length <= 40 && !/[。；]$/.test(l.text))) {
          const next = lines.slice(j + 1).find((x) => x.text);
          if (!next || !isRow(next)) break;
          if (l.text) group.push(l);
        } else break;
        j++;
      }
      if (group.some((l) => l.cells.some((c) => NUMBER.test(c) && /\d/.test(c)))) {
        const table: SourceTable = { kind: 'table', rows: group.map((l) => l.cells.map((c) => ({ text: c, rowSpan: 1, colSpan: 1 }))), at: { line: group[0]!.n }, rowsAt: group.map((l) => ({ line: l.n })) };
        blocks.push(table);
        i = j;
        continue;
      }
    }
    // text: join wrapped lines into one paragraph
    const para: SourceParagraph = { kind: 'paragraph', text: line.text, at: { line: line.n } };
    i++;
    while (i < lines.length) {
      // -layout output of double-spaced pages puts a blank line between the lines of one paragraph:
      // a sentence that has not ended continues after it
      let k = i;
      while (k < lines.length && !lines[k]!.text && k - i < 2) k++;
      const next = lines[k];
      const heading = STARTS_ITEM.test(para.text) && para.text.length <= 40 && !/[。；]/.test(para.text);
      if (!next || !next.text || heading || isRow(next) || NUMBER.test(next.text) || STARTS_ITEM.test(next.text) || /[。！？：:；;」”）)]$/.test(para.text) || para.text.length < 20) break;
      para.text += next.text;
      i = k + 1;
    }
    blocks.push(para);
  }
  return { format: 'text', meta: {}, blocks };
}
