// `govreport/export` over stdio (dist/server.js): the Word export of an open report, the refusal of a report
// with errors unless `force`, and the PDF error when no converter is given that exists.
//
// Run: npm run build && node --test out/test/lsp/export.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExportRequest, type ExportParams, type ExportResult } from '../../server/src/protocol';
import { gridOf, tablesOf, unzipDocx } from '../docx-xml';
import { EXAMPLE, LspClient } from './lsp-client';

describe('govreport/export', () => {
  test('docx of an open report; a report with errors is refused unless force; a missing PDF converter is named', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-lsp-export-'));
    const client = await LspClient.start({ pullConfiguration: false, locale: 'en' });
    try {
      const text = fs.readFileSync(EXAMPLE, 'utf8');
      const uri = pathToFileURL(path.join(dir, 'tez.govreport.yaml')).href;
      await client.open(uri, text, 1);
      const ok = await client.request<ExportResult>(ExportRequest, { uri, format: 'docx' } satisfies ExportParams, 20_000);
      assert.equal(ok.ok, true);
      assert.equal(ok.errors, 0);
      assert.ok(ok.data, 'the bytes');
      const tables = tablesOf(unzipDocx(Buffer.from(ok.data, 'base64'))['word/document.xml']!);
      assert.equal(tables.length, 3);

      // an unsaved change with an error: the open text is what is exported
      const broken = text.replace('total:                [0, 0, 0, 0, 0, 0, 0]', 'total:                [0, 0, 4, 0, 0, 0, 0]');
      const uri2 = pathToFileURL(path.join(dir, 'broken.govreport.yaml')).href;
      await client.open(uri2, broken, 1);
      const refused = await client.request<ExportResult>(ExportRequest, { uri: uri2, format: 'docx' } satisfies ExportParams, 20_000);
      assert.equal(refused.refused, true);
      assert.ok(refused.errors > 0);
      assert.equal(refused.data, undefined);
      const forced = await client.request<ExportResult>(ExportRequest, { uri: uri2, format: 'docx', force: true } satisfies ExportParams, 20_000);
      assert.ok(forced.data);
      const grid = gridOf(tablesOf(unzipDocx(Buffer.from(forced.data, 'base64'))['word/document.xml']!)[1]!);
      assert.ok(grid.some((row) => row[2] === '（七）总计' && row[5] === '4'));

      const noConverter = await client.request<ExportResult>(ExportRequest,
        { uri, format: 'pdf', pdfConverter: path.join(dir, 'no-such-soffice') } satisfies ExportParams, 20_000);
      assert.equal(noConverter.data, undefined);
      assert.match(noConverter.message ?? '', /The PDF converter .*no-such-soffice does not exist or cannot be run/);
    } finally {
      await client.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
