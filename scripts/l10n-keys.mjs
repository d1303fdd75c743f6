// Lists the message keys used in the sources: t(lang, '…') in the core and server, vscode.l10n.t('…') in the client.
// Used by the l10n test to check that every message has a Chinese translation, and vice versa.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.ts')) files.push(full);
  }
};
walk(path.join(root, 'server/src'));
walk(path.join(root, 'client/src'));

const CALL = /\b(?:t\(\s*[\w.]+\s*,|l10n\.t\()\s*(['`])((?:(?!\1)[^\\]|\\.)*)\1/g;
export function messageKeys() {
  const keys = new Set();
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(CALL)) keys.add(m[2].replace(/\\(['`])/g, '$1'));
  }
  return keys;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const zh = JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
  for (const k of messageKeys()) if (!(k in zh)) console.log(JSON.stringify(k));
}
