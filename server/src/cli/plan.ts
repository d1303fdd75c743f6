/**
 * What each file brings to the across-years rules, planned before it is checked: memory must not
 * grow with every file's text fingerprints. So the identities are read first from each file's
 * `agency:` and `year:` lines (core's quickIdentity, a few µs a file, while the workers start);
 * files with a neighbour year or another agency of their year get fingerprints, files with a
 * neighbour or a duplicate keep all their facts, files with only other agencies of their year keep
 * their texts (as rows of the text table: see gather in cross-year.ts), the others their agency and
 * year only. A file the guess got wrong (its parsed identity differs) is looked at again at the end
 * (fillMissing), so the results never depend on the guess.
 */
import * as fs from 'node:fs';
import { agencyBase, identityKey, quickIdentity, RuleCode, type ReportIdentity } from '../core';
import { checkFile, type CheckOptions, type Checked } from './check';

/** Where a report's `agency:` and `year:` lines are looked for (they open the template; a file that has them later gets no guess). */
const HEAD_BYTES = 4096;

/**
 * `texts`: compute the fingerprints; `facts`: keep the across-years facts (else the identity only);
 * `whole`: all of them (a neighbour year or a duplicate), else the texts only (copied-text across
 * agencies reads nothing else: the tables' facts were a third of what a province's run held).
 */
export interface Needs { texts: boolean; facts: boolean; whole: boolean }

/** Reports pair by agency across the higher levels of its name (洪泽区人民政府, 淮安市洪泽区人民政府): keyed by the base name. */
const baseKey = (agency: string, year: number): string => `${year}\u0000${agencyBase(agency)}`;
const neighbours = (id: ReportIdentity): string[] => [baseKey(id.agency, id.year - 1), baseKey(id.agency, id.year + 1)];

/**
 * What each file brings to the across-years rules, by its guessed identity: fingerprints when a report
 * of the year before or after is among the files (and copied-text is on), facts when such a report or
 * another of the same year is. A file without a guess gets neither; fillMissing catches a wrong guess.
 */
export function crossYearPlan(files: readonly string[], options: CheckOptions): (index: number) => Needs {
  if (!options.crossYear) return () => ({ texts: false, facts: false, whole: false });
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
    return id ? needs(id, counts, copied) : { texts: false, facts: false, whole: false };
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
function needs(id: ReportIdentity, counts: Counts, copied: boolean): Needs {
  const paired = neighbours(id).some((k) => counts.byBase.has(k));
  const sameYear = (counts.byYear.get(id.year) ?? 0) > 1;
  const texts = copied && (paired || sameYear);
  const whole = paired || (counts.byIdentity.get(identityKey(id)) ?? 0) > 1;
  return { texts, facts: texts || whole, whole };
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
 * --fix it holds the fixed text), nothing else of that second look is used; `retaken` is told each
 * such file (its place in `out`).
 */
export async function fillMissing(
  out: (Checked | undefined)[], files: readonly string[], options: CheckOptions, retaken: (index: number) => void,
): Promise<void> {
  if (!options.crossYear) return;
  const copied = options.severities[RuleCode.CopiedText] !== 'off';
  const idOf = (c: Checked | undefined): ReportIdentity | undefined => c?.year?.facts ?? c?.identity;
  const counts = countIdentities(out.map(idOf));
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    const id = idOf(c);
    if (!c || !id) continue;
    const need = needs(id, counts, copied);
    // what the file kept: all its facts (`year`), or its texts only (in the text table)
    const kept = c.year ? (c.year.withTexts ? 'whole' : 'whole without texts') : c.inTable ? 'texts' : 'identity';
    if ((!need.facts || kept !== 'identity') && (!need.texts || kept === 'whole' || kept === 'texts') && (!need.whole || kept !== 'texts')) continue;
    const again = await checkFile(files[i]!, { ...options, fix: false }, need.texts);
    if (again?.year && identityKey(again.year.facts) === identityKey(id)) {
      c.year = again.year;
      delete c.identity;
      delete c.inTable;
      retaken(i);
    }
  }
}
