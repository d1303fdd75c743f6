/**
 * HTML escaping for the renderer. Everything a report holds is untrusted text: it goes through
 * `escapeHtml` whether it ends up in element content or in a (double-quoted) attribute value.
 */

/**
 * What must not reach the HTML as is: the five markup characters, the backtick (old browsers ended
 * unquoted attributes on it), C0 controls other than tab/CR/LF (parse errors; NUL is dropped or
 * replaced inconsistently) and lone surrogates (not encodable in UTF-8).
 */
const UNSAFE = /[&<>"'`\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text → HTML text or attribute value; controls and lone surrogates become U+FFFD (visible, not lost silently). */
export function escapeHtml(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text; // the common case: no copy
  UNSAFE.lastIndex = 0;
  return text.replace(UNSAFE, (c) => ENTITIES[c] ?? '\ufffd');
}

/** ` name="value"` with the value escaped. */
export function attr(name: string, value: string | number): string {
  return ` ${name}="${escapeHtml(String(value))}"`;
}

/**
 * A URL safe to put in `href`: only absolute http(s) and mailto, no whitespace or controls anywhere
 * (browsers strip them, which is how `java\tscript:` slips through naive filters). Else undefined.
 */
export function safeHref(url: string): string | undefined {
  const u = url.trim();
  if (!/^(https?:\/\/[^\s/?#]+|mailto:[^\s@]+@[^\s@]+)[^\s\u0000-\u001f\u007f-\u009f]*$/i.test(u)) return undefined;
  return u;
}
