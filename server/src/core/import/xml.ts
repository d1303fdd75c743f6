/**
 * A small XML reader for the parts of an Office package: elements (by local name: the prefix is dropped,
 * Word and WPS both bind WordprocessingML to `w:`), attributes, text, CDATA; comments, processing
 * instructions and the DOCTYPE are skipped. Office XML is machine-written and well-formed; this is some
 * ten times faster than a DOM library on a large document.xml, which matters when a folder of reports is
 * imported. Malformed input does not throw: what can be read is returned.
 */
export interface XmlElement {
  /** local name (`p` for `<w:p>`) */
  name: string;
  /** attributes by local name (`val` for `w:val`) */
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}
const local = (qname: string) => qname.slice(qname.indexOf(':') + 1);
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Parses `text` and returns its root element (undefined when there is none). */
export function parseXml(text: string): XmlElement | undefined {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      if (i < n) top.children.push(decode(text.slice(i)));
      break;
    }
    if (lt > i) top.children.push(decode(text.slice(i, lt)));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      top.children.push(text.slice(lt + 9, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
    } else if (text[lt + 1] === '?' || text[lt + 1] === '!') {
      const end = text.indexOf('>', lt + 2);
      i = end < 0 ? n : end + 1;
    } else if (text[lt + 1] === '/') {
      const end = text.indexOf('>', lt + 2);
      const name = local(text.slice(lt + 2, end < 0 ? n : end).trim());
      // close up to the matching element (tolerates a stray end tag)
      for (let k = stack.length - 1; k > 0; k--) {
        if (stack[k]!.name === name) {
          stack.length = k;
          break;
        }
      }
      i = end < 0 ? n : end + 1;
    } else {
      // a start tag: find its end outside quoted attribute values
      let j = lt + 1;
      let quote = '';
      for (; j < n; j++) {
        const c = text[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      const selfClosing = text[j - 1] === '/';
      const body = text.slice(lt + 1, selfClosing ? j - 1 : j);
      const space = body.search(/[\s]/);
      const name = local(space < 0 ? body : body.slice(0, space));
      const attrs: Record<string, string> = {};
      if (space >= 0) {
        ATTR.lastIndex = space;
        for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) attrs[local(m[1]!)] = decode(m[2] ?? m[3] ?? '');
      }
      const el: XmlElement = { name, attrs, children: [] };
      top.children.push(el);
      if (!selfClosing) stack.push(el);
      i = j + 1;
    }
  }
  return root.children.find((c): c is XmlElement => typeof c !== 'string');
}

/** The text of an element and its descendants. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}
