/**
 * Every report of the workspace, keyed by agency and year (file names do not matter). Kept current
 * from open editors (an unsaved edit counts) and file-system events; folders are indexed in small
 * slices that yield to the event loop, so indexing 1,000 reports never holds up the open file's
 * diagnostics.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { agencyBase, quickIdentity, sameAgency, type ReportIdentity } from '../core';
import { REPORT_FILE } from '../node';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
/** Files indexed between two yields to the event loop. */
const SLICE = 16;

export interface IndexEntry {
  /** A file path (the server works with file: URIs of local folders). */
  file: string;
  identity: ReportIdentity | undefined;
}

const key = (identity: ReportIdentity) => `${identity.year}\u0000${identity.agency}`;
/** Names that differ only by their higher administrative levels share this key (core: agencyBase). */
const baseKey = (identity: ReportIdentity) => `${identity.year}\u0000${agencyBase(identity.agency)}`;

export class WorkspaceIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly byIdentity = new Map<string, Set<string>>();
  private readonly byBase = new Map<string, Set<string>>();

  /** Records (or re-records) a file with its current text; returns whether its identity changed. */
  set(file: string, text: string): { before: ReportIdentity | undefined; after: ReportIdentity | undefined } {
    const before = this.entries.get(file)?.identity;
    const after = quickIdentity(text);
    this.remove(file);
    this.entries.set(file, { file, identity: after });
    if (after) {
      const k = key(after);
      let files = this.byIdentity.get(k);
      if (!files) this.byIdentity.set(k, (files = new Set()));
      files.add(file);
      const b = baseKey(after);
      let similar = this.byBase.get(b);
      if (!similar) this.byBase.set(b, (similar = new Set()));
      similar.add(file);
    }
    return { before, after };
  }

  remove(file: string): ReportIdentity | undefined {
    const entry = this.entries.get(file);
    if (!entry) return undefined;
    this.entries.delete(file);
    if (entry.identity) {
      const files = this.byIdentity.get(key(entry.identity));
      files?.delete(file);
      if (files?.size === 0) this.byIdentity.delete(key(entry.identity));
      const similar = this.byBase.get(baseKey(entry.identity));
      similar?.delete(file);
      if (similar?.size === 0) this.byBase.delete(baseKey(entry.identity));
    }
    return entry.identity;
  }

  identityOf(file: string): ReportIdentity | undefined {
    return this.entries.get(file)?.identity;
  }

  /** The files holding the report of `agency` for `year`. */
  find(identity: ReportIdentity): string[] {
    return [...(this.byIdentity.get(key(identity)) ?? [])].sort();
  }

  /**
   * The report of the same body for `identity.year`: the files with exactly this agency, else those
   * whose name differs only by the higher administrative levels (洪泽区人民政府 ↔ 淮安市洪泽区人民政府).
   */
  findPaired(identity: ReportIdentity): string[] {
    const exact = this.find(identity);
    if (exact.length > 0) return exact;
    return [...(this.byBase.get(baseKey(identity)) ?? [])]
      .filter((f) => { const id = this.entries.get(f)?.identity; return id !== undefined && sameAgency(id.agency, identity.agency); })
      .sort();
  }

  files(): string[] {
    return [...this.entries.keys()].sort();
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Indexes every report below `folder`, reading `SLICE` files between yields. `readText` returns
   * the text to use for a file (an open editor's unsaved text wins over the disk).
   */
  async addFolder(folder: string, readText: (file: string) => Promise<string | undefined>, cancelled: () => boolean = () => false): Promise<void> {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return; // unreadable folders are skipped, not fatal
      }
      for (const entry of entries) {
        if (cancelled()) return;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(full);
        } else if (entry.isFile() && REPORT_FILE.test(entry.name)) {
          files.push(full);
        }
      }
    };
    await walk(folder);
    for (let i = 0; i < files.length && !cancelled(); i += SLICE) {
      for (const file of files.slice(i, i + SLICE)) {
        const text = await readText(file);
        if (text !== undefined) this.set(file, text);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
