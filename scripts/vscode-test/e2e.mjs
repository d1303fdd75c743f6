#!/usr/bin/env node
// UI test in the real VS Code (code-server 4.100.3 + headless Chromium), as a user works: Quick Open the example
// report, "GovReport: Open Preview" from the command palette (F1), then read what the webview shows (the
// rendered title, table 三's cells, the 勾稽 note: the article only arrives once the preview's script runs, so
// a blank preview fails here), the same for the hostile report (shown as text, no script of it runs), and a
// click in the preview that reveals the source line in the editor.
//
// usage: node scripts/vscode-test/run.mjs --ui scripts/vscode-test/e2e.mjs [--keep] [--timeout SEC]
//        node scripts/vscode-test/e2e.mjs [run.mjs options]      (the same)
// run.mjs starts code-server with the repository as extensionDevelopmentPath and a temp copy of
// test/fixtures/*.govreport.yaml as the workspace, opens the workbench and calls the default export below.
// Last line: `N passed, N failed`. Screenshots and logs in test-results/vscode/ui/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, comparable, installTrap, markupViolations } from '../../test/browser/lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE = 'taierzhuang-minzheng-2023.govreport.yaml';
const HOSTILE = 'hostile.govreport.yaml';
const TITLE = '台儿庄区民政局2023年政府信息公开工作年度报告';
const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const RECEIVED = '一、本年新收政府信息公开申请数量';
const COMMAND = 'GovReport: Open Preview';

export default async function e2e({ page, context, workspace, results, root, say, progress }) {
  const t0 = Date.now();
  const lap = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const hostileSource = path.join(root, 'test', 'fixtures', 'xss', HOSTILE);
  fs.copyFileSync(hostileSource, path.join(workspace, HOSTILE));

  // what the report's script would do, had it become markup: recorded in every frame created from now on
  // (the webviews' frames; the workbench itself is already loading)
  await context.addInitScript(installTrap);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });

  const quick = page.locator('.quick-input-widget');
  const quickInput = quick.locator('input.input');
  // the preview: the webview's outer frame, then its content frame
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const article = preview.locator('#gr-root > article.govreport');

  let passed = 0;
  let failed = 0;
  let blocked = '';
  let n = 0;
  async function test(name, fn) {
    n++;
    if (blocked) {
      failed++; progress.failed++;
      console.log(`  ✖ ${name}: not run (${blocked} failed)`);
      return;
    }
    const t = Date.now();
    try {
      await fn();
      passed++; progress.passed++;
      console.log(`  ✔ ${name} (${Date.now() - t} ms, at ${lap()})`);
    } catch (e) {
      failed++; progress.failed++;
      blocked = name;
      console.log(`  ✖ ${name} (${Date.now() - t} ms)\n    ${String(e?.stack ?? e).split('\n').slice(0, 8).join('\n    ')}`);
      await page.screenshot({ path: path.join(results, `failure-${n}.png`) }).catch(() => {});
    }
  }

  /** Quick Open (Ctrl+P) a workspace file; retried: a late focus change (start-up, the language server) closes the widget. */
  async function quickOpen(file) {
    for (let attempt = 1; ; attempt++) {
      try {
        // the focus into the workbench (a click on the preview would be a click in the report: not there)
        if (await page.locator('iframe.webview').count() === 0) {
          await page.locator('.monaco-workbench .part.editor').click({ position: { x: 300, y: 200 }, timeout: 2000 }).catch(() => {});
        }
        await page.keyboard.press('Control+P');
        await quickInput.waitFor({ state: 'visible', timeout: 5000 });
        await quickInput.fill(file);
        await quick.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: 10_000 });
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
        say(`quick open ${file}: attempt ${attempt} failed (${e.message.split('\n')[0]}), retrying`);
        await page.keyboard.press('Escape');
      }
    }
  }

  /** F1, the command by its exact label (not "Open Preview to the Side"), clicked. */
  async function runCommand(label) {
    for (let attempt = 1; ; attempt++) {
      try {
        await page.keyboard.press('F1');
        await quickInput.waitFor({ state: 'visible', timeout: 5000 });
        await quickInput.fill(`>${label}`);
        const row = quick.locator('.quick-input-list .monaco-list-row')
          .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) });
        await row.first().click({ timeout: 10_000 });
        await quick.waitFor({ state: 'hidden', timeout: 5000 });
        return;
      } catch (e) {
        if (attempt >= 2) throw e;
        say(`command ${label}: attempt ${attempt} failed (${e.message.split('\n')[0]}), retrying`);
        await page.keyboard.press('Escape');
      }
    }
  }

  /** The preview's content frame (a Frame, for evaluate). */
  async function previewFrame() {
    const handle = await preview.locator('html').elementHandle({ timeout: 10_000 });
    const frame = await handle.ownerFrame();
    await handle.dispose();
    return frame;
  }

  console.log('--- UI test in VS Code: the report preview ---');

  await test('the workbench loads with the extension', async () => {
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 60_000 });
  });

  await test(`Quick Open opens ${EXAMPLE} as a GovReport document`, async () => {
    await quickOpen(EXAMPLE);
    await page.locator('.monaco-editor .view-lines', { hasText: 'agency: 台儿庄区民政局' }).first().waitFor({ timeout: 15_000 });
    // the language mode in the status bar: the extension's language, not plain YAML
    const mode = page.locator('[id="status.editor.mode"]');
    await mode.filter({ hasText: /Government Information Disclosure Report|政府信息公开/ }).waitFor({ timeout: 15_000 });
  });

  await test(`"${COMMAND}" from the command palette (F1) opens the preview`, async () => {
    await runCommand(COMMAND);
    await page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: 20_000 });
    const tabs = await page.locator('.tabs-container .tab', { hasText: EXAMPLE }).count();
    if (tabs !== 2) throw new Error(`expected the editor's tab and the preview's tab, found ${tabs} tabs named ${EXAMPLE}`);
  });

  await test('the preview shows the rendered report: title, 自然人, the first 0 of 一、本年新收…, the 勾稽 note', async () => {
    // the article comes by message once the preview's script runs: a preview whose script is blocked stays blank
    await article.waitFor({ timeout: 30_000 });
    const title = await article.locator('h1.gr-title').innerText();
    if (title !== TITLE) throw new Error(`title: ${JSON.stringify(title)}`);
    const table = article.locator('table.gr-table-applications');
    const natural = table.locator('thead th', { hasText: /^自然人$/ });
    if (await natural.count() !== 1 || await natural.getAttribute('rowspan') !== '2') throw new Error('no 自然人 header cell (rowspan 2) in table 三');
    const row = table.locator('tbody tr').filter({ has: preview.locator('th', { hasText: new RegExp(`^${RECEIVED}$`) }) });
    const values = await row.locator('td').allInnerTexts();
    if (values.length !== 7 || values[0] !== '0') throw new Error(`${RECEIVED}: ${JSON.stringify(values)}`);
    const note = await table.locator('th.gr-note').innerText();
    if (note !== NOTE) throw new Error(`note: ${JSON.stringify(note)}`);
    const rows = await table.locator('tbody tr').count();
    if (rows !== 25) throw new Error(`table 三 has ${rows} data rows`);
    // the preview's own parts: the check summary (the example has no problem) and source lines for scroll sync
    const summary = article.locator('p.gr-summary');
    if (!/\bgr-ok\b/.test(await summary.getAttribute('class') ?? '')) throw new Error(`summary: ${await summary.getAttribute('class')} ${await summary.innerText()}`);
    if (await article.locator('[data-line]').count() < 100) throw new Error('the article has no data-line attributes');
    const box = await article.boundingBox();
    if (!box || box.width < 200 || box.height < 1000) throw new Error(`the article is not laid out: ${JSON.stringify(box)}`);
    await page.screenshot({ path: path.join(results, 'preview-example.png') });
  });

  await test(`the preview follows to ${HOSTILE}: everything shown as text, no script of the report runs`, async () => {
    await quickOpen(HOSTILE);
    await runCommand(COMMAND);
    const hostileTitle = '"><svg onload=alert(\'title\')>';
    await article.locator('h1.gr-title', { hasText: hostileTitle }).waitFor({ timeout: 30_000 });
    const frame = await previewFrame();
    const violations = await frame.evaluate(markupViolations, ['#gr-root > article.govreport', [...ALLOWED_TAGS], [...ALLOWED_ATTRIBUTES], '#gr-root']);
    if (violations.length) throw new Error(`markup of the report in the preview:\n${violations.join('\n')}`);
    const trap = await frame.evaluate(() => window.__govreportTrap ?? ['(trap missing)']);
    if (trap.length) throw new Error(`in the preview's frame: ${trap.join('; ')}`);
    if (dialogs.length) throw new Error(`dialogs: ${dialogs.join('; ')}`);
    const summary = await article.locator('p.gr-summary').getAttribute('class');
    if (!/\bgr-error\b/.test(summary ?? '')) throw new Error(`the hostile report's errors are not summarised: ${summary}`);
    // every string of the report is on screen as text; the unknown key is listed with the problems
    const shown = comparable(await article.innerText());
    const strings = [];
    const collect = (v) => { if (typeof v === 'string') strings.push(v); else if (v && typeof v === 'object') Object.values(v).forEach(collect); };
    collect(YAML.parse(fs.readFileSync(hostileSource, 'utf8')));
    const missing = strings
      .map((s) => s.trim().replace(/^\s*[（(]\s*[一二三四五六七八九十〇零百\d]+\s*[）)]\s*/, ''))
      .filter((s) => !shown.includes(comparable(s)));
    if (missing.length) throw new Error(`not shown as text: ${JSON.stringify(missing)}`);
    const unplaced = await article.locator('ul.gr-unplaced').innerText().catch(() => '');
    if (!unplaced.includes("<img src=x onerror=alert('unknown key')>")) throw new Error(`the unknown key is not listed as text: ${JSON.stringify(unplaced)}`);
    await page.screenshot({ path: path.join(results, 'preview-hostile.png') });
  });

  await test('a click on a cell of the preview reveals its source line in the editor (the script talks back)', async () => {
    const line = fs.readFileSync(path.join(workspace, HOSTILE), 'utf8').split('\n').findIndex((l) => /^\s+received:/.test(l)) + 1;
    await article.locator('td', { hasText: '<b>received</b>' }).click();
    const status = page.locator('[id="status.editor.selection"]');
    await status.filter({ hasText: new RegExp(`\\bLn ${line}, Col 1\\b`) }).waitFor({ timeout: 15_000 })
      .catch(async (e) => { throw new Error(`expected Ln ${line}, Col 1 in the status bar, found ${JSON.stringify(await status.innerText().catch(() => '?'))}: ${e.message}`); });
    await page.screenshot({ path: path.join(results, 'preview-reveal.png') });
  });

  console.log(`--- UI test: ${passed} passed, ${failed} failed (${lap()}) ---`);
  return { passed, failed };
}

// run directly: hand over to run.mjs, which starts code-server and the browser and calls the export above
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const child = spawn(process.execPath, [path.join(HERE, 'run.mjs'), '--ui', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 1 : 0); });
}
