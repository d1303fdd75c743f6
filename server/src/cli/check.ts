/**
 * `govreport check`: each file through the core's `analyze` (on worker threads when there are many),
 * `--fix` written back atomically, then the across-years rules among the files checked together.
 */
import {
  analyze, applyEdits, DEFAULT_MAX_BYTES, EncodeError, fixAll, normalisedBigrams, parseReport, spliceEdits, t, yearFacts, type DecodedText,
  type Lang, type TextEdit, type LineIndex, type LocalDeadlines, type Position, type ReportDiagnostic, type ReportIdentity, RuleCode,
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
  /**
   * Set when the file needed its texts only (see gather in cross-year.ts): they are in the run's text
   * table, its facts object was let go, and these are the positions of its texts' ranges.
   */
  inTable?: { positions: Int32Array };
}

/**
 * Checks a decoded text (`encoding`: the one it was read in, for the `encoding` information). With
 * `fix`, `edits` are the fixes applied to `text` (the caller writes them back into the file's bytes).
 * `texts`: compute the text fingerprints of `copied-text` (default: when that rule is on), without
 * the texts' bigrams (see YearEntry).
 */
export function checkText(
  filePath: string, text: string, options: CheckOptions, encoding?: DecodedText['encoding'], texts?: boolean, whole = true,
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
  const all = options.crossYear
    ? yearFacts(analysis.document, { texts: withTexts, shingles: false, normalised: (i, units) => { normalised[i] = units; } })
    : undefined;
  if (all && normalised.length > 0) keepNormalised(filePath, normalised);
  if (!all) return { result, ...(edits ? { edits } : {}) };
  // without a neighbour year or a duplicate, the identity and texts are all the across-years rules read
  const facts: YearFacts = whole ? all : { agency: all.agency, year: all.year, format: all.format, agencyRange: all.agencyRange, stocks: {}, texts: all.texts };
  const year: YearEntry = { facts, positions: positionsOf(facts, lines), withTexts, ...(whole ? {} : { textsOnly: true as const }) };
  return { result, ...(edits ? { edits } : {}), year };
}

/** Line/column of every range boundary in `facts` (a few dozen offsets), packed: a Map of objects cost ~6 KiB a report. */
function positionsOf(facts: YearFacts, lines: LineIndex): Int32Array {
  const offsets = new Set<number>();
  const walk = (v: unknown): void => {
    // (arrays of numbers, a row's values or a sketch, hold no range)
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || (Array.isArray(v) && typeof v[0] === 'number')) return;
    const r = v as { start?: unknown; end?: unknown };
    if (typeof r.start === 'number' && typeof r.end === 'number') {
      offsets.add(r.start);
      offsets.add(r.end);
      return;
    }
    for (const item of Object.values(v)) walk(item);
  };
  walk(facts);
  const sorted = Int32Array.from(offsets).sort();
  const out = new Int32Array(sorted.length * 3);
  sorted.forEach((offset, i) => {
    const p = lines.positionAt(offset);
    out[i * 3] = offset;
    out[i * 3 + 1] = p.line;
    out[i * 3 + 2] = p.character;
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
  normalisedKept.set(filePath, texts);
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

/** `texts`, `whole`: as for checkText (`whole`: all the facts, else the identity and texts only). */
export async function checkFile(filePath: string, options: CheckOptions, texts?: boolean, whole = true): Promise<Checked | undefined> {
  // a published report (saved page, text, PDF, Word): imported in memory, never written
  if (!REPORT_FILE.test(filePath) && IMPORTABLE.test(filePath)) {
    const imported = await checkImported(filePath, options, options.named?.includes(filePath) ?? true);
    if (imported !== 'yaml') return imported;
  }
  // regular files only, at most the size limit, decoded strictly (UTF-8, UTF-16 by BOM, GB18030)
  const read = readReportFileSync(filePath, { maxBytes: DEFAULT_MAX_BYTES, lang: options.lang });
  if (!read.ok) return { result: emptyResult(filePath, read.message) };
  const { result, edits, year } = checkText(filePath, read.decoded.text, options, read.decoded.encoding, texts, whole);
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
