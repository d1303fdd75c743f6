/**
 * `govreport check`: each file through the core's `analyze` (on worker threads when there are many),
 * `--fix` written back atomically, then the across-years rules among the files checked together.
 */
import {
  agencyBase, analyze, applyEdits, compareYears, copiedAcrossAgencies, DEFAULT_MAX_BYTES, duplicateReportOf, EncodeError, findDuplicates, fixAll,
  identityKey, otherCopies, sameAgency, spliceEdits, t, yearFacts, type DecodedText, type Lang, type TextEdit, type LineIndex, type LocalDeadlines,
  type Position, type ReportDiagnostic, type ReportIdentity, RuleCode, type SeveritySetting, type YearFacts,
} from '../core';
import { REPORT_FILE, ioMessage, readReportFileSync, writeFileAtomic } from '../node';
import { IMPORTABLE, checkImported } from './check-imported';
import { addMessage, emptyResult, type FileResult } from './results';

export interface CheckOptions {
  lang: Lang;
  fix: boolean;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  /** Run the across-years rules among the files checked together (`--no-cross-year` turns them off). */
  crossYear: boolean;
  /** Local publication deadlines per agency kind (`--deadline KIND=MM-DD`). */
  deadlines?: LocalDeadlines;
  /** The files named on the command line (absolute): a published page found in a folder that is not a report is skipped, a named one is an error. */
  named?: string[];
}

/**
 * What a file brings to the across-years rules, computed where it was parsed (in a worker when there
 * are many files), so that no file is parsed twice: its facts, and the line/column of every offset
 * they hold (the main thread, which pairs the files, never sees their text).
 */
export interface YearEntry {
  facts: YearFacts;
  positions: Map<number, Position>;
  /** Whether `facts.texts` was computed (fingerprints are made only for files with a neighbour year: see pool.ts). */
  withTexts: boolean;
}

/** A location in a file as the formatters show it (1-based, as in CliMessage). */
export interface CliLocation {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** An across-years finding: its message (also in `result.messages`), the core diagnostic, and its related locations in the other files. */
export interface CrossYearFinding {
  diagnostic: ReportDiagnostic;
  related: CliLocation[];
}

/** One checked file: its result, and its facts for the across-years rules (when they run and it has an identity). */
export interface Checked {
  result: FileResult;
  year?: YearEntry;
  /** Set by addCrossYear: the across-years findings (the SARIF and HTML formats show their related locations). */
  crossYear?: CrossYearFinding[];
  /**
   * The file's agency and year when its facts were not kept (it has no neighbour year and no duplicate
   * among the files: see pool.ts); undefined when it has none or `year` is set.
   */
  identity?: ReportIdentity;
}

/**
 * Checks a decoded text (`encoding`: the one it was read in, for the `encoding` information). With
 * `fix`, `edits` are the fixes applied to `text` (the caller writes them back into the file's bytes).
 * `texts`: compute the text fingerprints of `copied-text` (default: when that rule is on).
 */
export function checkText(
  filePath: string, text: string, options: CheckOptions, encoding?: DecodedText['encoding'], texts?: boolean,
): Checked & { edits?: TextEdit[] } {
  const analyzeOptions = { lang: options.lang, severities: options.severities, deadlines: options.deadlines, ...(encoding ? { encoding } : {}) };
  let analysis = analyze(text, analyzeOptions);
  let edits: TextEdit[] | undefined;
  if (options.fix) {
    const found = fixAll(analysis);
    if (found.length > 0) {
      edits = found;
      analysis = analyze(applyEdits(text, found), analyzeOptions);
    }
  }
  const lines = analysis.document.lines;
  const result: FileResult = {
    filePath, messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0,
  };
  for (const d of analysis.diagnostics) addMessage(result, d, lines.positionAt(d.range.start), lines.positionAt(d.range.end));
  // the facts of the text as checked (after --fix); texts only when copied-text can fire
  const withTexts = (texts ?? true) && options.severities[RuleCode.CopiedText] !== 'off';
  const facts = options.crossYear ? yearFacts(analysis.document, { texts: withTexts }) : undefined;
  return { result, ...(edits ? { edits } : {}), ...(facts ? { year: { facts, positions: positionsOf(facts, lines), withTexts } } : {}) };
}

/** Line/column of every range boundary in `facts` (a few dozen offsets). */
function positionsOf(facts: YearFacts, lines: LineIndex): Map<number, Position> {
  const out = new Map<number, Position>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    const r = v as { start?: unknown; end?: unknown };
    if (typeof r.start === 'number' && typeof r.end === 'number') {
      out.set(r.start, lines.positionAt(r.start));
      out.set(r.end, lines.positionAt(r.end));
      return;
    }
    for (const item of Object.values(v)) walk(item);
  };
  walk(facts);
  return out;
}

/**
 * The across-years rules among the checked files: `duplicate-report` for files sharing an agency and
 * year, `copied-text` between different agencies of the same year, and each file against last year's report of its agency when exactly one file holds it (two
 * would make "last year's" ambiguous; `duplicate-report` already names them).
 */
export function addCrossYear(checked: readonly Checked[], options: CheckOptions): void {
  const withYear = checked.filter((c): c is Checked & { year: YearEntry } => c.year !== undefined);
  const byFile = new Map(withYear.map((c) => [c.result.filePath, c]));
  const byIdentity = new Map<string, (Checked & { year: YearEntry })[]>();
  for (const c of withYear) {
    const k = identityKey(c.year.facts);
    const group = byIdentity.get(k);
    if (group) group.push(c);
    else byIdentity.set(k, [c]);
  }
  // last year's report under a name with more or fewer higher administrative levels (洪泽区人民政府 ↔ 淮安市洪泽区人民政府)
  const byBase = new Map<string, (Checked & { year: YearEntry })[]>();
  for (const c of withYear) {
    const k = `${c.year.facts.year}\u0000${agencyBase(c.year.facts.agency)}`;
    const group = byBase.get(k);
    if (group) group.push(c);
    else byBase.set(k, [c]);
  }
  const lastYearOf = (facts: { agency: string; year: number }) => {
    const exact = byIdentity.get(identityKey({ agency: facts.agency, year: facts.year - 1 }));
    if (exact) return exact;
    return byBase.get(`${facts.year - 1}\u0000${agencyBase(facts.agency)}`)?.filter((p) => sameAgency(p.year.facts.agency, facts.agency));
  };
  const duplicates = findDuplicates(withYear.map((c) => ({ file: c.result.filePath, data: c.year.facts })));
  const ruleOptions = { lang: options.lang, severities: options.severities };
  // copied-text across the agencies of one year (bucketed: near-linear in the number of files, bounded per file)
  const across = options.severities[RuleCode.CopiedText] === 'off'
    ? new Map<string, ReportDiagnostic[]>()
    : copiedAcrossAgencies(withYear.map((c) => ({ file: c.result.filePath, facts: c.year.facts })), ruleOptions);
  for (const c of withYear) {
    const { facts, positions } = c.year;
    const found: ReportDiagnostic[] = [...(across.get(c.result.filePath) ?? [])];
    const group = duplicates.get(c.result.filePath);
    if (group) {
      const named = otherCopies(group, c.result.filePath);
      const d = duplicateReportOf(facts, named.map((file) => ({ file, facts: byFile.get(file)?.year.facts })), ruleOptions, group.length - 1);
      if (d) found.push(d);
    }
    const previous = lastYearOf(facts);
    if (previous?.length === 1) {
      found.push(...compareYears(facts, { file: previous[0]!.result.filePath, facts: previous[0]!.year.facts }, ruleOptions));
    }
    if (found.length === 0) continue;
    const at = (offset: number, where = positions): Position => where.get(offset) ?? { line: 0, character: 0 };
    c.crossYear = [];
    for (const d of found) {
      addMessage(c.result, d, at(d.range.start), at(d.range.end));
      c.crossYear.push({
        diagnostic: d,
        related: (d.related ?? []).map((r) => {
          const file = r.file ?? c.result.filePath;
          const where = byFile.get(file)?.year.positions ?? positions;
          const start = at(r.range.start, where);
          const end = at(r.range.end, where);
          return { filePath: file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, message: r.message };
        }),
      });
    }
    // one order for all messages, as analyze gives them (stable: equal positions keep theirs)
    c.result.messages.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn);
  }
}

export async function checkFile(filePath: string, options: CheckOptions, texts?: boolean): Promise<Checked | undefined> {
  // a published report (saved page, text, PDF, Word): imported in memory, never written
  if (!REPORT_FILE.test(filePath) && IMPORTABLE.test(filePath)) {
    const imported = await checkImported(filePath, options, options.named?.includes(filePath) ?? true);
    if (imported !== 'yaml') return imported;
  }
  // regular files only, at most the size limit, decoded strictly (UTF-8, UTF-16 by BOM, GB18030)
  const read = readReportFileSync(filePath, { maxBytes: DEFAULT_MAX_BYTES, lang: options.lang });
  if (!read.ok) return { result: emptyResult(filePath, read.message) };
  const { result, edits, year } = checkText(filePath, read.decoded.text, options, read.decoded.encoding, texts);
  if (edits !== undefined) {
    try {
      // the fixed cells' bytes spliced into the file's own: encoding, BOM and line endings stay
      writeFileAtomic(filePath, spliceEdits(read.bytes, read.decoded, edits), options.lang);
    } catch (e) {
      result.ioError = e instanceof EncodeError
        ? t(options.lang, 'the fixes cannot be written in the file\'s encoding ({0}); it was not changed', e.message)
        : ioMessage(e);
      return { result }; // not written: the facts of the fixed text are not the file's
    }
  }
  return year ? { result, year } : { result };
}
