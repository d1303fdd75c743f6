/** Node-side code shared by the CLI and the language server: files, the stylesheet, the version, PDF through a converter. */
export {
  FileRefusal, REPORT_FILE, checkedOutput, ioMessage, readReportFile, readReportFileSync, sameFile, writeFileAtomic,
  type ReadOptions, type ReadResult,
} from './files';
export { readStylesheet } from './stylesheet';
export { VERSION } from './version';
export { converterKind, findConverter, PdfError, renderPdf, type PdfConverter, type PdfOptions } from './pdf';
