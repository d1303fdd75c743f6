import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RuleCode, ruleSummary } from '../../server/src/core';
import { ROOT } from '../helpers';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('the rule table', () => {
  test('has every code of the RuleCode enum, once', () => {
    assert.deepEqual(RULES.map((r) => r.code).sort(), Object.values(RuleCode).sort());
  });
  test('every code documented in docs/rules.md is in the table, the across-years ones included', () => {
    const documented = [...read('docs/rules.md').matchAll(/^### `([a-z-]+)`/gm)].map((m) => m[1]!);
    assert.deepEqual([...new Set(documented)].sort(), RULES.map((r) => r.code).sort());
    for (const code of ['carry-over-mismatch', 'in-force-mismatch', 'copied-text', 'fee-unit', 'duplicate-report']) {
      assert.equal(RULES.find((r) => r.code === code)?.category, 'across-years', code);
    }
  });
  test('every rule is documented in docs/rules.md with what, why and how to fix', () => {
    const doc = read('docs/rules.md');
    for (const r of RULES) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`\`${r.code}\``));
      assert.ok(section, `docs/rules.md lacks ### \`${r.code}\``);
      for (const part of ['What it checks', 'Why', 'How to fix']) assert.ok(section.includes(part), `${r.code}: ${part}`);
      assert.ok(section.includes(`Default severity: ${r.severity}`), `${r.code}: severity`);
    }
  });
  test('the README rule list matches the table', () => {
    const rows = [...read('README.md').matchAll(/^\| `([a-z-]+)` \| (\w+) \|/gm)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(rows, RULES.map((r) => `${r.code}:${r.severity}`));
  });
  test('package.json lists every rule for the govreport.rules setting with its default', () => {
    const manifest = JSON.parse(read('package.json'));
    const props = manifest.contributes.configuration.properties['govreport.rules'].properties;
    assert.deepEqual(Object.keys(props), RULES.map((r) => r.code));
    for (const r of RULES) {
      assert.equal(props[r.code].default, r.severity);
      assert.equal(props[r.code].description, r.summary);
    }
  });
  test('the rule list of package.json is generated from the table and current (scripts/gen-manifest.mjs --check)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-manifest.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('l10n', () => {
  test('every message in the code has a Chinese translation, and the bundle has no stale entry', async () => {
    const { messageKeys } = await import(path.join(ROOT, 'scripts/l10n-keys.mjs')) as { messageKeys: () => Set<string> };
    const zh = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
    const used = messageKeys();
    for (const r of RULES) used.add(r.summary);
    assert.deepEqual([...used].filter((k) => !(k in zh)), [], 'untranslated');
    assert.deepEqual(Object.keys(zh).filter((k) => !used.has(k)), [], 'stale');
    for (const [en, cn] of Object.entries(zh)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join();
      assert.equal(placeholders(cn), placeholders(en), `placeholders of ${en}`);
    }
  });
  test('rule summaries in both languages', () => {
    assert.equal(ruleSummary(RuleCode.Balance, 'zh'), '每列：第一项加第二项之和等于第三项加第四项之和');
    assert.equal(ruleSummary(RuleCode.Balance, 'en'), 'Per column: received + carried over = results total + carried forward');
  });
  test('package.nls files have the same keys, and every %key% of package.json exists', () => {
    const en = JSON.parse(read('package.nls.json'));
    const zh = JSON.parse(read('package.nls.zh-cn.json'));
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const [, key] of read('package.json').matchAll(/"%([\w.]+)%"/g)) assert.ok(key! in en, key);
  });
});

describe('formats of the rules', () => {
  test('every rule of docs/rules.md says which national formats it applies to', () => {
    const doc = read('docs/rules.md');
    for (const r of RULES) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`\`${r.code}\``))!;
      assert.match(section, /^Formats: (2019, 2021|2019|2021)\b/m, `${r.code}: no "Formats:" line`);
    }
    assert.match(doc.split(/^### /m).find((s) => s.startsWith('`one-row-other`'))!, /^Formats: 2021$/m);
  });
});
