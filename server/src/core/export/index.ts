/** The exporters: the report as a file offices use (pure: analysed report in, bytes out; the node side writes them). */
export { assertExportable, ExportError, renderDocx, type DocxOptions } from './docx';
