/**
 * The prose of a report: which fields hold text, and how an offset inside a string value maps back
 * to the source (block scalars drop indentation, quoted scalars drop quotes).
 */
import { isScalar } from 'yaml';
import type { OffsetRange } from './diagnostic';
import { nodeAt, valueRange, type ReportDocument } from './document';
import type { Path } from './schema';
import { getIn } from './table';

export interface TextField {
  path: Path;
  value: string;
}

/** Every string value of the report with its path (labels, contact and dates included). */
export function stringFields(data: unknown): TextField[] {
  return collectStrings(data, undefined);
}

const NOT_PROSE = new Set(['format', 'agency', 'agency_kind', 'year', 'published', 'deadline', 'title', 'contact']);

/** The prose fields (preamble, 一, 五, 六 and the titles of extra subsections are not prose). */
export function proseFields(data: unknown): TextField[] {
  return collectStrings(data, NOT_PROSE).filter((f) => f.path[f.path.length - 1] !== 'title');
}

/**
 * The string values under `data` in document order, skipping the top-level keys in `skip`. One path
 * is pushed and popped as the walk goes and copied only for a string: the tables' numbers cost no
 * allocation (every check reads the prose fields, and the CLI checks thousands of reports).
 */
function collectStrings(data: unknown, skip: ReadonlySet<string> | undefined): TextField[] {
  const out: TextField[] = [];
  const path: (string | number)[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push({ path: path.slice(), value: v });
    else if (Array.isArray(v)) {
      // forEach, as before: holes are skipped (`skip` names keys, never an index)
      v.forEach((item, i) => {
        path.push(i);
        walk(item);
        path.pop();
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (path.length === 0 && skip?.has(k)) continue;
        path.push(k);
        walk(item);
        path.pop();
      }
    }
  };
  walk(data);
  return out;
}

const isProse = (f: TextField) => !NOT_PROSE.has(String(f.path[0])) && f.path[f.path.length - 1] !== 'title';

type Fields = { all: readonly TextField[]; prose: readonly TextField[] };
// The document `analyze` is checking: its fields are walked once for all the checks that read them.
// A scope rather than a cache keyed by documents: nothing outlives the run, and no weak table per document for the GC.
let checking: { doc: ReportDocument; fields?: Fields } | undefined;

/** Runs `run` (the checks of `doc`) with the string fields of `doc` walked at most once. */
export function withFieldsOf<T>(doc: ReportDocument, run: () => T): T {
  const outer = checking;
  checking = { doc };
  try {
    return run();
  } finally {
    checking = outer;
  }
}

function fieldsOf(doc: ReportDocument): Fields {
  if (checking?.doc === doc) return checking.fields ??= walkFields(doc);
  return walkFields(doc);
}

function walkFields(doc: ReportDocument): Fields {
  const all = stringFields(doc.data);
  return { all, prose: all.filter(isProse) };
}

/** `stringFields` of a document (walked once per `withFieldsOf` run; do not modify). */
export const stringFieldsOf = (doc: ReportDocument): readonly TextField[] => fieldsOf(doc).all;
/** `proseFields` of a document (walked once per `withFieldsOf` run; do not modify). */
export const proseFieldsOf = (doc: ReportDocument): readonly TextField[] => fieldsOf(doc).prose;

export function textAt(data: unknown, path: Path): string | undefined {
  const v = getIn(data, path);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The source range of `value.slice(start, end)` of the string at `path`. Walks source and value
 * side by side, skipping what the source has and the value does not (indentation, quotes, the
 * block header); falls back to the whole value when they cannot be aligned.
 */
export function textRange(doc: ReportDocument, path: Path, start: number, end: number): OffsetRange {
  const whole = valueRange(doc, path) ?? { start: 0, end: 0 };
  const node = nodeAt(doc, path);
  const value = textAt(doc.data, path);
  if (!isScalar(node) || !node.range || value === undefined) return whole;
  let j = node.range[0];
  const limit = node.range[1];
  const text = doc.text;
  // skip a block scalar's header line
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', j);
    j = nl < 0 ? limit : nl + 1;
  }
  let s = -1;
  let e = -1;
  for (let i = 0; i <= end && j <= limit; i++) {
    if (i === end) { if (i === start) s = j; e = j; break; }
    const ch = value[i];
    // folded/plain scalars turn line breaks into spaces
    while (j < limit && text[j] !== ch && !(ch === ' ' && (text[j] === '\n' || text[j] === '\r'))) j++;
    if (j >= limit) return whole;
    // the start is the character itself, not the indentation or quote skipped before it
    if (i === start) s = j;
    j++;
  }
  if (s < 0 || e < 0 || e < s) return whole;
  return { start: s, end: Math.max(e, s) };
}

/**
 * The first match of the global `re` in `text`; `re.exec(text)` then gives the next ones, and null at
 * the end: `for (let m = firstMatch(RE, s); m; m = RE.exec(s))` finds what `s.matchAll(RE)` finds,
 * without the copy of RE that each matchAll makes (half the time of a scan of a short text).
 * For patterns that cannot match the empty string, and that the loop body does not use itself.
 */
export function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}
