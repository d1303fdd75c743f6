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

/**
 * A message's template cut at its placeholders once: literal pieces at even places, the placeholders'
 * digits at odd ones (a regex replace per call was most of the cost of the CLI's tens of thousands
 * of messages). Bounded: a caller passing text that is not a fixed message must not grow it forever.
 */
const templates: Record<Lang, Map<string, string[]>> = { zh: new Map(), en: new Map() };
const TEMPLATES_KEPT = 4096;

function templateOf(lang: Lang, message: string): string[] {
  let template = templates[lang].get(message);
  if (!template) {
    template = (bundles[lang]?.[message] ?? message).split(/\{(\d+)\}/);
    if (templates[lang].size < TEMPLATES_KEPT) templates[lang].set(message, template);
  }
  return template;
}

/** Translates `message` and fills `{0}`, `{1}`, … with `args` (a placeholder without its argument stays as written). */
export function t(lang: Lang, message: string, ...args: (string | number)[]): string {
  const template = templateOf(lang, message);
  let out = template[0]!;
  for (let i = 1; i < template.length; i += 2) {
    const arg = args[Number(template[i])];
    out += (arg === undefined ? `{${template[i]}}` : String(arg)) + template[i + 1]!;
  }
  return out;
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
