// Shared by the browser tests (test/browser/*.test.mjs) and the VS Code UI test (scripts/vscode-test/e2e.mjs):
// Chromium's launch options, the traps that record any script of a report that runs, the whitelist of
// elements and attributes a rendered report may hold, and the text comparison used for "shown as text".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** About an A4 page at 96 dpi (210 × 297 mm). */
export const A4 = { width: 794, height: 1123 };

/**
 * Debian's chromium (installed by scripts/vscode-test/install.sh --browser-only when missing, together with
 * the CJK fonts the screenshots need). Returns its path.
 */
export function chromiumPath() {
  const wanted = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(wanted) && (process.env.CHROMIUM_PATH || hasCjkFonts())) return wanted;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'vscode-test', 'install.sh'), '--browser-only'],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(wanted)) {
    throw new Error(`no Chromium at ${wanted} (scripts/vscode-test/install.sh --browser-only exited ${r.status ?? r.signal})`);
  }
  return wanted;
}

function hasCjkFonts() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

/**
 * Runs in every frame before any of its own script (page.addInitScript): records every call of alert /
 * confirm / prompt / print, every write to `window.__pwned`, and every Content-Security-Policy violation
 * (a load the page's CSP had to block) into `window.__govreportTrap`. The originals still run, so a
 * dialog also reaches page.on('dialog').
 */
export function installTrap() {
  if (Object.prototype.hasOwnProperty.call(window, '__govreportTrap')) return;
  const calls = [];
  Object.defineProperty(window, '__govreportTrap', { value: calls, enumerable: false });
  const record = (what, args) => {
    try { calls.push(`${what}(${Array.from(args, (a) => String(a)).join(', ')})`); } catch { calls.push(`${what}(?)`); }
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) { record(name, args); return original.apply(this, args); };
  }
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get() { record('get __pwned', []); return undefined; },
    set(v) { record('set __pwned', [v]); },
  });
  document.addEventListener('securitypolicyviolation',
    (e) => record('csp-violation', [e.violatedDirective, e.blockedURI, e.sample]), true);
}

/** Elements a rendered report may hold (the renderer's own vocabulary); anything else came from a report. */
export const ALLOWED_TAGS = new Set(['article', 'h1', 'h2', 'h3', 'p', 'section', 'table', 'thead', 'tbody', 'tr',
  'th', 'td', 'div', 'a', 'bdi', 'ul', 'li']);
/** Attributes the renderer writes (data-line and title only in the preview). */
export const ALLOWED_ATTRIBUTES = new Set(['class', 'lang', 'colspan', 'rowspan', 'scope', 'href', 'rel', 'title',
  'role', 'data-line']);

/**
 * Evaluated in the page (or a frame): what in `selector` (the article) is not the renderer's vocabulary, and
 * elements that run or load something anywhere in the document (`scope`: in that element only; the
 * preview's page has its own script and style links). Returns human-readable violations (none: clean).
 */
export function markupViolations([selector, allowedTags, allowedAttributes, scope]) {
  const tags = new Set(allowedTags);
  const attributes = new Set(allowedAttributes);
  const out = [];
  const root = document.querySelector(selector);
  if (!root) return [`no ${selector} in the page`];
  const all = [root, ...root.querySelectorAll('*')];
  for (const el of all) {
    const tag = el.localName;
    const ns = el.namespaceURI;
    if (ns !== 'http://www.w3.org/1999/xhtml') out.push(`<${tag}> in namespace ${ns}`);
    if (!tags.has(tag)) out.push(`unexpected element <${tag}>: ${el.outerHTML.slice(0, 120)}`);
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) out.push(`event handler attribute ${a.name}="${a.value}" on <${tag}>`);
      else if (!attributes.has(name)) out.push(`unexpected attribute ${a.name}="${a.value.slice(0, 80)}" on <${tag}>`);
      if (name === 'href' && !/^(https?:\/\/|mailto:)/i.test(a.value.trim())) out.push(`href="${a.value}" on <${tag}>`);
      if (name === 'href' && tag !== 'a') out.push(`href on <${tag}>`);
    }
    if (el.shadowRoot) out.push(`shadow root on <${tag}>`);
  }
  // elements that run or load something, anywhere in the document (not only in the article)
  const where = scope ? document.querySelector(scope) : document;
  if (!where) return [...out, `no ${scope} in the page`];
  for (const bad of where.querySelectorAll('script, iframe, frame, frameset, object, embed, svg, math, img, image, '
    + 'picture, source, video, audio, input, button, form, base, link, portal, template, slot, noscript, xmp, '
    + 'marquee, details, textarea, select, option, canvas, applet, bgsound, body [style], style:not(head > style), meta:not(head > meta)')) {
    out.push(`<${bad.localName}> in the document: ${bad.outerHTML.slice(0, 120)}`);
  }
  return out;
}

/**
 * Text as it may be shown: controls (but tab/CR/LF) and lone surrogates as U+FFFD (what the renderer
 * writes for them), then without any white space (paragraph breaks, joins and CSS collapse it differently).
 */
export function comparable(text) {
  return String(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\s\u3000\u200b]+/g, '');
}

/**
 * Opens `file` in a new context of `browser` (added to `contexts`, which the caller closes) with the
 * traps installed, every request but the document's own refused (nothing may leave the machine,
 * whatever a test finds), and every request, dialog, console message, page error, navigation and
 * popup recorded in `log`.
 */
export async function openTrapped(browser, contexts, file, contextOptions) {
  const context = await browser.newContext({ deviceScaleFactor: 1, serviceWorkers: 'block', locale: 'zh-CN', ...contextOptions });
  contexts.add(context);
  const url = pathToFileURL(file).href;
  const log = { url, requests: [], dialogs: [], console: [], pageErrors: [], navigations: [], popups: [] };
  context.on('request', (r) => log.requests.push(r.url()));
  await context.route((u) => u.href !== url, (route) => route.abort('blockedbyclient'));
  await context.addInitScript(installTrap);
  const page = await context.newPage();
  context.on('page', (p) => { if (p !== page) log.popups.push(p.url()); });
  page.on('dialog', (d) => { log.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.pageErrors.push(String(e?.stack ?? e)));
  page.on('framenavigated', (f) => log.navigations.push(f.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, log };
}
