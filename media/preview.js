// The GovReport preview's webview script (loaded with the page's nonce; the only script the CSP allows).
// Replaces the article on updates without reloading the page, shows the banner, reveals the source line of a
// clicked element and keeps the preview and the editor scrolled together, like VS Code's Markdown preview.
// Source lines come from the renderer's data-line attributes (0-based).
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const settingsElement = document.getElementById('gr-preview-settings');
  const settings = JSON.parse((settingsElement && settingsElement.getAttribute('data-settings')) || '{}');
  const root = document.getElementById('gr-root');
  const banner = document.querySelector('.gr-banner');

  /** What the serializer revives after a window reload: { resource, locked, line }. */
  let state = Object.assign({}, vscode.getState() || {});
  const sameReport = state.resource === settings.resource;
  state.resource = settings.resource;
  state.locked = settings.locked;
  vscode.setState(state);

  // ---------------------------------------------------------------------------------------------- line map
  /** [{ line, element }] in document order with non-decreasing lines, built lazily after each update. */
  let map = null;

  /**
   * The longest run of elements whose lines do not decrease: elements rendered out of source order (say the
   * signature at the end, from a key at the top) would otherwise break the interpolation.
   */
  function lineMap() {
    if (map) return map;
    const all = [];
    let last = -1;
    for (const element of root.querySelectorAll('[data-line]')) {
      const line = Number(element.getAttribute('data-line'));
      if (!Number.isFinite(line) || line === last) continue; // the cells of one row share their row's line
      if (element.getClientRects().length === 0) continue;    // not displayed
      all.push({ line, element });
      last = line;
    }
    // patience sorting: tails[k] = index of the smallest last line of a run of length k + 1
    const tails = [];
    const previous = new Array(all.length);
    for (let i = 0; i < all.length; i++) {
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (all[tails[mid]].line <= all[i].line) lo = mid + 1; else hi = mid;
      }
      previous[i] = lo > 0 ? tails[lo - 1] : -1;
      tails[lo] = i;
    }
    const run = [];
    for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) run.push(all[i]);
    map = run.reverse();
    return map;
  }

  function top(element) {
    return element.getBoundingClientRect().top + window.scrollY;
  }

  /** The y position of a source line: the element at or before it, interpolated towards the next one. */
  function yOfLine(line) {
    const entries = lineMap();
    if (entries.length === 0) return 0;
    let lo = 0;
    let hi = entries.length - 1;
    if (line < entries[0].line) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (entries[mid].line <= line) lo = mid; else hi = mid - 1;
    }
    const before = entries[lo];
    const after = entries[lo + 1];
    const y = top(before.element);
    if (!after || after.line === before.line) return y;
    const fraction = Math.min(1, (line - before.line) / (after.line - before.line));
    return y + fraction * (top(after.element) - y);
  }

  /** The source line at the top of the viewport (fractional), the inverse of yOfLine. */
  function lineAtTop() {
    const entries = lineMap();
    if (entries.length === 0) return 0;
    const y = window.scrollY;
    if (y <= 0) return 0; // the top of the page is the top of the report, whatever comes first
    let lo = 0;
    let hi = entries.length - 1;
    if (top(entries[0].element) > y) return entries[0].line * (y / Math.max(1, top(entries[0].element)));
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (top(entries[mid].element) <= y) lo = mid; else hi = mid - 1;
    }
    const before = entries[lo];
    const after = entries[lo + 1];
    if (!after) return before.line;
    const y0 = top(before.element);
    const y1 = top(after.element);
    if (y1 <= y0) return before.line;
    return before.line + ((y - y0) / (y1 - y0)) * (after.line - before.line);
  }

  // ---------------------------------------------------------------------------------------------- scrolling
  /** Our own scrolling, whose scroll event must not be sent back to the editor (no echo loop). */
  let expectedY = NaN;
  let expectedUntil = 0;

  function scrollToY(y) {
    const max = Math.max(0, document.documentElement.scrollHeight - window.innerHeight);
    const target = Math.round(Math.max(0, Math.min(max, y)));
    if (Math.abs(window.scrollY - target) < 1) return; // no scroll event would come
    expectedY = target;
    expectedUntil = Date.now() + 300;
    window.scrollTo(0, target);
  }

  function scrollToLine(line) {
    scrollToY(line <= 0 ? 0 : yOfLine(line));
    saveLine(line);
  }

  function saveLine(line) {
    state.line = line;
    vscode.setState(state);
  }

  let frame = 0;
  window.addEventListener('scroll', () => {
    if (Date.now() < expectedUntil && Math.abs(window.scrollY - expectedY) <= 1) {
      expectedUntil = 0;
      return;
    }
    // one message per frame while the user scrolls
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const line = lineAtTop();
      saveLine(line);
      vscode.postMessage({ type: 'revealLine', line });
    });
  }, { passive: true });

  // the layout changes with the width: positions are measured again, the map's order stays
  window.addEventListener('resize', () => { map = null; });

  // ---------------------------------------------------------------------------------------------- clicks
  document.addEventListener('click', (event) => {
    if (event.button !== 0 || !(event.target instanceof Element)) return;
    if (event.target.closest('a[href]')) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // selecting text, not pointing at a line
    const element = event.target.closest('[data-line]');
    if (!element || !(root.contains(element) || element === banner)) return;
    const line = Number(element.getAttribute('data-line'));
    if (Number.isFinite(line)) vscode.postMessage({ type: 'reveal', line });
  });

  // ---------------------------------------------------------------------------------------------- messages
  /** { text, line?, detail? } or null: the text is set as text, never parsed as HTML. */
  function setBanner(value) {
    if (!banner) return;
    // the banner takes room above the article: keep the text the reader looks at where it is
    const before = root.getBoundingClientRect().top;
    banner.textContent = value ? value.text : '';
    banner.hidden = !value;
    if (value && typeof value.line === 'number') banner.setAttribute('data-line', String(value.line));
    else banner.removeAttribute('data-line');
    if (value && value.detail) banner.title = value.detail;
    else banner.removeAttribute('title');
    const shift = root.getBoundingClientRect().top - before;
    if (shift !== 0 && window.scrollY > 0) scrollToY(window.scrollY + shift);
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'update': {
        const resourceChanged = message.resource !== state.resource;
        state.resource = message.resource;
        state.locked = message.locked;
        if (typeof message.html === 'string') {
          // the same report: stay where the reader is; innerHTML is replaced in one go, without a blank frame
          const y = window.scrollY;
          root.innerHTML = message.html;
          map = null;
          if (typeof message.line === 'number') scrollToLine(message.line);
          else if (resourceChanged) scrollToLine(0);
          else scrollToY(y);
        }
        setBanner(message.banner);
        vscode.setState(state);
        break;
      }
      case 'scroll':
        if (typeof message.line === 'number') scrollToLine(message.line);
        break;
      case 'lock':
        state.locked = message.locked;
        state.resource = message.resource;
        vscode.setState(state);
        break;
    }
  });

  // a page rebuilt with content (shown again after being hidden): back to where the reader was
  if (root.firstElementChild) {
    const line = typeof settings.line === 'number' ? settings.line : sameReport && typeof state.line === 'number' ? state.line : 0;
    if (line > 0) scrollToLine(line);
  }
  vscode.postMessage({ type: 'ready' });
}());
