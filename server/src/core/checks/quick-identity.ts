/**
 * The agency and year of a report without parsing all of it: the two top-level lines are found by
 * pattern and parsed as YAML (so quotes and comments are read as the full parser reads them).
 * A guess for planning (which files have a neighbour year worth fingerprinting, which files the
 * workspace index groups): callers that need certainty use the parsed report's `reportIdentity`.
 */
import { parse } from 'yaml';
import { reportIdentity, type ReportIdentity } from './cross-year';

export function quickIdentity(text: string): ReportIdentity | undefined {
  const agency = /^agency[ \t]*:.*$/m.exec(text)?.[0];
  const year = /^year[ \t]*:.*$/m.exec(text)?.[0];
  if (!agency || !year) return undefined;
  try {
    return reportIdentity(parse(`${agency}\n${year}\n`));
  } catch {
    return undefined;
  }
}
