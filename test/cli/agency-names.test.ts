// `govreport check` over a folder pairs last year's report of a body that was published under a name
// with fewer higher administrative levels (台儿庄区民政局 → 枣庄市台儿庄区民政局), says which report it
// paired with, and pairs nothing when the exact name has a report of its own.
//
// Run: npm run build && node --test out/test/cli/agency-names.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { EXAMPLE_TEXT as EXAMPLE, runCli, show, tempDir, write } from './helpers';

const once = (text: string, from: string, to: string): string => {
  assert.equal(text.split(from).length, 2, `exactly one ${from}`);
  return text.replace(from, to);
};
const lastYear = once(once(once(EXAMPLE, 'year: 2023', 'year: 2022'), 'published: 2024-01-16', 'published: 2023-01-16'),
  'carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [3, 0, 0, 0, 0, 0, 3]');

describe('govreport check: names across years', () => {
  test('a report under the longer name is checked against last year\'s under the shorter one', async () => {
    const dir = tempDir('govreport-names-');
    const old = write(path.join(dir, '2022.govreport.yaml'), lastYear);
    const now = write(path.join(dir, '2023.govreport.yaml'), once(EXAMPLE, 'agency: 台儿庄区民政局', 'agency: 枣庄市台儿庄区民政局'));
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir]);
    assert.equal(r.code, 1, `last year's report does not balance (carried forward 3 of 0): exit 1\n${show(r)}`);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    const byFile = new Map(results.map((x) => [x.filePath, x.messages]));
    assert.deepEqual(byFile.get(old)!.filter((m) => m.ruleId.includes('year') || m.ruleId === 'carry-over-mismatch'), [], 'compared with nothing older');
    const carry = byFile.get(now)!.filter((m) => m.ruleId === 'carry-over-mismatch');
    assert.equal(carry.length, 2, show(r));
    for (const m of carry) assert.match(m.message, /\(paired with the report of 台儿庄区民政局 for 2022, 2022\.govreport\.yaml\)$/);
  });
});
