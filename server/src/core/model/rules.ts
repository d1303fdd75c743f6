/**
 * The rule table: every diagnostic code of RULES.md with its default severity and what it checks.
 * The server, the CLI, the settings schema and docs/rules.md all read this one table.
 */

/** Stable diagnostic codes (the `code` users see and configure). */
export enum RuleCode {
  YamlSyntax = 'yaml-syntax',
  Schema = 'schema',
  Encoding = 'encoding',
  RowTotal = 'row-total',
  ResultsTotal = 'results-total',
  Balance = 'balance',
  AppealsTotal = 'appeals-total',
  PublishedTooEarly = 'published-too-early',
  Deadline = 'deadline',
  PeriodMismatch = 'period-mismatch',
  FormatMismatch = 'format-mismatch',
  OneRowOther = 'one-row-other',
  MissingTopic = 'missing-topic',
  GovernmentAccountability = 'government-accountability',
  ProcessingFees = 'processing-fees',
  TextTableMismatch = 'text-table-mismatch',
  BreakdownSum = 'breakdown-sum',
  TemplateLeftover = 'template-leftover',
  CarryOverMismatch = 'carry-over-mismatch',
  InForceMismatch = 'in-force-mismatch',
  CopiedText = 'copied-text',
  FeeUnit = 'fee-unit',
  DuplicateReport = 'duplicate-report',
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type RuleCategory = 'structure' | 'arithmetic' | 'dates' | 'content' | 'across-years';

export interface RuleInfo {
  code: RuleCode;
  category: RuleCategory;
  severity: Severity;
  /** One line in English; the l10n bundles carry the Chinese (see `ruleSummary`). */
  summary: string;
}

const rule = (code: RuleCode, category: RuleCategory, severity: Severity, summary: string): RuleInfo =>
  ({ code, category, severity, summary });

export const RULES: readonly RuleInfo[] = [
  rule(RuleCode.YamlSyntax, 'structure', 'error', 'The text is not valid YAML (also duplicate keys, anchors/aliases, tags)'),
  rule(RuleCode.Schema, 'structure', 'error', 'Not in the report format: missing or unknown key, wrong type or value, wrong number of columns'),
  rule(RuleCode.Encoding, 'structure', 'info', 'The file is not in UTF-8 (it was read as GB18030 or UTF-16)'),
  rule(RuleCode.RowTotal, 'arithmetic', 'error', 'In table 三, every row total equals the sum of its six columns'),
  rule(RuleCode.ResultsTotal, 'arithmetic', 'error', '（七）总计 equals, per column, the sum of the result rows (21 in the 2021 format, 19 in 2019)'),
  rule(RuleCode.Balance, 'arithmetic', 'error', 'Per column: received + carried over = results total + carried forward'),
  rule(RuleCode.AppealsTotal, 'arithmetic', 'error', 'In table 四, every row total equals the sum of its four columns'),
  rule(RuleCode.PublishedTooEarly, 'dates', 'error', 'The report cannot be dated before its year ends'),
  rule(RuleCode.Deadline, 'dates', 'warning', 'The report is dated after its publication deadline'),
  rule(RuleCode.PeriodMismatch, 'dates', 'warning', 'A statistics period in the text names another year'),
  rule(RuleCode.FormatMismatch, 'dates', 'warning', 'The format does not fit the year: 2019 for the 2019 and 2020 reports, 2021 from then on'),
  rule(RuleCode.OneRowOther, 'structure', 'warning', 'A 2021 report keeps （六）其他处理 as one row, as the 2019 format did'),
  rule(RuleCode.MissingTopic, 'content', 'warning', 'The overview misses a required topic'),
  rule(RuleCode.GovernmentAccountability, 'content', 'warning', 'A government\'s supervision must mention 工作考核, 社会评议 and 责任追究'),
  rule(RuleCode.ProcessingFees, 'content', 'warning', 'Processing fees must state an amount or that none was charged'),
  rule(RuleCode.TextTableMismatch, 'content', 'warning', 'The text contradicts the tables'),
  rule(RuleCode.BreakdownSum, 'content', 'warning', 'A breakdown in brackets does not add up to its figure'),
  rule(RuleCode.TemplateLeftover, 'content', 'warning', 'The text still holds template instructions or placeholders'),
  rule(RuleCode.CarryOverMismatch, 'across-years', 'warning', 'Carried over from last year differs from last year\'s carried forward'),
  rule(RuleCode.InForceMismatch, 'across-years', 'warning', 'Documents in force ≠ last year\'s in force + issued − repealed'),
  rule(RuleCode.CopiedText, 'across-years', 'warning', 'A text is (nearly) identical to last year\'s'),
  rule(RuleCode.FeeUnit, 'across-years', 'warning', 'Fees differ from last year\'s by a factor of 1000 or more (元 instead of 万元?)'),
  rule(RuleCode.DuplicateReport, 'across-years', 'warning', 'Another file holds the report of the same agency and year'),
];

const byCode = new Map(RULES.map((r) => [r.code, r]));

export function ruleInfo(code: RuleCode): RuleInfo {
  return byCode.get(code)!;
}

export function isRuleCode(value: string): value is RuleCode {
  return byCode.has(value as RuleCode);
}

/** Reads a `govreport.rules`-style map, ignoring unknown codes and values. */
export function parseSeveritySettings(value: unknown): Partial<Record<RuleCode, SeveritySetting>> {
  const out: Partial<Record<RuleCode, SeveritySetting>> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [code, setting] of Object.entries(value)) {
    if (isRuleCode(code) && (setting === 'error' || setting === 'warning' || setting === 'info' || setting === 'off')) {
      out[code] = setting;
    }
  }
  return out;
}
