/** The GovReport core: a pure library (no editor, no LSP) used by the server, the CLI and the tests. */
export { analyze, fixAll, type Analysis, type AnalyzeOptions } from './analyze';
export { applyEdits } from './edits';
export { LineIndex, type Fix, type OffsetRange, type Position, type RelatedInfo, type ReportDiagnostic, type TextEdit } from './diagnostic';
export { langFromLocale, ruleSummary, t, type Lang } from './l10n';
export { RULES, RuleCode, isRuleCode, parseSeveritySettings, ruleInfo, type RuleInfo, type Severity, type SeveritySetting } from './rules';
export { reportSchema, schemaAt, titleAt, type Path } from './schema';
