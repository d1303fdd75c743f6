// stringFields and proseFields were rewritten to walk with one path (no array per table cell); their
// output must not change. The original implementation is kept here as the reference and compared
// over every fixture report and seeded random values (sparse arrays, nested objects, the keys that
// proseFields leaves out, at the top level and deeper).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseReport } from '../../server/src/core';
import { proseFields, stringFields, type TextField } from '../../server/src/core/model/text-fields';
import { EXAMPLE, ROOT } from '../helpers';

// ------------------------------------------------------------------ the reference (before the rewrite)

function refStringFields(data: unknown): TextField[] {
  const out: TextField[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === 'string') out.push({ path, value: v });
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
  };
  walk(data, []);
  return out;
}

const REF_NOT_PROSE = new Set(['format', 'agency', 'agency_kind', 'year', 'published', 'deadline', 'title', 'contact']);

function refProseFields(data: unknown): TextField[] {
  return refStringFields(data).filter((f) => !REF_NOT_PROSE.has(String(f.path[0])) && f.path[f.path.length - 1] !== 'title');
}

// ------------------------------------------------------------------ comparison

const same = (data: unknown, where: string) => {
  assert.deepEqual(stringFields(data), refStringFields(data), `stringFields of ${where}`);
  assert.deepEqual(proseFields(data), refProseFields(data), `proseFields of ${where}`);
};

describe('stringFields and proseFields: the same as the reference implementation', () => {
  test('every fixture report, and the example', () => {
    const dir = path.join(ROOT, 'test/fixtures');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.govreport.yaml'));
    assert.ok(files.length >= 5, `fixture reports found: ${files.length}`);
    let prose = 0;
    for (const file of files) {
      const data = parseReport(fs.readFileSync(path.join(dir, file), 'utf8'), 'en').data;
      same(data, file);
      prose += proseFields(data).length;
    }
    same(parseReport(EXAMPLE, 'en').data, 'the example');
    // not vacuous: the reports have prose, and what proseFields leaves out is there to leave out
    assert.ok(prose > 50, `prose fields: ${prose}`);
    const example = parseReport(EXAMPLE, 'en').data;
    assert.ok(stringFields(example).length > proseFields(example).length);
  });

  test('each path is a fresh array (a caller may keep or change it)', () => {
    const fields = stringFields({ a: ['x', 'y'], b: { c: 'z' } });
    assert.deepEqual(fields, [{ path: ['a', 0], value: 'x' }, { path: ['a', 1], value: 'y' }, { path: ['b', 'c'], value: 'z' }]);
    fields[0]!.path.push('changed');
    assert.deepEqual(fields[1]!.path, ['a', 1]);
  });

  test('seeded random values', () => {
    const key = fc.oneof(fc.constantFrom(...REF_NOT_PROSE, 'overview', 'extra', 'preamble', '0', '1', 'x', '__proto__', 'constructor'), fc.string({ maxLength: 4 }));
    const value = fc.anything({ key, maxDepth: 4, withSparseArray: true, withNullPrototype: true, withObjectString: true });
    // a report-like top level: an object, often with keys proseFields leaves out
    const report = fc.dictionary(key, value, { maxKeys: 8 });
    fc.assert(fc.property(fc.oneof(value, report), (data) => same(data, JSON.stringify(data) ?? String(data))), { seed: 20261205, numRuns: 3000 });
  });
});
