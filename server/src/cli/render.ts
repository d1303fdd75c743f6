/** `govreport render`: one report as the official document (standalone HTML). */
import * as fs from 'node:fs';
import { analyze, renderStandalone, RuleCode, t, type Lang } from '../core';
import { ioMessage, readStylesheet, writeFileAtomic } from '../node';
import type { CliIo } from './main';

/** `govreport render FILE [-o OUT]`: the standalone HTML of one report. */
export function renderCommand(file: string, output: string | undefined, lang: Lang, io: CliIo): number {
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
