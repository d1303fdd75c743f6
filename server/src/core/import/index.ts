/**
 * Import: published reports (web pages, text; DOCX and PDF readers alongside) → the intermediate form
 * (source.ts) → report data with review notes (toReport) → a `*.govreport.yaml` (writeReportYaml).
 * Pure like the rest of the core (bytes in, text out). Nothing in checks/ or features/ imports this
 * folder, so the editor's keystroke path never loads the HTML parser.
 */
export { expandGrid, type SourceBlock, type SourceCell, type SourceDocument, type SourceMeta, type SourceParagraph, type SourcePosition, type SourceTable } from './source';
export { decodeBytes, type Decoded } from './decode';
export { readHtml } from './html';
export { readText } from './text';
export { toReport, agencyKind, normaliseDate, type ImportOptions, type ImportResult, type ReviewNote } from './map';
export { writeReportYaml } from './write-yaml';
export { keyPathAt } from './key-path';
