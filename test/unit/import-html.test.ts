import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core';
import { decodeBytes, readHtml, readText, toReport, writeReportYaml, type SourceDocument, type SourceTable } from '../../server/src/core/import';
import { ROOT } from '../helpers';

const CORPUS = path.join(ROOT, 'test/fixtures/corpus');
const bytes = (name: string): Uint8Array => fs.readFileSync(path.join(CORPUS, name));
const paragraphs = (doc: SourceDocument): string[] => doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
const tables = (doc: SourceDocument): SourceTable[] => doc.blocks.filter((b): b is SourceTable => b.kind === 'table');

describe('decodeBytes', () => {
  const utf8 = new TextEncoder().encode('<p>政府信息公开</p>');
  test('UTF-8 with and without a byte-order mark', () => {
    assert.deepEqual(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])), { text: '<p>政府信息公开</p>', encoding: 'utf-8' });
    assert.deepEqual(decodeBytes(utf8), { text: '<p>政府信息公开</p>', encoding: 'utf-8' });
  });
  test('UTF-16 by its byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('年度报告', 'utf16le')]);
    assert.deepEqual(decodeBytes(le), { text: '年度报告', encoding: 'utf-16le' });
  });
  test('GBK by the page\'s own declaration (meta charset, http-equiv), read as GB18030', () => {
    // "年度" in GBK
    const gbk = [0xc4, 0xea, 0xb6, 0xc8];
    const meta = new Uint8Array([...new TextEncoder().encode('<meta charset="gbk"><p>'), ...gbk]);
    assert.deepEqual(decodeBytes(meta), { text: '<meta charset="gbk"><p>年度', encoding: 'gb18030' });
    const equiv = new Uint8Array([...new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=GB2312"><p>'), ...gbk]);
    assert.equal(decodeBytes(equiv).text.endsWith('<p>年度'), true);
  });
  test('undeclared bytes that are not UTF-8 are read as GB18030', () => {
    assert.deepEqual(decodeBytes(new Uint8Array([0xc4, 0xea, 0xb6, 0xc8])), { text: '年度', encoding: 'gb18030' });
  });
  test('bytes no encoding reads cleanly are read as a browser would (U+FFFD), never refused', () => {
    // a UTF-8 page (by its BOM) with one stray byte; an undeclared page with a byte GB18030 cannot end on
    assert.deepEqual(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62])), { text: 'a\ufffdb', encoding: 'utf-8' });
    assert.deepEqual(decodeBytes(new Uint8Array([0xc4, 0xea, 0x81])), { text: '年\ufffd', encoding: 'gb18030' });
    assert.deepEqual(decodeBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x00])), { text: 'a\ufffd', encoding: 'utf-16le' });
  });
});

describe('readHtml: a made-up TRS/Hanweb-like page', () => {
  const doc = readHtml(bytes('made-up-county-2022.html'));
  test('metadata from <meta name="ArticleTitle"/"PubDate"/"ContentSource">', () => {
    assert.deepEqual(doc.meta, { title: '某某县人民政府2022年政府信息公开工作年度报告', published: '2023-01-20 09:30', source: '某某县人民政府办公室' });
    assert.equal(doc.format, 'html');
    assert.equal(doc.encoding, 'utf-8');
  });
  test('the article only: no navigation, breadcrumbs, sidebar, share bar, footer, script or hidden text', () => {
    const text = paragraphs(doc).join('\n');
    for (const furniture of ['首页', '当前位置', '相关报告', '浏览次数', '分享到', '打印本页', '版权所有', '隐藏文字', 'var nav']) {
      assert.equal(text.includes(furniture), false, furniture);
    }
    assert.match(paragraphs(doc)[0]!, /^本报告根据《中华人民共和国政府信息公开条例》编制/);
    assert.deepEqual(paragraphs(doc).slice(-2), ['某某省某某县人民政府', '2023年1月18日']);
  });
  test('Word markup flattened: numbers split across elements join, o:p and &nbsp; leave no text', () => {
    assert.ok(paragraphs(doc).includes('全年主动公开政府信息1200条。'));
    assert.match(paragraphs(doc)[0]!, /统计期限自2022年1月1日起至2022年12月31日止/);
  });
  test('tables keep their cells and spans; line breaks inside a cell become one space', () => {
    const t = tables(doc);
    assert.equal(t.length, 4);
    const apps = t[2]!;
    assert.deepEqual(apps.rows[0]!.map((c) => [c.text, c.rowSpan, c.colSpan]), [['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3], ['申请人情况', 1, 9]]);
    assert.deepEqual(apps.rows[2]!.map((c) => c.text), ['商业 企业', '科研 机构', '社会公益 组织', '法律服务机构', '其他']);
    assert.equal(apps.rows[5]![0]!.rowSpan, 23);
    const other = apps.rows.find((r) => r.some((c) => c.text === '3.其他'))!;
    assert.deepEqual(other.map((c) => c.text), ['3.其他', '1', '-', '', '0', '0', '0', '1', '1', '']);
    assert.ok(apps.at?.line !== undefined && apps.at.line > 1);
  });
  test('a GB18030 (GBK) copy of the page reads the same', () => {
    const gbk = readHtml(bytes('made-up-county-2022.gbk.html'));
    assert.equal(gbk.encoding, 'gb18030');
    assert.deepEqual(gbk.meta, doc.meta);
    assert.deepEqual(gbk.blocks.map((b) => ({ ...b, at: undefined })), doc.blocks.map((b) => ({ ...b, at: undefined })));
  });
});

describe('readHtml: real pages', () => {
  test('shuyang (Word-pasted: every run in its own span/font, o:p)', () => {
    const doc = readHtml(bytes('shuyang-fgj-2023.html'));
    assert.equal(doc.meta.title, '沭阳县发展和改革局2023年政府信息公开年度报告');
    assert.equal(tables(doc).length, 3);
    assert.match(paragraphs(doc)[0]!, /统计时限为2023年1月1日至2023年12月31日。/);
    assert.equal(paragraphs(doc).some((p) => /\s{2}|\u00a0/.test(p)), false);
  });
  test('shanghai: the preamble that lists every section does not hide the article', () => {
    const doc = readHtml(bytes('shanghai-bangongting-2019.html'));
    assert.deepEqual(paragraphs(doc).slice(0, 2), ['2019年上海市人民政府办公厅政府信息公开工作年度报告', '发布日期：2020-01-31']);
    assert.equal(tables(doc).length, 3);
    assert.equal(paragraphs(doc).at(-1), '无。');
  });
  test('a fragment without section headings is read whole', () => {
    const doc = readHtml(new TextEncoder().encode('<div><p>第一段</p>第二段<br>第三段<table><tr><td>a</td></tr></table></div>'));
    assert.deepEqual(paragraphs(doc), ['第一段', '第二段', '第三段']);
    assert.equal(tables(doc).length, 1);
  });
  test('a layout table holding the article is read through, its inner tables kept', () => {
    const doc = readHtml(new TextEncoder().encode('<table><tr><td><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>'));
    assert.deepEqual(paragraphs(doc), ['一、总体情况', '正文。', '二、主动公开政府信息情况']);
    assert.deepEqual(tables(doc)[0]!.rows.map((r) => r.map((c) => c.text)), [['规章', '0']]);
  });
});

describe('hostile input: nothing crashes the importer', () => {
  const importBytes = (bytes: Uint8Array) => toReport(readHtml(bytes));
  test('50,000 nested elements: the text is kept, no stack overflow', () => {
    const deep = `<p>一、总体情况</p>${'<div>'.repeat(50_000)}深处的文字。${'</div>'.repeat(50_000)}<p>二、主动公开政府信息情况</p>`;
    const r = importBytes(new TextEncoder().encode(deep));
    assert.match(String((r.data['overview'] as Record<string, unknown>)['summary']), /深处的文字。/);
    // no （一）…（五）: the whole text is the summary, with a note to split it
    assert.ok(r.notes.some((n) => n.path.join('.') === 'overview.summary' && /未分（一）至（五）小节/.test(n.message)));
  });
  test('colspan and rowspan of 1000 on every cell: the grid stays bounded', () => {
    const wide = `<p>三、收到和处理政府信息公开申请情况</p><table>${`<tr>${'<td colspan=1000 rowspan=1000>1</td>'.repeat(50)}</tr>`.repeat(20)}</table>`;
    const r = importBytes(new TextEncoder().encode(wide));
    assert.equal(r.cellsLeftEmpty, true);
  });
  test('random bytes, as a page and as text: a result whose YAML parses back', () => {
    let seed = 42;
    const random = new Uint8Array(50_000).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    for (const r of [importBytes(random), toReport(readText(new TextDecoder().decode(random)))]) {
      const analysis = analyze(writeReportYaml(r));
      assert.deepEqual(analysis.document.syntax, []);
      assert.deepEqual(analysis.document.data, r.data);
    }
  });
});

describe('every import writes YAML that parses back to its data (generated pages and texts)', () => {
  const parts = ['<p>', '</p>', '<table>', '<tr>', '<td rowspan=2>', '<td colspan=3>', '</td>', '</tr>', '</table>', '一、总体情况', '二、主动公开政府信息情况',
    '三、收到和处理政府信息公开申请情况', '四、行政复议', '五、存在的主要问题', '六、其他需要报告的事项', '（一）', '1.', '自然人', '总计', '0', '12', '/', '-', '&nbsp;',
    '\u2028', '\u0085', '"', ':', '#', '- ', '|', '>', '\n', '\t', '  ', '<br>', '规章', '行政许可', '结果维持', '复议后起诉', '发布日期：2020-01-01', '2024年1月1日', '某某局', '\ud800', '\ufeff'];
  test('200 generated inputs', () => {
    for (let s = 1; s <= 100; s++) {
      let seed = s;
      const next = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16);
      let text = '';
      for (let i = 0; i < 300; i++) text += parts[next() % parts.length];
      for (const r of [toReport(readHtml(new TextEncoder().encode(text))), toReport(readText(text))]) {
        const analysis = analyze(writeReportYaml(r));
        assert.deepEqual(analysis.document.syntax, [], `seed ${s}`);
        assert.deepEqual(analysis.document.data, r.data, `seed ${s}`);
      }
    }
  });
});
