// The encodings offices save reports in (core/model/encoding.ts): strict decoding of UTF-8 (with or
// without BOM), UTF-16 LE/BE by BOM and GB18030; an error naming the offset for bytes valid in none;
// fixes spliced into the original bytes, every other byte unchanged; the `encoding` information; and
// lone-CR line endings read as line breaks by the parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze, applyEdits, DecodeError, RuleCode, decodeText, EncodeError, fixAll, lineEndingOf, spliceEdits, type DecodedText,
} from '../../server/src/core';
import fc from 'fast-check';
import { nodeUtf8 } from '../../server/src/node';
import { EXAMPLE, ROOT, check, codes, edit } from '../helpers';

/** The example saved by `iconv -f utf-8 -t gb18030` (a real GBK/GB18030 file, committed). */
const GB_BYTES = fs.readFileSync(path.join(ROOT, 'test/fixtures/encodings/taierzhuang-minzheng-2023.gb18030.govreport.yaml'));
const WRONG_TOTAL = edit(EXAMPLE, 'received:      [0, 0, 0, 0, 0, 0, 0]', 'received:      [1, 2, 0, 0, 0, 0, 0]');

const utf16 = (text: string, be: boolean): Buffer => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return be ? le.swap16() : le;
};

/** GB18030 bytes of an ASCII-and-example text: the fixture's bytes with the cells edited as ASCII. */
function gbOf(text: string): Buffer {
  // the example and WRONG_TOTAL differ in ASCII only: replace the same ASCII bytes in the fixture
  const from = Buffer.from('received:      [0, 0, 0, 0, 0, 0, 0]');
  const to = Buffer.from(text === EXAMPLE ? 'received:      [0, 0, 0, 0, 0, 0, 0]' : 'received:      [1, 2, 0, 0, 0, 0, 0]');
  const at = GB_BYTES.indexOf(from);
  assert.ok(at > 0);
  return Buffer.concat([GB_BYTES.subarray(0, at), to, GB_BYTES.subarray(at + from.length)]);
}

describe('decodeText', () => {
  test('UTF-8 without BOM: the text as is', () => {
    const d = decodeText(Buffer.from(EXAMPLE));
    assert.deepEqual({ ...d, text: d.text === EXAMPLE }, { text: true, encoding: 'utf-8', bomLength: 0, lineEnding: 'lf' });
  });
  test('UTF-8 with BOM: the BOM is not part of the text, and is remembered', () => {
    const d = decodeText(Buffer.from(`\ufeff${EXAMPLE}`));
    assert.equal(d.text, EXAMPLE);
    assert.equal(d.encoding, 'utf-8-bom');
    assert.equal(d.bomLength, 3);
  });
  test('GB18030 (a GBK file saved by iconv): the Chinese text, not mojibake', () => {
    assert.ok(GB_BYTES.length < Buffer.byteLength(EXAMPLE), 'the fixture is in a two-byte encoding');
    const d = decodeText(GB_BYTES);
    assert.equal(d.encoding, 'gb18030');
    assert.equal(d.text, EXAMPLE);
  });
  test('UTF-16 LE and BE by their BOM (not "nested more than 32 levels deep")', () => {
    for (const be of [false, true]) {
      const d = decodeText(utf16(EXAMPLE, be));
      assert.equal(d.encoding, be ? 'utf-16be' : 'utf-16le');
      assert.equal(d.text, EXAMPLE);
      assert.equal(d.bomLength, 2);
      assert.deepEqual(codes(check(d.text)), []);
    }
  });
  test('an ASCII file is UTF-8 (no guess needed)', () => {
    assert.equal(decodeText(Buffer.from('year: 2023\n')).encoding, 'utf-8');
    assert.equal(decodeText(new Uint8Array(0)).encoding, 'utf-8');
  });
  test('bytes valid in no encoding: a DecodeError naming the offset of the bad byte', () => {
    const bad = Buffer.concat([GB_BYTES.subarray(0, 500), Buffer.from([0xff]), GB_BYTES.subarray(500)]);
    assert.throws(() => decodeText(bad), (e: unknown) => {
      assert.ok(e instanceof DecodeError);
      assert.equal(e.offset, 500);
      assert.match(e.message, /GB18030 \(byte 0xFF at offset 500\)/);
      assert.match(e.describe('zh'), /偏移 500 处的字节 0xFF/);
      return true;
    });
    const utf8 = Buffer.from(EXAMPLE);
    const badUtf8 = Buffer.concat([utf8.subarray(0, 1000), Buffer.from([0xff, 0xfe]), utf8.subarray(1000)]);
    assert.throws(() => decodeText(badUtf8), (e: unknown) => e instanceof DecodeError && e.offset === 1000 && /^the bytes are not valid text in any encoding read: UTF-8 \(byte 0xFF at offset 1000\)/.test(e.message));
  });
  test('a UTF-16 file with a lone surrogate or an odd length: an error with the offset', () => {
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('cd', 'utf16le')]);
    assert.throws(() => decodeText(lone), (e: unknown) => e instanceof DecodeError && e.failures[0]!.encoding === 'utf-16le' && e.offset >= 6);
    const odd = Buffer.concat([utf16('ab', false), Buffer.from([0x41])]);
    assert.throws(() => decodeText(odd), (e: unknown) => e instanceof DecodeError && e.offset === odd.length && /ends inside a character/.test(e.message));
  });
  test('line endings', () => {
    assert.equal(lineEndingOf('a\nb\n'), 'lf');
    assert.equal(lineEndingOf('a\r\nb\r\n'), 'crlf');
    assert.equal(lineEndingOf('a\rb\r'), 'cr');
    assert.equal(lineEndingOf('a\rb\n'), 'mixed');
    assert.equal(lineEndingOf('a'), 'none');
    assert.equal(decodeText(Buffer.from(EXAMPLE.replace(/\n/g, '\r\n'))).lineEnding, 'crlf');
  });
});

describe('spliceEdits: the fixes written into the original bytes', () => {
  const fixOf = (d: DecodedText) => fixAll(analyze(d.text, { lang: 'en' }));

  test('GB18030: only the fixed digits change, every other byte is the original', () => {
    const bytes = gbOf(WRONG_TOTAL);
    const d = decodeText(bytes);
    const edits = fixOf(d);
    assert.ok(edits.length > 0);
    const out = Buffer.from(spliceEdits(bytes, d, edits));
    assert.equal(out.length, bytes.length);
    const changed = [...out.keys()].filter((i) => out[i] !== bytes[i]);
    assert.ok(changed.length > 0 && changed.length <= 2, `changed bytes: ${changed.join(',')}`);
    for (const i of changed) assert.ok(out[i]! >= 0x30 && out[i]! <= 0x39, 'a digit');
    const again = decodeText(out);
    assert.equal(again.encoding, 'gb18030');
    assert.equal(again.text, applyEdits(d.text, edits));
    assert.deepEqual(codes(check(again.text)).filter((c) => c !== 'text-table-mismatch' && c !== 'balance'), []);
  });
  test('UTF-16 LE/BE and UTF-8 with BOM and CRLF: BOM, line endings and the rest unchanged', () => {
    for (const bytes of [utf16(WRONG_TOTAL, false), utf16(WRONG_TOTAL, true), Buffer.from(`\ufeff${WRONG_TOTAL.replace(/\n/g, '\r\n')}`), Buffer.from(WRONG_TOTAL.replace(/\n/g, '\r'))]) {
      const d = decodeText(bytes);
      const edits = fixOf(d);
      assert.ok(edits.length > 0, d.encoding);
      const out = Buffer.from(spliceEdits(bytes, d, edits));
      const again = decodeText(out);
      assert.equal(again.encoding, d.encoding);
      assert.equal(again.lineEnding, d.lineEnding);
      assert.equal(again.text, applyEdits(d.text, edits));
      assert.deepEqual(out.subarray(0, d.bomLength), bytes.subarray(0, d.bomLength));
    }
  });
  test('a text outside ASCII cannot be written in GB18030 without an encoder: EncodeError, nothing returned', () => {
    const d = decodeText(GB_BYTES);
    const at = d.text.indexOf('agency:');
    assert.throws(() => spliceEdits(GB_BYTES, d, [{ range: { start: at, end: at }, newText: '机关' }]), EncodeError);
  });
  test('characters of four bytes before the edit (GB18030 beyond the BMP, UTF-8 emoji) keep the offsets right', () => {
    const text = 'a: "\u{20000}𝄞€"\nb: 12\n';
    const gb = Buffer.concat([Buffer.from('a: "'), Buffer.from([0x95, 0x32, 0x82, 0x36, 0x94, 0x32, 0xbe, 0x34, 0xa2, 0xe3]), Buffer.from('"\nb: 12\n')]);
    const d = decodeText(gb);
    assert.equal(d.encoding, 'gb18030');
    assert.equal(d.text, text);
    const at = d.text.indexOf('12');
    const out = Buffer.from(spliceEdits(gb, d, [{ range: { start: at, end: at + 2 }, newText: '345' }]));
    assert.equal(decodeText(out).text, text.replace('12', '345'));
    assert.deepEqual(out.subarray(0, gb.length - 3), gb.subarray(0, gb.length - 3));
    const u8 = Buffer.from(text);
    const d8 = decodeText(u8);
    assert.equal(decodeText(Buffer.from(spliceEdits(u8, d8, [{ range: { start: at, end: at + 2 }, newText: '7' }]))).text, text.replace('12', '7'));
  });
});

describe('the encoding information and lone CRs', () => {
  test('analyze with the encoding read: an info `encoding` on the first line for GB18030 and UTF-16, none for UTF-8', () => {
    for (const encoding of ['gb18030', 'utf-16le', 'utf-16be'] as const) {
      const found = analyze(EXAMPLE, { lang: 'en', encoding }).diagnostics;
      assert.deepEqual(found.map((d) => [d.code, d.severity]), [['encoding', 'info']]);
      assert.match(found[0]!.message, /read as (GB18030|UTF-16 LE|UTF-16 BE); saving it as UTF-8/);
      assert.equal(found[0]!.range.start, 0);
    }
    assert.match(analyze(EXAMPLE, { lang: 'zh', encoding: 'gb18030' }).diagnostics[0]!.message, /^文件按 GB18030 编码读取/);
    for (const encoding of ['utf-8', 'utf-8-bom'] as const) assert.deepEqual(analyze(EXAMPLE, { encoding }).diagnostics, []);
    assert.deepEqual(analyze(EXAMPLE, { encoding: 'gb18030', severities: { [RuleCode.Encoding]: 'off' } }).diagnostics, []);
  });
  test('lone-CR line endings: the report is read line by line (not "(empty)"), positions on the right lines', () => {
    const cr = WRONG_TOTAL.replace(/\n/g, '\r');
    const lf = check(WRONG_TOTAL);
    assert.ok(lf.length > 0);
    assert.deepEqual(check(cr).map((f) => [f.code, f.at, f.message]), lf.map((f) => [f.code, f.at, f.message]));
    assert.deepEqual(check(EXAMPLE.replace(/\n/g, '\r')), []);
  });
});

describe("node's faster UTF-8 decoder (nodeUtf8, given to decodeText by the file reader)", () => {
  const fatal = (bytes: Uint8Array): string | undefined => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  test('gives what the fatal TextDecoder gives: the same text, or undefined where it throws', () => {
    const edges = [
      '', 'abc', '中文\u0000x', '😀a\ufeffb', '\u{10ffff}', 'é', EXAMPLE,
    ].map((s) => Buffer.from(s));
    // overlong, encoded surrogates, beyond U+10FFFF, cut in the middle, a lone continuation byte
    const invalid = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0x80], [0xff]].map((b) => Uint8Array.from(b));
    for (const b of [...edges, ...invalid]) assert.equal(nodeUtf8(b), fatal(b), `bytes ${Buffer.from(b).toString('hex')}`);
    assert.equal(nodeUtf8(Buffer.from(EXAMPLE)), EXAMPLE);
    for (const b of invalid) assert.equal(nodeUtf8(b), undefined);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => nodeUtf8(Buffer.from(s)) === fatal(Buffer.from(s))));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => nodeUtf8(b) === fatal(b)));
    // a view into a larger buffer decodes only its own bytes
    const big = Buffer.from('前缀中文后缀');
    assert.equal(nodeUtf8(big.subarray(6, 12)), '中文');
    assert.equal(nodeUtf8(Buffer.from('ascii only').subarray(6)), 'only');
  });
  test('decodeText with it decodes as without it, and an invalid file still names its offset', () => {
    for (const b of [Buffer.from(EXAMPLE), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EXAMPLE)]), GB_BYTES]) {
      assert.deepEqual(decodeText(b, nodeUtf8), decodeText(b));
    }
    const bad = Buffer.concat([Buffer.from('年度报告'), Buffer.from([0xff, 0xff, 0xff])]);
    const failures = (utf8?: typeof nodeUtf8): unknown => {
      try {
        decodeText(bad, utf8);
        return 'decoded';
      } catch (e) {
        return e instanceof DecodeError ? e.failures : e;
      }
    };
    assert.deepEqual(failures(nodeUtf8), failures());
    assert.equal((failures() as { offset: number }[]).find((f) => 'encoding' in f && f.encoding === 'utf-8')?.offset, 12);
  });
});
