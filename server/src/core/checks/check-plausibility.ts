/**
 * Plausibility (severity info): figures and words that are possible but rarely right.
 * `unusual-share`: （六）其他处理 is more than half of （七）总计 (the 2019 format's own note: it is for
 * 极少数特殊情况). `scope-words`: a county-level body writing "全市各级行政机关…", a city body "全省…".
 */
import type { ReportDiagnostic } from '../model/diagnostic';
import { anchorRange, keyRange, type ReportDocument } from '../model/document';
import { t, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatOf, titleAt } from '../model/schema';
import { APPLICATION_COLUMNS, RESULTS_TOTAL, applicationRowsOf, countRow, getIn } from '../model/table';
import { firstMatch, proseFieldsOf, textRange } from '../model/text-fields';

/** `unusual-share`: fires above this share of （七）总计 … */
export const UNUSUAL_SHARE = 0.5;
/** … with at least this many results (3 of 5 is no pattern). */
export const UNUSUAL_SHARE_MINIMUM = 10;

export function checkPlausibility(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  return [...unusualShare(doc, lang), ...scopeWords(doc, lang)];
}

function unusualShare(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const width = APPLICATION_COLUMNS.length;
  const totalRow = countRow(doc.data, RESULTS_TOTAL, width);
  const otherRows = applicationRowsOf(doc.data, formatOf(doc.data)).results.filter((p) => p[2] === 'other').map((p) => countRow(doc.data, p, width));
  if (!totalRow || otherRows.length === 0 || otherRows.some((r) => !r)) return [];
  const total = totalRow[width - 1]!;
  const other = otherRows.reduce((a, r) => a + r![width - 1]!, 0);
  if (total < UNUSUAL_SHARE_MINIMUM || other <= total * UNUSUAL_SHARE) return [];
  const path = ['applications', 'results', 'other'];
  return [{
    code: RuleCode.UnusualShare, severity: 'info', range: keyRange(doc, path) ?? anchorRange(doc, RESULTS_TOTAL),
    message: t(lang, '{0} holds {1} of {2} results ({3}%); it is meant for rare cases: does a category above fit them?',
      titleAt(path), other, total, Math.round((other / total) * 100)),
  }];
}

export type Level = 1 | 2 | 3 | 4;

/**
 * The administrative level of a body read from its name — 1 province, 2 city, 3 county, 4 township —
 * or undefined. The last place word decides (台儿庄区民政局: 区, county); words that only look like
 * one (市场, 城乡, 社区, 开发区…) are dropped first. A county-level city reads as a city: the rule
 * then says less, never more.
 */
export function levelOf(agency: string): Level | undefined {
  const name = agency
    .replace(/自治区/g, '省').replace(/自治州|地区|盟/g, '市')
    .replace(/市场|城市|都市|超市|市政(?!府)|市民(?!政)|市容|社区|园区|开发区|高新区|新区|景区|小区|城区|片区|试验区|保税区|城乡|乡村|乡镇|城镇|集镇|区域|区划|县域|县级|市级|省级|镇级|乡级/g, '');
  const places = [...name.matchAll(/省|市|区|县|旗|街道|乡|镇/g)];
  const last = places[places.length - 1]?.[0];
  switch (last) {
    case '省': return 1;
    case '市': return 2;
    case '区': case '县': case '旗': return 3;
    case '街道': case '乡': case '镇': return 4;
    default: return undefined;
  }
}

const SCOPE_LEVEL: Record<string, Level> = { 省: 1, 市: 2, 县: 3, 区: 3, 旗: 3, 乡: 4, 镇: 4 };
/** A scope claimed over the bodies of an area: "全市各级行政机关", "全省各部门", "全县范围内各单位". */
const SCOPE = /全(省|市|县|区|旗)(?:范围内的?)?(?:各级(?:各类)?(?:行政机关|政府|部门|单位)?|各(?:级|类)?(?:行政机关|政府部门|部门|单位))/g;

function scopeWords(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const agency = getIn(doc.data, ['agency']);
  if (typeof agency !== 'string') return [];
  // every scope begins with 全: without one in the text, the level of the body need not be read
  const fields = proseFieldsOf(doc).filter((f) => f.value.includes('全'));
  if (fields.length === 0) return [];
  const level = levelOf(agency);
  if (level === undefined || level === 1) return [];
  const out: ReportDiagnostic[] = [];
  for (const field of fields) {
    let n = 0;
    for (let m = firstMatch(SCOPE, field.value); m; m = SCOPE.exec(field.value)) {
      if (SCOPE_LEVEL[m[1]!]! >= level) continue;
      if (++n > 20) break; // a few per field, as template-leftover
      out.push({
        code: RuleCode.ScopeWords, severity: 'info', range: textRange(doc, field.path, m.index!, m.index! + m[0].length),
        message: t(lang, 'The text says “{0}”, a wider area than {1} covers: is this sentence copied from a higher level\'s report?', m[0], agency.trim()),
      });
    }
  }
  return out;
}
