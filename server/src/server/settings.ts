/** The `govreport.*` settings: read per resource from the client (pulled and cached) or as pushed. */
import { maxBytesFromMiB, parseSeveritySettings, type RuleCode, type SeveritySetting } from '../core';
import type { Connection } from 'vscode-languageserver/node';

export interface Settings {
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  columnLabels: boolean;
  expectedTotals: boolean;
  copiedTextThreshold: number;
  validateWorkspace: boolean;
  /** govreport.limits.maxFileSize, in bytes (larger texts get one "too large" diagnostic) */
  maxBytes: number;
}

export function readSettings(raw: unknown): Settings {
  const cfg = (raw ?? {}) as {
    rules?: unknown; inlayHints?: { columnLabels?: unknown; expectedTotals?: unknown }; copiedText?: { threshold?: unknown };
    validate?: { workspace?: unknown }; limits?: { maxFileSize?: unknown };
  };
  const threshold = Number(cfg.copiedText?.threshold);
  return {
    severities: parseSeveritySettings(cfg.rules),
    columnLabels: cfg.inlayHints?.columnLabels === true,
    expectedTotals: cfg.inlayHints?.expectedTotals !== false,
    copiedTextThreshold: threshold >= 0.5 && threshold <= 1 ? threshold : 0.9,
    validateWorkspace: cfg.validate?.workspace === true,
    maxBytes: maxBytesFromMiB(cfg.limits?.maxFileSize),
  };
}

export class SettingsStore {
  /** Whether the client answers workspace/configuration (else settings come with didChangeConfiguration). */
  canPull = false;
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Settings pushed with didChangeConfiguration, for clients that cannot be asked. */
  private pushed: Settings = readSettings({});

  constructor(private readonly connection: Connection) {}

  for(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let hit = this.cache.get(uri);
    if (!hit) {
      hit = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'govreport' }).then(readSettings, () => readSettings({}));
      this.cache.set(uri, hit);
    }
    return hit;
  }

  /** didChangeConfiguration: forget what was read; take the pushed settings when the client pushes. */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.canPull) this.pushed = readSettings((pushed as { govreport?: unknown })?.govreport);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
