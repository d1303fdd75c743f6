// The rendered report in a real browser: `node dist/cli.js render FILE -o OUT.html` (the CLI, as users run it),
// then the page opened in headless Chromium (playwright-core + Debian's /usr/bin/chromium) and checked through
// its DOM and layout: the official tables (merged cells, 25 rows of 三, 15 cells of 四), the texts, the
// signature; and for hostile reports that nothing of the report ran, became markup or loaded anything.
//
// Run: npm run build && node --test test/browser/      (part of `npm test`, skipped with GOVREPORT_SKIP_VSCODE=1)
// Artefacts in test-results/browser/: the rendered *.html, the generated corpus report, full-page screenshots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import YAML from 'yaml';
import { corpusReport } from './corpus.mjs';
import { A4, ALLOWED_ATTRIBUTES, ALLOWED_TAGS, CHROMIUM_ARGS, ROOT, chromiumPath, comparable, markupViolations, openTrapped } from './lib.mjs';

const OUT = path.join(ROOT, 'test-results', 'browser');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml');
const HOSTILE = path.join(ROOT, 'test', 'fixtures', 'xss', 'hostile.govreport.yaml');
const PAYLOADS = path.join(ROOT, 'test', 'fixtures', 'xss', 'payloads.txt');
const RESOURCES = path.join(ROOT, 'test', 'browser', 'fixtures', 'resources.govreport.yaml');
const CSS = fs.readFileSync(path.join(ROOT, 'media', 'report.css'), 'utf8');

// ------------------------------------------------------------------------------------------- the official template
/** Table 三's 25 data rows (国办公开办函〔2021〕30号): the label cells of each row, group cells where they open. */
const APPLICATION_ROWS = [
  [['一、本年新收政府信息公开申请数量', 1, 3]],
  [['二、上年结转政府信息公开申请数量', 1, 3]],
  [['三、本年度办理结果', 22, 1], ['（一）予以公开', 1, 2]],
  [['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 1, 2]],
  [['（三）不予公开', 8, 1], ['1.属于国家秘密', 1, 1]],
  [['2.其他法律行政法规禁止公开', 1, 1]],
  [['3.危及“三安全一稳定”', 1, 1]],
  [['4.保护第三方合法权益', 1, 1]],
  [['5.属于三类内部事务信息', 1, 1]],
  [['6.属于四类过程性信息', 1, 1]],
  [['7.属于行政执法案卷', 1, 1]],
  [['8.属于行政查询事项', 1, 1]],
  [['（四）无法提供', 3, 1], ['1.本机关不掌握相关政府信息', 1, 1]],
  [['2.没有现成信息需要另行制作', 1, 1]],
  [['3.补正后申请内容仍不明确', 1, 1]],
  [['（五）不予处理', 5, 1], ['1.信访举报投诉类申请', 1, 1]],
  [['2.重复申请', 1, 1]],
  [['3.要求提供公开出版物', 1, 1]],
  [['4.无正当理由大量反复申请', 1, 1]],
  [['5.要求行政机关确认或重新出具已获取信息', 1, 1]],
  [['（六）其他处理', 3, 1], ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', 1, 1]],
  [['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 1, 1]],
  [['3.其他', 1, 1]],
  [['（七）总计', 1, 2]],
  [['四、结转下年度继续办理', 1, 3]],
];
const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
/** Table 三's header rows: [text, rowspan, colspan]. */
const APPLICATION_HEAD = [
  [[NOTE, 3, 3], ['申请人情况', 1, 7]],
  [['自然人', 2, 1], ['法人或其他组织', 1, 5], ['总计', 2, 1]],
  [['商业企业', 1, 1], ['科研机构', 1, 1], ['社会公益组织', 1, 1], ['法律服务机构', 1, 1], ['其他', 1, 1]],
];
const APPEAL_COLUMNS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const APPEAL_HEAD = [
  [['行政复议', 1, 5], ['行政诉讼', 1, 10]],
  [...APPEAL_COLUMNS.map((c) => [c, 2, 1]), ['未经复议直接起诉', 1, 5], ['复议后起诉', 1, 5]],
  [...APPEAL_COLUMNS, ...APPEAL_COLUMNS].map((c) => [c, 1, 1]),
];
const PART_HEADINGS = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
/** Part 六 of the template: `一是…。` opens each item. */
const OTHER_MATTERS = ['一是收取信息处理费情况。', '二是落实上级年度政务公开工作要点情况。', '三是人大代表建议和政协提案办理结果公开情况。',
  '四是政务公开工作创新情况。', '五是年度报告数据统计需要说明的事项。', '六是本行政机关认为需要报告的其他事项。',
  '七是其他有关文件专门要求通过年度报告予以报告的事项。'];

// ------------------------------------------------------------------------------------------- render and open
/** `node dist/cli.js render FILE -o OUT` → OUT. */
function render(file, out) {
  const r = spawnSync(process.execPath, [CLI, 'render', file, '-o', out],
    { encoding: 'utf8', timeout: 20_000, env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' } });
  assert.equal(r.status, 0, `govreport render ${path.relative(ROOT, file)} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  assert.ok(fs.existsSync(out), `${out} was not written`);
  return out;
}

let browser;
const contexts = new Set();

/**
 * Opens `file` in a fresh context with the traps installed and everything recorded: requests (any URL; the
 * document's own is the only one allowed), dialogs, console messages, page errors, navigations and popups.
 * `bypassCSP`: ignore the page's Content-Security-Policy, to see what the escaping alone does.
 */
function open(file, { bypassCSP = false } = {}) {
  return openTrapped(browser, contexts, file, { viewport: A4, bypassCSP });
}

/**
 * What a reader does, and more: every element gets the events inline handlers listen to (synthetic, in the
 * page: cheap), then real mouse moves, a scroll to the end and Tab presses. A handler of the report, had one
 * become markup, would fire now; so would timers and meta refreshes, given a moment.
 */
async function interact(page) {
  await page.evaluate(() => {
    const kinds = ['mouseover', 'mouseenter', 'mousemove', 'mouseout', 'pointerover', 'focus', 'focusin', 'blur',
      'toggle', 'animationstart', 'transitionend', 'load', 'error', 'input', 'change', 'scroll', 'wheel'];
    for (const el of document.querySelectorAll('*')) {
      for (const k of kinds) el.dispatchEvent(new Event(k, { bubbles: false }));
    }
    window.dispatchEvent(new Event('pageshow'));
    window.scrollTo(0, document.documentElement.scrollHeight);
  });
  for (const [x, y] of [[100, 100], [400, 300], [700, 600], [300, 900], [600, 1100]]) await page.mouse.move(x, y);
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(100);
}

/** Nothing ran, nothing loaded, no dialog, no message, no navigation; the markup is the renderer's own. */
async function assertInert({ page, log }, label) {
  const trap = await page.evaluate(() => window.__govreportTrap ?? ['(trap missing: the init script did not run)']);
  assert.deepEqual(trap, [], `${label}: script of the report ran or a load was blocked by the CSP`);
  assert.deepEqual(log.dialogs, [], `${label}: dialogs`);
  assert.deepEqual(log.pageErrors, [], `${label}: page errors`);
  assert.deepEqual(log.console, [], `${label}: console messages (CSP reports, failed loads…)`);
  assert.deepEqual(log.requests, [log.url], `${label}: requests besides the document itself`);
  assert.deepEqual(log.popups, [], `${label}: popups`);
  assert.deepEqual([...new Set(log.navigations)], [log.url], `${label}: navigations`);
  assert.equal(page.url(), log.url, `${label}: the page navigated away`);
  assert.equal(page.frames().length, 1, `${label}: frames`);
  assert.deepEqual(await page.evaluate(markupViolations, ['article.govreport', [...ALLOWED_TAGS], [...ALLOWED_ATTRIBUTES]]), [],
    `${label}: markup that is not the renderer's`);
  const head = await page.evaluate(() => ({
    head: [...document.head.children].map((e) => e.localName + (e.getAttribute('http-equiv') ? `[${e.getAttribute('http-equiv')}]` : '')),
    body: [...document.body.children].map((e) => e.localName + (e.className ? `.${e.className}` : '')),
    style: document.querySelector('style')?.textContent ?? '',
    sheets: document.styleSheets.length,
    scripts: document.scripts.length,
  }));
  assert.deepEqual(head.head, ['meta', 'meta[Content-Security-Policy]', 'meta', 'meta', 'title', 'style'], `${label}: <head>`);
  assert.deepEqual(head.body, ['article.govreport'], `${label}: <body> holds the article only`);
  assert.equal(head.style.trim(), CSS.replace(/</g, '\\3c ').trim(), `${label}: the only stylesheet is media/report.css`);
  assert.equal(head.sheets, 1, `${label}: style sheets`);
  assert.equal(head.scripts, 0, `${label}: scripts`);
}

/**
 * Elements that stick out of the page's width. `tables: false` leaves table cells out: number cells do not
 * wrap (a text in one, a schema error, widens its table), whereas text must wrap, long URLs included.
 */
function overflowing(page, { tables = true } = {}) {
  return page.evaluate((withTables) => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll(withTables ? 'article *' : 'article *:not(table):not(table *)')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1) out.push(`<${el.localName} class="${el.className}"> ends at x=${Math.round(r.right)}: ${el.textContent.slice(0, 60)}`);
    }
    return out;
  }, tables);
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(OUT, name), fullPage: true });
}

/** The article's visible text (innerText: what display:none hides is not in it). */
const visibleText = (page) => page.locator('article.govreport').innerText();

/** The strings of a YAML document (values only; keys are not rendered in the standalone page). */
function stringValues(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringValues(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringValues(v, out));
  return out;
}
/** Strings that are shown otherwise: valid dates (`2024年1月16日`). */
const TEXT_NOT_SHOWN_AS_IS = /^\d{4}-\d{2}-\d{2}$/;
/** The renderer numbers extra sections itself: `（七）` at the start of their title is replaced. */
const withoutNumbering = (s) => s.trim().replace(/^\s*[（(]\s*[一二三四五六七八九十〇零百\d]+\s*[）)]\s*/, '');

function assertShownAsText(text, strings, label) {
  const shown = comparable(text);
  const missing = strings.filter((s) => !TEXT_NOT_SHOWN_AS_IS.test(s) && !shown.includes(comparable(withoutNumbering(s))));
  assert.deepEqual(missing, [], `${label}: not shown as text`);
}

// ------------------------------------------------------------------------------------------- tests
before(async () => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: npm run build first');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, handleSIGINT: true, handleSIGTERM: true });
});
after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
});

describe('the traps (positive control)', () => {
  test('detect a script that runs, a dialog, a CSP-blocked load, a request and foreign markup', async () => {
    const file = path.join(OUT, 'control.html');
    fs.writeFileSync(file, `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'">`
      + '</head><body><article class="govreport"><p onmouseover="x">p</p><img src="http://example.invalid/i.png"></article>'
      + '<script>window.__pwned = 1; alert("control")</script></body></html>');
    const opened = await open(file);
    try {
      const trap = await opened.page.evaluate(() => window.__govreportTrap);
      assert.ok(trap.includes('set __pwned(1)'), JSON.stringify(trap));
      assert.ok(trap.includes('alert(control)'), JSON.stringify(trap));
      assert.ok(trap.some((t) => t.startsWith('csp-violation(img-src')), JSON.stringify(trap));
      assert.deepEqual(opened.log.dialogs, ['alert: control']);
      assert.ok(opened.log.requests.includes('http://example.invalid/i.png'), JSON.stringify(opened.log.requests));
      assert.ok(opened.log.console.some((m) => m.includes('Content Security Policy')), JSON.stringify(opened.log.console));
      const violations = await opened.page.evaluate(markupViolations, ['article.govreport', [...ALLOWED_TAGS], [...ALLOWED_ATTRIBUTES]]);
      assert.ok(violations.some((v) => v.startsWith('event handler attribute onmouseover')), JSON.stringify(violations));
      assert.ok(violations.some((v) => v.startsWith('unexpected element <img>')), JSON.stringify(violations));
      assert.ok(violations.some((v) => v.startsWith('<script> in the document')), JSON.stringify(violations));
    } finally {
      await opened.context.close();
    }
  });
});

describe('the example report in Chromium', () => {
  let opened;
  before(async () => {
    opened = await open(render(EXAMPLE, path.join(OUT, 'example.html')));
  });
  after(() => opened?.context.close());

  test('title, part headings, signature', async () => {
    const { page } = opened;
    const title = '台儿庄区民政局2023年政府信息公开工作年度报告';
    assert.equal(await page.title(), title);
    assert.deepEqual(await page.locator('article.govreport > h1.gr-title').allInnerTexts(), [title]);
    assert.deepEqual(await page.locator('article.govreport section.gr-part > h2').allInnerTexts(), PART_HEADINGS);
    assert.equal(await page.locator('.gr-signature p.gr-agency').innerText(), '台儿庄区民政局');
    assert.equal(await page.locator('.gr-signature p.gr-date').innerText(), '2024年1月16日');
    // laid out as a signature: right of the middle, the date under the agency, both after the last part
    const box = (sel) => page.locator(sel).boundingBox();
    const [agency, date, article, last] = await Promise.all([box('p.gr-agency'), box('p.gr-date'), box('article.govreport'),
      box('section.gr-part-other-matters')]);
    assert.ok(date.x > article.x + article.width / 2, `date at x=${date.x}, article ${JSON.stringify(article)}`);
    assert.ok(date.y > agency.y && agency.y >= last.y + last.height, `agency ${JSON.stringify(agency)}, date ${JSON.stringify(date)}`);
  });

  test('table 三: merged header cells, the 勾稽 note, 25 data rows with the official labels', async () => {
    const { page } = opened;
    const table = page.locator('table.gr-table-applications');
    assert.equal(await table.count(), 1);
    const t = await table.evaluate((el) => {
      const cells = (row) => [...row.cells].map((c) => ({ tag: c.localName, text: c.innerText.trim(), rowSpan: c.rowSpan, colSpan: c.colSpan, left: c.getBoundingClientRect().left, right: c.getBoundingClientRect().right }));
      return { head: [...el.tHead.rows].map(cells), body: [...el.tBodies[0].rows].map(cells), width: el.getBoundingClientRect().width };
    });
    assert.deepEqual(t.head.map((r) => r.map((c) => [c.text, c.rowSpan, c.colSpan])), APPLICATION_HEAD);
    assert.equal(t.head[0][0].tag, 'th');
    assert.equal(await table.locator('thead th.gr-note').innerText(), NOTE);
    assert.equal(t.body.length, 25, 'data rows');
    t.body.forEach((row, i) => {
      const labels = row.filter((c) => c.tag === 'th').map((c) => [c.text, c.rowSpan, c.colSpan]);
      assert.deepEqual(labels, APPLICATION_ROWS[i], `row ${i + 1} labels`);
      const values = row.filter((c) => c.tag === 'td');
      assert.deepEqual(values.map((c) => c.text), ['0', '0', '0', '0', '0', '0', '0'], `row ${i + 1} values`);
    });
    // the layout: every row's 7 values sit in the same 7 columns, under 自然人 … 总计
    const columns = t.body[0].filter((c) => c.tag === 'td').map((c) => Math.round(c.left));
    for (const [i, row] of t.body.entries()) {
      assert.deepEqual(row.filter((c) => c.tag === 'td').map((c) => Math.round(c.left)), columns, `row ${i + 1}: columns out of line`);
    }
    const heads = [t.head[1][0], ...t.head[2], t.head[1][2]].map((c) => Math.round(c.left));
    assert.deepEqual(heads, columns, 'the column heads stand over the values');
    assert.ok(t.width <= 794, `table 三 is ${t.width}px wide: wider than an A4 page`);
  });

  test('table 四: merged header cells and one data row of 15 value cells', async () => {
    const { page } = opened;
    const t = await page.locator('table.gr-table-appeals').evaluate((el) => {
      const cells = (row) => [...row.cells].map((c) => ({ tag: c.localName, text: c.innerText.trim(), rowSpan: c.rowSpan, colSpan: c.colSpan, left: Math.round(c.getBoundingClientRect().left) }));
      return { head: [...el.tHead.rows].map(cells), body: [...el.tBodies[0].rows].map(cells) };
    });
    assert.deepEqual(t.head.map((r) => r.map((c) => [c.text, c.rowSpan, c.colSpan])), APPEAL_HEAD);
    assert.equal(t.body.length, 1, 'one data row');
    assert.deepEqual(t.body[0].map((c) => [c.tag, c.text]), Array.from({ length: 15 }, () => ['td', '0']));
    const heads = [...t.head[1].slice(0, 5), ...t.head[2]].map((c) => c.left);
    assert.deepEqual(t.body[0].map((c) => c.left), heads, 'the 15 values stand under their column heads');
  });

  test('table 二: the four blocks of 第二十条', async () => {
    const blocks = await opened.page.locator('table.gr-table-proactive th.gr-block').allInnerTexts();
    assert.deepEqual(blocks, ['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
    const labels = await opened.page.locator('table.gr-table-proactive th.gr-label').allInnerTexts();
    assert.deepEqual(labels, ['规章', '行政规范性文件', '行政许可', '行政处罚', '行政强制', '行政事业性收费']);
  });

  test('part 六: the items as 一是…。 paragraphs in the template\'s order', async () => {
    const paragraphs = await opened.page.locator('section.gr-part-other-matters > p').allInnerTexts();
    assert.ok(paragraphs[0].startsWith(OTHER_MATTERS[0]), paragraphs[0]);
    const leads = paragraphs.filter((p) => /^[一二三四五六七八九十]+是/.test(p));
    assert.deepEqual(leads.map((p, i) => p.slice(0, OTHER_MATTERS[i]?.length ?? 0)), OTHER_MATTERS);
    assert.ok(leads[0].endsWith('2023年，区民政局不存在因信息处理收取相关费用的情况。'), leads[0]);
    assert.equal(leads[6], '七是其他有关文件专门要求通过年度报告予以报告的事项。无。');
    // the numbered sub-paragraphs of 二是 follow it, as written
    assert.ok(paragraphs.some((p) => p.startsWith('1.加强领导，夯实责任')), 'paragraph 1. of 落实上级年度政务公开工作要点情况');
  });

  test('the page is self-contained and inert: no request, no script, no console message', async () => {
    await interact(opened.page);
    await assertInert(opened, 'example');
    assert.deepEqual(await overflowing(opened.page), [], 'wider than an A4 page');
    await screenshot(opened.page, 'example.png');
  });
});

describe('hostile reports in Chromium: nothing runs, nothing becomes markup, nothing loads', () => {
  const cases = [
    { name: 'hostile', file: HOSTILE, strings: () => stringValues(YAML.parse(fs.readFileSync(HOSTILE, 'utf8'))) },
    { name: 'resources', file: RESOURCES, strings: () => stringValues(YAML.parse(fs.readFileSync(RESOURCES, 'utf8'))) },
    {
      name: 'corpus',
      file: path.join(OUT, 'corpus.govreport.yaml'),
      strings: () => fs.readFileSync(PAYLOADS, 'utf8').split('\n').filter((l) => l.trim() !== ''),
      generate(file) {
        const { text, placed } = corpusReport(this.strings(), 'test/browser/render.test.mjs');
        fs.writeFileSync(file, text);
        fs.writeFileSync(path.join(OUT, 'corpus-fields.json'), JSON.stringify(placed, null, 1));
      },
    },
  ];
  before(() => {
    for (const c of cases) {
      c.generate?.(c.file);
      render(c.file, path.join(OUT, `${c.name}.html`));
    }
  });
  for (const c of cases) {
    for (const bypassCSP of [false, true]) {
      const how = bypassCSP ? 'without its Content-Security-Policy (the escaping alone)' : 'as rendered';
      test(`${c.name}: ${how}`, async () => {
        const opened = await open(path.join(OUT, `${c.name}.html`), { bypassCSP });
        try {
          await interact(opened.page);
          await assertInert(opened, `${c.name} (${how})`);
          assertShownAsText(await visibleText(opened.page), c.strings(), c.name);
          // the corpus puts long texts into number cells, which do not wrap: there only the text must fit
          assert.deepEqual(await overflowing(opened.page, { tables: c.name !== 'corpus' }), [], `${c.name}: wider than the page`);
          if (!bypassCSP) await screenshot(opened.page, `${c.name}.png`);
        } finally {
          await opened.context.close();
          contexts.delete(opened.context);
        }
      });
    }
  }

  test('hostile: the title is the report\'s text, links only where the renderer makes them', async () => {
    const opened = await open(path.join(OUT, 'hostile.html'));
    try {
      assert.equal(await opened.page.title(), '"><svg onload=alert(\'title\')>');
      assert.equal(await opened.page.locator('h1.gr-title').innerText(), '"><svg onload=alert(\'title\')>');
      assert.equal(await opened.page.locator('a').count(), 0, 'javascript: website and a quoted e-mail are no links');
      assert.equal(await opened.page.locator('p.gr-agency').innerText(), '<script>alert(\'agency\')</script>');
    } finally {
      await opened.context.close();
      contexts.delete(opened.context);
    }
  });

  test('resources: only the contact website and e-mail are links (http(s) and mailto), and loading them is not automatic', async () => {
    const opened = await open(path.join(OUT, 'resources.html'));
    try {
      const links = await opened.page.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
      assert.deepEqual(links, [['http://example.invalid/site/', 'noopener noreferrer'], ['mailto:office@example.invalid', 'noopener noreferrer']]);
    } finally {
      await opened.context.close();
      contexts.delete(opened.context);
    }
  });
});
