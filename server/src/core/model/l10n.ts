/**
 * Message localisation for the core. Messages are written in English in the code (VS Code's l10n
 * convention: the English text is the key) and translated in l10n/bundle.l10n.zh-cn.json, the same
 * bundle the extension client reads through vscode.l10n.
 */
import zhBundle from '../../../../l10n/bundle.l10n.zh-cn.json';
import { RuleCode, ruleInfo } from './rules';

export type Lang = 'zh' | 'en';

const bundles: Record<Lang, Record<string, string> | undefined> = {
  zh: zhBundle as Record<string, string>,
  en: undefined,
};

/** Translates `message` and fills `{0}`, `{1}`, … with `args`. */
export function t(lang: Lang, message: string, ...args: (string | number)[]): string {
  const template = bundles[lang]?.[message] ?? message;
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const arg = args[Number(index)];
    return arg === undefined ? whole : String(arg);
  });
}

/** Maps a VS Code / POSIX locale (`zh-cn`, `zh_CN.UTF-8`, `en-US`) to a message language. */
export function langFromLocale(locale: string | undefined, fallback: Lang = 'zh'): Lang {
  if (!locale) return fallback;
  const l = locale.toLowerCase();
  if (l.startsWith('zh')) return 'zh';
  if (l.startsWith('en') || l === 'c' || l === 'posix' || l.startsWith('c.')) return 'en';
  return fallback;
}

/** The one-line description of a rule in `lang`. */
export function ruleSummary(code: RuleCode, lang: Lang): string {
  return t(lang, ruleInfo(code).summary);
}

/** Joins list items the way each language does (`、` in Chinese). */
export function joinList(lang: Lang, items: readonly string[]): string {
  return items.join(lang === 'zh' ? '、' : ', ');
}
