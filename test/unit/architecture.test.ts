// ARCHITECTURE.md against the tree, and the invariants it states that a program can check: the code
// map names every folder, the core imports nothing of LSP, VS Code or the file system, the core's
// folders import only their neighbours, and no source file grows past ~350 lines without saying why.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

/** Folders that are built, installed or cached, never written by hand (see .gitignore). */
const NOT_SOURCE = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test', 'test-results']);

function folders(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || NOT_SOURCE.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const rel = path.relative(ROOT, full).split(path.sep).join('/');
    // test workspaces the LSP tests name (never written to disk) and generated code are not part of the map
    if (rel.startsWith('test/lsp/virtual')) continue;
    out.push(rel, ...folders(full));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);

describe('ARCHITECTURE.md', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  // the code map's entries: list items that start with a folder in backquotes
  const named = new Set([...doc.matchAll(/^\s*- `([\w./-]+)\/`/gm)].map((m) => m[1]!));

  test('the code map names every folder of the repository', () => {
    const missing = folders().filter((f) => !named.has(f));
    assert.deepEqual(missing, [], 'folders missing from the code map of ARCHITECTURE.md');
  });

  test('every folder the code map names exists', () => {
    const all = new Set(folders());
    // generated code exists after the build (npm run build, which every test run does first)
    const gone = [...named].filter((f) => !all.has(f) && !fs.existsSync(path.join(ROOT, f)));
    assert.deepEqual(gone, [], 'folders named in ARCHITECTURE.md that do not exist');
  });
});

describe('invariants', () => {
  const core = path.join(ROOT, 'server/src/core');
  const coreFiles = sourceFiles(core);

  test('the core imports nothing of LSP, VS Code or the file system', () => {
    const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|(node:)?(fs|fs\/promises|path|child_process|os|net|worker_threads))$/;
    const found = coreFiles.flatMap((f) => importsOf(f).filter((m) => forbidden.test(m)).map((m) => `${path.relative(ROOT, f)}: ${m}`));
    assert.deepEqual(found, []);
  });

  test('the core folders import only their neighbours (model ← checks ← features, render, import, export)', () => {
    const allowed: Record<string, string[]> = {
      model: ['model', 'generated'],
      checks: ['model', 'checks'],
      features: ['model', 'checks', 'features'],
      render: ['model', 'checks', 'render'],
      import: ['model', 'checks', 'import'],
      export: ['model', 'checks', 'render', 'export'],
    };
    const wrong: string[] = [];
    for (const file of coreFiles) {
      const folder = path.relative(core, file).split(path.sep)[0]!;
      if (!(folder in allowed)) continue; // core/index.ts re-exports everything
      for (const m of importsOf(file)) {
        if (!m.startsWith('.') || m.endsWith('.json')) continue; // packages, and data (the schema, the l10n bundle)
        const target = path.relative(core, path.resolve(path.dirname(file), m)).split(path.sep)[0]!;
        if (!allowed[folder]!.includes(target)) wrong.push(`${path.relative(ROOT, file)} imports ${m}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('no source file is longer than ~350 lines without saying why in its header', () => {
    const long = [...sourceFiles(path.join(ROOT, 'server/src')), ...sourceFiles(path.join(ROOT, 'client/src'))].filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      const header = text.slice(0, text.search(/^(import|export|const|function|class)\b/m));
      return text.split('\n').length > 380 && !/Length:/.test(header);
    });
    assert.deepEqual(long.map((f) => path.relative(ROOT, f)), [], 'long files need a "Length: …" reason in their header comment');
  });
});
