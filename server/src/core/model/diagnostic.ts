/** The core's own diagnostic shape: offsets into the text, no editor or LSP types. */
import type { RuleCode, Severity } from './rules';

/** A half-open range of UTF-16 offsets into the document text (as JavaScript strings index it). */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Part of "fix all totals" and `govreport check --fix`: a total recomputed from its terms. */
  safe: boolean;
}

export interface RelatedInfo {
  range: OffsetRange;
  message: string;
  /**
   * Set when the location is in another report (the cross-year rules point at last year's file):
   * the path or URI the caller gave for that report, and `range` is an offset range into its text.
   * Absent: the location is in the diagnostic's own document.
   */
  file?: string;
}

export interface ReportDiagnostic {
  code: RuleCode;
  severity: Severity;
  message: string;
  range: OffsetRange;
  related?: RelatedInfo[];
  fix?: Fix;
}

export interface Position {
  /** 0-based line */
  line: number;
  /** 0-based UTF-16 column */
  character: number;
}

/** Offset ↔ line/column conversion for one text (CRLF aware: `\r\n` ends a line once). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    // line breaks found by indexOf (a fast scan), not a loop over every unit; lone CRs only when there is a CR
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** End of `line`, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1]! - 1;
    if (end > 0 && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}
