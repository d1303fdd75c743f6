// The language server reads closed files as the CLI does (node/files.ts): regular files only, never
// blocking its event loop on a FIFO (`didClose` of such a path re-reads the disk), and decoded with
// the same detection (a GBK report of the workspace is checked as Chinese text, with the `encoding`
// information).
//
// Run: npm run build && node --test out/test/lsp/files.test.js
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { EXAMPLE, LspClient, ROOT, showDiagnostics } from './lsp-client';

const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');
const GB_BYTES = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'encodings', 'taierzhuang-minzheng-2023.gb18030.govreport.yaml'));

const dirs: string[] = [];
after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });
function tempDir(): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-lsp-files-')));
  dirs.push(d);
  return d;
}

describe('closed files in the language server', () => {
  test('didClose of a FIFO named *.govreport.yaml does not block the server', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'p.govreport.yaml');
    execFileSync('mkfifo', [fifo]);
    const client = await LspClient.start({ pullConfiguration: true, locale: 'en', rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }] });
    try {
      const fifoUri = pathToFileURL(fifo).href;
      await client.open(fifoUri, EXAMPLE_TEXT);
      await client.waitForVersion(fifoUri, 1);
      await client.close(fifoUri);
      // the server still answers: a document opened after the close gets its diagnostics
      const other = pathToFileURL(path.join(dir, 'other.govreport.yaml')).href;
      const mark = client.lastSeq;
      await client.open(other, `${EXAMPLE_TEXT}\nextra_key: 1\n`);
      const p = await client.waitForVersion(other, 1, mark);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['schema'], showDiagnostics(p.diagnostics));
      assert.ok(fs.statSync(fifo).isFIFO());
    } finally {
      await client.dispose();
    }
  });

  test('a GBK report of the workspace (closed, govreport.validate.workspace): checked as Chinese, one `encoding` information; unreadable ones say why', async () => {
    const dir = tempDir();
    const gbk = path.join(dir, 'gbk.govreport.yaml');
    fs.writeFileSync(gbk, GB_BYTES);
    // neither a FIFO nor a link to /dev/zero holds up the indexing
    execFileSync('mkfifo', [path.join(dir, 'p.govreport.yaml')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'z.govreport.yaml'));
    // files refused for what they are: said, not passed over
    const bad = path.join(dir, 'bad.govreport.yaml');
    fs.writeFileSync(bad, Buffer.concat([GB_BYTES.subarray(0, 700), Buffer.from([0xff]), GB_BYTES.subarray(700)]));
    const big = path.join(dir, 'big.govreport.yaml');
    fs.writeFileSync(big, EXAMPLE_TEXT);
    fs.truncateSync(big, 11 * 1024 * 1024); // sparse
    const folder = pathToFileURL(dir).href;
    const client = await LspClient.start({
      pullConfiguration: true, locale: 'en', rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }],
      settings: { govreport: { validate: { workspace: true } } },
    });
    try {
      const uri = pathToFileURL(gbk).href;
      const p = await client.waitForPublication(uri, () => true, 'the GBK report validated');
      assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['encoding', DiagnosticSeverity.Information, 0]], showDiagnostics(p.diagnostics));
      assert.match(String(p.diagnostics[0]!.message), /read as GB18030/);
      for (const [file, message] of [[bad, /^GovReport cannot read this file: the bytes are not valid text in any encoding read: GB18030 \(byte 0xFF at offset 700\)/], [big, /^GovReport cannot read this file: too large to check: 11\.0 MiB, the limit is 10\.0 MiB/]] as const) {
        const q = await client.waitForPublication(pathToFileURL(file).href, () => true, `${path.basename(file)} validated`);
        assert.deepEqual(q.diagnostics.map((d) => [d.code, d.severity]), [['yaml-syntax', DiagnosticSeverity.Error]], showDiagnostics(q.diagnostics));
        assert.match(String(q.diagnostics[0]!.message), message);
      }
    } finally {
      await client.dispose();
    }
  });
});
