/**
 * `govreport` command line: the same core as the editor, over files and folders of reports.
 *   govreport check [--format stylish|json|sarif|html] [-o OUT] [--lang zh|en] [--max-warnings N] [--fix] [--rule CODE=SEVERITY]
 *                   [--no-cross-year] [--deadline KIND=MM-DD] PATH...
 *   govreport render FILE [--format html|docx|pdf] [-o OUT] [--force] [--pdf-converter PATH] [--lang zh|en]
 * Exit codes (check): 0 clean (or only allowed warnings), 1 errors or too many warnings, 2 usage or I/O errors.
 * Exit codes (render): 0 rendered, 1 not valid YAML (nothing rendered) or, for docx and pdf, errors without
 * --force, 2 usage, I/O or converter errors.
 *   govreport import INPUT... [-o OUT.govreport.yaml | --out-dir DIR] [--force]
 * Exit codes (import): 0 imported, 1 imported with cells left empty, 2 nothing imported, usage or I/O errors.
 * This file parses the arguments and dispatches; each command and output format has its own module.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { DEFAULT_MAX_BYTES, isRuleCode, langFromLocale, parseLocalDeadlines, t, type Lang, RuleCode, type SeveritySetting } from '../core';
import { buffered, checkedOutput, ioMessage, readReportFileSync, readStylesheet, sameFile, VERSION, writeFileAtomic } from '../node';
import { type CheckOptions, type Checked } from './check';
import { writeReviewPage } from './format-html';
import { writeSarif } from './format-sarif';
import { checkAll } from './pool';
import { DELAY_MS, progressLine } from './progress';
import type { FileResult } from './results';
import { writeStylish } from './format-stylish';
import { importCommand } from './import';
import { printable, printableJson, printableLines } from './printable';
import { RENDER_FORMATS, renderCommand, type RenderFormat } from './render';
import { collectFiles } from './walk';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** stderr is a terminal: a long check shows a progress line there. */
  stderrIsTTY?: boolean;
}

class UsageError extends Error {}

/** The help text (translated as one message, so a translator sees it whole). */
const usage = (lang: Lang) => t(lang, `Usage: govreport check [options] PATH...
       govreport render FILE [--format html|docx|pdf] [-o OUT] [--force] [--lang zh|en]
       govreport import INPUT... [-o OUT.govreport.yaml | --out-dir DIR] [--force]

check: checks 政府信息公开工作年度报告 files (*.govreport.yaml, *.govreport.yml); folders are searched recursively.
       Published reports (saved web pages, text) are imported in memory and checked too.
render: writes one report as the official document: a self-contained HTML file (to stdout without -o),
        a Word document or a PDF (beside the report without -o).
import: turns published reports (saved web pages, text) into *.govreport.yaml files, one per input,
        beside the input unless -o or --out-dir; what needs review is printed (stderr).

Options:
  --format FORMAT         check: stylish (default), json, sarif (SARIF 2.1.0) or html (a review
                          page of all reports, with -o)
  --format html|docx|pdf  render: the kind of document (default: html)
  --lang zh|en            message language (default: from LANG, else zh)
  --max-warnings N        exit 1 when there are more than N warnings
  --fix                   recompute the totals of tables 三 and 四 in place (atomic write)
  --rule CODE=SEVERITY    change a rule's severity: error, warning, info or off (repeatable)
  --no-cross-year         do not compare reports across years (last year's report of the same
                          agency among the files checked) nor look for duplicate reports
  --deadline KIND=MM-DD   a local publication deadline for department, government or township,
                          earlier than the national one (repeatable), e.g. department=01-28
  -o, --output OUT        render: write the document to OUT (atomic write); check: write the
                          json, sarif or html output to OUT; import: write the one report to
                          OUT.govreport.yaml
  --out-dir DIR           import: write the reports into DIR
  --force                 render: write a docx or pdf even when the report has errors;
                          import: replace existing files
  --pdf-converter PATH    render: LibreOffice (soffice) or Chromium to make the PDF with
                          (default: the first found on PATH)
  -h, --help              show this help
  -v, --version           show the version

Exit codes: check: 0 no errors, 1 errors (or too many warnings), 2 usage or I/O errors (or a folder without reports);
render: 0 rendered, 1 the file is not valid YAML or (docx, pdf) has errors and no --force,
2 usage, I/O or converter errors;
import: 0 imported, 1 imported with cells left empty, 2 nothing imported (or usage or I/O errors).`);

export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // stderr quotes paths and arguments: no control character reaches the terminal (stdout's formats
  // escape their own fields, stylish with printable, JSON with printableJson)
  const io: CliIo = { ...rawIo, stderr: (s) => rawIo.stderr(printableLines(s)) };
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
        deadline: { type: 'string', multiple: true },
        output: { type: 'string', short: 'o' },
        force: { type: 'boolean', default: false },
        'pdf-converter': { type: 'string' },
        'out-dir': { type: 'string' },
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
    if (command !== 'check' && command !== 'render' && command !== 'import') throw new UsageError(command ? t(lang, 'unknown command "{0}"', command) : t(lang, 'missing command'));
    if (values.lang !== undefined && values.lang !== 'zh' && values.lang !== 'en') throw new UsageError(t(lang, '--lang must be zh or en, not "{0}"', values.lang));
    if (command === 'import') {
      const foreign = [
        ['--format', values.format !== undefined], ['--fix', values.fix], ['--max-warnings', values['max-warnings'] !== undefined],
        ['--rule', values.rule !== undefined], ['--no-cross-year', values['no-cross-year']],
      ].find(([, given]) => given);
      if (foreign) throw new UsageError(t(lang, '{0} is an option of check, not of import', String(foreign[0])));
      if (values['pdf-converter'] !== undefined) throw new UsageError(t(lang, '{0} is an option of render, not of import', '--pdf-converter'));
      if (paths.length === 0) throw new UsageError(t(lang, 'no INPUT given'));
      if (values.output === '' || values['out-dir'] === '') throw new UsageError(t(lang, '-o and --out-dir need a name'));
      if (values.output !== undefined && values['out-dir'] !== undefined) throw new UsageError(t(lang, '-o and --out-dir cannot be used together'));
      if (values.output !== undefined && paths.length > 1) throw new UsageError(t(lang, '-o takes one INPUT; use --out-dir for {0}', paths.length));
      const today = new Date();
      const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
      return await importCommand(paths, { output: values.output, outDir: values['out-dir'], force: values.force ?? false, today: iso }, lang, io);
    }
    if (values['out-dir'] !== undefined) throw new UsageError(t(lang, '{0} is an option of import, not of {1}', '--out-dir', command));
    if (command === 'render') {
      // check's options mean nothing here: say so rather than ignore them
      const foreign = [
        ['--fix', values.fix], ['--max-warnings', values['max-warnings'] !== undefined],
        ['--rule', values.rule !== undefined], ['--no-cross-year', values['no-cross-year']], ['--deadline', values.deadline !== undefined],
      ].find(([, given]) => given);
      if (foreign) throw new UsageError(t(lang, '{0} is an option of check, not of render', String(foreign[0])));
      if (paths.length !== 1) throw new UsageError(paths.length === 0 ? t(lang, 'no FILE given') : t(lang, 'render takes one FILE, not {0}', paths.length));
      if (values.output === '') throw new UsageError(t(lang, '-o needs a file name'));
      // its HTML needs no escaping here: the renderer writes no control character (U+FFFD in their place)
      const format = values.format ?? 'html';
      if (!(RENDER_FORMATS as readonly string[]).includes(format)) throw new UsageError(t(lang, '--format of render must be html, docx or pdf, not "{0}"', format));
      if (values['pdf-converter'] !== undefined && format !== 'pdf') throw new UsageError(t(lang, '--pdf-converter goes with --format pdf'));
      if (values['pdf-converter'] === '') throw new UsageError(t(lang, '--pdf-converter needs a path'));
      return await renderCommand(paths[0]!, {
        format: format as RenderFormat, force: values.force ?? false,
        ...(values.output !== undefined ? { output: values.output } : {}),
        ...(values['pdf-converter'] ? { pdfConverter: values['pdf-converter'] } : {}),
      }, lang, io);
    }
    const renderOnly = [['--force', values.force], ['--pdf-converter', values['pdf-converter'] !== undefined]].find(([, given]) => given);
    if (renderOnly) throw new UsageError(t(lang, '{0} is an option of render, not of check', String(renderOnly[0])));
    if (paths.length === 0) throw new UsageError(t(lang, 'no PATH given'));
    const format = values.format ?? 'stylish';
    if (!isFormat(format)) throw new UsageError(t(lang, '--format must be stylish, json, sarif or html, not "{0}"', String(format)));
    if (values.output !== undefined && format === 'stylish') throw new UsageError(t(lang, '-o/--output writes the json, sarif or html format, not stylish'));
    if (values.output === '') throw new UsageError(t(lang, '-o needs a file name'));
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
    const deadlines: Record<string, string> = {};
    for (const d of values.deadline ?? []) {
      const m = /^(department|government|township)=(\d{2}-\d{2})$/.exec(d);
      if (!m || Object.keys(parseLocalDeadlines({ [m[1]!]: m[2] })).length === 0) {
        throw new UsageError(t(lang, '--deadline takes KIND=MM-DD with KIND department, government or township and a real day, not "{0}"', d));
      }
      deadlines[m[1]!] = m[2]!;
    }
    const options: CheckOptions = {
      lang, fix: values.fix ?? false, severities, crossYear: !values['no-cross-year'], named: paths.map((p) => path.resolve(p)),
      deadlines: parseLocalDeadlines(Object.fromEntries(Object.entries(deadlines).map(([k, date]) => [k, { date, rule: `--deadline ${k}=${date}` }]))),
    };

    const { files, errors, empty } = collectFiles(paths);
    // the output must not replace a report being checked (`-o report.govreport.yaml`, or a link to it)
    const clobbered = values.output === undefined ? undefined : files.find((f) => sameFile(f, values.output!));
    if (clobbered !== undefined) {
      io.stderr(`govreport: ${t(lang, 'cannot write {0}: it is one of the reports being checked; choose another file name', printable(values.output!))}\n`);
      return 2;
    }
    // a progress line on a terminal, unless a machine format goes to the same terminal's stdout
    const delay = Number(io.env.GOVREPORT_PROGRESS_DELAY_MS ?? DELAY_MS);
    // the raw stderr: the line's own \r and erase-line must reach the terminal (it holds no report text)
    const progress = progressLine(!!io.stderrIsTTY && (format === 'stylish' || values.output !== undefined), lang, rawIo.stderr, Number.isFinite(delay) && delay >= 0 ? delay : DELAY_MS);
    // GOVREPORT_THREADS: how many threads check files (default: see pool.ts); the tests set it to run the workers on few files
    const threads = /^\d+$/.test(io.env.GOVREPORT_THREADS ?? '') ? Number(io.env.GOVREPORT_THREADS) : undefined;
    const run = await checkAll(files, options, { onProgress: progress.update, ...(threads === undefined ? {} : { threads }) });
    progress.clear();
    const ioErrors = [...errors, ...run.checked.map((c) => c.result).filter((r) => r.ioError)];
    for (const e of ioErrors) {
      const [file, why] = [printable(e.filePath), printable(e.ioError!)];
      const line = options.fix && !errors.includes(e) ? t(lang, 'cannot read or write {0}: {1}', file, why) : t(lang, 'cannot read {0}: {1}', file, why);
      io.stderr(`govreport: ${line}\n`);
    }
    for (const folder of empty) io.stderr(`govreport: ${t(lang, 'no *.govreport.yaml or *.govreport.yml file in {0}', printable(folder))}\n`);

    const checked = run.checked.filter((c) => !c.result.ioError);
    // each file's across-years findings are worded as it is written, and counted for the exit code there
    let errorCount = 0;
    let warningCount = 0;
    const complete = (c: Checked): Checked => {
      const full = run.complete(c);
      errorCount += full.result.errorCount;
      warningCount += full.result.warningCount;
      return full;
    };
    if (format === 'stylish') {
      const out = buffered(io.stdout, 64 * 1024);
      writeStylish(lazily(checked, (c) => complete(c).result), io.isTTY && !io.env.NO_COLOR, lang, out.write);
      out.flush();
    } else if (!writeOutput(format, values.output, { checked, complete, ioErrors, options, lang, io })) return 2;
    if (ioErrors.length > 0 || empty.length > 0) return 2;
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

/** Writes the json, sarif or html output to stdout or to `-o OUT`; false (and a message) when OUT cannot be written. */
function writeOutput(
  format: Exclude<Format, 'stylish'>, output: string | undefined,
  run: { checked: Checked[]; complete: (c: Checked) => Checked; ioErrors: FileResult[]; options: CheckOptions; lang: Lang; io: CliIo },
): boolean {
  const { checked, complete, ioErrors, options, lang, io } = run;
  try {
    if (format === 'html') {
      const review = { lang, severities: options.severities, css: readStylesheet(), read: (f: string) => readForReview(f, lang), complete };
      if (output === undefined) writeReviewPage(checked, ioErrors, review, io.stdout);
      else writeFileAtomic(output, (write) => writeReviewPage(checked, ioErrors, review, write), lang);
      return true;
    }
    // file by file, never the whole output as one string (tens of MB for a province)
    const produce = (write: (s: string) => void) => {
      if (format === 'sarif') writeSarif(lazily(checked, complete), ioErrors, { lang, severities: options.severities }, write);
      else writeJson(lazily(checked, (c) => complete(c).result), write);
    };
    if (output === undefined) {
      const out = buffered(io.stdout, 64 * 1024);
      produce(out.write);
      out.flush();
    } else writeFileAtomic(output, produce, lang);
    return true;
  } catch (e) {
    io.stderr(`govreport: ${t(lang, 'cannot write {0}: {1}', output ?? '-', ioMessage(e))}\n`);
    return false;
  }
}

/** `items` mapped one at a time, as they are read (each file completed when its turn comes). */
function* lazily<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}

/** The results as ESLint's JSON formatter writes them (JSON.stringify of the array), one file at a time. */
function writeJson(results: Iterable<FileResult>, write: (s: string) => void): void {
  let first = true;
  for (const r of results) {
    write(`${first ? '[' : ','}${printableJson(JSON.stringify(r))}`);
    first = false;
  }
  write(first ? '[]\n' : ']\n');
}

/** A report as check read it (same limits and decoding), for the review page's second look. */
function readForReview(file: string, lang: Lang): string {
  const read = readReportFileSync(file, { maxBytes: DEFAULT_MAX_BYTES, lang });
  if (!read.ok) throw new Error(read.message);
  return read.decoded.text;
}

const FORMATS = ['stylish', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (f: string): f is Format => (FORMATS as readonly string[]).includes(f);

/** Runs the CLI in this process (the `govreport` bin calls this). */
export function run(): void {
  // a failed write of the output (`> /dev/full`, a closed pipe) is an I/O error: exit 2
  const stdout = checkedOutput(process.stdout);
  main(process.argv.slice(2), {
    stdout: stdout.write,
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
  }).then(async (code) => {
    const failed = await stdout.finish();
    if (failed) {
      // EPIPE: the reader is gone (`| head`); nobody is left to tell
      const lang = langFromLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG, 'zh');
      if (failed.code !== 'EPIPE') process.stderr.write(`govreport: ${t(lang, 'cannot write the output: {0}', ioMessage(failed))}\n`);
      process.exitCode = 2;
    } else process.exitCode = code;
  });
}

if (isMainThread && require.main === module) run();
