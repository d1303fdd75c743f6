/**
 * SARIF 2.1.0 (OASIS), so that code-scanning services and editors' SARIF viewers read the findings:
 * one run, the rule table as the driver's rules (short description from the rule table, help from
 * docs/rules.md embedded at build time), one result per message with its region (1-based lines and
 * columns in UTF-16 code units, as the CLI's messages are), and the across-years findings' other
 * files as related locations.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, ruleSummary, type Lang, type RuleCode, type Severity, type SeveritySetting } from '../core';
import ruleDocs from '../core/generated/rule-docs';
import { VERSION } from '../node';
import type { Checked, CliLocation } from './check';
import { printableJson } from './printable';
import type { CliMessage, FileResult } from './results';

export interface SarifOptions {
  lang: Lang;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  /** Files under this folder get relative URIs against `%SRCROOT%` (what code scanning expects); default: the working folder. */
  root?: string;
}

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Writes the SARIF log of a check run (JSON, indented by 2, as JSON.stringify would write it whole),
 * one file's results at a time: the log of 20,000 reports is never one string. `ioErrors`: files
 * that could not be read (tool notifications). Each piece is made printable (see printableJson).
 */
export function writeSarif(checked: Iterable<Checked>, ioErrors: readonly FileResult[], options: SarifOptions, write: (s: string) => void): void {
  const root = path.resolve(options.root ?? process.cwd());
  const ruleIndex = new Map(RULES.map((r, i) => [r.code as string, i]));
  const levelOf = (ruleId: string, m: CliMessage): Level => {
    const rule = RULES[ruleIndex.get(ruleId) ?? -1];
    const setting = rule && options.severities[rule.code];
    const severity = setting && setting !== 'off' ? setting : rule?.severity;
    // the CLI counts info as a warning; SARIF has its own level for it
    return severity ? LEVEL[severity] : m.severity === 2 ? 'error' : 'warning';
  };
  const artifact = (filePath: string) => {
    const rel = path.relative(root, filePath);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel)
      ? { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' }
      : { uri: pathToFileURL(filePath).href };
  };
  const region = (l: { line: number; column: number; endLine: number; endColumn: number }) =>
    ({ startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn });

  const resultsOf = (c: Checked): object[] => {
    const results: object[] = [];
    // the across-years findings, by message text and position (CrossYear.complete adds both at once)
    const related = new Map<string, CliLocation[]>();
    for (const f of c.crossYear ?? []) related.set(`${f.diagnostic.code}\u0000${f.diagnostic.message}`, f.related);
    for (const m of c.result.messages) {
      const others = related.get(`${m.ruleId}\u0000${m.message}`);
      const index = ruleIndex.get(m.ruleId);
      results.push({
        ruleId: m.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: levelOf(m.ruleId, m),
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation: artifact(c.result.filePath), region: region(m) } }],
        ...(others && others.length > 0 ? {
          relatedLocations: others.map((o, id) => ({
            id,
            message: { text: o.message },
            physicalLocation: { artifactLocation: artifact(o.filePath), region: region(o) },
          })),
        } : {}),
      });
    }
    return results;
  };

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'GovReport',
          version: VERSION,
          semanticVersion: VERSION,
          language: options.lang === 'zh' ? 'zh-CN' : 'en-US',
          rules: RULES.map((r) => {
            const help = ruleDocs[r.code];
            return {
              id: r.code,
              name: r.code,
              shortDescription: { text: ruleSummary(r.code, options.lang) },
              ...(help ? { help: { text: plainText(help), markdown: help } } : {}),
              defaultConfiguration: { level: LEVEL[r.severity], enabled: true },
              properties: { category: r.category },
            };
          }),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
      invocations: [{
        executionSuccessful: ioErrors.length === 0,
        toolExecutionNotifications: ioErrors.map((e) => ({
          level: 'error',
          message: { text: e.ioError ?? '' },
          locations: [{ physicalLocation: { artifactLocation: artifact(e.filePath) } }],
        })),
      }],
      columnKind: 'utf16CodeUnits',
      results: [RESULTS],
    }],
  };
  // the log around its results, then each result at the depth JSON.stringify(log, null, 2) puts it
  const [head, tail] = JSON.stringify(log, null, 2).split(`[\n${INDENT}${JSON.stringify(RESULTS)}\n${INDENT.slice(2)}]`) as [string, string];
  let first = true;
  for (const c of checked) {
    if (c.result.ioError) continue;
    for (const r of resultsOf(c)) {
      write(printableJson(`${first ? `${head}[\n` : ',\n'}${INDENT}${JSON.stringify(r, null, 2).replace(/\n/g, `\n${INDENT}`)}`));
      first = false;
    }
  }
  write(printableJson(first ? `${head}[]${tail}\n` : `\n${INDENT.slice(2)}]${tail}\n`));
}

/** Where the results stand in the log, while it is written around them. */
const RESULTS = '\u0000results';
/** The indentation of a result: runs[0].results[i] is 4 levels deep. */
const INDENT = ' '.repeat(8);

/** Markdown → readable plain text (SARIF's `help.text` is shown where Markdown is not rendered). */
function plainText(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}
