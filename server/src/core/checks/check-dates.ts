/** Dates: when a report may be written and published, and which year its text says it covers. */
import type { ReportDiagnostic } from '../model/diagnostic';
import { valueRange, type ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatForYear, titleAt } from '../model/schema';
import { getIn } from '../model/table';
import { firstMatch, proseFieldsOf, textRange } from '../model/text-fields';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` string that names a real day, else undefined. */
export function validDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE.exec(v);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? v : undefined;
}

/** Writes 2024-01-16 as 2024年1月16日 (Chinese) or keeps ISO (English). */
export function showDate(lang: Lang, iso: string): string {
  const m = DATE.exec(iso);
  return lang === 'zh' && m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

export interface Deadline {
  date: string;
  basis: string;
}

/**
 * Earlier deadlines set by a province or city, per agency kind (for example 1月28日 for city
 * departments): `date` is `MM-DD` of the year after the report year, `rule` names the rule that sets
 * it (shown in the message; default: the setting).
 */
export type LocalDeadlines = Partial<Record<'department' | 'government' | 'township', { date: string; rule?: string }>>;

/**
 * Reads local deadlines from a setting or CLI option: `{ "department": "01-28" }` or
 * `{ "department": { "date": "01-28", "rule": "…通知" } }`; unknown kinds and malformed dates are dropped.
 */
export function parseLocalDeadlines(value: unknown): LocalDeadlines {
  const out: LocalDeadlines = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [kind, v] of Object.entries(value)) {
    if (kind !== 'department' && kind !== 'government' && kind !== 'township') continue;
    const date = typeof v === 'string' ? v : (v as { date?: unknown } | null)?.date;
    const rule = typeof v === 'object' && v !== null ? (v as { rule?: unknown }).rule : undefined;
    if (typeof date !== 'string' || !monthDay(2001, date)) continue;
    out[kind] = typeof rule === 'string' && rule.trim() ? { date, rule: rule.trim() } : { date };
  }
  return out;
}

/** `MM-DD` as a real day of `year`, else undefined. */
function monthDay(year: number, md: unknown): string | undefined {
  return typeof md === 'string' && /^\d{2}-\d{2}$/.test(md) ? validDate(`${year}-${md}`) : undefined;
}

/** The publication deadline of a report: its own `deadline`, else a local one for its kind, else the national one. */
export function deadlineOf(data: unknown, lang: Lang, local?: LocalDeadlines): Deadline | undefined {
  const own = validDate(getIn(data, ['deadline']));
  if (own) return { date: own, basis: t(lang, 'the deadline set in this report') };
  const year = getIn(data, ['year']);
  if (typeof year !== 'number' || !Number.isInteger(year)) return undefined;
  const kind = getIn(data, ['agency_kind']) ?? 'department';
  const localRule = typeof kind === 'string' ? local?.[kind as keyof LocalDeadlines] : undefined;
  const localDate = localRule && monthDay(year + 1, localRule.date);
  if (localRule && localDate) {
    return { date: localDate, basis: t(lang, 'the local deadline for this kind of body: {0}', localRule.rule?.trim() || t(lang, 'the setting govreport.deadlines')) };
  }
  if (kind === 'department') return { date: `${year + 1}-01-31`, basis: t(lang, 'Article 49(1) of the Regulations: departments publish by 31 January') };
  if (kind === 'government') return { date: `${year + 1}-03-31`, basis: t(lang, 'Article 49(2) of the Regulations: governments publish by 31 March') };
  return undefined; // township: no national deadline
}

/** A statistics period of a whole year as written in report text: 2023年1月1日至2023年12月31日. */
export const PERIOD = /(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日?\s*(?:至|到|—{1,2}|－|-|~|～|–)\s*(\d{4})\s*年\s*12\s*月\s*31\s*日?/g;

export function checkDates(doc: ReportDocument, lang: Lang, local?: LocalDeadlines): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const data = doc.data;
  const year = getIn(data, ['year']);
  const published = validDate(getIn(data, ['published']));
  if (typeof year !== 'number' || !Number.isInteger(year)) return out;
  const publishedRange = valueRange(doc, ['published']);

  if (published && publishedRange) {
    if (published <= `${year}-12-31`) {
      out.push({
        code: RuleCode.PublishedTooEarly, severity: 'error', range: publishedRange,
        message: t(lang, '{0} {1} is not after the end of the report year {2}: an annual report is written after its year ends', titleAt(['published']), showDate(lang, published), year),
      });
    } else {
      const deadline = deadlineOf(data, lang, local);
      if (deadline && published > deadline.date) {
        out.push({
          code: RuleCode.Deadline, severity: 'warning', range: publishedRange,
          message: t(lang, '{0} {1} is after the publication deadline {2} ({3})', titleAt(['published']), showDate(lang, published), showDate(lang, deadline.date), deadline.basis),
        });
      }
    }
  }

  // the format must fit the year, both ways (the tables differ: see docs/format.md)
  const format = getIn(data, ['format']);
  const formatRange = valueRange(doc, ['format']);
  const expected = formatForYear(year);
  if ((format === 2019 || format === 2021) && format !== expected && formatRange) {
    out.push({
      code: RuleCode.FormatMismatch, severity: 'warning', range: formatRange,
      message: format === 2021
        ? t(lang, 'The 2021 format applies from the 2021 reports on; a report for {0} used the 2019 format', year)
        : t(lang, 'The 2019 format served the reports for 2019 and 2020; a report for {0} uses the 2021 format', year),
      fix: { title: t(lang, 'Set format to {0}', expected), edits: [{ range: formatRange, newText: String(expected) }], safe: false },
    });
  }

  for (const field of proseFieldsOf(doc)) {
    if (!field.value.includes('31')) continue; // every period ends "12月31日"
    for (let m = firstMatch(PERIOD, field.value); m; m = PERIOD.exec(field.value)) {
      const from = Number(m[1]);
      const to = Number(m[2]);
      if (from === year && to === year) continue;
      out.push({
        code: RuleCode.PeriodMismatch, severity: 'warning', range: textRange(doc, field.path, m.index!, m.index! + m[0].length),
        message: t(lang, 'The text gives the statistics period “{0}”, but the report is for {1}', m[0], year),
      });
    }
  }
  return out;
}
