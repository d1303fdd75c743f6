// The CLI never writes unless asked, and what it writes it writes atomically.
//  - `check` without --fix leaves every file's bytes and mtime alone, even files with errors;
//    --fix leaves alone the files it has nothing to fix in.
//  - `check --fix` killed with SIGKILL at random moments (20 times, over a folder of large reports,
//    enough of them for the worker threads): every report is afterwards either the complete old
//    text or the complete new text, and a later run goes through. A kill between writing the
//    temporary file and renaming it leaves that file behind: it is named `.NAME.govreport.yaml.PID.RANDOM.tmp`
//    (hidden, and not *.govreport.yaml), so no later run reads it as a report (docs/limits.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, fixAll } from '../../server/src/core';
import { EXAMPLE_TEXT, runCli, tempDir, WITH_WORKER } from './helpers';

const REPORT = /\.govreport\.ya?ml$/;

const snapshot = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => {
  const st = fs.statSync(path.join(dir, f));
  return [f, { mtimeMs: st.mtimeMs, bytes: fs.readFileSync(path.join(dir, f)).toString('base64') }];
}));

// ------------------------------------------------------------------------------- never writes unless asked

describe('the CLI writes nothing unless asked', () => {
  const wrongTotals = EXAMPLE_TEXT.replace('received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 2, 0, 0, 0, 0, 0]');
  const files: Record<string, string> = {
    'clean.govreport.yaml': EXAMPLE_TEXT,
    'totals.govreport.yaml': wrongTotals,
    'broken.govreport.yaml': 'applications: [\n',
    'bom-crlf.govreport.yaml': `\ufeff${wrongTotals.replace(/\n/g, '\r\n')}`,
    'binary.govreport.yaml': '\u0000\u0001\ud800 \u202e',
  };
  const make = () => {
    const dir = tempDir('govreport-atomic-');
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), text);
      fs.utimesSync(path.join(dir, name), new Date(2001, 0, 1), new Date(2001, 0, 1)); // any write would show
    }
    return dir;
  };

  for (const args of [['check'], ['check', '--format', 'json'], ['check', '--rule', 'row-total=warning', '--max-warnings', '0'], ['check', '--no-cross-year', '--lang', 'zh']]) {
    test(`${args.join(' ')}: bytes and mtime untouched, errors or not`, async () => {
      const dir = make();
      const before = snapshot(dir);
      const r = await runCli([...args, dir]);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(snapshot(dir), before);
    });
  }
  test('check --fix: only the file with totals to fix is written; the others keep bytes and mtime', async () => {
    const dir = make();
    const before = snapshot(dir);
    const r = await runCli(['check', '--fix', dir]);
    assert.equal(r.code, 1, r.stderr);
    const afterFix = snapshot(dir);
    assert.deepEqual(Object.keys(afterFix), Object.keys(before), 'no other file appears (no temporary file is left)');
    for (const name of Object.keys(files)) {
      if (name === 'totals.govreport.yaml' || name === 'bom-crlf.govreport.yaml') assert.notEqual(afterFix[name]!.bytes, before[name]!.bytes, name);
      else assert.deepEqual(afterFix[name], before[name], name);
    }
    // the fixed file keeps its BOM and CRLF line endings
    const fixed = fs.readFileSync(path.join(dir, 'bom-crlf.govreport.yaml'), 'utf8');
    assert.ok(fixed.startsWith('\ufeff') && !/[^\r]\n/.test(fixed), 'BOM and CRLF kept');
    // and a second --fix has nothing left to write
    const second = snapshot(dir);
    await runCli(['check', '--fix', dir]);
    assert.deepEqual(snapshot(dir), second);
  });
});

// ------------------------------------------------------------------------------- atomic writes

describe('check --fix killed at random moments: every report old or new, never half', () => {
  const FILES = 70; // checked on this thread and a worker (WITH_WORKER)
  const paragraph = '  根据《中华人民共和国政府信息公开条例》现向社会公布本年度报告。\n';
  const oldTexts = Array.from({ length: FILES }, (_, i) => EXAMPLE_TEXT
    .replace('agency: 台儿庄区民政局', `agency: 第${i}局`)
    .replace('received:      [0, 0, 0, 0, 0, 0, 0]', `received:      [${i}, 2, 0, 0, 0, 0, 0]`)
    .replace('review:               [0, 0, 0, 0, 0]', 'review:               [1, 1, 0, 0, 0]')
    .replace('preamble: |\n', `preamble: |\n${paragraph.repeat(800 + 25 * i)}`));
  const newTexts = oldTexts.map((t) => applyEdits(t, fixAll(analyze(t))));
  const name = (i: number) => `r${String(i).padStart(3, '0')}.govreport.yaml`;

  test('20 kills, then a run to the end', async (t) => {
    assert.ok(newTexts.every((n, i) => n !== oldTexts[i]), 'every file has totals to fix');
    const dir = tempDir('govreport-atomic-');
    const reset = () => oldTexts.forEach((text, i) => fs.writeFileSync(path.join(dir, name(i)), text, { mode: 0o640 }));

    // how long a whole run takes here: the kills are spread over it
    reset();
    const whole = await runCli(['check', '--fix', '--format', 'json', dir], { env: WITH_WORKER });
    assert.equal(whole.code, 1, whole.stderr);
    newTexts.forEach((text, i) => assert.equal(fs.readFileSync(path.join(dir, name(i)), 'utf8'), text, `${name(i)} after a whole run`));

    let killedMidway = 0;
    let mixed = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      reset();
      const r = await runCli(['check', '--fix', '--format', 'json', dir], { env: WITH_WORKER, killAfterMs: Math.floor(Math.random() * whole.ms * 1.1) });
      if (r.signal === 'SIGKILL') killedMidway++;
      let olds = 0;
      let news = 0;
      for (let i = 0; i < FILES; i++) {
        const text = fs.readFileSync(path.join(dir, name(i)), 'utf8');
        if (text === oldTexts[i]) olds++;
        else if (text === newTexts[i]) news++;
        else assert.fail(`attempt ${attempt}: ${name(i)} is neither the old nor the new text (${text.length} characters, old ${oldTexts[i]!.length}, new ${newTexts[i]!.length})`);
        assert.equal(fs.statSync(path.join(dir, name(i))).mode & 0o777, 0o640, `${name(i)}: mode kept`);
      }
      if (olds > 0 && news > 0) mixed++;
      // whatever is left besides the reports is a hidden temporary file, never a report
      for (const f of fs.readdirSync(dir)) {
        if (/^r\d{3}\.govreport\.yaml$/.test(f)) continue;
        assert.match(f, /^\.r\d{3}\.govreport\.yaml\.\d+\.\w+\.tmp$/, `unexpected file ${f}`);
        assert.doesNotMatch(f, REPORT);
      }
    }
    const leftovers = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    t.diagnostic(`a whole run: ${whole.ms} ms; killed before the end: ${killedMidway} of 20; runs that had written some files but not all: ${mixed}; temporary files left: ${leftovers.length}`);

    // a later run reads the reports only (not the temporary files) and finishes the job
    const final = await runCli(['check', '--fix', '--format', 'json', dir], { env: WITH_WORKER });
    assert.equal(final.code, 1, final.stderr);
    assert.equal(final.stderr, '');
    const results = JSON.parse(final.stdout) as { filePath: string }[];
    assert.equal(results.length, FILES);
    assert.ok(results.every((r) => REPORT.test(r.filePath)));
    newTexts.forEach((text, i) => assert.equal(fs.readFileSync(path.join(dir, name(i)), 'utf8'), text, `${name(i)} after the final run`));
    for (const text of newTexts.slice(0, 3)) assert.deepEqual(analyze(text).diagnostics.filter((d) => d.code === 'yaml-syntax' || d.code === 'row-total' || d.code === 'appeals-total'), []);
  });
});
