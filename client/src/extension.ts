/**
 * The VS Code client: starts the GovReport language server, restarts it when it dies (telling the
 * user), and offers "GovReport: Restart Language Server".
 */
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind, type CloseHandlerResult, type ErrorHandler,
  type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and asks the user. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * The server lives for hours beside the editor: a heap that grows less between collections is worth
 * a little speed (`npm run bench`: peak RSS 78 → 72 MiB on the example, 121 → 77 MiB at ×100).
 * The standalone bin and the benchmark start it the same way.
 */
const SERVER_EXEC_ARGV = ['--optimize-for-size'];

let client: LanguageClient | undefined;

export interface GovReportApi {
  /** Resolves once the language server has started (for tests and other extensions). */
  ready(): Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<GovReportApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'govreport' }],
    synchronize: { configurationSection: 'govreport' },
    initializationOptions: { lang: vscode.env.language },
    errorHandler: new RestartingErrorHandler(),
  };
  client = new LanguageClient('govreport', 'GovReport', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('govreport.restartServer', async () => {
      if (!client) return;
      await client.restart();
      void vscode.window.showInformationMessage(vscode.l10n.t('GovReport language server restarted.'));
    }),
  );
  const started = client.start();
  return { ready: () => started };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Restarts a crashed server a bounded number of times, and says so each time instead of failing silently. */
class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0]! > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length <= MAX_RESTARTS) {
      return { action: CloseAction.Restart, message: vscode.l10n.t('The GovReport language server stopped unexpectedly and is being restarted.') };
    }
    void vscode.window
      .showErrorMessage(vscode.l10n.t('The GovReport language server stopped {0} times in 3 minutes and will not be restarted automatically.', this.restarts.length), vscode.l10n.t('Restart'))
      .then((choice) => { if (choice) void vscode.commands.executeCommand('govreport.restartServer'); });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
