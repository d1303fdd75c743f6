/** parse → model → checks: the one entry point shared by the language server, the CLI and the tests. */
import { LineIndex, type ReportDiagnostic, type TextEdit } from '../model/diagnostic';
import { parseReport, type ReportDocument } from '../model/document';
import { checkArithmetic, fixAllTotals } from './check-arithmetic';
import { checkBlankCells } from './check-blank-cells';
import { checkContent } from './check-content';
import { checkPlausibility } from './check-plausibility';
import { checkStaleYear } from './check-stale-year';
import { checkTextFigures } from './check-text-figures';
import { checkDates, type LocalDeadlines } from './check-dates';
import { checkFormat } from './check-format';
import { checkSchema } from './check-schema';
import { t, type Lang } from '../model/l10n';
import { encodingDiagnostic, type TextEncodingName } from '../model/encoding';
import { DEFAULT_MAX_BYTES } from '../model/limits';
import { RuleCode, type SeveritySetting } from '../model/rules';
import { withFieldsOf } from '../model/text-fields';

export interface AnalyzeOptions {
  lang?: Lang;
  /** Per-rule severity overrides (`govreport.rules`); `off` drops the rule. */
  severities?: Partial<Record<RuleCode, SeveritySetting>>;
  /**
   * Texts of more UTF-8 bytes are not parsed: one `yaml-syntax` diagnostic says the file is too large
   * (`govreport.limits.maxFileSize`). Default DEFAULT_MAX_BYTES (10 MiB); Infinity: no limit.
   */
  maxBytes?: number;
  /** Texts with more YAML tokens are not parsed either (default MAX_TOKENS, 100,000; see limits.ts). */
  maxTokens?: number;
  /** Local publication deadlines per agency kind, earlier than the national ones (`deadline` reads them). */
  deadlines?: LocalDeadlines;
  /** The encoding the file was read in (node side, decodeText): other than UTF-8 gets an `encoding` information. */
  encoding?: TextEncodingName;
}

export interface Analysis {
  document: ReportDocument;
  diagnostics: ReportDiagnostic[];
}

export interface Check {
  /** Every rule the check reports (test/unit/checks-declared.test.ts holds it to that). */
  codes: readonly RuleCode[];
  run(document: ReportDocument, lang: Lang, options: AnalyzeOptions): ReportDiagnostic[];
}

/** The checks in the order they report: the schema first, the others only for a mapping. */
export const CHECKS: readonly [Check, ...Check[]] = [
  { codes: [RuleCode.Schema], run: (doc, lang) => checkSchema(doc, lang) },
  { codes: [RuleCode.RowTotal, RuleCode.ResultsTotal, RuleCode.Balance, RuleCode.AppealsTotal], run: (doc, lang) => checkArithmetic(doc, lang) },
  {
    codes: [RuleCode.PublishedTooEarly, RuleCode.Deadline, RuleCode.FormatMismatch, RuleCode.PeriodMismatch],
    run: (doc, lang, options) => checkDates(doc, lang, options.deadlines),
  },
  { codes: [RuleCode.OneRowOther], run: (doc, lang) => checkFormat(doc, lang) },
  {
    codes: [
      RuleCode.MissingTopic, RuleCode.GovernmentAccountability, RuleCode.ProcessingFees,
      RuleCode.TextTableMismatch, RuleCode.BreakdownSum, RuleCode.TemplateLeftover,
    ],
    run: (doc, lang) => checkContent(doc, lang),
  },
  { codes: [RuleCode.BlankCell], run: (doc, lang) => checkBlankCells(doc, lang) },
  { codes: [RuleCode.TextTableMismatch], run: (doc, lang) => checkTextFigures(doc, lang) },
  { codes: [RuleCode.StaleYear], run: (doc, lang) => checkStaleYear(doc, lang) },
  { codes: [RuleCode.UnusualShare, RuleCode.ScopeWords], run: (doc, lang) => checkPlausibility(doc, lang) },
];

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const lang = options.lang ?? 'zh';
  try {
    return analyzeUnsafe(text, lang, options);
  } catch (e) {
    // No text may crash a caller (the server, a CLI run over thousands of files): report it instead.
    const document = parseReport('', lang);
    const message = t(lang, 'GovReport could not check this file: {0}', (e as Error).message);
    return { document: { ...document, text, lines: new LineIndex(text) }, diagnostics: [{ code: RuleCode.YamlSyntax, severity: 'error', message, range: { start: 0, end: Math.min(1, text.length) } }] };
  }
}

function analyzeUnsafe(text: string, lang: Lang, options: AnalyzeOptions): Analysis {
  const document = parseReport(text, lang, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, maxTokens: options.maxTokens });
  let diagnostics: ReportDiagnostic[];
  if (document.syntax.length > 0) {
    // syntax first: a broken file would otherwise drown in schema errors that are not real
    diagnostics = document.syntax;
  } else {
    const severities = options.severities;
    // a check whose every rule is off is not run: what it finds would be dropped anyway
    const wanted = (check: Check) => !severities || check.codes.some((code) => severities[code] !== 'off');
    diagnostics = withFieldsOf(document, () => {
      const found = wanted(CHECKS[0]) ? CHECKS[0].run(document, lang, options) : [];
      const data = document.data;
      if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
        for (let i = 1; i < CHECKS.length; i++) {
          const check = CHECKS[i]!;
          if (wanted(check)) found.push(...check.run(document, lang, options));
        }
      }
      return found;
    });
  }
  const encoding = options.encoding && encodingDiagnostic(options.encoding, document.lines.lineEnd(0), lang);
  if (encoding) diagnostics = [encoding, ...diagnostics];
  return { document, diagnostics: applySeverities(diagnostics, options.severities) };
}

export function applySeverities(diagnostics: ReportDiagnostic[], severities: AnalyzeOptions['severities']): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  for (const d of diagnostics) {
    const setting = severities?.[d.code];
    if (setting === 'off') continue;
    out.push(setting ? { ...d, severity: setting } : d);
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

/** The edits of "fix all totals" for a text (empty when there is nothing to fix or it is not valid YAML). */
export function fixAll(analysis: Analysis): TextEdit[] {
  const data = analysis.document.data;
  if (analysis.document.syntax.length > 0 || data === null || typeof data !== 'object') return [];
  return fixAllTotals(analysis.document);
}
