/**
 * The JSON-RPC rules the language server keeps whatever a client sends, enforced in one place before
 * any handler runs (the connection's message strategy sees every message, in order):
 * - a body that is not JSON gets a -32700 (ParseError) answer, one that is JSON but no message a
 *   -32600 (InvalidRequest), both with `id: null`, and the server reads on (the stream reader of
 *   vscode-jsonrpc only logged them);
 * - a request whose params have the wrong shape (or none) gets -32602 (InvalidParams) naming what is
 *   wrong, instead of a TypeError from inside a handler answered as -32603; a notification with
 *   wrong params is dropped and logged;
 * - after `shutdown` every request gets -32600 (InvalidRequest) and notifications other than `exit`
 *   are dropped, as the LSP specification says;
 * - a `didChange` whose version does not go forward is dropped (applying it would build the text on
 *   an edit the client has since replaced);
 * - `govreport/newReport` takes only an agency kind, a year and an agency the report format allows.
 */
import {
  ErrorCodes, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  createServerPipeTransport, createServerSocketTransport,
  type ConnectionOptions, type Message, type MessageReader, type MessageWriter, type NotificationMessage, type RequestMessage,
} from 'vscode-languageserver/node';
import { reportSchema } from '../core';
import { CheckWorkspaceRequest, ExportRequest, ImportReportRequest, NewReportRequest, RenderRequest } from '../protocol';

/** The method of the stand-in message the reader delivers for a body that is no message. */
const UNREADABLE = '$/govreport/unreadable';

interface Unreadable { code: number; message: string; id: string | number | null }

/** Why `params` do not fit a method, or undefined when they do. */
type Check = (params: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown): boolean => isObject(v) && isUint(v.line) && isUint(v.character);
const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** `params` an object with `textDocument.uri`, then `more`. */
const onDocument = (more?: (p: Record<string, unknown>) => string | undefined): Check => (p) => {
  if (!isObject(p)) return 'params must be an object';
  if (!isObject(p.textDocument) || typeof p.textDocument.uri !== 'string') return 'params.textDocument.uri must be a string';
  return more?.(p);
};
const position = (p: Record<string, unknown>) => (isPosition(p.position) ? undefined : 'params.position must be {line, character}, whole numbers ≥ 0');
const range = (p: Record<string, unknown>) => (isRange(p.range) ? undefined : 'params.range must be {start, end} positions');
const options = (p: Record<string, unknown>) => (isObject(p.options) ? undefined : 'params.options must be an object');

const YEAR = reportSchema.properties!.year as { minimum: number; maximum: number };
const AGENCY_KINDS = (reportSchema.properties!.agency_kind as { enum: readonly string[] }).enum;

const newReport: Check = (p) => {
  if (!isObject(p)) return 'params must be an object {agency, year, kind}';
  if (typeof p.agency !== 'string' || !p.agency.trim()) return 'params.agency must be the name of the agency (text, not empty)';
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(p.agency) || p.agency.length > 200) return 'params.agency must be one line of at most 200 characters';
  if (typeof p.year !== 'number' || !Number.isInteger(p.year) || p.year < YEAR.minimum || p.year > YEAR.maximum) {
    return `params.year must be a whole number from ${YEAR.minimum} to ${YEAR.maximum}, not ${JSON.stringify(p.year) ?? 'undefined'}`;
  }
  if (typeof p.kind !== 'string' || !AGENCY_KINDS.includes(p.kind)) return `params.kind must be one of ${AGENCY_KINDS.join(', ')}, not ${JSON.stringify(p.kind) ?? 'undefined'}`;
  return undefined;
};

/** The requests this server answers, with the shape of their params. */
const REQUESTS: Record<string, Check> = {
  initialize: (p) => (isObject(p) && isObject(p.capabilities) ? undefined : 'params must be an object with capabilities'),
  shutdown: () => undefined,
  'textDocument/hover': onDocument(position),
  'textDocument/completion': onDocument(position),
  'textDocument/codeAction': onDocument((p) => range(p) ?? (isObject(p.context) && Array.isArray(p.context.diagnostics) ? undefined : 'params.context.diagnostics must be a list')),
  'textDocument/inlayHint': onDocument(range),
  'textDocument/documentSymbol': onDocument(),
  'textDocument/foldingRange': onDocument(),
  'textDocument/selectionRange': onDocument((p) => (Array.isArray(p.positions) && p.positions.every(isPosition) ? undefined : 'params.positions must be a list of positions')),
  'textDocument/formatting': onDocument(options),
  'textDocument/rangeFormatting': onDocument((p) => range(p) ?? options(p)),
  [RenderRequest]: (p) => (isObject(p) && typeof p.uri === 'string' && (p.standalone === undefined || typeof p.standalone === 'boolean') ? undefined : 'params must be {uri, standalone?}'),
  [ExportRequest]: (p) => (isObject(p) && typeof p.uri === 'string' && (p.format === 'docx' || p.format === 'pdf')
    && (p.force === undefined || typeof p.force === 'boolean') && (p.pdfConverter === undefined || (typeof p.pdfConverter === 'string' && p.pdfConverter !== ''))
    ? undefined : 'params must be {uri, format: "docx" | "pdf", force?: boolean, pdfConverter?: a path}'),
  [NewReportRequest]: newReport,
  [ImportReportRequest]: (p) => (isObject(p) && typeof p.uri === 'string' && p.uri !== '' && (p.rollOver === undefined || typeof p.rollOver === 'boolean')
    ? undefined : 'params must be {uri: the file to import, rollOver?: boolean}'),
  [CheckWorkspaceRequest]: (p) => (p === undefined || p === null || isObject(p) ? undefined : 'params must be an object'),
};

/** The notifications this server reads, with the shape of their params. */
const NOTIFICATIONS: Record<string, Check> = {
  'textDocument/didOpen': (p) => (isObject(p) && isObject(p.textDocument) && typeof p.textDocument.uri === 'string' && typeof p.textDocument.languageId === 'string'
    && Number.isInteger(p.textDocument.version) && typeof p.textDocument.text === 'string' ? undefined : 'params.textDocument must be {uri, languageId, version, text}'),
  'textDocument/didChange': (p) => (isObject(p) && isObject(p.textDocument) && typeof p.textDocument.uri === 'string' && Number.isInteger(p.textDocument.version)
    && Array.isArray(p.contentChanges) && p.contentChanges.every((c) => isObject(c) && typeof c.text === 'string' && (c.range === undefined || isRange(c.range)))
    ? undefined : 'params must be {textDocument: {uri, version}, contentChanges: [{range?, text}]}'),
  'textDocument/didClose': onDocument(),
  'textDocument/didSave': onDocument(),
  'workspace/didChangeWatchedFiles': (p) => (isObject(p) && Array.isArray(p.changes) && p.changes.every((c) => isObject(c) && typeof c.uri === 'string' && [1, 2, 3].includes(c.type as number))
    ? undefined : 'params.changes must be a list of {uri, type: 1|2|3}'),
  'workspace/didChangeConfiguration': (p) => (isObject(p) ? undefined : 'params must be an object'),
};

/** Whether a parsed body is a JSON-RPC message at all (request, notification or response). */
function isMessage(v: unknown): boolean {
  if (!isObject(v)) return false;
  const idOk = v.id === undefined || v.id === null || typeof v.id === 'string' || typeof v.id === 'number';
  if (typeof v.method === 'string') return idOk && v.id !== null;
  return idOk && v.id !== undefined && ('result' in v || 'error' in v);
}

/** Decodes a body as JSON; a body that is no message becomes an UNREADABLE notification (answered, never dispatched). */
const lenientJson = {
  name: 'application/json',
  decode: async (buffer: Uint8Array, decodeOptions: { charset: string }): Promise<Message> => {
    const unreadable = (params: Unreadable): Message => ({ jsonrpc: '2.0', method: UNREADABLE, params } as NotificationMessage);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder(decodeOptions.charset, { fatal: true }).decode(buffer));
    } catch (e) {
      return unreadable({ code: ErrorCodes.ParseError, message: `Parse error: ${(e as Error).message}`, id: null });
    }
    if (isMessage(value)) return value as Message;
    const id = isObject(value) && (typeof value.id === 'string' || typeof value.id === 'number') ? value.id : null;
    return unreadable({ code: ErrorCodes.InvalidRequest, message: 'Invalid request: not a JSON-RPC request, notification or response', id });
  },
};

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Over stdin/stdout: console output must not reach stdout, and the end of stdin ends the server. */
  stdio: boolean;
}

/** The transport named on the command line (as vscode-languageserver reads it), with the lenient JSON reader on streams. */
export function transportFromArgs(argv: readonly string[] = process.argv.slice(2)): Transport {
  for (let i = 0; i < argv.length; i++) {
    const [name, value = argv[i + 1]] = argv[i]!.split('=');
    if (name === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    if (name === '--stdio') return { reader: new StreamMessageReader(process.stdin, { charset: 'utf-8', contentTypeDecoder: lenientJson }), writer: new StreamMessageWriter(process.stdout), stdio: true };
    if (name === '--socket' && value) {
      const [reader, writer] = createServerSocketTransport(Number.parseInt(value, 10));
      return { reader, writer, stdio: false };
    }
    if (name === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
  }
  throw new Error('Start the server with --stdio, --node-ipc, --socket=PORT or --pipe=NAME');
}

export interface GuardHooks {
  /** The version of an open document, undefined when it is not open. */
  versionOf(uri: string): number | undefined;
  /** Where dropped notifications are reported. */
  log(message: string): void;
}

/** The guard: connection options (its message strategy) and whether `shutdown` has been received. */
export class ProtocolGuard {
  shutdownReceived = false;

  constructor(private readonly writer: MessageWriter, private readonly hooks: GuardHooks) {}

  readonly options: ConnectionOptions = {
    messageStrategy: { handleMessage: (message, next) => this.handle(message, next) },
  };

  private answer(id: string | number | null, code: number, message: string): void {
    void this.writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message).catch(() => undefined);
  }

  private handle(message: Message, next: (message: Message) => void): void {
    const { method, id, params } = message as Partial<RequestMessage>;
    if (method === UNREADABLE) {
      const p = params as Unreadable;
      this.answer(p.id, p.code, p.message);
      return;
    }
    if (typeof method === 'string' && id !== undefined && id !== null) {
      // a request
      if (this.shutdownReceived) {
        this.answer(id, ErrorCodes.InvalidRequest, `Invalid request: ${method} after shutdown`);
        return;
      }
      const problem = REQUESTS[method]?.(params);
      if (problem) {
        this.answer(id, ErrorCodes.InvalidParams, `Invalid params for ${method}: ${problem}`);
        return;
      }
      if (method === 'shutdown') this.shutdownReceived = true;
      // a request that takes no params is called with the cancellation token in their place
      if (method === CheckWorkspaceRequest && (params === undefined || params === null)) {
        next({ ...message, params: {} } as RequestMessage);
        return;
      }
      next(message);
      return;
    }
    if (typeof method === 'string') {
      // a notification
      if (this.shutdownReceived && method !== 'exit') return;
      const problem = NOTIFICATIONS[method]?.(params);
      if (problem) {
        this.hooks.log(`govreport: ${method} ignored: ${problem}`);
        return;
      }
      if (method === 'textDocument/didChange') {
        const { textDocument } = params as { textDocument: { uri: string; version: number } };
        const current = this.hooks.versionOf(textDocument.uri);
        if (current !== undefined && textDocument.version <= current) {
          this.hooks.log(`govreport: didChange of ${textDocument.uri} ignored: version ${textDocument.version} does not follow ${current}`);
          return;
        }
      }
    }
    next(message);
  }
}
