// Plumbing of the CLI tests: run the real `govreport` bin (dist/cli.js) as users do, and temporary folders.
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

export { ROOT };
export const BIN_JS = path.join(ROOT, 'server', 'bin', 'govreport.js');
export const EXAMPLE_TEXT = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml'), 'utf8');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time of the run (to pick a moment to kill a later run; never asserted). */
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  /** Added to the environment; LC_ALL and LC_MESSAGES are removed unless given here (LANG decides). */
  env?: Record<string, string>;
  /** The command instead of `node server/bin/govreport.js` (e.g. the node_modules/.bin link). */
  bin?: string[];
  /** SIGKILL after this many ms; the run then resolves with the signal (the kill-mid-write tests). */
  killAfterMs?: number;
  /** The hang guard (default HANG_GUARD_MS), for runs over thousands of files: 10× their measured cost. */
  hangGuardMs?: number;
}

/** A hang guard only (a run takes well under a second): a run still going after it is a failure. */
const HANG_GUARD_MS = 60_000;

/** Runs the CLI; resolves with its exit code and output. */
/** The environment that makes the CLI check with a worker (by default it does from 2,500 files: see pool.ts). */
export const WITH_WORKER = { GOVREPORT_THREADS: '2' } as const;

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const command = options.bin ?? [process.execPath, BIN_JS];
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', ...options.env };
    if (!options.env || !('LC_ALL' in options.env)) delete env.LC_ALL;
    if (!options.env || !('LC_MESSAGES' in options.env)) delete env.LC_MESSAGES;
    const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd: options.cwd ?? os.tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    let hung = false;
    const kill = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    const hangGuardMs = options.hangGuardMs ?? HANG_GUARD_MS;
    const guard = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, hangGuardMs);
    child.on('error', (e) => { clearTimeout(kill); clearTimeout(guard); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      clearTimeout(guard);
      if (hung) reject(new Error(`govreport ${args.join(' ')} did not finish within ${hangGuardMs} ms; stderr: ${stderr.slice(-1000)}`));
      else resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A run's exit and output, for assertion messages. */
export const show = (r: RunResult): string =>
  `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout.slice(0, 3000)}\n--- stderr\n${r.stderr.slice(0, 3000)}`;

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A new temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'govreport-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Writes `text` to `file`, creating its folder; returns the path. */
export function write(file: string, text: string | Buffer): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
