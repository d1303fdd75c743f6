/** The command line's paths expanded into report files (folders searched recursively). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPORT_FILE, ioMessage } from '../node';
import { emptyResult, type FileResult } from './results';

/**
 * Expands the command line's paths into report files; unreadable paths become I/O errors, and folders
 * holding no report are listed in `empty` (the CLI says so and exits 2, as ESLint does for a pattern
 * that matches no file: a typo in a path must not pass as "no problems").
 */
export function collectFiles(inputs: readonly string[]): { files: string[]; errors: FileResult[]; empty: string[] } {
  const files = new Set<string>();
  const errors: FileResult[] = [];
  const empty: string[] = [];
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
      // anything else with a report's name is listed, so that reading says what it is (a link to a
      // device, a FIFO) instead of passing it over in silence; only regular files are read
      else if (REPORT_FILE.test(entry.name)) files.add(full);
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
    if (stat.isDirectory()) {
      const before = files.size;
      const errorsBefore = errors.length;
      walk(full);
      if (files.size === before && errors.length === errorsBefore) empty.push(full);
    } else files.add(full); // a file named on the command line is checked whatever its name
  }
  return { files: [...files].sort(), errors, empty };
}
