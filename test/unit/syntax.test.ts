import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { EXAMPLE, cellAt, check, codes, edit } from '../helpers';

describe('yaml-syntax', () => {
  test('duplicate keys', () => {
    const found = check(edit(EXAMPLE, 'year: 2023\n', 'year: 2023\nyear: 2024\n'));
    assert.deepEqual(codes(found), ['yaml-syntax']);
    assert.equal(found[0]!.at, '6:1', 'on the second occurrence');
    assert.equal(found[0]!.message, 'Duplicate key: every key may appear once in a mapping');
  });
  test('anchors, aliases and tags: a report is plain data', () => {
    const text = edit(edit(EXAMPLE, '  licensing: 0', '  licensing: &n 0'), '  penalty: 0', '  penalty: *n');
    const found = check(text);
    assert.deepEqual(codes(found), ['yaml-syntax', 'yaml-syntax']);
    assert.deepEqual(found.map((f) => f.covers), ['&n', '*n']);
    const tag = check(edit(EXAMPLE, '  licensing: 0', '  licensing: !!int 0'));
    assert.deepEqual(tag.map((f) => [f.code, f.covers]), [['yaml-syntax', '!!int']]);
  });
  test('syntax errors come alone: no schema errors pile up on a broken file', () => {
    const text = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [0, 0, 0, 0, 0, 0, 0');
    const found = check(text);
    assert.ok(found.length >= 1);
    assert.ok(found.every((f) => f.code === 'yaml-syntax'));
  });
  test('ranges are clamped to one line', () => {
    const text = 'format: 2021\npreamble: "unterminated\n  and more\nagency: x\n';
    for (const d of analyze(text).diagnostics) {
      assert.ok(!text.slice(d.range.start, d.range.end).includes('\n'), JSON.stringify(d));
    }
  });
  test('tabs as indentation', () => {
    const found = check('overview:\n\tproactive: x\n');
    assert.equal(found[0]!.code, 'yaml-syntax');
    assert.equal(found[0]!.at, '2:1');
    assert.match(found[0]!.message, /Tabs are not allowed/);
  });
  test('more than one document', () => {
    const found = check(`${EXAMPLE}---\nformat: 2021\n`);
    assert.ok(found.some((f) => f.code === 'yaml-syntax' && /one YAML document/.test(f.message)), JSON.stringify(found.map((f) => f.message)));
  });
});

describe('bad input never throws and gets a clear diagnostic', () => {
  const cases: [string, string][] = [
    ['empty file', ''],
    ['a lone -', '-'],
    ['only a comment', '# nothing\n'],
    ['a scalar', 'hello'],
    ['NUL bytes', 'format: 2021\u0000\u0000'],
    ['a lone surrogate', 'agency: \ud800\n'],
    ['unclosed flow', 'a: [\n'],
    ['a stray quote', '"'],
    ['1000-deep flow nesting', `a: ${'['.repeat(1000)}${']'.repeat(1000)}`],
    ['1000-deep block nesting', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['10000-deep flow nesting', `${'{a: '.repeat(10000)}1${'}'.repeat(10000)}`],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      const { diagnostics } = analyze(text);
      assert.ok(diagnostics.length > 0, 'expected at least one diagnostic');
      for (const d of diagnostics) {
        assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, JSON.stringify(d.range));
        assert.ok(d.message.length > 0);
      }
    });
  }
  test('an empty file says what a report is', () => {
    assert.match(check('')[0]!.message, /A report is a YAML mapping of keys/);
    assert.match(check('-', { lang: 'zh' })[0]!.message, /报告应为 YAML 键值映射/);
  });
  test('deep nesting is refused with a message, not a stack overflow', () => {
    const found = check(`a: ${'['.repeat(40)}${']'.repeat(40)}`);
    assert.deepEqual(codes(found), ['yaml-syntax']);
    assert.match(found[0]!.message, /nested/);
  });
});

describe('line endings, BOM, size', () => {
  test('CRLF: the example is clean and ranges are exact', () => {
    const crlf = EXAMPLE.replace(/\n/g, '\r\n');
    assert.deepEqual(check(crlf), []);
    const broken = edit(crlf, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]');
    const rowTotal = check(broken).find((f) => f.code === 'row-total')!;
    assert.equal(rowTotal.at, cellAt(broken, 'received', 6));
    assert.equal(rowTotal.covers, '0');
  });
  test('a BOM is accepted', () => {
    assert.deepEqual(check(`\ufeff${EXAMPLE}`), []);
  });
  test('a 5 MB report is checked (and stays clean)', () => {
    const paragraph = `  ${'根据《中华人民共和国政府信息公开条例》现向社会公布本年度报告。'.repeat(40)}\n`;
    const big = edit(EXAMPLE, 'preamble: |\n', `preamble: |\n${paragraph.repeat(Math.ceil((5 * 1024 * 1024) / (paragraph.length * 3)))}`);
    assert.ok(Buffer.byteLength(big) >= 5 * 1024 * 1024, `size ${Buffer.byteLength(big)}`);
    assert.deepEqual(check(big), []);
    const broken = edit(big, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 1]');
    assert.deepEqual(codes(check(broken)).filter((c) => c !== 'text-table-mismatch'), ['balance', 'balance']);
  });
});
