/**
 * The error a binary reader (DOCX, PDF) throws when the bytes cannot be read as a report: it names what
 * is wrong in the user's language, and carries a stable code so the CLI can choose its exit status.
 */
import { t, type Lang } from '../model/l10n';

export type SourceReadErrorCode = 'not-docx' | 'docx-too-large' | 'not-pdf' | 'pdf-encrypted' | 'no-text-layer';

export class SourceReadError extends Error {
  override readonly name = 'SourceReadError';
  constructor(
    readonly code: SourceReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The message of `code` in `lang` (English text is the key; the Chinese is in l10n/bundle.l10n.zh-cn.json). */
export function sourceReadMessage(code: SourceReadErrorCode, lang: Lang, detail = ''): string {
  switch (code) {
    case 'not-docx':
      return t(lang, 'Not a Word document (.docx): {0}', detail);
    case 'docx-too-large':
      return t(lang, 'The Word document unpacks to more than {0} MiB of text and markup: it is not read (a report is far smaller)', detail);
    case 'not-pdf':
      return t(lang, 'Not a PDF file: {0}', detail);
    case 'pdf-encrypted':
      return t(lang, 'The PDF is password-protected: it cannot be read without the password');
    case 'no-text-layer':
      return t(
        lang,
        'The PDF has no text layer (a scanned image): its text cannot be read. Import the Word, web page or text version of the report, or run text recognition (OCR) on the PDF first',
      );
  }
}

export function sourceReadError(code: SourceReadErrorCode, lang: Lang, detail = ''): SourceReadError {
  return new SourceReadError(code, sourceReadMessage(code, lang, detail));
}
