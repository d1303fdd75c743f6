/**
 * The report as a Word document (.docx) laid out after GB/T 9704-2012 《党政机关公文格式》: what an office
 * files for signature and in its OA system. A pure function from the analysed report to the bytes of
 * the file (the node side writes it). It reads the same layout as the HTML renderer (../render/layout),
 * so the labels, the order and the tables' merged cells are the preview's.
 *
 * The document stays editable as a normal Word document: real paragraph styles (正文, 标题 1, 标题 2,
 * 标题, 表格文字), real table merges (w:gridSpan, w:vMerge), no text boxes and no images. Problems the
 * checks found are never marked in it: the file is for filing, the preview is for checking.
 *
 * The `docx` library is loaded with a dynamic import on the first export only: the editor's keystroke
 * path (analyze, the preview) never loads it, and the bundles keep it in a file of its own.
 */
// the ESM build (what the dynamic import below loads), for the types too
import type * as Docx from 'docx' with { 'resolution-mode': 'import' };
import type { Analysis } from '../checks/analyze';
import { t, type Lang } from '../model/l10n';
import { reportSchema } from '../model/schema';
import { layoutReport, type Block, type LayoutCell, type TableBlock } from '../render/layout';

export interface DocxOptions {
  /** The language of error messages (the document itself is in Chinese). */
  lang: Lang;
}

/** The report cannot be exported (not valid YAML): the message says why, in the requested language. */
export class ExportError extends Error {}

// ------------------------------------------------------------------------------- page set-up (GB/T 9704)

/** Twentieths of a point per millimetre. */
const MM = 1440 / 25.4;
const twips = (mm: number) => Math.round(mm * MM);

/** A4, 210 × 297 mm. */
export const PAGE = { width: twips(210), height: twips(297) } as const;
/** 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm: the right and bottom margins follow. */
export const MARGIN = { top: twips(37), left: twips(28), right: twips(210 - 28 - 156), bottom: twips(297 - 37 - 225) } as const;
/** The 版心's width: what a table may take. */
export const TEXT_WIDTH = twips(156);
/** 22 lines a page: 225 mm / 22 = 28.95 pt, fixed. */
export const LINE = Math.floor(twips(225) / 22);
/** 3号 = 16 pt; Word counts half-points. */
const BODY_SIZE = 32;
/**
 * 28 characters a line: the pitch is 156 mm / 28 = 15.79 pt, a little less than 3号, so the body is set
 * 0.25 pt tighter (w:spacing, twentieths of a point). Word's character grid (docGrid linesAndChars) would
 * do the same in Word, but LibreOffice measures that grid from another base size and sets 18 a line.
 */
const TRACKING = -5;
/** The footer's distance from the page's lower edge: the page number sits about 7 mm under the 版心. */
const FOOTER = twips(22);
/** One character of 3号 body text, in twips (indents of two and four characters). */
const CHAR = BODY_SIZE * 10;

/**
 * The typefaces: the names offices' machines have, and what Word may use for a missing one (w:altName in
 * the font table). Latin letters and digits take Times New Roman (半角 digits in the body).
 */
const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  hei: '黑体',
  kai: '楷体_GB2312',
  song: '宋体',
  latin: 'Times New Roman',
} as const;

/** Style ids: the Chinese names Word and WPS show for the built-in styles. */
export const STYLE = { normal: '正文', heading1: '标题1', heading2: '标题2', title: '标题', table: '表格文字', signature: '落款', footer: '页脚' } as const;

const rFonts = (eastAsia: string, latin: string = FONTS.latin) =>
  `<w:rFonts w:ascii="${latin}" w:eastAsia="${eastAsia}" w:hAnsi="${latin}" w:cs="${latin}"/>`;

/** word/styles.xml: the document defaults and the styles the body uses. */
function stylesXml(): string {
  const style = (type: 'paragraph' | 'table', id: string, name: string, body: string, extra = '') =>
    `<w:style w:type="${type}" w:styleId="${id}"${extra}><w:name w:val="${name}"/>${body}</w:style>`;
  const exact = (line: number) => `<w:spacing w:before="0" w:after="0" w:line="${line}" w:lineRule="exact"/>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr>${rFonts(FONTS.body)}<w:kern w:val="2"/><w:sz w:val="${BODY_SIZE}"/><w:szCs w:val="${BODY_SIZE}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>${exact(LINE)}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
${style('paragraph', STYLE.normal, 'Normal', `<w:qFormat/><w:pPr><w:widowControl w:val="0"/>${exact(LINE)}<w:ind w:firstLineChars="200" w:firstLine="${2 * CHAR}"/><w:jc w:val="both"/></w:pPr><w:rPr>${rFonts(FONTS.body)}<w:spacing w:val="${TRACKING}"/><w:sz w:val="${BODY_SIZE}"/><w:szCs w:val="${BODY_SIZE}"/></w:rPr>`, ' w:default="1"')}
${style('paragraph', STYLE.title, 'Title', `<w:basedOn w:val="${STYLE.normal}"/><w:next w:val="${STYLE.normal}"/><w:qFormat/><w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="${LINE}" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr>${rFonts(FONTS.title)}<w:spacing w:val="0"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr>`)}
${style('paragraph', STYLE.heading1, 'heading 1', `<w:basedOn w:val="${STYLE.normal}"/><w:next w:val="${STYLE.normal}"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>${rFonts(FONTS.hei)}</w:rPr>`)}
${style('paragraph', STYLE.heading2, 'heading 2', `<w:basedOn w:val="${STYLE.normal}"/><w:next w:val="${STYLE.normal}"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>${rFonts(FONTS.kai)}</w:rPr>`)}
${style('paragraph', STYLE.table, '表格文字', `<w:basedOn w:val="${STYLE.normal}"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>`)}
${style('paragraph', STYLE.signature, '落款', `<w:basedOn w:val="${STYLE.normal}"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/></w:pPr>`)}
${style('paragraph', STYLE.footer, 'footer', `<w:basedOn w:val="${STYLE.normal}"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr><w:rPr>${rFonts(FONTS.song)}<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>`)}
${style('table', 'TableGrid', 'Table Grid', `<w:tblPr><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`).join('')}</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>`)}
</w:styles>`;
}

/**
 * word/fontTable.xml: each typeface with what Word may substitute when it is missing (w:altName), and its
 * character set (GB2312) so that any substitute has the Chinese glyphs.
 */
function fontTableXml(): string {
  const font = (name: string, alt: string | undefined, family: string, pitch: string, charset = '86') =>
    `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:charset w:val="${charset}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
${font(FONTS.title, FONTS.song, 'roman', 'variable')}
${font(FONTS.body, '仿宋', 'modern', 'fixed')}
${font('仿宋', 'FangSong', 'modern', 'fixed')}
${font(FONTS.hei, 'SimHei', 'modern', 'fixed')}
${font(FONTS.kai, '楷体', 'modern', 'fixed')}
${font('楷体', 'KaiTi', 'modern', 'fixed')}
${font(FONTS.song, 'SimSun', 'auto', 'variable')}
${font(FONTS.latin, undefined, 'roman', 'variable', '00')}
</w:fonts>`;
}

// ------------------------------------------------------------------------------- the document

/** Throws ExportError when the text is not valid YAML (nothing to export); every valid report exports. */
export function assertExportable(analysis: Analysis, lang: Lang): void {
  const doc = analysis.document;
  if (doc.syntax.length > 0 || doc.data === undefined) {
    const first = doc.syntax[0];
    const line = first ? doc.lines.positionAt(first.range.start).line + 1 : 1;
    throw new ExportError(t(lang, 'The text is not valid YAML, so the report cannot be exported. Line {0}: {1}', line, first?.message ?? ''));
  }
}

/** The report as the bytes of a .docx file. Throws ExportError when the text is not valid YAML. */
export async function renderDocx(analysis: Analysis, options: DocxOptions): Promise<Uint8Array> {
  assertExportable(analysis, options.lang);
  const doc = analysis.document;
  const lib: typeof Docx = await import('docx');
  const blocks = layoutReport(doc);
  const writer = new DocxWriter(lib);
  for (const block of blocks) writer.block(block);
  const title = blocks.find((b) => b.kind === 'title');
  const agency = blocks.find((b) => b.kind === 'signature');
  const document = new lib.Document({
    title: xmlSafe(title?.kind === 'title' ? title.text : ''),
    creator: xmlSafe(agency?.kind === 'signature' ? agency.agency?.text ?? '' : ''),
    lastModifiedBy: 'GovReport',
    externalStyles: stylesXml(),
    evenAndOddHeaderAndFooters: true,
    sections: [{
      properties: {
        page: {
          size: { width: PAGE.width, height: PAGE.height, orientation: lib.PageOrientation.PORTRAIT },
          margin: { ...MARGIN, header: twips(15), footer: FOOTER, gutter: 0 },
        },
        grid: { type: lib.DocumentGridType.LINES, linePitch: LINE },
      },
      // GB/T 9704 7.5: the page number `— 1 —` at the outer edge, one character in: odd pages right, even left
      footers: { default: new lib.Footer({ children: [pageNumber(lib, 'right')] }), even: new lib.Footer({ children: [pageNumber(lib, 'left')] }) },
      children: writer.children,
    }],
  });
  const bytes = await lib.Packer.toArrayBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  return new Uint8Array(bytes);
}

function pageNumber(lib: typeof Docx, side: 'left' | 'right'): Docx.Paragraph {
  return new lib.Paragraph({
    style: STYLE.footer,
    alignment: side === 'right' ? lib.AlignmentType.RIGHT : lib.AlignmentType.LEFT,
    indent: side === 'right' ? { right: 280 } : { left: 280 },
    children: [new lib.TextRun({ children: ['— ', lib.PageNumber.CURRENT, ' —'] })],
  });
}

/** Characters of 2号 (22 pt) on a line of the 版心. */
const TITLE_LINE = Math.floor((156 / 25.4) * 72 / 22);

/**
 * A long title in lines of about equal width, as GB/T 9704 wants (梯形或菱形, not one full line and a
 * stub): `{agency}{year}年` over `政府信息公开工作年度报告` where both fit, else breaks at equal widths.
 */
export function titleLines(title: string): string[] {
  const width = charWidth(title);
  if (width <= TITLE_LINE) return [title];
  const suffix = reportSchema.title ?? '';
  const head = suffix && title.endsWith(suffix) ? title.slice(0, -suffix.length) : '';
  if (head && charWidth(head) <= TITLE_LINE && charWidth(suffix) <= TITLE_LINE) return [head, suffix];
  const lines = Math.ceil(width / TITLE_LINE);
  const out: string[] = [];
  let line = '';
  let done = 0;
  for (const ch of title) {
    // break before the character that would pass this line's share of the width
    if (line && out.length < lines - 1 && done + charWidth(ch) / 2 > (width * (out.length + 1)) / lines) {
      out.push(line);
      line = '';
    }
    line += ch;
    done += charWidth(ch);
  }
  out.push(line);
  return out;
}

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF, unpaired surrogates):
 * Word refuses a document with one, so each becomes U+FFFD, visibly, rather than disappear.
 */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_XML, '\uFFFD');

/** Width in characters of 3号 text: CJK one, Latin letters and digits a half. */
function charWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\x20-\x7e]/.test(ch) ? 0.5 : 1;
  return n;
}

class DocxWriter {
  readonly children: (Docx.Paragraph | Docx.Table)[] = [];

  constructor(private readonly lib: typeof Docx) {}

  block(block: Block): void {
    const lib = this.lib;
    switch (block.kind) {
      case 'title':
        this.children.push(new lib.Paragraph({
          style: STYLE.title,
          children: titleLines(xmlSafe(block.text)).map((line, i) => new lib.TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) })),
        }));
        break;
      case 'heading':
        this.children.push(new lib.Paragraph({ style: block.level === 2 ? STYLE.heading1 : STYLE.heading2, text: xmlSafe(block.text) }));
        break;
      case 'paragraph':
        this.children.push(new lib.Paragraph({ style: STYLE.normal, text: xmlSafe(block.text) }));
        break;
      case 'contact':
        this.children.push(new lib.Paragraph({ style: STYLE.normal, text: xmlSafe(`${block.label}：${block.items.map((i) => `${i.label}：${i.value}`).join('；')}`) }));
        break;
      case 'part':
        for (const b of block.blocks) this.block(b);
        break;
      case 'table':
        this.table(block);
        break;
      case 'signature': {
        // 成文日期 four characters from the right edge, 署名 centred over it (GB/T 9704 7.3.5.1)
        const date = xmlSafe(block.date?.text ?? '');
        const right = (text: string) => Math.max(0, Math.round((4 + (charWidth(date) - charWidth(text)) / 2) * CHAR));
        if (block.agency) {
          const indent = { right: date ? right(block.agency.text) : 4 * CHAR };
          this.children.push(new lib.Paragraph({ style: STYLE.signature, spacing: { before: 2 * LINE }, indent, text: xmlSafe(block.agency.text) }));
        }
        if (block.date) {
          const spacing = block.agency ? {} : { spacing: { before: 2 * LINE } };
          this.children.push(new lib.Paragraph({ style: STYLE.signature, indent: { right: 4 * CHAR }, text: date, ...spacing }));
        }
        break;
      }
    }
  }

  /**
   * A laid-out table as a Word table on the grid of its columns: each cell at its grid position with its
   * w:gridSpan, the rows a cell spans continued with w:vMerge, borders on every cell, header rows
   * repeated on each page (w:tblHeader), no row split across pages (w:cantSplit).
   */
  private table(table: TableBlock): void {
    const lib = this.lib;
    const rows = [...table.head, ...table.body];
    const width = table.widths.length;
    const columns = scaleWidths(table.widths, TEXT_WIDTH);
    // which cell starts where, and which slots a cell above still covers
    const grid = placeCells(rows.map((r) => r.cells), width);
    const border = { style: lib.BorderStyle.SINGLE, size: 4, color: '000000' };
    const borders = { top: border, bottom: border, left: border, right: border };
    // a short table stays on one page (keep-with-next on every row but the last); table 二 keeps each of its
    // blocks whole (it may break before a block heading); a long table breaks between any rows
    const blockStart = (r: number) => rows[r]?.cells.some((c) => /\bgr-block\b/.test(c.cls ?? '')) ?? false;
    const keepWithNext = (r: number) => r < rows.length - 1 && (table.body.length <= 3 || (table.head.length === 0 && !blockStart(r + 1)));
    const wordRows = rows.map((_row, r) => {
      const cells: Docx.TableCell[] = [];
      for (let c = 0; c < width;) {
        const slot = grid[r]![c];
        if (!slot) { c++; continue; } // a malformed layout leaves a hole: Word fills the row's end
        const { cell, top, left } = slot;
        const span = cell.colspan ?? 1;
        const cellWidth = columns.slice(left, left + span).reduce((a, b) => a + b, 0);
        const common = {
          borders,
          width: { size: cellWidth, type: lib.WidthType.DXA },
          verticalAlign: lib.VerticalAlign.CENTER,
          ...(span > 1 ? { columnSpan: span } : {}),
        };
        if (top !== r) {
          cells.push(new lib.TableCell({ ...common, verticalMerge: lib.VerticalMergeType.CONTINUE, children: [new lib.Paragraph({ style: STYLE.table })] }));
        } else {
          cells.push(new lib.TableCell({
            ...common,
            ...((cell.rowspan ?? 1) > 1 ? { verticalMerge: lib.VerticalMergeType.RESTART } : {}),
            children: [this.cellParagraph(cell, keepWithNext(r))],
          }));
        }
        c = left + span;
      }
      return new lib.TableRow({ children: cells, cantSplit: true, ...(r < table.head.length ? { tableHeader: true } : {}) });
    });
    this.children.push(new lib.Table({
      rows: wordRows,
      style: 'TableGrid',
      layout: lib.TableLayoutType.FIXED,
      width: { size: TEXT_WIDTH, type: lib.WidthType.DXA },
      columnWidths: columns,
      alignment: lib.AlignmentType.CENTER,
    }));
    // the template leaves a line between a table and the next heading
    this.children.push(new lib.Paragraph({ style: STYLE.normal, text: '' }));
  }

  private cellParagraph(cell: LayoutCell, keepNext: boolean): Docx.Paragraph {
    const lib = this.lib;
    const classes = new Set((cell.cls ?? '').split(/\s+/));
    const left = classes.has('gr-note') || (classes.has('gr-label') && !classes.has('gr-group'));
    return new lib.Paragraph({
      style: STYLE.table,
      alignment: left ? lib.AlignmentType.LEFT : lib.AlignmentType.CENTER,
      ...(keepNext ? { keepNext: true } : {}),
      children: [new lib.TextRun({
        text: xmlSafe(cell.text),
        ...(classes.has('gr-block') ? { font: { eastAsia: FONTS.hei, ascii: FONTS.latin, hAnsi: FONTS.latin } } : {}),
        ...(classes.has('gr-note') ? { size: 18 } : {}),
      })],
    });
  }
}

/** Relative widths → twips that add up to `total` exactly. */
export function scaleWidths(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const out = weights.map((w) => Math.floor((w / sum) * total));
  out[out.length - 1]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}

interface Slot {
  cell: LayoutCell;
  /** The row and column where the cell starts. */
  top: number;
  left: number;
}

/** Places row-major cells with their spans on a grid of `width` columns (as HTML tables do). */
export function placeCells(rows: readonly (readonly LayoutCell[])[], width: number): (Slot | undefined)[][] {
  const grid: (Slot | undefined)[][] = rows.map(() => new Array<Slot | undefined>(width).fill(undefined));
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (c < width && grid[r]![c]) c++;
      if (c >= width) break;
      const slot: Slot = { cell, top: r, left: c };
      for (let dr = 0; dr < Math.max(1, cell.rowspan ?? 1) && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < Math.max(1, cell.colspan ?? 1) && c + dc < width; dc++) grid[r + dr]![c + dc] = slot;
      }
      c += Math.max(1, cell.colspan ?? 1);
    }
  });
  return grid;
}
