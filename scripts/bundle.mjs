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
};
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  // the core alone, for the benchmark and for other tools
  build({ ...common, entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' }),
]);
