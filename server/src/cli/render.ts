/** `govreport render`: one report as the official document (standalone HTML). */
import { analyze, DEFAULT_MAX_BYTES, renderStandalone, RuleCode, t, type Lang } from '../core';
import { ioMessage, readReportFileSync, readStylesheet, sameFile, writeFileAtomic } from '../node';
import type { CliIo } from './main';

/** `govreport render FILE [-o OUT]`: the standalone HTML of one report. */
export function renderCommand(file: string, output: string | undefined, lang: Lang, io: CliIo): number {
  // regular files only, at most the size limit, decoded strictly (as check reads them)
  const read = readReportFileSync(file, { maxBytes: DEFAULT_MAX_BYTES, lang });
  if (!read.ok) {
    io.stderr(`govreport: ${t(lang, 'cannot read {0}: {1}', file, read.message)}\n`);
    return 2;
  }
  if (output !== undefined && sameFile(file, output)) {
    io.stderr(`govreport: ${t(lang, 'cannot write {0}: it is the report being rendered; choose another file name', output)}\n`);
    return 2;
  }
  let css: string;
  try {
    css = readStylesheet();
  } catch (e) {
    io.stderr(`govreport: ${t(lang, 'cannot read the stylesheet media/report.css: {0}', ioMessage(e))}\n`);
    return 2;
  }
  const analysis = analyze(read.decoded.text, { lang });
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
      writeFileAtomic(output, rendered.html, lang);
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
