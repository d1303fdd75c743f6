// server/src/node/pdf.ts with stand-in converters (small shell scripts): how a converter is found, the
// arguments each kind gets (Chromium's flags and a fresh profile, LibreOffice's fresh user installation and
// the DOCX it converts), and the errors a user sees. The real converters run in export-looks.test.ts and
// test/cli/render-export.test.ts.
//
// Run: npx tsc -b && node --test out/test/unit/pdf-converter.test.js
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../server/src/core';
import { converterKind, findConverter, PdfError, renderPdf } from '../../server/src/node';
import { EXAMPLE } from '../helpers';

const dirs: string[] = [];
after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-pdf-test-'));
  dirs.push(dir);
  return dir;
}

/** An executable shell script `name` in `dir`. */
function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const analysis = analyze(EXAMPLE, { lang: 'en' });

describe('PDF converters', () => {
  test('found on PATH: LibreOffice first, else a Chromium; none: undefined; kind from the name', () => {
    const both = tempDir();
    script(both, 'chromium', 'exit 0');
    script(both, 'soffice', 'exit 0');
    assert.deepEqual(findConverter(undefined, { PATH: both }), { kind: 'libreoffice', path: path.join(both, 'soffice') });
    const chrome = tempDir();
    script(chrome, 'google-chrome', 'exit 0');
    fs.writeFileSync(path.join(chrome, 'soffice'), 'not executable', { mode: 0o644 });
    assert.deepEqual(findConverter(undefined, { PATH: chrome }), { kind: 'chromium', path: path.join(chrome, 'google-chrome') });
    assert.equal(findConverter(undefined, { PATH: tempDir() }), undefined);
    assert.deepEqual(findConverter('/opt/office/program/soffice.bin'), { kind: 'libreoffice', path: '/opt/office/program/soffice.bin' });
    assert.equal(converterKind('C:\\Program Files\\LibreOffice\\program\\soffice.exe'), 'libreoffice');
    assert.equal(converterKind('/usr/bin/msedge'), 'chromium');
  });

  test('Chromium: headless print of the standalone page with the safe flags and a fresh profile', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'args.txt');
    // records its arguments and the page, checks the profile folder is fresh, writes a PDF where asked
    const fake = script(dir, 'chromium', `
for a in "$@"; do echo "$a" >> "${log}"; done
for a in "$@"; do case "$a" in
  --user-data-dir=*) p="\${a#--user-data-dir=}"; [ -e "$p" ] && echo "PROFILE EXISTS" >> "${log}";;
  --print-to-pdf=*) out="\${a#--print-to-pdf=}";;
  file://*) page="\${a#file://}";;
esac; done
cp "$page" "${dir}/page.html"
printf '%%PDF-1.4 fake' > "$out"`);
    const bytes = await renderPdf(analysis, { lang: 'en', css: '.govreport{color:black}', converter: fake });
    assert.equal(Buffer.from(bytes).toString('latin1'), '%PDF-1.4 fake');
    const args = fs.readFileSync(log, 'utf8').split('\n');
    for (const flag of ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']) {
      assert.ok(args.includes(flag), flag);
    }
    assert.ok(!args.includes('PROFILE EXISTS'), 'a fresh --user-data-dir');
    const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    assert.ok(!fs.existsSync(path.dirname(profile)), 'the temporary folder is removed afterwards');
    const page = fs.readFileSync(path.join(dir, 'page.html'), 'utf8');
    assert.ok(page.startsWith('<!DOCTYPE html>') && page.includes('.govreport{color:black}') && page.includes('2024年1月16日'));
    assert.ok(!page.includes('gr-problem'), 'no problem marks');
  });

  test('LibreOffice: converts the DOCX export in a fresh user installation', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'args.txt');
    const fake = script(dir, 'soffice', `
for a in "$@"; do echo "$a" >> "${log}"; done
while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; *.docx) doc="$1";; esac; shift; done
cp "$doc" "${dir}/input.docx"
printf '%%PDF-1.7 lo' > "$out/report.pdf"`);
    const bytes = await renderPdf(analysis, { lang: 'en', css: '', converter: fake });
    assert.equal(Buffer.from(bytes).toString('latin1'), '%PDF-1.7 lo');
    const args = fs.readFileSync(log, 'utf8').split('\n');
    assert.ok(args.includes('--headless') && args.includes('--convert-to') && args.includes('pdf'));
    assert.ok(args.some((a) => /^-env:UserInstallation=file:\/\//.test(a)), 'its own user installation');
    assert.equal(fs.readFileSync(path.join(dir, 'input.docx')).subarray(0, 2).toString('latin1'), 'PK', 'the DOCX export');
  });

  test('errors name the converter and what happened (en, zh)', async () => {
    const dir = tempDir();
    const failing = script(dir, 'soffice', 'echo "boom: no display" >&2; exit 3');
    await assert.rejects(renderPdf(analysis, { lang: 'en', css: '', converter: failing }),
      (e: Error) => e instanceof PdfError && e.message.includes(failing) && /made no PDF \(exit 3\): boom: no display/.test(e.message));
    const slow = script(dir, 'chromium', 'sleep 30');
    await assert.rejects(renderPdf(analysis, { lang: 'en', css: '', converter: slow, timeoutMs: 300 }),
      (e: Error) => e instanceof PdfError && /did not finish within 0.3 seconds/.test(e.message));
    await assert.rejects(renderPdf(analysis, { lang: 'zh', css: '', converter: path.join(dir, 'missing') }),
      (e: Error) => e instanceof PdfError && /PDF 转换程序 .*missing 不存在或无法运行/.test(e.message));
    const saved = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      await assert.rejects(renderPdf(analysis, { lang: 'en', css: '' }), (e: Error) => e instanceof PdfError && /No PDF converter found\. Install LibreOffice/.test(e.message));
    } finally {
      process.env.PATH = saved;
    }
  });
});
