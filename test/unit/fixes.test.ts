import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, applyEdits, fixAll } from '../../server/src/core';
import { EXAMPLE, check, codes, edit } from '../helpers';

const fixAllText = (text: string) => applyEdits(text, fixAll(analyze(text)));

describe('fix all totals', () => {
  const broken = [
    ['received:      [0, 0, 0, 0, 0, 0, 0]   #', 'received:      [2, 10, 0, 0, 0, 0, 0]   #'],
    ['disclosed:            [0, 0, 0, 0, 0, 0, 0]', 'disclosed:            [2, 3, 0, 0, 0, 0, 0]'],
    ['not_held:             [0, 0, 0, 0, 0, 0, 0]', 'not_held:             [0, 7, 0, 0, 0, 0, 99]'],
    ['review:               [0, 0, 0, 0, 0]', 'review:               [1, 0, 0, 0, 0]'],
  ].reduce((text, [from, to]) => edit(text, from!, to!), EXAMPLE);

  test('recomputes row totals, then （七）总计, then appeals totals — never balance', () => {
    const fixed = fixAllTotals(broken);
    assert.ok(fixed.includes('received:      [2, 10, 0, 0, 0, 0, 12]  # 一、本年新收政府信息公开申请数量\n'), 'comment column kept');
    assert.ok(fixed.includes('disclosed:            [2, 3, 0, 0, 0, 0, 5]   # （一）予以公开\n'));
    assert.ok(fixed.includes('not_held:             [0, 7, 0, 0, 0, 0, 7]\n'));
    assert.ok(fixed.includes('    total:                [2, 10, 0, 0, 0, 0, 12] # （七）总计\n'), 'two more digits: two fewer spaces');
    assert.ok(fixed.includes('review:               [1, 0, 0, 0, 1]   # 行政复议\n'));
    const left = codes(check(fixed));
    assert.ok(!left.some((c) => ['row-total', 'results-total', 'appeals-total'].includes(c)), left.join());
    // received 12 = total 12 here, so the balance holds; nothing but the totals changed
    assert.deepEqual(left.filter((c) => c !== 'text-table-mismatch'), []);
  });
  test('changes only the total cells (and padding before comments): every other line is byte-identical', () => {
    const before = broken.split('\n');
    const after = fixAllTotals(broken).split('\n');
    assert.equal(after.length, before.length);
    const changed = before.map((l, i) => [l, after[i]!] as const).filter(([a, b]) => a !== b);
    assert.deepEqual(changed.map(([a]) => a.trim().split(':')[0]), ['received', 'disclosed', 'not_held', 'total', 'review']);
    for (const [a, b] of changed) {
      assert.equal(a.replace(/\[.*\]\s*/, ''), b.replace(/\[.*\]\s*/, ''), 'the comment is untouched');
    }
  });
  test('is idempotent, and a no-op on a clean report', () => {
    const once = fixAllTotals(broken);
    assert.equal(fixAllTotals(once), once);
    assert.deepEqual(fixAll(analyze(EXAMPLE)), []);
  });
  test('does nothing on a file that is not valid YAML', () => {
    assert.deepEqual(fixAll(analyze(`${broken}\n  : [`)), []);
  });
  test('rows with malformed cells are left alone', () => {
    const text = edit(broken, 'disclosed:            [2, 3, 0, 0, 0, 0, 0]', 'disclosed:            [2, x, 0, 0, 0, 0, 0]');
    const fixed = fixAllTotals(text);
    assert.ok(fixed.includes('disclosed:            [2, x, 0, 0, 0, 0, 0]'));
    assert.ok(fixed.includes('    total:                [0, 0, 0, 0, 0, 0, 0]'), 'no （七）总计 from incomplete rows');
  });
  test('CRLF text keeps its line endings', () => {
    const fixed = fixAllTotals(broken.replace(/\n/g, '\r\n'));
    assert.equal(fixed, fixAllTotals(broken).replace(/\n/g, '\r\n'));
  });
});

function fixAllTotals(text: string): string {
  return fixAllText(text);
}
