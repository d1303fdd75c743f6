/**
 * `stale-year`: a report for year Y that still presents Y−1 as its own year, as a report started from
 * last year's does ("现向社会公布…2023年度政府信息公开报告" and "2023年，我局…" in a 2024 report).
 * Only the report's own year is looked for: the report it publishes, and topic openings. Mentions
 * of Y−1 in comparisons ("较2023年", "与2023年相比", "上年") and in the titles of other documents
 * (inside 《》) are not.
 */
import type { OffsetRange, ReportDiagnostic, TextEdit } from '../model/diagnostic';
import type { ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { titleAt, type Path } from '../model/schema';
import { getIn } from '../model/table';
import { firstMatch, proseFieldsOf, textAt, textRange } from '../model/text-fields';

export interface StaleYear {
  path: Path;
  /** Range of the four digits of Y−1 in the source. */
  range: OffsetRange;
  /** The words around it, for the message. */
  quote: string;
}

/** What stands before a sentence's first word: a sentence end, then spaces. */
const SENTENCE_START = /[。；;！!？?\n][ \t\u3000]*$/;

const BODY = '(?:我|本(?:局|委|办|厅|署|部门|单位|机关|院|中心|镇|乡|街道|区|县|市|级))';

interface YearPatterns { opening: RegExp; publishes: RegExp }
/** The patterns of one report year, built once for all the fields and reports of that year. */
const patternsByYear = new Map<number, YearPatterns>();

function yearPatterns(year: number): YearPatterns {
  let hit = patternsByYear.get(year);
  if (hit) return hit;
  const last = String(year - 1);
  hit = {
    // topic openings: "2023年，" "2023年以来，" "2023年度，" "2023年我局…" at the start of a paragraph or sentence
    // (the year first and the start of the sentence checked in code: a leading lookbehind is tried at every offset)
    opening: new RegExp(`${last}\\s*年(?:度)?(?:以来)?(?:[，,]|(?=${BODY}))`, 'g'),
    // the report itself: "现向社会公布…2023年度政府信息公开(工作)?(年度)?报告", outside 《》 and not compared
    publishes: new RegExp(`(?:公布|发布|编制|形成|印发)[^。；;！!\\n《》]{0,30}?(?<![\\d较比与同照])(${last})\\s*年度?[^。；;，,！!\\n《》“”]{0,24}?报告`, 'dg'),
  };
  if (patternsByYear.size >= 64) patternsByYear.clear(); // a run over many reports meets a few years; stay bounded all the same
  patternsByYear.set(year, hit);
  return hit;
}

/** Offsets (in the string value) of the digits of `last` where the text presents it as its own year. */
export function staleYearOffsets(text: string, year: number): { at: number; quote: string }[] {
  const last = String(year - 1);
  const out: { at: number; quote: string }[] = [];
  // both patterns hold the year's digits literally (any other `year` is left to the patterns)
  if (Number.isSafeInteger(year) && year > 0 && !text.includes(last)) return out;
  const { opening, publishes } = yearPatterns(year);
  for (let m = firstMatch(opening, text); m; m = opening.exec(text)) {
    if (SENTENCE_START.test(text.slice(Math.max(0, m.index! - 8), m.index!)) || (m.index! <= 8 && /^[ \t\u3000]*$/.test(text.slice(0, m.index!)))) out.push({ at: m.index!, quote: m[0] });
  }
  for (let m = firstMatch(publishes, text); m; m = publishes.exec(text)) {
    const at = m.indices![1]![0];
    if (!insideTitle(text, at)) out.push({ at, quote: m[0] });
  }
  return out.sort((a, b) => a.at - b.at).filter((x, i, all) => i === 0 || all[i - 1]!.at !== x.at);
}

/** Whether `at` is inside 《…》 (the title of another document). */
function insideTitle(text: string, at: number): boolean {
  return text.lastIndexOf('《', at) > text.lastIndexOf('》', at);
}

export function staleYears(doc: ReportDocument): StaleYear[] {
  const year = getIn(doc.data, ['year']);
  if (typeof year !== 'number' || !Number.isSafeInteger(year) || year < 1001) return [];
  const last = String(year - 1);
  const out: StaleYear[] = [];
  for (const field of proseFieldsOf(doc)) {
    // a few per field (as template-leftover): each range lookup walks the value
    for (const { at, quote } of staleYearOffsets(field.value, year).slice(0, 20)) {
      out.push({ path: field.path, range: textRange(doc, field.path, at, at + last.length), quote });
    }
  }
  // the report's own title naming last year, not this one
  const title = textAt(doc.data, ['title']);
  if (title && !new RegExp(`${year}\\s*年`).test(title)) {
    const m = new RegExp(`(?<!\\d)${last}(?=\\s*年)`).exec(title);
    if (m) out.push({ path: ['title'], range: textRange(doc, ['title'], m.index, m.index + last.length), quote: title });
  }
  // keep only ranges that are the digits themselves (a text that could not be aligned is skipped)
  return out.filter((s) => doc.text.slice(s.range.start, s.range.end) === last);
}

export function staleYearEdits(doc: ReportDocument): TextEdit[] {
  const year = getIn(doc.data, ['year']) as number;
  return staleYears(doc).map((s) => ({ range: s.range, newText: String(year) }));
}

export function checkStaleYear(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const year = getIn(doc.data, ['year']) as number;
  return staleYears(doc).map((s) => ({
    code: RuleCode.StaleYear, severity: 'warning', range: s.range,
    message: t(lang, '{0} says “{1}”, but the report is for {2}: is this left from last year\'s report?', fieldLabel(s.path), s.quote, year),
    fix: { title: t(lang, 'Replace {0} with {1}', year - 1, year), edits: [{ range: s.range, newText: String(year) }], safe: false },
  }));
}

function fieldLabel(path: Path): string {
  return path.length > 1 && typeof path[1] === 'string' ? `${titleAt(path.slice(0, 1))}·${titleAt(path.slice(0, 2))}` : titleAt(path.slice(0, 1));
}
