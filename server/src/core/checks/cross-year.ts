/**
 * Across years (RULES.md): a report against last year's report of the same agency, and reports
 * that share an agency and year. Reports pair by `agency` (trimmed, otherwise exact) and `year`;
 * last year's report also under a name that differs only by the higher administrative levels
 * (`sameAgency`: 洪泽区人民政府 ↔ 淮安市洪泽区人民政府). File names play no part.
 *
 * Two layers: `yearFacts` reduces a parsed report to the plain data these rules need (values,
 * their source ranges, text fingerprints), which can cross a worker-thread boundary or sit in a
 * cache; `compareYears` / `duplicateReportOf` work on facts alone. `checkAcrossYears` and
 * `duplicateReport` are the same rules on documents, with quick fixes.
 *
 * Length: the five across-years rules share the facts, their ranges and the pairing; split apart they
 * would each re-derive them.
 */
import { applySeverities } from './analyze';
import type { OffsetRange, ReportDiagnostic, TextEdit } from '../model/diagnostic';
import { keyRange, valueRange, type ReportDocument } from '../model/document';
import { rowEdits } from '../model/edits';
import { joinList, t, type Lang } from '../model/l10n';
import { RuleCode, type SeveritySetting } from '../model/rules';
import { formatOf, titleAt, type Path, type ReportFormat } from '../model/schema';
import { APP_TOTAL, APPLICATION_COLUMNS, CARRIED_FORWARD, CARRIED_OVER, RECEIVED, cellLabel, countRow, getIn, isCount } from '../model/table';
import { proseFields } from '../model/text-fields';

export interface ReportIdentity {
  agency: string;
  year: number;
}

export interface CrossYearOptions {
  lang: Lang;
  /** `copied-text` fires at this similarity or above (0..1, default 0.9). */
  copiedTextThreshold?: number;
  /** Per-rule severity overrides, as for `analyze` (`off` drops the rule). */
  severities?: Partial<Record<RuleCode, SeveritySetting>>;
  /**
   * Told of each text compared whose bigrams are missing (facts taken with `shingles: false`); such a
   * pair counts as unlike. Run again with them filled in: that run compares no pair this one did not.
   */
  missingShingles?: (text: TextFacts) => void;
}

export interface PreviousReport {
  /** Path or URI of last year's report; related locations carry it as `file`. */
  file: string;
  document: ReportDocument;
}

/** Cells of one table row that are well formed: their values and source ranges. */
export interface RowFacts {
  values: number[];
  ranges: OffsetRange[];
}

/** A count (or an amount) and where it is written. */
export interface ValueFacts {
  value: number;
  range: OffsetRange;
}

export type StockKey = 'rules' | 'normative_documents';
const STOCKS: readonly StockKey[] = ['rules', 'normative_documents'];

export interface StockFacts {
  issued?: ValueFacts;
  repealed?: ValueFacts;
  in_force?: ValueFacts;
}

export interface TextFacts {
  /** Pairs a field with last year's: its path, or for an `overview.extra` subsection its title. */
  key: string;
  label: string;
  /** The field's key (where `copied-text` is reported, and where its related location points). */
  range: OffsetRange;
  /** Length of the normalised text (UTF-16 units): with `digest`, a text copied whole is known without its bigrams. */
  length: number;
  /** A 53-bit hash of the normalised text (see `digestOf`). */
  digest: number;
  /**
   * Sorted character bigrams of the normalised text (see `textShingles`); absent when the facts were
   * taken without them (`shingles: false`: a caller that fetches them only for the texts compared).
   */
  shingles?: Uint32Array;
  /** Bucket keys for `copied-text` across agencies (see `textSketch`); absent for texts too short for it. */
  sketch?: number[];
}

/** What the cross-year rules need of one report; plain data (structured-clone safe). */
export interface YearFacts extends ReportIdentity {
  /**
   * The report's format. Tables 三 carry over across the change from 2019 to 2021 (the same rows
   * 二 and 四); table 二 does not: 对外公开总数量 (2019) is no 现行有效件数, and the 2019 fee row
   * counts items, not 万元. Those rules compare two 2021-format reports only.
   */
  format: ReportFormat;
  agencyRange: OffsetRange;
  carriedOver?: RowFacts;
  carriedForward?: RowFacts;
  stocks: Partial<Record<StockKey, StockFacts>>;
  fees?: ValueFacts;
  /** 一、本年新收政府信息公开申请数量·总计 (`year-over-year`). */
  received?: ValueFacts;
  /** Only the prose fields long enough to compare (see MIN_TEXT_LENGTH). */
  texts: TextFacts[];
}

const DEFAULT_THRESHOLD = 0.9;
/**
 * Not compared: the preamble is the template's formula (根据《条例》…现向社会公布…) that every
 * report repeats each year; flagging it would flag every report.
 */
const NOT_COMPARED = new Set(['preamble']);
/**
 * Normalised texts shorter than this are not compared: "无。" or a one-sentence formula such as
 * "本年度报告中所列数据的统计期限自2023年1月1日至2023年12月31日止" (30 characters once digits are
 * masked) are the same every year by nature, and are not what 内容雷同 means.
 */
export const MIN_TEXT_LENGTH = 40;
/** `fee-unit`: 元 vs 万元 is a factor of 10,000; anything from 1,000 up is that kind of slip. */
const FEE_FACTOR = 1000;

// ------------------------------------------------------------------------------- identity

/** `agency` (trimmed, non-empty) and `year` (an integer) of a report's data, or undefined. */
export function reportIdentity(data: unknown): ReportIdentity | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const { agency, year } = data as Record<string, unknown>;
  if (typeof agency !== 'string' || typeof year !== 'number' || !Number.isSafeInteger(year)) return undefined;
  const trimmed = agency.trim();
  return trimmed ? { agency: trimmed, year } : undefined;
}

/** A map key for an identity. */
export const identityKey = (id: ReportIdentity): string => `${id.year}\u0000${id.agency}`;

/**
 * Published names of one body vary by the higher administrative levels they spell out: 洪泽区人民政府
 * one year, 淮安市洪泽区人民政府 the next. A leading segment ending in one of these levels may be
 * added or left out; nothing else of a name may differ.
 */
const HIGHER_LEVEL = /^\p{Script=Han}+?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|区|县|旗)/u;
/** The shorter name must still begin with a place (洪泽区…), not be a bare body (人民政府办公厅). */
const PLACE = /^\p{Script=Han}+?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|街道|省|市|州|盟|区|县|旗|镇|乡)/u;

/** A name as compared: NFKC (full-width letters), without whitespace. */
export const normaliseAgency = (name: string): string => name.normalize('NFKC').replace(/\s+/gu, '');

/**
 * The name without every leading administrative segment (淮安市洪泽区人民政府 → 人民政府): a bucket key
 * only, coarser than `sameAgency` (淮安市城市管理局 and 南京市城市管理局 share it); names that
 * `sameAgency` pairs always share it.
 */
export function agencyBase(name: string): string {
  let s = normaliseAgency(name);
  for (let m = HIGHER_LEVEL.exec(s); m && m[0].length < s.length; m = HIGHER_LEVEL.exec(s)) s = s.slice(m[0].length);
  return s;
}

/** Whether two published names are one body: equal, or the longer one is the shorter with higher levels before it. */
export function sameAgency(a: string, b: string): boolean {
  const x = normaliseAgency(a);
  const y = normaliseAgency(b);
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (!long.endsWith(short) || !PLACE.test(short)) return false;
  let prefix = long.slice(0, long.length - short.length);
  while (prefix) {
    const m = HIGHER_LEVEL.exec(prefix);
    if (!m) return false;
    prefix = prefix.slice(m[0].length);
  }
  return true;
}

/**
 * Every file with the same agency and year as another: file → its group, every file of that agency
 * and year (itself included, in input order). One array is shared by the whole group: 5,000 copies
 * of a report make 5,000 entries, not 25 million.
 */
export function findDuplicates(reports: readonly { file: string; data: unknown }[]): Map<string, readonly string[]> {
  const groups = new Map<string, string[]>();
  for (const r of reports) {
    const id = safe(() => reportIdentity(r.data), undefined);
    if (!id) continue;
    const k = identityKey(id);
    const group = groups.get(k);
    if (group) group.push(r.file);
    else groups.set(k, [r.file]);
  }
  const out = new Map<string, readonly string[]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const file of group) out.set(file, group);
  }
  return out;
}

/**
 * How many other copies `duplicate-report` names (in its message and as related locations); the rest
 * are counted. Naming all of them made 1,000 copies print 37 MB and 5,000 exhaust the string length.
 */
export const DUPLICATES_NAMED = 3;

/** The first `DUPLICATES_NAMED` files of `group` other than `file`. */
export function otherCopies(group: readonly string[], file: string): string[] {
  const out: string[] = [];
  for (const f of group) {
    if (out.length === DUPLICATES_NAMED) break;
    if (f !== file) out.push(f);
  }
  return out;
}

// ------------------------------------------------------------------------------- facts

/**
 * The facts of a parsed report, or undefined when it has no identity (not valid YAML, no agency or
 * year). `texts: false` skips the text fingerprints (when `copied-text` is off); `shingles: false`
 * keeps of each text only its length, digest and sketch (the bigrams are most of a report's facts:
 * the CLI takes them later, only for texts that are compared and not the same).
 */
export function yearFacts(doc: ReportDocument, options: YearFactsOptions = {}): YearFacts | undefined {
  return safe(() => yearFactsUnsafe(doc, options), undefined);
}

export interface YearFactsOptions {
  /** Compute the text fingerprints (default true). */
  texts?: boolean;
  /** With each text's bigrams (default true); else its length, digest and sketch only. */
  shingles?: boolean;
  /** Given each text's normalised form (a copy to keep), by its place in `texts` (for `normalisedBigrams` later, without parsing the report again). */
  normalised?: (index: number, units: Uint16Array) => void;
}

function yearFactsUnsafe(doc: ReportDocument, options: YearFactsOptions): YearFacts | undefined {
  const withTexts = options.texts ?? true;
  const withShingles = options.shingles ?? true;
  const data = doc.data;
  const id = reportIdentity(data);
  if (!id) return undefined;
  const rangeOf = (path: Path): OffsetRange => valueRange(doc, path) ?? keyRange(doc, path) ?? { start: 0, end: 0 };
  const row = (path: Path): RowFacts | undefined => {
    const values = countRow(data, path, APPLICATION_COLUMNS.length);
    return values && { values: [...values], ranges: values.map((_, c) => rangeOf([...path, c])) };
  };
  const count = (path: Path): ValueFacts | undefined => {
    const v = getIn(data, path);
    return isCount(v) ? { value: v, range: rangeOf(path) } : undefined;
  };
  const format = formatOf(data);
  const stocks: YearFacts['stocks'] = {};
  // 现行有效件数 exists in the 2021 format only (2019: 本年新制作数量, 本年新公开数量, 对外公开总数量)
  if (format === 2021) for (const key of STOCKS) {
    const path: Path = ['proactive', key];
    stocks[key] = { issued: count([...path, 'issued']), repealed: count([...path, 'repealed']), in_force: count([...path, 'in_force']) };
  }
  const feePath: Path = ['proactive', 'fees'];
  // 万元 in the 2021 format only (2019: counts of fee items)
  const fee = format === 2021 ? getIn(data, feePath) : undefined;
  const texts: TextFacts[] = [];
  if (withTexts) {
    for (const field of proseFields(data)) {
      if (NOT_COMPARED.has(String(field.path[0]))) continue;
      // normalised once for both fingerprints (it was most of the cost of the facts)
      const n = normaliseInto(field.value);
      if (n < MIN_TEXT_LENGTH) continue;
      const shingles = withShingles ? shinglesOf(scratch, n) : undefined;
      const sketch = sketchOf(scratch, n);
      const digest = digestOf(scratch, n);
      const range = keyRange(doc, field.path) ?? rangeOf(field.path);
      options.normalised?.(texts.length, scratch.slice(0, n));
      texts.push({
        key: textKey(data, field.path), label: textLabel(data, field.path), range, length: n, digest,
        ...(shingles ? { shingles } : {}), ...(sketch ? { sketch } : {}),
      });
    }
  }
  return {
    ...id,
    format,
    agencyRange: rangeOf(['agency']),
    carriedOver: row(CARRIED_OVER),
    carriedForward: row(CARRIED_FORWARD),
    stocks,
    fees: typeof fee === 'number' && Number.isFinite(fee) && fee >= 0 ? { value: fee, range: rangeOf(feePath) } : undefined,
    received: count([...RECEIVED, APP_TOTAL]),
    texts,
  };
}

const isExtra = (path: Path) => path[0] === 'overview' && path[1] === 'extra' && typeof path[2] === 'number';

function extraTitle(data: unknown, path: Path): string | undefined {
  const title = getIn(data, [...path.slice(0, 3), 'title']);
  return typeof title === 'string' && title.trim() ? title.trim() : undefined;
}

/** （六）, (6), 六、, 6. before a title: the numbering moves when a subsection is added or dropped. */
const NUMBERING = /^(?:[（(][一二三四五六七八九十百零〇\d]+[）)]|[一二三四五六七八九十百零〇\d]+[、.．])\s*/u;

/** Subsections of `extra` pair by title without its numbering, so that inserting one does not shift the others. */
function textKey(data: unknown, path: Path): string {
  const title = isExtra(path) ? extraTitle(data, path)?.replace(NUMBERING, '') : undefined;
  return title ? `overview.extra:${title}` : path.join('.');
}

/** `一、总体情况·（一）主动公开`, `一、总体情况·<the subsection's title>`, `前言`. */
function textLabel(data: unknown, path: Path): string {
  if (isExtra(path)) return `${titleAt(['overview'])}·${extraTitle(data, path) ?? titleAt(path.slice(0, 3))}`;
  return path.length > 1 ? `${titleAt(path.slice(0, 1))}·${titleAt(path)}` : titleAt(path);
}

// ------------------------------------------------------------------------------- similarity

/**
 * The text as compared: NFKC (full-width digits and letters become ASCII), every run of digits
 * masked to one `0` (a copied text with the year changed is still a copy), whitespace,
 * punctuation and symbols removed (line breaks and quote styles do not make a text new).
 */
export function normaliseText(text: string): string {
  const units = normalisedUnits(text);
  let out = '';
  // String.fromCharCode keeps lone surrogates (a UTF-16 decoder would replace them); in chunks for its argument limit
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

/**
 * `normaliseText` as UTF-16 code units, for the fingerprints (which read each unit several times:
 * an array is faster to read than the string concatenated from pieces). Equals
 * text.normalize('NFKC').replace(/\p{Nd}+/gu, '0').replace(/[\s\p{P}\p{S}]+/gu, '') in one pass:
 * NFKC is cheap (ICU), the two regex passes were not. Digits are masked before anything is dropped,
 * so a run of digits is a run of the NFKC text; each code point is classified by those same two
 * regexes (cached per code unit).
 */
function normalisedUnits(text: string): Uint16Array {
  const n = normaliseInto(text); // first: it may replace `scratch` with a larger one
  return scratch.slice(0, n);
}

/** normaliseInto's output, reused from text to text (three typed arrays a text cost more than normalising it). */
let scratch = new Uint16Array(4096);

/** normalisedUnits into `scratch` (grown as needed): its length. The next call overwrites it. */
function normaliseInto(text: string): number {
  const s = text.normalize('NFKC');
  if (scratch.length < s.length) scratch = new Uint16Array(s.length * 2);
  const out = scratch;
  let n = 0;
  let inDigits = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // a surrogate pair is one code point (as for the regexes' `u` flag); rare, so not cached
      const kind = classify(s.slice(i, i + 2));
      if (kind === DIGIT && !inDigits) out[n++] = 0x30;
      else if (kind === KEEP) { out[n++] = c; out[n++] = s.charCodeAt(i + 1); }
      inDigits = kind === DIGIT;
      i++;
      continue;
    }
    let kind = KIND[c]!;
    if (kind === UNKNOWN) kind = KIND[c] = classify(s[i]!);
    if (kind === KEEP) out[n++] = c;
    else if (kind === DIGIT && !inDigits) out[n++] = 0x30;
    inDigits = kind === DIGIT;
  }
  return n;
}

const UNKNOWN = 0;
const KEEP = 1;
const DIGIT = 2;
const DROP = 3;
/** normalisedUnits' class of each UTF-16 code unit (lone surrogates included), filled on first sight. */
const KIND = new Uint8Array(0x10000);
const classify = (codePoint: string): number => (/^\p{Nd}$/u.test(codePoint) ? DIGIT : /^[\s\p{P}\p{S}]$/u.test(codePoint) ? DROP : KEEP);

/**
 * Character bigrams of the normalised text, each packed as two UTF-16 units into 32 bits, sorted
 * (a multiset ready for a linear merge); undefined when the text is shorter than MIN_TEXT_LENGTH.
 * Bigrams suit Chinese, which has no spaces to split words on; they are order-aware locally and
 * blind to paragraphs being moved around.
 */
export function textShingles(text: string): Uint32Array | undefined {
  return shinglesOf(normalisedUnits(text));
}

/**
 * The bigrams of `text` (its `shingles`, as `yearFacts` would make them) from its normalised form as
 * given by `yearFacts`' `normalised`; undefined when `units` is not that text (length or digest).
 */
export function normalisedBigrams(units: Uint16Array, text: Pick<TextFacts, 'length' | 'digest'>): Uint32Array | undefined {
  return units.length === text.length && digestOf(units) === text.digest ? shinglesOf(units) : undefined;
}

/** `textShingles` of an already normalised text. */
function shinglesOf(s: Uint16Array, n = s.length): Uint32Array | undefined {
  if (n < MIN_TEXT_LENGTH) return undefined;
  const out = new Uint32Array(n - 1);
  for (let i = 0; i + 1 < n; i++) out[i] = ((s[i]! << 16) | s[i + 1]!) >>> 0;
  return out.sort();
}

/** Dice coefficient of two bigram multisets (sorted): 2·|A∩B| / (|A|+|B|), in 0..1; linear. */
export function shingleSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length + b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) { common++; i++; j++; }
    else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}

/**
 * How alike two texts' facts are, as `copied-text` decides (`shingleSimilarity`, without computing it
 * where it cannot matter): 1 for the same normalised text (digest and length), 0 when the lengths
 * alone keep the coefficient below `threshold` (|A∩B| ≤ the smaller), else from the bigrams; 0 when
 * a text's bigrams were not taken, and `missing` is told (the caller fetches them and asks again).
 */
function factsSimilarity(a: TextFacts, b: TextFacts, threshold: number, missing?: (text: TextFacts) => void): number {
  const similarity = fingerprintSimilarity(a.digest, a.length, a.shingles, b.digest, b.length, b.shingles, threshold);
  if (similarity >= 0) return similarity;
  if (!a.shingles) missing?.(a);
  if (!b.shingles) missing?.(b);
  return 0;
}

/**
 * factsSimilarity on the parts of two texts' facts (for a caller that keeps them in columns, not in
 * objects): -1 when the bigrams are needed and one of the texts has none.
 */
export function fingerprintSimilarity(
  aDigest: number, aLength: number, aShingles: Uint32Array | undefined, bDigest: number, bLength: number, bShingles: Uint32Array | undefined, threshold: number,
): number {
  if (aDigest === bDigest && aLength === bLength) return 1;
  const bigrams = aLength + bLength - 2;
  if (bigrams > 0 && (2 * (Math.min(aLength, bLength) - 1)) / bigrams < threshold) return 0;
  if (!aShingles || !bShingles) return -1;
  return shingleSimilarity(aShingles, bShingles);
}

/** Similarity of two texts as `copied-text` sees them (0 when either is too short to compare). */
export function textSimilarity(a: string, b: string): number {
  const x = textShingles(a);
  const y = textShingles(b);
  return x && y ? shingleSimilarity(x, y) : 0;
}

// ------------------------------------------------------------------------------- across agencies

/** `copied-text` across agencies compares texts of at least this many characters (normalised). */
export const CROSS_AGENCY_MIN_LENGTH = 100;
/** Each text is compared with at most this many others that share a bucket with it. */
const MAX_CANDIDATES = 8;
/** At most this many across-agency findings per report (a folder of copies must not flood the output). */
export const MAX_ACROSS_AGENCIES_PER_REPORT = 5;
const SKETCH_SIZE = 4;
const SKETCH_GRAM = 6;

/**
 * A bottom-k sketch of the normalised text: the SKETCH_SIZE smallest FNV-1a hashes of its 6-character
 * windows. Texts that are 90% the same almost always share one of them, so they meet in a bucket
 * without every pair being compared. Undefined for texts shorter than CROSS_AGENCY_MIN_LENGTH.
 */
export function textSketch(text: string): number[] | undefined {
  return sketchOf(normalisedUnits(text));
}

/**
 * A 53-bit hash of the normalised text (FNV-1a and a multiplicative hash, 32 and 21 bits): with the
 * length, two texts alike by it are the same text (a collision among a few hundred thousand texts is
 * about one in a million).
 */
function digestOf(s: Uint16Array, n = s.length): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < n; i++) {
    h1 = Math.imul(h1 ^ s[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ s[i]!, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) >>> 11);
}

/** `textSketch` of an already normalised text. */
function sketchOf(s: Uint16Array, n = s.length): number[] | undefined {
  if (n < CROSS_AGENCY_MIN_LENGTH) return undefined;
  // the SKETCH_SIZE smallest distinct hashes, ascending, kept while scanning (no set of every hash);
  // FNV-1a over the window, unrolled (SKETCH_GRAM = 6), in int32 with one `>>> 0` (same bits)
  const smallest: number[] = [];
  const P = 0x01000193;
  for (let i = 0; i + SKETCH_GRAM <= n; i++) {
    let h = Math.imul(0x811c9dc5 ^ s[i]!, P);
    h = Math.imul(h ^ s[i + 1]!, P);
    h = Math.imul(h ^ s[i + 2]!, P);
    h = Math.imul(h ^ s[i + 3]!, P);
    h = Math.imul(h ^ s[i + 4]!, P);
    h = Math.imul(h ^ s[i + 5]!, P) >>> 0;
    const kept = smallest.length;
    if (kept === SKETCH_SIZE && h >= smallest[SKETCH_SIZE - 1]!) continue;
    let at = kept;
    while (at > 0 && smallest[at - 1]! > h) at--;
    if (at > 0 && smallest[at - 1] === h) continue;
    // insert at `at`, the largest falling off when all SKETCH_SIZE are kept
    for (let j = kept < SKETCH_SIZE ? kept : SKETCH_SIZE - 1; j > at; j--) smallest[j] = smallest[j - 1]!;
    smallest[at] = h;
  }
  return smallest;
}

/**
 * `copied-text` across different agencies of the same year (a workspace, or the files given to the
 * CLI): per report, the texts that are at least `copiedTextThreshold` similar to a text of another
 * agency's report, with that report as the related location. Near-linear: texts meet in buckets of
 * their sketch, each is compared with at most MAX_CANDIDATES neighbours of its buckets, and each
 * report gets at most MAX_ACROSS_AGENCIES_PER_REPORT findings. Returns file → diagnostics (only
 * files with findings).
 */
export function copiedAcrossAgencies(
  reports: readonly { file: string; facts: YearFacts }[], options: CrossYearOptions, stats?: { comparisons: number },
): Map<string, ReportDiagnostic[]> {
  return safe(() => {
    // the texts with a sketch, in the reports' order, as the columns copiesAmong reads
    const texts: TextFacts[] = [];
    const reportOf: number[] = [];
    reports.forEach((r, report) => {
      for (const text of r.facts.texts) {
        if (!text.sketch) continue;
        texts.push(text);
        reportOf.push(report);
      }
    });
    const table: AgencyTexts = {
      count: texts.length,
      report: (i) => reportOf[i]!,
      sketch: (i, k) => texts[i]!.sketch![k],
      similarity: (a, b, threshold) => factsSimilarity(texts[a]!, texts[b]!, threshold, options.missingShingles),
    };
    const of: AgencyReports = { file: (r) => reports[r]!.file, agency: (r) => reports[r]!.facts.agency, year: (r) => reports[r]!.facts.year };
    const out = new Map<string, ReportDiagnostic[]>();
    for (const [file, copies] of copiesAmongUnsafe(table, of, options, stats)) {
      out.set(file, copyFindings(copies.map((c) => {
        const them = reports[c.other]!;
        const other = texts[c.otherText]!;
        const { agency, year } = them.facts;
        return { text: texts[c.text]!, other: { file: them.file, agency, year, label: other.label, range: other.range }, similarity: c.similarity };
      }), options));
    }
    return out;
  }, new Map());
}

/** What a `copied-text` finding across agencies says: the text copied, the other report's text, how alike. */
export interface CopyFinding {
  text: Pick<TextFacts, 'label' | 'range'>;
  other: { file: string; agency: string; year: number; label: string; range: OffsetRange };
  similarity: number;
}

/** The diagnostics of one report's copies across agencies (severities applied, by range). */
export function copyFindings(copies: readonly CopyFinding[], options: CrossYearOptions): ReportDiagnostic[] {
  const { lang } = options;
  return safe(() => finish(copies.map(({ text, other, similarity }) => {
    const percent = Math.floor(similarity * 100 + 1e-9);
    return {
      code: RuleCode.CopiedText, severity: 'warning', range: text.range,
      message: t(lang, '{0} is {1}% the same as {2} in the report of {3} for {4} (digits ignored): write about this body\'s own work', text.label, percent, other.label, other.agency, other.year),
      related: [{ file: other.file, range: other.range, message: t(lang, 'The report of {0} for {1}: {2}', other.agency, other.year, other.label) }],
    };
  }), options), []);
}

/** What the across-agency rule reads of the texts compared (those with a sketch, in the reports' order), without an object each. */
export interface AgencyTexts {
  readonly count: number;
  /** The report a text is of (a place in AgencyReports). */
  report(text: number): number;
  /** The k-th hash of a text's sketch (undefined: its text has fewer distinct windows). */
  sketch(text: number, k: number): number | undefined;
  /** How alike two texts are (see fingerprintSimilarity; 0 when bigrams are missing, which the table notes for its caller). */
  similarity(a: number, b: number, threshold: number): number;
}

/** What the across-agency rule reads of each report. */
export interface AgencyReports {
  file(report: number): string;
  agency(report: number): string;
  year(report: number): number;
}

/** A copy found by copiesAmong: places in AgencyTexts and AgencyReports. */
export interface TextCopy {
  text: number;
  other: number;
  otherText: number;
  similarity: number;
}

/**
 * The across-agency rule on texts in columns (the CLI keeps a province's that way): by file, the
 * copies of each report's texts, as copiedAcrossAgencies finds them (it runs this same code).
 */
export function copiesAmong(
  texts: AgencyTexts, reports: AgencyReports, options: CrossYearOptions, stats?: { comparisons: number },
): Map<string, TextCopy[]> {
  return safe(() => copiesAmongUnsafe(texts, reports, options, stats), new Map());
}

function copiesAmongUnsafe(
  texts: AgencyTexts, reports: AgencyReports, options: CrossYearOptions, stats?: { comparisons: number },
): Map<string, TextCopy[]> {
  const threshold = clampThreshold(options.copiedTextThreshold);
  // per year, per sketch hash (numbers as keys: no key string built and hashed per hash)
  const buckets = new Map<number, Map<number, number[]>>();
  // per text and sketch hash: its bucket and its place in it (the neighbours are looked up by place)
  const bucketOf: number[][] = [];
  const placeOf: number[] = [];
  for (let id = 0; id < texts.count; id++) {
    const year = reports.year(texts.report(id));
    let ofYear = buckets.get(year);
    if (!ofYear) buckets.set(year, ofYear = new Map());
    for (let k = 0; k < SKETCH_SIZE; k++) {
      const h = texts.sketch(id, k);
      let bucket = h === undefined ? undefined : ofYear.get(h);
      if (!bucket && h !== undefined) ofYear.set(h, bucket = []);
      // a sketch of fewer hashes (a text with fewer distinct windows) fills its slots with an empty bucket
      placeOf.push(bucket ? bucket.push(id) - 1 : 0);
      bucketOf.push(bucket ?? []);
    }
  }
  const out = new Map<string, TextCopy[]>();
  const candidates = new Set<number>();
  for (let id = 0; id < texts.count; id++) {
    const me = texts.report(id);
    const file = reports.file(me);
    const found = out.get(file) ?? [];
    if (found.length >= MAX_ACROSS_AGENCIES_PER_REPORT) continue;
    const agency = reports.agency(me);
    // candidates: the nearest neighbours in each bucket (by input order), other agencies only
    candidates.clear();
    const consider = (ids: number[], j: number) => {
      if (j < 0 || j >= ids.length) return false;
      if (reports.agency(texts.report(ids[j]!)) !== agency) candidates.add(ids[j]!);
      return true;
    };
    for (let k = 0; k < SKETCH_SIZE; k++) {
      const ids = bucketOf[id * SKETCH_SIZE + k]!;
      const at = placeOf[id * SKETCH_SIZE + k]!;
      for (let step = 1, looked = 0; step < ids.length && candidates.size < MAX_CANDIDATES && looked < 4 * MAX_CANDIDATES; step++) {
        if (consider(ids, at + step)) looked++;
        if (consider(ids, at - step)) looked++;
      }
    }
    let best: { other: number; similarity: number } | undefined;
    for (const c of candidates) {
      const similarity = texts.similarity(id, c, threshold);
      if (stats) stats.comparisons++;
      if (similarity >= threshold && (!best || similarity > best.similarity)) best = { other: c, similarity };
      if (similarity >= 1) break; // none can be more alike (and the first of equals is kept anyway)
    }
    if (!best) continue;
    found.push({ text: id, other: texts.report(best.other), otherText: best.other, similarity: best.similarity });
    out.set(file, found);
  }
  return out;
}

// ------------------------------------------------------------------------------- the rules

/** A cross-year diagnostic plus what its quick fix needs (kept apart so that facts stay plain data). */
interface Found {
  diagnostic: ReportDiagnostic;
  carryOver?: { column: number; value: number };
}

/**
 * The cross-year rules on facts: `current` against `previous`, which must be last year's report of
 * the same agency (anything else gives nothing). Diagnostics carry no quick fix (use
 * `checkAcrossYears` for that) and are sorted by range.
 */
export function compareYears(current: YearFacts, previous: { file: string; facts: YearFacts } | undefined, options: CrossYearOptions): ReportDiagnostic[] {
  return safe(() => finish(compare(current, previous, options).map((f) => pairedWith(f.diagnostic, current, previous!, options.lang)), options), []);
}

function compare(now: YearFacts, previous: { file: string; facts: YearFacts } | undefined, options: CrossYearOptions): Found[] {
  if (!previous) return [];
  const before = previous.facts;
  if (!sameAgency(before.agency, now.agency) || before.year !== now.year - 1) return [];
  const { lang } = options;
  const file = previous.file;
  const lastYear = before.year;
  const inLastReport = (what: string) => t(lang, 'Report for {0}: {1}', lastYear, what);
  const out: Found[] = [];

  // carry-over-mismatch: what was carried forward at the end of last year is what this year carries over
  if (now.carriedOver && before.carriedForward) {
    for (let c = 0; c < now.carriedOver.values.length; c++) {
      const value = now.carriedOver.values[c]!;
      const expected = before.carriedForward.values[c];
      if (expected === undefined || value === expected) continue;
      const forward = cellLabel(CARRIED_FORWARD, c);
      out.push({
        diagnostic: {
          code: RuleCode.CarryOverMismatch, severity: 'warning', range: now.carriedOver.ranges[c]!,
          message: t(lang, '{0} is {1}, but {2} in the report for {3} is {4}', cellLabel(CARRIED_OVER, c), value, forward, lastYear, expected),
          related: [{ file, range: before.carriedForward.ranges[c]!, message: inLastReport(`${forward} = ${expected}`) }],
        },
        carryOver: { column: c, value: expected },
      });
    }
  }

  // in-force-mismatch: the stock at the end of this year = last year's stock + issued − repealed this
  // year; both reports in the 2021 format (a 2019 report's 对外公开总数量 is another quantity)
  const bothIn2021 = now.format === 2021 && before.format === 2021;
  for (const key of bothIn2021 ? STOCKS : []) {
    const stock = now.stocks[key];
    const last = before.stocks[key]?.in_force;
    if (!stock?.in_force || !stock.issued || !stock.repealed || !last) continue;
    const expected = last.value + stock.issued.value - stock.repealed.value;
    if (stock.in_force.value === expected) continue;
    const label = (field: keyof StockFacts) => `${titleAt(['proactive', key])}·${titleAt(['proactive', key, field])}`;
    out.push({
      diagnostic: {
        code: RuleCode.InForceMismatch, severity: 'warning', range: stock.in_force.range,
        message: t(lang, '{0} is {1}, but the report for {2} gives {3} in force, and this year {4} were issued and {5} repealed: {3} + {4} − {5} = {6}',
          label('in_force'), stock.in_force.value, lastYear, last.value, stock.issued.value, stock.repealed.value, expected),
        related: [
          { file, range: last.range, message: inLastReport(`${label('in_force')} = ${last.value}`) },
          { range: stock.issued.range, message: `${label('issued')} = ${stock.issued.value}` },
          { range: stock.repealed.range, message: `${label('repealed')} = ${stock.repealed.value}` },
        ],
      },
    });
  }

  // copied-text: per field present (and long enough) in both years
  const threshold = clampThreshold(options.copiedTextThreshold);
  const lastTexts = new Map(before.texts.map((f) => [f.key, f]));
  for (const field of now.texts) {
    const last = lastTexts.get(field.key);
    if (!last) continue;
    const similarity = factsSimilarity(field, last, threshold, options.missingShingles);
    if (similarity < threshold) continue;
    const percent = Math.floor(similarity * 100 + 1e-9);
    out.push({
      diagnostic: {
        code: RuleCode.CopiedText, severity: 'warning', range: field.range,
        message: t(lang, '{0} is {1}% the same as in the report for {2} (digits ignored): write about this year', field.label, percent, lastYear),
        related: [{ file, range: last.range, message: inLastReport(last.label) }],
      },
    });
  }

  // fee-unit: 元 entered where 万元 is asked for (or the reverse), one year or the other
  if (bothIn2021 && now.fees && before.fees && now.fees.value > 0 && before.fees.value > 0) {
    const ratio = Math.max(now.fees.value, before.fees.value) / Math.min(now.fees.value, before.fees.value);
    if (ratio >= FEE_FACTOR) {
      const label = titleAt(['proactive', 'fees']);
      out.push({
        diagnostic: {
          code: RuleCode.FeeUnit, severity: 'warning', range: now.fees.range,
          message: t(lang, '{0} is {1}, but {2} in the report for {3}, a factor of {4}: one of the two is probably in 元 instead of 万元',
            label, now.fees.value, before.fees.value, lastYear, formatFactor(ratio)),
          related: [{ file, range: before.fees.range, message: inLastReport(`${label} = ${before.fees.value}`) }],
        },
      });
    }
  }
  out.push(...yearOverYear(now, before, file, lang, inLastReport));
  return out;
}

/** `year-over-year`: a move by more than this factor either way … */
export const YEAR_OVER_YEAR_FACTOR = 5;
/** … between two figures of at least this size (3 → 20 applications is no pattern). */
export const YEAR_OVER_YEAR_MINIMUM = 10;

function yearOverYear(now: YearFacts, before: YearFacts, file: string, lang: Lang, inLastReport: (what: string) => string): Found[] {
  const pairs: [string, ValueFacts | undefined, ValueFacts | undefined][] = [
    [cellLabel(RECEIVED, APP_TOTAL), now.received, before.received],
    ...STOCKS.map((key) => [`${titleAt(['proactive', key])}·${titleAt(['proactive', key, 'in_force'])}`, now.stocks[key]?.in_force, before.stocks[key]?.in_force] as [string, ValueFacts | undefined, ValueFacts | undefined]),
  ];
  const out: Found[] = [];
  for (const [label, a, b] of pairs) {
    if (!a || !b || a.value < YEAR_OVER_YEAR_MINIMUM || b.value < YEAR_OVER_YEAR_MINIMUM) continue;
    const ratio = Math.max(a.value, b.value) / Math.min(a.value, b.value);
    if (ratio <= YEAR_OVER_YEAR_FACTOR) continue;
    out.push({
      diagnostic: {
        code: RuleCode.YearOverYear, severity: 'info', range: a.range,
        message: t(lang, '{0} is {1}, but {2} in the report for {3} (a factor of {4}): is one of the two figures wrong?', label, a.value, b.value, before.year, Math.round(ratio * 10) / 10),
        related: [{ file, range: b.range, message: inLastReport(`${label} = ${b.value}`) }],
      },
    });
  }
  return out;
}

function clampThreshold(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : DEFAULT_THRESHOLD;
}

/** 10000, 1234.5 → 1235: a factor this large needs no decimals. */
const formatFactor = (ratio: number): string => (Number.isFinite(ratio) ? String(Math.round(ratio)) : '∞');

/**
 * `duplicate-report` for one report: on its `agency` value, naming the first `DUPLICATES_NAMED` other
 * files (each also a related location: on that file's `agency` value when its facts are given, else
 * at its start) and counting the rest. `count` is the number of other files (default: `others.length`;
 * a caller with thousands passes the first few and the count). Undefined when there are no others.
 */
export function duplicateReportOf(
  current: YearFacts, others: readonly { file: string; facts?: YearFacts }[], options: CrossYearOptions, count = others.length,
): ReportDiagnostic | undefined {
  return safe(() => {
    const total = Math.max(count, others.length);
    if (total === 0) return undefined;
    const { lang } = options;
    const named = others.slice(0, DUPLICATES_NAMED);
    const list = joinList(lang, named.map((o) => o.file));
    const also = t(lang, 'Also the report of {0} for {1}', current.agency, current.year);
    const diagnostic: ReportDiagnostic = {
      code: RuleCode.DuplicateReport, severity: 'warning', range: current.agencyRange,
      message: total > named.length
        ? t(lang, 'Other files also hold the report of {0} for {1}: {2} and {3} more', current.agency, current.year, list, total - named.length)
        : t(lang, 'Another file also holds the report of {0} for {1}: {2}', current.agency, current.year, list),
      related: named.map((o) => ({ file: o.file, range: o.facts?.agencyRange ?? { start: 0, end: 0 }, message: also })),
    };
    return finish([diagnostic], options)[0];
  }, undefined);
}

// ------------------------------------------------------------------------------- on documents

/**
 * The cross-year rules for `current` against last year's report of the same agency (the caller
 * finds it: same agency, year − 1; none → nothing). `carry-over-mismatch` comes with a quick fix
 * (not `safe`: the cell is not a total) setting the cell to last year's value.
 */
export function checkAcrossYears(current: ReportDocument, previous: PreviousReport | undefined, options: CrossYearOptions): ReportDiagnostic[] {
  return safe(() => {
    if (!previous) return [];
    const copied = options.severities?.[RuleCode.CopiedText] !== 'off';
    const now = yearFacts(current, { texts: copied });
    const before = yearFacts(previous.document, { texts: copied });
    if (!now || !before) return [];
    const found = compare(now, { file: previous.file, facts: before }, options);
    for (const f of found) {
      if (!f.carryOver) continue;
      const { column, value } = f.carryOver;
      const edits: TextEdit[] = rowEdits(current, CARRIED_OVER, new Map([[column, value]]));
      if (edits.length === 0) continue;
      f.diagnostic.fix = {
        title: t(options.lang, 'Set {0} to {1} (carried forward in the report for {2})', cellLabel(CARRIED_OVER, column), value, before.year),
        edits, safe: false,
      };
    }
    return finish(found.map((f) => pairedWith(f.diagnostic, now, { file: previous.file, facts: before }, options.lang)), options);
  }, []);
}

/**
 * `duplicate-report` for `current`, given the other files that hold the same agency and year (as
 * paths, or with their parsed documents so that related locations point at their `agency`): one
 * diagnostic naming the first few and counting the rest, or none when there are no others. `options` may be just the language.
 */
export function duplicateReportDiagnostic(
  current: ReportDocument,
  others: readonly (string | { file: string; document?: ReportDocument })[],
  options: CrossYearOptions | Lang,
): ReportDiagnostic[] {
  return safe(() => {
    const now = yearFacts(current, { texts: false });
    if (!now) return [];
    const opts = typeof options === 'string' ? { lang: options } : options;
    // only the named ones are read: a workspace may hold thousands of copies
    const withFacts = others.slice(0, DUPLICATES_NAMED).map((o) => (typeof o === 'string'
      ? { file: o }
      : { file: o.file, facts: o.document && yearFacts(o.document, { texts: false }) }));
    const d = duplicateReportOf(now, withFacts, opts, others.length);
    return d ? [d] : [];
  }, []);
}

// ------------------------------------------------------------------------------- helpers

/** Severity overrides, and the order `analyze` uses (by range). */
/** A finding against a report published under another name says which report it was paired with. */
function pairedWith(d: ReportDiagnostic, now: YearFacts, previous: { file: string; facts: YearFacts }, lang: Lang): ReportDiagnostic {
  if (previous.facts.agency === now.agency) return d;
  const name = previous.file.slice(Math.max(previous.file.lastIndexOf('/'), previous.file.lastIndexOf('\\')) + 1);
  return { ...d, message: t(lang, '{0} (paired with the report of {1} for {2}, {3})', d.message, previous.facts.agency, previous.facts.year, name) };
}

const finish = (diagnostics: ReportDiagnostic[], options: CrossYearOptions): ReportDiagnostic[] => applySeverities(diagnostics, options.severities);

/** These rules never throw: a caller checking a whole workspace must not fail on one odd file. */
function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
