/**
 * Text made safe to print on a terminal. A report's own characters reach the output (file names,
 * keys and values quoted in messages); a terminal obeys control characters, so a key holding
 * `ESC ] 52 ; c ; … BEL ESC [ 2 J` would write the clipboard and clear the screen. Every C0 control,
 * DEL and every C1 control is shown as an escape instead (`\x1b`, `\x7f`, `\x9b`; `\n`, `\r`, `\t`).
 */

// C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F)
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (c: string): string => SHORT[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** One field (a path, a message): every control escaped, line breaks too, so it stays on its line. */
export function printable(s: string): string {
  return s.replace(CONTROLS, escape);
}

/** Composed output (stderr lines): controls escaped, its own line breaks kept. */
export function printableLines(s: string): string {
  return s.replace(CONTROLS_BUT_NEWLINE, escape);
}

/**
 * JSON for stdout: JSON.stringify escapes C0 controls but leaves DEL and C1 as they are; `\u007f`
 * and `\u009b` are the same JSON strings, and print as text.
 */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
