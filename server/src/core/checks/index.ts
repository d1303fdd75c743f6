/**
 * The checks: `analyze` (parse → schema → arithmetic, dates, content) and the across-years
 * comparison of several reports. Reads the model only.
 */
export { analyze, applySeverities, fixAll, type Analysis, type AnalyzeOptions } from './analyze';
export {
  DUPLICATES_NAMED, MIN_TEXT_LENGTH, checkAcrossYears, compareYears, duplicateReportDiagnostic, duplicateReportOf, findDuplicates,
  agencyBase, identityKey, normaliseAgency, normaliseText, sameAgency, otherCopies, reportIdentity, shingleSimilarity, textShingles, textSimilarity, yearFacts,
  type CrossYearOptions, type PreviousReport, type ReportIdentity, type RowFacts, type StockFacts, type StockKey, type TextFacts,
  type ValueFacts, type YearFacts,
} from './cross-year';
