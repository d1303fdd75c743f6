/**
 * The report as PDF, through a converter the machine already has (node side: it runs a program and
 * reads files): LibreOffice turns the DOCX export into PDF (the Word document as filed), or Chromium
 * prints the standalone HTML (the preview's page, with its @page rules). Both give a PDF with a text layer.
 *
 * The converter is an explicit path (CLI `--pdf-converter`, VS Code `govreport.export.pdfConverter`) or
 * the first of the usual programs found on PATH or in the usual install folders; where there is none,
 * the error names what to install.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertExportable, renderDocx, renderStandalone, t, type Analysis, type Lang } from '../core';

export type ConverterKind = 'libreoffice' | 'chromium';

export interface PdfConverter {
  kind: ConverterKind;
  /** The program's path. */
  path: string;
}

export interface PdfOptions {
  lang: Lang;
  /** The stylesheet (media/report.css), for Chromium's HTML. */
  css: string;
  /** A converter's path (soffice, chromium, chrome, msedge…); otherwise one is searched for. */
  converter?: string;
  /** Kills the converter after this long (default two minutes: LibreOffice's first start is slow). */
  timeoutMs?: number;
}

/** The converter cannot be found or fails: the message says what to do, in the requested language. */
export class PdfError extends Error {}

const LIBREOFFICE = ['soffice', 'libreoffice'];
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'msedge', 'chrome'];
/** Where installers put them when they are not on PATH (macOS, Windows). */
const KNOWN_PLACES: readonly PdfConverter[] = [
  { kind: 'libreoffice', path: '/Applications/LibreOffice.app/Contents/MacOS/soffice' },
  { kind: 'libreoffice', path: 'C:\\Program Files\\LibreOffice\\program\\soffice.exe' },
  { kind: 'chromium', path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome' },
  { kind: 'chromium', path: '/Applications/Chromium.app/Contents/MacOS/Chromium' },
  { kind: 'chromium', path: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe' },
  { kind: 'chromium', path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe' },
];

/** What a program is, from its name: LibreOffice's soffice, else a Chromium-based browser. */
export function converterKind(program: string): ConverterKind {
  return /soffice|libreoffice/i.test(path.basename(program)) ? 'libreoffice' : 'chromium';
}

function executable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on PATH (with the Windows extensions), or undefined. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const file = path.join(dir, name + ext);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** The explicit converter, else LibreOffice (the DOCX as filed), else Chromium, on PATH or where installers put them. */
export function findConverter(explicit?: string, env: NodeJS.ProcessEnv = process.env): PdfConverter | undefined {
  if (explicit) return { kind: converterKind(explicit), path: explicit };
  for (const [kind, names] of [['libreoffice', LIBREOFFICE], ['chromium', CHROMIUM]] as const) {
    for (const name of names) {
      const found = onPath(name, env);
      if (found) return { kind, path: found };
    }
    for (const place of KNOWN_PLACES) if (place.kind === kind && executable(place.path)) return place;
  }
  return undefined;
}

/** The report as PDF bytes. Throws PdfError (no converter, it failed) or the core's ExportError (not valid YAML). */
export async function renderPdf(analysis: Analysis, options: PdfOptions): Promise<Uint8Array> {
  const { lang } = options;
  assertExportable(analysis, lang);
  const converter = findConverter(options.converter);
  if (!converter) {
    throw new PdfError(t(lang, 'No PDF converter found. Install LibreOffice (soffice) or Chromium (or Google Chrome, Microsoft Edge), or give the path of one ({0}).', options.converter === undefined ? 'govreport.export.pdfConverter, --pdf-converter' : options.converter));
  }
  if (!executable(converter.path)) throw new PdfError(t(lang, 'The PDF converter {0} does not exist or cannot be run.', converter.path));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-pdf-'));
  try {
    const profile = path.join(dir, 'profile');
    let input: string;
    let args: string[];
    let output: string;
    if (converter.kind === 'libreoffice') {
      input = path.join(dir, 'report.docx');
      fs.writeFileSync(input, await renderDocx(analysis, { lang }));
      output = path.join(dir, 'report.pdf');
      // a fresh profile: no first-start dialogs, and no clash with a LibreOffice the user has open
      args = ['--headless', '--norestore', '--nologo', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', 'pdf', '--outdir', dir, input];
    } else {
      const page = renderStandalone(analysis, { lang, css: options.css });
      input = path.join(dir, 'report.html');
      fs.writeFileSync(input, page.html);
      output = path.join(dir, 'report.pdf');
      args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-extensions', `--user-data-dir=${profile}`, '--no-pdf-header-footer', '--print-to-pdf-no-header',
        `--print-to-pdf=${output}`, pathToFileURL(input).href];
    }
    const run = await runProgram(converter.path, args, options.timeoutMs ?? 120_000);
    if (run.error) throw new PdfError(t(lang, 'The PDF converter {0} could not be started: {1}', converter.path, run.error));
    if (run.timedOut) throw new PdfError(t(lang, 'The PDF converter {0} did not finish within {1} seconds.', converter.path, Number(((options.timeoutMs ?? 120_000) / 1000).toFixed(1))));
    let pdf: Buffer | undefined;
    try {
      pdf = fs.readFileSync(output);
    } catch {
      pdf = undefined;
    }
    if (!pdf || pdf.length < 5 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new PdfError(t(lang, 'The PDF converter {0} made no PDF (exit {1}): {2}', converter.path, String(run.code), run.output.trim().split('\n').slice(-3).join(' ') || '-'));
    }
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
  error?: string;
}

function runProgram(program: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    // its own process group: a timeout kills what it started too (soffice runs soffice.bin, Chromium its helpers)
    const group = process.platform !== 'win32';
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: group });
    const collect = (chunk: Buffer) => { if (output.length < 20_000) output += chunk.toString('utf8'); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: null, output, timedOut, error: e.message }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output, timedOut }); });
  });
}
