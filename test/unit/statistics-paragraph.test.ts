// The statistics paragraph of 依申请公开 written from the tables: what it says for real and made-up
// tables, and that text and tables agree by construction (text-table-mismatch reads these phrases).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyEdits, parseReport, statisticsParagraph, statisticsParagraphAction, statisticsParagraphCompletion, statisticsParagraphSnippet } from '../../server/src/core';
import { EXAMPLE, EXAMPLE_ON_REQUEST, ROOT, check, edit, withRow } from '../helpers';

const paragraph = (text: string) => statisticsParagraph(parseReport(text, 'zh'), 'zh');

describe('statisticsParagraph', () => {
  test('the example: nothing received, no appeal', () => {
    assert.equal(paragraph(EXAMPLE), '2023年，我局未收到政府信息公开申请。未发生政府信息公开行政复议、行政诉讼。');
  });

  test('沭阳县发展和改革局 2023 (a real report): 26 received and disclosed, one review pending', () => {
    const shuyang = fs.readFileSync(path.join(ROOT, 'test/fixtures/corpus/shuyang-fgj-2023.govreport.yaml'), 'utf8');
    assert.equal(paragraph(shuyang), '2023年，我局共收到政府信息公开申请26件，均为自然人；办结政府信息公开申请26件，其中予以公开26件。收到行政复议1件，未发生行政诉讼。');
  });

  test('every category, both applicant groups, carried over and forward, both appeals', () => {
    let t = withRow(EXAMPLE, 'received', [18, 2, 0, 0, 0, 0, 20]);
    t = withRow(t, 'carried_over', [1, 0, 0, 0, 0, 0, 1]);
    t = withRow(t, 'disclosed', [6, 1, 0, 0, 0, 0, 7]);
    t = withRow(t, 'partially_disclosed', [2, 0, 0, 0, 0, 0, 2]);
    t = withRow(t, 'state_secret', [1, 0, 0, 0, 0, 0, 1]);
    t = withRow(t, 'not_held', [3, 0, 0, 0, 0, 0, 3]);
    t = withRow(t, 'complaint', [2, 0, 0, 0, 0, 0, 2]);
    t = withRow(t, 'no_correction', [1, 1, 0, 0, 0, 0, 2]);
    t = withRow(t, 'total', [15, 2, 0, 0, 0, 0, 17]);
    t = withRow(t, 'carried_forward', [4, 0, 0, 0, 0, 0, 4]);
    t = withRow(t, 'review', [1, 0, 0, 1, 2]);
    t = withRow(t, 'lawsuit_after_review', [1, 0, 0, 0, 1]);
    const p = paragraph(t)!;
    assert.equal(p, '2023年，我局共收到政府信息公开申请20件，其中自然人18件、法人或其他组织2件；上年结转政府信息公开申请1件；办结政府信息公开申请17件，其中予以公开7件、部分公开2件、不予公开1件、无法提供3件、不予处理2件、其他处理2件；结转下年度继续办理4件。收到行政复议2件、行政诉讼1件。');
    assert.deepEqual(check(edit(t, EXAMPLE_ON_REQUEST, p)), []);
    const snippet = statisticsParagraphSnippet(parseReport(t, 'zh'), 'zh')!;
    assert.ok(snippet.startsWith('2023年，我局共收到政府信息公开申请${1:20}件，其中自然人${2:18}件'));
    assert.ok(snippet.endsWith('行政诉讼${14:1}件。$0'));
  });

  test('no paragraph when a table is not well formed', () => {
    assert.equal(paragraph(withRow(EXAMPLE, 'received', [0, 0, 0, 0, 0, 0])), undefined);
    assert.equal(paragraph(withRow(EXAMPLE, 'review', [0, null as unknown as number, 0, 0, 0])), undefined);
  });

  test('the code action puts it first in 一（二）, as a paragraph of its own; not twice', () => {
    const doc = parseReport(EXAMPLE, 'zh');
    const action = statisticsParagraphAction(doc, 'zh')!;
    assert.equal(action.title, '根据表格写出（二）依申请公开的统计段落');
    const after = applyEdits(EXAMPLE, action.edits);
    assert.ok(after.includes('  on_request: |\n    2023年，我局未收到政府信息公开申请。未发生政府信息公开行政复议、行政诉讼。\n\n    按照《条例》规定'));
    assert.deepEqual(check(after), []);
    assert.equal(statisticsParagraphAction(parseReport(after, 'zh'), 'zh'), undefined);
    const empty = edit(EXAMPLE, / {2}on_request: \|\n.*\n/, '  on_request: ""\n');
    const written = applyEdits(empty, statisticsParagraphAction(parseReport(empty, 'zh'), 'zh')!.edits);
    assert.ok(written.includes('  on_request: |\n    2023年，我局未收到政府信息公开申请。'));
    assert.deepEqual(parseReport(written, 'zh').syntax, []);
  });

  test('property: for any consistent tables, the paragraph agrees with them (no text-table-mismatch)', () => {
    const count = fc.integer({ min: 0, max: 40 });
    fc.assert(fc.property(
      fc.array(count, { minLength: 6, maxLength: 6 }), fc.array(count, { minLength: 6, maxLength: 6 }), count, count, count, count,
      (natural, organisation, over, forward, review, lawsuit) => {
        // results: the natural persons' in 予以公开 and 无法提供, the organisations' in 不予处理 and 其他处理
        const [a, b, c, d, e, f] = natural as [number, number, number, number, number, number];
        const [g, h] = organisation as [number, number];
        const nat = a + b + c + d + e + f;
        const org = g + h;
        // balance per column: 自然人 received + carried over = results + carried forward; 商业企业 has no stock
        const carried = Math.min(over, nat + forward);
        let t = withRow(EXAMPLE, 'received', [nat + forward - carried, org, 0, 0, 0, 0, nat + forward - carried + org]);
        t = withRow(t, 'carried_over', [carried, 0, 0, 0, 0, 0, carried]);
        t = withRow(t, 'disclosed', [a + b, 0, 0, 0, 0, 0, a + b]);
        t = withRow(t, 'not_held', [c + d + e + f, 0, 0, 0, 0, 0, c + d + e + f]);
        t = withRow(t, 'complaint', [0, g, 0, 0, 0, 0, g]);
        t = withRow(t, 'no_correction', [0, h, 0, 0, 0, 0, h]);
        t = withRow(t, 'total', [nat, org, 0, 0, 0, 0, nat + org]);
        t = withRow(t, 'carried_forward', [forward, 0, 0, 0, 0, 0, forward]);
        t = withRow(t, 'review', [review, 0, 0, 0, review]);
        t = withRow(t, 'lawsuit_direct', [0, 0, 0, lawsuit, lawsuit]);
        const p = paragraph(t)!;
        const found = check(edit(t, EXAMPLE_ON_REQUEST, p)).filter((x) => x.code !== 'unusual-share'); // a plausibility note on the tables, not the text
        assert.deepEqual(found.map((x) => `${x.code}: ${x.message}`), [], p);
      },
    ), { numRuns: 60 });
  });

  test('as a snippet: offered on a blank line inside 一（二）, indented like its text; nowhere else', () => {
    const text = edit(EXAMPLE, `${EXAMPLE_ON_REQUEST}\n`, `${EXAMPLE_ON_REQUEST}\n    \n`);
    const doc = parseReport(text, 'zh');
    const blank = text.indexOf(`${EXAMPLE_ON_REQUEST}\n`) + EXAMPLE_ON_REQUEST.length + 3; // on the blank line, after two spaces
    const entry = statisticsParagraphCompletion(doc, blank, 'zh')!;
    assert.equal(entry.label, '（二）依申请公开统计段落（根据表格）');
    assert.equal(entry.kind, 'snippet');
    assert.equal(entry.insertText, '    2023年，我局未收到政府信息公开申请。未发生政府信息公开行政复议、行政诉讼。$0');
    assert.equal(text.slice(entry.replace!.start, entry.replace!.end), '    ');
    // on a line with text, in another field, in a table: nothing
    assert.equal(statisticsParagraphCompletion(doc, text.indexOf(EXAMPLE_ON_REQUEST) + 2, 'zh'), undefined);
    assert.equal(statisticsParagraphCompletion(doc, text.indexOf('  management: |') + 20, 'zh'), undefined);
    assert.equal(statisticsParagraphCompletion(doc, text.indexOf('received:'), 'zh'), undefined);
  });
});
