/**
 * The checks: `analyze` (parse → schema → arithmetic, dates, content) and the across-years
 * comparison of several reports. Reads the model only.
 */
export { analyze, applySeverities, fixAll, type Analysis, type AnalyzeOptions } from './analyze';
export {
  DUPLICATES_NAMED, MIN_TEXT_LENGTH, checkAcrossYears, compareYears, duplicateReportDiagnostic, duplicateReportOf, findDuplicates,
  agencyBase, identityKey, normaliseAgency, normaliseText, sameAgency, otherCopies, normalisedBigrams, reportIdentity, shingleSimilarity, textShingles,
  textSimilarity, yearFacts,
  type CrossYearOptions, type PreviousReport, type ReportIdentity, type RowFacts, type StockFacts, type StockKey, type TextFacts, type YearFactsOptions,
  type ValueFacts, type YearFacts,
} from './cross-year';
// deeper checks (issue 15): each rule in its own module, exported for the node side and the tests
export {
  CROSS_AGENCY_MIN_LENGTH, MAX_ACROSS_AGENCIES_PER_REPORT, YEAR_OVER_YEAR_FACTOR, YEAR_OVER_YEAR_MINIMUM, copiedAcrossAgencies, copiesAmong,
  copyFindings, fingerprintSimilarity, textSketch, type AgencyReports, type AgencyTexts, type CopyFinding, type TextCopy,
} from './cross-year';
export { checkBlankCells } from './check-blank-cells';
export { UNUSUAL_SHARE, UNUSUAL_SHARE_MINIMUM, checkPlausibility, levelOf, type Level } from './check-plausibility';
export { checkStaleYear, staleYearEdits, staleYearOffsets, staleYears, type StaleYear } from './check-stale-year';
export { aboutReportingBody, checkTextFigures } from './check-text-figures';
export { quickIdentity } from './quick-identity';
export { deadlineOf, parseLocalDeadlines, showDate, validDate, type Deadline, type LocalDeadlines } from './check-dates';
