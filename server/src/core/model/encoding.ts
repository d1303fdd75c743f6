/**
 * The encodings Chinese offices save reports in, read strictly and written back byte for byte.
 *
 * WPS, Word and Notepad save in UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030/GBK.
 * Bytes are decoded with `TextDecoder` in fatal mode: UTF-16 by its BOM, else UTF-8, else GB18030
 * (a superset of GBK and GB2312); bytes valid in none of them are an error naming the offset, never
 * a guess. Writing back does not re-encode the whole text (Node has no GB18030 encoder): the edits a
 * fix makes are spliced into the original bytes, so every byte outside the fixed cells stays as it
 * was, line endings included. Pure: bytes in, bytes out.
 */
import type { TextEdit } from './diagnostic';
import { t, type Lang } from './l10n';
import { RuleCode } from './rules';
import type { ReportDiagnostic } from './diagnostic';

/** The encodings read: `utf-8-bom` is UTF-8 that starts with a BOM (kept when writing back). */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** The line breaks of a text: one kind, several (`mixed`), or none (a one-line text). */
export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

export interface DecodedText {
  /** The text without its BOM. */
  text: string;
  encoding: TextEncodingName;
  lineEnding: LineEnding;
  /** Bytes of the BOM at the start (0, 2 or 3). */
  bomLength: number;
}

/** Where decoding failed in one encoding: the byte offset of the first byte it cannot read. */
export interface DecodeFailure {
  encoding: TextEncodingName;
  offset: number;
  /** The byte at `offset` (undefined when the text ends in the middle of a character). */
  byte: number | undefined;
}

/** Bytes that are valid in none of the encodings tried. `offset` is where the likelier one failed. */
export class DecodeError extends Error {
  readonly offset: number;
  constructor(readonly failures: readonly DecodeFailure[]) {
    super(describeFailures('en', failures));
    this.name = 'DecodeError';
    this.offset = Math.max(...failures.map((f) => f.offset));
  }

  /** The message in `lang`. */
  describe(lang: Lang): string {
    return describeFailures(lang, this.failures);
  }
}

/** An edit that cannot be written in the file's encoding. */
export class EncodeError extends Error {
  constructor(message: string, readonly encoding: TextEncodingName) {
    super(message);
    this.name = 'EncodeError';
  }
}

const LABEL: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 with BOM', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', gb18030: 'GB18030',
};

/** The name users know an encoding by: UTF-8, UTF-16 LE, GB18030… */
export const encodingLabel = (encoding: TextEncodingName): string => LABEL[encoding];

const hex = (b: number | undefined) => (b === undefined ? 'EOF' : `0x${b.toString(16).toUpperCase().padStart(2, '0')}`);

function describeFailures(lang: Lang, failures: readonly DecodeFailure[]): string {
  const parts = failures.map((f) => (f.byte === undefined
    ? t(lang, '{0} (the text ends inside a character at byte offset {1})', LABEL[f.encoding], f.offset)
    : t(lang, '{0} (byte {1} at offset {2})', LABEL[f.encoding], hex(f.byte), f.offset)));
  return t(lang, 'the bytes are not valid text in any encoding read: {0}', parts.join(lang === 'zh' ? '；' : '; '));
}

const WHATWG: Record<TextEncodingName, string> = {
  'utf-8': 'utf-8', 'utf-8-bom': 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', gb18030: 'gb18030',
};

/**
 * A strict UTF-8 decoder the host may bring (node: validated by simdutf, converted by ICU, ~10× faster
 * than TextDecoder on Chinese text): the text, or undefined when the bytes are not valid UTF-8 (the
 * TextDecoder then finds where). It must give what the fatal TextDecoder gives.
 */
export type Utf8Decoder = (bytes: Uint8Array) => string | undefined;

/** Strict decoding (no BOM handling: the caller strips it), or the failure's offset. */
function strictDecode(bytes: Uint8Array, encoding: TextEncodingName, utf8?: Utf8Decoder): string | DecodeFailure {
  const fast = utf8 && (encoding === 'utf-8' || encoding === 'utf-8-bom') ? utf8(bytes) : undefined;
  if (fast !== undefined) return fast;
  try {
    return new TextDecoder(WHATWG[encoding], { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { encoding, ...firstInvalid(bytes, encoding) };
  }
}

/**
 * The offset of the first byte that cannot be read. In streaming mode a decoder accepts a prefix
 * that ends inside a character, so "this prefix decodes" only turns false once, at the bad byte:
 * a binary search over prefix lengths finds it (this runs only for invalid files).
 */
function firstInvalid(bytes: Uint8Array, encoding: TextEncodingName): { offset: number; byte: number | undefined } {
  const prefixOk = (n: number): boolean => {
    try {
      new TextDecoder(WHATWG[encoding], { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0; // prefixOk(lo)
  let hi = bytes.length; // the smallest failing prefix is ≤ hi, or the text ends inside a character
  if (prefixOk(hi)) return { offset: bytes.length, byte: undefined };
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (prefixOk(mid)) lo = mid;
    else hi = mid;
  }
  // the prefix of `hi` bytes is the first that fails: its last byte is the bad one
  return { offset: hi - 1, byte: bytes[hi - 1] };
}

/** The line breaks of `text`. */
export function lineEndingOf(text: string): LineEnding {
  // most files have no CR at all: indexOf (a fast scan) answers without a loop over every unit
  if (text.indexOf('\r') < 0) return text.indexOf('\n') >= 0 ? 'lf' : 'none';
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lf++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) { crlf++; i++; } else cr++;
    }
  }
  const kinds = (lf > 0 ? 1 : 0) + (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return lf > 0 ? 'lf' : crlf > 0 ? 'crlf' : 'cr';
}

/**
 * Decodes the bytes of a report: UTF-16 LE/BE by their BOM, UTF-8 (with or without BOM), and
 * GB18030 when the bytes are not valid UTF-8. Throws a DecodeError naming the offset otherwise.
 * `utf8`: a faster strict UTF-8 decoder of the host (see Utf8Decoder).
 */
export function decodeText(bytes: Uint8Array, utf8?: Utf8Decoder): DecodedText {
  const done = (text: string, encoding: TextEncodingName, bomLength: number): DecodedText =>
    ({ text, encoding, bomLength, lineEnding: lineEndingOf(text) });
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const encoding = b0 === 0xff ? 'utf-16le' : 'utf-16be';
    const text = strictDecode(bytes.subarray(2), encoding);
    if (typeof text !== 'string') throw new DecodeError([{ ...text, offset: text.offset + 2 }]);
    return done(text, encoding, 2);
  }
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const text = strictDecode(bytes.subarray(3), 'utf-8-bom', utf8);
    if (typeof text !== 'string') throw new DecodeError([{ ...text, offset: text.offset + 3 }]);
    return done(text, 'utf-8-bom', 3);
  }
  const asUtf8 = strictDecode(bytes, 'utf-8', utf8);
  if (typeof asUtf8 === 'string') return done(asUtf8, 'utf-8', 0);
  const gb = strictDecode(bytes, 'gb18030');
  if (typeof gb === 'string') return done(gb, 'gb18030', 0);
  // the encoding that read further is the likelier one: name it first
  throw new DecodeError(gb.offset > asUtf8.offset ? [gb, asUtf8] : [asUtf8, gb]);
}

/** The bytes of `text` in `encoding`, for the encodings that have an encoder (not GB18030 beyond ASCII). */
function encodePiece(text: string, encoding: TextEncodingName): Uint8Array {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new TextEncoder().encode(text);
    case 'utf-16le':
    case 'utf-16be': {
      const out = new Uint8Array(text.length * 2);
      const le = encoding === 'utf-16le';
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 * i + (le ? 0 : 1)] = c & 0xff;
        out[2 * i + (le ? 1 : 0)] = c >> 8;
      }
      return out;
    }
    case 'gb18030': {
      // ASCII is itself in GB18030; a fix writes digits, spaces and ASCII punctuation only
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) throw new EncodeError(`U+${c.toString(16).toUpperCase().padStart(4, '0')}`, encoding);
        out[i] = c;
      }
      return out;
    }
  }
}

/** Bytes of the character whose encoding starts at `bytes[i]`, and its UTF-16 length. */
function characterAt(bytes: Uint8Array, i: number, encoding: TextEncodingName): [bytes: number, units: number] {
  const b = bytes[i]!;
  switch (encoding) {
    case 'utf-16le':
    case 'utf-16be':
      return [2, 1]; // a surrogate is a unit of its own
    case 'utf-8':
    case 'utf-8-bom':
      return b < 0x80 ? [1, 1] : b < 0xe0 ? [2, 1] : b < 0xf0 ? [3, 1] : [4, 2];
    case 'gb18030':
      if (b < 0x80 || b === 0x80 || b === 0xff) return [1, 1];
      if (bytes[i + 1]! >= 0x30 && bytes[i + 1]! <= 0x39) return [4, b >= 0x90 ? 2 : 1]; // four-byte: from 0x90 the planes beyond the BMP
      return [2, 1];
  }
}

/**
 * The byte offsets of the text offsets `wanted` (ascending), walking the bytes once: every one of
 * these encodings says by its bytes how long each character is.
 */
function byteOffsets(bytes: Uint8Array, decoded: DecodedText, wanted: readonly number[]): number[] {
  const out: number[] = [];
  let unit = 0;
  let i = decoded.bomLength;
  for (const w of wanted) {
    while (unit < w && i < bytes.length) {
      const [n, units] = characterAt(bytes, i, decoded.encoding);
      i += n;
      unit += units;
    }
    if (unit !== w) throw new EncodeError(`offset ${w} is inside a character`, decoded.encoding);
    out.push(i);
  }
  return out;
}

/**
 * The bytes of the file after `edits` (offsets in `decoded.text`): the replaced ranges re-encoded
 * and spliced into the original bytes, all else unchanged (BOM, line endings, every other byte).
 * Throws an EncodeError when an edit cannot be written in the file's encoding; the result is
 * checked by decoding it again, so a file is never written wrong.
 */
export function spliceEdits(bytes: Uint8Array, decoded: DecodedText, edits: readonly TextEdit[]): Uint8Array {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.range.start < sorted[k - 1]!.range.end) throw new EncodeError('overlapping edits', decoded.encoding);
  }
  const offsets = byteOffsets(bytes, decoded, sorted.flatMap((e) => [e.range.start, e.range.end]));
  const pieces: Uint8Array[] = [];
  let expected = '';
  let at = 0;
  let textAt = 0;
  sorted.forEach((e, k) => {
    let piece: Uint8Array;
    try {
      piece = encodePiece(e.newText, decoded.encoding);
    } catch (err) {
      throw err instanceof EncodeError ? new EncodeError(`${err.message} cannot be written in ${LABEL[decoded.encoding]}`, decoded.encoding) : err;
    }
    pieces.push(bytes.subarray(at, offsets[2 * k]), piece);
    at = offsets[2 * k + 1]!;
    expected += decoded.text.slice(textAt, e.range.start) + e.newText;
    textAt = e.range.end;
  });
  pieces.push(bytes.subarray(at));
  expected += decoded.text.slice(textAt);
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of pieces) { out.set(p, o); o += p.length; }
  // the proof: the new bytes read back, in the same encoding, as exactly the edited text
  let again: DecodedText | undefined;
  try {
    again = decodeText(out);
  } catch { /* compared below */ }
  if (!again || again.text !== expected || again.encoding !== decoded.encoding) {
    throw new EncodeError(`the edited text does not read back as written in ${LABEL[decoded.encoding]}`, decoded.encoding);
  }
  return out;
}

/**
 * The `encoding` information: the file was read in an encoding other than UTF-8. On the first line,
 * severity info; suggests saving as UTF-8, the encoding every tool reads without guessing.
 */
export function encodingDiagnostic(encoding: TextEncodingName, firstLineEnd: number, lang: Lang): ReportDiagnostic | undefined {
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') return undefined;
  return {
    code: RuleCode.Encoding, severity: 'info', range: { start: 0, end: Math.max(firstLineEnd, 0) },
    message: t(lang, 'The file was read as {0}; saving it as UTF-8 lets every tool read it without guessing', LABEL[encoding]),
  };
}
