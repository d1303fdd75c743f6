/**
 * Import of published reports: readers from a file's bytes to the intermediate form (source.ts), and the
 * mapper from that form to a report. Nothing here is on the editor's keystroke path: the readers' libraries
 * (fflate and @xmldom/xmldom for DOCX, pdf.js for PDF) load only when a file is imported, so this folder is
 * not re-exported by core/index.ts; the CLI and the server load it (or the dist/import.js bundle) on demand.
 */
export * from './source';

// ---- DOCX and PDF readers (import-binary)
export { readDocx, type ReadDocxOptions } from './docx';
export { readPdf, type ReadPdfOptions } from './pdf';
export { SourceReadError, sourceReadMessage, type SourceReadErrorCode } from './read-error';
// ---- end DOCX and PDF readers
