/**
 * PDF reader: a PDF with a text layer (exported by Word, WPS, LibreOffice, printed by a browser) becomes
 * the intermediate form. A PDF has no paragraphs or tables, only positioned text and drawn lines, so
 * both are rebuilt from positions:
 * - tables from the ruling lines (stroked lines and the thin filled rectangles browsers draw as borders):
 *   the lines' x and y clusters give the grid, a missing border between two grid slots merges them
 *   (merged header cells come out as rowSpan/colSpan), the text goes to the cell its centre falls in;
 *   a table that ends a page and one with the same columns that starts the next page are one table
 *   (a repeated header row is dropped);
 * - the other text into lines (same baseline), lines into paragraphs (a first-line indent, a short
 *   previous line, a larger gap or another font size starts a paragraph; a paragraph runs on across a
 *   page break);
 * - page numbers ("— 3 —", "第 3 页", "3/6") and headers and footers repeated in the page margins are dropped.
 * A PDF whose pages carry no text at all (a scan) is refused with a "no text layer" error: nothing is guessed.
 *
 * (pdf-tables.ts reads the tables, pdf-text.ts the lines and paragraphs.)
 *
 * The text and the drawing operators come from pdfjs-dist (Mozilla's PDF.js, legacy build for Node, run
 * in the calling thread: no worker file, no canvas, no font loading). It is large, so it is imported
 * only when a PDF is read. Pure: bytes in, SourceDocument out.
 */
import type { Lang } from '../model/l10n';
import { installPdfGlobals } from './pdf-globals';
import { fillGrid, findGrids, joinContinued, multiply, rulings, toSourceTable, unruledTables, type Matrix, type PageTable } from './pdf-tables';
import { collapse, dropMargins, firstWordWidth, groupLines, lineText, median, paragraphs, type Item, type Line, type TextEntry } from './pdf-text';
import { sourceReadError, SourceReadError } from './read-error';
import type { SourceDocument, SourceMeta } from './source';

export interface ReadPdfOptions {
  /** Language of error messages. */
  lang?: Lang;
}

// ---------------------------------------------------------------- pdf.js, loaded on first use

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let pdfjsPromise: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    installPdfGlobals();
    // While its module loads, pdf.js warns that it cannot load the native canvas package (it needs it only
    // to draw pages): not news for the user of an import, so those lines are held back.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!(typeof args[0] === 'string' && args[0].startsWith('Warning: Cannot'))) warn(...args);
    };
    try {
      // The worker's message handler, run in this thread ("fake worker"): PDF.js looks for it here before it
      // would try to load a worker script (which a bundle does not have).
      // @ts-expect-error the worker module ships without type declarations
      const worker: unknown = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } finally {
      console.warn = warn;
    }
  })();
  return pdfjsPromise;
}

// ---------------------------------------------------------------- the document

/** Reads a PDF's text layer into paragraphs and tables. Throws SourceReadError ('no-text-layer', 'not-pdf', 'pdf-encrypted'). */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<SourceDocument> {
  const lang = options.lang ?? 'en';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) throw sourceReadError('not-pdf', lang, 'no %PDF- header');
  const pdfjs = await loadPdfJs();
  // pdf.js may detach the buffer it is given: hand it a copy so the caller's bytes stay intact
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw sourceReadError('pdf-encrypted', lang);
    throw sourceReadError('not-pdf', lang, (e as Error).message);
  }
  try {
    const meta: SourceMeta = {};
    const info = (await doc.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    if (typeof info?.Title === 'string' && collapse(info.Title)) meta.title = collapse(info.Title);

    const pages: { lines: Line[]; tables: PageTable[]; height: number }[] = [];
    let chars = 0;
    type Raw = { str: string; transform: number[]; width: number; height: number };
    // the text of every page first: a scan is refused before its images would be decoded for the drawing operators
    const texts: Raw[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent({ includeMarkedContent: false, disableNormalization: false });
      const raws = content.items.filter((r): r is typeof r & Raw => 'str' in r && !!r.str.trim());
      for (const raw of raws) chars += raw.str.trim().length;
      texts.push(raws);
    }
    if (chars === 0) throw sourceReadError('no-text-layer', lang);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const raws = texts[n - 1]!;
      /** The page's upright text under a view of the page (y up), and how many of its characters that is. */
      const upright = (view: { transform: number[]; height: number }) => {
        const matrix = multiply(Array.from(view.transform) as Matrix, [1, 0, 0, -1, 0, view.height]);
        const items: Item[] = [];
        let count = 0;
        for (const raw of raws) {
          const [a, b, c, d, x, y] = multiply(Array.from(raw.transform) as Matrix, matrix);
          // horizontal text only: rotated stamps and watermarks are not report text
          if (Math.abs(b) > 0.01 * Math.abs(a) || Math.abs(c) > 0.01 * Math.abs(d) || a <= 0 || d <= 0) continue;
          items.push({ str: raw.str, x, y, w: raw.width, fs: Math.hypot(c, d) || raw.height || 1 });
          count += raw.str.trim().length;
        }
        return { matrix, items, count, height: view.height };
      };
      // The page as it is shown (its /Rotate applied: a landscape table page). A page whose text then runs
      // sideways (turned by /Rotate, drawn upright) is read in the turn that makes most of its text upright.
      let view = upright(page.getViewport({ scale: 1 }));
      if (view.count * 2 < raws.reduce((n, r) => n + r.str.trim().length, 0)) {
        for (const turn of [90, 180, 270]) {
          const other = upright(page.getViewport({ scale: 1, rotation: (page.rotate + turn) % 360 }));
          if (other.count > view.count) view = other;
        }
      }
      const { items, matrix: pageMatrix } = view;
      // (a page without text has no table to read: its drawing is not needed)
      const { h, v } = items.length ? rulings(pdfjs.OPS as unknown as Record<string, number>, await page.getOperatorList(), pageMatrix) : { h: [], v: [] };
      let rest = items;
      const tables: PageTable[] = [];
      for (const grid of findGrids(h, v)) {
        const filled = fillGrid(grid, rest, n);
        rest = filled.rest;
        tables.push(filled.table);
      }
      const unruled = unruledTables(groupLines(rest), n);
      tables.push(...unruled.tables);
      const lines: Line[] = unruled.rest.map((its) => ({
        page: n,
        text: collapse(lineText(its)),
        left: its[0]!.x,
        right: Math.max(...its.map((i) => i.x + i.w)),
        y: its[0]!.y,
        fs: median(its.map((i) => i.fs)),
        firstWord: firstWordWidth(its),
      }));
      pages.push({ lines: lines.filter((l) => l.text), tables, height: view.height });
      page.cleanup();
    }
    dropMargins(pages);
    type Entry = { kind: 'line'; line: Line } | { kind: 'table'; t: PageTable };
    const entries: Entry[] = [];
    for (const p of pages) {
      const here: { y: number; e: Entry }[] = [
        ...p.lines.map((line) => ({ y: line.y + line.fs, e: { kind: 'line', line } as Entry })),
        ...p.tables.filter((t) => t.cells.some((c) => c.text)).map((t) => ({ y: t.top, e: { kind: 'table', t } as Entry })),
      ];
      here.sort((a, b) => b.y - a.y);
      entries.push(...here.map((x) => x.e));
    }
    const joined: TextEntry[] = joinContinued(entries).map((e) => (e.kind === 'table' ? { kind: 'table', table: toSourceTable((e as { t: PageTable }).t) } : (e as TextEntry)));
    return { format: 'pdf', meta, blocks: paragraphs(joined) };
  } catch (e) {
    if (e instanceof SourceReadError) throw e;
    throw sourceReadError('not-pdf', lang, (e as Error).message);
  } finally {
    await doc.destroy();
  }
}
