/**
 * `govreport render`: one report as the official document: standalone HTML (the preview's page), a Word
 * document (.docx, GB/T 9704) or PDF (through LibreOffice or Chromium).
 */
import * as path from 'node:path';
import { analyze, DEFAULT_MAX_BYTES, ExportError, renderDocx, renderStandalone, RuleCode, t, type Analysis, type Lang } from '../core';
import { ioMessage, PdfError, readReportFileSync, readStylesheet, renderPdf, sameFile, writeFileAtomic } from '../node';
import type { CliIo } from './main';

export type RenderFormat = 'html' | 'docx' | 'pdf';
export const RENDER_FORMATS: readonly RenderFormat[] = ['html', 'docx', 'pdf'];

export interface RenderCommandOptions {
  format: RenderFormat;
  /** Where to write; html goes to stdout without it, docx and pdf beside the report. */
  output?: string;
  /** Export a docx or pdf even when the report has errors. */
  force: boolean;
  /** The PDF converter's path (soffice, chromium…); searched for otherwise. */
  pdfConverter?: string;
}

/** `report.govreport.yaml` → `report.docx` in the same folder. */
export function besideReport(file: string, format: RenderFormat): string {
  const base = path.basename(file).replace(/\.govreport\.ya?ml$/i, '').replace(/\.ya?ml$/i, '');
  return path.join(path.dirname(file), `${base || 'report'}.${format}`);
}

const counted = (lang: Lang, errors: number, warnings: number) => [
  errors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', errors),
  warnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', warnings),
] as const;

/** Exit codes: 0 written, 1 not valid YAML or (docx, pdf) errors without --force, 2 usage, I/O or converter errors. */
export async function renderCommand(file: string, options: RenderCommandOptions, lang: Lang, io: CliIo): Promise<number> {
  // regular files only, at most the size limit, decoded strictly (as check reads them)
  const read = readReportFileSync(file, { maxBytes: DEFAULT_MAX_BYTES, lang });
  if (!read.ok) {
    io.stderr(`govreport: ${t(lang, 'cannot read {0}: {1}', file, read.message)}\n`);
    return 2;
  }
  if (options.output !== undefined && sameFile(file, options.output)) {
    io.stderr(`govreport: ${t(lang, 'cannot write {0}: it is the report being rendered; choose another file name', options.output)}\n`);
    return 2;
  }
  let css = '';
  if (options.format !== 'docx') {
    try {
      css = readStylesheet();
    } catch (e) {
      io.stderr(`govreport: ${t(lang, 'cannot read the stylesheet media/report.css: {0}', ioMessage(e))}\n`);
      return 2;
    }
  }
  const analysis = analyze(read.decoded.text, { lang });
  const rendered = renderStandalone(analysis, { lang, css });
  if (!rendered.ok) {
    const first = analysis.diagnostics.find((d) => d.code === RuleCode.YamlSyntax) ?? analysis.diagnostics[0];
    const at = analysis.document.lines.positionAt(first?.range.start ?? 0);
    io.stderr(`govreport: ${t(lang, '{0} is not valid YAML, nothing was rendered: {1}', `${file}:${at.line + 1}:${at.character + 1}`, first?.message ?? '')}\n`);
    return 1;
  }
  const [errors, warnings] = counted(lang, rendered.errors, rendered.warnings);
  // a document for filing is not made from a report that fails its checks, unless asked to
  if (options.format !== 'html' && rendered.errors > 0 && !options.force) {
    io.stderr(`govreport: ${t(lang, '{0} has {1} and {2}; nothing was exported. Fix them (govreport check {0}) or export anyway with --force.', file, errors, warnings)}\n`);
    return 1;
  }
  let content: string | Uint8Array;
  try {
    content = options.format === 'html' ? rendered.html : await exportBytes(analysis, options, lang, css);
  } catch (e) {
    if (e instanceof PdfError || e instanceof ExportError) {
      io.stderr(`govreport: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const output = options.output ?? (options.format === 'html' ? undefined : besideReport(file, options.format));
  if (output === undefined) {
    io.stdout(content as string);
  } else {
    try {
      writeFileAtomic(output, content, lang);
    } catch (e) {
      io.stderr(`govreport: ${t(lang, 'cannot write {0}: {1}', output, ioMessage(e))}\n`);
      return 2;
    }
  }
  if (rendered.errors + rendered.warnings > 0) {
    io.stderr(`govreport: ${t(lang, '{0} has {1} and {2}; run govreport check for the details', file, errors, warnings)}\n`);
  }
  return 0;
}

function exportBytes(analysis: Analysis, options: RenderCommandOptions, lang: Lang, css: string): Promise<Uint8Array> {
  return options.format === 'docx'
    ? renderDocx(analysis, { lang })
    : renderPdf(analysis, { lang, css, ...(options.pdfConverter ? { converter: options.pdfConverter } : {}) });
}
