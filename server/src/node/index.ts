/** Node-side code shared by the CLI and the language server: files, the stylesheet, the version, PDF through a converter. */
export {
  FileRefusal, REPORT_FILE, buffered, checkedOutput, ioMessage, nodeUtf8, readFileBytes, readReportFile, readReportFileSync, sameFile, writeFileAtomic,
  type BytesResult, type FileContent, type ReadOptions, type ReadResult,
} from './files';
export { readStylesheet } from './stylesheet';
export { VERSION } from './version';
export { converterKind, findConverter, PdfError, renderPdf, type PdfConverter, type PdfOptions } from './pdf';
export { importer, type Importer } from './importer';
export { inputKind, MAX_INPUT_BYTES, readSource, type InputKind } from './import-source';
