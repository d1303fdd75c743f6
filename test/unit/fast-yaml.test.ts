// The fast YAML path against yaml itself: wherever parseFast reads a text, it must build what
// parseDocument builds (node kinds, values, scalar types, sources, formats, ranges, flow, the plain
// data), and it must never read a text yaml reports an error or warning for. Over the fixtures, the
// templates, and thousands of seeded mutations of them (tokens inserted, lines dropped, doubled or
// re-indented) — most of which leave the subset, so both branches are exercised and counted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseFast, plainData, YAML_OPTIONS } from '../../server/src/core/model/fast-yaml';
import { reportSkeleton } from '../../server/src/core';
import { ROOT, prng } from '../helpers';

function fixtures(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return fixtures(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

const FILES = fixtures(path.join(ROOT, 'test/fixtures')).filter((f) => !f.includes(`${path.sep}encodings${path.sep}`));
const READ = FILES.map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));

/** Small texts with every construct of the subset (and its edges). */
const SMALL = [
  '# head\nformat: 2021\nagency: 台儿庄 # c\nx:\n  a: "277400"\n  b: 0632-1\n\nt: |\n  line one\n  line two\n\n# sect\nr: {a: 0, b: 1}   # com\ns:   [0, 1, 2]\nu:\n  - 1\n  - b\nw:\nlast: x\n',
  'a:\nb:   \nc: 1   \nd: x  # c\ne: |\n  t\n\n\nf: |-\n  a\n\n  b\n\n# c\ng: >\n  a\n  b\n\n  c\n\n\n  d\nh:\n  - x\n  - t: 1\n    u: [ 1 , "a" ]\ni: {a: 1, b: "x" }  \nj: |\n  last\n  \n',
  "a: 'it''s'\nb: [\"x\", 'y', -1, 1.50, 0x1F, 0o7, .inf, -.5, 1e3, ~, null, true, False, 2024-01-16]\nc: {}\nd: []\ne: >-\n\n  folded\n  text\n",
  'list:\n- a\n- b: 1\n  c: |\n    deep\n- [1, 2]\nnext: 0\n',
  'true: 1\nnull: 2\n__proto__: 3\na: 1\na: {b: 2}\nTrue: x\nk1e3: 4\n',
  'a: http://x.cn/y#z\nb: 备注：说明\nc: x:y\nd: "a # b"\ne: -\n',
  'a: |\n  x\n    more\n  y\nb: >\n    indented\n',
];

function templates(): string[] {
  const out: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    for (const format of [2019, 2021] as const) out.push(reportSkeleton({ agency: '某某局', year: 2023, lang, format, kind: 'department' }));
  }
  return out;
}

/** First difference between two nodes, as a path and what differs; undefined when equal. */
function differ(a: unknown, b: unknown, at = '$'): string | undefined {
  if (isScalar(a) && isScalar(b)) {
    for (const k of ['type', 'source', 'format', 'minFractionDigits', 'tag', 'anchor'] as const) {
      if (a[k] !== b[k]) return `${at}.${k}: ${String(a[k])} ≠ ${String(b[k])}`;
    }
    if (!Object.is(a.value, b.value)) return `${at}.value: ${String(a.value)} ≠ ${String(b.value)}`;
    return JSON.stringify(a.range) === JSON.stringify(b.range) ? undefined : `${at}.range: ${JSON.stringify(a.range)} ≠ ${JSON.stringify(b.range)}`;
  }
  if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
    if (!!a.flow !== !!b.flow) return `${at}.flow`;
    if (a.tag !== b.tag || a.anchor !== b.anchor) return `${at}.tag/anchor`;
    if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `${at}.range: ${JSON.stringify(a.range)} ≠ ${JSON.stringify(b.range)}`;
    if (a.items.length !== b.items.length) return `${at}.items: ${a.items.length} ≠ ${b.items.length}`;
    for (let i = 0; i < a.items.length; i++) {
      const x = a.items[i];
      const y = b.items[i];
      if (isPair(x) && isPair(y)) {
        const d = differ(x.key, y.key, `${at}[${i}].key`) ?? differ(x.value, y.value, `${at}[${i}].value`);
        if (d) return d;
      } else if (isPair(x) !== isPair(y)) return `${at}[${i}]: pair and not`;
      else {
        const d = differ(x, y, `${at}[${i}]`);
        if (d) return d;
      }
    }
    return undefined;
  }
  return a === b ? undefined : `${at}: ${String(a)} ≠ ${String(b)}`;
}

/** The outcome for one text: 'fast' (read, identical), 'slow' (left to yaml); throws on a difference. */
function compare(text: string, name: string): 'fast' | 'slow' {
  const fast = parseFast(text);
  if (!fast) return 'slow';
  const full: Document.Parsed = parseDocument(text, YAML_OPTIONS);
  const problems = [...full.errors, ...full.warnings].map((e) => `${e.code} ${e.message.split('\n')[0]}`);
  assert.deepEqual(problems, [], `${name}: the fast path read a text yaml reports\n${text}`);
  const d = differ(fast.contents, full.contents) ?? (JSON.stringify(fast.range) === JSON.stringify(full.range) ? undefined : `doc.range ${JSON.stringify(fast.range)} ≠ ${JSON.stringify(full.range)}`);
  assert.equal(d, undefined, `${name}: ${d}\n${text}`);
  assert.deepEqual(fast.toJS(), full.toJS(), name);
  assert.deepStrictEqual(plainData(fast), full.toJS(), `${name}: plainData`);
  return 'fast';
}

const TOKENS = [
  ':', ': ', ' #', '#', '-', '- ', '|', '|-', '|+', '|2', '>', '>-', '"', "'", "''", '[', ']', '{', '}', ',', ', ', '\n', '\n  ', '\n\n', '  ', ' ',
  '&a ', '*a', '!!str ', '? ', '0', '-1', '1.50', '0x1F', '.inf', '~', 'null', 'true', '2024-01-16', '中文', '\\', '---\n', '...\n', '%YAML 1.2\n', '@',
  '`', '\t', '\r\n', '\r', 'a: b', '- a: 1', 'k:', '\ufeff', '\u0085', '\u3000', '：', '<<: ', '"a\\"b"', "'a''b'",
];

function mutate(text: string, r: ReturnType<typeof prng>): string {
  let out = text;
  for (let n = 1 + r.int(3); n > 0; n--) {
    const lines = out.split('\n');
    const i = r.int(lines.length);
    switch (r.int(7)) {
      case 0: lines.splice(i, 1); out = lines.join('\n'); break;
      case 1: lines.splice(i, 0, lines[i]!); out = lines.join('\n'); break;
      case 2: lines[i] = ' '.repeat(1 + r.int(3)) + lines[i]!; out = lines.join('\n'); break;
      case 3: lines[i] = lines[i]!.replace(/^ {1,2}/, ''); out = lines.join('\n'); break;
      case 4: {
        const at = r.int(out.length + 1);
        out = out.slice(0, at) + out.slice(at + 1 + r.int(5));
        break;
      }
      default: {
        // mostly near a line's content, where the subset's edges are
        const line = lines[i]!;
        const col = r.int(line.length + 1);
        lines[i] = line.slice(0, col) + r.pick(TOKENS) + line.slice(col);
        out = lines.join('\n');
      }
    }
  }
  return out;
}

describe('fast YAML path', () => {
  test('reads every fixture report and template, exactly as yaml does', () => {
    for (const { name, text } of READ) {
      const outcome = compare(text, name);
      // the hostile fixture uses YAML outside the subset on purpose; every real report is read fast
      if (!name.includes('xss')) assert.equal(outcome, 'fast', `${name} should be read by the fast path`);
    }
    for (const [i, text] of [...templates(), ...SMALL].entries()) compare(text, `template/small ${i}`);
    assert.equal(compare(SMALL[0]!, 'small 0'), 'fast');
    assert.equal(compare(SMALL[1]!, 'small 1'), 'fast');
  });

  test('gives up on what it does not read (yaml parses and reports it)', () => {
    const outside = [
      'a: &x 1\nb: *x\n', 'a: !!str 1\n', '? a\n: b\n', 'a: b: c\n', 'a:\tb\n', 'a: [1,\n  2]\n', '"a": 1\n', 'a: "x\\ty"\n', 'a: |+\n  x\n\n',
      'a: 1\r\nb: 2\r\n', '---\na: 1\n', 'a: x\n  continued\n', '- a\n- b\n', 'a: {b}\n', 'a: [1, , 2]\n', '  a: 1\n', '',
    ];
    for (const text of outside) assert.equal(parseFast(text), undefined, JSON.stringify(text));
  });

  test('gives up past its depth limit (the caller then scans the nesting for yaml), reads up to it', () => {
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    assert.ok(parseFast(nested(64), 64));
    assert.equal(parseFast(nested(65), 64), undefined);
    assert.ok(parseFast(nested(65), 65));
    // sequences count as levels too
    const items = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(2 * i)}- k${i}:`).join('\n') + ' 1\n';
    assert.equal(parseFast(`a:\n${items(40)}`, 64), undefined);
    assert.ok(parseFast(`a:\n${items(20)}`, 64));
  });

  test('agrees with yaml over seeded mutations of the fixtures and small texts', () => {
    const bases = [...READ.map((f) => f.text), ...templates(), ...SMALL];
    const counts = { fast: 0, slow: 0 };
    const r = prng(20261205);
    for (let i = 0; i < 4000; i++) {
      const base = i % 3 === 0 ? r.pick(SMALL) : r.pick(bases);
      counts[compare(mutate(base, r), `mutation ${i}`)]++;
    }
    // both branches are exercised (a mutation often stays inside the subset, often leaves it)
    assert.ok(counts.fast > 800 && counts.slow > 800, JSON.stringify(counts));
  });
});
