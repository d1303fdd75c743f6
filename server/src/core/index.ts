/** The GovReport core: a pure library (no editor, no LSP) used by the server, the CLI and the tests. */
export { analyze, applySeverities, fixAll, type Analysis, type AnalyzeOptions } from './analyze';
export { applyEdits } from './edits';
export { formatReport } from './format';
export { parseReport, type ParseOptions, type ReportDocument } from './document';
export { DEFAULT_MAX_BYTES, MAX_TOKENS, bytesOverLimit, maxBytesFromMiB, tokensBeyond, utf8Length } from './limits';
export { LineIndex, type Fix, type OffsetRange, type Position, type RelatedInfo, type ReportDiagnostic, type TextEdit } from './diagnostic';
export { langFromLocale, ruleSummary, t, type Lang } from './l10n';
export { RULES, RuleCode, isRuleCode, parseSeveritySettings, ruleInfo, type RuleInfo, type Severity, type SeveritySetting } from './rules';
export { reportSchema, schemaAt, titleAt, type Path } from './schema';
export {
  MIN_TEXT_LENGTH, checkAcrossYears, compareYears, duplicateReportDiagnostic, duplicateReportOf, findDuplicates, identityKey, normaliseText,
  reportIdentity, shingleSimilarity, textShingles, textSimilarity, yearFacts,
  type CrossYearOptions, type PreviousReport, type ReportIdentity, type RowFacts, type StockFacts, type StockKey, type TextFacts, type ValueFacts, type YearFacts,
} from './cross-year';
export { cellTitle, hover, totalEquations, type Hover, type TotalEquation } from './hover';
export { inlayHints, shortColumnLabels, type InlayHint, type InlayHintOptions } from './inlay-hints';
export { documentSymbols, foldingRanges, selectionRanges, type FoldingRange, type SymbolNode } from './outline';
export { AGENCY_KINDS, REPORT_PARTS, defaultPublished, escapeSnippet, nextYearDate, partSkeleton, reportSkeleton, reportSnippet, rollOverReport, statisticsPeriod, type AgencyKind, type ReportPart, type SkeletonOptions } from './skeleton';
export { complete, labelWords, type CompletionEntry } from './completion';
export { chineseNumber, renderReport, renderStandalone, reportTitle, splitParagraphs, type RenderOptions, type RenderedReport, type StandaloneOptions } from './render';
export { escapeHtml, safeHref } from './html';
