// Tests of `govreport render FILE [-o OUT.html] [--lang zh|en]`: run as a child process (the bin,
// which loads the dist/cli.js bundle and its media/report.css), on temporary folders.
//
// Run: npm run build && node --test out/test/cli/render.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_TEXT, ROOT, runCli, show, tempDir, write } from './helpers';

const HOSTILE_PATH = path.join(ROOT, 'test', 'fixtures', 'xss', 'hostile.govreport.yaml');
const CSS = fs.readFileSync(path.join(ROOT, 'media', 'report.css'), 'utf8');

/** The page is whole, self-contained and carries the stylesheet. */
function assertPage(html: string): void {
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">'), html.slice(0, 200));
  assert.ok(html.includes('<meta charset="utf-8">'));
  assert.ok(html.includes('content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:"'));
  assert.ok(html.includes(CSS.trim().replace(/</g, '\\3c ')), 'media/report.css is inlined');
  assert.ok(html.trimEnd().endsWith('</html>'));
  // no script, no external resource (report text may say `src=`, escaped, outside any tag)
  assert.ok(!/<(script|link|img|iframe|object|embed)\b/i.test(html), 'no script or resource element');
  assert.ok(!/<[a-z][^>]*\s(src|href)=/i.test(html), 'no src or href attribute');
}

describe('govreport render', () => {
  test('to stdout: the standalone page, exit 0, nothing on stderr', async () => {
    const dir = tempDir('govreport-render-');
    const file = write(path.join(dir, 'report.govreport.yaml'), EXAMPLE_TEXT);
    const r = await runCli(['render', file]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stderr, '');
    assertPage(r.stdout);
    assert.ok(r.stdout.includes('<title>台儿庄区民政局2023年政府信息公开工作年度报告</title>'));
    assert.ok(r.stdout.includes('<p class="gr-date">2024年1月16日</p>'));
    assert.deepEqual(fs.readdirSync(dir), ['report.govreport.yaml'], 'nothing written beside the report');
  });

  test('-o OUT.html / --output=OUT.html: the same page in a file (created or replaced), no temporary file left', async () => {
    const dir = tempDir('govreport-render-');
    const file = write(path.join(dir, 'report.govreport.yaml'), EXAMPLE_TEXT);
    const toStdout = await runCli(['render', file]);
    const out = path.join(dir, 'report.html');
    const r = await runCli(['render', file, '-o', out]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(out, 'utf8'), toStdout.stdout);
    // replacing an existing file, the long option, a relative path
    write(out, 'old');
    const again = await runCli(['render', '--output=report.html', 'report.govreport.yaml'], { cwd: dir });
    assert.equal(again.code, 0, show(again));
    assert.equal(fs.readFileSync(out, 'utf8'), toStdout.stdout);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['report.govreport.yaml', 'report.html']);
  });

  test('a BOM is not part of the report; the hostile fixture renders as text', async () => {
    const dir = tempDir('govreport-render-');
    const file = write(path.join(dir, 'bom.govreport.yaml'), `\ufeff${EXAMPLE_TEXT}`);
    const r = await runCli(['render', file]);
    assert.equal(r.code, 0, show(r));
    assert.ok(r.stdout.includes('台儿庄区民政局2023年政府信息公开工作年度报告'));
    const hostile = await runCli(['render', HOSTILE_PATH, '--lang', 'en']);
    assert.equal(hostile.code, 0, show(hostile));
    assertPage(hostile.stdout);
    assert.ok(hostile.stdout.includes('&lt;script&gt;alert(&#39;agency&#39;)&lt;/script&gt;'));
    assert.doesNotMatch(hostile.stdout, /href="javascript:/i);
    // a report with problems is still rendered; stderr says so
    assert.match(hostile.stderr, /^govreport: .*hostile\.govreport\.yaml has \d+ errors and 1 warning; run govreport check for the details\n$/);
  });

  test('not valid YAML: exit 1, the first syntax error on stderr, nothing written', async () => {
    const dir = tempDir('govreport-render-');
    const file = write(path.join(dir, 'broken.govreport.yaml'), 'format: 2021\nagency: [台儿庄区民政局\nyear: 2023\n');
    const out = path.join(dir, 'broken.html');
    const r = await runCli(['render', file, '-o', out, '--lang', 'en']);
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^govreport: .*broken\.govreport\.yaml:\d+:\d+ is not valid YAML, nothing was rendered: /);
    assert.ok(!fs.existsSync(out));
    const toStdout = await runCli(['render', file]);
    assert.equal(toStdout.code, 1, show(toStdout));
    assert.equal(toStdout.stdout, '');
  });

  test('usage and I/O errors: exit 2 with a message', async () => {
    const dir = tempDir('govreport-render-');
    const file = write(path.join(dir, 'ok.govreport.yaml'), EXAMPLE_TEXT);
    const cases: [string, string[], RegExp][] = [
      ['no file', ['render'], /no FILE given/],
      ['two files', ['render', file, file], /render takes one FILE, not 2/],
      ['check option', ['render', '--fix', file], /--fix is an option of check, not of render/],
      ['check --format', ['render', '--format', 'json', file], /--format of render must be html, docx or pdf, not "json"/],
      ['render --force with check', ['check', '--force', file], /--force is an option of render, not of check/],
      ['--pdf-converter without pdf', ['render', '--format', 'docx', '--pdf-converter', '/x/soffice', file], /--pdf-converter goes with --format pdf/],
      ['docx output folder missing', ['render', file, '--format', 'docx', '-o', path.join(dir, 'no', 'x.docx')], /cannot write .*x\.docx: ENOENT/],
      ['-o with check (stylish)', ['check', '-o', path.join(dir, 'x.html'), file], /-o\/--output writes the json, sarif or html format, not stylish/],
      ['empty -o', ['render', file, '--output='], /-o needs a file name/],
      ['-o without value', ['render', file, '-o'], /-o/],
      ['bad --lang', ['render', '--lang', 'fr', file], /--lang must be zh or en, not "fr"/],
      ['missing file', ['render', path.join(dir, 'missing.govreport.yaml')], /cannot read .*missing\.govreport\.yaml: ENOENT/],
      ['a folder', ['render', dir], /cannot read .*: not a regular file but a folder/],
      ['output folder missing', ['render', file, '-o', path.join(dir, 'no', 'such', 'dir', 'x.html')], /cannot write .*x\.html: ENOENT/],
      ['output is a folder', ['render', file, '-o', dir], /cannot write /],
    ];
    for (const [name, args, pattern] of cases) {
      const r = await runCli(args, { env: { LANG: 'en_US.UTF-8' } });
      assert.equal(r.code, 2, `${name}: ${show(r)}`);
      assert.equal(r.stdout, '', name);
      assert.match(r.stderr, /^govreport: /, name);
      assert.match(r.stderr, pattern, `${name}: ${show(r)}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
    }
    assert.deepEqual(fs.readdirSync(dir), ['ok.govreport.yaml']);
  });

  test('--help lists the render command', async () => {
    const r = await runCli(['--help'], { env: { LANG: 'en_US.UTF-8' } });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /govreport render FILE \[--format html\|docx\|pdf\] \[-o OUT\] \[--force\] \[--lang zh\|en\]/);
  });
});
