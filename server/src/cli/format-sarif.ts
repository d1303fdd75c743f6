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
import type { CliMessage, FileResult } from './results';

export interface SarifOptions {
  lang: Lang;
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  /** Files under this folder get relative URIs against `%SRCROOT%` (what code scanning expects); default: the working folder. */
  root?: string;
}

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

/** The SARIF log of a check run, as a JSON value. `ioErrors`: files that could not be read (tool notifications). */
export function sarifLog(checked: readonly Checked[], ioErrors: readonly FileResult[], options: SarifOptions): object {
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

  const results: object[] = [];
  for (const c of checked) {
    if (c.result.ioError) continue;
    // the across-years findings, by message text and position (addCrossYear adds both at once)
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
  }

  return {
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
      results,
    }],
  };
}

/** Markdown → readable plain text (SARIF's `help.text` is shown where Markdown is not rendered). */
function plainText(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}
