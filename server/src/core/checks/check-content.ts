/** Content: what the text of a report must say, and where it contradicts its own tables. */
import type { ReportDiagnostic } from '../model/diagnostic';
import { anchorRange, keyRange, valueRange, type ReportDocument } from '../model/document';
import { t, joinList, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { titleAt, type Path } from '../model/schema';
import { APP_TOTAL, APPEAL_ROWS, APPEAL_TOTAL, APPLICATION_COLUMNS, RECEIVED, cellLabel, countRow, getIn } from '../model/table';
import { firstMatch, proseFieldsOf, stringFieldsOf, textAt, textRange } from '../model/text-fields';
import { aboutReportingBody, sentenceBefore } from './check-text-figures';

const TOPICS = ['proactive', 'on_request', 'management', 'platforms', 'supervision'] as const;

const isBlank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

export function checkContent(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  return [
    ...missingTopics(doc, lang),
    ...governmentAccountability(doc, lang),
    ...processingFees(doc, lang),
    ...textTableMismatch(doc, lang),
    ...breakdownSums(doc, lang),
    ...templateLeftovers(doc, lang),
  ];
}

function missingTopics(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const overview = getIn(doc.data, ['overview']);
  if (overview === null || typeof overview !== 'object' || Array.isArray(overview)) return [];
  const out: ReportDiagnostic[] = [];
  for (const topic of TOPICS) {
    const path: Path = ['overview', topic];
    if (!isBlank(getIn(doc.data, path))) continue;
    const present = keyRange(doc, path);
    out.push({
      code: RuleCode.MissingTopic, severity: 'warning', range: present ?? anchorRange(doc, ['overview']),
      message: present
        ? t(lang, '{0} {1} is empty', titleAt(['overview']), titleAt(path))
        : t(lang, '{0} does not cover {1} (key {2})', titleAt(['overview']), titleAt(path), topic),
    });
  }
  return out;
}

/** 条例 第五十条: governments set up 工作考核, 社会评议 and 责任追究 systems and report on them. */
const ACCOUNTABILITY: readonly [string, RegExp][] = [
  ['工作考核', /考核/],
  ['社会评议', /评议/],
  ['责任追究', /责任追究|追究责任|追责|问责/],
];

function governmentAccountability(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const kind = getIn(doc.data, ['agency_kind']);
  if (kind !== 'government' && kind !== 'township') return [];
  const path: Path = ['overview', 'supervision'];
  const text = textAt(doc.data, path) ?? '';
  const missing = ACCOUNTABILITY.filter(([, re]) => !re.test(text)).map(([name]) => name);
  if (missing.length === 0) return [];
  return [{
    code: RuleCode.GovernmentAccountability, severity: 'warning',
    range: keyRange(doc, path) ?? anchorRange(doc, ['overview']),
    message: t(lang, '{0} of a people\'s government does not mention {1} (Article 50 of the Regulations)', titleAt(path), joinList(lang, missing)),
  }];
}

const FEE_AMOUNT = /\d+(?:\.\d+)?\s*(?:万元|元)/;
/**
 * How reports say that no fee arose: a negation before the fee ("未产生", "没有产生", "未收取", "不存在…
 * 收费", "均未…收费", "本年度没有产生信息公开处理费"), a zero after it ("收费0元", "为零"), or "零收费".
 */
const NO_FEE = /(?:未|没有|没|不存在|无|未曾|免|不|均未|并未|从未)[^。；;\n]{0,30}?(?:收取|收费|费用|处理费|产生费用)|(?:收取|收费|费用|处理费)[^。；;\n]{0,12}?(?:为\s*[0〇零]|[0〇零]\s*(?:万?元)|零)|零收费|免费|(?:无|未产生|没有产生|未发生|没有发生)[^。；;\n]{0,6}?(?:收费|处理费|费用)/;

function processingFees(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const path: Path = ['other_matters', 'processing_fees'];
  // the fee rules came in November 2020: no statement is expected before the 2021 reports
  const year = getIn(doc.data, ['year']);
  if (typeof year === 'number' && year <= 2020) return [];
  const value = getIn(doc.data, path);
  // absent: `schema` reports the required key; not text: `schema` reports the type
  if (value === undefined || (value !== null && typeof value !== 'string')) return [];
  if (typeof value === 'string' && (FEE_AMOUNT.test(value) || NO_FEE.test(value))) return [];
  return [{
    code: RuleCode.ProcessingFees, severity: 'warning', range: isBlank(value) ? keyRange(doc, path)! : valueRange(doc, path)!,
    message: isBlank(value)
      ? t(lang, '{0} is empty: state the amount charged, or that no fee was charged', titleAt(path))
      : t(lang, '{0} states neither an amount (e.g. 0.5万元) nor that no fee was charged', titleAt(path)),
  }];
}

// not "未收到行政复议申请": that is NO_APPEAL's
const NONE_RECEIVED = /未(?:收到|接到|受理)(?:(?!复议|诉讼)[^。；;，,\n]){0,15}?申请/g;
const RECEIVED_N = /(?<!未)(?:新收|收到|受理)[^。；;\d\n]{0,20}?申请[^。；;\d\n件]{0,6}?(\d+)\s*件/g;
const NO_APPEAL = /未(?:发生|收到|出现|有)[^。；;\n]{0,20}?(行政复议|行政诉讼)/g;

function textTableMismatch(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const received = countRow(doc.data, RECEIVED, APPLICATION_COLUMNS.length);
  const appeals = APPEAL_ROWS.map((p) => [p, countRow(doc.data, p, APPEAL_TOTAL + 1)] as const);
  const agencyValue = getIn(doc.data, ['agency']);
  const agency = typeof agencyValue === 'string' ? agencyValue : undefined;
  for (const field of proseFieldsOf(doc)) {
    const at = (m: RegExpMatchArray) => textRange(doc, field.path, m.index!, m.index! + m[0].length);
    // words every match holds: most texts skip the scans
    const not = field.value.includes('未');
    const application = field.value.includes('申请');
    if (received && application) {
      const total = received[APP_TOTAL]!;
      if (not) for (let m = firstMatch(NONE_RECEIVED, field.value); m; m = NONE_RECEIVED.exec(field.value)) {
        if (total > 0) out.push({ code: RuleCode.TextTableMismatch, severity: 'warning', range: at(m), message: t(lang, 'The text says “{0}”, but {1} is {2}', m[0], cellLabel(RECEIVED, APP_TOTAL), total) });
      }
      if (field.value.includes('件')) for (let m = firstMatch(RECEIVED_N, field.value); m; m = RECEIVED_N.exec(field.value)) {
        const n = Number(m[1]);
        if (n === total || !aboutReportingBody(sentenceBefore(field.value, m.index!), agency)) continue;
        const numberAt = m.index! + m[0].lastIndexOf(m[1]!);
        const numberRange = textRange(doc, field.path, numberAt, numberAt + m[1]!.length);
        out.push({
          code: RuleCode.TextTableMismatch, severity: 'warning', range: at(m), message: t(lang, 'The text says “{0}” ({1}), but {2} is {3}', m[0], n, cellLabel(RECEIVED, APP_TOTAL), total),
          fix: doc.text.slice(numberRange.start, numberRange.end) === m[1] ? { title: t(lang, 'Write {0} as in the table', total), edits: [{ range: numberRange, newText: String(total) }], safe: false } : undefined,
        });
      }
    }
    if (not) for (let m = firstMatch(NO_APPEAL, field.value); m; m = NO_APPEAL.exec(field.value)) {
      const lawsuit = m[1] === '行政诉讼';
      for (const [path, row] of appeals) {
        if (!row || (path[1] === 'review') === lawsuit || row[APPEAL_TOTAL]! === 0) continue;
        out.push({ code: RuleCode.TextTableMismatch, severity: 'warning', range: at(m), message: t(lang, 'The text says “{0}”, but {1} is {2}', m[0], cellLabel(path, APPEAL_TOTAL), row[APPEAL_TOTAL]!) });
        break;
      }
    }
  }
  return out;
}

// "277条（公示公告类信息8条，建议提案信息5条，…）": the figure, its unit, and the bracket after it
const BREAKDOWN = /(\d+(?:\.\d+)?)\s*([条件项个篇次人家份期场])\s*[（(]([^（）()\n]{1,400})[）)]/g;

/**
 * Words that make a bracket a partial list or an addition rather than a breakdown of its figure:
 * "（含上年度结转申请34件，另有103件顺延到下年度答复）", "（主要有…）", "（如…）", "（…等）", "（不含…）".
 */
/** A part of a breakdown: a figure in the unit of the whole, per unit of BREAKDOWN (built once). */
const PART_OF: Record<string, RegExp> = Object.fromEntries([...'条件项个篇次人家份期场'].map((unit) => [unit, new RegExp(`(\\d+(?:\\.\\d+)?)\\s*${unit}`, 'g')]));

const PARTIAL_LIST = /其中|含|包括|另有|另外|此外|主要(?:有|是|为|包括)|如|例如|比如|诸如|等|以上|以下|不少于|超过|约|近|余|多|左右|%|％/;

function breakdownSums(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  for (const field of proseFieldsOf(doc)) {
    if (!field.value.includes('（') && !field.value.includes('(')) continue; // no bracket, no breakdown
    for (let m = firstMatch(BREAKDOWN, field.value); m; m = BREAKDOWN.exec(field.value)) {
      const [, figure, unit, inside] = m as unknown as [string, string, string, string];
      // a partial list ("其中", "含", "包括", "另有", "主要有", "如", "…等") is no breakdown; percentages are not parts
      if (PARTIAL_LIST.test(inside)) continue;
      const partOf = PART_OF[unit]!;
      const parts: number[] = [];
      for (let p = firstMatch(partOf, inside); p; p = partOf.exec(inside)) parts.push(Number(p[1]));
      if (parts.length < 2) continue;
      const total = Number(figure);
      const partSum = Math.round(parts.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
      if (partSum === total) continue;
      out.push({
        code: RuleCode.BreakdownSum, severity: 'warning', range: textRange(doc, field.path, m.index!, m.index! + m[0].length),
        message: t(lang, '{0}{1} is broken down as {2} = {3}{1}', figure, unit, parts.join(' + '), partSum),
      });
    }
  }
  return out;
}

const LEFTOVER = /编写说明|XX+|ＸＸ+|××+|○○+|〇〇+|【[^】\n]{0,60}】|[（(]\s*(?:请)?填写[^）)\n]{0,60}[）)]/g;
const MAX_LEFTOVERS_PER_FIELD = 20;

function templateLeftovers(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  for (const field of stringFieldsOf(doc)) {
    let n = 0;
    for (let m = firstMatch(LEFTOVER, field.value); m; m = LEFTOVER.exec(field.value)) {
      if (++n > MAX_LEFTOVERS_PER_FIELD) break;
      out.push({
        code: RuleCode.TemplateLeftover, severity: 'warning', range: textRange(doc, field.path, m.index!, m.index! + m[0].length),
        message: t(lang, 'Template text left in the report: “{0}”; replace it with the real content', m[0]),
      });
    }
  }
  return out;
}
