/**
 * The model: a report parsed with every node located (document), the schema as data dictionary (labels,
 * paths), the tables, the rule table, diagnostics and edits as offsets, messages (l10n) and the size
 * limits. Imports nothing of the other core folders.
 */
export { applyEdits } from './edits';
export { formatOfDocument, parseReport, type ParseOptions, type ReportDocument } from './document';
export {
  DecodeError, EncodeError, decodeText, encodingDiagnostic, encodingLabel, lineEndingOf, spliceEdits,
  type DecodeFailure, type DecodedText, type LineEnding, type TextEncodingName, type Utf8Decoder,
} from './encoding';
export { DEFAULT_MAX_BYTES, MAX_TOKENS, bytesOverLimit, maxBytesFromMiB, tokensBeyond, utf8Length } from './limits';
export { LineIndex, type Fix, type OffsetRange, type Position, type RelatedInfo, type ReportDiagnostic, type TextEdit } from './diagnostic';
export { langFromLocale, ruleSummary, t, type Lang } from './l10n';
export { RULES, RuleCode, isRuleCode, parseSeveritySettings, ruleInfo, type RuleInfo, type Severity, type SeveritySetting } from './rules';
export { FORMATS, formatForYear, formatOf, reportSchema, rootSchema, schemaAt, titleAt, type Path, type ReportFormat } from './schema';
