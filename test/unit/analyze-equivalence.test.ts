// The checks must not change what they find when they are made faster: analyze() over the YAML
// fixtures and over seeded random mutations of them (analyze-inputs.ts) must give exactly the
// diagnostics — code, severity, message, range, related ranges, fix edits — and the "fix all totals"
// edits recorded in test/fixtures/analyze-reference.json. That file was written by the code before
// the speed-ups (each input: a hash of its canonical diagnostics and their count), so any difference
// fails here.
//
// An intended change of behaviour rewrites the reference: GOVREPORT_WRITE_REFERENCE=1 node --test
// out/test/unit/analyze-equivalence.test.js (and say why in the commit).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, fixAll } from '../../server/src/core';
import { ROOT } from '../helpers';
import { inputs, type Input } from './analyze-inputs';

const REFERENCE = path.join(ROOT, 'test/fixtures/analyze-reference.json');

/** JSON with sorted keys: the same diagnostics give the same text whatever order their fields were set in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function outcome(input: Input): { key: string; codes: string[]; json: string } {
  const analysis = analyze(input.text, input.options);
  const json = canonical({ diagnostics: analysis.diagnostics, fixAll: fixAll(analysis) });
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 20);
  return { key: `${hash}:${analysis.diagnostics.length}`, codes: analysis.diagnostics.map((d) => d.code), json };
}

describe('analyze gives the recorded diagnostics (behaviour kept through the speed-ups)', () => {
  const all = inputs();
  const results = all.map((input) => ({ input, ...outcome(input) }));

  if (process.env.GOVREPORT_WRITE_REFERENCE === '1') {
    const entries = Object.fromEntries(results.map((r) => [r.input.name, r.key]));
    fs.writeFileSync(REFERENCE, `${JSON.stringify({ about: 'analyze-equivalence.test.ts: hash:count of each input\'s diagnostics', entries }, null, 1)}\n`);
  }

  test('the inputs are distinct and exercise the checks', () => {
    assert.equal(new Set(all.map((i) => i.name)).size, all.length);
    // the mutations reach most rules, so that the comparison below covers them (the across-years ones need two reports)
    const seen = new Set(results.flatMap((r) => r.codes));
    for (const code of [
      'yaml-syntax', 'schema', 'row-total', 'results-total', 'balance', 'appeals-total', 'published-too-early', 'deadline', 'period-mismatch',
      'format-mismatch', 'missing-topic', 'government-accountability', 'processing-fees', 'text-table-mismatch', 'breakdown-sum',
      'template-leftover', 'stale-year', 'blank-cell', 'scope-words',
    ]) assert.ok(seen.has(code), `no input gives ${code}`);
    const findings = results.reduce((a, r) => a + r.codes.length, 0);
    assert.ok(findings > 3 * all.length, `only ${findings} findings over ${all.length} inputs`);
  });

  test('every input gives exactly the recorded diagnostics and fixes', () => {
    const reference = JSON.parse(fs.readFileSync(REFERENCE, 'utf8')) as { entries: Record<string, string> };
    assert.equal(Object.keys(reference.entries).length, all.length, 'the reference has another set of inputs');
    const differ = results.filter((r) => reference.entries[r.input.name] !== r.key);
    if (differ.length > 0) {
      const first = differ[0]!;
      assert.fail(`${differ.length} of ${all.length} inputs differ from the reference, first ${first.input.name}:\n` +
        `${differ.slice(0, 20).map((d) => d.input.name).join(', ')}\n` +
        `${first.input.name} now gives ${first.json.slice(0, 4000)}`);
    }
  });
});
