/** What `govreport check` reports per file, in ESLint's JSON formatter shape (the formatters read it). */
import type { Position, ReportDiagnostic } from '../core';

/** One message in ESLint's JSON formatter shape (1-based lines and columns). */
export interface CliMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
}

export interface FileResult {
  filePath: string;
  messages: CliMessage[];
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Set when the file could not be read or written. */
  ioError?: string;
}

export function emptyResult(filePath: string, ioError?: string): FileResult {
  return {
    filePath, messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0,
    ...(ioError === undefined ? {} : { ioError }),
  };
}

/** Adds a core diagnostic to a file's result, at 1-based lines and columns. */
export function addMessage(result: FileResult, d: ReportDiagnostic, start: Position, end: Position): void {
  const severity = d.severity === 'error' ? 2 : 1;
  const fatal = d.code === 'yaml-syntax';
  result.messages.push({
    ruleId: d.code, severity, message: d.message,
    line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1,
    ...(fatal ? { fatal: true as const } : {}),
  });
  if (severity === 2) result.errorCount++;
  else result.warningCount++;
  if (fatal) result.fatalErrorCount++;
  if (d.fix?.safe) {
    if (severity === 2) result.fixableErrorCount++;
    else result.fixableWarningCount++;
  }
}
