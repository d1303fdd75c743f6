// Tests for the TextMate grammar (syntaxes/govreport.tmLanguage.json) and the language
// configuration (language-configuration.json). The grammar is run with vscode-textmate and
// vscode-oniguruma, the same engine VS Code uses, and the scopes of individual tokens are checked.
//
// Compiled location: out/test/unit/grammar.test.js, so the repository root is three levels up.
// GOVREPORT_ROOT overrides that (for running a copy compiled elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const GRAMMAR_FILE = path.join('syntaxes', 'govreport.tmLanguage.json');

function findRepoRoot(): string {
  const candidates = [
    process.env.GOVREPORT_ROOT,
    path.resolve(__dirname, '../../..'), // out/test/unit -> repo root
    path.resolve(__dirname, '../..'), // test/unit (when run from source) -> repo root
  ];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(path.join(candidate, GRAMMAR_FILE))) {
      return candidate;
    }
  }
  throw new Error(`cannot find ${GRAMMAR_FILE} from ${__dirname} (set GOVREPORT_ROOT)`);
}

const ROOT = findRepoRoot();
const EXAMPLE = path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml');

// ---------------------------------------------------------------------------------------------
// Tokenizing

interface Tok {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

interface Doc {
  lines: string[];
  tokens: Tok[][];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const onigLib: vsctm.IOnigLib = {
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (str) => new oniguruma.OnigString(str),
    };
    const grammarPath = path.join(ROOT, GRAMMAR_FILE);
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve(onigLib),
      loadGrammar: async (scopeName) =>
        scopeName === 'source.govreport'
          ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
          : null,
    });
    const grammar = await registry.loadGrammar('source.govreport');
    assert.ok(grammar, 'grammar source.govreport loaded');
    return grammar;
  })();
  return grammarPromise;
}

async function tokenize(text: string): Promise<Doc> {
  const grammar = await loadGrammar();
  const lines = text.split(/\r?\n/);
  const tokens: Tok[][] = [];
  let state = vsctm.INITIAL;
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    tokens.push(
      result.tokens.map((t) => ({
        text: line.slice(t.startIndex, Math.min(t.endIndex, line.length)),
        start: t.startIndex,
        end: Math.min(t.endIndex, line.length),
        scopes: t.scopes,
      })),
    );
  }
  return { lines, tokens };
}

// ---------------------------------------------------------------------------------------------
// Assertions. A selector matches a scope when it is equal to it or a dotted prefix of it.

function hasScope(scopes: readonly string[], selector: string): boolean {
  return scopes.some((s) => s === selector || s.startsWith(selector + '.'));
}

function show(doc: Doc, line: number): string {
  return (
    `line ${line + 1}: ${JSON.stringify(doc.lines[line])}\n` +
    doc.tokens[line].map((t) => `  ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n')
  );
}

/** Character range of the nth occurrence of needle in a line. */
function rangeOf(doc: Doc, line: number, needle: string, nth = 0): [number, number] {
  const text = doc.lines[line];
  assert.ok(text !== undefined, `no line ${line + 1}`);
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `${JSON.stringify(needle)} (#${nth}) not found in line ${line + 1}: ${JSON.stringify(text)}`);
  }
  return [index, index + needle.length];
}

/** Tokens overlapping the nth occurrence of needle. */
function tokensOver(doc: Doc, line: number, needle: string, nth = 0): Tok[] {
  const [start, end] = rangeOf(doc, line, needle, nth);
  return doc.tokens[line].filter((t) => t.start < end && t.end > start);
}

/** needle is exactly one token carrying the selector. */
function expectToken(doc: Doc, line: number, needle: string, selector: string, nth = 0): void {
  const [start, end] = rangeOf(doc, line, needle, nth);
  const token = doc.tokens[line].find((t) => t.start === start && t.end === end);
  assert.ok(token, `${JSON.stringify(needle)} is not a single token\n${show(doc, line)}`);
  assert.ok(hasScope(token.scopes, selector), `${JSON.stringify(needle)} lacks ${selector}\n${show(doc, line)}`);
}

/** Every token overlapping needle carries the selector. */
function expectAll(doc: Doc, line: number, needle: string, selector: string, nth = 0): void {
  for (const t of tokensOver(doc, line, needle, nth)) {
    assert.ok(hasScope(t.scopes, selector), `${JSON.stringify(t.text)} in ${JSON.stringify(needle)} lacks ${selector}\n${show(doc, line)}`);
  }
}

/** No token overlapping needle carries the selector. */
function expectNone(doc: Doc, line: number, needle: string, selector: string, nth = 0): void {
  for (const t of tokensOver(doc, line, needle, nth)) {
    assert.ok(!hasScope(t.scopes, selector), `${JSON.stringify(t.text)} in ${JSON.stringify(needle)} has ${selector}\n${show(doc, line)}`);
  }
}

/** Every token of a whole line carries the selector. */
function expectLine(doc: Doc, line: number, selector: string): void {
  assert.ok(doc.tokens[line].length > 0, `line ${line + 1} has no tokens`);
  for (const t of doc.tokens[line]) {
    assert.ok(hasScope(t.scopes, selector), `${JSON.stringify(t.text)} lacks ${selector}\n${show(doc, line)}`);
  }
}

function expectLineWithout(doc: Doc, line: number, selector: string): void {
  for (const t of doc.tokens[line]) {
    assert.ok(!hasScope(t.scopes, selector), `${JSON.stringify(t.text)} has ${selector}\n${show(doc, line)}`);
  }
}

function expectNoInvalid(doc: Doc): void {
  doc.tokens.forEach((tokens, line) => {
    for (const t of tokens) {
      assert.ok(!t.scopes.some((s) => s.startsWith('invalid')), `invalid scope on ${JSON.stringify(t.text)}\n${show(doc, line)}`);
    }
  });
}

const KEY = 'entity.name.tag.govreport';
const COLON = 'punctuation.separator.key-value.mapping.govreport';
const COMMENT = 'comment.line.number-sign.govreport';
const COMMENT_PUNCT = 'punctuation.definition.comment.govreport';
const INT = 'constant.numeric.integer.govreport';
const FLOAT = 'constant.numeric.float.govreport';
const NUMERIC = 'constant.numeric';
const DATE = 'constant.other.date.govreport';
const PLAIN = 'string.unquoted.plain';
const DQ = 'string.quoted.double.govreport';
const SQ = 'string.quoted.single.govreport';
const BLOCK = 'string.unquoted.block.govreport';
const SEQ_BEGIN = 'punctuation.definition.sequence.begin.govreport';
const SEQ_END = 'punctuation.definition.sequence.end.govreport';
const SEQ_SEP = 'punctuation.separator.sequence.govreport';
const MAP_BEGIN = 'punctuation.definition.mapping.begin.govreport';
const MAP_END = 'punctuation.definition.mapping.end.govreport';
const MAP_SEP = 'punctuation.separator.mapping.govreport';
const DASH = 'punctuation.definition.block.sequence.item.govreport';

// ---------------------------------------------------------------------------------------------
// The example report

type LineKind = 'blank' | 'comment' | 'key' | 'block';

/** Classifies the example's lines without the grammar: block scalar bodies by indentation. */
function classify(lines: string[]): LineKind[] {
  const kinds: LineKind[] = [];
  let blockParent: number | null = null;
  for (const line of lines) {
    const indent = /^ */.exec(line)![0].length;
    if (blockParent !== null) {
      if (line.trim() === '' || indent > blockParent) {
        kinds.push('block');
        continue;
      }
      blockParent = null;
    }
    if (line.trim() === '') kinds.push('blank');
    else if (/^\s*#/.test(line)) kinds.push('comment');
    else if (/^ *[a-z_]+:(?: |$)/.test(line)) {
      kinds.push('key');
      if (/: *[|>][-+1-9]*\s*$/.test(line)) blockParent = indent;
    } else assert.fail(`unexpected line in the example: ${JSON.stringify(line)}`);
  }
  return kinds;
}

test('example report: every key line has its key and colon tokenized', async () => {
  const doc = await tokenize(fs.readFileSync(EXAMPLE, 'utf8'));
  const kinds = classify(doc.lines);
  let keys = 0;
  kinds.forEach((kind, i) => {
    if (kind !== 'key') return;
    keys++;
    const key = /^ *([a-z_]+):/.exec(doc.lines[i])![1];
    expectToken(doc, i, key, KEY);
    expectToken(doc, i, ':', COLON);
    // nothing before the key but the indentation
    const first = doc.tokens[i].find((t) => t.text.trim() !== '');
    assert.equal(first?.text, key, show(doc, i));
  });
  assert.ok(keys >= 60, `expected the example's 70 key lines, got ${keys}`);
});

test('example report: no invalid scopes anywhere', async () => {
  expectNoInvalid(await tokenize(fs.readFileSync(EXAMPLE, 'utf8')));
});

test('example report: table rows are numbers in flow sequences, trailing text is a comment', async () => {
  const doc = await tokenize(fs.readFileSync(EXAMPLE, 'utf8'));
  let rows = 0;
  doc.lines.forEach((line, i) => {
    const row = /\[([^\]]*)\]/.exec(line);
    if (!row) return;
    rows++;
    expectToken(doc, i, '[', SEQ_BEGIN);
    expectToken(doc, i, ']', SEQ_END);
    const cells = row[1].split(',');
    assert.ok(cells.length === 7 || cells.length === 5, line);
    // each cell is an integer token inside the sequence; each comma a separator
    let offset = row.index + 1;
    for (const cell of cells) {
      const start = offset + cell.indexOf(cell.trim());
      const token = doc.tokens[i].find((t) => t.start === start);
      assert.ok(token && token.text === cell.trim(), show(doc, i));
      assert.ok(hasScope(token.scopes, INT) && hasScope(token.scopes, 'meta.flow-sequence.govreport'), show(doc, i));
      offset += cell.length + 1;
    }
    for (let n = 0; n < cells.length - 1; n++) expectToken(doc, i, ',', SEQ_SEP, n);
    const hash = line.indexOf('#');
    if (hash >= 0) {
      expectToken(doc, i, '#', COMMENT_PUNCT);
      expectAll(doc, i, line.slice(hash), COMMENT);
      expectNone(doc, i, line.slice(0, hash), COMMENT);
    }
  });
  assert.equal(rows, 28, 'the example has 25 + 3 table rows');
});

test('example report: comments, flow maps and scalar values', async () => {
  const doc = await tokenize(fs.readFileSync(EXAMPLE, 'utf8'));
  const kinds = classify(doc.lines);
  const lineOf = (prefix: string): number => {
    const i = doc.lines.findIndex((l) => l.startsWith(prefix));
    assert.ok(i >= 0, prefix);
    return i;
  };
  // whole-line comments
  kinds.forEach((kind, i) => {
    if (kind === 'comment') {
      expectLine(doc, i, COMMENT);
      expectToken(doc, i, '#', COMMENT_PUNCT);
    }
  });
  // comments after values and after "key:" with no value
  for (const prefix of ['  licensing: 0 ', '  fees: 0 ', '  results: ', '    withheld: ', '  rules: {']) {
    const i = lineOf(prefix);
    const hash = doc.lines[i].indexOf('#');
    expectAll(doc, i, doc.lines[i].slice(hash), COMMENT);
    expectNone(doc, i, doc.lines[i].slice(0, hash), COMMENT);
  }
  expectToken(doc, lineOf('  licensing:'), '0', INT);
  // flow mappings
  const rules = lineOf('  rules:');
  expectToken(doc, rules, '{', MAP_BEGIN);
  expectToken(doc, rules, '}', MAP_END);
  expectToken(doc, rules, ',', MAP_SEP);
  for (const key of ['issued', 'repealed', 'in_force']) expectToken(doc, rules, key, KEY);
  expectToken(doc, rules, ':', COLON, 1);
  expectToken(doc, rules, '0', INT, 2);
  // scalars
  expectToken(doc, lineOf('format:'), '2021', INT);
  expectToken(doc, lineOf('year:'), '2023', INT);
  expectToken(doc, lineOf('published:'), '2024-01-16', DATE);
  expectToken(doc, lineOf('agency:'), '台儿庄区民政局', PLAIN);
  const postcode = lineOf('  postcode:');
  expectAll(doc, postcode, '"277400"', DQ);
  expectNone(doc, postcode, '277400', NUMERIC);
  const phone = lineOf('  phone:');
  expectToken(doc, phone, '0632-6611794', PLAIN);
  expectNone(doc, phone, '0632-6611794', NUMERIC);
  expectToken(doc, lineOf('  website:'), 'http://www.tez.gov.cn/', PLAIN);
  expectToken(doc, lineOf('  email:'), 'tezmzjbgs@zz.shandong.cn', PLAIN);
  expectToken(doc, lineOf('  other: '), '无。', PLAIN);
});

test('example report: block text bodies are block strings, never keys or comments', async () => {
  const doc = await tokenize(fs.readFileSync(EXAMPLE, 'utf8'));
  const kinds = classify(doc.lines);
  let bodyLines = 0;
  kinds.forEach((kind, i) => {
    if (kind !== 'block') return;
    bodyLines++;
    expectLine(doc, i, BLOCK);
    expectLineWithout(doc, i, KEY);
    expectLineWithout(doc, i, COMMENT);
  });
  assert.ok(bodyLines >= 20, `block body lines: ${bodyLines}`);
  // the headers
  const preamble = doc.lines.indexOf('preamble: |');
  expectToken(doc, preamble, '|', 'keyword.control.flow.block-scalar.literal.govreport');
  expectLineWithout(doc, preamble, BLOCK);
});

test('example report: "#" and "key: value" inside preamble text stay block text', async () => {
  const lines = fs.readFileSync(EXAMPLE, 'utf8').split(/\r?\n/);
  const preamble = lines.indexOf('preamble: |');
  assert.ok(preamble >= 0);
  const injected = [
    '  # 这一行不是注释',
    '  note: 这也不是键',
    '  第二段 # 也不是注释',
    '  - 不是列表',
    '      [1, 2] 不是表格',
    '',
    '  "不是字符串" true 2024-01-16',
  ];
  lines.splice(preamble + 2, 0, ...injected);
  const doc = await tokenize(lines.join('\n'));
  for (let i = preamble + 1; i <= preamble + 1 + injected.length; i++) {
    expectLine(doc, i, BLOCK);
    for (const selector of [KEY, COMMENT, NUMERIC, DATE, DQ, DASH, 'constant.language', 'meta.flow-sequence']) {
      expectLineWithout(doc, i, selector);
    }
  }
  // the text ends where the indentation returns to the top level
  const after = doc.lines.indexOf('# 一、总体情况');
  expectLine(doc, after, COMMENT);
  expectLineWithout(doc, after, BLOCK);
  expectToken(doc, after + 1, 'overview', KEY);
  expectNoInvalid(doc);
});

// ---------------------------------------------------------------------------------------------
// Feature snippets

const t = (...lines: string[]): Promise<Doc> => tokenize(lines.join('\n'));

test('comments: whole line, after values, not inside strings or plain scalars', async () => {
  const d = await t(
    '# top',
    '  # indented',
    'a: value # after plain',
    'b: "x # y" # after double',
    "c: 'x # y' # after single",
    'd: a#b',
    'e: [1, 2] # after flow',
    'f: # after key',
    'g: 12 #no space needed before text',
  );
  expectLine(d, 0, COMMENT);
  expectToken(d, 0, '#', COMMENT_PUNCT);
  expectAll(d, 1, '# indented', COMMENT);
  expectNone(d, 1, '  ', COMMENT);
  expectToken(d, 2, 'value', PLAIN);
  expectAll(d, 2, '# after plain', COMMENT);
  expectNone(d, 2, 'value', COMMENT);
  expectAll(d, 3, '"x # y"', DQ);
  expectNone(d, 3, '"x # y"', COMMENT);
  expectAll(d, 3, '# after double', COMMENT);
  expectAll(d, 4, "'x # y'", SQ);
  expectNone(d, 4, "'x # y'", COMMENT);
  expectAll(d, 4, '# after single', COMMENT);
  expectToken(d, 5, 'a#b', PLAIN);
  expectLineWithout(d, 5, COMMENT);
  expectAll(d, 6, '# after flow', COMMENT);
  expectNone(d, 6, '[1, 2]', COMMENT);
  expectAll(d, 7, '# after key', COMMENT);
  expectToken(d, 8, '12', INT);
  expectAll(d, 8, '#no space needed before text', COMMENT);
});

test('mapping keys: nested, after "- ", quoted, in flow mappings; values with ":" are not keys', async () => {
  const d = await t(
    'top:',
    '  nested_key: 1',
    '    deeper_key:',
    '- item_key: x',
    '  -   spaced: y',
    '"quoted key": 1',
    "'single key': 2",
    'url: http://example.com/a:b',
    'map: {a: 1, "b": 2, c_d: 3}',
    'chinese_value: 名称：说明',
  );
  expectToken(d, 0, 'top', KEY);
  expectToken(d, 0, ':', COLON);
  expectToken(d, 1, 'nested_key', KEY);
  expectToken(d, 2, 'deeper_key', KEY);
  expectToken(d, 3, '-', DASH);
  expectToken(d, 3, 'item_key', KEY);
  expectToken(d, 4, '-', DASH);
  expectToken(d, 4, 'spaced', KEY);
  expectToken(d, 5, '"quoted key"', KEY);
  expectToken(d, 6, "'single key'", KEY);
  expectToken(d, 7, 'url', KEY);
  expectToken(d, 7, 'http://example.com/a:b', PLAIN);
  expectNone(d, 7, 'http://example.com/a:b', KEY);
  expectToken(d, 8, 'a', KEY, 1); // the first 'a' is in 'map'
  for (const key of ['"b"', 'c_d']) expectToken(d, 8, key, KEY);
  expectToken(d, 8, ':', COLON, 2);
  expectToken(d, 9, '名称：说明', PLAIN);
});

test('numbers: integers and decimals, in block and flow context; look-alikes are strings', async () => {
  const d = await t(
    'a: 0',
    'b: 12',
    'c: -3',
    'd: 1.25 # 万元',
    'e: .5',
    'f: 1e3',
    'g: 0x1F',
    'h: 0o17',
    'i: -.inf',
    'j: .NaN',
    'row: [0, 0, 12, 0, 0, 0, 12]',
    'k: 0632-6611794',
    'l: 123abc',
    'm: 1,000',
    'n: 12 元',
    'o: [1.5, -2, 3x]',
  );
  expectToken(d, 0, '0', INT);
  expectToken(d, 1, '12', INT);
  expectToken(d, 2, '-3', INT);
  expectToken(d, 3, '1.25', FLOAT);
  expectAll(d, 3, '# 万元', COMMENT);
  expectToken(d, 4, '.5', FLOAT);
  expectToken(d, 5, '1e3', FLOAT);
  expectToken(d, 6, '0x1F', 'constant.numeric.integer.hexadecimal.govreport');
  expectToken(d, 7, '0o17', 'constant.numeric.integer.octal.govreport');
  expectToken(d, 8, '-.inf', 'constant.numeric.float');
  expectToken(d, 9, '.NaN', 'constant.numeric.float');
  expectToken(d, 10, '[', SEQ_BEGIN);
  expectToken(d, 10, ']', SEQ_END);
  for (let n = 0; n < 5; n++) expectToken(d, 10, '0', INT, n);
  expectToken(d, 10, '12', INT, 0);
  expectToken(d, 10, '12', INT, 1);
  for (let n = 0; n < 6; n++) expectToken(d, 10, ',', SEQ_SEP, n);
  for (const [line, text] of [
    [11, '0632-6611794'],
    [12, '123abc'],
    [13, '1,000'],
    [14, '12 元'],
  ] as const) {
    expectToken(d, line, text, PLAIN);
    expectNone(d, line, text, NUMERIC);
  }
  expectToken(d, 15, '1.5', FLOAT);
  expectToken(d, 15, '-2', INT);
  expectToken(d, 15, '3x', 'string.unquoted.plain.in.govreport');
});

test('flow collections: brackets, braces, commas and colons are punctuation', async () => {
  const d = await t('a: {x: [1, 2], y: {z: 3}}', 'b: [', '  1,', '  2 # two', ']');
  expectToken(d, 0, '{', MAP_BEGIN, 0);
  expectToken(d, 0, '{', MAP_BEGIN, 1);
  expectToken(d, 0, '}', MAP_END, 0);
  expectToken(d, 0, '}', MAP_END, 1);
  expectToken(d, 0, '[', SEQ_BEGIN);
  expectToken(d, 0, ']', SEQ_END);
  expectToken(d, 0, ',', SEQ_SEP, 0);
  expectToken(d, 0, ',', MAP_SEP, 1);
  for (let n = 0; n < 4; n++) expectToken(d, 0, ':', COLON, n);
  for (const key of ['x', 'y', 'z']) expectToken(d, 0, key, KEY);
  expectToken(d, 0, '3', INT);
  // multi-line flow sequence
  expectToken(d, 1, '[', SEQ_BEGIN);
  expectToken(d, 2, '1', INT);
  expectToken(d, 2, ',', SEQ_SEP);
  expectToken(d, 3, '2', INT);
  expectAll(d, 3, '# two', COMMENT);
  expectToken(d, 4, ']', SEQ_END);
  expectAll(d, 2, '1', 'meta.flow-sequence.govreport');
});

test('strings: plain, single-quoted, double-quoted with escapes', async () => {
  const d = await t(
    'a: 台儿庄区民政局',
    "b: 'it''s'",
    'c: "tab\\t \\"q\\" \\u4e2d \\x41 \\\\"',
    'd: "bad \\q escape"',
    'e: "two',
    '  lines" # c',
    'f: [plain in flow, "dq", \'sq\']',
  );
  expectToken(d, 0, '台儿庄区民政局', 'string.unquoted.plain.out.govreport');
  expectAll(d, 1, "'it''s'", SQ);
  expectToken(d, 1, "''", 'constant.character.escape');
  expectToken(d, 1, "'", 'punctuation.definition.string.begin.govreport');
  for (const escape of ['\\t', '\\"', '\\u4e2d', '\\x41', '\\\\']) {
    expectToken(d, 2, escape, 'constant.character.escape.govreport');
    expectAll(d, 2, escape, DQ);
  }
  expectToken(d, 2, '"', 'punctuation.definition.string.begin.govreport');
  expectToken(d, 3, '\\q', 'invalid.illegal');
  expectAll(d, 4, '"two', DQ);
  expectAll(d, 5, '  lines"', DQ);
  expectAll(d, 5, '# c', COMMENT);
  expectToken(d, 6, 'plain in flow', 'string.unquoted.plain.in.govreport');
  expectAll(d, 6, '"dq"', DQ);
  expectAll(d, 6, "'sq'", SQ);
});

test('dates, booleans and null have their own scopes', async () => {
  const d = await t(
    'published: 2024-01-16',
    'deadline: 2024-01-31 # local',
    'at: 2024-01-16T09:30:00+08:00',
    'list: [2024-01-16, true, null]',
    'a: true',
    'b: False',
    'c: NULL',
    'd: ~',
    'e: yes',
    'f: 2024-1-16',
    'g: "2024-01-16"',
  );
  expectToken(d, 0, '2024-01-16', DATE);
  expectNone(d, 0, '2024-01-16', NUMERIC);
  expectToken(d, 1, '2024-01-31', DATE);
  expectAll(d, 1, '# local', COMMENT);
  expectToken(d, 2, '2024-01-16T09:30:00+08:00', DATE);
  expectToken(d, 3, '2024-01-16', DATE);
  expectToken(d, 3, 'true', 'constant.language.boolean.govreport');
  expectToken(d, 3, 'null', 'constant.language.null.govreport');
  expectToken(d, 4, 'true', 'constant.language.boolean.govreport');
  expectToken(d, 5, 'False', 'constant.language.boolean.govreport');
  expectToken(d, 6, 'NULL', 'constant.language.null.govreport');
  expectToken(d, 7, '~', 'constant.language.null.govreport');
  expectToken(d, 8, 'yes', PLAIN); // YAML 1.2: not a boolean
  expectToken(d, 9, '2024-1-16', PLAIN);
  expectNone(d, 10, '2024-01-16', DATE);
});

test('block scalars: indicators, header comment, body is text until the indentation returns', async () => {
  const d = await t(
    'text: |-', // 0
    '  # not a comment',
    '  key: not a key',
    '    [1, 2] deeper text',
    '',
    '  still text after a blank line',
    'folded: >+2 # header comment', // 6
    '   folded text',
    'nested:', // 8
    '  inner: |2-',
    '    body: 1 # x',
    '  sibling: 2', // 11
    '# a comment at the parent level', // 12
    'last: >', // 13
    '  x',
  );
  expectToken(d, 0, '|', 'keyword.control.flow.block-scalar.literal.govreport');
  expectToken(d, 0, '-', 'storage.modifier.chomping-indicator.govreport');
  for (const line of [1, 2, 3, 4, 5, 7, 10, 14]) {
    expectLine(d, line, BLOCK);
    expectLineWithout(d, line, KEY);
    expectLineWithout(d, line, COMMENT);
    expectLineWithout(d, line, NUMERIC);
  }
  expectToken(d, 6, 'folded', KEY);
  expectToken(d, 6, '>', 'keyword.control.flow.block-scalar.folded.govreport');
  expectToken(d, 6, '+', 'storage.modifier.chomping-indicator.govreport');
  expectToken(d, 6, '2', 'constant.numeric.indentation-indicator.govreport');
  expectAll(d, 6, '# header comment', COMMENT);
  expectLineWithout(d, 6, BLOCK);
  expectToken(d, 8, 'nested', KEY);
  expectLineWithout(d, 8, BLOCK);
  expectToken(d, 9, 'inner', KEY);
  expectToken(d, 9, '2', 'constant.numeric.indentation-indicator.govreport');
  expectToken(d, 9, '-', 'storage.modifier.chomping-indicator.govreport');
  expectToken(d, 11, 'sibling', KEY);
  expectToken(d, 11, '2', INT);
  expectLineWithout(d, 11, BLOCK);
  expectLine(d, 12, COMMENT);
  expectLineWithout(d, 12, BLOCK);
  expectToken(d, 13, 'last', KEY);
});

test('block scalars in sequences and after node properties', async () => {
  const d = await t(
    'extra:', // 0
    '  - title: 标题',
    '    text: |',
    '      正文 # 不是注释',
    '      a: b',
    '    more: 1', // 5
    '  - |',
    '    item text',
    '  - key: >-',
    '      item key text',
    '    other: 2', // 10
    'anchored: &a |',
    '  anchored text',
    'tagged: !!str |',
    '  tagged text',
    'after: 3', // 15
  );
  expectToken(d, 1, '-', DASH);
  expectToken(d, 1, 'title', KEY);
  expectToken(d, 2, 'text', KEY);
  for (const line of [3, 4, 7, 9, 12, 14]) {
    expectLine(d, line, BLOCK);
    expectLineWithout(d, line, KEY);
    expectLineWithout(d, line, COMMENT);
  }
  expectToken(d, 5, 'more', KEY);
  expectToken(d, 6, '-', DASH);
  expectToken(d, 6, '|', 'keyword.control.flow.block-scalar.literal.govreport');
  expectToken(d, 8, 'key', KEY);
  expectToken(d, 8, '>', 'keyword.control.flow.block-scalar.folded.govreport');
  expectToken(d, 10, 'other', KEY);
  expectToken(d, 10, '2', INT);
  expectToken(d, 11, 'a', 'entity.name.type.anchor.govreport', 1); // the first 'a' is in 'anchored'
  expectToken(d, 11, '|', 'keyword.control.flow.block-scalar.literal.govreport');
  expectToken(d, 13, '!!str', 'storage.type.tag-handle.govreport');
  expectToken(d, 15, 'after', KEY);
  expectLineWithout(d, 15, BLOCK);
});

test('document markers and directives', async () => {
  const d = await t('%YAML 1.2', '--- # start', 'a: 1', '...', '---', 'b: ----', '----');
  expectToken(d, 0, '%', 'punctuation.definition.directive.begin.govreport');
  expectToken(d, 0, 'YAML', 'keyword.other.directive.govreport');
  expectToken(d, 1, '---', 'entity.other.document.begin.govreport');
  expectAll(d, 1, '# start', COMMENT);
  expectToken(d, 2, 'a', KEY);
  expectToken(d, 3, '...', 'entity.other.document.end.govreport');
  expectToken(d, 4, '---', 'entity.other.document.begin.govreport');
  expectToken(d, 5, '----', PLAIN);
  expectLineWithout(d, 6, 'entity.other.document');
});

test('anchors, aliases and tags stand out', async () => {
  const d = await t(
    'base: &base {a: 1}',
    'copy: *base',
    '<<: *base',
    'str: !!str 12',
    'local: !custom x',
    'list: [&x 1, *x, !t 2]',
  );
  expectToken(d, 0, '&', 'punctuation.definition.anchor.govreport');
  expectToken(d, 0, 'base', 'entity.name.type.anchor.govreport', 1);
  expectToken(d, 0, '{', MAP_BEGIN);
  expectToken(d, 1, '*', 'punctuation.definition.alias.govreport');
  expectAll(d, 1, '*base', 'variable.other.alias.govreport');
  expectToken(d, 2, '<<', KEY);
  expectAll(d, 2, '*base', 'variable.other.alias.govreport');
  expectToken(d, 3, '!!str', 'storage.type.tag-handle.govreport');
  expectToken(d, 3, '12', INT);
  expectToken(d, 4, '!custom', 'storage.type.tag-handle.govreport');
  expectToken(d, 5, 'x', 'entity.name.type.anchor.govreport');
  expectAll(d, 5, '*x', 'variable.other.alias.govreport');
  expectToken(d, 5, '!t', 'storage.type.tag-handle.govreport');
  expectToken(d, 5, '2', INT);
});

test('grammar file is self-contained and matches package.json', () => {
  const raw = JSON.parse(fs.readFileSync(path.join(ROOT, GRAMMAR_FILE), 'utf8')) as Record<string, unknown>;
  assert.equal(raw.scopeName, 'source.govreport');
  const includes: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'include' && typeof v === 'string') includes.push(v);
        else walk(v);
      }
    }
  };
  walk(raw);
  assert.ok(includes.length > 0);
  for (const include of includes) {
    assert.match(include, /^(#[\w-]+|\$self)$/, `external include ${include}`);
    if (include.startsWith('#')) {
      assert.ok((raw.repository as Record<string, unknown>)[include.slice(1)], `missing repository rule ${include}`);
    }
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const grammar = pkg.contributes.grammars.find((g: { language?: string }) => g.language === 'govreport');
  assert.equal(grammar.scopeName, 'source.govreport');
  assert.equal(path.normalize(grammar.path), path.normalize('./' + GRAMMAR_FILE));
  const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'govreport');
  assert.equal(path.normalize(language.configuration), path.normalize('./language-configuration.json'));
});

// ---------------------------------------------------------------------------------------------
// language-configuration.json

interface LanguageConfiguration {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  folding: { offSide: boolean };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; action: { indent: string } }[];
  wordPattern: string;
}

function readLanguageConfiguration(): LanguageConfiguration {
  const text = fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8');
  return JSON.parse(text) as LanguageConfiguration; // throws on invalid JSON
}

test('language configuration: comments, brackets, pairs, folding', () => {
  const config = readLanguageConfiguration();
  assert.deepEqual(config.comments, { lineComment: '#' });
  assert.deepEqual(config.brackets, [
    ['[', ']'],
    ['{', '}'],
  ]);
  const pair = (open: string) => config.autoClosingPairs.find((p) => p.open === open);
  for (const [open, close] of [
    ['[', ']'],
    ['{', '}'],
    ['"', '"'],
    ["'", "'"],
    ['“', '”'],
    ['《', '》'],
    ['（', '）'],
    ['【', '】'],
  ]) {
    assert.equal(pair(open)?.close, close, `auto-closing ${open}`);
    assert.ok(
      config.surroundingPairs.some(([o, c]) => o === open && c === close),
      `surrounding ${open}${close}`,
    );
  }
  // ASCII quotes never auto-close inside strings/comments (e.g. an apostrophe in text)
  assert.deepEqual(pair('"')?.notIn?.slice().sort(), ['comment', 'string']);
  assert.deepEqual(pair("'")?.notIn?.slice().sort(), ['comment', 'string']);
  // Chinese pairs are typed inside block text, which is a string: they must close there
  for (const open of ['“', '《', '（', '【']) assert.ok(!pair(open)?.notIn?.includes('string'), open);
  assert.equal(config.folding.offSide, true);
});

test('language configuration: indentation rules', () => {
  const config = readLanguageConfiguration();
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of [
    'overview:',
    '  results:                               # 三、本年度办理结果',
    'preamble: |',
    '  proactive: |-',
    '  text: >2 # comment',
    '  - text: |',
    '  - title:',
    '  -',
    '  rows: [',
  ]) {
    assert.ok(increase.test(line), `should indent after ${JSON.stringify(line)}`);
  }
  for (const line of [
    'agency: 台儿庄区民政局',
    '  licensing: 0      # 行政许可:',
    '  received:      [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量',
    '  website: http://www.tez.gov.cn/',
    '# 注释:',
    '  other: 无。',
  ]) {
    assert.ok(!increase.test(line), `should not indent after ${JSON.stringify(line)}`);
  }
  assert.ok(decrease.test('  ]'));
  assert.ok(decrease.test('}'));
  assert.ok(!decrease.test('  a: [1]'));
});

test('language configuration: onEnter rules keep block text indentation', () => {
  const config = readLanguageConfiguration();
  const rules = config.onEnterRules.map((r) => ({ re: new RegExp(r.beforeText), indent: r.action.indent }));
  const actionFor = (line: string) => rules.find((r) => r.re.test(line))?.indent;
  assert.equal(actionFor('preamble: |'), 'indent');
  assert.equal(actionFor('  - text: >- # c'), 'indent');
  // text lines inside a block scalar keep their indentation, even ending with ":" or "["
  assert.equal(actionFor('    2023年我局继续坚持以“公开为原则”，主要做法如下:'), 'none');
  assert.equal(actionFor('    可通过网站（http://www.tez.gov.cn/）查阅['), 'none');
  assert.equal(actionFor('    第二段'), 'none');
  // key lines, sequence items and comments are left to the indentation rules
  assert.equal(actionFor('  results:'), undefined);
  assert.equal(actionFor('  received: [0, 0]'), undefined);
  assert.equal(actionFor('  - item'), undefined);
  assert.equal(actionFor('  # comment'), undefined);
});

test('language configuration: word pattern handles snake_case keys and Chinese text', () => {
  const config = readLanguageConfiguration();
  const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g')) ?? [];
  assert.deepEqual(words('  carried_over:  [0, 12]'), ['carried_over', '0', '12']);
  assert.deepEqual(words('published: 2024-01-16'), ['published', '2024-01-16']);
  assert.deepEqual(words('根据《中华人民共和国政府信息公开条例》（国务院令第711号）相关规定，现向社会公布'), [
    '根据',
    '中华人民共和国政府信息公开条例',
    '国务院令第',
    '711',
    '号',
    '相关规定',
    '现向社会公布',
  ]);
  assert.deepEqual(words('fees: 1.25'), ['fees', '1.25']);
});
