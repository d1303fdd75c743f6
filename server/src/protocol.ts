/** GovReport's own LSP requests and notifications, shared by the server and the VS Code client. */

export type AgencyKind = 'department' | 'government' | 'township';

/** `govreport/newReport`: the text of a new report, and last year's rolled over when the workspace has it. */
export const NewReportRequest = 'govreport/newReport';
export interface NewReportParams {
  agency: string;
  year: number;
  kind: AgencyKind;
}
export interface NewReportResult {
  /** A fresh skeleton. */
  text: string;
  /** Last year's report of the same agency, with its tables zeroed and carried_over filled. */
  fromLastYear?: { uri: string; text: string };
}

/** `govreport/checkWorkspace`: checks every report of the workspace once and publishes the diagnostics. */
export const CheckWorkspaceRequest = 'govreport/checkWorkspace';
export interface CheckWorkspaceResult {
  files: number;
  errors: number;
  warnings: number;
  cancelled: boolean;
}
/** Sent by the server while `govreport/checkWorkspace` runs. */
export const CheckWorkspaceProgressNotification = 'govreport/checkWorkspaceProgress';
export interface CheckWorkspaceProgress {
  done: number;
  total: number;
}

/** `govreport/render`: the report rendered as the official document (one renderer: preview, export, CLI). */
export const RenderRequest = 'govreport/render';
export interface RenderParams {
  uri: string;
  /** `standalone`: a whole self-contained HTML file (export); otherwise the fragment for the preview. */
  standalone?: boolean;
}
export interface RenderResult {
  /** The document version that was rendered (stale results are dropped by the preview). */
  version: number;
  /** false when the text is not valid YAML: the preview keeps its last good rendering and shows a banner. */
  ok: boolean;
  title: string;
  /** The `<article>` fragment (preview) or the whole HTML document (standalone). */
  html: string;
  errors: number;
  warnings: number;
}

/**
 * `govreport/export`: the report as a file for filing (Word or PDF), made by the server (the DOCX writer
 * and the PDF converters live there). A report with errors is not exported unless `force` is set: the
 * client asks the user first, then sends the request again with it.
 */
export const ExportRequest = 'govreport/export';
export type ExportFormat = 'docx' | 'pdf';
export interface ExportParams {
  uri: string;
  format: ExportFormat;
  /** Export although the report has errors (the user said so). */
  force?: boolean;
  /** The PDF converter's path (setting `govreport.export.pdfConverter`); searched for when absent. */
  pdfConverter?: string;
}
export interface ExportResult {
  /** false when the text is not valid YAML: nothing exported. */
  ok: boolean;
  errors: number;
  warnings: number;
  /** Set when the report has errors and `force` was not: nothing exported. */
  refused?: boolean;
  /** The file's bytes, base64. */
  data?: string;
  /** Why nothing was exported (no PDF converter, the converter failed…), in the user's language. */
  message?: string;
}

/**
 * `govreport/importReport`: a published report (web page, Word, PDF, text) read by the server's
 * importer and returned as the text of a `*.govreport.yaml` with its review notes; the client writes
 * the file (beside the source, asking before it replaces one) and opens it. With `rollOver`, also the
 * report rolled over to the next year (New Report from a published report).
 */
export const ImportReportRequest = 'govreport/importReport';
export interface ImportReportParams {
  /** The source file (a file: URI). */
  uri: string;
  rollOver?: boolean;
}
export interface ImportReviewNote {
  /** The key path the note is about (`applications.results.total`), '' for the whole report. */
  path: string;
  /** 1-based line (web page, text) or page (PDF) of the source, where known. */
  line?: number;
  page?: number;
  message: string;
}
export interface ImportReportResult {
  /** false: nothing imported (`message` says why, in the user's language). */
  ok: boolean;
  message?: string;
  /** The report as YAML, the review notes as `# 导入：` comments in it. */
  text?: string;
  format?: 2019 | 2021;
  agency?: string;
  year?: number;
  notes: ImportReviewNote[];
  /** Cells and required fields left empty (null). */
  emptyCells: number;
  /** With `rollOver`: the report for the next year (texts kept, tables zeroed, carried-over filled); '' when it cannot be made. */
  rolledOver?: string;
}
