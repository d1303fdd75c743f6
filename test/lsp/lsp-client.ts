// A minimal LSP client for the protocol tests: spawns `node dist/server.js --stdio`, talks JSON-RPC
// over the child's stdin/stdout (vscode-jsonrpc through vscode-languageserver-protocol/node), records
// every `textDocument/publishDiagnostics`, answers `workspace/configuration` from a settings object
// the test controls, and always kills the child again (dispose, or process exit as a last resort).
//
// Waiting is event driven: `waitFor` re-checks its probe whenever a message arrives or the process
// exits (plus a short poll as a fallback) and fails with a description of the state after a timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionRequest, ConfigurationRequest, createMessageConnection, DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification,
  PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type CodeAction, type CodeActionParams, type Command, type Diagnostic, type InitializeParams,
  type InitializeResult, type MessageConnection, type Position, type PublishDiagnosticsParams, type Range,
  type TextDocumentContentChangeEvent, type TextEdit,
} from 'vscode-languageserver-protocol/node';

/** out/test/lsp -> repository root */
export const ROOT = path.resolve(__dirname, '../../..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const EXAMPLE = path.join(ROOT, 'test', 'fixtures', 'taierzhuang-minzheng-2023.govreport.yaml');

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface Settings {
  govreport?: {
    rules?: Record<string, string>;
    inlayHints?: { columnLabels?: boolean; expectedTotals?: boolean };
    copiedText?: { threshold?: number };
    validate?: { workspace?: boolean };
  };
}

export interface ClientOptions {
  /** Advertise `workspace.configuration` (the server then pulls settings). */
  pullConfiguration: boolean;
  locale?: string;
  initializationOptions?: unknown;
  settings?: Settings;
  /** `rootUri` of initialize (default null). */
  rootUri?: string | null;
  /** `workspaceFolders` of initialize (default null). */
  workspaceFolders?: { uri: string; name: string }[] | null;
}

/** A notification other than publishDiagnostics / logMessage, e.g. `govreport/checkWorkspaceProgress`. */
export interface ReceivedNotification {
  method: string;
  params: unknown;
  /** order of arrival, over all notifications */
  seq: number;
}

export interface Publication extends PublishDiagnosticsParams {
  /** order of arrival, over all URIs */
  seq: number;
}

const live = new Set<ChildProcess>();
// last resort: never leave a server behind, even if a test forgets to dispose or the runner bails out
process.on('exit', () => {
  for (const p of live) {
    try { p.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly publications: Publication[] = [];
  readonly logs: string[] = [];
  /** methods of server -> client requests other than workspace/configuration */
  readonly otherRequests: string[] = [];
  readonly configurationRequests: unknown[] = [];
  /** other notifications from the server (custom ones such as govreport/checkWorkspaceProgress) */
  readonly notifications: ReceivedNotification[] = [];
  private notificationSeq = 0;
  settings: Settings;
  stderr = '';
  /** undefined while running */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  initializeResult: InitializeResult | undefined;
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private readonly exited: Promise<void>;

  private constructor(readonly options: ClientOptions) {
    this.settings = options.settings ?? {};
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(this.proc);
    this.exited = new Promise<void>((resolve) => {
      this.proc.once('exit', (code, signal) => {
        live.delete(this.proc);
        this.exit = { code, signal };
        this.notify();
        resolve();
      });
    });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (s: string) => { this.stderr += s; });
    // writing to a dead server must not crash the test process
    this.proc.stdin!.on('error', () => undefined);
    const reader = new StreamMessageReader(this.proc.stdout!);
    // A server killed in the middle of a message leaves a partial message in the reader, whose
    // "partial message" warning timer re-arms itself every 10 s forever (dispose does not clear it):
    // the test process would never exit. The warning is of no use here.
    reader.partialMessageTimeout = 0;
    this.conn = createMessageConnection(reader, new StreamMessageWriter(this.proc.stdin!));
    this.conn.onError(() => undefined);
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publications.push({ ...p, seq: this.seq++ });
      this.notify();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.notify();
    });
    this.conn.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params, seq: this.notificationSeq++ });
      this.notify();
    });
    this.conn.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params);
      this.notify();
      return params.items.map((item) => {
        if (item.section === 'govreport') return structuredClone(this.settings.govreport ?? {});
        if (item.section === undefined) return structuredClone(this.settings);
        return null;
      });
    });
    this.conn.onRequest((method) => {
      this.otherRequests.push(method);
      return null;
    });
    this.conn.listen();
  }

  static async start(options: ClientOptions): Promise<LspClient> {
    const client = new LspClient(options);
    try {
      const params: InitializeParams = {
        processId: process.pid,
        rootUri: options.rootUri ?? null,
        workspaceFolders: options.workspaceFolders ?? null,
        ...(options.locale ? { locale: options.locale } : {}),
        ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
        capabilities: {
          workspace: {
            configuration: options.pullConfiguration,
            didChangeConfiguration: { dynamicRegistration: false },
          },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
              isPreferredSupport: true,
            },
          },
        },
      };
      if (!options.pullConfiguration) delete params.capabilities.workspace!.configuration;
      client.initializeResult = await client.request(InitializeRequest.method, params);
      await client.conn.sendNotification(InitializedNotification.type, {});
    } catch (e) {
      await client.dispose();
      throw e;
    }
    return client;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Sends a request; fails when the server does not answer within the timeout or exits first. */
  async request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    const answer = this.conn.sendRequest(method, params) as Promise<R>;
    answer.catch(() => undefined);
    return this.waitFor(`an answer to ${method}`, () => undefined, timeoutMs, answer);
  }

  /**
   * Resolves with the first truthy result of `probe` (or with `racing` when it settles first);
   * rejects after `timeoutMs`, or when the server exits while nothing was found.
   */
  waitFor<T>(what: string, probe: () => T | undefined | false | null, timeoutMs = DEFAULT_TIMEOUT_MS, racing?: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(check);
        f();
      };
      const check = () => {
        let v: T | undefined | false | null;
        try {
          v = probe();
        } catch (e) {
          finish(() => reject(e));
          return;
        }
        if (v !== undefined && v !== false && v !== null) finish(() => resolve(v as T));
        else if (!this.alive) finish(() => reject(new Error(`server exited (${JSON.stringify(this.exit)}) while waiting for ${what}; ${this.state()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.state()}`))), timeoutMs);
      const poll = setInterval(check, 25);
      this.listeners.add(check);
      racing?.then((v) => finish(() => resolve(v)), (e) => finish(() => reject(e)));
      check();
    });
  }

  /** A short description of what the client has seen, for failure messages. */
  state(): string {
    const last = this.publications.slice(-5).map((p) => `${p.uri}@v${p.version}: [${p.diagnostics.map((d) => d.code).join(', ')}]`);
    return `last publications: ${last.join(' | ') || 'none'}; logs: ${this.logs.slice(-3).join(' | ') || 'none'}; stderr: ${this.stderr.slice(-500) || 'none'}`;
  }

  publicationsFor(uri: string): Publication[] {
    return this.publications.filter((p) => p.uri === uri);
  }

  /** Waits for a publication for `uri` arriving after `afterSeq` that satisfies `accept`. */
  waitForPublication(uri: string, accept: (p: Publication) => boolean, what: string, afterSeq = -1, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Publication> {
    return this.waitFor(what, () => this.publications.find((p) => p.seq > afterSeq && p.uri === uri && accept(p)), timeoutMs);
  }

  /** Waits for the diagnostics of `uri` published with exactly `version`. */
  waitForVersion(uri: string, version: number, afterSeq = -1): Promise<Publication> {
    return this.waitForPublication(uri, (p) => p.version === version, `diagnostics for ${path.basename(uri)} version ${version}`, afterSeq);
  }

  get lastSeq(): number {
    return this.seq - 1;
  }

  open(uri: string, text: string, version = 1, languageId = 'govreport'): Promise<void> {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** `workspace/didChangeWatchedFiles` (type: 1 created, 2 changed, 3 deleted). */
  changeWatchedFiles(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  changeConfiguration(settings: unknown): Promise<void> {
    return this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  codeActions(params: CodeActionParams): Promise<(Command | CodeAction)[] | null> {
    return this.request(CodeActionRequest.method, params);
  }

  async shutdownAndExit(): Promise<void> {
    await this.request(ShutdownRequest.method, undefined);
    await this.conn.sendNotification(ExitNotification.type);
  }

  /** Resolves when the server process has exited (fails after the timeout). */
  waitForExit(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.waitFor('the server process to exit', () => this.exit, timeoutMs);
  }

  /** Kills the server if it still runs and waits until it is gone. Safe to call twice. */
  async dispose(): Promise<void> {
    try { this.conn.dispose(); } catch { /* already disposed */ }
    if (this.alive) this.proc.kill('SIGKILL');
    await this.exited;
    this.proc.stdout?.destroy();
    this.proc.stderr?.destroy();
    this.proc.stdin?.destroy();
  }
}

// ------------------------------------------------------------------------------------ text edits

/** Offsets where LSP lines start (`\r\n`, `\n` and `\r` end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) { starts.push(i + 2); i++; } else if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

export function offsetAt(text: string, pos: Position): number {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) return text.length;
  const start = starts[pos.line]!;
  const next = pos.line + 1 < starts.length ? starts[pos.line + 1]! : text.length;
  let lineEnd = next;
  if (lineEnd > start && text[lineEnd - 1] === '\n') lineEnd--;
  if (lineEnd > start && text[lineEnd - 1] === '\r') lineEnd--;
  return Math.min(start + pos.character, lineEnd);
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

/** The text of one (0-based) line without its line break. */
export function lineAt(text: string, line: number): string {
  const starts = lineStarts(text);
  return text.slice(starts[line]!, offsetAt(text, { line, character: Number.MAX_SAFE_INTEGER }));
}

export function textIn(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Applies LSP text edits (all relative to `text`, non-overlapping, any order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of resolved) {
    if (e.end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

/** The same edits as didChange content changes: applied one after the other, last position first. */
export function editsAsChanges(edits: readonly TextEdit[]): TextDocumentContentChangeEvent[] {
  return [...edits]
    .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)
    .map((e) => ({ range: e.range, text: e.newText }));
}

export function rangeOf(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** A diagnostic's message, which this server always sends as a plain string. */
export function messageOf(d: Diagnostic): string {
  if (typeof d.message !== 'string') throw new Error(`diagnostic message is not a string: ${JSON.stringify(d.message)}`);
  return d.message;
}

export function showDiagnostics(diags: readonly Diagnostic[]): string {
  return diags.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}(${d.severity}) ${typeof d.message === 'string' ? d.message : JSON.stringify(d.message)}`).join('\n');
}

/**
 * Starts a server, runs `body` with it and always stops it; a failure carries what the client saw.
 * `folder` (a file: URI) opens a workspace folder and pulls configuration, as VS Code does.
 */
export async function withServer(
  options: ClientOptions | (Omit<ClientOptions, 'pullConfiguration'> & { folder: string }),
  body: (client: LspClient) => Promise<void>,
): Promise<void> {
  const client = await LspClient.start(!('folder' in options) ? options : {
    pullConfiguration: true,
    rootUri: options.folder,
    workspaceFolders: [{ uri: options.folder, name: path.basename(fileURLToPath(options.folder)) }],
    ...withoutFolder(options),
  });
  try {
    await body(client);
  } catch (e) {
    if (e instanceof Error && !e.message.includes('last publications:')) e.message += `\n[client state] ${client.state()}`;
    throw e;
  } finally {
    await client.dispose();
  }
}

/** `text` with line `line` (0-based) replaced by `content`. */
export function replaceLine(text: string, line: number, content: string): string {
  const start = offsetAt(text, { line, character: 0 });
  const end = offsetAt(text, { line, character: Number.MAX_SAFE_INTEGER });
  return text.slice(0, start) + content + text.slice(end);
}

let uriCounter = 0;
/** A fresh file URI per document, under test/lsp/<folder>/ (the file does not exist: the server works on the editor's text). */
export function virtualUri(folder: string, name: string): string {
  return pathToFileURL(path.join(ROOT, 'test', 'lsp', folder, `${++uriCounter}-${name}.govreport.yaml`)).href;
}

function withoutFolder<T extends { folder: string }>(options: T): Omit<T, 'folder'> {
  const { folder: _folder, ...rest } = options;
  return rest;
}
