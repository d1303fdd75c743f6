/**
 * Runs `checkFile` over many files: on worker threads fed in small chunks (so a worker slowed by
 * another process on the machine takes fewer, and progress can be shown), with the text
 * fingerprints of `copied-text` computed only for files that have a neighbour year among the files.
 *
 * Where the time goes (1,000 reports of the bench, 2 cores): the YAML parser is most of a report's
 * cost; the fingerprints were another fifth of it for every file, although only a report with last
 * or next year's report of its agency among the files is ever compared. So the identities are read
 * first from each file's `agency:` and `year:` lines (core's quickIdentity, a few µs a file, on the
 * main thread while the workers start), and only paired files get fingerprints. A file the guess
 * got wrong (its parsed identity differs) gets its fingerprints afterwards, so results never depend
 * on the guess.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { identityKey, quickIdentity, RuleCode, type ReportIdentity } from '../core';
import { checkFile, type CheckOptions, type Checked } from './check';

/** Below this many files a worker pool costs more than it saves. */
const PARALLEL_THRESHOLD = 64;

export interface PoolHooks {
  /** Called after each file or chunk of files is checked (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads to use (default: one per core, fewer for few files); 0 or 1: this thread only. */
  threads?: number;
}

interface Job { index: number; file: string; texts: boolean }
interface WorkerRequest { jobs: Job[] }
interface WorkerReply { done: { index: number; checked: Checked }[] }

/** Checks `files`, in their order. */
export async function checkAll(files: readonly string[], options: CheckOptions, hooks: PoolHooks = {}): Promise<Checked[]> {
  const wanted = hooks.threads ?? Math.min(os.availableParallelism(), Math.ceil(files.length / PARALLEL_THRESHOLD));
  const threads = Math.max(0, Math.min(wanted, files.length));
  // start the workers first: they load while this thread reads the identities
  const workers = threads > 1 ? Array.from({ length: threads }, () => new Worker(__filename, { workerData: { govreportCheck: true, options } })) : [];
  const texts = fingerprintPlan(files, options);
  const out: Checked[] = new Array(files.length);
  const jobs: Job[] = files.map((file, index) => ({ index, file, texts: texts(index) }));
  if (workers.length === 0) {
    for (const job of jobs) {
      out[job.index] = checkFile(job.file, options, job.texts);
      hooks.onProgress?.(job.index + 1, files.length);
    }
  } else {
    await runWorkers(workers, jobs, out, hooks);
  }
  fillMissingTexts(out, files, options);
  return out;
}

/**
 * Which files need text fingerprints: those whose guessed identity has a report of the year before
 * or after among the files. A file without a guess gets none; fillMissingTexts catches a wrong guess.
 */
function fingerprintPlan(files: readonly string[], options: CheckOptions): (index: number) => boolean {
  if (!options.crossYear || options.severities[RuleCode.CopiedText] === 'off') return () => false;
  const ids: (ReportIdentity | undefined)[] = files.map((f) => {
    try {
      return quickIdentity(fs.readFileSync(f, 'utf8'));
    } catch {
      return undefined; // checkFile reports it
    }
  });
  const present = new Set(ids.flatMap((id) => (id ? [identityKey(id)] : [])));
  return (index) => {
    const id = ids[index];
    return !!id && (present.has(identityKey({ agency: id.agency, year: id.year - 1 })) || present.has(identityKey({ agency: id.agency, year: id.year + 1 })));
  };
}

/** Files that turned out to have a neighbour year (by their parsed identity) but were checked without fingerprints. */
function fillMissingTexts(out: Checked[], files: readonly string[], options: CheckOptions): void {
  if (!options.crossYear || options.severities[RuleCode.CopiedText] === 'off') return;
  const present = new Set(out.flatMap((c) => (c.year ? [identityKey(c.year.facts)] : [])));
  out.forEach((c, i) => {
    if (!c.year || c.year.withTexts) return;
    const { agency, year } = c.year.facts;
    if (!present.has(identityKey({ agency, year: year - 1 })) && !present.has(identityKey({ agency, year: year + 1 }))) return;
    // the file as checked (after --fix it holds the fixed text): only its fingerprints are taken
    const again = checkFile(files[i]!, { ...options, fix: false }, true);
    if (again.year && identityKey(again.year.facts) === identityKey(c.year.facts)) c.year = again.year;
  });
}

function runWorkers(workers: Worker[], jobs: Job[], out: Checked[], hooks: PoolHooks): Promise<void> {
  // chunks small enough to balance the load, large enough that messages cost nothing
  const chunk = Math.max(4, Math.min(64, Math.ceil(jobs.length / (workers.length * 8))));
  let next = 0;
  let done = 0;
  return new Promise<void>((resolve, reject) => {
    let running = workers.length;
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => {
      if (next >= jobs.length) {
        w.postMessage(null); // no more work: the worker ends
        return;
      }
      const request: WorkerRequest = { jobs: jobs.slice(next, next + chunk) };
      next += request.jobs.length;
      w.postMessage(request);
    };
    for (const w of workers) {
      w.on('message', (reply: WorkerReply) => {
        for (const { index, checked } of reply.done) out[index] = checked;
        done += reply.done.length;
        hooks.onProgress?.(done, jobs.length);
        feed(w);
      });
      w.once('error', fail);
      w.once('exit', (code) => {
        if (code !== 0) fail(new Error(`worker exited with code ${code}`));
        else if (--running === 0 && !failed) {
          if (done === jobs.length) resolve();
          else fail(new Error(`workers ended with ${jobs.length - done} files unchecked`));
        }
      });
      // two chunks in flight per worker: it never waits for the next one
      feed(w);
      feed(w);
    }
  });
}

// A worker of checkAll: the bundle (dist/cli.js) is both the CLI and its workers.
if (!isMainThread && parentPort && (workerData as { govreportCheck?: boolean } | undefined)?.govreportCheck) {
  const port = parentPort;
  const { options } = workerData as { options: CheckOptions };
  port.on('message', (request: WorkerRequest | null) => {
    if (request === null) {
      port.close();
      return;
    }
    port.postMessage({ done: request.jobs.map((j) => ({ index: j.index, checked: checkFile(j.file, options, j.texts) })) } satisfies WorkerReply);
  });
}
