/**
 * ESLint's "stylish" output: problems grouped by file, then the totals. File paths, messages and rule
 * ids are printed through `printable`: the report's own text never sends a control to the terminal.
 */
import { t, type Lang } from '../core';
import { printable } from './printable';
import type { FileResult } from './results';

/** Writes the stylish output of `results`, a file at a time (`write` gets each file's lines, then the totals). */
export function writeStylish(results: Iterable<FileResult>, color: boolean, lang: Lang, write: (s: string) => void): void {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of results) {
    if (r.messages.length === 0) continue;
    errors += r.errorCount;
    warnings += r.warningCount;
    fixableErrors += r.fixableErrorCount;
    fixableWarnings += r.fixableWarningCount;
    let out = `\n${paint('4', printable(r.filePath))}\n`;
    const rows = r.messages.map((m) => [`${m.line}:${m.column}`, m.severity === 2 ? 'error' : 'warning', printable(m.message), printable(m.ruleId)] as const);
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const w1 = Math.max(...rows.map((x) => x[1].length));
    for (const [pos, sev, msg, rule] of rows) {
      out += `  ${paint('2', pos.padEnd(w0))}  ${paint(sev === 'error' ? '31' : '33', sev.padEnd(w1))}  ${msg}  ${paint('2', rule)}\n`;
    }
    write(out);
  }
  const total = errors + warnings;
  if (total === 0) return;
  // ESLint's wording in English (with its singular and plural forms)
  const problems = total === 1 ? t(lang, '1 problem') : t(lang, '{0} problems', total);
  const errorsText = errors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', errors);
  const warningsText = warnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', warnings);
  let out = `\n${paint(errors ? '31;1' : '33;1', `✖ ${t(lang, '{0} ({1}, {2})', problems, errorsText, warningsText)}`)}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    const fe = fixableErrors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', fixableErrors);
    const fw = fixableWarnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', fixableWarnings);
    out += `${paint(errors ? '31;1' : '33;1', `  ${t(lang, '{0} and {1} potentially fixable with the `--fix` option.', fe, fw)}`)}\n`;
  }
  write(`${out}\n`);
}
