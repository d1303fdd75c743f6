// The checks must not change what they find when they are made faster: analyze() over the YAML
// fixtures and over seeded random mutations of them (analyze-inputs.ts) must give exactly the
// diagnostics — code, severity, message, range, related ranges, fix edits — and the "fix all totals"
// edits recorded in test/fixtures/analyze-reference.json. That file was written by the code before
// the speed-ups (each input: a hash of its canonical diagnostics and their count), so any difference
// fails here.
//
// An intended change of behaviour rewrites the reference: GOVREPORT_WRITE_REFERENCE=1 node --test
// out/test/unit/analyze-equivalence.test.js (and say why in the commit).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aboutReportingBody, analyze, fixAll } from '../../server/src/core';
import { ROOT } from '../helpers';
import { inputs, type Input } from './analyze-inputs';

const REFERENCE = path.join(ROOT, 'test/fixtures/analyze-reference.json');

/** JSON with sorted keys: the same diagnostics give the same text whatever order their fields were set in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function outcome(input: Input): { key: string; codes: string[]; json: string } {
  const analysis = analyze(input.text, input.options);
  const json = canonical({ diagnostics: analysis.diagnostics, fixAll: fixAll(analysis) });
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 20);
  return { key: `${hash}:${analysis.diagnostics.length}`, codes: analysis.diagnostics.map((d) => d.code), json };
}

describe('analyze gives the recorded diagnostics (behaviour kept through the speed-ups)', () => {
  const all = inputs();
  const results = all.map((input) => ({ input, ...outcome(input) }));

  if (process.env.GOVREPORT_WRITE_REFERENCE === '1') {
    const entries = Object.fromEntries(results.map((r) => [r.input.name, r.key]));
    fs.writeFileSync(REFERENCE, `${JSON.stringify({ about: 'analyze-equivalence.test.ts: hash:count of each input\'s diagnostics', entries }, null, 1)}\n`);
  }

  test('the inputs are distinct and exercise the checks', () => {
    assert.equal(new Set(all.map((i) => i.name)).size, all.length);
    // the mutations reach most rules, so that the comparison below covers them (the across-years ones need two reports)
    const seen = new Set(results.flatMap((r) => r.codes));
    for (const code of [
      'yaml-syntax', 'schema', 'row-total', 'results-total', 'balance', 'appeals-total', 'published-too-early', 'deadline', 'period-mismatch',
      'format-mismatch', 'missing-topic', 'government-accountability', 'processing-fees', 'text-table-mismatch', 'breakdown-sum',
      'template-leftover', 'stale-year', 'blank-cell', 'scope-words',
    ]) assert.ok(seen.has(code), `no input gives ${code}`);
    const findings = results.reduce((a, r) => a + r.codes.length, 0);
    assert.ok(findings > 3 * all.length, `only ${findings} findings over ${all.length} inputs`);
  });

  test('every input gives exactly the recorded diagnostics and fixes', () => {
    const reference = JSON.parse(fs.readFileSync(REFERENCE, 'utf8')) as { entries: Record<string, string> };
    assert.equal(Object.keys(reference.entries).length, all.length, 'the reference has another set of inputs');
    const differ = results.filter((r) => reference.entries[r.input.name] !== r.key);
    if (differ.length > 0) {
      const first = differ[0]!;
      assert.fail(`${differ.length} of ${all.length} inputs differ from the reference, first ${first.input.name}:\n` +
        `${differ.slice(0, 20).map((d) => d.input.name).join(', ')}\n` +
        `${first.input.name} now gives ${first.json.slice(0, 4000)}`);
    }
  });
});

// ------------------------------------------------------------------------------- aboutReportingBody

// The implementation before it tried the subject word first (kept here as the reference).
const BODY_SUFFIX = /(?:政府办公室|政府办公厅|政府办|人民政府|政府|办公室|办公厅|局|委员会|委|厅|中心|街道办事处|街道|镇街|镇|乡|部门|单位)$/;
const SUBJECT_FOLLOW = /^(?:代表|共|全年|本年|全年度|本年度|累计|依法|收到|受理|办结|答复|新收|在|于)/;
const SELF = /(?:我|本)(?:局|委|办|厅|署|单位|机关|部门|中心|院|府|镇|乡|街道|区|县|市|级政府)/;
function selfNames(agency: string): string[] {
  const names = new Set<string>();
  for (const base of [agency, agency.replace(/人民/g, '')]) {
    names.add(base);
    for (let i = 0; i < base.length; i++) if ('省市区县镇乡'.includes(base[i]!) && base.length - i >= 3) names.add(base.slice(i));
  }
  return [...names].filter((n) => n.length >= 2);
}
function aboutReportingBodyBefore(whole: string, agency: string | undefined): boolean {
  const sentence = whole.slice(-80);
  const own = agency ? selfNames(agency.trim()) : [];
  for (const m of sentence.matchAll(/[\u4e00-\u9fff]+/g)) {
    const run = m[0];
    let from = 0;
    let principal = false;
    for (let i = 1; i <= run.length; i++) {
      const head = run.slice(from, i);
      const follow = SUBJECT_FOLLOW.exec(run.slice(i) || sentence.slice(m.index! + i));
      if (!BODY_SUFFIX.test(head) || !follow) continue;
      from = i + follow[0].length;
      const wasPrincipal = principal;
      principal = follow[0] === '代表';
      if (wasPrincipal || SELF.test(head) || own.some((n) => head.endsWith(n))) continue;
      return false;
    }
  }
  return true;
}

test('aboutReportingBody answers as before over 20,000 generated sentences', () => {
  const pieces = [
    '区政府办', '代表', '区政府', '区人民政府', '我局', '本机关', '本级政府', '共', '全年', '全年度', '本年度', '累计', '依法', '收到', '受理', '办结', '答复',
    '新收', '在', '于', '局', '委员会', '街道办事处', '镇街', '乡', '部门', '单位', '中心', '办公室', '台儿庄区民政局', '台儿庄区', '民政局', '某某市人民政府',
    '市政府', '申请', '件', '12', '，', '。', ' ', 'a', '（', '）', '政府信息公开', '工作', '的',
  ];
  const agencies = [undefined, '', ' 台儿庄区民政局 ', '某某市人民政府', '区政府办', '某某镇人民政府', '某某县教育局'];
  let r = 12345;
  const next = (n: number) => { r = (Math.imul(r, 1103515245) + 12345) >>> 0; return (r >>> 8) % n; };
  let outside = 0;
  for (let k = 0; k < 20_000; k++) {
    const sentence = Array.from({ length: 1 + next(30) }, () => pieces[next(pieces.length)]!).join('');
    const agency = agencies[next(agencies.length)];
    const expected = aboutReportingBodyBefore(sentence, agency);
    assert.equal(aboutReportingBody(sentence, agency), expected, `${JSON.stringify(sentence)} (agency ${JSON.stringify(agency)})`);
    if (!expected) outside++;
  }
  assert.ok(outside > 2000 && outside < 18_000, `${outside} of 20,000 about another body: the sentences test little`);
});
