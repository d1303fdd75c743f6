/**
 * Runs `checkFile` over many files: on worker threads fed in small chunks (so a worker slowed by
 * another process on the machine takes fewer, and progress can be shown), keeping the across-years
 * facts only of files that can use them.
 *
 * The text fingerprints of `copied-text` cost a quarter of a report's time (core/checks/cross-year.ts),
 * although a report is only ever compared with another of its agency's neighbour years or of its own
 * year; and every file's facts and their positions held to the end grow with the number of files. So the
 * identities are read first from each file's `agency:` and `year:` lines (core's quickIdentity, a few
 * µs a file, on this thread while the workers start); files with a neighbour year or another agency
 * of their year get fingerprints,
 * files with a neighbour or a duplicate keep their facts, the others keep their agency and year only.
 * A file the guess got wrong (its parsed identity differs) is looked at again at the end, so the
 * results never depend on the guess.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { agencyBase, identityKey, quickIdentity, RuleCode, type ReportIdentity } from '../core';
import { checkFile, type CheckOptions, type Checked } from './check';

/** Where a report's `agency:` and `year:` lines are looked for (they open the template; a file that has them later gets no guess). */
const HEAD_BYTES = 4096;
/** Below this many files a worker pool costs more than it saves. */
const PARALLEL_THRESHOLD = 64;

export interface PoolHooks {
  /** Called after each file or chunk of files is checked (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads to use (default: one per core, fewer for few files); 0 or 1: this thread only. */
  threads?: number;
}

/** `texts`: compute the fingerprints; `facts`: keep the across-years facts (else the identity only). */
interface Job { index: number; file: string; texts: boolean; facts: boolean }
interface WorkerRequest { jobs: Job[] }
interface WorkerReply { done: { index: number; checked: Checked | undefined }[] }

/** Checks `files`, in their order. */
export async function checkAll(files: readonly string[], options: CheckOptions, hooks: PoolHooks = {}): Promise<Checked[]> {
  const wanted = hooks.threads ?? Math.min(os.availableParallelism(), Math.ceil(files.length / PARALLEL_THRESHOLD));
  const threads = Math.max(0, Math.min(wanted, files.length));
  // start the workers first: they load while this thread reads the identities
  const workers = threads > 1 ? Array.from({ length: threads }, () => new Worker(__filename, { workerData: { govreportCheck: true, options } })) : [];
  const plan = crossYearPlan(files, options);
  // undefined: a file found in a folder that is no report (a saved page that is something else)
  const out: (Checked | undefined)[] = new Array(files.length);
  const jobs: Job[] = files.map((file, index) => ({ index, file, ...plan(index) }));
  if (workers.length === 0) {
    for (const job of jobs) {
      out[job.index] = await runJob(job, options);
      hooks.onProgress?.(job.index + 1, files.length);
    }
  } else {
    await runWorkers(workers, jobs, out, hooks);
  }
  await fillMissing(out, files, options);
  return out.filter((c): c is Checked => c !== undefined);
}

async function runJob(job: Job, options: CheckOptions): Promise<Checked | undefined> {
  const checked = await checkFile(job.file, options, job.texts);
  if (checked && !job.facts && checked.year) {
    const { agency, year } = checked.year.facts;
    delete checked.year;
    checked.identity = { agency, year };
  }
  return checked;
}

/** Reports pair by agency across the higher levels of its name (洪泽区人民政府, 淮安市洪泽区人民政府): keyed by the base name. */
const baseKey = (agency: string, year: number): string => `${year}\u0000${agencyBase(agency)}`;
const neighbours = (id: ReportIdentity): string[] => [baseKey(id.agency, id.year - 1), baseKey(id.agency, id.year + 1)];

/**
 * What each file brings to the across-years rules, by its guessed identity: fingerprints when a report
 * of the year before or after is among the files (and copied-text is on), facts when such a report or
 * another of the same year is. A file without a guess gets neither; fillMissing catches a wrong guess.
 */
function crossYearPlan(files: readonly string[], options: CheckOptions): (index: number) => { texts: boolean; facts: boolean } {
  if (!options.crossYear) return () => ({ texts: false, facts: false });
  const copied = options.severities[RuleCode.CopiedText] !== 'off';
  const head = Buffer.alloc(HEAD_BYTES);
  const ids: (ReportIdentity | undefined)[] = files.map((f) => {
    try {
      // non-blocking: a FIFO or device named like a report must not hang the plan (checkFile refuses it)
      const fd = fs.openSync(f, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      try {
        if (!fs.fstatSync(fd).isFile()) return undefined;
        const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
        return quickIdentity(identityLines(head.subarray(0, n)));
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return undefined; // checkFile reports it
    }
  });
  const counts = countIdentities(ids);
  return (index) => {
    const id = ids[index];
    return id ? needs(id, counts, copied) : { texts: false, facts: false };
  };
}

interface Counts { byIdentity: Map<string, number>; byBase: Set<string>; byYear: Map<number, number> }

function countIdentities(ids: readonly (ReportIdentity | undefined)[]): Counts {
  const byIdentity = new Map<string, number>();
  const byBase = new Set<string>();
  const byYear = new Map<number, number>();
  for (const id of ids) {
    if (!id) continue;
    byIdentity.set(identityKey(id), (byIdentity.get(identityKey(id)) ?? 0) + 1);
    byBase.add(baseKey(id.agency, id.year));
    byYear.set(id.year, (byYear.get(id.year) ?? 0) + 1);
  }
  return { byIdentity, byBase, byYear };
}

/**
 * What a report needs for the across-years rules: fingerprints when a report of the year before or
 * after, or (copied-text across agencies) another report of the same year is among the files; facts
 * for those and for duplicates.
 */
function needs(id: ReportIdentity, counts: Counts, copied: boolean): { texts: boolean; facts: boolean } {
  const paired = neighbours(id).some((k) => counts.byBase.has(k));
  const sameYear = (counts.byYear.get(id.year) ?? 0) > 1;
  const texts = copied && (paired || sameYear);
  return { texts, facts: texts || paired || (counts.byIdentity.get(identityKey(id)) ?? 0) > 1 };
}

/** The `agency:` and `year:` lines of a file's head, found as bytes and only they decoded (decoding all of it cost more than the rest). */
function identityLines(head: Buffer): string {
  const lines: string[] = [];
  for (const key of ['agency', 'year']) {
    for (let i = head.indexOf(key); i >= 0; i = head.indexOf(key, i + 1)) {
      if (i > 0 && head[i - 1] !== 0x0a) continue; // not at the start of a line
      const end = head.indexOf(0x0a, i);
      lines.push(head.toString('utf8', i, end < 0 ? head.length : end));
      break;
    }
  }
  return lines.join('\n');
}

/**
 * Files that turned out (by their parsed identity) to have a neighbour year or a duplicate but were
 * checked without facts or fingerprints: their facts are taken again from the file as checked (after
 * --fix it holds the fixed text), nothing else of that second look is used.
 */
async function fillMissing(out: (Checked | undefined)[], files: readonly string[], options: CheckOptions): Promise<void> {
  if (!options.crossYear) return;
  const copied = options.severities[RuleCode.CopiedText] !== 'off';
  const idOf = (c: Checked | undefined): ReportIdentity | undefined => c?.year?.facts ?? c?.identity;
  const counts = countIdentities(out.map(idOf));
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    const id = idOf(c);
    if (!c || !id) continue;
    const need = needs(id, counts, copied);
    if ((!need.facts || c.year) && (!need.texts || c.year?.withTexts)) continue;
    const again = await checkFile(files[i]!, { ...options, fix: false }, need.texts);
    if (again?.year && identityKey(again.year.facts) === identityKey(id)) {
      c.year = again.year;
      delete c.identity;
    }
  }
}

function runWorkers(workers: Worker[], jobs: Job[], out: (Checked | undefined)[], hooks: PoolHooks): Promise<void> {
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
  // one request at a time, in order (a published PDF is read asynchronously)
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest | null) => {
    queue = queue.then(async () => {
      if (request === null) {
        port.close();
        return;
      }
      const done: WorkerReply['done'] = [];
      for (const j of request.jobs) done.push({ index: j.index, checked: await runJob(j, options) });
      port.postMessage({ done } satisfies WorkerReply);
    });
  });
}
