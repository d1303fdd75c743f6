/**
 * The importer stays off the editor's keystroke path: the checks, features, model and renderer never
 * import core/import or the readers' libraries (pdf.js alone is 1.6 MB), and core/index.ts does not
 * re-export it, so the language server and dist/core.js load none of it until a file is imported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

const CORE = path.join(ROOT, 'server/src/core');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}
const specifiers = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

test('nothing in the core outside core/import imports the importer or its libraries', () => {
  const outside = sources(CORE).filter((f) => !f.startsWith(path.join(CORE, 'import') + path.sep));
  assert.ok(outside.length > 20, 'the core sources were found');
  for (const file of outside) {
    for (const spec of specifiers(file)) {
      const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
      const hit = resolved === path.join(CORE, 'import') || resolved.startsWith(path.join(CORE, 'import') + path.sep) || /^(pdfjs-dist|fflate)(\/|$)/.test(spec);
      assert.ok(!hit, `${path.relative(ROOT, file)} imports ${spec}`);
    }
  }
});
