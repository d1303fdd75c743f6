/**
 * File access shared by the CLI and the language server (node side; the core never touches files):
 * which files are reports, how an I/O error is worded, and the atomic write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file names of reports: `*.govreport.yaml`, `*.govreport.yml`. */
export const REPORT_FILE = /\.govreport\.ya?ml$/i;

/** An error of the file system as one line: `ENOENT: no such file or directory, open 'x'`. */
export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
}

/**
 * Writes through a temporary file in the same folder and a rename, so a reader never sees half a
 * file. A symlink is followed: the file it points to is replaced, the link stays.
 */
export function writeFileAtomic(link: string, content: string | Uint8Array): void {
  let file: string;
  let mode: number | undefined;
  try {
    file = fs.realpathSync(link);
    mode = fs.statSync(file).mode;
  } catch (e) {
    // a new file (`render -o`): created with the default mode, its folder must exist
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || isDanglingLink(link)) throw e;
    file = path.resolve(link);
  }
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.writeFileSync(tmp, content, mode === undefined ? {} : { mode });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A symlink to nothing: writing "through" it would silently replace the link. */
function isDanglingLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
