// Bundles the extension client, the language server and the CLI into dist/ (what the .vsix ships).
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // yaml's node build reads process.env.LOG_TOKENS once per token (a slow call into C++ in Node);
  // its browser build is the same code without that, and runs unchanged in Node.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  plugins: [lazyDocx()],
};

/**
 * The DOCX library (~0.5 MB minified) is loaded only when a report is exported (a dynamic import in
 * server/src/core/export/docx.ts): the bundles leave it out and import dist/docx.mjs, its own bundle, then.
 */
function lazyDocx() {
  return {
    name: 'lazy-docx',
    setup(b) {
      b.onResolve({ filter: /^docx$/ }, (args) => {
        if (args.kind !== 'dynamic-import') throw new Error(`${args.importer}: load docx with a dynamic import (it stays out of the start-up path)`);
        return { path: './docx.mjs', external: true };
      });
    },
  };
}
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  // the core alone, for the benchmark and for other tools
  build({ ...common, entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' }),
  // the DOCX library, imported by the bundles above on the first export
  build({ ...common, plugins: [], format: 'esm', sourcemap: false, entryPoints: ['node_modules/docx/dist/index.mjs'], outfile: 'dist/docx.mjs' }),
]);
