/**
 * Reading a .docx in tests: unzip it (fflate) and walk the few WordprocessingML elements the tests
 * assert (tables with their merges, paragraphs with their styles). Regular expressions suffice: the
 * exporter writes no nested tables and every element the tests read is flat.
 */
import { strFromU8, unzipSync } from 'fflate';

export function unzipDocx(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) out[name] = strFromU8(data);
  return out;
}

export const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of an XML fragment: its w:t runs joined, w:br as a line break. */
export function textOf(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)) out += m[1] === undefined ? '\n' : decode(m[1]);
  return out;
}

export const attrOf = (xml: string, element: string, attribute: string): string | undefined =>
  new RegExp(`<${element}(?:\\s[^>]*?)?\\s${attribute}="([^"]*)"`).exec(xml)?.[1];

export interface DocxCell {
  text: string;
  gridSpan: number;
  /** w:vMerge: `restart`, `continue`, or none. */
  vMerge?: 'restart' | 'continue';
  xml: string;
}

export interface DocxRow {
  header: boolean;
  cantSplit: boolean;
  cells: DocxCell[];
}

export interface DocxTable {
  gridCols: number[];
  rows: DocxRow[];
  xml: string;
}

export function tablesOf(documentXml: string): DocxTable[] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => {
    const xml = t[1]!;
    const gridCols = [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => {
      const trPr = /<w:trPr>([\s\S]*?)<\/w:trPr>/.exec(r[1]!)?.[1] ?? '';
      const cells = [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c): DocxCell => {
        const cx = c[1]!;
        const tcPr = /<w:tcPr>([\s\S]*?)<\/w:tcPr>/.exec(cx)?.[1] ?? '';
        const span = /<w:gridSpan w:val="(\d+)"\/>/.exec(tcPr);
        const vm = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(tcPr);
        return {
          text: textOf(cx), gridSpan: span ? Number(span[1]) : 1, xml: cx,
          ...(vm ? { vMerge: vm[1] === 'restart' ? 'restart' as const : 'continue' as const } : {}),
        };
      });
      return { header: /<w:tblHeader\/>/.test(trPr), cantSplit: /<w:cantSplit\/>/.test(trPr), cells };
    });
    return { gridCols, rows, xml };
  });
}

/**
 * The merges of a table, one string a row: each cell as its grid span, `R` where a vertical merge
 * starts, `C` where it continues (`3R 7`: a cell over three columns opening a vertical merge, then one over seven).
 */
export function mergesOf(table: DocxTable): string[] {
  return table.rows.map((r) => r.cells.map((c) => `${c.gridSpan}${c.vMerge === 'restart' ? 'R' : c.vMerge === 'continue' ? 'C' : ''}`).join(' '));
}

/** The table as a rectangular grid of texts: a merged cell's text in every slot it covers. */
export function gridOf(table: DocxTable): string[][] {
  const grid: string[][] = [];
  table.rows.forEach((row, r) => {
    const line: string[] = [];
    for (const cell of row.cells) {
      const at = line.length;
      for (let k = 0; k < cell.gridSpan; k++) line.push(cell.vMerge === 'continue' ? (grid[r - 1]?.[at + k] ?? '?') : cell.text);
    }
    grid.push(line);
  });
  return grid;
}

/** The paragraphs of the body outside tables: style id, alignment and text. */
export function bodyParagraphs(documentXml: string): { style: string | undefined; jc: string | undefined; text: string; xml: string }[] {
  const body = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  return [...body.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p\s[^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const xml = m[1] ?? m[2] ?? '';
    return { style: attrOf(xml, 'w:pStyle', 'w:val'), jc: /<w:pPr>[\s\S]*?<w:jc w:val="(\w+)"\/>/.exec(xml)?.[1], text: textOf(xml), xml };
  });
}
