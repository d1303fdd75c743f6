/**
 * Bytes → text for imported pages and text files: the encoding from the byte-order mark, then the
 * page's own declaration (`<meta charset>`, `http-equiv` Content-Type, an XML declaration), then
 * UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312, what Chinese
 * government pages that are not UTF-8 use).
 */

export interface Decoded {
  text: string;
  /** The WHATWG encoding name the bytes were read in. */
  encoding: string;
}

/** Labels pages use for the Chinese national encodings; all are read as GB18030, their superset. */
const GB = /^(gb18030|gbk|gb2312|x-gbk|gb_2312-80|cp936|ms936|windows-936|euc-cn|csgb2312|chinese)$/i;

export function decodeBytes(bytes: Uint8Array, sniffMarkup = true): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const declared = sniffMarkup ? declaredCharset(bytes) : undefined;
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
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
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
