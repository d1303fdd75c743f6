// Hostile documents with fixed expectations: alias bombs, 10,000-deep nesting, a 50 MB file, a
// single 10 MB line, 100,000 keys, huge numbers. Each gets a clear diagnostic; what is asserted is
// what the code does (one "too large" diagnostic, the parsed result), never how long it took: a test
// must not depend on how busy the machine is. The times are measured by `npm run bench`
// (scripts/bench.mjs, "hostile inputs"); docs/limits.md has the figures. The only clock here is a
// hang guard per suite (node:test's timeout), far above the measured cost.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze, bytesOverLimit, complete, DEFAULT_MAX_BYTES, documentSymbols, fixAll, foldingRanges, formatReport, hover, selectionRanges, MAX_TOKENS,
  maxBytesFromMiB, tokensBeyond, utf8Length,
  type AnalyzeOptions, type Analysis,
} from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

/**
 * A hang guard, not a bound: the slowest suite ("size") costs about 7 s on a quiet 2-core machine and
 * its slowest test under 3 s (`npm run bench` measures each case); 120 s is over 10 times that, so only
 * a real hang (quadratic blow-up, an endless loop) trips it, never a busy machine.
 */
const HANG_GUARD = { timeout: 120_000 };

/** analyze(), with every range inside the text; also fixAll and format (which must not throw). */
function checked(text: string, options: AnalyzeOptions = {}): Analysis {
  const analysis = analyze(text, { lang: 'en', ...options });
  fixAll(analysis);
  formatReport(analysis.document);
  for (const d of analysis.diagnostics) {
    assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `${d.code} ${JSON.stringify(d.range)}`);
    assert.doesNotMatch(d.message, /could not check this file/);
  }
  return analysis;
}

/** The one diagnostic of a refused text. */
function refused(a: Analysis, message: RegExp): void {
  assert.equal(a.diagnostics.length, 1, a.diagnostics.slice(0, 3).map((d) => d.message).join('\n'));
  const [d] = a.diagnostics;
  assert.equal(d!.code, 'yaml-syntax');
  assert.equal(d!.severity, 'error');
  assert.match(d!.message, message);
  assert.equal(a.document.data, undefined, 'a refused text is never turned into data');
  assert.deepEqual(fixAll(a), []);
  assert.deepEqual(formatReport(a.document), []);
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');
const TOO_LARGE = /^The file is too large to check/;
const NESTED = /^The document is nested more than 32 levels deep/;

// ------------------------------------------------------------------------------- alias bombs

describe('alias bombs ("billion laughs"): refused, never expanded', HANG_GUARD, () => {
  const names = 'abcdefghij';
  const block = names.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(i === 0 ? '"lol"' : `*${names[i - 1]}`).join(', ')}]`).join('\n');
  const flow = `{${names.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(i === 0 ? 'lol' : `*${names[i - 1]}`).join(',')}]`).join(', ')}}`;
  const merge = `base: &base {format: 2021}\n${lines(1000, (i) => `k${i}: {<<: *base}`)}`;
  // 9^9 = 387,420,489 strings if expanded
  for (const [name, text] of [['block style', block], ['flow style', flow], ['merge keys', merge], ['inside the example', `${EXAMPLE}\n${block.replace(/^(\w):/gm, 'x$1:')}\n`]] as const) {
    test(name, () => {
      const a = checked(text);
      assert.ok(a.diagnostics.length > 0);
      for (const d of a.diagnostics) {
        assert.equal(d.code, 'yaml-syntax');
        assert.match(d.message, /^(Anchors \(&\w+\) are not allowed|Aliases \(\*\w+\) are not allowed)/, d.message);
      }
      assert.equal(a.document.data, undefined, 'never turned into data (the aliases are never expanded)');
    });
  }
});

// ------------------------------------------------------------------------------- nesting

describe('10,000-deep nesting: one diagnostic, no stack overflow', HANG_GUARD, () => {
  const cases: [string, string][] = [
    ['flow sequences', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['flow maps', `a: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['unclosed flow', `a: ${'['.repeat(10_000)}`],
    ['mixed flow', `a: ${'[{b: '.repeat(5000)}`],
    ['compact block sequences', `${'- '.repeat(10_000)}x\n`],
    ['block maps, 2 spaces a level (first 1,000 levels)', lines(1000, (i) => `${' '.repeat(2 * i)}k${i}:`)],
    ['a deep row in the example', edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', `received:      ${'['.repeat(10_000)}0${']'.repeat(10_000)}`)],
  ];
  for (const [name, text] of cases) {
    test(name, () => refused(checked(text), NESTED));
  }
  test('block maps 10,000 levels deep: 50 MB of indentation, too large; read, still one nesting diagnostic', () => {
    const text = lines(10_000, (i) => `${' '.repeat(i)}k:`);
    refused(checked(text), TOO_LARGE);
    refused(checked(text, { maxBytes: Infinity }), NESTED);
  });
  test('brackets in quotes and comments are not nesting', () => {
    const text = edit(EXAMPLE, 'other: 无。', `other: "${'[{'.repeat(10_000)}"   # ${'['.repeat(10_000)}`);
    const a = checked(text);
    assert.deepEqual(a.diagnostics.filter((d) => d.code === 'yaml-syntax'), []);
  });
});

// ------------------------------------------------------------------------------- size

describe('size: 50 MB files are refused with one diagnostic, a 10 MB line is read', HANG_GUARD, () => {
  // a paragraph is a line: 40 sentences, 3.8 KB (a text of 50 MB in lines of 98 bytes would be refused
  // for its 510,000 lines: more tokens than any report)
  const paragraph = `  ${'根据《中华人民共和国政府信息公开条例》现向社会公布本年度报告。'.repeat(40)}\n`;
  const fifty = edit(EXAMPLE, 'preamble: |\n', `preamble: |\n${paragraph.repeat(Math.ceil(50e6 / Buffer.byteLength(paragraph)))}`);

  test('a 50 MB report: "too large", on the first line', () => {
    assert.ok(Buffer.byteLength(fifty) > 50e6);
    const a = checked(fifty);
    refused(a, /^The file is too large to check: 47\.\d MiB, the limit is 10\.0 MiB \(a report is far smaller\)$/);
    assert.deepEqual(a.diagnostics[0]!.range, { start: 0, end: EXAMPLE.indexOf('\n') });
    assert.match(analyze(fifty).diagnostics[0]!.message, /^文件过大|^The file is too large/); // Chinese once the bundle has it
  });
  test('the same report with maxBytes raised (govreport.limits.maxFileSize): read and clean', () => {
    assert.deepEqual(checked(fifty, { maxBytes: 64 * 1024 * 1024 }).diagnostics, []);
  });
  test('a 50 MB file of one character per line, and of NULs', () => {
    refused(checked('-\n'.repeat(25e6)), TOO_LARGE);
    refused(checked('\u0000'.repeat(50e6)), TOO_LARGE);
  });
  test('a single 10 MB line (10,000,000 bytes, under 10 MiB): read', () => {
    const text = edit(EXAMPLE, /preamble: \|\n {2}[^\n]*\n/, `preamble: ${'x'.repeat(10e6)}\n`);
    assert.ok(Buffer.byteLength(text) < DEFAULT_MAX_BYTES);
    const a = checked(text);
    assert.deepEqual(a.diagnostics.filter((d) => d.code === 'yaml-syntax' || d.code === 'schema'), []);
  });
  test('a single 10 MB line of a quoted string full of brackets: read', () => {
    const text = `preamble: "${'[{'.repeat(5e6 - 10)}"`;
    assert.ok(Buffer.byteLength(text) < DEFAULT_MAX_BYTES);
    const a = checked(text);
    assert.deepEqual(a.diagnostics.filter((d) => d.code === 'yaml-syntax'), []);
  });
  test('a single 10 MB line of cells: more tokens than any report', () => {
    refused(checked(`a: [${'0,'.repeat(5e6 - 10)}0]`), TOO_LARGE);
  });
  // each of these took seconds per MB before the token limit (15 s for 10 MB of blank lines, 33 s for
  // 2 MB of lone quotes, with 1.5 million diagnostics): under 10 MiB, refused by the token count
  for (const [name, unit, inReport] of [['blank lines', '\n', true], ['CRLF blank lines', '\r\n', true], ['comment lines', '#\n', true], ['lone quotes', "'\n", true], ['quoted keys', '"a"\n', true], ['directives', '%\n', false], ['document markers', '---\n', true]] as const) {
    test(`10 MB of ${name}: more tokens than any report`, () => {
      const body = unit.repeat(Math.floor(10e6 / unit.length));
      refused(checked(body), TOO_LARGE);
      if (inReport) refused(checked(edit(EXAMPLE, 'preamble: |', `${body}preamble: |`)), TOO_LARGE);
    });
  }
  test('10 MB of one-character lines in one text: more tokens than any report', () => {
    // inside a document `%` starts no directive: the lines fold into one multi-line plain scalar
    refused(checked(edit(EXAMPLE, 'preamble: |', `${'%\n'.repeat(5e6)}preamble: |`)), TOO_LARGE);
    refused(checked(edit(EXAMPLE, 'preamble: |\n', `preamble: |\n${'  x\n'.repeat(2.5e6)}`)), TOO_LARGE);
    refused(checked('|\n'.repeat(5e6)), TOO_LARGE);
  });
  test('features on a refused file stay away from its ten million lines', () => {
    for (const text of ['\n'.repeat(10e6), fifty]) {
      const a = analyze(text, { lang: 'en' });
      assert.equal(a.document.tooLarge, true);
      // what the features answer on a refused text: nothing, or the trivial answer (no walk over its lines)
      assert.deepEqual(complete(a.document, text.length >> 1, 'en'), []);
      assert.equal(hover(a, text.length >> 1, 'en'), undefined);
      assert.deepEqual(documentSymbols(a.document, 'en'), []);
      // no structure is read from a refused text: at most the folds of comment blocks
      assert.ok(foldingRanges(a.document).every((r) => r.kind === 'comment'));
      const ranges = selectionRanges(a.document, [0, text.length >> 1]);
      assert.equal(ranges.length, 2);
    }
  });
  test('the limit counts UTF-8 bytes, exactly', () => {
    const text = 'format: "' + '年'.repeat(100) + '"'; // 10 + 300 bytes
    assert.equal(utf8Length(text), 310);
    assert.equal(utf8Length('\u{1f600}\ud800a'), 4 + 3 + 1);
    assert.equal(bytesOverLimit(text, 310), undefined);
    assert.equal(bytesOverLimit(text, 309), 310);
    assert.equal(analyze(text, { lang: 'en', maxBytes: 310 }).diagnostics.some((d) => TOO_LARGE.test(d.message)), false);
    refused(analyze(text, { lang: 'en', maxBytes: 309 }), TOO_LARGE);
    assert.equal(bytesOverLimit(text, Infinity), undefined);
    assert.equal(bytesOverLimit(text, NaN), undefined);
  });
  test('maxFileSize in MiB: a positive number, else the default', () => {
    assert.equal(maxBytesFromMiB(1), 1024 * 1024);
    assert.equal(maxBytesFromMiB(0.5), 512 * 1024);
    assert.equal(maxBytesFromMiB('20'), 20 * 1024 * 1024);
    for (const bad of [0, -1, NaN, Infinity, 'x', '', null, undefined, {}]) assert.equal(maxBytesFromMiB(bad), DEFAULT_MAX_BYTES, String(bad));
  });
});

// ------------------------------------------------------------------------------- many keys

describe('100,000 keys: more tokens than any report, refused; read on request, every key reported', HANG_GUARD, () => {
  const keys = lines(100_000, (i) => `k${i}: ${i}`);

  test('100,000 keys: one diagnostic at the line where the limit is passed', () => {
    const a = checked(keys);
    refused(a, /^The file is too large to check: more than 100000 YAML tokens \(keys, values, punctuation, comments, line breaks; a report has about 1,000\)$/);
    const line = keys.slice(0, a.diagnostics[0]!.range.start).split('\n').length;
    assert.equal(line, 25_001); // key, `:`, value and line break: 4 tokens a line
  });
  test('100,000 keys with the token limit lifted: every unknown key reported', () => {
    const a = checked(keys, { maxTokens: Infinity });
    assert.equal(a.diagnostics.filter((d) => /^Unknown key k\d+ in the report/.test(d.message)).length, 100_000);
  });
  test('100,000 duplicate keys with the token limit lifted: every duplicate reported', () => {
    const a = checked(lines(100_000, () => 'a: 1'), { maxTokens: Infinity });
    assert.equal(a.diagnostics.length, 99_999);
    assert.ok(a.diagnostics.every((d) => d.code === 'yaml-syntax' && d.message === 'Duplicate key: every key may appear once in a mapping'));
  });
  test('20,000 unknown keys in a report (under the token limit): read in full', () => {
    const text = edit(EXAMPLE, 'other_matters:\n', `other_matters:\n${lines(20_000, (i) => `  extra_${i}: ${i}`)}\n`);
    const a = checked(text);
    assert.equal(a.diagnostics.filter((d) => /^Unknown key extra_\d+/.test(d.message)).length, 20_000);
  });
  test('the token count', () => {
    assert.equal(MAX_TOKENS, 100_000);
    assert.equal(tokensBeyond(EXAMPLE, 1000), -1, 'the example has 751 tokens');
    const at = tokensBeyond(EXAMPLE, 100);
    assert.ok(at > 0 && at < EXAMPLE.length);
    assert.equal(tokensBeyond('a: [1, 2, 3]', 100), -1, 'a text shorter than the limit is not counted');
    assert.equal(tokensBeyond('a: [1, 2, 3]', 9), -1);
    assert.equal(tokensBeyond('a: [1, 2, 3]', 8), 11, 'the offset of the first token past the limit');
    assert.equal(tokensBeyond('a: 1   # [[[[[[[[[[[[[[[[[[\n', 5), -1, 'a comment is one token, spaces none');
    assert.equal(tokensBeyond('\n'.repeat(11), 10), 10, 'every line break counts');
    assert.equal(tokensBeyond(`a: |\n${'  x\n'.repeat(10)}`, 12), 5, 'and every line of a text');
    assert.equal(tokensBeyond(`a: |\n${'  x\n'.repeat(10)}`, 16), -1);
  });
});

// ------------------------------------------------------------------------------- numbers

describe('huge and odd numbers: a schema error each, no crash, no wrong arithmetic', HANG_GUARD, () => {
  const cases: [string, string, string][] = [
    ['1e400', 'licensing: 1e400', '1e400 is not a plain decimal number: write it as digits, e.g. 16 or 2.5'],
    ['a 400-digit integer', `licensing: ${'9'.repeat(400)}`, `行政许可 (licensing) must be a whole number, but is ${'9'.repeat(400)}`],
    ['-0', 'licensing: -0', '-0 is negative zero: write 0'],
    ['.inf', 'licensing: .inf', '.inf is not a plain decimal number: write it as digits, e.g. 16 or 2.5'],
    ['-.inf', 'licensing: -.inf', '-.inf is not a plain decimal number: write it as digits, e.g. 16 or 2.5'],
    ['.nan', 'licensing: .nan', '.nan is not a plain decimal number: write it as digits, e.g. 16 or 2.5'],
    ['2^53 + 1', 'licensing: 9007199254740993', '行政许可 (licensing) must be at most 9007199254740991, but is 9007199254740993'],
  ];
  for (const [name, line, message] of cases) {
    test(name, () => {
      const text = edit(EXAMPLE, 'licensing: 0', line);
      const a = checked(text);
      assert.deepEqual(a.diagnostics.map((d) => [d.code, d.message, text.slice(d.range.start, d.range.end)]), [['schema', message, line.slice('licensing: '.length)]]);
    });
  }
  test('in a table row: the schema error, and no arithmetic on a cell that is not a count', () => {
    for (const cell of ['1e400', '9'.repeat(400), '-0', '.inf']) {
      const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', `received:      [${cell}, 0, 0, 0, 0, 0, 0]`);
      assert.deepEqual(checked(text).diagnostics.map((d) => d.code), ['schema'], cell);
    }
  });
});

describe('sums beyond 2^53', HANG_GUARD, () => {
  const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [9007199254740991, 9007199254740991, 0, 0, 0, 0, 0]');
  test('the row total is reported, but no fix writes a number that is not a count', () => {
    const a = analyze(text, { lang: 'en' });
    const rowTotal = a.diagnostics.find((d) => d.code === 'row-total');
    assert.match(rowTotal!.message, /the sum of its six columns is 18014398509481982/);
    assert.equal(rowTotal!.fix, undefined);
    assert.deepEqual(fixAll(a), []);
  });
});
