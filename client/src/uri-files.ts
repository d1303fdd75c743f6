/** Small file helpers the client's commands share (preview, exports, import). */
import * as vscode from 'vscode';

/** The last segment of a URI's path, as tabs and messages show a file. */
export const fileName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();

/** An error as one line of a message. */
export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
