// Bundles the extension client, the language server and the CLI into dist/ (what the .vsix ships).
//   --production  minified, no source maps (npm run package, bench)
//   --watch       rebuild on change (npm run watch)
import { context } from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: watch ? 'info' : 'warning',
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
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // the core alone, for the benchmark and for other tools
  { ...common, entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' },
  // the DOCX library, imported by the bundles above on the first export
  { ...common, plugins: [], format: 'esm', sourcemap: false, entryPoints: ['node_modules/docx/dist/index.mjs'], outfile: 'dist/docx.mjs' },
  // the importer's readers on their own (pdf.js alone is ~1.6 MB): loaded only when a file is imported
  { ...common, entryPoints: ['server/src/core/import/index.ts'], outfile: 'dist/import.js' },
];
const contexts = await Promise.all(builds.map((options) => context(options)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
