/**
 * docs/format.md is the users' contract for the file format: it must name every key of the schema,
 * in both national formats, with its official label (the schema's `title`), and document nothing the
 * schema does not have.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS, schemaAt, type Path, type ReportFormat } from '../../server/src/core';
import { ROOT } from '../helpers';

const doc = fs.readFileSync(path.join(ROOT, 'docs/format.md'), 'utf8');

/** Every key path of the schema for `format` (array items: their first item's keys, as `extra`). */
function keyPaths(format: ReportFormat): Path[] {
  const out: Path[] = [];
  const walk = (p: Path, depth: number) => {
    const node = schemaAt(p, format);
    if (!node || depth > 8) return;
    for (const key of Object.keys(node.properties ?? {})) {
      out.push([...p, key]);
      walk([...p, key], depth + 1);
    }
    if (node.type === 'array' && node.items && !Array.isArray(node.items)) walk([...p, 0], depth + 1);
  };
  walk([], 0);
  return out;
}

/** The section of docs/format.md for one format's tables: the `## … ` headings name it. */
const backticked = new Set([...doc.matchAll(/`([A-Za-z_][\w.]*)`/g)].map((m) => m[1]!));
const named = (p: Path) => {
  const keys = p.filter((s): s is string => typeof s === 'string');
  // written in full below its part (`results.withheld.state_secret`), or by its own key
  return backticked.has(keys.slice(1).join('.')) || backticked.has(keys.join('.')) || backticked.has(keys[keys.length - 1]!);
};

describe('docs/format.md against the schema', () => {
  for (const format of FORMATS) {
    test(`every key of the ${format} format is documented with its official label`, () => {
      const paths = keyPaths(format);
      assert.ok(paths.length > 60, 'the walk reaches the tables');
      assert.deepEqual(paths.filter((p) => !named(p)).map((p) => p.join('.')), [], 'keys missing from docs/format.md');
      const titles = new Set(paths.map((p) => schemaAt(p, format)?.title).filter((t): t is string => !!t));
      assert.deepEqual([...titles].filter((t) => !doc.includes(t)), [], 'labels missing from docs/format.md');
    });
  }

  test('both formats have their own tables, with an example', () => {
    for (const heading of ['## 二 `proactive` (2021 format)', '## 二 `proactive` (2019 format)', '## 三 `applications`', '## Examples']) {
      assert.ok(doc.includes(heading), heading);
    }
    for (const example of ['format: 2019', 'format: 2021', 'other_services:', 'procurement:', 'in_force:']) assert.ok(doc.includes(example), example);
  });

  test('nothing documented is missing from the schema', () => {
    const known = new Set<string>();
    for (const format of FORMATS) {
      for (const p of keyPaths(format)) {
        const keys = p.filter((s): s is string => typeof s === 'string');
        for (let i = 0; i < keys.length; i++) known.add(keys.slice(i).join('.'));
      }
    }
    // the first cell of every table row of the doc that names a key
    const documented = [...doc.matchAll(/^\| `([A-Za-z_][\w.]*)` \|/gm)].map((m) => m[1]!);
    assert.ok(documented.length > 60);
    assert.deepEqual(documented.filter((k) => !known.has(k)), []);
  });
});
