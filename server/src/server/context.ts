/**
 * The state the language server's modules share, in one object passed to each of them (instead of
 * module-level globals): the connection, the open documents, the message language and the services.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Lang } from '../core';
import type { Analyses } from './documents';
import type { SettingsStore } from './settings';
import type { Workspace } from './workspace';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** The message language, from the client's locale at initialize. */
  lang: Lang;
  readonly settings: SettingsStore;
  readonly analyses: Analyses;
  readonly workspace: Workspace;
}
