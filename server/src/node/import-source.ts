/**
 * A published report's bytes → the importer's source document: the kind of input told by content
 * (a PDF by `%PDF`, a DOCX by its zip entries, HTML by its markup), not by the extension. Shared by
 * `govreport import` / `check` and the language server's `govreport/importReport`.
 */
import { t, type Lang } from '../core';
import type { SourceDocument } from '../core/import';
import { importer } from './importer';

/** A published report is a few MiB at most (a PDF with images); anything far larger is not one. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export type InputKind = 'html' | 'docx' | 'pdf' | 'text' | 'binary';

/** What the bytes are, by their content. */
export function inputKind(bytes: Uint8Array): InputKind {
  const head = Buffer.from(bytes.subarray(0, 4096));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    // a zip: a Word document when it holds word/document.xml (named in a local header near the start)
    return Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).includes('word/') ? 'docx' : 'binary';
  }
  const text = importer().decodeBytes(bytes.subarray(0, 4096), false).text.replace(/^\ufeff/, '');
  if (/^\s*<(!doctype\s+html|html|head|body|meta|title|div|p|table|span|!--)[\s>/]/i.test(text) || /<(html|body)[\s>]/i.test(text)) return 'html';

  if (/[\u0000-\u0008\u000e-\u001a]/.test(text)) return 'binary';
  return 'text';
}

/** Reads one input into a source document; an Error says why it cannot. */
export function readSource(bytes: Uint8Array, lang: Lang): SourceDocument | Promise<SourceDocument> {
  const kind = inputKind(bytes);
  switch (kind) {
    case 'html': return importer().readHtml(bytes);
    case 'text': return importer().readText(importer().decodeBytes(bytes, false).text);
    case 'docx': return importer().readDocx(bytes, { lang });
    case 'pdf': return importer().readPdf(bytes, { lang });
    default: throw new Error(t(lang, 'not a web page, Word document, PDF or text file'));
  }
}
