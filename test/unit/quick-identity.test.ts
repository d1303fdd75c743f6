// quickIdentity: the agency and year read from a report's first lines without parsing all of it. Its
// shortcut for the usual lines must read exactly what YAML reads, and everything else goes to the parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { quickIdentity, reportIdentity } from '../../server/src/core';

/** What the full parser makes of the two lines. */
const parsed = (agency: string, year: string) => {
  try {
    return reportIdentity(parse(`agency:${agency}\nyear:${year}\n`));
  } catch {
    return undefined;
  }
};

describe('quickIdentity', () => {
  test('the usual lines, and the ones the shortcut leaves to the parser', () => {
    const cases: [string, string][] = [
      [' 台儿庄区民政局', ' 2023'], ['  台儿庄区民政局  ', '2023  '], [' 台儿庄区民政局 # 注释', ' 2023 # c'], [' "台儿庄区民政局"', ' 2023'],
      [" '台儿庄区民政局'", ' "2023"'], [' 123', ' 2023'], [' true', ' 2023'], [' 某局：办公室', ' 2023'], [' 某局: 办公室', ' 2023'],
      [' 台儿庄区民政局\r', ' 2023\r'], [' 局', ' 0x7E7'], [' 局', ' 2023.0'], [' 局', ' 20230'], [' ', ' 2023'], [' 某局 （试）', ' 2023'],
    ];
    for (const [agency, year] of cases) {
      assert.deepEqual(quickIdentity(`# a comment\nformat: 2021\nagency:${agency}\nyear:${year}\npublished: 2024-01-16\n`), parsed(agency, year), `agency:${agency} year:${year}`);
    }
    assert.deepEqual(quickIdentity('agency: 台儿庄区民政局\nyear: 2023\n'), { agency: '台儿庄区民政局', year: 2023 });
    assert.equal(quickIdentity('format: 2021\nyear: 2023\n'), undefined);
    assert.equal(quickIdentity('  agency: 某局\nyear: 2023\n'), undefined, 'an indented agency is not the top-level key');
  });

  test('reads what YAML reads, for any agency and year text (property)', () => {
    const piece = fc.constantFrom('台', '儿', '庄', '局', ' ', '#', ':', '"', "'", '1', 'a', '（', '）', '-', '\t', '*', '&', '!', '[', '{', ',');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.constantFrom('2', '0', '1', '3', ' ', '.', '#', 'x'), { maxLength: 6 }), (a, y) => {
      const agency = ` ${a.join('')}`;
      const year = ` ${y.join('')}`;
      assert.deepEqual(quickIdentity(`agency:${agency}\nyear:${year}\n`), parsed(agency, year));
    }), { numRuns: 2000 });
  });
});
