/**
 * `govreport` command line: the same core as the editor, over files and folders of reports.
 *   govreport check [--format stylish|json] [--lang zh|en] [--max-warnings N] [--fix] [--rule CODE=SEVERITY] [--no-cross-year] PATH...
 *   govreport render FILE [-o OUT.html] [--lang zh|en]
 * Exit codes (check): 0 clean (or only allowed warnings), 1 errors or too many warnings, 2 usage or I/O errors.
 * Exit codes (render): 0 rendered, 1 not valid YAML (nothing rendered), 2 usage or I/O errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  analyze, applyEdits, compareYears, duplicateReportOf, findDuplicates, fixAll, identityKey, isRuleCode, langFromLocale, renderStandalone, t, yearFacts,
  type Lang, type LineIndex, type Position, type ReportDiagnostic, RuleCode, type SeveritySetting, type YearFacts,
} from './core';

const VERSION = '0.1.0';
const REPORT_FILE = /\.govreport\.ya?ml$/i;
/** Below this many files a worker pool costs more than it saves. */
const PARALLEL_THRESHOLD = 64;

export interface CheckOptions {
  lang: Lang;
  fix: boolean;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  /** Run the across-years rules among the files checked together (`--no-cross-year` turns them off). */
  crossYear: boolean;
}

/** One message in ESLint's JSON formatter shape (1-based lines and columns). */
export interface CliMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
}

export interface FileResult {
  filePath: string;
  messages: CliMessage[];
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Set when the file could not be read or written. */
  ioError?: string;
}

/**
 * What a file brings to the across-years rules, computed where it was parsed (in a worker when there
 * are many files), so that no file is parsed twice: its facts, and the line/column of every offset
 * they hold (the main thread, which pairs the files, never sees their text).
 */
export interface YearEntry {
  facts: YearFacts;
  positions: Map<number, Position>;
}

/** One checked file: its result, and its facts for the across-years rules (when they run and it has an identity). */
export interface Checked {
  result: FileResult;
  year?: YearEntry;
}

class UsageError extends Error {}

/** The help text (translated as one message, so a translator sees it whole). */
const usage = (lang: Lang) => t(lang, `Usage: govreport check [options] PATH...
       govreport render FILE [-o OUT.html] [--lang zh|en]

check: checks 政府信息公开工作年度报告 files (*.govreport.yaml, *.govreport.yml); folders are searched recursively.
render: writes one report as the official document, a self-contained HTML file (to stdout without -o).

Options:
  --format stylish|json   output format of check (default: stylish)
  --lang zh|en            message language (default: from LANG, else zh)
  --max-warnings N        exit 1 when there are more than N warnings
  --fix                   recompute the totals of tables 三 and 四 in place (atomic write)
  --rule CODE=SEVERITY    change a rule's severity: error, warning, info or off (repeatable)
  --no-cross-year         do not compare reports across years (last year's report of the same
                          agency among the files checked) nor look for duplicate reports
  -o, --output OUT.html   render: write the HTML to OUT.html (atomic write)
  -h, --help              show this help
  -v, --version           show the version

Exit codes: check: 0 no errors, 1 errors (or too many warnings), 2 usage or I/O errors;
render: 0 rendered, 1 the file is not valid YAML, 2 usage or I/O errors.`);

// ------------------------------------------------------------------------------- checking

export function checkText(filePath: string, raw: string, options: CheckOptions): Checked & { output?: string } {
  // a BOM is not part of the text the editor shows; keep it for writing back
  const bom = raw.charCodeAt(0) === 0xfeff;
  let text = bom ? raw.slice(1) : raw;
  let analysis = analyze(text, { lang: options.lang, severities: options.severities });
  let output: string | undefined;
  if (options.fix) {
    const edits = fixAll(analysis);
    if (edits.length > 0) {
      text = applyEdits(text, edits);
      output = (bom ? '\ufeff' : '') + text;
      analysis = analyze(text, { lang: options.lang, severities: options.severities });
    }
  }
  const lines = analysis.document.lines;
  const result: FileResult = {
    filePath, messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0,
  };
  for (const d of analysis.diagnostics) addMessage(result, d, lines.positionAt(d.range.start), lines.positionAt(d.range.end));
  // the facts of the text as checked (after --fix); texts only when copied-text can fire
  const facts = options.crossYear ? yearFacts(analysis.document, { texts: options.severities[RuleCode.CopiedText] !== 'off' }) : undefined;
  return { result, output, ...(facts ? { year: { facts, positions: positionsOf(facts, lines) } } : {}) };
}

function addMessage(result: FileResult, d: ReportDiagnostic, start: Position, end: Position): void {
  const severity = d.severity === 'error' ? 2 : 1;
  const fatal = d.code === 'yaml-syntax';
  result.messages.push({
    ruleId: d.code, severity, message: d.message,
    line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1,
    ...(fatal ? { fatal: true as const } : {}),
  });
  if (severity === 2) result.errorCount++;
  else result.warningCount++;
  if (fatal) result.fatalErrorCount++;
  if (d.fix?.safe) {
    if (severity === 2) result.fixableErrorCount++;
    else result.fixableWarningCount++;
  }
}

/** Line/column of every range boundary in `facts` (a few dozen offsets). */
function positionsOf(facts: YearFacts, lines: LineIndex): Map<number, Position> {
  const out = new Map<number, Position>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
    const r = v as { start?: unknown; end?: unknown };
    if (typeof r.start === 'number' && typeof r.end === 'number') {
      out.set(r.start, lines.positionAt(r.start));
      out.set(r.end, lines.positionAt(r.end));
      return;
    }
    for (const item of Object.values(v)) walk(item);
  };
  walk(facts);
  return out;
}

/**
 * The across-years rules among the checked files: `duplicate-report` for files sharing an agency and
 * year, and each file against last year's report of its agency when exactly one file holds it (two
 * would make "last year's" ambiguous; `duplicate-report` already names them).
 */
export function addCrossYear(checked: readonly Checked[], options: CheckOptions): void {
  const withYear = checked.filter((c): c is Checked & { year: YearEntry } => c.year !== undefined);
  const byFile = new Map(withYear.map((c) => [c.result.filePath, c]));
  const byIdentity = new Map<string, (Checked & { year: YearEntry })[]>();
  for (const c of withYear) {
    const k = identityKey(c.year.facts);
    const group = byIdentity.get(k);
    if (group) group.push(c);
    else byIdentity.set(k, [c]);
  }
  const duplicates = findDuplicates(withYear.map((c) => ({ file: c.result.filePath, data: c.year.facts })));
  const ruleOptions = { lang: options.lang, severities: options.severities };
  for (const c of withYear) {
    const { facts, positions } = c.year;
    const found: ReportDiagnostic[] = [];
    const others = duplicates.get(c.result.filePath);
    if (others) {
      const d = duplicateReportOf(facts, others.map((file) => ({ file, facts: byFile.get(file)?.year.facts })), ruleOptions);
      if (d) found.push(d);
    }
    const previous = byIdentity.get(identityKey({ agency: facts.agency, year: facts.year - 1 }));
    if (previous?.length === 1) {
      found.push(...compareYears(facts, { file: previous[0]!.result.filePath, facts: previous[0]!.year.facts }, ruleOptions));
    }
    if (found.length === 0) continue;
    const at = (offset: number): Position => positions.get(offset) ?? { line: 0, character: 0 };
    for (const d of found) addMessage(c.result, d, at(d.range.start), at(d.range.end));
    // one order for all messages, as analyze gives them (stable: equal positions keep theirs)
    c.result.messages.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn);
  }
}

function emptyResult(filePath: string, ioError: string): FileResult {
  return { filePath, messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, ioError };
}

/**
 * Writes through a temporary file in the same folder and a rename, so a reader never sees half a
 * file. A symlink is followed: the file it points to is replaced, the link stays.
 */
export function writeFileAtomic(link: string, content: string): void {
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

export function checkFile(filePath: string, options: CheckOptions): Checked {
  let raw: string;
  try {
    raw = fs.readFileSync(filePath, 'utf8');
  } catch (e) {
    return { result: emptyResult(filePath, ioMessage(e)) };
  }
  const { result, output, year } = checkText(filePath, raw, options);
  if (output !== undefined) {
    try {
      writeFileAtomic(filePath, output);
    } catch (e) {
      result.ioError = ioMessage(e);
      return { result }; // not written: the facts of the fixed text are not the file's
    }
  }
  return year ? { result, year } : { result };
}

function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
}

// ------------------------------------------------------------------------------- files

/** Expands the command line's paths into report files; unreadable paths become I/O errors. */
export function collectFiles(inputs: readonly string[]): { files: string[]; errors: FileResult[] } {
  const files = new Set<string>();
  const errors: FileResult[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(emptyResult(dir, ioMessage(e)));
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((entry.isFile() || entry.isSymbolicLink()) && REPORT_FILE.test(entry.name)) files.add(full);
    }
  };
  for (const input of inputs) {
    const full = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (e) {
      errors.push(emptyResult(full, ioMessage(e)));
      continue;
    }
    if (stat.isDirectory()) walk(full);
    else files.add(full); // a file named on the command line is checked whatever its name
  }
  return { files: [...files].sort(), errors };
}

async function checkAll(files: readonly string[], options: CheckOptions): Promise<Checked[]> {
  const threads = Math.min(os.availableParallelism(), Math.ceil(files.length / PARALLEL_THRESHOLD));
  if (threads <= 1) return files.map((f) => checkFile(f, options));
  // one worker per core, each takes a contiguous share (reports are of similar size)
  const shares = Array.from({ length: threads }, (_, i) => files.slice(Math.floor((i * files.length) / threads), Math.floor(((i + 1) * files.length) / threads)));
  const parts = await Promise.all(shares.map((share) => new Promise<Checked[]>((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { files: share, options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`worker exited with code ${code}`)); });
  })));
  return parts.flat();
}

// ------------------------------------------------------------------------------- output

function formatStylish(results: readonly FileResult[], color: boolean, lang: Lang): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  let out = '';
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of results) {
    if (r.messages.length === 0) continue;
    errors += r.errorCount;
    warnings += r.warningCount;
    fixableErrors += r.fixableErrorCount;
    fixableWarnings += r.fixableWarningCount;
    out += `\n${paint('4', r.filePath)}\n`;
    const rows = r.messages.map((m) => [`${m.line}:${m.column}`, m.severity === 2 ? 'error' : 'warning', m.message, m.ruleId] as const);
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const w1 = Math.max(...rows.map((x) => x[1].length));
    for (const [pos, sev, msg, rule] of rows) {
      out += `  ${paint('2', pos.padEnd(w0))}  ${paint(sev === 'error' ? '31' : '33', sev.padEnd(w1))}  ${msg}  ${paint('2', rule)}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return out;
  // ESLint's wording in English (with its singular and plural forms)
  const problems = total === 1 ? t(lang, '1 problem') : t(lang, '{0} problems', total);
  const errorsText = errors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', errors);
  const warningsText = warnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', warnings);
  out += `\n${paint(errors ? '31;1' : '33;1', `✖ ${t(lang, '{0} ({1}, {2})', problems, errorsText, warningsText)}`)}\n`;
  if (fixableErrors + fixableWarnings > 0) {
    const fe = fixableErrors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', fixableErrors);
    const fw = fixableWarnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', fixableWarnings);
    out += `${paint(errors ? '31;1' : '33;1', `  ${t(lang, '{0} and {1} potentially fixable with the `--fix` option.', fe, fw)}`)}\n`;
  }
  return `${out}\n`;
}

// ------------------------------------------------------------------------------- main

interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let lang: Lang = langFromLocale(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG, 'zh');
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], allowPositionals: true, strict: true,
      options: {
        format: { type: 'string' },
        lang: { type: 'string' },
        'max-warnings': { type: 'string' },
        fix: { type: 'boolean', default: false },
        rule: { type: 'string', multiple: true },
        'no-cross-year': { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    io.stderr(`govreport: ${(e as Error).message}\n\n${usage(lang)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.lang === 'zh' || values.lang === 'en') lang = values.lang;
  if (values.help) { io.stdout(`${usage(lang)}\n`); return 0; }
  if (values.version) { io.stdout(`${VERSION}\n`); return 0; }
  try {
    const [command, ...paths] = positionals;
    if (command !== 'check' && command !== 'render') throw new UsageError(command ? t(lang, 'unknown command "{0}"', command) : t(lang, 'missing command'));
    if (values.lang !== undefined && values.lang !== 'zh' && values.lang !== 'en') throw new UsageError(t(lang, '--lang must be zh or en, not "{0}"', values.lang));
    if (command === 'render') {
      // check's options mean nothing here: say so rather than ignore them
      const foreign = [
        ['--format', values.format !== undefined], ['--fix', values.fix], ['--max-warnings', values['max-warnings'] !== undefined],
        ['--rule', values.rule !== undefined], ['--no-cross-year', values['no-cross-year']],
      ].find(([, given]) => given);
      if (foreign) throw new UsageError(t(lang, '{0} is an option of check, not of render', String(foreign[0])));
      if (paths.length !== 1) throw new UsageError(paths.length === 0 ? t(lang, 'no FILE given') : t(lang, 'render takes one FILE, not {0}', paths.length));
      if (values.output === '') throw new UsageError(t(lang, '-o needs a file name'));
      return renderCommand(paths[0]!, values.output, lang, io);
    }
    if (values.output !== undefined) throw new UsageError(t(lang, '-o/--output is an option of render, not of check'));
    if (paths.length === 0) throw new UsageError(t(lang, 'no PATH given'));
    const format = values.format ?? 'stylish';
    if (format !== 'stylish' && format !== 'json') throw new UsageError(t(lang, '--format must be stylish or json, not "{0}"', String(format)));
    let maxWarnings = -1;
    if (values['max-warnings'] !== undefined) {
      maxWarnings = Number(values['max-warnings']);
      if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(t(lang, '--max-warnings takes a whole number ≥ 0, not "{0}"', values['max-warnings']));
    }
    const severities: CheckOptions['severities'] = {};
    for (const r of values.rule ?? []) {
      const m = /^([\w-]+)=(error|warning|info|off)$/.exec(r);
      if (!m || !isRuleCode(m[1]!)) throw new UsageError(t(lang, '--rule takes CODE=error|warning|info|off with a known rule code, not "{0}"', r));
      severities[m[1] as RuleCode] = m[2] as SeveritySetting;
    }
    const options: CheckOptions = { lang, fix: values.fix ?? false, severities, crossYear: !values['no-cross-year'] };

    const { files, errors } = collectFiles(paths);
    const checkedFiles = await checkAll(files, options);
    if (options.crossYear) addCrossYear(checkedFiles, options);
    const results = checkedFiles.map((c) => c.result);
    const ioErrors = [...errors, ...results.filter((r) => r.ioError)];
    for (const e of ioErrors) {
      const line = options.fix && !errors.includes(e) ? t(lang, 'cannot read or write {0}: {1}', e.filePath, e.ioError!) : t(lang, 'cannot read {0}: {1}', e.filePath, e.ioError!);
      io.stderr(`govreport: ${line}\n`);
    }
    if (files.length === 0 && errors.length === 0) io.stderr(`govreport: ${t(lang, 'no *.govreport.yaml files found')}\n`);

    const checked = results.filter((r) => !r.ioError);
    io.stdout(format === 'json'
      ? `${JSON.stringify(checked)}\n`
      : formatStylish(checked, io.isTTY && !io.env.NO_COLOR, lang));
    if (ioErrors.length > 0) return 2;
    const errorCount = checked.reduce((n, r) => n + r.errorCount, 0);
    const warningCount = checked.reduce((n, r) => n + r.warningCount, 0);
    if (errorCount > 0) return 1;
    if (maxWarnings >= 0 && warningCount > maxWarnings) {
      if (format === 'stylish') io.stdout(`${t(lang, 'govreport found too many warnings (maximum: {0}).', maxWarnings)}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`govreport: ${e.message}\n\n${usage(lang)}\n`);
      return 2;
    }
    io.stderr(`govreport: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

// ------------------------------------------------------------------------------- render

/**
 * The stylesheet of the rendered report: media/report.css beside the bundle (dist/cli.js), or at the
 * repository root when running from the tsc output (out/server/src/cli.js, the tests).
 */
function readStylesheet(): string {
  const candidates = [path.join(__dirname, '..', 'media', 'report.css'), path.join(__dirname, '..', '..', '..', 'media', 'report.css')];
  let first: unknown;
  for (const file of candidates) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      first ??= e;
    }
  }
  throw first;
}

/** `govreport render FILE [-o OUT]`: the standalone HTML of one report. */
function renderCommand(file: string, output: string | undefined, lang: Lang, io: CliIo): number {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(`govreport: ${t(lang, 'cannot read {0}: {1}', file, ioMessage(e))}\n`);
    return 2;
  }
  let css: string;
  try {
    css = readStylesheet();
  } catch (e) {
    io.stderr(`govreport: ${t(lang, 'cannot read the stylesheet media/report.css: {0}', ioMessage(e))}\n`);
    return 2;
  }
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const analysis = analyze(text, { lang });
  const rendered = renderStandalone(analysis, { lang, css });
  if (!rendered.ok) {
    const first = analysis.diagnostics.find((d) => d.code === RuleCode.YamlSyntax) ?? analysis.diagnostics[0];
    const at = analysis.document.lines.positionAt(first?.range.start ?? 0);
    io.stderr(`govreport: ${t(lang, '{0} is not valid YAML, nothing was rendered: {1}', `${file}:${at.line + 1}:${at.character + 1}`, first?.message ?? '')}\n`);
    return 1;
  }
  if (output === undefined) {
    io.stdout(rendered.html);
  } else {
    try {
      writeFileAtomic(output, rendered.html);
    } catch (e) {
      io.stderr(`govreport: ${t(lang, 'cannot write {0}: {1}', output, ioMessage(e))}\n`);
      return 2;
    }
  }
  if (rendered.errors + rendered.warnings > 0) {
    const errors = rendered.errors === 1 ? t(lang, '1 error') : t(lang, '{0} errors', rendered.errors);
    const warnings = rendered.warnings === 1 ? t(lang, '1 warning') : t(lang, '{0} warnings', rendered.warnings);
    io.stderr(`govreport: ${t(lang, '{0} has {1} and {2}; run govreport check for the details', file, errors, warnings)}\n`);
  }
  return 0;
}

/** Runs the CLI in this process (the `govreport` bin calls this). */
export function run(): void {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    isTTY: !!process.stdout.isTTY,
  }).then((code) => { process.exitCode = code; });
}

if (!isMainThread && parentPort) {
  const { files, options } = workerData as { files: string[]; options: CheckOptions };
  parentPort.postMessage(files.map((f) => checkFile(f, options)));
} else if (require.main === module) {
  run();
}
