// `govreport/importReport` over stdio (dist/server.js, the importer from dist/import.js): a published
// page imported to the text of a report with its review notes, rolled over to the next year for New
// Report, clear refusals (not a report, no file, wrong params), and the `import-review` diagnostics:
// one per `# 导入：` comment of an open report, gone when the comment is deleted.
//
// Run: npm run build && node --test out/test/lsp/import.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { ImportReportRequest, type ImportReportParams, type ImportReportResult } from '../../server/src/protocol';
import { LspClient, ROOT } from './lsp-client';

const PAGE = path.join(ROOT, 'test', 'fixtures', 'corpus', 'shuyang-fgj-2023.html');
const EXPECTED = path.join(ROOT, 'test', 'fixtures', 'corpus', 'shuyang-fgj-2023.expected.govreport.yaml');

describe('govreport/importReport', () => {
  test('a saved page: the report as YAML with its notes, and rolled over to the next year', async () => {
    const client = await LspClient.start({ pullConfiguration: false, locale: 'en' });
    try {
      const uri = pathToFileURL(PAGE).href;
      const r = await client.request<ImportReportResult>(ImportReportRequest, { uri } satisfies ImportReportParams, 30_000);
      assert.equal(r.ok, true, r.message);
      assert.equal(r.format, 2021);
      assert.equal(r.agency, '沭阳县发展和改革局');
      assert.equal(r.year, 2023);
      assert.equal(r.rolledOver, undefined, 'only when asked');
      // the data is what `govreport import` writes from the page (its expected file, written by hand)
      const data = parse(r.text!) as Record<string, unknown>;
      assert.deepEqual(data, parse(fs.readFileSync(EXPECTED, 'utf8')));
      const comments = r.text!.split('\n').filter((l) => /^\s*# 导入：/.test(l));
      assert.ok(r.notes.length > 0 && comments.length > 0, 'the notes are returned and in the text as comments');
      assert.ok(r.notes.some((n) => n.path === 'agency_kind'), 'agency_kind is always to review');
      assert.ok(r.emptyCells > 0, 'the blank columns of table 三 stay null');

      const rolled = await client.request<ImportReportResult>(ImportReportRequest, { uri, rollOver: true } satisfies ImportReportParams, 30_000);
      const next = parse(rolled.rolledOver!) as { year: number; agency: string; applications: { carried_over: unknown[]; results: { total: unknown[] } } };
      assert.equal(next.year, 2024);
      assert.equal(next.agency, '沭阳县发展和改革局');
      const forward = (data.applications as { carried_forward: unknown[] }).carried_forward;
      assert.deepEqual(next.applications.carried_over, forward, 'last year\'s carried forward is this year\'s carried over (blank stays blank)');
    } finally {
      await client.dispose();
    }
  });

  test('what is not a report, a missing file and wrong params are refused with a reason', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-lsp-import-'));
    const client = await LspClient.start({ pullConfiguration: false, locale: 'en' });
    try {
      const notes = path.join(dir, 'notes.txt');
      fs.writeFileSync(notes, 'A shopping list: tea, rice.\n');
      const notReport = await client.request<ImportReportResult>(ImportReportRequest, { uri: pathToFileURL(notes).href }, 30_000);
      assert.equal(notReport.ok, false);
      assert.equal(notReport.text, undefined);
      assert.match(notReport.message ?? '', /^cannot import notes\.txt: no section of an annual report/);
      const missing = await client.request<ImportReportResult>(ImportReportRequest, { uri: pathToFileURL(path.join(dir, 'gone.html')).href }, 30_000);
      assert.match(missing.message ?? '', /^cannot import gone\.html: ENOENT/);
      const folder = await client.request<ImportReportResult>(ImportReportRequest, { uri: pathToFileURL(dir).href }, 30_000);
      assert.match(folder.message ?? '', /not a regular file but a folder/);
      for (const params of [undefined, {}, { uri: 7 }, { uri: '' }, { uri: 'file:///x.html', rollOver: 'yes' }]) {
        await assert.rejects(client.request(ImportReportRequest, params), (e: { code: number; message: string }) => {
          assert.equal(e.code, -32602, JSON.stringify(params));
          assert.match(e.message, /^Invalid params for govreport\/importReport: params/);
          return true;
        });
      }
    } finally {
      await client.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('each `# 导入：` comment of an open report is an import-review note until it is deleted', async () => {
    const client = await LspClient.start({ pullConfiguration: false, locale: 'en' });
    try {
      const text = fs.readFileSync(EXPECTED, 'utf8') + '\n# 导入：a note of the test\n';
      const lines = text.split('\n');
      const at = lines.flatMap((l, i) => (/^\s*# 导入：/.test(l) ? [i] : []));
      assert.ok(at.length >= 2);
      const uri = pathToFileURL(path.join(os.tmpdir(), 'imported.govreport.yaml')).href;
      await client.open(uri, text, 1);
      const first = (await client.waitForVersion(uri, 1)).diagnostics.filter((d) => d.code === 'import-review');
      assert.deepEqual(first.map((d) => d.range.start.line), at);
      assert.ok(first.every((d) => d.severity === 3), 'information');
      const last = first[first.length - 1]!;
      assert.equal(last.message, 'Review after import: a note of the test (delete this comment once reviewed)');
      const line = at[at.length - 1]!;
      assert.deepEqual(last.range, { start: { line, character: 0 }, end: { line, character: lines[line]!.length } });
      // the user deletes the first comment line: its note goes, the others stay
      await client.change(uri, 2, [{ range: { start: { line: at[0]!, character: 0 }, end: { line: at[0]! + 1, character: 0 } }, text: '' }]);
      const second = (await client.waitForVersion(uri, 2)).diagnostics.filter((d) => d.code === 'import-review');
      assert.equal(second.length, first.length - 1);
    } finally {
      await client.dispose();
    }
  });
});
