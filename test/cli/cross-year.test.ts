// `govreport check` and the across-years rules: the CLI pairs the files it checks by agency and
// year (never by file name), reports carry-over, copied texts, fee units and duplicates, and
// `--no-cross-year` turns that off. Run as a child process on temporary folders, like cli.test.ts.
//
// Run: npm run build && node --test out/test/cli/cross-year.test.js
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { forgetNormalised, shinglesAgain } from '../../server/src/cli/check';
import { checkAll } from '../../server/src/cli/pool';
import { compareYears, copiedAcrossAgencies, parseReport, yearFacts } from '../../server/src/core';
import { EXAMPLE_TEXT as EXAMPLE, runCli, show, tempDir, WITH_WORKER, write, type RunResult } from './helpers';

interface JsonMessage { ruleId: string; severity: 1 | 2; message: string; line: number; column: number; endLine: number; endColumn: number }
interface JsonResult {
  filePath: string; messages: JsonMessage[]; errorCount: number; warningCount: number; fatalErrorCount: number;
  fixableErrorCount: number; fixableWarningCount: number;
}

function parseJson(r: RunResult): JsonResult[] {
  try {
    return JSON.parse(r.stdout) as JsonResult[];
  } catch (e) {
    return assert.fail(`stdout is not JSON (${(e as Error).message}):\n${show(r)}`);
  }
}

/** Replaces the one occurrence of `from`. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) < 0, `exactly one ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The example as the report of `agency` for `year` (its text keeps its own years). */
function report(year: number, options: { agency?: string; newText?: boolean; edits?: [string, string][] } = {}): string {
  let text = edit(edit(EXAMPLE, 'year: 2023', `year: ${year}`), 'published: 2024-01-16', `published: ${year + 1}-01-16`);
  if (options.agency) text = edit(text, 'agency: 台儿庄区民政局', `agency: ${options.agency}`);
  // the statistics period the text states (period-mismatch would flag another year's)
  text = text.split('2023年1月1日至2023年12月31日').join(`${year}年1月1日至${year}年12月31日`);
  // every prose line written backwards: other texts than the example's (no bigram in common to speak of)
  if (options.newText) {
    text = text.split('\n').map((line) => {
      const m = /^(\s+)([^\s#].*)$/.exec(line);
      // (processing_fees stays: it is never compared, and backwards it would state no fee)
      return !m || /^[a-z_]+:/.test(m[2]!) || m[2]!.includes('费用') ? line : m[1] + [...m[2]!].reverse().join('');
    }).join('\n');
  }
  for (const [from, to] of options.edits ?? []) text = edit(text, from, to);
  return text;
}

const FEES = 'fees: 0           #';
const fees = (value: string): [string, string] => [FEES, `fees: ${value.padEnd(12)}#`];

/** 1-based line and column of the unique `needle`, plus `shift`. */
function at(text: string, needle: string, shift = 0): [number, number] {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0 && text.indexOf(needle, offset + 1) < 0, `exactly one ${needle}`);
  const before = text.slice(0, offset + shift).split('\n');
  return [before.length, before.at(-1)!.length + 1];
}

const COPIED_KEYS = ['proactive', 'on_request', 'management', 'platforms', 'supervision', 'issues', 'improvements', 'work_priorities', 'proposals', 'innovation'];

// ------------------------------------------------------------------------------------------ tests

describe('govreport check across years', () => {
  test('several years of one agency and others: each file against last year\'s, found by agency and year, not by name', async () => {
    const dir = tempDir('govreport-cross-year-');
    const y2023 = report(2023, { edits: [fees('3000')] });
    const files = {
      y2021: write(path.join(dir, 'old', 'first.govreport.yaml'), report(2021, { newText: true })),
      y2022: write(path.join(dir, 'zz-last-by-name.govreport.yaml'), report(2022, { edits: [fees('0.3')] })),
      y2023: write(path.join(dir, 'a', 'b', 'report.govreport.yml'), y2023),
      // a gap: 2024 is missing, so 2025 (a copy of 2023's text) is compared with nothing
      y2025: write(path.join(dir, 'tez-2025.govreport.yaml'), report(2025)),
      // similar names are other agencies: they pair with nothing here (their own texts: a copy of another
      // agency's text of the same year is copied-text across agencies, tested below; a name with more
      // higher levels does pair: test/cli/agency-names.test.ts)
      other: write(path.join(dir, 'other', 'x.govreport.yaml'), report(2022, { agency: '台儿庄区民政局机关', newText: true })),
      other2: write(path.join(dir, 'other', 'y.govreport.yaml'), report(2023, { agency: '峄城区民政局', newText: true })),
    };
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir]);
    assert.equal(r.code, 0, `warnings only: exit 0\n${show(r)}`);
    assert.equal(r.stderr, '');
    const results = parseJson(r);
    assert.deepEqual(results.map((x) => x.filePath), Object.values(files).sort());
    const byFile = new Map(results.map((x) => [x.filePath, x]));
    for (const f of [files.y2021, files.y2025, files.other, files.other2]) assert.deepEqual(byFile.get(f)!.messages, [], f);
    assert.deepEqual(byFile.get(files.y2022)!.messages, [], '2022 against 2021: other texts, same tables, 2021 has no fees');

    const res = byFile.get(files.y2023)!;
    assert.deepEqual(Object.keys(res).sort(), ['errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'suppressedMessages', 'warningCount'], 'JSON shape unchanged');
    assert.deepEqual([res.errorCount, res.warningCount, res.fixableErrorCount, res.fixableWarningCount], [0, 11, 0, 0]);
    const expected = [
      ...COPIED_KEYS.slice(0, 5).map((key) => ['copied-text', ...at(y2023, `\n  ${key}: |`, 3), key.length]),
      ['fee-unit', ...at(y2023, 'fees: 3000', 6), 4],
      ...COPIED_KEYS.slice(5).map((key) => ['copied-text', ...at(y2023, `\n  ${key}: |`, 3), key.length]),
    ];
    assert.deepEqual(res.messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn - m.column]), expected, 'in source order, at the exact ranges');
    assert.ok(res.messages.every((m) => m.severity === 1 && m.endLine === m.line));
    const fee = res.messages.find((m) => m.ruleId === 'fee-unit')!;
    assert.equal(fee.message, '行政事业性收费 is 3000, but 0.3 in the report for 2022, a factor of 10000: one of the two is probably in 元 instead of 万元');
    assert.equal(res.messages[0]!.message, '一、总体情况·（一）主动公开 is 100% the same as in the report for 2022 (digits ignored): write about this year');

    // stylish: the same rows and the summary
    const s = await runCli(['check', '--lang', 'en', dir]);
    assert.equal(s.code, 0, show(s));
    const [line, column] = at(y2023, 'fees: 3000', 6);
    const row = new RegExp(`^ {2}${line}:${column} +warning {2}行政事业性收费 is 3000, .* {2}fee-unit$`);
    assert.equal(s.stdout.split('\n').filter((l) => row.test(l)).length, 1, s.stdout);
    assert.ok(s.stdout.includes('✖ 11 problems (0 errors, 11 warnings)'), s.stdout);

    // --max-warnings counts them; --no-cross-year turns them off; --rule changes their severity
    const max = await runCli(['check', '--max-warnings', '10', dir]);
    assert.equal(max.code, 1, show(max));
    const off = await runCli(['check', '--format', 'json', '--no-cross-year', '--max-warnings', '0', dir]);
    assert.equal(off.code, 0, show(off));
    assert.deepEqual(parseJson(off).flatMap((x) => x.messages), []);
    const asError = await runCli(['check', '--format', 'json', '--rule', 'fee-unit=error', '--rule', 'copied-text=off', dir]);
    assert.equal(asError.code, 1, show(asError));
    assert.deepEqual(parseJson(asError).flatMap((x) => x.messages.map((m) => [m.ruleId, m.severity])), [['fee-unit', 2]]);

    // Chinese messages
    const zh = await runCli(['check', '--format', 'json', '--lang', 'zh', files.y2022, files.y2023]);
    assert.deepEqual(parseJson(zh).find((x) => x.filePath === files.y2023)!.messages.find((m) => m.ruleId === 'fee-unit')!.message,
      '行政事业性收费 为 3000，但2022年度报告为 0.3，相差 10000 倍：其中一年可能误将元当作万元填写');

    // only the files given are compared: 2023 alone has no last year
    const alone = await runCli(['check', '--format', 'json', files.y2023, files.y2021]);
    assert.equal(alone.code, 0, show(alone));
    assert.deepEqual(parseJson(alone).flatMap((x) => x.messages), []);
  });

  test('carry-over: last year\'s carried_forward against this year\'s carried_over; --fix leaves it alone', async () => {
    const dir = tempDir('govreport-cross-year-');
    // 2022 balances: 2 received, 2 carried forward
    const prev = report(2022, {
      newText: true,
      edits: [['received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [2, 0, 0, 0, 0, 0, 2]'], ['carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [2, 0, 0, 0, 0, 0, 2]']],
    });
    // 2023 carries over nothing, and has a wrong appeals total that --fix repairs
    const cur = report(2023, { edits: [['review:               [0, 0, 0, 0, 0]', 'review:               [0, 0, 0, 0, 3]']] });
    const prevFile = write(path.join(dir, 'p.govreport.yaml'), prev);
    const curFile = write(path.join(dir, 'c.govreport.yaml'), cur);
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', '--fix', dir]);
    assert.equal(r.code, 0, show(r));
    const [p, c] = [prevFile, curFile].map((f) => parseJson(r).find((x) => x.filePath === f)!);
    assert.deepEqual(p!.messages, []);
    const [line] = at(cur, 'carried_over:');
    assert.deepEqual(c!.messages.filter((m) => m.ruleId !== 'copied-text').map((m) => [m.ruleId, m.line, m.column, m.message]), [
      ['carry-over-mismatch', line, 19, '二、上年结转政府信息公开申请数量·自然人 is 0, but 四、结转下年度继续办理·自然人 in the report for 2022 is 2'],
      ['carry-over-mismatch', line, 37, '二、上年结转政府信息公开申请数量·总计 is 0, but 四、结转下年度继续办理·总计 in the report for 2022 is 2'],
    ]);
    assert.equal(c!.fixableWarningCount, 0, 'not a safe fix');
    assert.equal(fs.readFileSync(curFile, 'utf8'), edit(cur, 'review:               [0, 0, 0, 0, 3]', 'review:               [0, 0, 0, 0, 0]'), '--fix fixed the total, not the carry-over');
  });

  test('duplicates: the same agency and year in two files; last year\'s then is ambiguous and not compared', async () => {
    const dir = tempDir('govreport-cross-year-');
    const a = write(path.join(dir, 'one', 'report.govreport.yaml'), report(2022, {
      newText: true,
      edits: [['received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [5, 0, 0, 0, 0, 0, 5]'], ['carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [5, 0, 0, 0, 0, 0, 5]']],
    }));
    const b = write(path.join(dir, 'two', 'copy.govreport.yaml'), report(2022, { agency: '"  台儿庄区民政局"', newText: true }));
    const c = write(path.join(dir, 'three.govreport.yaml'), report(2023));
    const other = write(path.join(dir, 'zone.govreport.yaml'), report(2022, { agency: '平潭综合实验区' }));
    const bureau = write(path.join(dir, 'bureau.govreport.yaml'), report(2022, { agency: '平潭综合实验区君山片区管理局' }));
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir]);
    assert.equal(r.code, 0, show(r));
    // (the two 平潭 agencies share the example's text: copied-text across agencies, not this test's subject)
    const results = new Map(parseJson(r).map((x) => [x.filePath, x.messages.filter((m) => m.ruleId !== 'copied-text').map((m) => [m.ruleId, m.line, m.column, m.endColumn, m.message])]));
    assert.deepEqual(results.get(a), [['duplicate-report', 4, 9, 16, `Another file also holds the report of 台儿庄区民政局 for 2022: ${b}`]]);
    assert.deepEqual(results.get(b), [['duplicate-report', 4, 9, 20, `Another file also holds the report of 台儿庄区民政局 for 2022: ${a}`]]);
    assert.deepEqual(results.get(c), [], 'two reports for 2022: not compared (the carry-over would differ from one of them)');
    assert.deepEqual(results.get(other), []);
    assert.deepEqual(results.get(bureau), []);

    const zh = await runCli(['check', '--format', 'json', '--lang', 'zh', a, b]);
    assert.equal(parseJson(zh)[0]!.messages[0]!.message, `其他文件也是台儿庄区民政局2022年度的报告：${b}`);
    const asError = await runCli(['check', '--format', 'json', '--rule', 'duplicate-report=error', a, b]);
    assert.equal(asError.code, 1, show(asError));
    const off = await runCli(['check', '--format', 'json', '--no-cross-year', a, b]);
    assert.equal(off.code, 0, show(off));
    assert.deepEqual(parseJson(off).flatMap((x) => x.messages), []);
  });

  test('5,000 copies of one report: each names three others and counts the rest; the output stays small', async () => {
    // naming every other copy printed 37 MB for 1,000 copies, and 5,000 ended in
    // "RangeError: Invalid string length" with no output at all
    const dir = tempDir();
    const files: string[] = [];
    for (let i = 0; i < 5000; i++) files.push(write(path.join(dir, `copy-${String(i).padStart(4, '0')}.govreport.yaml`), 'agency: 台儿庄区民政局\nyear: 2023\n'));
    // a hang guard, not a bound: a run costs about 2 s of CPU (7 s on a busy 2-core machine)
    const json = await runCli(['check', '--format', 'json', '--lang', 'en', '--rule', 'schema=off', dir], { hangGuardMs: 120_000 });
    assert.equal(json.code, 0, show(json));
    assert.equal(json.stderr, '');
    const results = parseJson(json);
    assert.equal(results.length, 5000);
    for (const [i, x] of results.entries()) {
      assert.equal(x.filePath, files[i]);
      const named = files.filter((f) => f !== x.filePath).slice(0, 3);
      assert.deepEqual(x.messages.map((m) => [m.ruleId, m.message]), [['duplicate-report', `Other files also hold the report of 台儿庄区民政局 for 2023: ${named.join(', ')} and 4996 more`]]);
    }
    // linear: a few hundred bytes a file (each message names 3 paths), not 5,000 paths a file
    const perFile = (s: string) => Buffer.byteLength(s) / 5000;
    assert.ok(perFile(json.stdout) < 4 * (dir.length + 40) + 300, `${perFile(json.stdout)} bytes a file`);
    const stylish = await runCli(['check', '--lang', 'en', '--rule', 'schema=off', dir], { hangGuardMs: 120_000 });
    assert.equal(stylish.code, 0, show(stylish));
    assert.ok(stylish.stdout.endsWith('✖ 5000 problems (0 errors, 5000 warnings)\n\n'), stylish.stdout.slice(-200));
    assert.ok(perFile(stylish.stdout) < 5 * (dir.length + 40) + 300, `${perFile(stylish.stdout)} bytes a file`);
  });

  test('worker threads: 70 files, pairs split across workers, each 2023 report against its own 2022', async () => {
    const dir = tempDir('govreport-cross-year-');
    const expected = new Map<string, number>();
    for (let i = 0; i < 35; i++) {
      const agency = `测试机关${i}`;
      // 2022 in a/, 2023 in b/: sorted, each worker gets one folder, so every pair crosses workers
      expected.set(write(path.join(dir, 'a', `r${i}.govreport.yaml`), report(2022, {
        agency, newText: true,
        edits: [['received:      [0, 0, 0, 0, 0, 0, 0]', `received:      [${i}, 0, 0, 0, 0, 0, ${i}]`], ['carried_forward: [0, 0, 0, 0, 0, 0, 0]', `carried_forward: [${i}, 0, 0, 0, 0, 0, ${i}]`]],
      })), 0);
      // 2023 carries over 1 in each column: it matches only agency 1's 2022
      expected.set(write(path.join(dir, 'b', `r${i}.govreport.yaml`), report(2023, {
        agency,
        edits: [
          ['carried_over:  [0, 0, 0, 0, 0, 0, 0]', 'carried_over:  [1, 0, 0, 0, 0, 0, 1]'],
          ['carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]'],
        ],
      })), i === 1 ? 0 : 2);
    }
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir], { env: WITH_WORKER });
    assert.equal(r.code, 0, show(r));
    const results = parseJson(r);
    assert.equal(results.length, 70);
    for (const x of results) {
      // the 35 agencies of a year share one text: copied-text across agencies, bounded per file
      const copied = x.messages.filter((m) => m.ruleId === 'copied-text');
      assert.ok(copied.length >= 1 && copied.length <= 5, `${x.filePath}: ${copied.length} copied-text`);
      assert.ok(copied.every((m) => / in the report of 测试机关\d+ for 202[23] /.test(m.message)), JSON.stringify(copied[0]));
      const rest = x.messages.filter((m) => m.ruleId !== 'copied-text');
      assert.equal(rest.length, expected.get(x.filePath), `${x.filePath}: ${JSON.stringify(rest)}`);
      assert.ok(rest.every((m) => m.ruleId === 'carry-over-mismatch'), JSON.stringify(rest));
    }
    const seven = results.find((x) => x.filePath === path.join(dir, 'b', 'r7.govreport.yaml'))!;
    assert.equal(seven.messages.find((m) => m.ruleId === 'carry-over-mismatch')!.message, '二、上年结转政府信息公开申请数量·自然人 is 1, but 四、结转下年度继续办理·自然人 in the report for 2022 is 7');
  });
  test('worker threads, texts alike but not the same: the bigrams fetched later give the findings of the full facts', async () => {
    const dir = tempDir('govreport-cross-year-');
    const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
    const files: { file: string; text: string }[] = [];
    for (let i = 0; i < 72; i++) {
      const year = 2022 + (i % 2);
      let k = 0;
      // one Han character of every third prose line changed, differently in each file: no two texts are the same
      const text = report(year, { agency: `测试机关${HAN[Math.floor(i / 2) % HAN.length]}${HAN[Math.floor(i / 2 / HAN.length)]}` }).split('\n').map((line) => (
        /^\s{4,}\S/.test(line) && /\p{Script=Han}{10}/u.test(line) && k++ % 3 === i % 3 ? line.replace(/\p{Script=Han}/u, HAN[(i * 7 + k) % HAN.length]!) : line
      )).join('\n');
      files.push({ file: write(path.join(dir, `y${year}`, `r${String(i).padStart(2, '0')}.govreport.yaml`), text), text });
    }
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir], { env: WITH_WORKER });
    assert.equal(r.code, 0, show(r));
    const copied = new Map(parseJson(r).map((x) => [x.filePath, x.messages.filter((m) => m.ruleId === 'copied-text').map((m) => m.message).sort()]));
    // the oracle: the core's rules on each file's full facts (bigrams computed up front)
    const reports = files.map(({ file, text }) => ({ file, facts: yearFacts(parseReport(text, 'en'))! }));
    const across = copiedAcrossAgencies(reports, { lang: 'en' });
    let alike = 0;
    for (const { file, facts } of reports) {
      const previous = reports.find((p) => p.facts.agency === facts.agency && p.facts.year === facts.year - 1);
      const expected = [...(across.get(file) ?? []), ...compareYears(facts, previous, { lang: 'en' })]
        .filter((d) => d.code === 'copied-text').map((d) => d.message).sort();
      assert.deepEqual(copied.get(file), expected, file);
      alike += expected.filter((m) => / is 9\d% the same /.test(m)).length;
    }
    assert.ok(alike > 72, `findings between texts alike but not the same: ${alike}`);
  });
  test('a report guessed to need its texts only (its last year unseen by the guess) is compared with last year after all', async () => {
    const dir = tempDir('govreport-cross-year-');
    // last year's agency as a block scalar: the quick guess reads no identity there, so this year's
    // report looks like one with no neighbour year, another agency of its year beside it (texts only)
    const prev = report(2022, {
      newText: true,
      edits: [['received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [2, 0, 0, 0, 0, 0, 2]'], ['carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [2, 0, 0, 0, 0, 0, 2]']],
    }).replace(/^agency: 台儿庄区民政局$/m, 'agency: >-\n  台儿庄区民政局');
    write(path.join(dir, 'a-2022.govreport.yaml'), prev);
    const cur = write(path.join(dir, 'a-2023.govreport.yaml'), report(2023));
    write(path.join(dir, 'b-2023.govreport.yaml'), report(2023, { agency: '乙县民政局' }));
    for (const env of [{}, WITH_WORKER]) {
      const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir], { env });
      const found = parseJson(r).find((x) => x.filePath === cur)!.messages.filter((m) => m.ruleId === 'carry-over-mismatch');
      assert.equal(found.length, 2, JSON.stringify(found));
    }
  });

  test('the pool: with two threads both check files (GOVREPORT_THREADS sets that for the CLI), with the results of one', async () => {
    const dir = tempDir('govreport-cross-year-');
    const files = Array.from({ length: 40 }, (_, i) => write(path.join(dir, `r${String(i).padStart(2, '0')}.govreport.yaml`),
      report(2022 + (i % 2), { agency: `测试机关${Math.floor(i / 2)}`, newText: i % 4 === 0 })));
    const options = { lang: 'en' as const, fix: false, severities: {}, crossYear: true };
    const threadsSeen = new Set<number>();
    const two = await checkAll(files, options, { threads: 2, onProgress: (_done, _total, thread) => threadsSeen.add(thread) });
    assert.deepEqual([...threadsSeen].sort(), [0, 1]);
    const one = await checkAll(files, options, { threads: 1 });
    const results = (run: typeof one) => run.checked.map((c) => run.complete(c).result);
    assert.deepEqual(results(two), results(one));
    assert.ok(results(one).some((r) => r.messages.some((m) => m.ruleId === 'copied-text')));
    // completing a file again gives the same findings, and leaves the file as checked
    assert.deepEqual(results(one), results(one));
    assert.ok(one.checked.every((c) => c.result.messages.every((m) => m.ruleId !== 'copied-text')));
    // the CLI's default for 40 files: this thread only
    const seenByDefault = new Set<number>();
    await checkAll(files, options, { onProgress: (_done, _total, thread) => seenByDefault.add(thread) });
    assert.deepEqual([...seenByDefault], [0]);
  });
  test('one year, texts alike but not the same (each report\'s texts only kept, as rows of a table): the findings of the full facts', async () => {
    const dir = tempDir('govreport-cross-year-');
    const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
    const files: { file: string; text: string }[] = [];
    for (let i = 0; i < 40; i++) {
      let k = 0;
      const text = report(2023, { agency: `测试机关${HAN[i % HAN.length]}${HAN[Math.floor(i / HAN.length)]}` }).split('\n').map((line) => (
        /^\s{4,}\S/.test(line) && /\p{Script=Han}{10}/u.test(line) && k++ % 3 === i % 3 ? line.replace(/\p{Script=Han}/u, HAN[(i * 5 + k) % HAN.length]!) : line
      )).join('\n');
      files.push({ file: write(path.join(dir, `r${String(i).padStart(2, '0')}.govreport.yaml`), text), text });
    }
    const reports = files.map(({ file, text }) => ({ file, facts: yearFacts(parseReport(text, 'en'))! }));
    const across = copiedAcrossAgencies(reports, { lang: 'en' });
    assert.ok([...across.values()].flat().filter((d) => / is 9\d% the same /.test(d.message)).length > 40, 'texts alike but not the same');
    for (const env of [{}, WITH_WORKER]) {
      const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir], { env });
      assert.equal(r.code, 0, show(r));
      const copied = new Map(parseJson(r).map((x) => [x.filePath, x.messages.filter((m) => m.ruleId === 'copied-text').map((m) => m.message)]));
      for (const { file } of reports) assert.deepEqual(copied.get(file), (across.get(file) ?? []).map((d) => d.message), file);
    }
  });

  test('bigrams of a file read again (past the threads\' budget): those of its texts as they were, none for a text changed since', () => {
    const dir = tempDir('govreport-cross-year-');
    const file = write(path.join(dir, 'r.govreport.yaml'), EXAMPLE);
    const full = yearFacts(parseReport(EXAMPLE, 'en'))!;
    const request = { file, texts: full.texts.map((t, index) => ({ index, digest: t.digest, length: t.length })) };
    forgetNormalised();
    assert.deepEqual(shinglesAgain(request, { lang: 'en', fix: false, severities: {}, crossYear: true }), full.texts.map((t) => t.shingles));
    const [first, ...others] = full.texts;
    // the first text's first Han character after its key changed: that text only is no longer the one asked for
    const at = EXAMPLE.slice(first!.range.end).search(/\p{Script=Han}/u) + first!.range.end;
    fs.writeFileSync(file, EXAMPLE.slice(0, at) + (EXAMPLE[at] === '甲' ? '乙' : '甲') + EXAMPLE.slice(at + 1));
    assert.deepEqual(shinglesAgain(request, { lang: 'en', fix: false, severities: {}, crossYear: true }), [undefined, ...others.map((t) => t.shingles)]);
  });
  test('copied-text across agencies of the same year: each names the other report; --rule copied-text=off turns it off', async () => {
    const dir = tempDir('govreport-cross-year-');
    const a = write(path.join(dir, 'a.govreport.yaml'), report(2023, { agency: '甲县民政局' }));
    const b = write(path.join(dir, 'b.govreport.yaml'), report(2023, { agency: '乙县民政局' }));
    const c = write(path.join(dir, 'c.govreport.yaml'), report(2023, { agency: '丙县民政局', newText: true }));
    const r = await runCli(['check', '--format', 'json', '--lang', 'en', dir]);
    assert.equal(r.code, 0, show(r));
    const byFile = new Map(parseJson(r).map((x) => [x.filePath, x.messages]));
    for (const [file, other] of [[a, '乙县民政局'], [b, '甲县民政局']] as const) {
      const copied = byFile.get(file)!.filter((m) => m.ruleId === 'copied-text');
      assert.equal(copied.length, 5, 'bounded: at most 5 per report');
      assert.ok(copied.every((m) => m.message.includes(`in the report of ${other} for 2023`)), copied[0]!.message);
    }
    assert.deepEqual(byFile.get(c), []);
    const off = await runCli(['check', '--format', 'json', '--rule', 'copied-text=off', dir]);
    assert.deepEqual(parseJson(off).flatMap((x) => x.messages), []);
  });

  test('--deadline KIND=MM-DD: a local deadline, named in the message; a bad one is a usage error', async () => {
    const dir = tempDir('govreport-cross-year-');
    const file = write(path.join(dir, 'late.govreport.yaml'), edit(EXAMPLE, 'published: 2024-01-16', 'published: 2024-01-30'));
    const national = await runCli(['check', '--format', 'json', file]);
    assert.deepEqual(parseJson(national).flatMap((x) => x.messages), []);
    const local = await runCli(['check', '--format', 'json', '--lang', 'en', '--deadline', 'department=01-28', file]);
    assert.equal(local.code, 0, show(local));
    assert.deepEqual(parseJson(local).flatMap((x) => x.messages.map((m) => [m.ruleId, m.message])), [[
      'deadline', '成文日期 2024-01-30 is after the publication deadline 2024-01-28 (the local deadline for this kind of body: --deadline department=01-28)',
    ]]);
    for (const bad of ['department=1-28', 'ministry=01-28', 'department=02-30']) {
      const r = await runCli(['check', '--deadline', bad, file]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--deadline takes KIND=MM-DD/);
    }
  });
});
