/**
 * The renderer: a report as the official document (HTML fragment for the preview, standalone HTML
 * for the export and the CLI), and HTML escaping.
 */
export { chineseNumber, renderReport, renderStandalone, reportTitle, splitParagraphs, type RenderOptions, type RenderedReport, type StandaloneOptions } from './render';
export { escapeHtml, safeHref } from './html';
