/**
 * Runs `checkFile` over many files: on this thread, and from FILES_PER_THREAD files on worker threads
 * too, fed in chunks that shrink as the work runs out (so a thread slowed by another process on the
 * machine takes fewer, and progress can be shown), keeping the across-years facts only of files that
 * can use them; then the across-years rules (crossYear), worded file by file as the output is written.
 *
 * Which facts each file keeps is plan.ts's. The fingerprints come without the texts' bigrams (~11
 * KiB a report): the thread that checked a file keeps its normalised texts (up to a budget) and makes
 * the bigrams when crossYear asks for them, for texts compared that are not the same (the same text
 * is known by its digest), in a second round to the same thread.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkFile, forgetNormalised, internFacts, shinglesAgain, type CheckOptions, type Checked, type ShinglesRequest } from './check';
import { crossYear, gather, type CrossYear } from './cross-year';
import { crossYearPlan, fillMissing, type Needs } from './plan';
import { TextTable } from './text-table';

/**
 * Files per thread: a worker costs its start and a second warm-up of the JIT (~0.3 s of CPU), and
 * this thread already shares the other core with V8's compiler and GC threads. On 2 cores one thread
 * checked 1,000 reports in 0.85 s against 0.93 s for two, 3,000 as fast, 5,000 in 3.0 s against 2.6 s.
 */
const FILES_PER_THREAD = 2500;

export interface PoolHooks {
  /** Called after each file or chunk of files is checked (for a progress line); `thread`: which checked it (0: this one). */
  onProgress?: (done: number, total: number, thread: number) => void;
  /** Threads that check files, this one included (default: one per FILES_PER_THREAD files, at most one per core); 0 or 1: this thread only. */
  threads?: number;
}

interface Job extends Needs { index: number; file: string }
/** A worker's two kinds of work: checking files, and (for crossYear) the bigrams of some of their texts. */
type WorkerRequest = { jobs: Job[] } | { shingles: { index: number; request: ShinglesRequest }[] };
type WorkerReply =
  | { done: { index: number; checked: Checked | undefined }[] }
  | { shingles: { index: number; found: (Uint32Array | undefined)[] }[] };

/** What checkAll gives: the files checked (in their order), and their across-years findings, worded when asked (see CrossYear). */
export interface CheckRun extends CrossYear {
  checked: Checked[];
}

/** Checks `files`, in their order, and (unless turned off) the across-years rules among them. */
export async function checkAll(files: readonly string[], options: CheckOptions, hooks: PoolHooks = {}): Promise<CheckRun> {
  const wanted = hooks.threads ?? Math.min(os.availableParallelism(), Math.floor(files.length / FILES_PER_THREAD));
  const threads = Math.max(0, Math.min(wanted, files.length));
  // start the workers first: they load while this thread reads the identities
  // this thread is one of them
  const pool = threads > 1
    ? workerPool(Array.from({ length: threads - 1 }, () => new Worker(__filename, { workerData: { govreportCheck: true, options } })), options)
    : undefined;
  forgetNormalised();
  try {
    const plan = crossYearPlan(files, options);
    // undefined: a file found in a folder that is no report (a saved page that is something else)
    const out: (Checked | undefined)[] = new Array(files.length);
    const jobs: Job[] = files.map((file, index) => ({ index, file, ...plan(index) }));
    /** The worker that checked each file. */
    const checkedBy = new Map<string, number>();
    /** One copy of each text label and key kept (a worker's reply brings its own copies; the table keeps its own labels). */
    const strings = new Map<string, string>();
    /** The texts compared across agencies, as they arrive (see gather). */
    const table = new TextTable();
    const arrived = (index: number, checked: Checked | undefined) => {
      if (checked?.year && !checked.year.textsOnly) internFacts(checked.year.facts, strings);
      if (checked) gather(table, index, checked);
      out[index] = checked;
    };
    if (!pool) {
      for (const job of jobs) {
        arrived(job.index, await runJob(job, options));
        hooks.onProgress?.(job.index + 1, files.length, 0);
      }
    } else {
      let done = 0;
      await pool.run(jobs, (part) => ({ jobs: part }), (reply, worker) => {
        if (!('done' in reply)) return 0;
        for (const { index, checked } of reply.done) {
          arrived(index, checked);
          checkedBy.set(files[index]!, worker);
        }
        done += reply.done.length;
        // the pool numbers this thread last
        hooks.onProgress?.(done, jobs.length, worker === threads - 1 ? 0 : worker + 1);
        return reply.done.length;
      });
    }
    await fillMissing(out, files, options, (index) => gather(table, index, out[index]!));
    const checked = out.filter((c): c is Checked => c !== undefined);
    if (!options.crossYear) return { checked, complete: (c) => c };
    const across = await crossYear(checked, table, options, pool && (async (requests) => {
      const found: (Uint32Array | undefined)[][] = new Array(requests.length);
      const items = requests.map((request, index) => ({ index, request }));
      // each to the worker that checked the file: it kept the file's normalised texts
      await pool.run(items, (part) => ({ shingles: part }), (reply) => {
        if (!('shingles' in reply)) return 0;
        for (const r of reply.shingles) found[r.index] = r.found;
        return reply.shingles.length;
      }, (item) => checkedBy.get(item.request.file));
      return found;
    }));
    forgetNormalised(); // its files' bigrams are taken: the rest of the run needs no normalised text
    return { checked, complete: across.complete };
  } finally {
    pool?.close();
  }
}

async function runJob(job: Job, options: CheckOptions): Promise<Checked | undefined> {
  const checked = await checkFile(job.file, options, job.texts, job.whole);
  if (checked && !job.facts && checked.year) {
    const { agency, year } = checked.year.facts;
    delete checked.year;
    checked.identity = { agency, year };
  }
  return checked;
}

type OnReply = (reply: WorkerReply, worker: number) => number;

interface WorkerPool {
  /**
   * Hands `items` to the workers in chunks (`request` makes a chunk's message) until `onReply` has
   * counted every item done (it returns how many a reply finished); `workerOf` picks an item's worker
   * (by its place in the pool; any when undefined).
   */
  run<T>(items: T[], request: (part: T[]) => WorkerRequest, onReply: OnReply, workerOf?: (item: T) => number | undefined): Promise<void>;
  /** Lets the workers end (their queue is empty). */
  close(): void;
}

/** One thread of the pool: a worker, or this thread (which takes its share between the workers' replies). */
interface Thread {
  post(request: WorkerRequest): void;
  close(): void;
}

/**
 * `workers` worker threads, and this thread as one more: on two cores, this thread and one worker
 * check as much as two workers, without loading and warming up the bundle in a second worker.
 */
function workerPool(workers: Worker[], options: CheckOptions): WorkerPool {
  let failure: Error | undefined;
  let onFailure: ((e: Error) => void) | undefined;
  let onMessage: ((thread: number, reply: WorkerReply) => void) | undefined;
  let closed = false;
  const fail = (e: Error) => {
    if (failure) return;
    failure = e;
    for (const w of workers) void w.terminate();
    onFailure?.(e);
  };
  const threads: Thread[] = workers.map((w, i) => {
    w.on('message', (reply: WorkerReply) => onMessage?.(i, reply));
    w.once('error', fail);
    w.once('exit', (code) => {
      if (!closed) fail(new Error(code !== 0 ? `worker exited with code ${code}` : 'a worker ended before its work was done'));
    });
    return { post: (request) => w.postMessage(request), close: () => w.postMessage(null) };
  });
  // this thread: each file after the events waiting (the workers' replies, which feed them: a worker
  // must not wait for its next chunk while this thread checks a whole chunk of its own)
  let local = Promise.resolve();
  const self = threads.length;
  const waiting = () => new Promise<void>((resolve) => setImmediate(resolve));
  threads.push({
    post: (request) => {
      local = local.then(async () => { if (!failure) onMessage?.(self, (await handle(request, options, waiting)).reply); })
        .catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
    },
    close: () => {},
  });
  return {
    run<T>(items: T[], request: (part: T[]) => WorkerRequest, onReply: OnReply, workerOf?: (item: T) => number | undefined) {
      // chunks shrink with the work left (guided): large while much is left, so that messages cost
      // nothing, small at the end, so that no thread still holds a long chunk while another has none
      const chunkOf = (left: number) => Math.max(2, Math.min(64, Math.ceil(left / (threads.length * 4))));
      // one queue for all, or one per thread
      const queues = workerOf ? threads.map(() => [] as T[]) : [items];
      if (workerOf) items.forEach((item, i) => queues[workerOf(item) ?? i % threads.length]!.push(item));
      const next = queues.map(() => 0);
      let done = 0;
      return new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        if (items.length === 0) return resolve();
        onFailure = reject;
        const feed = (thread: number) => {
          const q = workerOf ? thread : 0;
          const queue = queues[q]!;
          if (next[q]! >= queue.length) return;
          const part = queue.slice(next[q], next[q]! + chunkOf(queue.length - next[q]!));
          next[q] += part.length;
          threads[thread]!.post(request(part));
        };
        onMessage = (thread, reply) => {
          done += onReply(reply, thread);
          if (done >= items.length) resolve();
          else feed(thread);
        };
        // two chunks in flight per worker: it never waits for the next one; one for this thread,
        // which takes its next chunk without a message in between
        threads.forEach((_, thread) => {
          feed(thread);
          if (thread !== self) feed(thread);
        });
      });
    },
    close() {
      closed = true;
      for (const t of threads) t.close(); // no more work: the workers end
    },
  };
}

/** A request's work, on whichever thread: the reply and the arrays it moves; `between`: awaited before each file. */
async function handle(request: WorkerRequest, options: CheckOptions, between?: () => Promise<void>): Promise<{ reply: WorkerReply; transfer: ArrayBuffer[] }> {
  if ('shingles' in request) {
    const shingles = request.shingles.map(({ index, request: r }) => ({ index, found: shinglesAgain(r, options) }));
    return { reply: { shingles }, transfer: shingles.flatMap((s) => s.found.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []))) };
  }
  const done: { index: number; checked: Checked | undefined }[] = [];
  for (const j of request.jobs) {
    await between?.();
    done.push({ index: j.index, checked: await runJob(j, options) });
  }
  return { reply: { done }, transfer: [] };
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
      const { reply, transfer } = await handle(request, options);
      // the bigrams' arrays moved, not copied
      port.postMessage(reply, transfer);
    });
  });
}
