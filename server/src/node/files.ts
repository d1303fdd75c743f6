/**
 * File access shared by the CLI and the language server (node side; the core never touches files):
 * which files are reports, how an I/O error is worded, safe reading (regular files only, at most the
 * size limit, decoded strictly) and safe writing (atomic, keeping mode and owner, refusing what would
 * lose data). docs/limits.md says what happens to links, devices, FIFOs and read-only files.
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_BYTES, DecodeError, decodeText, t, type DecodedText, type Lang } from '../core';

/** The file names of reports: `*.govreport.yaml`, `*.govreport.yml`. */
export const REPORT_FILE = /\.govreport\.ya?ml$/i;

/** An error of the file system as one line: `ENOENT: no such file or directory, open 'x'`. */
export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
}

/** A file this module will not read or write, and why (the message is the user's). */
export class FileRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefusal';
  }
}

// ------------------------------------------------------------------------------------------ reading

export interface ReadOptions {
  /** Files of more bytes are not read (default DEFAULT_MAX_BYTES, 10 MiB: `govreport.limits.maxFileSize`). */
  maxBytes?: number;
  lang?: Lang;
}

export type ReadResult =
  | { ok: true; bytes: Uint8Array; decoded: DecodedText }
  | { ok: false; message: string; /** why: a system error (ENOENT…), or a file refused for what it is */ reason: 'io' | 'not-regular' | 'too-large' | 'encoding' };

/**
 * Opening never blocks: a FIFO opened for reading without a writer would wait forever (O_NONBLOCK
 * makes open return at once; the fstat that follows refuses it). Not on Windows, which has no FIFOs.
 */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

const mibText = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

/** What a path is when it is not a regular file, in words. */
function kindOf(st: fs.Stats, lang: Lang): string {
  if (st.isDirectory()) return t(lang, 'a folder');
  if (st.isFIFO()) return t(lang, 'a FIFO (named pipe)');
  if (st.isCharacterDevice()) return t(lang, 'a character device');
  if (st.isBlockDevice()) return t(lang, 'a block device');
  if (st.isSocket()) return t(lang, 'a socket');
  return t(lang, 'not a file');
}

const notRegular = (st: fs.Stats, lang: Lang): ReadResult =>
  ({ ok: false, reason: 'not-regular', message: t(lang, 'not a regular file but {0}; only regular files are read', kindOf(st, lang)) });

const tooLarge = (size: string, maxBytes: number, lang: Lang): ReadResult =>
  ({ ok: false, reason: 'too-large', message: t(lang, 'too large to check: {0} MiB, the limit is {1} MiB (a report is far smaller)', size, mibText(maxBytes)) });

/**
 * Strict UTF-8 for decodeText: simdutf validates, ICU converts (TextDecoder took ~50 µs for a 14 KB
 * report, most of reading it; this takes ~5). Undefined when not valid UTF-8: decodeText then lets
 * the TextDecoder find the offending byte.
 */
export function nodeUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
}

/**
 * The buffers of a bounded read: first one of the file's size and a byte more (a file grown since
 * fstat shows as such), then CHUNK-sized ones; at most maxBytes + 1 bytes. A 64 KiB buffer a read
 * made a province's run hold hundreds of MiB of freed buffers between collections.
 */
class BoundedRead {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private chunk: Buffer;
  private filled = 0;

  constructor(size: number, private readonly maxBytes: number) {
    this.chunk = Buffer.allocUnsafe(Math.min(size + 1, maxBytes + 1));
  }

  /** Where the next read goes. */
  room(): { buffer: Buffer; offset: number; length: number } {
    if (this.filled === this.chunk.length) {
      this.chunks.push(this.chunk);
      this.chunk = Buffer.allocUnsafe(Math.min(CHUNK, this.maxBytes + 1 - this.total));
      this.filled = 0;
    }
    return { buffer: this.chunk, offset: this.filled, length: this.chunk.length - this.filled };
  }

  /** `n` bytes were read into the room: whether to read on (not at the end, not past the limit: a file that grew is not read further). */
  took(n: number): boolean {
    this.filled += n;
    this.total += n;
    return n > 0 && this.total <= this.maxBytes;
  }

  done(): { chunks: Uint8Array[]; total: number } {
    return { chunks: [...this.chunks, this.chunk.subarray(0, this.filled)], total: this.total };
  }
}

/** The bytes read (at most maxBytes + 1) decoded, or why not. */
function decoded(chunks: Uint8Array[], total: number, size: number, maxBytes: number, lang: Lang): ReadResult {
  if (total > maxBytes) return tooLarge(size > maxBytes ? mibText(size) : `> ${mibText(maxBytes)}`, maxBytes, lang);
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  try {
    return { ok: true, bytes, decoded: decodeText(bytes, nodeUtf8) };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, reason: 'encoding', message: e.describe(lang) };
    throw e;
  }
}

/**
 * Reads a report: regular files only (a symlink is followed; a link to /dev/zero, a FIFO, a device or
 * a folder is refused without reading a byte), at most maxBytes + 1 bytes, decoded by decodeText.
 */
export function readReportFileSync(file: string, options: ReadOptions = {}): ReadResult {
  const lang = options.lang ?? 'en';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let fd: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return notRegular(st, lang);
    if (st.size > maxBytes) return tooLarge(mibText(st.size), maxBytes, lang);
    fd = fs.openSync(file, READ_FLAGS);
  } catch (e) {
    return { ok: false, reason: 'io', message: ioMessage(e) };
  }
  try {
    // the path may have changed between stat and open: the open file is what counts
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return notRegular(st, lang);
    if (st.size > maxBytes) return tooLarge(mibText(st.size), maxBytes, lang);
    const read = new BoundedRead(st.size, maxBytes);
    for (;;) {
      const room = read.room();
      if (!read.took(fs.readSync(fd, room.buffer, room.offset, room.length, null))) break;
    }
    const { chunks, total } = read.done();
    return decoded(chunks, total, st.size, maxBytes, lang);
  } catch (e) {
    return { ok: false, reason: 'io', message: ioMessage(e) };
  } finally {
    fs.closeSync(fd);
  }
}

/** readReportFileSync without blocking the event loop (the language server). */
export async function readReportFile(file: string, options: ReadOptions = {}): Promise<ReadResult> {
  const lang = options.lang ?? 'en';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const read = await readBounded(file, maxBytes, lang);
  return read.ok ? decoded(read.chunks, read.total, read.size, maxBytes, lang) : read;
}

export type BytesResult = { ok: true; bytes: Uint8Array } | Extract<ReadResult, { ok: false }>;

/**
 * The bytes of a file that is not text (a published report to import: a PDF, a Word document, a web
 * page in any encoding), with the same refusals as readReportFile: regular files only, at most maxBytes.
 */
export async function readFileBytes(file: string, options: ReadOptions = {}): Promise<BytesResult> {
  const lang = options.lang ?? 'en';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const read = await readBounded(file, maxBytes, lang);
  if (!read.ok) return read;
  if (read.total > maxBytes) return tooLarge(read.size > maxBytes ? mibText(read.size) : `> ${mibText(maxBytes)}`, maxBytes, lang) as BytesResult;
  return { ok: true, bytes: Buffer.concat(read.chunks, read.total) };
}

type Bounded = { ok: true; chunks: Uint8Array[]; total: number; size: number } | Extract<ReadResult, { ok: false }>;

/** At most maxBytes + 1 bytes of a regular file, without blocking the event loop. */
async function readBounded(file: string, maxBytes: number, lang: Lang): Promise<Bounded> {
  let handle: fs.promises.FileHandle;
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile()) return notRegular(st, lang) as Bounded;
    if (st.size > maxBytes) return tooLarge(mibText(st.size), maxBytes, lang) as Bounded;
    handle = await fs.promises.open(file, READ_FLAGS);
  } catch (e) {
    return { ok: false, reason: 'io', message: ioMessage(e) };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return notRegular(st, lang) as Bounded;
    if (st.size > maxBytes) return tooLarge(mibText(st.size), maxBytes, lang) as Bounded;
    const read = new BoundedRead(st.size, maxBytes);
    for (;;) {
      const room = read.room();
      if (!read.took((await handle.read(room.buffer, room.offset, room.length, null)).bytesRead)) break;
    }
    return { ok: true, ...read.done(), size: st.size };
  } catch (e) {
    return { ok: false, reason: 'io', message: ioMessage(e) };
  } finally {
    await handle.close();
  }
}

// ------------------------------------------------------------------------------------------ writing

/** Whether two paths name the same file (following links): `render a.yaml -o a.yaml`, or a link to it. */
export function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** What writeFileAtomic writes: text, bytes, or a producer that writes the text piece by piece (a long output is never one string). */
export type FileContent = string | Uint8Array | ((write: (s: string) => void) => void);

/** Writes `content` to an open file: a producer's pieces gathered up to some 256 Ki units a write. */
function writeContent(fd: number, content: FileContent): void {
  const writeBytes = (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
  };
  if (typeof content !== 'function') {
    writeBytes(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    return;
  }
  const out = buffered((s) => writeBytes(Buffer.from(s, 'utf8')), 256 * 1024);
  content(out.write);
  out.flush();
}

/** Pieces of text gathered up to about `limit` UTF-16 units a write (a write per piece made a system call per piece). */
export function buffered(write: (s: string) => void, limit: number): { write: (s: string) => void; flush: () => void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) write(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write: (s) => {
      pending.push(s);
      size += s.length;
      if (size >= limit) flush();
    },
    flush,
  };
}

/**
 * Writes `content` to `target` without ever leaving it half written or changing what it is:
 * - a regular file is replaced through a temporary file in the same folder and a rename, keeping its
 *   mode and owner; a read-only file (no write bit) and a file with other hard links (the rename
 *   would leave them holding the old text) are refused, unchanged;
 * - a symlink is followed: the file it points to is written, the link stays; a dangling link is refused;
 * - a FIFO or a device (`-o /dev/null`, `-o /dev/stdout`) is written to directly, never replaced;
 * - a new file is created through the same temporary file and rename, with the default mode.
 * Throws on any failure (FileRefusal for the refusals, the system's error otherwise).
 */
export function writeFileAtomic(target: string, content: FileContent, lang: Lang = 'en'): void {
  let file: string;
  let st: fs.Stats | undefined;
  try {
    file = fs.realpathSync(target);
    st = fs.statSync(file);
  } catch (e) {
    // a new file (`render -o`): created with the default mode, its folder must exist
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (isDanglingLink(target)) throw new FileRefusal(t(lang, 'it is a symbolic link to a file that does not exist; nothing was written'));
    file = path.resolve(target);
  }
  if (st && !st.isFile()) {
    if (st.isDirectory()) throw new FileRefusal(t(lang, 'it is a folder'));
    // a FIFO, a device: writing to it is what was asked; replacing it would destroy it
    const fd = fs.openSync(file, 'w');
    try {
      writeContent(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    return;
  }
  if (st) {
    if ((st.mode & 0o222) === 0) throw new FileRefusal(t(lang, 'the file is read-only (mode {0}); it was not changed', (st.mode & 0o7777).toString(8).padStart(4, '0')));
    fs.accessSync(file, fs.constants.W_OK); // not writable by this user: EACCES, as any write would say
    if (st.nlink > 1) throw new FileRefusal(t(lang, 'the file has {0} hard links; replacing it would leave the other links with the old text, so it was not changed', st.nlink));
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    writeContent(fd, content);
    if (st) {
      // owner first (chown clears set-id bits), then the mode, whatever the umask
      const made = fs.fstatSync(fd);
      if (made.uid !== st.uid || made.gid !== st.gid) {
        try {
          fs.fchownSync(fd, st.uid, st.gid);
        } catch (e) {
          throw new FileRefusal(t(lang, 'the new file could not be given the owner of the old one ({0}); it was not changed', ioMessage(e)));
        }
      }
      fs.fchmodSync(fd, st.mode & 0o7777);
    } else {
      fs.fchmodSync(fd, 0o666 & ~process.umask());
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
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

// ------------------------------------------------------------------------------------------ output

/**
 * A process's standard output that remembers its first write error (`> /dev/full`: ENOSPC; a closed
 * pipe: EPIPE) instead of crashing or ignoring it; `finish()` waits until everything is written and
 * returns that error, if any.
 */
export function checkedOutput(stream: NodeJS.WriteStream): { write: (s: string) => void; finish: () => Promise<NodeJS.ErrnoException | undefined> } {
  let failed: NodeJS.ErrnoException | undefined;
  stream.on('error', (e: NodeJS.ErrnoException) => { failed ??= e; });
  return {
    write: (s) => {
      if (!failed && !stream.destroyed) stream.write(s, (e) => { if (e) failed ??= e; });
    },
    finish: () => new Promise((resolve) => {
      if (failed || stream.destroyed) { resolve(failed); return; }
      stream.write('', (e) => resolve(failed ?? e ?? undefined));
    }),
  };
}
