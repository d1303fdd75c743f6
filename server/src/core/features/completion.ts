/**
 * Completion from the schema. Works on half-typed text that does not parse: the path at the cursor
 * comes from the lines themselves (indentation of the current line, the `key:` lines enclosing it),
 * as yaml-language-server does; the parsed data is used only for facts (year, kind, agency) when the
 * document is valid.
 *
 * Multi-line `insertText` is indented relative to the cursor line's leading whitespace: the editor
 * adds that whitespace to every following line (LSP `InsertTextMode.adjustIndentation`, VS Code's default).
 *
 * Length: one line-based reading of half-typed YAML serves every kind of completion (keys, values,
 * rows, snippets); the cases are small but many, and splitting them would spread that reading.
 */
import type { OffsetRange } from '../model/diagnostic';
import { formatOfDocument, type ReportDocument } from '../model/document';
import { deadlineOf, validDate } from '../checks/check-dates';
import { t, type Lang } from '../model/l10n';
import {
  columnLabels as columnLabelsIn, formatForYear, reportSchema, rootSchema, schemaAt as schemaAtIn, titleAt as titleAtIn,
  type Path, type ReportFormat, type SchemaNode,
} from '../model/schema';
import { AGENCY_KINDS, REPORT_PARTS, escapeSnippet, partSkeleton, reportSnippet, zeroRow, type AgencyKind } from './skeleton';
import { getIn } from '../model/table';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'snippet' | 'row';
  /** The official label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What the editor filters on: the key and its Chinese labels, so that typing 自然人 or 行政许可 finds it. */
  filterText?: string;
  insertText: string;
  /** `insertText` uses LSP snippet syntax (`${1:…}`). */
  isSnippet?: boolean;
  /** The text the entry replaces (absent: insert at the cursor). */
  replace?: OffsetRange;
  sortText?: string;
  /** Open completion again after inserting (a new mapping: its keys come next). */
  retrigger?: boolean;
}

/**
 * The format of the report being completed (`format: 2019` or 2021): the keys, rows and labels of
 * tables 二 and 三 follow it. Set for the duration of one synchronous `complete` call.
 */
let activeFormat: ReportFormat = 2021;
const schemaAt = (path: Path) => schemaAtIn(path, activeFormat);
const titleAt = (path: Path) => titleAtIn(path, activeFormat);
const columnLabels = (path: Path) => columnLabelsIn(path, activeFormat);

/** The format the report declares; without a `format:` yet, the one of its `year`; else 2021. */
function formatToComplete(doc: ReportDocument): ReportFormat {
  const top = (key: string): unknown => {
    try {
      return doc.data !== undefined ? getIn(doc.data, [key]) : doc.yaml.get(key);
    } catch {
      return undefined;
    }
  };
  const declared = top('format');
  if (declared === 2019 || declared === 2021) return formatOfDocument(doc);
  const year = top('year');
  return typeof year === 'number' && Number.isInteger(year) ? formatForYear(year) : 2021;
}

/** Entries at `offset`; never throws (any text, any offset). `now` decides "today" and "last year". */
export function complete(doc: ReportDocument, offset: number, lang: Lang, trigger?: string, now: Date = new Date()): CompletionEntry[] {
  if (doc.tooLarge) return []; // not a report; reading its lines would cost seconds and a GB (docs/limits.md)
  try {
    activeFormat = formatToComplete(doc);
    return completeAt(doc, offset, lang, trigger, now);
  } catch {
    return [];
  } finally {
    activeFormat = 2021;
  }
}

// ---------------------------------------------------------------------------------------------
// the lines of the text, as far as completion needs them

interface Line {
  text: string;
  start: number;
  /** empty, whitespace, comment only, or a document marker */
  blank: boolean;
  indent: number;
  /** column of a leading `- ` (a sequence item), or -1 */
  dash: number;
  /** column of the content after indentation and dashes */
  keyCol: number;
  key?: string;
  /** the value after `key:` without its comment, trimmed */
  rest: string;
}

const KEY = /^(["']?)([A-Za-z_][\w-]*)\1[ \t]*:(?=[ \t]|$)/;

function readLine(text: string, start: number): Line {
  const m = /^( *)((?:-[ \t]+)*)/.exec(text)!;
  const indent = m[1]!.length;
  const keyCol = m[0].length;
  const content = text.slice(keyCol);
  const blank = m[2] === '' && (content.trim() === '' || content.startsWith('#') || /^(?:---|\.\.\.)(?:\s|$)/.test(content));
  const k = KEY.exec(content);
  return {
    text, start, blank, indent, keyCol,
    dash: m[2] ? indent : -1,
    ...(k ? { key: k[2]! } : {}),
    rest: k ? withoutComment(content.slice(k[0].length)).trim() : '',
  };
}

function withoutComment(s: string): string {
  const at = s.search(/(?:^|[ \t])#/);
  return at < 0 ? s : s.slice(0, at);
}

function readLines(doc: ReportDocument): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < doc.lines.lineCount; i++) {
    let start = doc.lines.lineStart(i);
    if (i === 0 && doc.text.charCodeAt(0) === 0xfeff) start = 1; // a BOM is not part of the first key
    out.push(readLine(doc.text.slice(start, doc.lines.lineEnd(i)), start));
  }
  return out;
}

interface Context {
  /** the path of the mapping (or sequence item) the cursor's line belongs to */
  path: (string | number)[];
  /** the line holding the innermost enclosing key or item, -1 at top level */
  parent: number;
  /** the parent line is a `- key:` item whose first key is a sibling */
  viaItem: boolean;
}

/**
 * The enclosing keys of a line whose content starts at `col`, from the lines above. Undefined
 * when the line is inside a value: block text (`|`), or the continuation of an inline value.
 */
function enclosing(lines: readonly Line[], lineNo: number, col: number): Context | undefined {
  const path: (string | number)[] = [];
  let limit = col;
  let parent = -1;
  let viaItem = false;
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    const l = lines[i]!;
    if (l.blank || l.indent >= limit) continue;
    if (l.key !== undefined && l.keyCol < limit) {
      if (l.rest !== '') return undefined; // `key: |` (text) or `key: value` continued on this line
      path.unshift(l.key);
      if (parent < 0) parent = i;
      limit = l.keyCol;
      if (l.dash >= 0) {
        path.unshift(0);
        limit = l.dash;
      }
    } else if (l.dash >= 0) {
      // `- key: …` whose key is in line with ours: we are in that item's mapping
      path.unshift(0);
      if (parent < 0) {
        parent = i;
        viaItem = l.key !== undefined && l.keyCol === col;
      }
      limit = l.dash;
    } else {
      return undefined; // a plain scalar (or a key without its colon) at a lower indent: a value
    }
  }
  return { path, parent, viaItem };
}

/** The keys already present in the mapping at `ctx` whose keys start at `col` (the current line excluded). */
function presentKeys(lines: readonly Line[], ctx: Context, col: number, exclude: number): Set<string> {
  const out = new Set<string>();
  if (ctx.viaItem) {
    const first = lines[ctx.parent]!;
    if (first.key !== undefined) out.add(first.key);
  }
  for (let i = ctx.parent + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (i === exclude || l.blank) continue;
    if (l.indent < col) break;
    if (l.indent === col && l.dash < 0 && l.key !== undefined) out.add(l.key);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// what the schema says about a path

type Shape = 'text' | 'map' | 'documents' | 'row' | 'count' | 'list' | 'enum' | 'date' | 'year' | 'title' | 'string' | 'unknown';

/**
 * Rows of table 二 written as one-line maps: `{issued: 0, repealed: 0, in_force: 0}` (2021),
 * `{made: 0, …}`, `{previous: 0, change: 0, decisions: 0}`, … (2019).
 */
const FLOW_MAPS = new Set(['documents', 'documents2019', 'itemsDecisions2019', 'items2019', 'procurement2019']);

function refsOf(raw: SchemaNode | undefined): string[] {
  if (!raw) return [];
  return [raw.$ref, ...(raw.allOf ?? []).map((a) => a.$ref)].filter((r): r is string => !!r).map((r) => r.replace('#/definitions/', ''));
}

function rawAt(path: Path): SchemaNode | undefined {
  if (path.length === 0) return rootSchema(activeFormat);
  const parent = schemaAt(path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (typeof last === 'number') return Array.isArray(parent?.items) ? parent?.items[last] : parent?.items;
  return parent?.properties?.[last];
}

function shapeOf(path: Path): Shape {
  const node = schemaAt(path);
  if (!node) return 'unknown';
  const refs = refsOf(rawAt(path));
  if (refs.includes('text')) return 'text';
  if (refs.some((r) => FLOW_MAPS.has(r))) return 'documents';
  if (refs.includes('date')) return 'date';
  if (path.length === 1 && path[0] === 'year') return 'year';
  if (path.length === 1 && path[0] === 'title') return 'title';
  if (node.type === 'array') return Array.isArray(node.items) ? 'row' : 'list';
  if (node.type === 'object') return 'map';
  if (node.enum) return 'enum';
  if (node.type === 'integer' || node.type === 'number') return 'count';
  if (node.type === 'string') return 'string';
  return 'unknown';
}

function rowLength(path: Path): number {
  const items = schemaAt(path)?.items;
  return Array.isArray(items) ? items.length : 0;
}

/** A label split into the words someone would type: `（一）予以公开` → 予以公开, `1.属于国家秘密` → 属于国家秘密. */
export function labelWords(label: string): string[] {
  const out = [label];
  for (const part of label.split(/[\s（）()、，,·・“”"：:；;。/|]+/)) {
    const word = part.replace(/^(?:[一二三四五六七八九十]+|\d+)(?:[.．、]|$)/, '');
    if (word && word !== label && !/^\d+$/.test(word)) out.push(word);
  }
  return out;
}

const unique = (items: readonly string[]) => [...new Set(items.filter(Boolean))];

/** The key, its label and, for a table row, the labels of its groups and columns. */
function keyFilterText(path: Path): string {
  const words = [String(path[path.length - 1]), ...labelWords(titleAt(path))];
  if (shapeOf(path) === 'row') {
    for (let n = 1; n < path.length; n++) words.push(...labelWords(titleAt(path.slice(0, n))));
    words.push(...columnLabels(path));
  }
  return unique(words).join(' ');
}

function documentation(path: Path): string | undefined {
  const node = schemaAt(path);
  if (!node?.markdownDescription) return undefined;
  if (shapeOf(path) === 'row' && !node.markdownDescription.includes(columnLabels(path)[0]!)) {
    return `${node.markdownDescription}\n\n${columnLabels(path).join(' | ')}`;
  }
  return node.markdownDescription;
}

// ---------------------------------------------------------------------------------------------
// facts the suggestions depend on

interface Facts {
  year?: number;
  agency?: string;
  kind?: AgencyKind;
  deadline?: string;
  published?: string;
}

function factsOf(doc: ReportDocument, lines: readonly Line[]): Facts {
  let data: unknown = doc.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    // not valid YAML (yet): the top-level scalars as written
    const top: Record<string, string | number> = {};
    for (const l of lines) {
      if (l.key === undefined || l.indent !== 0 || l.dash >= 0 || l.rest === '') continue;
      const v = l.rest.replace(/^(["'])(.*)\1$/, '$2');
      top[l.key] = /^\d+$/.test(v) ? Number(v) : v;
    }
    data = top;
  }
  const year = getIn(data, ['year']);
  const agency = getIn(data, ['agency']);
  const kind = getIn(data, ['agency_kind']);
  const deadline = validDate(getIn(data, ['deadline']));
  const published = validDate(getIn(data, ['published']));
  return {
    ...(typeof year === 'number' && Number.isInteger(year) && year >= 1900 && year <= 9998 ? { year } : {}),
    ...(typeof agency === 'string' && agency.trim() ? { agency: agency.trim() } : {}),
    ...(AGENCY_KINDS.includes(kind as AgencyKind) ? { kind: kind as AgencyKind } : {}),
    ...(deadline ? { deadline } : {}),
    ...(published ? { published } : {}),
  };
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Suggestion {
  value: string;
  detail: string;
}

/** `year`: the calendar year before today's, then the one before the publication date. */
function yearSuggestions(facts: Facts, lang: Lang, now: Date): Suggestion[] {
  const out: Suggestion[] = [{ value: String(now.getFullYear() - 1), detail: t(lang, 'last calendar year') }];
  if (facts.published) {
    const y = String(Number(facts.published.slice(0, 4)) - 1);
    if (y !== out[0]!.value) out.push({ value: y, detail: t(lang, 'the year before the date of the report ({0})', facts.published) });
  }
  return out;
}

const reportYear = (facts: Facts, now: Date) => facts.year ?? now.getFullYear() - 1;

/** `published`: dates after the report year — today, the national deadline, mid-January. */
function publishedSuggestions(facts: Facts, lang: Lang, now: Date): Suggestion[] {
  const year = reportYear(facts, now);
  const deadline = deadlineOf({ year, agency_kind: facts.kind, deadline: facts.deadline }, lang);
  const today = isoDate(now);
  const out: Suggestion[] = [];
  if (today > `${year}-12-31`) {
    out.push({ value: today, detail: deadline && today > deadline.date ? t(lang, 'today, after the publication deadline {0}', deadline.date) : t(lang, 'today') });
  }
  const january = `${year + 1}-01-15`;
  const later: Suggestion[] = [];
  if (deadline) later.push({ value: deadline.date, detail: t(lang, 'the publication deadline: {0}', deadline.basis) });
  if (!deadline || january < deadline.date) later.push({ value: january, detail: t(lang, 'mid-January after the report year') });
  later.sort((a, b) => a.value.localeCompare(b.value));
  for (const s of later) if (!out.some((o) => o.value === s.value)) out.push(s);
  return out;
}

/** `deadline` (a local deadline): the national one as a starting point. */
function deadlineSuggestions(facts: Facts, lang: Lang, now: Date): Suggestion[] {
  const national = deadlineOf({ year: reportYear(facts, now), agency_kind: facts.kind }, lang);
  return national ? [{ value: national.date, detail: national.basis }] : [];
}

function titleSuggestion(facts: Facts, now: Date): string | undefined {
  return facts.agency ? `${facts.agency}${reportYear(facts, now)}年${reportSchema.title ?? ''}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// what goes after `key:`

interface Insert {
  text: string;
  snippet: boolean;
  retrigger?: boolean;
}

/** The value part of a new `key: …` (starting right after the colon). `child` indents the lines below. */
function shapeInsert(path: Path, child: string, facts: Facts, lang: Lang, now: Date): Insert {
  const stop = (value: string) => ({ text: ` \${1:${escapeSnippet(value)}}`, snippet: true });
  switch (shapeOf(path)) {
    case 'text':
      return { text: ` |\n${child}$0`, snippet: true };
    case 'map':
      return { text: `\n${child}$0`, snippet: true, retrigger: true };
    case 'list': {
      const [first, second] = Object.keys(schemaAt([...path, 0])?.properties ?? {});
      if (!first) return { text: `\n${child}- $0`, snippet: true };
      const more = second ? `\n${child}  ${second}:${shapeOf([...path, 0, second]) === 'text' ? ` |\n${child}    $0` : ' $0'}` : '';
      return { text: `\n${child}- ${first}: $1${more}`, snippet: true };
    }
    case 'documents': {
      const props = Object.keys(schemaAt(path)?.properties ?? {});
      return { text: ` {${props.map((p, i) => `${p}: \${${i + 1}:0}`).join(', ')}\\}`, snippet: true };
    }
    case 'row':
      return { text: ` [${Array.from({ length: rowLength(path) }, (_, i) => `\${${i + 1}:0}`).join(', ')}]`, snippet: true };
    case 'count':
      return stop('0');
    case 'year':
      return stop(yearSuggestions(facts, lang, now)[0]!.value);
    case 'enum': {
      // `format:` follows the year when it is known
      if (path.length === 1 && path[0] === 'format' && facts.year !== undefined) return stop(String(formatForYear(facts.year)));
      const values = (schemaAt(path)?.enum ?? []).map(String);
      if (values.length === 1) return { text: ` ${values[0]!}`, snippet: false };
      return { text: ` \${1|${values.map((v) => v.replace(/[\\,|$}]/g, '\\$&')).join(',')}|}`, snippet: true };
    }
    case 'date': {
      const first = (path[0] === 'deadline' ? deadlineSuggestions : publishedSuggestions)(facts, lang, now)[0];
      return first ? stop(first.value) : { text: ' $1', snippet: true };
    }
    case 'title': {
      const title = titleSuggestion(facts, now);
      return title ? stop(title) : { text: ' $1', snippet: true };
    }
    default:
      return { text: ' $1', snippet: true };
  }
}

/** A label showing what `shapeInsert` puts after the colon. */
function shapeLabel(path: Path): string {
  switch (shapeOf(path)) {
    case 'text': return '|';
    case 'map': return '↵';
    case 'list': return '↵ -';
    case 'documents': return `{${Object.keys(schemaAt(path)?.properties ?? {}).map((p) => `${p}: 0`).join(', ')}}`;
    case 'row': return zeroRow(rowLength(path));
    case 'count': return '0';
    default: return '';
  }
}

function shapeDetail(path: Path, lang: Lang): string {
  switch (shapeOf(path)) {
    case 'text': return t(lang, 'Text block on the next lines');
    case 'map': case 'list': return t(lang, 'Its keys on the next lines');
    case 'row': return t(lang, 'A row of {0} counts: {1}', rowLength(path), columnLabels(path).join(' | '));
    default: return titleAt(path);
  }
}

// ---------------------------------------------------------------------------------------------
// the entries

function completeAt(doc: ReportDocument, offsetIn: number, lang: Lang, trigger: string | undefined, now: Date): CompletionEntry[] {
  // a BOM is not part of the first line (readLines): a cursor before it is at the line's start
  const offset = Math.max(doc.text.charCodeAt(0) === 0xfeff ? 1 : 0, Math.min(offsetIn, doc.text.length));
  const lines = readLines(doc);
  const lineNo = doc.lines.positionAt(offset).line;
  const line = lines[lineNo];
  if (!line) return [];
  const col = offset - line.start;
  const before = line.text.slice(0, col);
  const after = line.text.slice(col);
  if (/(?:^|[ \t])#/.test(before) || /\t/.test(before.slice(0, before.length - before.trimStart().length))) return [];

  const keyPos = /^( *)((?:-[ \t]+)*)([^\s:#[\]{},"'|>&*!%@`]*)$/.exec(before);
  if (keyPos && trigger !== ':') return keyEntries(doc, lines, lineNo, offset, keyPos, after, lang, now);

  const valuePos = /^( *)((?:-[ \t]+)*)(["']?)([A-Za-z_][\w-]*)\3[ \t]*:([ \t]*)(.*)$/.exec(before);
  if (valuePos) return valueEntries(doc, lines, lineNo, offset, valuePos, after, lang, trigger, now);
  return [];
}

function keyEntries(
  doc: ReportDocument, lines: readonly Line[], lineNo: number, offset: number, m: RegExpExecArray, after: string, lang: Lang, now: Date,
): CompletionEntry[] {
  const indent = m[1]!.length;
  const dashed = m[2]!.length > 0;
  const keyCol = indent + m[2]!.length;
  const token = m[3]!;
  const tokenAfter = /^[^\s:#[\]{},"']*/.exec(after)![0];
  const rest = after.slice(tokenAfter.length);
  // "key already has its colon": complete the name only; anything else after the cursor: not a key position
  const keyOnly = /^[ \t]*:/.test(rest);
  if (!keyOnly && withoutComment(rest).trim() !== '') return [];

  let ctx = enclosing(lines, lineNo, dashed ? indent : keyCol);
  if (!ctx) return [];
  if (dashed) ctx = { path: [...ctx.path, 0], parent: lineNo, viaItem: false };
  const path = ctx.path;
  const node = schemaAt(path);
  if (node?.type !== 'object' || !node.properties) return [];
  const present = presentKeys(lines, ctx, keyCol, lineNo);
  const replace = { start: offset - token.length, end: offset + tokenAfter.length };
  const facts = factsOf(doc, lines);
  // the editor indents following lines like the cursor line; a `- ` item's keys sit further right
  const child = ' '.repeat(keyCol - indent + 2);

  const out: CompletionEntry[] = [];
  Object.keys(node.properties).forEach((key, i) => {
    if (present.has(key)) return;
    const keyPath = [...path, key];
    const value = keyOnly ? { text: '', snippet: false } : shapeInsert(keyPath, child, facts, lang, now);
    const docs = documentation(keyPath);
    out.push({
      label: key,
      kind: 'property',
      detail: titleAt(keyPath),
      ...(docs ? { documentation: docs } : {}),
      filterText: keyFilterText(keyPath),
      insertText: keyOnly ? key : `${key}:${value.text}`,
      ...(value.snippet ? { isSnippet: true } : {}),
      replace,
      sortText: `1${String(i).padStart(3, '0')}`,
      ...(value.retrigger ? { retrigger: true } : {}),
    });
  });

  if (path.length === 0 && !dashed && !keyOnly) {
    const year = reportYear(facts, now);
    REPORT_PARTS.forEach((part, i) => {
      if (present.has(part)) return;
      const children = Object.keys(schemaAt([part])?.properties ?? {}).flatMap((k) => labelWords(titleAt([part, k])));
      out.push({
        label: titleAt([part]),
        kind: 'snippet',
        detail: t(lang, 'This part with all its keys'),
        filterText: unique([part, ...labelWords(titleAt([part])), ...children]).join(' '),
        insertText: partSkeleton(part, { year, lang, snippet: true, format: activeFormat }),
        isSnippet: true,
        replace,
        sortText: `2${String(i).padStart(3, '0')}`,
      });
    });
    if (lines.every((l, i) => i === lineNo || l.blank)) {
      out.unshift({
        label: reportSchema.title ?? 'report',
        kind: 'snippet',
        detail: t(lang, 'A new report: every part, tables filled with 0'),
        filterText: unique([...labelWords(reportSchema.title ?? ''), ...Object.keys(node.properties)]).join(' '),
        insertText: reportSnippet({ agency: facts.agency ?? '', year, ...(facts.kind ? { kind: facts.kind } : {}), lang }),
        isSnippet: true,
        replace,
        sortText: '0000',
      });
    }
  }
  return out;
}

function valueEntries(
  doc: ReportDocument, lines: readonly Line[], lineNo: number, offset: number, m: RegExpExecArray, after: string, lang: Lang,
  trigger: string | undefined, now: Date,
): CompletionEntry[] {
  const indent = m[1]!.length;
  const dashed = m[2]!.length > 0;
  const keyCol = indent + m[2]!.length;
  const key = m[4]!;
  const space = m[5]!;
  const typed = m[6]!;
  // a `:` typed anywhere but right after a key is not ours to complete
  if (trigger === ':' && (space !== '' || typed !== '')) return [];

  const ctx = enclosing(lines, lineNo, dashed ? indent : keyCol);
  if (!ctx) return [];
  const path: Path = [...ctx.path, ...(dashed ? [0] : []), key];
  if (!schemaAt(path)) return [];
  const line = lines[lineNo]!;
  const colonEnd = offset - space.length - typed.length;
  // the value as written on this line (up to a comment), which an entry replaces
  const valueEnd = offset + withoutComment(after).replace(/\s+$/, '').length;
  const replace = { start: colonEnd, end: Math.max(offset, valueEnd) };
  const facts = factsOf(doc, lines);
  const shape = shapeOf(path);
  const out: CompletionEntry[] = [];
  const add = (entry: Omit<CompletionEntry, 'replace' | 'sortText'>) => out.push({ ...entry, replace, sortText: `1${String(out.length).padStart(3, '0')}` });
  const values = (suggestions: readonly Suggestion[]) => {
    for (const s of suggestions) add({ label: s.value, kind: 'value', detail: s.detail, filterText: s.value, insertText: ` ${s.value}` });
  };

  if (typed.startsWith('{')) return flowKeyEntries(path, line, offset, typed);
  if (shape === 'row') return rowEntries(path, typed, replace);
  if (/^[|>"'[{&*!]/.test(typed)) return [];

  switch (shape) {
    case 'enum': {
      const node = schemaAt(path) as SchemaNode & { enumDescriptions?: string[]; markdownEnumDescriptions?: string[] };
      const order = (node.enum ?? []).map((v, i) => [v, i] as const);
      // `format`: the format of the report's year first
      if (path.length === 1 && path[0] === 'format' && facts.year !== undefined) {
        const fitting = formatForYear(facts.year);
        order.sort((a, b) => Number(b[0] === fitting) - Number(a[0] === fitting));
      }
      order.forEach(([v, i]) => {
        const description = node.enumDescriptions?.[i];
        const docs = node.markdownEnumDescriptions?.[i] ?? node.markdownDescription;
        add({
          label: String(v), kind: 'value', detail: description ?? titleAt(path),
          ...(docs ? { documentation: docs } : {}),
          filterText: unique([String(v), ...labelWords(description ?? '')]).join(' '),
          insertText: ` ${String(v)}`,
        });
      });
      break;
    }
    case 'year':
      values(yearSuggestions(facts, lang, now));
      break;
    case 'date':
      values(path[0] === 'deadline' ? deadlineSuggestions(facts, lang, now) : publishedSuggestions(facts, lang, now));
      break;
    case 'title': {
      const title = titleSuggestion(facts, now);
      if (title) add({ label: title, kind: 'value', detail: t(lang, 'the default title'), filterText: title, insertText: ` ${title}` });
      break;
    }
    case 'text': case 'map': case 'list': case 'documents': case 'count': {
      if (typed !== '') break;
      const insert = shapeInsert(path, ' '.repeat(keyCol - indent + 2), facts, lang, now);
      const docs = documentation(path);
      add({
        label: shapeLabel(path), kind: 'value', detail: shapeDetail(path, lang),
        ...(docs ? { documentation: docs } : {}),
        insertText: insert.text,
        ...(insert.snippet ? { isSnippet: true } : {}),
        ...(insert.retrigger ? { retrigger: true } : {}),
      });
      break;
    }
    default:
      break;
  }
  return out;
}

/** Inside a row: the row with the cells typed so far, the rest 0 and 总计 their sum. */
function rowEntries(path: Path, typed: string, replace: OffsetRange): CompletionEntry[] {
  if (typed !== '' && (!typed.startsWith('[') || typed.includes(']'))) return [];
  const length = rowLength(path);
  const cells = typed.slice(1).split(',').map((c) => c.trim());
  if (cells[cells.length - 1] === '') cells.pop();
  const given = cells.every((c) => /^\d{1,15}$/.test(c)) ? cells.map(Number) : [];
  if (given.length >= length) return [];
  const values = Array.from({ length }, (_, i) => given[i] ?? 0);
  values[length - 1] = values.slice(0, -1).reduce((a, b) => a + b, 0);
  const label = `[${values.join(', ')}]`;
  const columns = columnLabels(path);
  return [{
    label, kind: 'row', detail: titleAt(path),
    documentation: columns.map((c, i) => `${c} ${values[i]}`).join(' | '),
    filterText: label,
    insertText: ` [${values.map((v, i) => `\${${i + 1}:${v}}`).join(', ')}]`,
    isSnippet: true,
    replace,
    sortText: '1000',
  }];
}

/** `rules: {issued: 0, |}`: the keys of a flow mapping not yet in it. */
function flowKeyEntries(path: Path, line: Line, offset: number, typed: string): CompletionEntry[] {
  if (typed.includes('}')) return [];
  const m = /(?:\{|,)[ \t]*([A-Za-z_]*)$/.exec(typed);
  if (!m) return [];
  const token = m[1]!;
  const col = offset - line.start;
  const tokenAfter = /^[A-Za-z_]*/.exec(line.text.slice(col))![0];
  const inside = line.text.slice(line.text.indexOf('{'));
  const present = new Set([...inside.matchAll(/([A-Za-z_]\w*)[ \t]*:/g)].map((k) => k[1]!));
  present.delete(token + tokenAfter);
  const replace = { start: offset - token.length, end: offset + tokenAfter.length };
  return Object.keys(schemaAt(path)?.properties ?? {}).filter((k) => !present.has(k)).map((key, i) => {
    const docs = documentation([...path, key]);
    return {
      label: key, kind: 'property' as const, detail: titleAt([...path, key]),
      ...(docs ? { documentation: docs } : {}),
      filterText: keyFilterText([...path, key]),
      insertText: `${key}: \${1:0}`, isSnippet: true, replace,
      sortText: `1${String(i).padStart(3, '0')}`,
    };
  });
}
