/**
 * The input limits of the core (docs/limits.md says what each bounds and what was measured).
 *
 * A report is a few dozen KiB; the size limit keeps a file that is not a report (a log, a data dump,
 * a pasted attachment) from costing the editor seconds and hundreds of MiB on every keystroke. Above
 * it the text is not parsed at all and gets one `yaml-syntax` diagnostic, so the server, the CLI and
 * the tests all see the same answer. The token limit does the same for a smaller file that holds far
 * more keys, cells, comments or lines than any report (a parse costs time and memory by the token,
 * not by the byte). The other limits (nesting depth, anchors and aliases) live in document.ts, where the text is read.
 */
import { Lexer } from 'yaml';

/** Default `maxBytes` of `analyze`: 10 MiB of UTF-8 (the `govreport.limits.maxFileSize` default, in MiB). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * At most this many YAML tokens are read: keys, values, punctuation (`:`, `-`, `[`, `,`, …), comments,
 * line breaks, directives and document markers, and the lines of a text over several lines (the
 * parser splits and folds them one by one); runs of spaces do not count. The example report has
 * 751: a report needs about as many, whatever the length of its texts (a paragraph is a
 * line). A parse costs up to 20 µs and 1 KB of memory a token, more where every token is an error,
 * so a text of more is refused before it is parsed: 5 million cells in 10 MB of `[0,0,0,…]` would
 * take more than 4 GB and end the process, 10 million blank lines 15 s, 5 million one-letter lines
 * of a text 4.9 s (of a block scalar: 2.7 s and 1.7 GB).
 */
export const MAX_TOKENS = 100_000;

/** Line breaks in `s` (CR, LF, CRLF). */
function lineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Lexer markers (not source text): document start, flow error end, scalar. */
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/**
 * The offset of the first token beyond `maxTokens` tokens, or -1. Counted with yaml's lexer, which
 * builds nothing (a few dozen ms for 10 MB), and only for texts long enough to hold that many.
 */
export function tokensBeyond(text: string, maxTokens: number): number {
  if (!(maxTokens >= 0) || text.length <= maxTokens) return -1; // a token takes at least one character
  let tokens = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (!/^[ \t]*$/.test(token)) {
      // a line break or a comment counts once; a scalar once, plus once per line break in it
      tokens += token.length > 2 && token[0] !== '#' ? 1 + lineBreaks(token) : 1;
      if (tokens > maxTokens) return Math.min(offset, text.length);
    }
    offset += token.length;
  }
  return -1;
}

/** The UTF-8 length of a text as it is saved (a lone surrogate counts 3 bytes, as U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The UTF-8 size of `text` when it is above `maxBytes`, else undefined. Free for the usual case (a
 * text of at most maxBytes / 3 UTF-16 units cannot exceed it), one linear pass otherwise.
 */
export function bytesOverLimit(text: string, maxBytes: number): number | undefined {
  if (!(maxBytes >= 0) || text.length * 3 <= maxBytes) return undefined; // NaN, Infinity: no limit
  // Node's native count is 20 times faster than the loop (5 ms for 50 MB); the loop serves elsewhere
  const bytes = typeof Buffer === 'function' ? Buffer.byteLength(text, 'utf8') : utf8Length(text);
  return bytes > maxBytes ? bytes : undefined;
}

/** `maxBytes` from a setting in MiB (`govreport.limits.maxFileSize`): a positive number, else the default. */
export function maxBytesFromMiB(value: unknown): number {
  const mib = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(mib) && mib > 0 ? Math.round(mib * 1024 * 1024) : DEFAULT_MAX_BYTES;
}

/** Sizes in messages: MiB with one decimal. */
export const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
