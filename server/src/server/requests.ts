/** GovReport's own requests (server/src/protocol.ts): check the workspace, new report, import a published report, render. */
import type { CancellationToken } from 'vscode-languageserver/node';
import { renderReport, renderStandalone, reportSkeleton, rollOverReport } from '../core';
import { readStylesheet } from '../node';
import {
  CheckWorkspaceProgressNotification, CheckWorkspaceRequest, ImportReportRequest, NewReportRequest, RenderRequest, type CheckWorkspaceResult,
  type ImportReportParams, type NewReportParams, type NewReportResult, type RenderParams, type RenderResult,
} from '../protocol';
import type { ServerContext } from './context';
import { importReport } from './import';
import { uriOf } from './uris';

export function registerRequests(server: ServerContext): void {
  const { connection, analyses, workspace } = server;

  connection.onRequest(CheckWorkspaceRequest, async (_params: unknown, token: CancellationToken): Promise<CheckWorkspaceResult> => {
    await workspace.indexing;
    return workspace.validateAll(
      (done, total) => void connection.sendNotification(CheckWorkspaceProgressNotification, { done, total }),
      () => token.isCancellationRequested,
    );
  });

  connection.onRequest(NewReportRequest, async (params: NewReportParams): Promise<NewReportResult> => {
    await workspace.indexing;
    const { lang } = server;
    const text = reportSkeleton({ agency: params.agency, year: params.year, kind: params.kind, lang });
    const [lastYearFile] = workspace.findPaired({ agency: params.agency.trim(), year: params.year - 1 });
    const lastYear = lastYearFile ? await workspace.parsedReport(lastYearFile) : undefined;
    const rolled = lastYear ? rollOverReport(lastYear, lang, { kind: params.kind }) : ''; // '' when last year's file cannot be read as a report
    return rolled && lastYearFile ? { text, fromLastYear: { uri: uriOf(lastYearFile), text: rolled } } : { text };
  });

  // a published report imported by the server's importer; the client writes and opens the file
  connection.onRequest(ImportReportRequest, (params: ImportReportParams) => importReport(params, server.lang));

  /** The stylesheet of the rendered report (media/report.css beside dist/), read once. */
  let css: string | undefined;
  const stylesheet = (): string => {
    if (css === undefined) {
      try {
        css = readStylesheet();
      } catch {
        css = '';
      }
    }
    return css;
  };

  connection.onRequest(RenderRequest, async (params: RenderParams): Promise<RenderResult | null> => {
    const { lang } = server;
    // the preview shows the same problems as the editor (cross-year ones included)
    const found = await analyses.ofUri(params.uri);
    if (!found) return null;
    const { analysis, version } = found;
    const rendered = params.standalone
      ? renderStandalone(analysis, { lang, css: stylesheet() })
      : renderReport(analysis, { lang, preview: true });
    return { version, ...rendered };
  });
}
