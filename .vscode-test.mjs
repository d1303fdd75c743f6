// `npm run test:electron`: the extension-host tests (test/exthost/*.test.ts, built to out/) in desktop
// VS Code through @vscode/test-cli and @vscode/test-electron, for machines that can download VS Code.
// `npm test` runs the same files in code-server instead (scripts/vscode-test/run.mjs), which works offline.
// The workspace is prepared as run.mjs prepares it: a fresh folder with the fixture reports.
import { defineConfig } from '@vscode/test-cli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'govreport-electron-ws-'));
for (const f of fs.readdirSync(path.join(root, 'test', 'fixtures'))) {
  if (!f.endsWith('.govreport.yaml')) continue;
  fs.copyFileSync(path.join(root, 'test', 'fixtures', f), path.join(workspace, f));
  fs.chmodSync(path.join(workspace, f), 0o644); // the copies are the tests' to edit
}
const extra = path.join(root, 'test', 'exthost', 'workspace');
if (fs.existsSync(extra)) fs.cpSync(extra, workspace, { recursive: true });
process.on('exit', () => fs.rmSync(workspace, { recursive: true, force: true }));

export default defineConfig({
  label: 'extension host',
  files: 'out/test/exthost/**/*.test.js',
  workspaceFolder: workspace,
  // engines.vscode is ^1.100.0: the newest stable satisfies it
  version: 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 60_000, slow: 5_000 },
});
