// Test runner loaded by the extension host (extensionTestsPath = out/test/exthost/index.js): runs every
// *.test.js next to it with mocha (tdd ui, spec reporter: one line per test). Besides mocha's output it
// prints machine lines read by scripts/vscode-test/run.mjs (which does not echo them):
//   EXTHOST-PROGRESS passed=N failed=M   after each test (for runs that time out)
//   EXTHOST-RESULT passed=N failed=M     once at the end
// Works the same under @vscode/test-electron (runTests with extensionTestsPath pointing here).
// EXTHOST_GREP (environment of the extension host): only run tests whose full title contains it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000, // the tests poll with their own, shorter limits; this only catches hangs
    slow: 5_000,
  });
  const grep = process.env.EXTHOST_GREP;
  if (grep) mocha.grep(grep);

  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    try {
      const runner = mocha.run((failures) => {
        console.log(`EXTHOST-RESULT passed=${passed} failed=${failed}`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
      // 'fail' also fires for failing hooks, as mocha counts them in `failures`
      runner.on('pass', () => { passed++; console.log(`EXTHOST-PROGRESS passed=${passed} failed=${failed}`); });
      runner.on('fail', () => { failed++; console.log(`EXTHOST-PROGRESS passed=${passed} failed=${failed}`); });
    } catch (err) {
      console.error(err);
      console.log(`EXTHOST-RESULT passed=${passed} failed=${failed + 1}`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
