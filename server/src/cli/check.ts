/**
 * `govreport check`: each file through the core's `analyze` (on worker threads when there are many),
 * `--fix` written back atomically, then the across-years rules among the files checked together.
 */
import {
  agencyBase, agencyCopies, agencyCopyDiagnostics, analyze, applyEdits, compareYears, DEFAULT_MAX_BYTES, duplicateReportOf, EncodeError, findDuplicates, fixAll,
  identityKey, normalisedBigrams, otherCopies, parseReport, sameAgency, spliceEdits, t, yearFacts, type AgencyCopy, type CrossYearOptions, type DecodedText,
  type Lang, type TextEdit, type TextFacts, type LineIndex, type LocalDeadlines, type Position, type ReportDiagnostic, type ReportIdentity, RuleCode,
  type SeveritySetting, type YearFacts,
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
 * are many files): its facts, and the line/column of every offset they hold (the main thread, which
 * pairs the files, never sees their text). A report file's texts come without their bigrams (the
 * most of its facts): `crossYear` fetches those of the texts it compares that are not the same.
 */
export interface YearEntry {
  facts: YearFacts;
  /** [offset, line, character] of each range boundary in `facts`, by offset (see `positionIn`). */
  positions: Int32Array;
  /** Whether `facts.texts` was computed (fingerprints are made only for files another report may be compared with: see pool.ts). */
  withTexts: boolean;
  /** The facts hold the identity and texts only (no neighbour year, no duplicate: see pool.ts). */
  textsOnly?: true;
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
  /** Set by CrossYear.complete: the across-years findings (the SARIF and HTML formats show their related locations). */
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
 * `texts`: compute the text fingerprints of `copied-text` (default: when that rule is on), without
 * the texts' bigrams (see YearEntry).
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
  const normalised: Uint16Array[] = [];
  const facts = options.crossYear
    ? yearFacts(analysis.document, { texts: withTexts, shingles: false, normalised: (i, units) => { normalised[i] = units; } })
    : undefined;
  if (facts && normalised.length > 0) keepNormalised(filePath, normalised);
  return { result, ...(edits ? { edits } : {}), ...(facts ? { year: { facts, positions: positionsOf(facts, lines), withTexts } } : {}) };
}

/** Line/column of every range boundary in `facts` (a few dozen offsets), packed: a Map of objects cost ~6 KiB a report. */
function positionsOf(facts: YearFacts, lines: LineIndex): Int32Array {
  const offsets = new Set<number>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    const r = v as { start?: unknown; end?: unknown };
    if (typeof r.start === 'number' && typeof r.end === 'number') {
      offsets.add(r.start);
      offsets.add(r.end);
      return;
    }
    for (const item of Object.values(v)) walk(item);
  };
  walk(facts);
  const sorted = [...offsets].sort((a, b) => a - b);
  const out = new Int32Array(sorted.length * 3);
  sorted.forEach((offset, i) => {
    const p = lines.positionAt(offset);
    out.set([offset, p.line, p.character], i * 3);
  });
  return out;
}

/** The position of `offset` in a packed table of positionsOf (the file's start when it holds none). */
export function positionIn(positions: Int32Array, offset: number): Position {
  let lo = 0;
  let hi = positions.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = positions[mid * 3]!;
    if (at === offset) return { line: positions[mid * 3 + 1]!, character: positions[mid * 3 + 2]! };
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return { line: 0, character: 0 };
}

/** At most this many distinct strings are shared by internFacts (labels and keys are a few dozen, more with subsections' own titles). */
const INTERNED = 100_000;

/**
 * The facts' repeated strings (text labels and keys) replaced by the one copy in `strings`:
 * every report carries the same twenty labels, ~1 KiB a report kept to the end of a run.
 */
export function internFacts(facts: YearFacts, strings: Map<string, string>): void {
  const one = (s: string): string => {
    const kept = strings.get(s);
    if (kept !== undefined) return kept;
    if (strings.size < INTERNED) strings.set(s, s);
    return s;
  };
  for (const text of facts.texts) {
    text.key = one(text.key);
    text.label = one(text.label);
  }
}

/** The texts of a file whose bigrams the across-years rules need: their place in `facts.texts`, and what they were (to be sure it is still that text). */
export interface ShinglesRequest {
  file: string;
  texts: { index: number; digest: number; length: number }[];
}

/** Fetches the bigrams of each request's texts (undefined where a text is no longer what it was), in the order asked. */
export type FetchShingles = (requests: ShinglesRequest[]) => Promise<(Uint32Array | undefined)[][]>;

/**
 * The normalised texts of the files this thread checked without their bigrams, up to a budget: the
 * bigrams crossYear asks for are made from them (a sort), not from the file read and parsed again.
 * Per thread: the pool asks the worker that checked the file.
 */
const normalisedKept = new Map<string, Uint16Array[]>();
let unitsKept = 0;
/** 16 MiB a thread: some 3,000 reports, after which a file is read again when asked for. */
const UNITS_KEPT = 8 * 1024 * 1024;

/** Forgets the normalised texts kept by this thread (a new run: its files may have changed). */
export function forgetNormalised(): void {
  normalisedKept.clear();
  unitsKept = 0;
}

function keepNormalised(filePath: string, texts: Uint16Array[]): void {
  const units = texts.reduce((n, t) => n + t.length, 0);
  if (unitsKept + units > UNITS_KEPT) return;
  // copied out of the normaliser's larger buffer, which would otherwise be kept whole
  normalisedKept.set(filePath, texts.map((t) => t.slice()));
  unitsKept += units;
}

/**
 * The bigrams of texts of a file checked before without them: from its normalised texts kept by this
 * thread, else the file read and parsed again (after --fix it holds the fixed text, which the facts
 * are of); a text that is not the one the facts describe (the file changed in between) gets none,
 * and is compared as unlike.
 */
export function shinglesAgain(request: ShinglesRequest, options: CheckOptions): (Uint32Array | undefined)[] {
  let kept = normalisedKept.get(request.file);
  if (!kept) {
    const read = readReportFileSync(request.file, { maxBytes: DEFAULT_MAX_BYTES, lang: options.lang });
    const units: Uint16Array[] = [];
    if (read.ok) yearFacts(parseReport(read.decoded.text, options.lang), { shingles: false, normalised: (i, u) => { units[i] = u; } });
    kept = units;
  }
  return request.texts.map((want) => {
    const units = kept[want.index];
    return units && normalisedBigrams(units, want);
  });
}

type WithYear = Checked & { year: YearEntry };

/** The across-years findings of the files checked together, worded one file at a time (see `crossYear`). */
export interface CrossYear {
  /**
   * `c` with its across-years findings: a new result (its messages and theirs in one order, the counts
   * with theirs) and `crossYear`; `c` itself when it has none. The same findings however often asked.
   */
  complete(c: Checked): Checked;
}

/**
 * The across-years rules among the checked files: `duplicate-report` for files sharing an agency and
 * year, `copied-text` between different agencies of the same year, and each file against last year's
 * report of its agency when exactly one file holds it (two would make "last year's" ambiguous;
 * `duplicate-report` already names them). The texts' bigrams are fetched (`fetchShingles`: by default
 * read again on this thread) only for the texts compared that are not the same: the rules run once
 * without them, which names every such text, and (those that need bigrams) again with them.
 *
 * Only the across-agency copies are found for all files at once (they depend on all), and kept
 * unworded; each file's findings are worded when `complete` asks for them, so that a run over a
 * province never holds every report's messages at once (they were most of its memory).
 */
export async function crossYear(checked: readonly Checked[], options: CheckOptions, fetchShingles?: FetchShingles): Promise<CrossYear> {
  const index = crossYearIndex(checked.filter((c): c is WithYear => c.year !== undefined), options);
  const missing = new Set<TextFacts>();
  const noteMissing = (text: TextFacts) => missing.add(text);
  let copies = index.copies(noteMissing);
  // last year's comparison needs bigrams too: a dry run names them (its findings are worded again later)
  for (const c of index.withYear) index.againstLastYear(c, noteMissing);
  if (missing.size > 0) {
    const asked = index.withYear.flatMap((c) => {
      const texts = c.year.facts.texts;
      const wanted = texts.flatMap((text, i) => (missing.has(text) ? [{ index: i, digest: text.digest, length: text.length }] : []));
      return wanted.length > 0 ? [{ texts, request: { file: c.result.filePath, texts: wanted } }] : [];
    });
    const requests = asked.map((a) => a.request);
    const got = await (fetchShingles ?? (async (rs: ShinglesRequest[]) => rs.map((r) => shinglesAgain(r, options))))(requests);
    asked.forEach(({ texts, request }, i) => request.texts.forEach((want, k) => {
      const shingles = got[i]?.[k];
      if (shingles) texts[want.index]!.shingles = shingles;
    }));
    // no pair is compared now that was not before (a pair without bigrams counted as unlike)
    copies = index.copies();
  }
  return { complete: (c) => (c.year ? completed(c as WithYear, index, copies, options) : c) };
}

/** `c` with its across-years findings (see CrossYear.complete). */
function completed(c: WithYear, index: CrossYearIndex, copies: Map<string, AgencyCopy[]>, options: CheckOptions): Checked {
  const ruleOptions: CrossYearOptions = { lang: options.lang, severities: options.severities };
  const { facts, positions } = c.year;
  const file = c.result.filePath;
  const found: ReportDiagnostic[] = [];
  const mine = copies.get(file);
  if (mine) found.push(...agencyCopyDiagnostics(index.reports, mine, ruleOptions));
  const group = index.duplicates.get(file);
  if (group) {
    const named = otherCopies(group, file);
    const d = duplicateReportOf(facts, named.map((f) => ({ file: f, facts: index.byFile.get(f)?.year.facts })), ruleOptions, group.length - 1);
    if (d) found.push(d);
  }
  found.push(...index.againstLastYear(c));
  if (found.length === 0) return c;
  const result: FileResult = { ...c.result, messages: [...c.result.messages] };
  const findings: CrossYearFinding[] = [];
  for (const d of found) {
    addMessage(result, d, positionIn(positions, d.range.start), positionIn(positions, d.range.end));
    findings.push({
      // what the review page marks and SARIF matches (its related locations are in `related`)
      diagnostic: { code: d.code, severity: d.severity, message: d.message, range: d.range },
      related: (d.related ?? []).map((r) => {
        const other = r.file ?? file;
        const where = index.byFile.get(other)?.year.positions ?? positions;
        const start = positionIn(where, r.range.start);
        const end = positionIn(where, r.range.end);
        return { filePath: other, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, message: r.message };
      }),
    });
  }
  // one order for all messages, as analyze gives them (stable: equal positions keep theirs)
  result.messages.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn);
  return { ...c, result, crossYear: findings };
}

interface CrossYearIndex {
  withYear: readonly WithYear[];
  /** As given to the core's across-agency rule (`AgencyCopy.other` is a place in it). */
  reports: readonly { file: string; facts: YearFacts }[];
  byFile: ReadonlyMap<string, WithYear>;
  duplicates: ReadonlyMap<string, readonly string[]>;
  /** `copied-text` across the agencies of one year, unworded (bucketed: near-linear in the files, bounded per file). */
  copies(missingShingles?: (text: TextFacts) => void): Map<string, AgencyCopy[]>;
  /** The file against last year's report of its agency, when exactly one file holds it. */
  againstLastYear(c: WithYear, missingShingles?: (text: TextFacts) => void): ReportDiagnostic[];
}

/** How the files pair across years: by agency and year, by agency base name, duplicates. */
function crossYearIndex(withYear: readonly WithYear[], options: CheckOptions): CrossYearIndex {
  const byFile = new Map(withYear.map((c) => [c.result.filePath, c]));
  const byIdentity = new Map<string, WithYear[]>();
  for (const c of withYear) {
    const k = identityKey(c.year.facts);
    const group = byIdentity.get(k);
    if (group) group.push(c);
    else byIdentity.set(k, [c]);
  }
  // last year's report under a name with more or fewer higher administrative levels (洪泽区人民政府 ↔ 淮安市洪泽区人民政府)
  const byBase = new Map<string, WithYear[]>();
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
  const reports = withYear.map((c) => ({ file: c.result.filePath, facts: c.year.facts }));
  const ruleOptions = (missingShingles?: (text: TextFacts) => void): CrossYearOptions =>
    ({ lang: options.lang, severities: options.severities, ...(missingShingles ? { missingShingles } : {}) });
  return {
    withYear,
    reports,
    byFile,
    duplicates: findDuplicates(withYear.map((c) => ({ file: c.result.filePath, data: c.year.facts }))),
    copies: (missingShingles) => (options.severities[RuleCode.CopiedText] === 'off' ? new Map() : agencyCopies(reports, ruleOptions(missingShingles))),
    againstLastYear: (c, missingShingles) => {
      const previous = lastYearOf(c.year.facts);
      return previous?.length === 1
        ? compareYears(c.year.facts, { file: previous[0]!.result.filePath, facts: previous[0]!.year.facts }, ruleOptions(missingShingles))
        : [];
    },
  };
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
