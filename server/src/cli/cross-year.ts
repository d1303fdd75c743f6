/**
 * The across-years rules over the files `govreport check` checked together: `duplicate-report` for
 * files sharing an agency and year, `copied-text` between different agencies of the same year, and
 * each file against last year's report of its agency when exactly one file holds it (two would make
 * "last year's" ambiguous; `duplicate-report` already names them).
 *
 * What a run holds per report until the output is written is what these rules need, and no more:
 * files compared with another year or a duplicate keep their facts; files compared only with other
 * agencies of their year keep their texts as rows of a TextTable (gather), no object of their own.
 * The across-agency copies are found for all files at once and kept unworded; each file's findings
 * are worded when `complete` asks for them, as the output is written.
 */
import {
  agencyBase, compareYears, copiesAmong, copyFindings, duplicateReportOf, findDuplicates, identityKey, otherCopies, sameAgency,
  type CopyFinding, type CrossYearOptions, type ReportDiagnostic, type TextFacts, RuleCode,
} from '../core';
import { positionIn, shinglesAgain, type CheckOptions, type Checked, type CrossYearFinding, type FetchShingles, type ShinglesRequest, type YearEntry } from './check';
import { addMessage, type FileResult } from './results';
import { TextTable } from './text-table';

type WithYear = Checked & { year: YearEntry };

/** The across-years findings of the files checked together, worded one file at a time (see `crossYear`). */
export interface CrossYear {
  /**
   * `c` with its across-years findings: a new result (its messages and theirs in one order, the counts
   * with theirs) and `crossYear`; `c` itself when it has none. The same findings however often asked.
   */
  complete(c: Checked): Checked;
}

/**
 * Takes what the across-years rules need of the file at `place` (its index among the files) as it
 * arrives: its sketched texts into `table`; a file that needs its texts only (YearEntry.textsOnly)
 * lets its facts object go, keeping its identity and the positions of its texts.
 */
export function gather(table: TextTable, place: number, c: Checked): void {
  if (!c.year) return;
  const { facts, positions } = c.year;
  table.add(place, { file: c.result.filePath, agency: facts.agency, year: facts.year }, facts.texts);
  if (!c.year.textsOnly) return;
  c.identity = { agency: facts.agency, year: facts.year };
  c.inTable = { positions };
  delete c.year;
}

/**
 * The across-years rules among `checked` (whose texts `table` holds, see gather). The texts' bigrams
 * are fetched (`fetchShingles`: by default read again on this thread) only for the texts compared
 * that are not the same: the rules run once without them, which names every such text, and (those
 * that need bigrams) again with them.
 */
export async function crossYear(checked: readonly Checked[], table: TextTable, options: CheckOptions, fetchShingles?: FetchShingles): Promise<CrossYear> {
  const index = crossYearIndex(checked, options);
  const missingTexts = new Set<TextFacts>();
  const missingRows = new Set<number>();
  const copiesNow = () => {
    if (options.severities[RuleCode.CopiedText] === 'off') return new Map<string, Copy[]>();
    const view = table.inOrder((row) => missingRows.add(row));
    const out = new Map<string, Copy[]>();
    for (const [file, copies] of copiesAmong(view.texts, view.reports, ruleOptions(options))) {
      out.set(file, copies.map((c) => ({ row: view.rowOf(c.text), other: c.other, otherRow: view.rowOf(c.otherText), similarity: c.similarity })));
    }
    return out;
  };
  let copies = copiesNow();
  // last year's comparison needs bigrams too: a dry run names them (its findings are worded again later)
  for (const c of index.withYear) index.againstLastYear(c, (text) => missingTexts.add(text));
  if (missingRows.size > 0 || missingTexts.size > 0) {
    // one request per file, its texts by their place in its facts' texts
    const wanted = new Map<string, Map<number, { digest: number; length: number }>>();
    const want = (file: string, at: number, text: { digest: number; length: number }) => {
      let texts = wanted.get(file);
      if (!texts) wanted.set(file, texts = new Map());
      texts.set(at, { digest: text.digest, length: text.length });
    };
    for (const row of missingRows) {
      const text = table.text(row);
      want(table.file(text.place)!.file, text.index, text);
    }
    for (const c of index.withYear) c.year.facts.texts.forEach((text, at) => { if (missingTexts.has(text)) want(c.result.filePath, at, text); });
    const requests: ShinglesRequest[] = [...wanted].map(([file, texts]) => ({
      file, texts: [...texts].sort((a, b) => a[0] - b[0]).map(([at, t]) => ({ index: at, ...t })),
    }));
    const got = await (fetchShingles ?? (async (rs: ShinglesRequest[]) => rs.map((r) => shinglesAgain(r, options))))(requests);
    requests.forEach((request, i) => request.texts.forEach((text, k) => {
      const shingles = got[i]?.[k];
      if (!shingles) return;
      table.setShingles(request.file, text.index, shingles);
      const facts = index.byFile.get(request.file)?.year.facts;
      if (facts?.texts[text.index]) facts.texts[text.index]!.shingles = shingles;
    }));
    // no pair is compared now that was not before (a pair without bigrams counted as unlike)
    if (missingRows.size > 0) copies = copiesNow();
  }
  const positionsOf = new Map<string, Int32Array>();
  for (const c of checked) {
    const positions = c.year?.positions ?? c.inTable?.positions;
    if (positions) positionsOf.set(c.result.filePath, positions);
  }
  return { complete: (c) => completed(c, { index, table, copies, positionsOf }, options) };
}

/** A copy across agencies, by the text table's rows; `other`: the other file's place. */
interface Copy { row: number; other: number; otherRow: number; similarity: number }

const ruleOptions = (options: CheckOptions, missingShingles?: (text: TextFacts) => void): CrossYearOptions =>
  ({ lang: options.lang, severities: options.severities, ...(missingShingles ? { missingShingles } : {}) });

/** `c` with its across-years findings (see CrossYear.complete). */
function completed(
  c: Checked, run: { index: CrossYearIndex; table: TextTable; copies: Map<string, Copy[]>; positionsOf: Map<string, Int32Array> }, options: CheckOptions,
): Checked {
  const { index, table, copies, positionsOf } = run;
  const file = c.result.filePath;
  const positions = positionsOf.get(file);
  if (!positions) return c;
  const found: ReportDiagnostic[] = [];
  const mine = copies.get(file);
  if (mine) {
    found.push(...copyFindings(mine.map((copy): CopyFinding => {
      const text = table.text(copy.row);
      const other = table.text(copy.otherRow);
      const them = table.file(copy.other)!;
      return { text, other: { file: them.file, agency: them.agency, year: them.year, label: other.label, range: other.range }, similarity: copy.similarity };
    }), ruleOptions(options)));
  }
  if (c.year) {
    const { facts } = c.year;
    const group = index.duplicates.get(file);
    if (group) {
      const named = otherCopies(group, file);
      const d = duplicateReportOf(facts, named.map((f) => ({ file: f, facts: index.byFile.get(f)?.year.facts })), ruleOptions(options), group.length - 1);
      if (d) found.push(d);
    }
    found.push(...index.againstLastYear(c as WithYear));
  }
  if (found.length === 0) return c;
  const result: FileResult = { ...c.result, messages: [...c.result.messages] };
  const findings: CrossYearFinding[] = [];
  for (const d of found) {
    addMessage(result, d, positionIn(positions, d.range.start), positionIn(positions, d.range.end));
    findings.push({
      // what the review page marks and SARIF matches (its related locations are in `related`)
      diagnostic: { code: d.code, severity: d.severity, message: d.message, range: d.range },
      related: (d.related ?? []).map((r) => {
        const other = r.file ?? file;
        const where = positionsOf.get(other) ?? positions;
        const start = positionIn(where, r.range.start);
        const end = positionIn(where, r.range.end);
        return { filePath: other, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, message: r.message };
      }),
    });
  }
  // one order for all messages, as analyze gives them (stable: equal positions keep theirs)
  result.messages.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn);
  return { ...c, result, crossYear: findings };
}

interface CrossYearIndex {
  /** The files that kept their facts (a neighbour year or a duplicate). */
  withYear: readonly WithYear[];
  byFile: ReadonlyMap<string, WithYear>;
  duplicates: ReadonlyMap<string, readonly string[]>;
  /** The file against last year's report of its agency, when exactly one file holds it. */
  againstLastYear(c: WithYear, missingShingles?: (text: TextFacts) => void): ReportDiagnostic[];
}

/** How the files that kept their facts pair across years: by agency and year, by agency base name, duplicates. */
function crossYearIndex(checked: readonly Checked[], options: CheckOptions): CrossYearIndex {
  const withYear = checked.filter((c): c is WithYear => c.year !== undefined);
  const byFile = new Map(withYear.map((c) => [c.result.filePath, c]));
  const byIdentity = new Map<string, WithYear[]>();
  for (const c of withYear) {
    const k = identityKey(c.year.facts);
    const group = byIdentity.get(k);
    if (group) group.push(c);
    else byIdentity.set(k, [c]);
  }
  // last year's report under a name with more or fewer higher administrative levels (洪泽区人民政府 ↔ 淮安市洪泽区人民政府)
  const byBase = new Map<string, WithYear[]>();
  for (const c of withYear) {
    const k = `${c.year.facts.year}\u0000${agencyBase(c.year.facts.agency)}`;
    const group = byBase.get(k);
    if (group) group.push(c);
    else byBase.set(k, [c]);
  }
  const lastYearOf = (facts: { agency: string; year: number }) => {
    const exact = byIdentity.get(identityKey({ agency: facts.agency, year: facts.year - 1 }));
    if (exact) return exact;
    return byBase.get(`${facts.year - 1}\u0000${agencyBase(facts.agency)}`)?.filter((p) => sameAgency(p.year.facts.agency, facts.agency));
  };
  return {
    withYear,
    byFile,
    duplicates: findDuplicates(withYear.map((c) => ({ file: c.result.filePath, data: c.year.facts }))),
    againstLastYear: (c, missingShingles) => {
      const previous = lastYearOf(c.year.facts);
      return previous?.length === 1
        ? compareYears(c.year.facts, { file: previous[0]!.result.filePath, facts: previous[0]!.year.facts }, ruleOptions(options, missingShingles))
        : [];
    },
  };
}
