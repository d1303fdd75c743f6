/**
 * The progress line of a long `govreport check` on a terminal: files done and files per second, on
 * stderr, redrawn in place at most ten times a second, shown only once a run has lasted a second
 * (short runs stay silent) and erased before the results are written.
 */
import { t, type Lang } from '../core';

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the line (call before writing anything else to the terminal). */
  clear(): void;
}

const SILENT: Progress = { update: () => undefined, clear: () => undefined };
export const DELAY_MS = 1000;
const REDRAW_MS = 100;

/**
 * `enabled`: stderr is a terminal and the output is not a machine format on stdout (the caller decides).
 * `delayMs`: how long a run lasts before the line appears (the tests set 0 through GOVREPORT_PROGRESS_DELAY_MS).
 */
export function progressLine(
  enabled: boolean, lang: Lang, write: (s: string) => void, delayMs = DELAY_MS, now: () => number = () => performance.now(),
): Progress {
  if (!enabled) return SILENT;
  const start = now();
  let drawn = false;
  let last = 0;
  return {
    update(done, total) {
      const at = now();
      const elapsed = at - start;
      if (elapsed < delayMs || (at - last < REDRAW_MS && done < total)) return;
      last = at;
      drawn = true;
      const rate = Math.round(done / Math.max(elapsed / 1000, 0.001));
      // \r and erase-to-end: one line, redrawn in place
      write(`\r\u001b[K${t(lang, 'govreport: {0}/{1} files checked, {2} files/s', done, total, rate)}`);
    },
    clear() {
      if (drawn) write('\r\u001b[K');
      drawn = false;
    },
  };
}
