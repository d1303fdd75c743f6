/**
 * The language of GovReport's messages in VS Code: `govreport.language` (`auto` follows VS Code's
 * display language; `zh` / `en` for the many users whose VS Code is English but whose reports are
 * Chinese, or the other way round). The server gets it at initialize (`initializationOptions.lang`);
 * the client's own messages follow it through `l10n.t`, which reads l10n/bundle.l10n.zh-cn.json
 * itself when the setting differs from the display language. Command titles and setting
 * descriptions (package.nls*.json) are VS Code's to choose and follow the display language.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export type LanguageSetting = 'auto' | 'zh' | 'en';

let bundlePath = '';
let zhBundle: Record<string, string> | undefined;

export function initL10n(context: vscode.ExtensionContext): void {
  bundlePath = context.asAbsolutePath('l10n/bundle.l10n.zh-cn.json');
}

export function languageSetting(): LanguageSetting {
  const v = vscode.workspace.getConfiguration('govreport').get<string>('language');
  return v === 'zh' || v === 'en' ? v : 'auto';
}

/** What the server is told (`initializationOptions.lang`): the setting, or VS Code's display language. */
export function serverLanguage(): string {
  const s = languageSetting();
  return s === 'auto' ? vscode.env.language : s;
}

function chinese(): Record<string, string> {
  if (!zhBundle) {
    try {
      zhBundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8')) as Record<string, string>;
    } catch {
      zhBundle = {}; // the English text then, rather than no message
    }
  }
  return zhBundle;
}

/** `vscode.l10n.t` in the language of `govreport.language` (English text as the key, `{0}` placeholders). */
export const l10n = {
  t(message: string, ...args: (string | number | boolean)[]): string {
    const s = languageSetting();
    if (s === 'auto') return vscode.l10n.t(message, ...args);
    const template = s === 'zh' ? chinese()[message] ?? message : message;
    return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
  },
};
