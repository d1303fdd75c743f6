// Writes the `govreport.rules` setting of package.json from the rule table (server/src/core/model/rules.ts,
// through its tsc output): one property per rule code with its default severity and summary, so the
// settings UI can never disagree with the rules the server knows. Runs in `npm run build` after tsc;
// `--check` only reports (exit 1) when package.json is not current. test/unit/rules.test.ts checks it too.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const { RULES } = require(path.join(root, 'out/server/src/core/model/rules.js'));

const file = path.join(root, 'package.json');
const text = fs.readFileSync(file, 'utf8');
const manifest = JSON.parse(text);
const setting = manifest.contributes.configuration.properties['govreport.rules'];
setting.properties = Object.fromEntries(RULES.map((r) => [r.code, {
  type: 'string',
  enum: ['error', 'warning', 'info', 'off'],
  default: r.severity,
  description: r.summary,
}]));
const next = `${JSON.stringify(manifest, null, 2)}\n`;
if (next !== text) {
  if (process.argv.includes('--check')) {
    console.error('package.json: the govreport.rules setting is not current with the rule table; run npm run build');
    process.exit(1);
  }
  fs.writeFileSync(file, next);
}
