/**
 * `govreport check` over published reports (saved pages, text, and PDF/DOCX once their readers
 * exist): each is imported in memory and checked like a report file. A finding names the key path
 * it is about and points at the source line the imported value came from (where the format has
 * lines); the imported YAML itself is never written.
 */
import * as path from 'node:path';
import { analyze, t, yearFacts, RuleCode, type Position } from '../core';
import { importer, ioMessage } from '../node';
import type { CheckOptions, Checked } from './check';
import { importFile, isSystemError } from './import';
import { addMessage, emptyResult } from './results';

/** Published reports that `check` imports: web pages, text, PDF, Word. */
export const IMPORTABLE = /\.(html?|shtml|xhtml|txt|pdf|docx)$/i;

/**
 * Imports and checks one published report. `undefined` when the file was found in a folder and is
 * not a report (a folder of saved pages also holds other pages); named on the command line it is an
 * error, or `'yaml'` for a text file (to be checked as a report file).
 */
export async function checkImported(filePath: string, options: CheckOptions, named: boolean): Promise<Checked | undefined | 'yaml'> {
  const lang = options.lang;
  let imported;
  try {
    imported = await importFile(filePath, lang, '');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!named && !isSystemError(err) && /\.(html?|shtml|xhtml|txt)$/i.test(filePath)) return undefined;
    return { result: emptyResult(filePath, t(lang, 'cannot import {0}: {1}', path.basename(filePath), isSystemError(err) ? ioMessage(e) : err.message)) };
  }
  if (imported.sectionsFound === 0) {
    // a text file named on the command line that is no published report is checked as YAML (any
    // named file is checked, whatever its name); found in a folder it is just another file
    if (!named) return undefined;
    if (/\.txt$/i.test(filePath)) return 'yaml';
    return { result: emptyResult(filePath, t(lang, 'cannot import {0}: no section of an annual report (一、总体情况 … 六、其他需要报告的事项) was found', filePath)) };
  }
  const text = importer().writeReportYaml(imported);
  const analysis = analyze(text, { lang, severities: options.severities });
  const result = emptyResult(filePath);
  const positionOf = (keyPath: readonly (string | number)[]): Position => {
    for (let n = keyPath.length; n > 0; n--) {
      const at = imported.positions[keyPath.slice(0, n).join('.')];
      if (at?.line !== undefined) return { line: at.line - 1, character: 0 };
      if (at?.page !== undefined) return { line: 0, character: 0 };
    }
    return { line: 0, character: 0 };
  };
  for (const d of analysis.diagnostics) {
    const keyPath = importer().keyPathAt(analysis.document, d.range.start);
    const where = positionOf(keyPath);
    addMessage(result, { ...d, message: keyPath.length > 0 ? `${d.message} [${keyPath.join('.')}]` : d.message, fix: undefined }, where, where);
  }
  result.messages.sort((a, b) => a.line - b.line || a.column - b.column);
  if (!options.crossYear) return { result };
  const withTexts = options.severities[RuleCode.CopiedText] !== 'off';
  // with the bigrams: importing a page again to fetch them later would cost more than keeping them
  const facts = yearFacts(analysis.document, { texts: withTexts });
  if (!facts) return { result };
  // across-years findings point at the start of the source (their offsets are in the imported YAML)
  return { result, year: { facts, positions: new Int32Array(0), withTexts } };
}
