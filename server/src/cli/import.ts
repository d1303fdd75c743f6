/**
 * `govreport import INPUT... [-o OUT.govreport.yaml | --out-dir DIR] [--force]`: published reports
 * (saved web pages, plain text; DOCX and PDF once their readers exist) → `*.govreport.yaml`.
 * The input kind is told by content (a PDF by `%PDF`, a DOCX by its zip entries, HTML by its markup),
 * not by the extension. The pure readers and the mapper are in core/import; this file reads and
 * writes files. Exit: 0 imported, 1 imported with cells left empty, 2 nothing imported (or I/O, usage).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { t, type Lang } from '../core';
import type { ImportResult } from '../core/import';
import { importer, ioMessage, writeFileAtomic } from '../node';
import { MAX_INPUT_BYTES, readSource } from '../node/import-source';
import type { CliIo } from './main';

export { inputKind, readSource, type InputKind } from '../node/import-source';

/** `report.html` → `report.govreport.yaml` (in `dir`, else beside the input). */
export function outputName(input: string, dir?: string): string {
  const base = path.basename(input).replace(/\.(html?|shtml|xhtml|mht|docx?|wps|pdf|txt|text)$/i, '');
  return path.join(dir ?? path.dirname(input), `${base}.govreport.yaml`);
}

export interface ImportOptionsCli {
  output?: string;
  outDir?: string;
  force: boolean;
  /** The date of import (YYYY-MM-DD) for the header comment. */
  today: string;
}

/** Imports one file in memory (also for `check` over saved pages). */
export async function importFile(file: string, lang: Lang, today: string): Promise<ImportResult> {
  const stat = fs.statSync(file);
  if (stat.size > MAX_INPUT_BYTES) throw new Error(t(lang, 'the file is too large to be a report ({0} MiB)', (stat.size / 1048576).toFixed(1)));
  const bytes = new Uint8Array(fs.readFileSync(file));
  const source = await readSource(bytes, lang);
  return importer().toReport(source, { source: path.basename(file), importedOn: today });
}

export async function importCommand(inputs: readonly string[], options: ImportOptionsCli, lang: Lang, io: CliIo): Promise<number> {
  let worst = 0;
  for (const input of inputs) {
    const code = await importOne(input, options, lang, io);
    worst = Math.max(worst, code);
  }
  return worst;
}

async function importOne(input: string, options: ImportOptionsCli, lang: Lang, io: CliIo): Promise<number> {
  const say = (s: string): void => io.stderr(`govreport: ${s}\n`);
  let result: ImportResult;
  try {
    result = await importFile(input, lang, options.today);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    say(t(lang, 'cannot import {0}: {1}', input, isSystemError(err) ? ioMessage(e) : err.message));
    return 2;
  }
  if (result.sectionsFound === 0) {
    say(t(lang, 'cannot import {0}: no section of an annual report (一、总体情况 … 六、其他需要报告的事项) was found', input));
    return 2;
  }
  const out = options.output ?? outputName(input, options.outDir);
  if (!options.force && fs.existsSync(out)) {
    say(t(lang, '{0} exists; use --force to replace it', out));
    return 2;
  }
  try {
    if (options.outDir !== undefined) fs.mkdirSync(options.outDir, { recursive: true });
    writeFileAtomic(out, importer().writeReportYaml(result));
  } catch (e) {
    say(t(lang, 'cannot write {0}: {1}', out, ioMessage(e)));
    return 2;
  }
  say(t(lang, 'imported {0} → {1} ({2} format)', input, out, result.format));
  for (const note of result.notes) {
    const where = note.at?.line !== undefined ? `:${note.at.line}` : note.at?.page !== undefined ? ` p.${note.at.page}` : '';
    io.stderr(`  ${input}${where}  ${note.path.length > 0 ? note.path.join('.') : '-'}  ${note.message}\n`);
  }
  if (result.cellsLeftEmpty) {
    say(t(lang, '{0}: {1} cells or fields left empty (null): review them in {2}', input, result.emptyCells, out));
    return 1;
  }
  return 0;
}

/** An error of the operating system (ENOENT, EACCES, …), as opposed to one of a reader (not-pdf, no-text-layer). */
export function isSystemError(err: NodeJS.ErrnoException): boolean {
  return typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code);
}
