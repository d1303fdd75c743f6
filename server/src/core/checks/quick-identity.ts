/**
 * The agency and year of a report without parsing all of it: the two top-level lines are found by
 * pattern. The usual lines (`agency: 某某局`, `year: 2023`) are read directly; anything else (quotes,
 * comments, other scalars) is parsed as YAML, so it is read as the full parser reads it.
 * A guess for planning (which files have a neighbour year worth fingerprinting, which files the
 * workspace index groups): callers that need certainty use the parsed report's `reportIdentity`.
 */
import { parse } from 'yaml';
import { reportIdentity, type ReportIdentity } from './cross-year';

const AGENCY_LINE = /^agency[ \t]*:(.*)$/m;
const YEAR_LINE = /^year[ \t]*:(.*)$/m;
/**
 * A plain scalar that YAML reads as this very string: starts with a Han character (so it is neither a
 * number, a boolean, null nor an indicator) and holds no `#` (a comment), `:` or quote.
 */
const PLAIN_AGENCY = /^[ \t]+([\u3400-\u9fff][^#:'"\r\n]*?)[ \t]*\r?$/;
const PLAIN_YEAR = /^[ \t]+([12]\d{3})[ \t]*\r?$/;

export function quickIdentity(text: string): ReportIdentity | undefined {
  const agency = AGENCY_LINE.exec(text);
  const year = YEAR_LINE.exec(text);
  if (!agency || !year) return undefined;
  const plainAgency = PLAIN_AGENCY.exec(agency[1]!);
  const plainYear = PLAIN_YEAR.exec(year[1]!);
  // the common case costs two regular expressions; the YAML parser only for the rest
  if (plainAgency && plainYear) return reportIdentity({ agency: plainAgency[1], year: Number(plainYear[1]) });
  try {
    return reportIdentity(parse(`${agency[0]}\n${year[0]}\n`));
  } catch {
    return undefined;
  }
}
