/**
 * Bytes → text for imported pages and text files: the encoding from the byte-order mark, then the
 * page's own declaration (`<meta charset>`, `http-equiv` Content-Type, an XML declaration), then
 * UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312, what Chinese
 * government pages that are not UTF-8 use) — the strict part is the model's decodeText, as for a
 * report; bytes no encoding reads cleanly are read as a browser would (U+FFFD), never refused.
 */

import { DecodeError, decodeText } from '../model/encoding';

export interface Decoded {
  text: string;
  /** The WHATWG encoding name the bytes were read in. */
  encoding: string;
}

/** Labels pages use for the Chinese national encodings; all are read as GB18030, their superset. */
const GB = /^(gb18030|gbk|gb2312|x-gbk|gb_2312-80|cp936|ms936|windows-936|euc-cn|csgb2312|chinese)$/i;

export function decodeBytes(bytes: Uint8Array, sniffMarkup = true): Decoded {
  const bom = bomOf(bytes);
  const declared = sniffMarkup && !bom ? declaredCharset(bytes) : undefined;
  if (declared) {
    const encoding = GB.test(declared) ? 'gb18030' : declared.toLowerCase();
    try {
      // a declared UTF-8 page with a stray invalid byte is still UTF-8 (the browser shows U+FFFD too)
      return { text: new TextDecoder(encoding).decode(bytes), encoding: normalName(encoding) };
    } catch {
      // an encoding name TextDecoder does not know: fall through to sniffing
    }
  }
  try {
    // as a report is read: the BOM (UTF-8, UTF-16), else UTF-8, else GB18030, each strictly
    const decoded = decodeText(bytes);
    return { text: decoded.text, encoding: decoded.encoding === 'utf-8-bom' ? 'utf-8' : decoded.encoding };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // no encoding reads every byte: as a browser would, with U+FFFD, in the BOM's encoding, else GB18030
    const [encoding, skip] = bom ?? ['gb18030', 0];
    return { text: new TextDecoder(encoding).decode(bytes.subarray(skip)), encoding };
  }
}

/** The encoding a byte-order mark names, and the mark's length. */
function bomOf(bytes: Uint8Array): [string, number] | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return ['utf-8', 3];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return ['utf-16le', 2];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return ['utf-16be', 2];
  return undefined;
}

function normalName(label: string): string {
  return /^utf-?8$/i.test(label) ? 'utf-8' : label;
}

/** The charset the markup declares in its first 4 KiB (ASCII-compatible encodings only, as browsers do). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 4096));
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)/i.exec(head);
  return xml?.[1];
}
