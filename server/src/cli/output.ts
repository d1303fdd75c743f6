/** Writing a long output (the review page) to a file piece by piece, atomically: a temporary file in the same folder, then a rename. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Calls `produce` with a writer into a temporary file beside `target`, then renames it over `target` (removed on any error). */
export function writeStreamAtomic(target: string, produce: (write: (s: string) => void) => void): void {
  let file = path.resolve(target);
  try {
    file = fs.realpathSync(target); // a symlink stays, its target is replaced
  } catch {
    // a new file
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o666);
  try {
    // a buffer of a few hundred KiB: few system calls, bounded memory
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      if (pending.length > 0) fs.writeSync(fd, pending.join(''));
      pending = [];
      size = 0;
    };
    produce((s) => {
      pending.push(s);
      size += s.length;
      if (size > 256 * 1024) flush();
    });
    flush();
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
