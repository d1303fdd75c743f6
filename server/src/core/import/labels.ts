/**
 * Published labels → official labels. Real reports differ from the template in small ways: spaces
 * inside labels ("商业 企业"), "1、" for "1.", annotations in brackets, typos ("其他法律行政止公开").
 * Labels are compared by their core (numbering, brackets, punctuation and whitespace removed) with a
 * small edit distance, and by their ordinal within a group when the words do not match.
 */
import { distance } from 'fastest-levenshtein';

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Full-width ASCII to half-width, whitespace removed. */
export function compact(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u00a0\u3000]+/g, '');
}

const NUMBERING = /^(?:\(?[一二三四五六七八九十]+\)?[、.,]?|\(?\d+\)?[、.,]|\d+(?=[^\d.]))/;

/** The leading ordinal of a label: "（三）…" → 3, "3、…" → 3, "三、…" → 3. */
export function ordinalOf(label: string): number | undefined {
  const s = compact(label);
  const m = /^\(?([一二三四五六七八九十]+|\d+)\)?[、.,]?/.exec(s);
  if (!m || (!/^\d+$/.test(m[1]!) && m[0].length === m[1]!.length)) return undefined; // "一是" is not numbering
  const digits = m[1]!;
  if (/^\d+$/.test(digits)) return Number(digits);
  if (digits.length === 1) return CN_DIGITS[digits];
  if (digits.startsWith('十')) return 10 + (CN_DIGITS[digits[1] ?? ''] ?? 0);
  return undefined;
}

/** The words of a label: numbering, bracketed annotations, quotes and punctuation removed. */
const coreCache = new Map<string, string>();

export function core(label: string): string {
  const hit = coreCache.get(label);
  if (hit !== undefined) return hit;
  const value = coreUncached(label);
  if (coreCache.size > 5000) coreCache.clear(); // labels repeat; free text does not stay
  coreCache.set(label, value);
  return value;
}

function coreUncached(label: string): string {
  let s = compact(label).replace(NUMBERING, '');
  const withoutBrackets = s.replace(/\([^()]*\)/g, '').replace(/\[[^[\]]*\]/g, '').replace(/【[^【】]*】/g, '');
  if (withoutBrackets) s = withoutBrackets;
  return s.replace(/[“”"'‘’·:：;；,，。、.!?/\\\-—_()（）《》<>]/g, '');
}

/** Whether a published label is the official one, spaces aside (any other difference is reported). */
export function sameLabel(published: string, official: string): boolean {
  const norm = (s: string): string => s.replace(/[\s\u00a0\u3000]+/g, '');
  return norm(published) === norm(official);
}

/** How well a published label fits an official one: 0 exact core, up to 1; undefined when it does not fit. */
export function labelDistance(published: string, official: string): number | undefined {
  const a = core(published);
  const b = core(official);
  if (!a || !b) return undefined;
  const po = ordinalOf(published);
  const oo = ordinalOf(official);
  if (po !== undefined && oo !== undefined && po !== oo) return undefined;
  if (a === b) return 0;
  if (a.length >= 2 && b.length >= 2 && (a.includes(b) || b.includes(a))) return 0.1 + Math.abs(a.length - b.length) / (10 * Math.max(a.length, b.length));
  const d = distance(a, b);
  const limit = Math.max(1, Math.floor(Math.max(a.length, b.length) * 0.34));
  return d <= limit ? 0.2 + d / Math.max(a.length, b.length) : undefined;
}

/** The best-fitting official label's index, or undefined. */
export function bestMatch(published: string, officials: readonly string[]): number | undefined {
  let best: number | undefined;
  let bestScore = Infinity;
  officials.forEach((official, i) => {
    const score = labelDistance(published, official);
    if (score !== undefined && score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
