/**
 * The importer's intermediate form: what every reader (HTML, DOCX, PDF, plain text) makes of a
 * published report before it is mapped onto the report format. Readers keep the published text as
 * it is (no correction); the mapper (`toReport`) reads the structure and the official labels.
 */

/** One cell of a source table as published: its text and how many grid rows/columns it spans. */
export interface SourceCell {
  /** The cell's text with whitespace runs (also &nbsp;, full-width spaces) collapsed to one space, trimmed. */
  text: string;
  rowSpan: number;
  colSpan: number;
}

/** A table as published: rows of cells with their spans (not yet expanded into a grid). */
export interface SourceTable {
  kind: 'table';
  rows: SourceCell[][];
  /** Where the table starts in the source, for review notes: a line (text), a page (PDF) or an element index. */
  at?: SourcePosition;
  /** Where each row starts, where the reader knows (same order as `rows`). */
  rowsAt?: (SourcePosition | undefined)[];
}

export interface SourceParagraph {
  kind: 'paragraph';
  /** The paragraph's text, whitespace collapsed as for cells. */
  text: string;
  at?: SourcePosition;
}

export type SourceBlock = SourceParagraph | SourceTable;

/** A position in the source file, as precise as the format allows. */
export interface SourcePosition {
  /** 1-based line (text, HTML). */
  line?: number;
  /** 1-based page (PDF, DOCX page breaks where known). */
  page?: number;
}

/** Metadata the source states outside the article body (HTML `<meta>`, DOCX core properties, PDF info). */
export interface SourceMeta {
  /** `ArticleTitle`, `<title>`, DOCX `dc:title`, PDF Title. */
  title?: string;
  /** `PubDate` / 公开日期 as published (not yet normalised). */
  published?: string;
  /** `ContentSource` / 来源. */
  source?: string;
}

/** A published report as a reader found it: the article's blocks in document order. */
export interface SourceDocument {
  /** Which reader made it. */
  format: 'html' | 'docx' | 'pdf' | 'text';
  /** The encoding the bytes were read in, when the format has one (`utf-8`, `gb18030`, `utf-16le`, …). */
  encoding?: string;
  meta: SourceMeta;
  blocks: SourceBlock[];
}

/** Expands a source table into a rectangular grid: a spanned cell's text fills every slot it covers. */
export function expandGrid(table: SourceTable): string[][] {
  const grid: (string | undefined)[][] = [];
  table.rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      for (let dr = 0; dr < Math.max(1, cell.rowSpan); dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < Math.max(1, cell.colSpan); dc++) target[c + dc] = cell.text;
      }
      c += Math.max(1, cell.colSpan);
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
}
