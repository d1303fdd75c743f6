import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, formatReport, parseReport, type OffsetRange, type TextEdit } from '../../server/src/core';
import { EXAMPLE, edit } from '../helpers';

const editsOf = (text: string, range?: OffsetRange): TextEdit[] => formatReport(parseReport(text, 'en'), range);
const format = (text: string, range?: OffsetRange): string => applyEdits(text, editsOf(text, range));
const nonBlank = (s: string) => s.replace(/[ \t]/g, '');
/** A line holding a one-line table row (flow sequence or map after `key:`), with an optional comment. */
const ROW_LINE = /^ *\w+:[ \t]*[[{][^#]*[\]}][ \t]*(#.*)?$/;

/** Asserts that `after` differs from `before` only in spaces on row lines, and that every edit is spaces only. */
function assertOnlyRowWhitespace(before: string, after: string, edits: readonly TextEdit[]): void {
  assert.equal(nonBlank(after), nonBlank(before), 'only spaces changed');
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, 'same lines');
  a.forEach((line, i) => {
    if (line !== b[i]) assert.match(line, ROW_LINE, `line ${i + 1} changed but is not a table row: ${line}`);
  });
  for (const e of edits) {
    assert.match(before.slice(e.range.start, e.range.end), /^[ \t]*$/, 'an edit replaces only spaces');
    assert.match(e.newText, /^ *$/, 'an edit inserts only spaces');
  }
}

describe('format the example report', () => {
  const once = format(EXAMPLE);

  test('is idempotent', () => {
    assert.deepEqual(editsOf(once), []);
    assert.equal(format(once), once);
  });

  test('changes only spaces on table-row lines', () => {
    assertOnlyRowWhitespace(EXAMPLE, once, editsOf(EXAMPLE));
  });

  test('changes exactly the three lines that broke the layout rule', () => {
    const a = EXAMPLE.split('\n');
    const b = once.split('\n');
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
    assert.deepEqual(changed, [
      ['  rules: {issued: 0, repealed: 0, in_force: 0}                 # 规章', '  rules:               {issued: 0, repealed: 0, in_force: 0}   # 规章'],
      ['  received:      [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量', '  received:        [0, 0, 0, 0, 0, 0, 0]   # 一、本年新收政府信息公开申请数量'],
      ['  carried_over:  [0, 0, 0, 0, 0, 0, 0]   # 二、上年结转政府信息公开申请数量', '  carried_over:    [0, 0, 0, 0, 0, 0, 0]   # 二、上年结转政府信息公开申请数量'],
    ]);
  });

  test('reads back as the same data', () => {
    assert.deepEqual(parseReport(once, 'en').data, parseReport(EXAMPLE, 'en').data);
  });
});

describe('layout', () => {
  test('aligns keys, right-aligns cells per column, normalises spaces and lines up comments', () => {
    const text = [
      'appeals:',
      '  review: [12,0,3 ,  0, 15]  # 行政复议',
      '  lawsuit_direct:   [ 1, 10,3,0,14 ]   ',
      '  lawsuit_after_review:\t[0,0,0,0,0]       # 复议后起诉',
      '',
    ].join('\n');
    assert.equal(format(text), [
      'appeals:',
      '  review:               [12,  0, 3, 0, 15]   # 行政复议',
      '  lawsuit_direct:       [ 1, 10, 3, 0, 14]',
      '  lawsuit_after_review: [ 0,  0, 0, 0,  0]   # 复议后起诉',
      '',
    ].join('\n'));
  });

  test('a modified example: the result rows, nested one level deeper, share one layout', () => {
    let text = EXAMPLE;
    text = edit(text, 'disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [12, 3, 0, 0, 0, 0, 15]');
    text = edit(text, 'state_secret:         [0, 0, 0, 0, 0, 0, 0]', 'state_secret:         [1000, 0, 0, 0, 0, 0, 1000]');
    text = edit(text, 'total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [1012, 3, 0, 0, 0, 0, 1015]');
    text = edit(text, 'review:               [0, 0, 0, 0, 0]', 'review: [7, 0, 0, 0, 7]');
    const out = format(text);
    const lines = out.split('\n');
    const at = (key: string) => lines.find((l) => l.trimStart().startsWith(key + ':'));
    assert.equal(at('disclosed'), '    disclosed:            [  12, 3, 0, 0, 0, 0,   15]   # （一）予以公开');
    assert.equal(at('partially_disclosed'), '    partially_disclosed:  [   0, 0, 0, 0, 0, 0,    0]   # （二）部分公开');
    assert.equal(at('state_secret'), '      state_secret:         [1000, 0, 0, 0, 0, 0, 1000]');
    assert.equal(at('administrative_query'), '      administrative_query: [   0, 0, 0, 0, 0, 0,    0]');
    assert.equal(at('total'), '    total:                [1012, 3, 0, 0, 0, 0, 1015]   # （七）总计');
    // another group: the top rows of table 三 keep single-digit columns
    assert.equal(at('carried_forward'), '  carried_forward: [0, 0, 0, 0, 0, 0, 0]   # 四、结转下年度继续办理');
    assert.equal(at('review'), '  review:               [7, 0, 0, 0, 7]   # 行政复议');
    // the header line between the rows is not a row: untouched
    assert.equal(at('withheld'), '    withheld:                                     # （三）不予公开');
    assertOnlyRowWhitespace(text, out, editsOf(text));
    assert.deepEqual(editsOf(out), []);
  });

  test('table 二 maps: spaces normalised, values right-aligned per entry, `{` aligned', () => {
    const text = [
      'proactive:',
      '  rules: {  issued: 12 ,repealed:   0,  in_force: 3 }   # 规章',
      '  normative_documents: {issued: 1, repealed: 100, in_force: 3}# not a comment: part of nothing',
      '',
    ].join('\n');
    // the second line is not valid YAML (`}#`): nothing at all is formatted
    assert.deepEqual(editsOf(text), []);
    const valid = text.replace('}# not a comment: part of nothing', '} # 行政规范性文件');
    assert.equal(format(valid), [
      'proactive:',
      '  rules:               {issued: 12, repealed:   0, in_force: 3}   # 规章',
      '  normative_documents: {issued:  1, repealed: 100, in_force: 3}   # 行政规范性文件',
      '',
    ].join('\n'));
  });

  test('cells are aligned by display width: a CJK character takes two columns', () => {
    const text = 'applications:\n  received: [无, 10]\n  carried_over: [100, 0]\n';
    assert.equal(format(text), 'applications:\n  received:     [ 无, 10]\n  carried_over: [100,  0]\n');
  });

  test('rows that are not one-line flow rows after a plain key are left alone and do not count', () => {
    const text = [
      'applications:',
      '  received: [1,',
      '    2]',
      '  carried_over:',
      '    - 1',
      '    - 2',
      '  "carried_forward": [1,2]',
      'appeals:',
      '  review: [1, 2,]',
      '  lawsuit_direct: [1,2]',
      '  lawsuit_after_review: [[1], 2]',
      '',
    ].join('\n');
    assert.equal(format(text), text.replace('lawsuit_direct: [1,2]', 'lawsuit_direct: [1, 2]'));
  });
});

describe('everything but the rows survives byte for byte', () => {
  const text = [
    '# 台儿庄区民政局：自己一行的注释   ',
    'format: 2021',
    'preamble: |',
    '  正文里的 # 不是注释，[1,2 ,  3] 也不是表格行',
    '  received:   [1,2]',
    '',
    'applications:   # 三',
    '  # 列：自然人 | 商业企业',
    '  received: [10,2 ,  3]     #   一、本年新收  ',
    '',
    '  carried_over: [1,20,3]',
    '  results:',
    '    other:',
    '      other: [1,2, 3] #x',
    'appeals:',
    '  review: [1,2]   # 行政复议',
    'problems:',
    '  issues: >-',
    '    折叠  #  文本',
    '    第二行',
    '',
  ].join('\n');

  test('only row spacing changes: comments, block text, blank lines and Chinese text are kept', () => {
    const out = format(text);
    assert.equal(out, text
      .replace('  received: [10,2 ,  3]     #   一、本年新收  ', '  received:     [10,  2, 3]   #   一、本年新收  ')
      .replace('  carried_over: [1,20,3]', '  carried_over: [ 1, 20, 3]')
      .replace('      other: [1,2, 3] #x', '      other: [1, 2, 3]   #x')
      .replace('  review: [1,2]   # 行政复议', '  review: [1, 2]   # 行政复议'));
    assertOnlyRowWhitespace(text, out, editsOf(text));
    // a comment glued to `]` is a YAML error: then nothing at all is formatted
    assert.deepEqual(editsOf(text.replace('[1,2, 3] #x', '[1,2, 3]#x')), []);
  });

  test('CRLF stays CRLF', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    assert.notEqual(format(crlf), crlf);
    assert.equal(format(crlf), format(text).replace(/\n/g, '\r\n'));
    assert.equal(format(EXAMPLE.replace(/\n/g, '\r\n')), format(EXAMPLE).replace(/\n/g, '\r\n'));
  });

  test('a BOM stays', () => {
    assert.equal(format('\uFEFF' + EXAMPLE), '\uFEFF' + format(EXAMPLE));
  });
});

describe('range formatting', () => {
  const text = [
    'applications:',
    '  received: [10,2,3]  # a',
    '  carried_over: [1,2,3]  # b',
    '  carried_forward: [1,2,3]',
    '',
  ].join('\n');
  /** From the start of line `n` to the end of line `m` (0-based, before the line break). */
  const lineRange = (n: number, m = n): OffsetRange => {
    const lines = text.split('\n');
    const startOf = (i: number) => lines.slice(0, i).reduce((a, l) => a + l.length + 1, 0);
    return { start: startOf(n), end: startOf(m) + lines[m]!.length };
  };

  test('touches only the rows in the range, laid out as their whole group', () => {
    const out = format(text, lineRange(2));
    assert.equal(out, text.replace('  carried_over: [1,2,3]  # b', '  carried_over:    [ 1, 2, 3]   # b'));
    assert.equal(format(out), format(text), 'the range and then the document agree with the document at once');
  });

  test('a range over several lines, a cursor, and a selection ending at the start of the next line', () => {
    assert.equal(format(text, lineRange(1, 2)), format(text).replace('  carried_forward: [ 1, 2, 3]', '  carried_forward: [1,2,3]'));
    const cursor = text.indexOf('carried_forward');
    assert.equal(format(text, { start: cursor, end: cursor }), text.replace('carried_forward: [1,2,3]', 'carried_forward: [ 1, 2, 3]'));
    const line1 = lineRange(1);
    assert.equal(format(text, { start: line1.start, end: line1.end + 1 }), format(text, line1), 'the next line is not selected');
    assert.deepEqual(editsOf(text, lineRange(0)), [], 'a range without rows');
  });
});

describe('property: random counts and random spaces', () => {
  // The example's table rows: their line index, the text before the cells and the comment (if any).
  interface RowLine { index: number; head: string; open: string; close: string; count: number; keys: string[] | undefined; comment: string }
  const lines = EXAMPLE.split('\n');
  const rowLines: RowLine[] = lines.flatMap((line, index) => {
    const m = /^( *\w+:) *([[{])(.*)([\]}]) *(#.*)?$/.exec(line);
    if (!m) return [];
    const keys = m[2] === '{' ? m[3]!.split(',').map((e) => e.split(':')[0]!.trim()) : undefined;
    return [{ index, head: m[1]!, open: m[2]!, close: m[4]!, count: m[3]!.split(',').length, keys, comment: m[5] ?? '' }];
  });
  const cells = rowLines.reduce((n, r) => n + r.count, 0);
  const sp = (n: number) => ' '.repeat(n);

  /** The example with these counts; `spaces` (0…3 each) adds that many extra spaces around cells and before comments. */
  function build(counts: readonly number[], spaces: readonly number[] | undefined): string {
    const out = [...lines];
    let c = 0;
    let s = 0;
    const extra = () => (spaces ? sp(spaces[s++ % spaces.length]!) : '');
    for (const r of rowLines) {
      const items: string[] = [];
      for (let i = 0; i < r.count; i++) {
        const value = `${extra()}${counts[c++]}${extra()}`;
        items.push(r.keys ? `${r.keys[i]}:${sp(1)}${value}` : value);
      }
      out[r.index] = `${r.head} ${r.open}${items.join(`,${extra()}`)}${r.close}${r.comment ? `${sp(1)}${extra()}${r.comment}` : extra()}`;
    }
    return out.join('\n');
  }

  test('formatted text reads back as the same data, differs only in spaces, is idempotent and canonical', () => {
    assert.equal(rowLines.length, 30, 'two maps, 25 + 3 rows');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100000 }), { minLength: cells, maxLength: cells }),
        fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 64 }),
        (counts, spaces) => {
          const messy = build(counts, spaces);
          const doc = parseReport(messy, 'en');
          assert.deepEqual(doc.syntax, []);
          const edits = formatReport(doc);
          const out = applyEdits(messy, edits);
          assert.deepEqual(parseReport(out, 'en').data, doc.data);
          assertOnlyRowWhitespace(messy, out, edits);
          assert.deepEqual(editsOf(out), [], 'idempotent');
          assert.equal(out, format(build(counts, undefined)), 'the spaces typed do not matter');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('never throws, no edits on bad input', () => {
  test('syntax errors, an empty document, a lone dash, a scalar document', () => {
    for (const text of ['', '-', '- ', '\n\n', 'just text', 'applications: [', `${EXAMPLE}\n  : [`, 'applications:\n  received: [1,2\n', 'appeals:\n\treview: [1,2]\n', 'appeals: {review: [1 ,2]}\n', 'appeals:\n  - review: [1 ,2]\n']) {
      assert.deepEqual(editsOf(text), [], JSON.stringify(text));
    }
  });

  test('anchors, aliases, duplicate keys: no edits', () => {
    assert.deepEqual(editsOf('appeals:\n  review: &a [1 ,2]\n  lawsuit_direct: *a\n'), []);
    assert.deepEqual(editsOf('appeals:\n  review: [1 ,2]\n  review: [1 ,2]\n'), []);
  });

  test('arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ':', ' ', '  ', '\n', '[', ']', '{', '}', ',', '1', '#', '-', 'received', 'appeals', 'review', '\t', '"', '|') }), (s) => {
        const text = `appeals:\n  review: ${s}`;
        const edits = editsOf(text);
        if (edits.length > 0) assert.equal(nonBlank(applyEdits(text, edits)), nonBlank(text));
      }),
      { numRuns: 300 },
    );
  });
});
