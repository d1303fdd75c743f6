import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readHtml, readText, toReport } from '../../server/src/core/import';
import { ROOT } from '../helpers';

const CORPUS = path.join(ROOT, 'test/fixtures/corpus');

describe('readText', () => {
  test('lines with cells separated by runs of spaces are a table; text lines are paragraphs', () => {
    const doc = readText('二、主动公开政府信息情况\n信息内容      本年制发件数   本年废止件数   现行有效件数\n规章          0              0              0\n行政规范性文件  5   1   30\n\n其后的文字。\n');
    assert.deepEqual(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.map((c) => c.text)))), [
      '二、主动公开政府信息情况',
      [['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', '0', '0', '0'], ['行政规范性文件', '5', '1', '30']],
      '其后的文字。',
    ]);
    assert.deepEqual(doc.blocks[1]!.at, { line: 2 });
  });
  test('wrapped lines of one sentence join (also across the blank lines of double-spaced pages); headings and page numbers do not', () => {
    const doc = readText('（一）主动公开\n全年主动公开政府信息一千二百条，其中规范性\n\n文件五件。\n— 2 —\n第 3 页 共 5 页\n（二）依申请公开\n');
    assert.deepEqual(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')), ['（一）主动公开', '全年主动公开政府信息一千二百条，其中规范性文件五件。', '（二）依申请公开']);
  });
  test('a byte-order mark and CRLF line ends', () => {
    const doc = readText('\ufeff一、总体情况\r\n正文。\r\n');
    assert.deepEqual(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')), ['一、总体情况', '正文。']);
  });
});

describe('pdftotext -layout output of a real page (shuyang, printed to PDF by Chromium)', () => {
  const text = toReport(readText(fs.readFileSync(path.join(CORPUS, 'shuyang-fgj-2023.layout.txt'), 'utf8')));
  const page = toReport(readHtml(fs.readFileSync(path.join(CORPUS, 'shuyang-fgj-2023.html'))));
  const t = text.data as Record<string, any>;
  const p = page.data as Record<string, any>;
  test('the texts, the front matter and tables 二 and 四 read as from the page', () => {
    for (const key of ['format', 'agency', 'year', 'published', 'contact', 'preamble', 'overview', 'proactive', 'appeals', 'problems', 'other_matters']) {
      assert.deepEqual(t[key], p[key], key);
    }
  });
  test('table 三: the layout drops the blank cells, so no number can be put in a column: rows stay null, every number kept in a note', () => {
    const rows = JSON.stringify(t['applications']);
    assert.doesNotMatch(rows, /\d/);
    const notes = text.notes.filter((x) => x.path.join('.') === 'applications').map((x) => x.message);
    assert.ok(notes.includes('原文“一、本年新收政府信息公开申请数量”一行有 2 个数字（26、26），不是 7 栏，无法确定各在哪一栏，未读入'), notes.join('\n'));
    assert.ok(notes.some((x) => x.startsWith('原文“（七）总计”一行有 2 个数字（26、26）')));
    assert.equal(text.cellsLeftEmpty, true);
  });
});

describe('plain text with whole rows', () => {
  test('seven values per row are read in template order; a group heading line gives the rows their group', () => {
    const rows = [
      '一、本年新收政府信息公开申请数量   3   1   0   0   0   0   4',
      '二、上年结转政府信息公开申请数量   0   0   0   0   0   0   0',
      '（一）予以公开   2   1   0   0   0   0   3',
      '（三）不予公开',
      '1.属于国家秘密   1   0   0   0   0   0   1',
      '（七）总计   3   1   0   0   0   0   4',
    ];
    const r = toReport(readText(`某某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n${rows.join('\n')}\n四、政府信息公开行政复议、行政诉讼情况\n`));
    const a = (r.data as Record<string, any>)['applications'];
    assert.deepEqual(a['received'], [3, 1, 0, 0, 0, 0, 4]);
    assert.deepEqual(a['results']['disclosed'], [2, 1, 0, 0, 0, 0, 3]);
    assert.deepEqual(a['results']['withheld']['state_secret'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(a['results']['withheld']['prohibited_by_law'], null);
    assert.deepEqual(a['results']['total'], [3, 1, 0, 0, 0, 0, 4]);
    assert.ok(r.notes.some((x) => x.path.join('.') === 'applications.results.withheld.prohibited_by_law' && x.message === '原文没有“（三）不予公开·2.其他法律行政法规禁止公开”一行'));
    assert.equal((r.data as Record<string, any>)['agency'], '某某局');
  });
});
