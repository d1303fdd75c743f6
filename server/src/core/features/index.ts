/**
 * Editor features on a parsed report: completion, hover, inlay hints, outline (symbols, folding,
 * selection), the table formatter and report skeletons (New Report, roll-over). Pure: offsets in, offsets out.
 */
export { formatReport } from './format';
export { cellTitle, hover, totalEquations, type Hover, type TotalEquation } from './hover';
export { inlayHints, shortColumnLabels, type InlayHint, type InlayHintOptions } from './inlay-hints';
export { documentSymbols, foldingRanges, selectionRanges, type FoldingRange, type SymbolNode } from './outline';
export { AGENCY_KINDS, REPORT_PARTS, defaultPublished, escapeSnippet, nextYearDate, partSkeleton, reportSkeleton, reportSnippet, rollOverReport, statisticsPeriod, type AgencyKind, type ReportPart, type SkeletonOptions } from './skeleton';
export { complete, labelWords, type CompletionEntry } from './completion';
