// Round trip (issues 12 and 14): a report exported to Word by renderDocx and imported back by readDocx +
// toReport is the same report — every cell of tables 二, 三 and 四 and every paragraph of every text
// field — for the example (2021 format, zeros and long texts), a report with a distinct non-zero number
// in every cell (a cell put into the wrong row or column cannot pass), and the real 2019 report.
//
// What the import adds and why (inherent, not a loss): the Word document has no field for these, the
// importer derives them as it does from any published report (docs/import.md), and marks them for review:
// - `agency_kind` when the report has none: inferred from the name (…局 → department);
// - `title` when the report has none: the title line the document shows (agency + year + 年度报告);
// - `contact` when the report has none: read from the preamble when it gives an address (the 2019
//   report's preamble names www.shanghai.gov.cn).
// Text is compared paragraph by paragraph, each trimmed: a paragraph's leading indent and the blank lines
// between paragraphs are layout in Word (first-line indent, paragraph spacing), not text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { analyze, renderDocx } from '../../server/src/core';
import { proseFields } from '../../server/src/core/model/text-fields';
import { agencyKind, readDocx, toReport } from '../../server/src/core/import';
import { EXAMPLE, ROOT } from '../helpers';

const FIXTURE_2019 = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'shanghai-bangongting-2019.govreport.yaml'), 'utf8');

type Data = Record<string, unknown>;

/** A string as its paragraphs (lines), each trimmed, blank ones left out. */
const paragraphs = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** The data with every string as its paragraphs joined by one line break. */
function normalised(v: unknown): unknown {
  if (typeof v === 'string') return paragraphs(v).join('\n');
  if (Array.isArray(v)) return v.map(normalised);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalised(x)]));
  return v;
}

/**
 * Every number cell (and blank cell) of tables 二, 三 and 四 replaced by a distinct non-zero number; the
 * 2019 本年增/减 (`change`) negative, as it is signed; the 2021 fees a decimal (万元).
 */
function distinctNumbers(text: string): string {
  const data = parse(text) as Data;
  let n = 0;
  const fill = (v: unknown, key: string): unknown => {
    if (typeof v === 'number' || v === null) return key === 'change' ? -++n : ++n;
    if (Array.isArray(v)) return v.map((x) => fill(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, k)]));
    return v;
  };
  for (const key of ['proactive', 'applications', 'appeals']) data[key] = fill(data[key], key);
  const proactive = data['proactive'] as Data;
  if (typeof proactive['fees'] === 'number') proactive['fees'] = 12.34;
  assert.ok(n > 100, `${n} cells`);
  return stringify(data, { lineWidth: 0 });
}

async function roundTrip(text: string): Promise<{ original: Data; imported: Data; notes: string[] }> {
  const analysis = analyze(text, { lang: 'en' });
  assert.deepEqual(analysis.document.syntax, []);
  const bytes = await renderDocx(analysis, { lang: 'en' });
  const result = toReport(readDocx(bytes, { lang: 'en' }), { source: 'round-trip.docx' });
  return { original: analysis.document.data as Data, imported: result.data, notes: result.notes.map((n) => `${n.path.join('.')}: ${n.message}`) };
}

/** The round trip holds: the same data once the fields the import derives (see above) are accounted for. */
function assertSameReport(original: Data, imported: Data): void {
  const expected = structuredClone(original);
  // the fields the import derives where the report had none (see the header)
  if (!('agency_kind' in original)) {
    assert.equal(imported['agency_kind'], agencyKind(String(original['agency'])));
    expected['agency_kind'] = imported['agency_kind'];
  }
  if (!('title' in original)) {
    assert.equal(imported['title'], `${String(original['agency'])}${String(original['year'])}年政府信息公开工作年度报告`);
    expected['title'] = imported['title'];
  }
  if (!('contact' in original) && imported['contact'] !== undefined) {
    const preamble = String(original['preamble'] ?? '');
    for (const v of Object.values(imported['contact'] as Data)) assert.ok(preamble.includes(String(v)), `contact ${String(v)} is in the preamble`);
    expected['contact'] = imported['contact'];
  }

  // every cell of the three tables
  for (const key of ['proactive', 'applications', 'appeals']) assert.deepEqual(imported[key], original[key], `table ${key}`);
  // every text field, paragraph by paragraph (and no text field that the report does not have)
  const importedTexts = new Map(proseFields(imported).map((f) => [f.path.join('.'), f.value]));
  for (const field of proseFields(original)) {
    const key = field.path.join('.');
    assert.deepEqual(paragraphs(importedTexts.get(key) ?? ''), paragraphs(field.value), key);
    importedTexts.delete(key);
  }
  assert.deepEqual([...importedTexts.keys()], [], 'text fields the report does not have');
  // and the whole report: metadata, the preamble, the order of everything
  assert.deepEqual(normalised(imported), normalised(expected));
}

describe('export to Word and import back', () => {
  test('the example report (2021 format): every cell and every paragraph', async () => {
    const { original, imported } = await roundTrip(EXAMPLE);
    assertSameReport(original, imported);
  });

  test('a distinct non-zero number in every cell: each comes back in its own row and column', async () => {
    const { original, imported } = await roundTrip(distinctNumbers(EXAMPLE));
    assertSameReport(original, imported);
    assert.equal((imported['proactive'] as Data)['fees'], 12.34);
  });

  test('the 2019 report (2019 format, blank cells as ~): every cell and every paragraph', async () => {
    const { original, imported, notes } = await roundTrip(FIXTURE_2019);
    assert.equal(imported['format'], 2019);
    assertSameReport(original, imported);
    // its published 采购总金额 is text with its unit ("251000元"): kept as written, with a note
    assert.ok(notes.some((n) => n.startsWith('proactive.procurement.amount:')), notes.join('\n'));
  });

  test('the 2019 report with distinct numbers in every cell (signed 本年增/减 included)', async () => {
    const { original, imported } = await roundTrip(distinctNumbers(FIXTURE_2019));
    assertSameReport(original, imported);
  });
});
