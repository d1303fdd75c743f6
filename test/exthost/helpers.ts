// Shared helpers of the extension-host tests in writing.test.ts and workspace.test.ts (not a test file: index.ts
// only loads *.test.js). Same style as diagnostics.test.ts: results are polled for with waitFor (up to POLL_MS),
// never slept for; every test writes its own files into the workspace folder and cleanUp() removes them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'govreport.govreport';
export const LANGUAGE_ID = 'govreport';
export const SOURCE = 'govreport';
export const EXAMPLE = 'taierzhuang-minzheng-2023.govreport.yaml';
// out/test/exthost/ -> repository root
export const REPO = path.resolve(__dirname, '..', '..', '..');
export const POLL_MS = 20_000;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined/false; fails with `what` and `state()`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>,
  state: () => unknown = () => '', timeoutMs = POLL_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) {
      const s = await state();
      assert.fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}${s === '' ? '' : `; last state: ${typeof s === 'string' ? s : JSON.stringify(s)}`}`);
    }
    await sleep(100);
  }
}

// ------------------------------------------------------------------------------------------------ diagnostics
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return c === undefined ? '' : typeof c === 'object' ? String(c.value) : String(c);
}
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}
export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
export function describe(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return 'no diagnostics';
  return all.map((d) => `${d.source}/${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${rangeText(d.range)} ${d.message}`).join(' | ');
}
export function withCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => codeOf(d) === code);
}
/** Waits until the file has a diagnostic with `code`, returns the first one. */
export function diagnostic(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitFor(`a "${code}" diagnostic on ${path.posix.basename(uri.path)}`,
    () => withCode(uri, code)[0], () => describe(uri));
}

// ------------------------------------------------------------------------------------------------ text
/** Replaces the one occurrence of `from` (fails the test if there is not exactly one). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `not found in the report: ${from}`);
  assert.equal(text.indexOf(from, at + 1), -1, `found more than once in the report: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Range of the index-th number of the flow sequence of `key:` (first line with that key). */
export function cellRange(text: string, key: string, index: number): vscode.Range {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => new RegExp(`^\\s*${key}:\\s*\\[`).test(l));
  assert.ok(line >= 0, `no "${key}: [" row in the report`);
  const open = lines[line].indexOf('[');
  const cells = [...lines[line].slice(open).matchAll(/-?\d+/g)];
  assert.ok(cells.length > index, `row "${key}" has only ${cells.length} numbers`);
  const start = open + cells[index].index!;
  return new vscode.Range(line, start, line, start + cells[index][0].length);
}

/** 0-based number of the first line matching `re`. */
export function lineOf(text: string, re: RegExp): number {
  const line = text.split(/\r?\n/).findIndex((l) => re.test(l));
  assert.ok(line >= 0, `no line matching ${re} in the report`);
  return line;
}

/** Applies text edits to a string (what a WorkspaceEdit would do to the document). */
export function applyTextEdits(text: string, edits: readonly vscode.TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: vscode.Position) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

// ------------------------------------------------------------------------------------------------ workspace
let exampleText = '';
/** The example report (test/fixtures/), as in the repository. */
export function example(): string {
  if (!exampleText) exampleText = fs.readFileSync(path.join(REPO, 'test', 'fixtures', EXAMPLE), 'utf8');
  return exampleText;
}

let counter = 0;
const created: vscode.Uri[] = [];

export function workspaceFolder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the tests need a workspace folder (scripts/vscode-test/run.mjs opens one)');
  return f.uri;
}
/**
 * Writes a report into the workspace folder (removed again by cleanUp). `ownAgency` renames the
 * example's agency to one of its own: a copy under the example's agency and year would be a
 * duplicate-report of the example.
 */
export async function writeReport(text: string, stem = 'exthost', options: { ownAgency?: boolean } = {}): Promise<vscode.Uri> {
  const n = ++counter;
  const uri = vscode.Uri.joinPath(workspaceFolder(), `${stem}-${process.pid}-${n}.govreport.yaml`);
  const content = options.ownAgency ? text.replace(/^agency: 台儿庄区民政局$/m, `agency: 台儿庄区测试局${n}`) : text;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  created.push(uri);
  return uri;
}
/** A file a test made some other way (an export): cleanUp deletes it too. */
export function track(uri: vscode.Uri): vscode.Uri {
  created.push(uri);
  return uri;
}

export async function open(uri: vscode.Uri, show = true): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
/** The workspace's copy of the example report (run.mjs copies test/fixtures/ in); written if missing. */
export async function exampleUri(): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), EXAMPLE);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(example(), 'utf8'));
    created.push(uri);
  }
  return uri;
}

/** Activates the extension and waits for its language server (the API's ready()). */
export async function serverReady(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ ready(): Promise<void> }>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath = repository root?)`);
  const api = await ext.activate();
  await api?.ready?.();
}

/** Closes the untitled editors without saving (no "save changes?" dialog, which would hang the run). */
export async function revertUntitled(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'untitled' && !d.isClosed
      && vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === d.uri.toString())));
    if (!doc) return;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

export async function cleanUp(): Promise<void> {
  await revertUntitled();
  const mine = new Set(created.map((u) => u.toString()));
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && mine.has(doc.uri.toString())) await doc.save(); // no "save changes?" dialog on close
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const uri of created.splice(0)) {
    try { await vscode.workspace.fs.delete(uri, { useTrash: false }); } catch { /* already gone */ }
  }
}
