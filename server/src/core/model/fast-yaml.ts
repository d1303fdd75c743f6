/**
 * A fast reader for the part of YAML a report is written in. `yaml`'s parser (lexer → CST → composer)
 * was three quarters of a whole check's cost, and a report uses a small, regular part of YAML: block
 * mappings with plain ASCII keys, block sequences, one-line flow sequences and mappings of plain or
 * quoted scalars, one-line plain and quoted scalars, literal and folded block scalars, comments.
 *
 * `parseFast` reads exactly that part into the nodes `yaml` builds itself (the same classes, values,
 * ranges and scalar types; plain scalars are resolved by yaml's own core-schema tags) and gives up,
 * returning `undefined`, at the first thing outside it or anything `yaml` would report: that text
 * goes to `yaml`'s full parser, which reads or reports it. So the fast path never decides what is
 * valid YAML; test/unit/fast-yaml.test.ts compares both parsers over the fixtures and thousands of
 * mutations of them. Comments are not attached to nodes (nothing reads them from the tree).
 *
 * Length: one reader of one grammar; its parts (collections, scalars, the edges where it gives up)
 * are only correct together.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, type Node, type ScalarTag } from 'yaml';

/** The options of every parse of a report (document.ts passes the same to `yaml`). */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, schema: 'core', strict: true } as const;

/**
 * What the fast path never reads: tabs, CRs, a BOM, control characters (yaml's rules for them are
 * intricate), and document markers and directives at a line start.
 */
const MARKERS = ['---', '...', '%'];
const SPACE = 0x20;
const NL = 0x0a;
const HASH = 0x23;

function outside(text: string): boolean {
  // [\t\r\u0000-\u001f (but \n)\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff], as a loop: a regular expression took longer
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== NL : c >= 0x7f && (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe)) return true;
  }
  return MARKERS.some((m) => text.startsWith(m) || text.includes('\n' + m));
}

/**
 * yaml's node constructors mark each node with Object.defineProperty, which was most of this reader's
 * time; the same mark on a shared prototype (a Scalar's or Pair's) reads the same to isScalar and
 * isPair, instanceof and clone().
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR_PROTO = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.scalar') } }) as Scalar;
const PAIR_PROTO = Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } }) as Pair;

function newScalar(value: unknown): Scalar {
  const scalar = Object.create(SCALAR_PROTO) as Scalar;
  scalar.value = value;
  return scalar;
}

/** Mappings and sequences of one document: their mark and the document's schema on a prototype made once per document. */
function collectionMaker<T extends YAMLMap | YAMLSeq>(proto: T, type: string, schema: unknown): () => T {
  const shared = Object.create(proto, {
    [NODE_TYPE]: { value: Symbol.for(type) },
    // writable: clone() sets its own
    schema: { value: schema, writable: true, configurable: true, enumerable: false },
  }) as T;
  return () => {
    const node = Object.create(shared) as T;
    node.items = [];
    return node;
  };
}

function newPair(key: Node, value: Node): Pair {
  const pair = Object.create(PAIR_PROTO) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

/** The tag each plain scalar resolved by (keys and 0s repeat in every report; bounded). */
const tagMemo = new Map<string, ScalarTag>();
const TAG_MEMO_SIZE = 4096;
const TAG_MEMO_LENGTH = 32;

/** A key as reports write them (ASCII, snake_case); anything else goes to yaml. */
const KEY = /[A-Za-z_][A-Za-z0-9_-]*/y;

/** yaml rejects implicit keys of 1,024 characters or more; well below that here. */
const MAX_KEY = 256;

/** Thrown (never seen outside) when the text leaves the part read here; one instance, no stack to build each time. */
const GIVE_UP = new Error('outside the fast YAML subset');

type Range = [number, number, number];

/** The core schema's tags, in yaml's order, and its string tag: what resolves a plain scalar. */
let tags: { byTest: ScalarTag[]; string: ScalarTag } | undefined;

function coreTags(doc: Document): { byTest: ScalarTag[]; string: ScalarTag } {
  if (!tags) {
    const all = doc.schema.tags as ScalarTag[];
    // yaml: the first default tag whose test matches, else the schema's scalar (string) tag
    const string = (doc.schema as unknown as Record<symbol, ScalarTag>)[Symbol.for('yaml.scalar')];
    if (!string) throw new Error('yaml: no core string tag');
    tags = { byTest: all.filter((t) => t.default === true && t.test !== undefined), string };
  }
  return tags;
}

/**
 * The report's YAML as `yaml` would build it (without comments), or undefined: then `yaml` parses it.
 * Collections nested deeper than `maxDepth` are given up too (this reader recurses per level; the
 * caller's guard for `yaml` then refuses them), so a text it reads needs no nesting scan first.
 */
export function parseFast(text: string, maxDepth = 64): Document.Parsed | undefined {
  if (outside(text)) return undefined;
  try {
    return new FastParser(text, maxDepth).document();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/**
 * What `doc.toJS()` gives for a document parseFast read, without yaml's general machinery (anchors,
 * revivers, Maps): mappings as objects keyed by String(key) (null: ''), a repeated key's last value
 * defined over the first (as yaml does, also for `__proto__`), sequences as arrays.
 */
export function plainData(doc: Document.Parsed): unknown {
  const plain = (node: unknown): unknown => {
    if (isScalar(node)) return node.value;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = (pair.key as Scalar).value;
        const name = key === null ? '' : String(key);
        const value = plain(pair.value);
        if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
        else out[name] = value;
      }
      return out;
    }
    if (isSeq(node)) return node.items.map(plain);
    return node;
  };
  return plain(doc.contents);
}

class FastParser {
  private readonly doc = new Document(undefined, YAML_OPTIONS) as unknown as Document.Parsed;
  private readonly tags = coreTags(this.doc);
  private readonly newMap = collectionMaker(YAMLMap.prototype as YAMLMap, 'yaml.map', this.doc.schema);
  private readonly newSeq = collectionMaker(YAMLSeq.prototype as YAMLSeq, 'yaml.seq', this.doc.schema);
  /** The start of the line after the node read last. */
  private line = 0;
  /** The deepest indentation of the comment lines the last nextContent skipped (-1: none). */
  private commentIndent = -1;
  /** Where the last empty (null) value stands. */
  private emptyAt = -1;
  /** Block collections open around the one being read. */
  private depth = 0;

  constructor(private readonly text: string, private readonly maxDepth: number) {}

  document(): Document.Parsed {
    const start = this.nextContent(0);
    if (start >= this.text.length || this.text.charCodeAt(start) === SPACE) throw GIVE_UP;
    const map = this.blockMap(0, start);
    if (this.nextContent(this.line) < this.text.length) throw GIVE_UP;
    // an empty value last in the text: yaml ends the document at it, not at the text's end
    if (map.range![2] === this.emptyAt) throw GIVE_UP;
    this.doc.contents = map as unknown as YAMLMap.Parsed;
    this.doc.range = [start, map.range![2], this.text.length];
    return this.doc;
  }

  /** The start of the next line at or after `from` (a line start) that is neither blank nor a comment; text.length at the end. */
  private nextContent(from: number): number {
    const { text } = this;
    let at = from;
    this.commentIndent = -1;
    while (at < text.length) {
      let i = at;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i < text.length && c !== NL && c !== HASH) return at;
      if (c === HASH) this.commentIndent = Math.max(this.commentIndent, i - at);
      const end = text.indexOf('\n', i);
      if (end < 0) return text.length;
      at = end + 1;
    }
    return text.length;
  }

  /**
   * The next entry after a value: its line's start, or text.length. Comment lines deeper than that
   * line (or than column 0 at the end) belong in yaml to the value or collection before them and widen
   * its range: left to yaml.
   */
  private nextEntry(): number {
    const next = this.nextContent(this.line);
    if (this.commentIndent > (next < this.text.length ? this.indentOf(next) : 0)) throw GIVE_UP;
    return next;
  }

  private indentOf(lineStart: number): number {
    let i = lineStart;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i - lineStart;
  }

  private lineEnd(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end < 0 ? this.text.length : end;
  }

  /** After a line's end: the next line's start (or the text's end). */
  private afterLine(at: number): number {
    const end = this.lineEnd(at);
    return end < this.text.length ? end + 1 : end;
  }

  /** A `- ` (or `-` at a line's end) at `at`. */
  private isDash(at: number): boolean {
    const next = this.text.charCodeAt(at + 1);
    return this.text.charCodeAt(at) === 0x2d && (next === SPACE || next === NL || at + 1 >= this.text.length);
  }

  /** A key (KEY then `:` and a space or the line's end) at `at`: its end, or -1. */
  private keyAt(at: number): number {
    KEY.lastIndex = at;
    if (!KEY.test(this.text)) return -1;
    const end = KEY.lastIndex;
    if (this.text.charCodeAt(end) !== 0x3a) return -1;
    const next = this.text.charCodeAt(end + 1);
    return next === SPACE || next === NL || end + 1 >= this.text.length ? end : -1;
  }

  /** A block mapping whose keys stand in column `indent`; the first key at `first` (a line start + indent, or after `- `). */
  private blockMap(indent: number, first: number): YAMLMap {
    const { text } = this;
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    const map = this.newMap();
    let at = first;
    for (;;) {
      const keyEnd = this.keyAt(at);
      if (keyEnd < 0 || keyEnd - at > MAX_KEY) throw GIVE_UP;
      const key = this.plain(text.slice(at, keyEnd), [at, keyEnd, keyEnd]);
      const value = this.value(keyEnd + 1, indent, true);
      map.items.push(newPair(key, value));
      const next = this.nextEntry();
      if (next >= text.length) break;
      const nextIndent = this.indentOf(next);
      if (nextIndent < indent) break;
      // a deeper line after a value (a continued plain scalar, a stray line) or a `- ` in the mapping's column
      if (nextIndent > indent || this.isDash(next + nextIndent)) throw GIVE_UP;
      at = next + nextIndent;
    }
    const end = (map.items[map.items.length - 1]!.value as Node).range![2];
    map.range = [first, end, end];
    this.depth--;
    return map;
  }

  /** A block sequence whose `- ` stand in column `indent`; the first at `first`. */
  private blockSeq(indent: number, first: number): YAMLSeq {
    const { text } = this;
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    const seq = this.newSeq();
    let at = first;
    for (;;) {
      let item = at + 1;
      while (text.charCodeAt(item) === SPACE) item++;
      const c = text.charCodeAt(item);
      if (item >= text.length || c === NL || c === HASH) throw GIVE_UP; // an item on the lines below
      // `- key: value` opens a mapping in the item's column
      seq.items.push(this.keyAt(item) >= 0 ? this.blockMap(item - this.lineStart(item), item) : this.value(item, indent, false));
      const next = this.nextEntry();
      if (next >= text.length) break;
      const nextIndent = this.indentOf(next);
      if (nextIndent < indent || (nextIndent === indent && !this.isDash(next + nextIndent))) break;
      if (nextIndent > indent) throw GIVE_UP;
      at = next + nextIndent;
    }
    const end = (seq.items[seq.items.length - 1] as Node).range![2];
    seq.range = [first, end, end];
    this.depth--;
    return seq;
  }

  private lineStart(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /**
   * The value after a key's `:` (at `from`) or a `- `, in a collection whose entries stand in column
   * `indent`. `empty`: the value may be on the lines below (a key's) or missing (null).
   */
  private value(from: number, indent: number, empty: boolean): Node {
    const { text } = this;
    let at = from;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (at >= text.length || c === NL || c === HASH) {
      if (!empty) throw GIVE_UP;
      return this.below(at, indent, c === HASH);
    }
    switch (c) {
      case 0x7c: // |
      case 0x3e: // >
        return this.blockScalar(at, indent);
      case 0x5b: // [
        return this.flowSeq(at);
      case 0x7b: // {
        return this.flowMap(at);
      case 0x22: // "
      case 0x27: { // '
        const scalar = this.quoted(at);
        const end = this.lineRest(scalar.range![1]);
        scalar.range![2] = end;
        return scalar;
      }
      default: {
        if (!this.plainStart(at)) throw GIVE_UP;
        const lineEnd = this.lineEnd(at);
        // up to a comment (` #`) or the line's end, without the spaces before it
        let end = at;
        while (end < lineEnd && !(text.charCodeAt(end) === HASH && text.charCodeAt(end - 1) === SPACE)) end++;
        while (text.charCodeAt(end - 1) === SPACE) end--;
        const source = text.slice(at, end);
        // `a: b: c` and `a: b:` are mappings inside a value: yaml reports them
        if (source.includes(': ') || source.endsWith(':')) throw GIVE_UP;
        this.line = lineEnd < text.length ? lineEnd + 1 : lineEnd;
        return this.plain(source, [at, end, this.line]);
      }
    }
  }

  /** Whether a plain scalar may start at `at` (not with an indicator yaml reads otherwise or refuses). */
  private plainStart(at: number): boolean {
    const c = this.text[at]!;
    if ('&*!%@`?:,]}#|>\'"[{'.includes(c)) return false;
    // `-1`, `-x`: a plain scalar; `- `, `-,` or `-]`: an item, or what yaml refuses in flow
    return c !== '-' || /[0-9A-Za-z.\u0080-\uffff]/.test(this.text[at + 1] ?? '');
  }

  /** A key's value on the lines below it (a mapping or sequence), or null when there is none. */
  private below(at: number, indent: number, comment: boolean): Node {
    const { text } = this;
    const next = this.nextContent(this.afterLine(at));
    if (next < text.length) {
      const nextIndent = this.indentOf(next);
      const start = next + nextIndent;
      if (nextIndent >= indent && this.isDash(start)) return this.blockSeq(nextIndent, start);
      if (nextIndent > indent) {
        if (this.keyAt(start) < 0) throw GIVE_UP;
        return this.blockMap(nextIndent, start);
      }
    }
    // an empty value: yaml's null scalar stands where the value would; with a comment after it, give up
    // (yaml widens it over comment lines below)
    if (comment || this.commentIndent >= 0) throw GIVE_UP;
    this.line = this.afterLine(at);
    this.emptyAt = at;
    return this.plain('', [at, at, at]);
  }

  /** After a flow node or quoted scalar ending at `end`: only spaces and a comment may follow on its line; the next line's start. */
  private lineRest(end: number): number {
    const { text } = this;
    let at = end;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (at < text.length && c !== NL && !(c === HASH && at > end)) throw GIVE_UP;
    this.line = this.afterLine(at);
    return this.line;
  }

  /** A one-line quoted scalar at `at` (no escapes, no line breaks); range[2] is its end. */
  private quoted(at: number): Scalar {
    const { text } = this;
    const quote = text[at]!;
    const lineEnd = this.lineEnd(at);
    let value = '';
    let i = at + 1;
    for (;;) {
      const close = text.indexOf(quote, i);
      if (close < 0 || close > lineEnd) throw GIVE_UP;
      if (quote === '"') {
        const body = text.slice(i, close);
        if (body.includes('\\')) throw GIVE_UP;
        value = body;
        i = close + 1;
        break;
      }
      value += text.slice(i, close);
      if (text[close + 1] === "'") { // '' is one '
        value += "'";
        i = close + 2;
        continue;
      }
      i = close + 1;
      break;
    }
    const scalar = newScalar(value);
    scalar.range = [at, i, i];
    scalar.source = value;
    scalar.type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return scalar;
  }

  /** A plain scalar, resolved as yaml resolves it (null, bool, int, float, else string). */
  private plain(source: string, range: Range): Scalar {
    let tag = tagMemo.get(source);
    if (!tag) {
      tag = this.tags.byTest.find((t) => t.test!.test(source)) ?? this.tags.string;
      if (source.length <= TAG_MEMO_LENGTH && tagMemo.size < TAG_MEMO_SIZE) tagMemo.set(source, tag);
    }
    const resolved = tag.resolve(source, () => { throw GIVE_UP; }, this.doc.options);
    const scalar = isScalar(resolved) ? resolved : newScalar(resolved);
    scalar.range = range;
    scalar.source = source;
    scalar.type = 'PLAIN';
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** A flow item (plain or quoted) at `at`, ending before `,` or the closing bracket; range[2] after its trailing spaces. */
  private flowScalar(at: number): Scalar {
    const { text } = this;
    let scalar: Scalar;
    let end: number;
    const c = text[at];
    if (c === '"' || c === "'") {
      scalar = this.quoted(at);
      end = scalar.range![1];
    } else {
      if (!this.plainStart(at)) throw GIVE_UP;
      end = at;
      for (;;) {
        const ch = text[end];
        if (ch === undefined || ch === '\n' || ch === ',' || ch === ']' || ch === '}') break;
        // `:` (a pair), `#`, brackets and quotes inside a flow item: yaml's rules are subtle; give up
        if (ch === ':' || ch === '#' || ch === '[' || ch === '{' || ch === '"' || ch === "'") throw GIVE_UP;
        end++;
      }
      while (text.charCodeAt(end - 1) === SPACE) end--;
      scalar = this.plain(text.slice(at, end), [at, end, end]);
    }
    let after = end;
    while (text.charCodeAt(after) === SPACE) after++;
    scalar.range![2] = after;
    return scalar;
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** `[a, b, c]` on one line. */
  private flowSeq(open: number): YAMLSeq {
    const seq = this.newSeq();
    seq.flow = true;
    const close = this.flowItems(open, ']', (at) => {
      const item = this.flowScalar(at);
      seq.items.push(item);
      return item.range![2];
    });
    seq.range = [open, close, this.lineRest(close)];
    return seq;
  }

  /** `{a: 1, b: 2}` on one line. */
  private flowMap(open: number): YAMLMap {
    const { text } = this;
    const map = this.newMap();
    map.flow = true;
    const close = this.flowItems(open, '}', (at) => {
      KEY.lastIndex = at;
      if (!KEY.test(text)) throw GIVE_UP;
      const keyEnd = KEY.lastIndex;
      if (text[keyEnd] !== ':' || text[keyEnd + 1] !== ' ') throw GIVE_UP;
      const key = this.plain(text.slice(at, keyEnd), [at, keyEnd, keyEnd]);
      const valueAt = this.skipSpaces(keyEnd + 1);
      const c = text[valueAt];
      if (c === ',' || c === '}') throw GIVE_UP; // `{a: }`: a null value, left to yaml
      const value = this.flowScalar(valueAt);
      map.items.push(newPair(key, value));
      return value.range![2];
    });
    map.range = [open, close, this.lineRest(close)];
    return map;
  }

  /**
   * The items of a one-line flow collection opened at `open`, each read by `item` (which returns
   * where it ends), separated by `,`; the offset after the closing bracket. A trailing or empty item: yaml's.
   */
  private flowItems(open: number, closing: string, item: (at: number) => number): number {
    const { text } = this;
    let at = this.skipSpaces(open + 1);
    if (text[at] !== closing) {
      for (;;) {
        at = item(at);
        if (text[at] === closing) break;
        if (text[at] !== ',') throw GIVE_UP;
        at = this.skipSpaces(at + 1);
        if (text[at] === closing || text[at] === ',') throw GIVE_UP;
      }
    }
    return at + 1;
  }

  /**
   * `|`, `|-`, `>` or `>-` and the more indented lines below, in a collection whose entries stand in
   * column `indent`. Folded scalars only without more-indented lines (yaml keeps their breaks).
   */
  private blockScalar(header: number, indent: number): Scalar {
    const { text } = this;
    const folded = text[header] === '>';
    let at = header + 1;
    const strip = text[at] === '-';
    if (strip) at++;
    const c = text.charCodeAt(at);
    // `|+`, `|2` and the like: yaml's
    if (at < text.length && c !== SPACE && c !== NL) throw GIVE_UP;
    this.lineRest(at);
    // the content's indentation: the first non-blank line's; blank lines before it may not be longer
    const first = this.line;
    let longestBlank = 0;
    let contentIndent = -1;
    for (let ls = first; ls < text.length; ls = this.afterLine(ls)) {
      const ind = this.indentOf(ls);
      const ch = text.charCodeAt(ls + ind);
      if (ls + ind >= text.length || ch === NL) {
        longestBlank = Math.max(longestBlank, ind);
        continue;
      }
      contentIndent = ind;
      break;
    }
    if (contentIndent <= indent || longestBlank > contentIndent) throw GIVE_UP;
    const lines: string[] = [];
    let end = first;
    let blanks = 0;
    for (let ls = first; ls < text.length;) {
      const ind = this.indentOf(ls);
      const le = this.lineEnd(ls);
      const next = le < text.length ? le + 1 : le;
      if (ls + ind === le) { // blank
        if (ind > contentIndent) throw GIVE_UP; // spaces that belong to the text
        blanks++;
        ls = next;
        continue;
      }
      if (ind < contentIndent) break;
      if (folded && ind > contentIndent) throw GIVE_UP;
      const line = text.slice(ls + contentIndent, le);
      // blank lines before the first line are line breaks of the text; between lines, folded ones
      // join with a space or stand for their number of breaks
      if (lines.length === 0) lines.push('\n'.repeat(blanks));
      else lines.push(folded && blanks === 0 ? ' ' : '\n'.repeat(folded ? blanks : blanks + 1));
      lines.push(line);
      blanks = 0;
      end = next;
      ls = next;
    }
    const value = lines.join('') + (strip ? '' : '\n');
    this.line = end;
    const scalar = newScalar(value);
    scalar.range = [header, end, end];
    scalar.source = value;
    scalar.type = folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
    return scalar;
  }
}
