// The 2019 format over the protocol: a 2019-format report opened in the language server gets its
// own checks (no 2021 error), hover in its labels, and govreport/newReport for 2020 is a 2019-format
// skeleton.
//
// Run: npm run build && node --test out/test/lsp/format-2019.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, positionAt, showDiagnostics, withServer } from './lsp-client';

const SHANGHAI = fs.readFileSync(path.join(ROOT, 'test/fixtures/shanghai-bangongting-2019.govreport.yaml'), 'utf8');
const core = require(path.join(ROOT, 'dist', 'core.js')) as {
  analyze(text: string, options?: { lang: 'zh' | 'en' }): unknown;
  fixAll(analysis: unknown): unknown[];
  applyEdits(text: string, edits: unknown[]): string;
};
/** The 2020 report of the same office: blanks written 0, totals recomputed. */
const REPORT_2020 = (() => {
  const text = SHANGHAI.replace(/~/g, '0').replace('year: 2019', 'year: 2020').replace('published: 2020-01-31', 'published: 2021-01-29');
  return core.applyEdits(text, core.fixAll(core.analyze(text)));
})();
const uri = (name: string) => pathToFileURL(path.join(ROOT, 'test', 'lsp', 'virtual-2019', name)).href;

describe('the 2019 format over LSP', () => {
  test('diagnostics: none on a clean 2020 report; on the published 2019 one, a schema error per blank cell only', async () => {
    await withServer({ pullConfiguration: true, locale: 'en', settings: { govreport: {} } }, async (client) => {
      const clean = uri('a-2020.govreport.yaml');
      await client.open(clean, REPORT_2020, 1);
      const p2020 = await client.waitForVersion(clean, 1);
      assert.deepEqual(p2020.diagnostics, [], showDiagnostics(p2020.diagnostics));
      const published = uri('b-2019.govreport.yaml');
      await client.open(published, SHANGHAI, 1);
      const p2019 = await client.waitForVersion(published, 1);
      assert.equal(p2019.diagnostics.length, 135);
      assert.ok(p2019.diagnostics.every((d) => d.code === 'schema'), showDiagnostics(p2019.diagnostics));
    });
  });

  test('hover names the 2019 columns; newReport for 2020 is in the 2019 format', async () => {
    await withServer({ pullConfiguration: true, locale: 'zh-cn', settings: { govreport: {} } }, async (client) => {
      const doc = uri('c-2020.govreport.yaml');
      await client.open(doc, REPORT_2020, 1);
      await client.waitForVersion(doc, 1);
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri: doc }, position: positionAt(REPORT_2020, REPORT_2020.indexOf('total: 524')),
      });
      assert.match(hover.contents.value, /对外公开总数量/);
      const report = await client.request<{ text: string }>('govreport/newReport', { agency: '某局', year: 2020, kind: 'department' });
      assert.match(report.text, /^format: 2019$/m);
      assert.match(report.text, /other_services: \{previous: 0, change: 0, decisions: 0\}/);
    });
  });
});
