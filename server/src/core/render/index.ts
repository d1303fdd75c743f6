/**
 * The renderer: the report laid out as the official document (layout: blocks and tables with their merged
 * cells, shared by every writer), written as HTML (fragment for the preview, standalone HTML for the export
 * and the CLI), and HTML escaping.
 */
export { chineseNumber, renderReport, renderStandalone, reportTitle, splitParagraphs, type RenderOptions, type RenderedReport, type StandaloneOptions } from './render';
export { display, LABELS, layoutReport, PROACTIVE_BLOCKS, type Block, type ContactItem, type LayoutCell, type LayoutRow, type Source, type TableBlock } from './layout';
export { escapeHtml, safeHref } from './html';
