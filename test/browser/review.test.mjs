// The review page in a real browser: `node dist/cli.js check --format html -o review.html DIR` (the CLI, as a
// supervisor runs it), opened in headless Chromium (playwright-core + Debian's /usr/bin/chromium): sorting and
// filtering the summary, the failing cells marked in the rendered reports, and for the XSS corpus (every
// payload as a report's agency, kind and file name, and the corpus report with a payload in every field) that
// nothing of a report ran, loaded anything or became markup, with the page's own script working all along.
//
// Run: npm run build && node --test test/browser/review.test.mjs
// Artefacts in test-results/browser-review/: the pages, screenshots (review.png: the top of the page).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { corpusReport } from './corpus.mjs';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, CHROMIUM_ARGS, ROOT, chromiumPath, comparable, markupViolations, openTrapped } from './lib.mjs';

const OUT = path.join(ROOT, 'test-results', 'browser-review');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE_TEXT = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml'), 'utf8');
const HOSTILE = path.join(ROOT, 'test', 'fixtures', 'xss', 'hostile.govreport.yaml');
const PAYLOADS = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'xss', 'payloads.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');

/** The page's own elements besides the renderer's (lib.mjs ALLOWED_TAGS) and attributes besides the renderer's. */
const PAGE_TAGS = ['html', 'head', 'meta', 'title', 'style', 'script', 'body', 'main', 'h1', 'h2', 'h3', 'p', 'ul', 'ol', 'li', 'div',
  'label', 'input', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'button', 'a', 'code', 'svg', 'rect', 'section', 'details', 'summary', 'br'];
const PAGE_ATTRIBUTES = ['lang', 'charset', 'http-equiv', 'content', 'name', 'nonce', 'class', 'id', 'type', 'autocomplete', 'role', 'scope',
  'aria-sort', 'aria-label', 'data-column', 'data-type', 'data-report', 'data-errors', 'data-sort', 'data-rule', 'width', 'height', 'viewBox',
  'x', 'y', 'open', 'hidden', 'href', 'title'];

let browser;
const contexts = new Set();

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const asYear = (year, text = EXAMPLE_TEXT) => text.replace(/^year: 2023$/m, `year: ${year}`).replace(/^published: 2024-01-16$/m, `published: ${year + 1}-01-16`);

/** `govreport check --format html -o OUT DIR` → OUT. */
function review(dir, out, lang = 'zh') {
  // from OUT: the page shows paths relative to it (county/…), as a user runs it from the reports' folder
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'html', '-o', out, '--lang', lang, dir],
    { cwd: OUT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' } });
  assert.ok(r.status === 0 || r.status === 1, `govreport check exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout, '');
  return out;
}

/** Opens `file` with the traps of lib.mjs installed and every request, dialog, message and navigation recorded. */
function open(file, { width = 1280, height = 900 } = {}) {
  return openTrapped(browser, contexts, file, { viewport: { width, height } });
}

/** Nothing of a report ran or loaded; the markup is the page's and the renderer's own; the page's one script is the only one. */
async function assertInert({ page, log }, label) {
  const trap = await page.evaluate(() => window.__govreportTrap ?? ['(trap missing: the init script did not run)']);
  assert.deepEqual(trap, [], `${label}: script of a report ran or a load was blocked by the CSP`);
  assert.deepEqual(log.dialogs, [], `${label}: dialogs`);
  assert.deepEqual(log.pageErrors, [], `${label}: page errors`);
  assert.deepEqual(log.console, [], `${label}: console messages (CSP reports, failed loads…)`);
  assert.deepEqual(log.requests, [log.url], `${label}: requests besides the document itself`);
  assert.deepEqual(log.popups, [], `${label}: popups`);
  assert.equal(page.url().replace(/#.*$/, ''), log.url, `${label}: the page navigated away`);
  assert.equal(page.frames().length, 1, `${label}: frames`);
  const page_ = await page.evaluate(([tags, attributes]) => {
    const okTags = new Set(tags);
    const okAttributes = new Set(attributes);
    const out = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.closest('article.govreport')) continue; // the renderer's part: checked with markupViolations below
      if (!okTags.has(el.localName)) out.push(`element <${el.localName}>: ${el.outerHTML.slice(0, 120)}`);
      for (const a of el.attributes) if (!okAttributes.has(a.name)) out.push(`attribute ${a.name} on <${el.localName}>`);
      if (el.localName === 'a' && !/^#report-\d+$/.test(el.getAttribute('href') ?? '')) out.push(`link ${el.getAttribute('href')}`);
    }
    return { out, scripts: document.scripts.length, sheets: document.styleSheets.length, articles: document.querySelectorAll('article.govreport').length };
  }, [PAGE_TAGS, PAGE_ATTRIBUTES]);
  assert.deepEqual(page_.out, [], `${label}: markup that is not the page's`);
  assert.equal(page_.scripts, 1, `${label}: the page's own script only`);
  assert.equal(page_.sheets, 1, `${label}: the page's own style only`);
  // each rendered report: the renderer's vocabulary only (markupViolations of the render test, scoped to the article)
  const inReports = await page.evaluate(([tags, attributes]) => {
    const out = [];
    for (const root of document.querySelectorAll('article.govreport')) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (!tags.includes(el.localName)) out.push(`<${el.localName}> in a report: ${el.outerHTML.slice(0, 120)}`);
        for (const a of el.attributes) if (!attributes.includes(a.name)) out.push(`attribute ${a.name} in a report`);
        if (el.localName === 'a' && !/^(https?:\/\/|mailto:)/i.test(el.getAttribute('href') ?? '')) out.push(`link ${el.getAttribute('href')} in a report`);
      }
    }
    return out;
  }, [[...ALLOWED_TAGS], [...ALLOWED_ATTRIBUTES]]);
  assert.ok(page_.articles > 0);
  assert.deepEqual(inReports, [], `${label}: markup in the rendered reports that is not the renderer's`);
  assert.deepEqual(await page.evaluate(markupViolations, ['article.govreport', [...ALLOWED_TAGS], [...ALLOWED_ATTRIBUTES], 'article.govreport']), [],
    `${label}: the first rendered report`);
}

/** The summary's rows as shown: [agency, year, errors] of each visible row, in order. */
function visibleRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('#rv-summary tbody tr')].filter((r) => !r.hidden)
    .map((r) => ({ agency: r.cells[0].textContent, year: r.cells[2].textContent, errors: Number(r.cells[5].textContent), rules: r.cells[7].textContent, report: r.getAttribute('data-report') })));
}

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

// ------------------------------------------------------------------------------------------- a county's reports
/** Six reports of four agencies: one agency in 2022 and 2023 (carry-over mismatch), a late one, one with a wrong total. */
function county() {
  const dir = path.join(OUT, 'county');
  fs.rmSync(dir, { recursive: true, force: true });
  const agency = (name, text = EXAMPLE_TEXT) => text.replace(/台儿庄区民政局/g, name);
  write(path.join(dir, 'minzheng-2022.govreport.yaml'), asYear(2022).replace('carried_forward: [0, 0, 0, 0, 0, 0, 0]', 'carried_forward: [1, 0, 0, 0, 0, 0, 1]'));
  write(path.join(dir, 'minzheng-2023.govreport.yaml'), EXAMPLE_TEXT);
  write(path.join(dir, 'caizheng-2023.govreport.yaml'), agency('台儿庄区财政局').replace('received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 0, 0, 0, 0, 0, 0]'));
  write(path.join(dir, 'jiaoyu-2023.govreport.yaml'), agency('台儿庄区教育局').replace(/^published: 2024-01-16$/m, 'published: 2024-02-20'));
  write(path.join(dir, 'zhengfu-2021.govreport.yaml'), asYear(2021, agency('台儿庄区人民政府')).replace(/^year: 2021$/m, 'year: 2021\nagency_kind: government'));
  write(path.join(dir, 'weijian-2023.govreport.yaml'), agency('台儿庄区卫生健康局'));
  return dir;
}

describe('the review page of a county', () => {
  let opened;
  let file;
  before(async () => {
    file = review(county(), path.join(OUT, 'county.html'));
    opened = await open(file);
  });

  test('sorting: a column ascending, then descending; numbers as numbers', async () => {
    const { page } = opened;
    const initial = await visibleRows(page);
    assert.equal(initial.length, 6);
    await page.click('#rv-summary th button[data-column="2"]'); // Year
    let rows = await visibleRows(page);
    assert.deepEqual(rows.map((r) => r.year), ['2021', '2022', '2023', '2023', '2023', '2023']);
    assert.equal(await page.getAttribute('#rv-summary th:nth-child(3)', 'aria-sort'), 'ascending');
    await page.click('#rv-summary th button[data-column="2"]');
    rows = await visibleRows(page);
    assert.deepEqual(rows.map((r) => r.year), ['2023', '2023', '2023', '2023', '2022', '2021']);
    assert.equal(await page.getAttribute('#rv-summary th:nth-child(3)', 'aria-sort'), 'descending');
    await page.click('#rv-summary th button[data-column="5"]'); // Errors
    rows = await visibleRows(page);
    const errors = rows.map((r) => r.errors);
    assert.deepEqual(errors, [...errors].sort((a, b) => a - b));
    assert.ok(errors[errors.length - 1] > 0 && errors[0] === 0, JSON.stringify(errors));
    // deadline column: 20 days late sorts after every report in time
    await page.click('#rv-summary th button[data-column="4"]');
    const late = await page.evaluate(() => [...document.querySelectorAll('#rv-summary tbody tr')].map((r) => r.cells[4].textContent));
    assert.equal(late[late.length - 1], '逾期 20 天', JSON.stringify(late));
  });

  test('filtering: by text, only with errors, by a rule of the chart; the reports follow their rows', async () => {
    const { page } = opened;
    await page.fill('#rv-filter', '财政');
    let rows = await visibleRows(page);
    assert.deepEqual(rows.map((r) => r.agency), ['台儿庄区财政局']);
    assert.equal(await page.textContent('#rv-shown'), '1 / 6');
    const hiddenReports = await page.evaluate(() => [...document.querySelectorAll('section.rv-report')].filter((s) => s.hidden).length);
    assert.equal(hiddenReports, 5, 'the other reports are hidden too');
    await page.fill('#rv-filter', '');
    await page.check('#rv-only-errors');
    rows = await visibleRows(page);
    assert.ok(rows.length >= 2 && rows.every((r) => r.errors > 0), JSON.stringify(rows));
    await page.uncheck('#rv-only-errors');
    await page.click('#rv-chart button[data-rule="carry-over-mismatch"]');
    assert.equal(await page.inputValue('#rv-filter'), 'carry-over-mismatch');
    rows = await visibleRows(page);
    assert.deepEqual(rows.map((r) => `${r.agency} ${r.year}`), ['台儿庄区民政局 2023']);
    await page.fill('#rv-filter', '');
    assert.equal((await visibleRows(page)).length, 6);
  });

  test('the failing cells are marked in the rendered reports (the preview renderer), across years too', async () => {
    const { page } = opened;
    const marks = await page.evaluate(() => {
      const sectionOf = (agency, year) => [...document.querySelectorAll('section.rv-report')].find((s) => s.querySelector(':scope > h3').textContent.startsWith(agency) && s.querySelector(':scope > h3').textContent.includes(String(year)));
      const cells = (s) => [...s.querySelectorAll('article.govreport td.gr-problem')].map((td) => ({
        cls: td.className, title: td.getAttribute('title'), bg: getComputedStyle(td).backgroundColor, text: td.textContent,
      }));
      return { wrong: cells(sectionOf('台儿庄区财政局', 2023)), carry: cells(sectionOf('台儿庄区民政局', 2023)), clean: cells(sectionOf('台儿庄区卫生健康局', 2023)) };
    });
    const wrong = marks.wrong.find((c) => c.cls.includes('gr-error') && c.title.includes('一、本年新收政府信息公开申请数量'));
    assert.ok(wrong, JSON.stringify(marks.wrong));
    assert.notEqual(wrong.bg, 'rgba(0, 0, 0, 0)', 'a marked cell has a background');
    assert.ok(marks.carry.some((c) => /上年|last year/.test(c.title)), JSON.stringify(marks.carry));
    assert.deepEqual(marks.clean, []);
    // the same agency's years together, 2022 before 2023
    const groups = await page.evaluate(() => [...document.querySelectorAll('section.rv-agency')].map((g) => ({
      agency: g.querySelector('h2').textContent, years: [...g.querySelectorAll(':scope > section.rv-report > h3')].map((h) => h.textContent) })));
    const minzheng = groups.find((g) => g.agency === '台儿庄区民政局');
    assert.equal(minzheng.years.length, 2);
    assert.ok(minzheng.years[0].includes('2022') && minzheng.years[1].includes('2023'), JSON.stringify(minzheng));
  });

  test('nothing loads or runs but the page’s own script; screenshot', async () => {
    await assertInert(opened, 'county');
    // the page as it opens (the tests above sorted and filtered it)
    await opened.page.reload({ waitUntil: 'load' });
    await opened.page.evaluate(() => window.scrollTo(0, 0));
    await opened.page.screenshot({ path: path.join(OUT, 'review.png') });
    // a report's marked cells: the table of the report with the wrong row total
    const cell = opened.page.locator('td.gr-problem.gr-error').first();
    await cell.scrollIntoViewIfNeeded();
    await opened.page.screenshot({ path: path.join(OUT, 'review-marks.png'), timeout: 60_000 });
    assert.ok(fs.statSync(path.join(OUT, 'review.png')).size > 10_000);
  });
});

// ------------------------------------------------------------------------------------------- the XSS corpus
describe('the XSS corpus in every field of the review page', () => {
  test('as agency, kind and file name of a report each (some duplicated: related files), the corpus report, the hostile report', async () => {
    const dir = path.join(OUT, 'xss');
    fs.rmSync(dir, { recursive: true, force: true });
    write(path.join(dir, 'hostile.govreport.yaml'), fs.readFileSync(HOSTILE, 'utf8'));
    write(path.join(dir, 'corpus.govreport.yaml'), corpusReport(PAYLOADS, 'test/browser/review.test.mjs').text);
    PAYLOADS.forEach((p, i) => {
      const yaml = EXAMPLE_TEXT.replace(/^agency: .*$/m, `agency: ${JSON.stringify(p)}`).replace(/^year: 2023$/m, `year: 2023\nagency_kind: ${JSON.stringify(p)}`);
      const name = Buffer.from(`${i}-${p.replace(/[/\0]/g, '_')}`).subarray(0, 150).toString('utf8').replace(/\uFFFD+$/, '');
      write(path.join(dir, 'named', `${name}.govreport.yaml`), yaml);
      // every fifth payload twice: duplicate-report names the other file (a payload) in its message and related location
      if (i % 5 === 0) write(path.join(dir, 'again', `${name}.govreport.yaml`), yaml);
    });
    const file = review(dir, path.join(OUT, 'xss.html'));
    const opened = await open(file);
    try {
      // use the page: sort, filter, open and close reports, hover everything of the summary
      const { page } = opened;
      for (const column of [0, 1, 2, 5]) await page.click(`#rv-summary th button[data-column="${column}"]`);
      await page.fill('#rv-filter', 'script');
      await page.fill('#rv-filter', '');
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('#rv-summary *, section.rv-report > *')) {
          for (const k of ['mouseover', 'focus', 'click', 'toggle', 'error', 'load']) el.dispatchEvent(new Event(k, { bubbles: false }));
        }
        window.scrollTo(0, document.documentElement.scrollHeight);
      });
      await page.mouse.move(300, 300);
      await page.waitForTimeout(200);
      await assertInert(opened, 'xss');
      // every payload is shown as text in an agency cell of the summary
      const agencies = await page.evaluate(() => [...document.querySelectorAll('#rv-summary tbody tr td:first-child')].map((td) => td.textContent));
      const shown = new Set(agencies.map(comparable));
      const missing = PAYLOADS.filter((p) => !shown.has(comparable(p.trim())));
      assert.deepEqual(missing, [], 'payloads not shown as text in the summary');
      const kinds = await page.evaluate(() => [...document.querySelectorAll('#rv-summary tbody tr td:nth-child(2)')].map((td) => td.textContent));
      assert.ok(PAYLOADS.filter((p) => !['department', 'government', 'township'].includes(p)).every((p) => kinds.map(comparable).includes(comparable(p))), 'kinds shown as text');
    } finally {
      await opened.context.close();
    }
  });
});
