/**
 * Parse → located model. The `yaml` CST/AST keeps every node's source range, so any path into the
 * report data can be mapped back to the exact key or value the user typed.
 */
import { parseDocument, isMap, isSeq, isScalar, isAlias, isPair, isCollection, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { LineIndex, type OffsetRange, type ReportDiagnostic } from './diagnostic';
import { RuleCode } from './rules';
import { t, type Lang } from './l10n';
import { MAX_TOKENS, bytesOverLimit, mib, tokensBeyond } from './limits';
import { formatOf, type Path, type ReportFormat } from './schema';
import { YAML_OPTIONS, parseFast, plainData } from './fast-yaml';

export interface ReportDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly yaml: Document.Parsed;
  /** Plain data of the report; `undefined` when the text is not valid YAML. */
  readonly data: unknown;
  /** `yaml-syntax` diagnostics (empty for valid YAML). */
  readonly syntax: ReportDiagnostic[];
  /** Number scalars not written as plain decimals (`0x10`, `1e3`, `.inf`, `-0`), for the schema check. */
  readonly oddNumbers: Scalar[];
  /** Set when the text was not parsed for its size (maxBytes, maxTokens): features that read the text itself stay away. */
  readonly tooLarge?: boolean;
}

/** Deeper than any report can be (it needs 6 levels); keeps every recursive walk far from the stack limit. */
const MAX_DEPTH = 32;

const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export interface ParseOptions {
  /** Above this many UTF-8 bytes the text is not parsed: one `yaml-syntax` diagnostic (see limits.ts). No limit by default. */
  maxBytes?: number;
  /** Above this many YAML tokens, the same (default MAX_TOKENS, 100,000: a report has about 1,000). */
  maxTokens?: number;
}

export function parseReport(text: string, lang: Lang, options: ParseOptions = {}): ReportDocument {
  const lines = new LineIndex(text);
  const clamp = (start: number, end: number): OffsetRange => {
    let s = Math.max(0, Math.min(start, text.length));
    if (s > 0 && text.charCodeAt(s - 1) === 13 && text.charCodeAt(s) === 10) s--; // not inside a CRLF: no LSP position says that
    const lineEnd = lines.lineEnd(lines.positionAt(s).line);
    const e = Math.max(s, Math.min(end, lineEnd));
    return { start: s, end: e === s && s < lineEnd ? s + 1 : e };
  };
  const tooDeep = (at: number): ReportDiagnostic => ({
    code: RuleCode.YamlSyntax, severity: 'error', range: clamp(at, at + 1),
    message: t(lang, 'The document is nested more than {0} levels deep; a report needs at most 6', MAX_DEPTH),
  });

  /** A text refused before it is parsed: its one diagnostic, no data. */
  const unread = (diagnostic: ReportDiagnostic, tooLarge = false): ReportDocument =>
    ({ text, lines, yaml: parseDocument(''), data: undefined, syntax: [diagnostic], oddNumbers: [], ...(tooLarge ? { tooLarge } : {}) });
  // too large (bytes, then tokens): not read at all (a report is a few dozen KiB; this is some other
  // file); the token count runs yaml's lexer only, which builds nothing (limits.ts)
  const bytes = options.maxBytes === undefined ? undefined : bytesOverLimit(text, options.maxBytes);
  if (bytes !== undefined) {
    const message = t(lang, 'The file is too large to check: {0} MiB, the limit is {1} MiB (a report is far smaller)', mib(bytes), mib(options.maxBytes!));
    return unread({ code: RuleCode.YamlSyntax, severity: 'error', message, range: { start: 0, end: lines.lineEnd(0) } }, true);
  }
  // yaml reads only LF and CRLF as line breaks: a file saved with lone CRs (classic Mac, some
  // exporters) would be one line. The parser gets a copy with LF for each lone CR: same length, so
  // every offset it reports is an offset of `text`, which stays as it is.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const maxTokens = options.maxTokens ?? MAX_TOKENS;
  const crowdedAt = tokensBeyond(source, maxTokens);
  if (crowdedAt >= 0) {
    const message = t(lang, 'The file is too large to check: more than {0} YAML tokens (keys, values, punctuation, comments, line breaks; a report has about 1,000)', maxTokens);
    return unread({ code: RuleCode.YamlSyntax, severity: 'error', message, range: clamp(crowdedAt, lines.lineEnd(lines.positionAt(crowdedAt).line)) }, true);
  }
  // The core schema keeps 2024-01-16 a string. Duplicate keys are found in the walk below: yaml's own
  // check (uniqueKeys) compares each key with every earlier one, minutes for 100,000 keys. The plain
  // YAML of a report is read by the fast path (the same nodes, a fraction of the time); anything else
  // by yaml, which also reports every error (fast-yaml.ts).
  const fast = parseFast(source, MAX_DEPTH * 2);
  if (!fast) {
    // `yaml` composes recursively: refuse absurd nesting before it gets near the stack limit (a caught
    // stack overflow inside it can leave V8 unable to allocate afterwards). The fast path bounds its
    // own depth, so only a text it gave up on is scanned.
    const deepAt = nestingBeyond(source, MAX_DEPTH * 2);
    if (deepAt >= 0) return unread(tooDeep(deepAt));
  }
  const yaml = fast ?? parseDocument(source, YAML_OPTIONS);
  const syntax: ReportDiagnostic[] = [];
  for (const problem of [...yaml.errors, ...yaml.warnings]) {
    syntax.push({ code: RuleCode.YamlSyntax, severity: 'error', message: yamlErrorMessage(lang, problem.code, problem.message), range: clamp(problem.pos[0], problem.pos[1]) });
  }

  // One walk over the nodes (an explicit stack, no recursion on hostile input): nesting depth; duplicate
  // keys; anchors, aliases and explicit tags, refused because a report is plain data (this also rules
  // out "billion laughs": toJS is never reached with an alias in the tree); numbers in other notations.
  const oddNumbers: Scalar[] = [];
  const stack: [unknown, number][] = [[yaml.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isAlias(node)) {
      const r = node.range ?? [0, 0];
      syntax.push({ code: RuleCode.YamlSyntax, severity: 'error', message: t(lang, 'Aliases (*{0}) are not allowed: a report is plain data; write the value out', node.source), range: clamp(r[0], r[1]) });
      continue;
    }
    if (!isScalar(node) && !isCollection(node)) continue;
    const start = node.range?.[0] ?? 0;
    if (node.anchor) {
      const at = propertyOffset(text, start, '&' + node.anchor);
      syntax.push({ code: RuleCode.YamlSyntax, severity: 'error', message: t(lang, 'Anchors (&{0}) are not allowed: a report is plain data', node.anchor), range: clamp(at, at + node.anchor.length + 1) });
    }
    if (node.tag) {
      let at = propertyOffset(text, start, '!');
      while (at > 0 && text[at - 1] === '!') at--;
      const length = Math.max(1, text.slice(at).search(/[\s[\]{},]|$/));
      syntax.push({ code: RuleCode.YamlSyntax, severity: 'error', message: t(lang, 'Tags ({0}) are not allowed: a report is plain data', text.slice(at, at + length)), range: clamp(at, at + length) });
    }
    if (isScalar(node)) {
      if (typeof node.value === 'number' && node.range && (Object.is(node.value, -0) || !PLAIN_NUMBER.test(text.slice(node.range[0], node.range[1])))) {
        oddNumbers.push(node);
      }
      continue;
    }
    if (depth > MAX_DEPTH) {
      syntax.push(tooDeep(start));
      break;
    }
    if (isMap(node)) {
      // yaml's rule (uniqueKeys: true): scalar keys with the same value (`1` and "1" differ)
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isScalar(pair.key) || Number.isNaN(pair.key.value)) continue;
        if (seen.has(pair.key.value)) {
          const at = pair.key.range?.[0] ?? start;
          syntax.push({ code: RuleCode.YamlSyntax, severity: 'error', message: yamlErrorMessage(lang, 'DUPLICATE_KEY', ''), range: clamp(at, at + 1) });
        } else seen.add(pair.key.value);
      }
    }
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.value, depth + 1], [item.key, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  syntax.sort((a, b) => a.range.start - b.range.start);
  let data: unknown;
  if (syntax.length === 0) {
    try {
      data = fast ? plainData(fast) : yaml.toJS({ maxAliasCount: 0 });
    } catch (e) {
      syntax.push({ code: RuleCode.YamlSyntax, severity: 'error', message: String((e as Error).message), range: clamp(0, 1) });
    }
  }
  return { text, lines, yaml, data, syntax, oddNumbers };
}

/**
 * Offset where the text nests deeper than `limit` — flow brackets (outside quotes and comments) or
 * block levels (indentation steps and `- ` items) — or -1. A conservative scan, not a parser.
 */
export function nestingBeyond(text: string, limit: number): number {
  // block levels: a stack of indentations, line by line
  const indents: number[] = [];
  const lineRe = /^( *)((?:- +)*)(?=[^\s#])/gm;
  for (let m = lineRe.exec(text); m; m = lineRe.exec(text)) {
    const indent = m[1]!.length;
    while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
    indents.push(indent);
    const dashes = m[2] ? m[2].split('-').length - 1 : 0;
    if (indents.length + dashes > limit) return m.index + indent;
    if (m[0].length === 0) lineRe.lastIndex++; // a line starting with its content: an empty match
  }
  // flow brackets: only worth a scan when there are that many
  let opening = 0;
  for (let i = text.indexOf('[') ; i >= 0 && opening <= limit; i = text.indexOf('[', i + 1)) opening++;
  for (let i = text.indexOf('{') ; i >= 0 && opening <= limit; i = text.indexOf('{', i + 1)) opening++;
  if (opening <= limit) return -1;
  let flow = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = c;
    else if (c === '[' || c === '{') { if (++flow > limit) return i; }
    else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return -1;
}

/** Node properties (`&anchor`, `!tag`) stand just before the node; find the given one. */
function propertyOffset(text: string, nodeStart: number, prop: string): number {
  const from = Math.max(0, nodeStart - 512);
  const at = text.lastIndexOf(prop, nodeStart);
  return at >= from ? at : nodeStart;
}

function yamlErrorMessage(lang: Lang, code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return t(lang, 'Duplicate key: every key may appear once in a mapping');
    case 'TAB_AS_INDENT':
      return t(lang, 'Tabs are not allowed as indentation; indent with spaces');
    case 'MULTIPLE_DOCS':
      return t(lang, 'A report file holds one YAML document');
    case 'UNEXPECTED_TOKEN':
    default:
      if (/call stack/i.test(first)) return t(lang, 'The document is nested too deeply to read');
      return t(lang, 'YAML syntax error: {0}', first);
  }
}

// ---------------------------------------------------------------------------------------------
// locating paths

/** The YAML node holding the value at `path`. */
export function nodeAt(doc: ReportDocument, path: Path): Node | undefined {
  let node: unknown = doc.yaml.contents;
  for (const seg of path) {
    if (typeof seg === 'number') {
      node = isSeq(node) ? node.items[seg] : undefined;
    } else {
      node = isMap(node) ? pairOf(node, seg)?.value : undefined;
    }
    if (node === undefined || node === null) return undefined;
  }
  return node as Node;
}

/** Key → first pair, for maps with many items (a linear search per lookup is quadratic over 100,000 keys). */
const pairIndex = new WeakMap<YAMLMap, { size: number; byKey: Map<string, Pair> }>();

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length <= 32) {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
    }
    return undefined;
  }
  let index = pairIndex.get(map);
  if (!index || index.size !== map.items.length) {
    index = { size: map.items.length, byKey: new Map() };
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && !index.byKey.has(String(item.key.value))) index.byKey.set(String(item.key.value), item);
    }
    pairIndex.set(map, index);
  }
  return index.byKey.get(key);
}

function rangeOf(node: unknown): OffsetRange | undefined {
  const r = (node as Node | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The range of the value at `path` (falls back to its key when the value is empty). */
export function valueRange(doc: ReportDocument, path: Path): OffsetRange | undefined {
  const node = nodeAt(doc, path);
  const r = rangeOf(node);
  if (r && r.end > r.start) return r;
  return keyRange(doc, path) ?? r;
}

/** The range of the key of the last segment of `path` (for an item of a sequence: the item). */
export function keyRange(doc: ReportDocument, path: Path): OffsetRange | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1]!;
  const parent = path.length === 1 ? doc.yaml.contents : nodeAt(doc, path.slice(0, -1));
  if (typeof last === 'number') return rangeOf(isSeq(parent) ? parent.items[last] : undefined);
  if (!isMap(parent)) return undefined;
  return rangeOf(pairOf(parent, last)?.key);
}

/**
 * Where to report something about `path`: its key when it has one, else the nearest ancestor's key,
 * else the first line of the document (the root has no key).
 */
export function anchorRange(doc: ReportDocument, path: Path): OffsetRange {
  for (let n = path.length; n > 0; n--) {
    const r = typeof path[n - 1] === 'number' ? rangeOf(nodeAt(doc, path.slice(0, n))) : keyRange(doc, path.slice(0, n));
    if (r) return r;
  }
  return firstContentRange(doc);
}

function firstContentRange(doc: ReportDocument): OffsetRange {
  const contents = doc.yaml.contents;
  if (isMap(contents) && contents.items.length > 0) {
    const first = rangeOf(contents.items[0]!.key);
    if (first) return first;
  }
  const r = rangeOf(contents);
  if (r && r.end > r.start) return { start: r.start, end: Math.min(r.end, doc.lines.lineEnd(doc.lines.positionAt(r.start).line)) };
  return { start: 0, end: Math.min(doc.text.length, doc.lines.lineEnd(0)) };
}

/**
 * The format of a report (schema.ts `formatOf`), read from the YAML nodes when the text has syntax
 * errors and so no data: completion, hover and the outline still work then.
 */
export function formatOfDocument(doc: ReportDocument): ReportFormat {
  if (doc.data !== undefined) return formatOf(doc.data);
  try {
    return doc.yaml.get('format') === 2019 ? 2019 : 2021;
  } catch {
    return 2021;
  }
}
