/** `govreport/export` (server/src/protocol.ts): the report as a Word document or a PDF, for the VS Code commands. */
import { ExportError, renderDocx } from '../core';
import { PdfError, readStylesheet, renderPdf } from '../node';
import { ExportRequest, type ExportParams, type ExportResult } from '../protocol';
import type { ServerContext } from './context';

export function registerExport(server: ServerContext): void {
  const { connection, analyses } = server;

  connection.onRequest(ExportRequest, async (params: ExportParams): Promise<ExportResult | null> => {
    const { lang } = server;
    // the problems the editor shows (cross-year ones included) decide whether to ask
    const found = await analyses.ofUri(params.uri);
    if (!found) return null;
    const { analysis } = found;
    let errors = 0;
    let warnings = 0;
    for (const d of analysis.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
    const document = analysis.document;
    if (document.syntax.length > 0 || document.data === undefined) return { ok: false, errors, warnings };
    if (errors > 0 && !params.force) return { ok: true, errors, warnings, refused: true };
    try {
      let bytes: Uint8Array;
      if (params.format === 'docx') bytes = await renderDocx(analysis, { lang });
      else {
        let css = '';
        try {
          css = readStylesheet();
        } catch {
          // Chromium then prints the page unstyled; LibreOffice does not need it
        }
        bytes = await renderPdf(analysis, { lang, css, ...(params.pdfConverter ? { converter: params.pdfConverter } : {}) });
      }
      return { ok: true, errors, warnings, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
    } catch (e) {
      if (e instanceof PdfError || e instanceof ExportError) return { ok: true, errors, warnings, message: e.message };
      throw e;
    }
  });
}
