/**
 * The report preview (a webview beside or instead of the editor) and "Export HTML", modelled on VS Code's
 * Markdown preview: a preview follows the active report unless locked, survives a window reload, updates
 * live while typing, scrolls with the editor both ways and reveals the source line of a clicked element.
 * Both ask the language server's `govreport/render` (one renderer for preview, export and CLI).
 *
 * Length: the preview panel, its serializer, scroll sync and the export share one panel registry and
 * its lifecycle; they are kept together so that lifecycle is read in one place.
 */
import * as vscode from 'vscode';
import { l10n } from './l10n';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { RenderRequest, type RenderParams, type RenderResult } from '../../server/src/protocol';
import { exportFile, exportHtml, type FileExportOptions } from './export';
import { errorText, fileName } from './uri-files';

const VIEW_TYPE = 'govreport.preview';
const LANGUAGE_ID = 'govreport';
/** Live updates: at most one render request per this many ms while typing. */
const UPDATE_MS = 300;
/**
 * After one side scrolls the other, the other's scroll events within this time are echoes and not sent
 * back (the role of Markdown's `isScrolling` flag, but it cannot get stuck when a reveal scrolls nothing).
 */
const ECHO_MS = 300;

type GetClient = () => LanguageClient | undefined;

/** What the webview keeps with `setState`; the serializer revives a preview from it after a reload. */
interface PreviewState {
  resource?: string;
  locked?: boolean;
  /** The source line at the top of the preview (fractional). */
  line?: number;
}

/** The `.gr-banner`: why the preview is not the current text. */
interface Banner {
  text: string;
  /** The source line of the YAML error: a click on the banner goes there. */
  line?: number;
  /** The renderer's own message (the YAML error), as a tooltip. */
  detail?: string;
}

/** extension → webview */
interface UpdateMessage {
  type: 'update';
  /** The article to show; null keeps the current one (an invalid report keeps the last good rendering). */
  html: string | null;
  /** null hides the banner. */
  banner: Banner | null;
  version: number;
  resource: string;
  locked: boolean;
  /** Scroll to this source line after replacing the content (first rendering of a report). */
  line?: number;
}
type ToWebview = UpdateMessage | { type: 'scroll'; line: number } | { type: 'lock'; locked: boolean; resource: string };

/** webview → extension */
type FromWebview = { type: 'ready' } | { type: 'reveal'; line: number } | { type: 'revealLine'; line: number };

/** Registers the preview commands, the serializer and the exports (HTML here, Word and PDF in ./export) (called from `activate`). */
export function registerPreview(context: vscode.ExtensionContext, getClient: GetClient): void {
  const manager = new PreviewManager(context.extensionUri, getClient);
  context.subscriptions.push(
    manager,
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, manager),
    vscode.commands.registerCommand('govreport.preview', (uri?: unknown) => manager.show(asUri(uri), false)),
    vscode.commands.registerCommand('govreport.previewToSide', (uri?: unknown) => manager.show(asUri(uri), true)),
    vscode.commands.registerCommand('govreport.togglePreviewLock', () => manager.toggleLock()),
    vscode.commands.registerCommand('govreport.exportHtml', (uri?: unknown, options?: FileExportOptions) =>
      exportHtml(getClient, asUri(uri) ?? manager.activeResource(), options ?? {})),
    vscode.commands.registerCommand('govreport.exportDocx', (uri?: unknown, options?: FileExportOptions) =>
      exportFile(getClient, asUri(uri) ?? manager.activeResource(), 'docx', options ?? {})),
    vscode.commands.registerCommand('govreport.exportPdf', (uri?: unknown, options?: FileExportOptions) =>
      exportFile(getClient, asUri(uri) ?? manager.activeResource(), 'pdf', options ?? {})),
  );
}

/** Menus pass the resource, keybindings and the palette pass nothing (or something else). */
function asUri(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri ? arg : undefined;
}

function isReport(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return doc?.languageId === LANGUAGE_ID;
}

function topLine(editor: vscode.TextEditor): number {
  return editor.visibleRanges[0]?.start.line ?? 0;
}

/** Opening the document is what makes the language client send it to the server (didOpen). */
async function render(getClient: GetClient, uri: vscode.Uri, standalone: boolean): Promise<RenderResult> {
  const client = getClient();
  if (!client) throw new Error(l10n.t('The GovReport language server is not running.'));
  await vscode.workspace.openTextDocument(uri);
  const params: RenderParams = standalone ? { uri: uri.toString(), standalone } : { uri: uri.toString() };
  const result = await client.sendRequest<RenderResult | null>(RenderRequest, params);
  // null: the server has neither the open document nor a readable file
  if (!result) throw new Error(l10n.t('{0} could not be read.', fileName(uri)));
  return result;
}

// ------------------------------------------------------------------------------------------------ manager
class PreviewManager implements vscode.WebviewPanelSerializer<PreviewState>, vscode.Disposable {
  private readonly previews = new Set<ReportPreview>();
  /** The preview last focused or opened: the target of "Lock Preview" when no preview has the focus. */
  private lastActive: ReportPreview | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly getClient: GetClient) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !isReport(editor.document)) return;
        for (const p of this.previews) if (!p.locked) p.follow(editor.document.uri, topLine(editor));
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return; // dirty-flag changes only
        for (const p of this.previews) if (p.isPreviewOf(e.document.uri)) p.changed();
      }),
      // a report that becomes govreport after opening (an untitled new report) is not a change of editor
      vscode.workspace.onDidOpenTextDocument((doc) => {
        for (const p of this.previews) if (p.isPreviewOf(doc.uri)) p.changed();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        for (const p of this.previews) if (p.isPreviewOf(e.textEditor.document.uri)) p.editorScrolled(topLine(e.textEditor));
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // the severities change the marks; the client forwards the setting to the server first
        if (e.affectsConfiguration('govreport')) setTimeout(() => this.previews.forEach((p) => p.changed()), 200);
      }),
    );
    const client = getClient();
    if (client) {
      // a restarted server (or one that was still starting) can render what failed meanwhile
      this.disposables.push(client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.previews.forEach((p) => p.changed());
      }));
    }
  }

  dispose(): void {
    for (const p of [...this.previews]) p.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }

  /** The focused preview, else the last active one. */
  private activePreview(): ReportPreview | undefined {
    for (const p of this.previews) if (p.panel.active) return p;
    return this.lastActive;
  }

  /** The report of the active editor, else of the active preview (commands run from the palette). */
  activeResource(): vscode.Uri | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    if (isReport(doc)) return doc.uri;
    return this.activePreview()?.resource;
  }

  async show(uri: vscode.Uri | undefined, toSide: boolean): Promise<void> {
    const focused = [...this.previews].find((p) => p.panel.active);
    if (!uri && focused && !isReport(vscode.window.activeTextEditor?.document)) {
      focused.panel.reveal(focused.panel.viewColumn); // run from the preview itself: it is the preview asked for
      return;
    }
    const resource = uri ?? this.activeResource();
    if (!resource) {
      void vscode.window.showErrorMessage(l10n.t('Open a report (*.govreport.yaml) to preview it.'));
      return;
    }
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === resource.toString());
    const editorColumn = vscode.window.activeTextEditor?.viewColumn ?? editor?.viewColumn ?? vscode.ViewColumn.One;
    const line = editor ? topLine(editor) : undefined;
    const all = [...this.previews];
    // reuse like Markdown: a locked preview of this report or a following one, in the target column
    const fits = (p: ReportPreview) => (p.locked ? p.isPreviewOf(resource) : true);
    const existing = toSide
      ? all.find((p) => fits(p) && p.isPreviewOf(resource) && p.panel.viewColumn !== editorColumn)
        ?? all.find((p) => !p.locked && p.panel.viewColumn !== editorColumn)
      : all.find((p) => fits(p) && p.panel.viewColumn === editorColumn);
    if (existing) {
      existing.follow(resource, line);
      existing.panel.reveal(existing.panel.viewColumn, toSide);
      this.lastActive = existing;
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, fileName(resource),
      { viewColumn: toSide ? vscode.ViewColumn.Beside : editorColumn, preserveFocus: toSide }, panelOptions(this.extensionUri));
    this.add(panel, resource, false, line);
  }

  toggleLock(): void {
    const preview = this.activePreview();
    if (!preview) {
      void vscode.window.showInformationMessage(l10n.t('There is no report preview to lock.'));
      return;
    }
    preview.setLocked(!preview.locked);
    // unlocked again: follow the active report at once, as after any editor change
    const editor = vscode.window.activeTextEditor;
    if (!preview.locked && editor && isReport(editor.document)) preview.follow(editor.document.uri, topLine(editor));
  }

  /** After a window reload: the webview's state says which report and whether it was locked. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    if (!state?.resource) {
      panel.dispose(); // nothing to show; an empty tab would only confuse
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.add(panel, vscode.Uri.parse(state.resource), !!state.locked, state.line);
  }

  private add(panel: vscode.WebviewPanel, resource: vscode.Uri, locked: boolean, line: number | undefined): void {
    const preview = new ReportPreview(panel, resource, locked, line, this.extensionUri, this.getClient);
    this.previews.add(preview);
    this.lastActive = preview;
    panel.onDidChangeViewState(() => { if (panel.active) this.lastActive = preview; });
    panel.onDidDispose(() => {
      this.previews.delete(preview);
      if (this.lastActive === preview) this.lastActive = undefined;
      preview.dispose();
    });
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableForms: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    ...webviewOptions(extensionUri),
    enableFindWidget: true,
    // the page is rebuilt from the extension's cache when shown again: no memory held while hidden
    retainContextWhenHidden: false,
  };
}

// ------------------------------------------------------------------------------------------------ one preview
class ReportPreview {
  resource: vscode.Uri;
  locked: boolean;
  private readonly throttle: Throttle;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Incremented by `follow`: answers for the report shown before are dropped. */
  private generation = 0;
  /** Requests are numbered: a late failure does not hide a later success. */
  private requestSeq = 0;
  private answeredSeq = 0;
  /** The document version on screen: answers for older versions are dropped. */
  private shownVersion = -1;
  /** Nothing of this report shown yet (the page may still show the previous report). */
  private fresh = true;
  /** What the preview shows (also embedded whenever the page is rebuilt). */
  private content = '';
  private banner: Banner | null = null;
  /** Scroll to this line with the report's first content. */
  private startLine: number | undefined;
  /** The script has loaded and listens; until then only the latest update is kept. */
  private ready = false;
  private pending: UpdateMessage | undefined;
  /** Messages changed the content since `webview.html` was set: the page must be rebuilt before it reloads. */
  private htmlStale = false;
  /** Changes while hidden are rendered once the preview is visible again. */
  private needsRender = false;
  private wasVisible: boolean;
  /** Scroll events of the editor before this time are echoes of the preview scrolling it. */
  private ignoreEditorScrollUntil = 0;

  constructor(readonly panel: vscode.WebviewPanel, resource: vscode.Uri, locked: boolean, line: number | undefined,
    private readonly extensionUri: vscode.Uri, private readonly getClient: GetClient) {
    this.resource = resource;
    this.locked = locked;
    this.startLine = line;
    this.wasVisible = panel.visible;
    this.throttle = new Throttle(UPDATE_MS, () => void this.render());
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      panel.onDidChangeViewState(() => this.onViewState()),
    );
    this.updateTitle();
    this.setHtml();
    this.throttle.trigger(); // the first rendering at once
  }

  dispose(): void {
    this.disposed = true;
    this.throttle.dispose();
    this.disposables.forEach((d) => d.dispose());
  }

  isPreviewOf(uri: vscode.Uri): boolean {
    return this.resource.toString() === uri.toString();
  }

  /** Shows another report (a following preview, or the command run for another report). */
  follow(resource: vscode.Uri, line: number | undefined): void {
    if (this.isPreviewOf(resource)) return;
    this.resource = resource;
    this.generation++;
    this.shownVersion = -1;
    this.fresh = true;
    this.startLine = line ?? 0;
    this.updateTitle();
    this.throttle.reset(); // the new report's first rendering at once, not after the wait
    this.changed();
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.updateTitle();
    this.post({ type: 'lock', locked, resource: this.resource.toString() });
  }

  /** The report changed (or the server restarted): render again, throttled. */
  changed(): void {
    if (this.disposed) return;
    if (!this.panel.visible) {
      this.needsRender = true;
      return;
    }
    this.throttle.trigger();
  }

  editorScrolled(line: number): void {
    if (Date.now() < this.ignoreEditorScrollUntil || !this.panel.visible) return;
    this.post({ type: 'scroll', line });
  }

  private updateTitle(): void {
    const name = fileName(this.resource);
    this.panel.title = this.locked ? l10n.t('[Preview] {0}', name) : l10n.t('Preview {0}', name);
  }

  private async render(): Promise<void> {
    if (this.disposed) return;
    const generation = this.generation;
    const seq = ++this.requestSeq;
    let result: RenderResult;
    try {
      result = await render(this.getClient, this.resource, false);
    } catch (err) {
      if (this.disposed || generation !== this.generation || seq < this.answeredSeq) return;
      // keep what is shown and say why it does not change (a fresh report replaces the previous one's article)
      this.show(this.fresh ? '' : null, { text: l10n.t('The preview could not be rendered: {0}', errorText(err)) }, this.shownVersion);
      return;
    }
    // answers may arrive out of order: versions decide, not arrival
    if (this.disposed || generation !== this.generation || result.version < this.shownVersion) return;
    this.answeredSeq = Math.max(this.answeredSeq, seq);
    this.shownVersion = result.version;
    if (result.ok) {
      this.show(result.html, null, result.version);
      return;
    }
    const banner: Banner = {
      text: this.fresh
        ? l10n.t('The report is not valid YAML and cannot be shown yet. See the Problems panel.')
        : l10n.t('The report is not valid YAML: the preview shows its last valid version. See the Problems panel.'),
      ...invalidDetail(result.html),
    };
    this.show(this.fresh ? '' : null, banner, result.version);
  }

  /** html: the new article (null keeps the current one); banner: null hides it. */
  private show(html: string | null, banner: Banner | null, version: number): void {
    this.banner = banner;
    const message: UpdateMessage = {
      type: 'update', html, banner, version, resource: this.resource.toString(), locked: this.locked,
    };
    if (html !== null) {
      this.content = html;
      // an empty article (nothing valid yet) keeps the report fresh: its first real content still scrolls
      if (html !== '') {
        if (this.startLine !== undefined) message.line = this.startLine;
        this.startLine = undefined;
        this.fresh = false;
      }
    }
    this.post(message);
  }

  private post(message: ToWebview): void {
    if (message.type === 'update') {
      this.htmlStale = true;
      if (!this.ready) {
        // only the latest update matters, but an earlier one's new article or scroll target must not be lost
        const before = this.pending;
        this.pending = before ? { ...message, html: message.html ?? before.html, line: message.line ?? before.line } : message;
        if (this.pending.line === undefined) delete this.pending.line;
        return;
      }
    }
    if (!this.ready) return; // scrolling and lock state mean nothing to a page that is still loading
    void this.panel.webview.postMessage(message);
  }

  private onViewState(): void {
    const visible = this.panel.visible;
    if (visible === this.wasVisible) return;
    this.wasVisible = visible;
    if (!visible) {
      // the webview is destroyed now and reloaded from `webview.html` when shown: make that the current content
      this.ready = false;
      if (this.htmlStale) this.setHtml();
      return;
    }
    if (this.needsRender) {
      this.needsRender = false;
      this.throttle.trigger();
    }
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const pending = this.pending;
        this.pending = undefined;
        // the lock may have changed while the page loaded (its state feeds the serializer)
        this.post({ type: 'lock', locked: this.locked, resource: this.resource.toString() });
        if (pending) void this.panel.webview.postMessage(pending);
        break;
      }
      case 'reveal':
        void this.revealInEditor(m.line, false);
        break;
      case 'revealLine':
        void this.revealInEditor(m.line, true);
        break;
    }
  }

  /**
   * atTop: scroll sync, only editors already showing the report, without focus or selection.
   * Otherwise (a click): the caret goes to the line, the editor gets the focus, opened if needed.
   */
  private async revealInEditor(line: number, atTop: boolean): Promise<void> {
    if (!Number.isFinite(line)) return;
    const editors = vscode.window.visibleTextEditors.filter((e) => this.isPreviewOf(e.document.uri));
    // the editor's scroll events that follow are echoes: sent back they would move the preview again
    this.ignoreEditorScrollUntil = Date.now() + ECHO_MS;
    if (atTop) {
      for (const editor of editors) {
        const l = clampLine(editor.document, line);
        editor.revealRange(new vscode.Range(l, 0, l, 0), vscode.TextEditorRevealType.AtTop);
      }
      return;
    }
    const doc = editors[0]?.document ?? await vscode.workspace.openTextDocument(this.resource);
    const l = clampLine(doc, line);
    const column = editors[0]?.viewColumn
      ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false, preview: false });
    this.ignoreEditorScrollUntil = Date.now() + ECHO_MS;
    const at = new vscode.Position(l, 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** A whole new page (fresh nonce), with the current content embedded: creation, and before a hidden page reloads. */
  private setHtml(): void {
    const webview = this.panel.webview;
    const nonce = makeNonce();
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', file)).toString();
    const csp = [
      'default-src \'none\'',
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    const settings = {
      resource: this.resource.toString(),
      locked: this.locked,
      // where to scroll once content arrives: the caller's line, else the webview's saved position
      line: this.startLine ?? null,
    };
    const embedded = this.fresh ? '' : this.content;
    this.ready = false;
    this.htmlStale = false;
    webview.html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta id="gr-preview-settings" data-settings="${escapeHtml(JSON.stringify(settings))}">
<link rel="stylesheet" href="${escapeHtml(media('report.css'))}" nonce="${nonce}">
<link rel="stylesheet" href="${escapeHtml(media('preview.css'))}" nonce="${nonce}">
<title>${escapeHtml(fileName(this.resource))}</title>
</head>
<body class="gr-preview">
${bannerHtml(this.banner)}
<main id="gr-root">${embedded}</main>
<script src="${escapeHtml(media('preview.js'))}" nonce="${nonce}"></script>
</body>
</html>`;
  }
}

/** The page's banner as it is first loaded; preview.js updates it the same way. */
function bannerHtml(banner: Banner | null): string {
  if (!banner) return '<div class="gr-banner" role="status" hidden></div>';
  const line = banner.line !== undefined ? ` data-line="${banner.line}"` : '';
  const title = banner.detail ? ` title="${escapeHtml(banner.detail)}"` : '';
  return `<div class="gr-banner" role="status"${line}${title}>${escapeHtml(banner.text)}</div>`;
}

/**
 * The renderer answers an invalid report with its own banner, `<div … data-line="N">message</div>`:
 * its line and text make ours clickable and explain it (it is never inserted as HTML).
 */
function invalidDetail(html: string): { line?: number; detail?: string } {
  const out: { line?: number; detail?: string } = {};
  const line = /\bdata-line="(\d+)"/.exec(html);
  if (line) out.line = Number(line[1]);
  const text = decodeEntities(html.replace(/<[^>]*>/g, '')).trim();
  if (text) out.detail = text;
  return out;
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return named[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

function clampLine(doc: vscode.TextDocument, line: number): number {
  return Math.max(0, Math.min(doc.lineCount - 1, Math.floor(line)));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}

/**
 * Runs `fn` at once, then at most once per `ms`; calls during the wait collapse into one trailing run.
 * Unlike a debounce, steady typing cannot starve the preview.
 */
class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = false;

  constructor(private readonly ms: number, private readonly fn: () => void) {}

  trigger(): void {
    if (this.timer) {
      this.pending = true;
      return;
    }
    this.fn();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending) {
        this.pending = false;
        this.trigger();
      }
    }, this.ms);
  }

  /** Forget the wait: the next trigger runs at once. */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
  }

  dispose(): void {
    this.reset();
  }
}
