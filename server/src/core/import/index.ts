/**
 * Import: published reports (web pages, text, Word, PDF) → the intermediate form (source.ts) →
 * report data with review notes (toReport) → a `*.govreport.yaml` (writeReportYaml). Pure like the
 * rest of the core (bytes in, text out). Its libraries (htmlparser2, fflate, pdf.js) are large, so
 * this folder is not re-exported by core/index.ts and nothing in checks/ or features/ imports it:
 * the CLI and the server load it on demand (server/src/node/importer.ts, the dist/import.js bundle).
 */
export * from './source';
export { decodeBytes, type Decoded } from './decode';
export { readHtml } from './html';
export { readText } from './text';
export { readDocx, type ReadDocxOptions } from './docx';
export { readPdf, type ReadPdfOptions } from './pdf';
export { SourceReadError, sourceReadMessage, type SourceReadErrorCode } from './read-error';
export { toReport, agencyKind, normaliseDate, type ImportOptions, type ImportResult, type ReviewNote } from './map';
export { writeReportYaml } from './write-yaml';
export { keyPathAt } from './key-path';
