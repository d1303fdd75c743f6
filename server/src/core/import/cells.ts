/**
 * Published cells → values. Nothing is invented: a blank cell stays blank (null), a cell that is
 * not a plain number stays null with a note saying what was there, a number with a unit is read with
 * a note. Only the procurement amount of the 2019 format keeps its unit ("73802895.90元" stays text).
 */

export type CellKind = 'count' | 'signed' | 'money' | 'amount';

export interface CellValue {
  value: number | string | null;
  /** What needs review about this cell (already in Chinese: it becomes a `# 导入：` comment). */
  note?: string;
  /** True when the published cell was blank. */
  blank?: boolean;
}

const DASHES = /^[/／\\\-－—–_~～×xX无]+$|^——$/;

function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
}

export function readCell(text: string, kind: CellKind): CellValue {
  const raw = text.trim();
  if (raw === '') return { value: null, blank: true };
  const s = halfWidth(raw).replace(/^＋/, '+');
  if (DASHES.test(s)) return { value: null, note: `原文为“${raw}”，未读作数字` };
  const plain = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/.exec(s);
  if (plain) {
    const n = Number(`${plain[1] === '-' ? '-' : ''}${plain[2]!.replace(/,/g, '')}${plain[3] ?? ''}`);
    const commaNote = plain[2]!.includes(',') ? `原文为“${raw}”` : undefined;
    if (kind === 'count') {
      if (plain[1] || plain[3]) return { value: null, note: `原文为“${raw}”，不是件数` };
      return commaNote ? { value: n, note: commaNote } : { value: n };
    }
    if (kind === 'signed') {
      if (plain[3]) return { value: null, note: `原文为“${raw}”，不是件数` };
      return commaNote || plain[1] === '+' ? { value: n, note: `原文为“${raw}”` } : { value: n };
    }
    if (plain[1] === '-') return { value: null, note: `原文为“${raw}”，不能为负数` };
    return commaNote ? { value: n, note: commaNote } : { value: n };
  }
  if (kind === 'amount') return { value: raw, note: `原文为“${raw}”，保留原文（含单位）` };
  const unit = /^(\d+)(件|个|项|条|次)$/.exec(s);
  if (unit && (kind === 'count' || kind === 'signed')) return { value: Number(unit[1]), note: `原文为“${raw}”，读作 ${unit[1]}` };
  const wan = /^(\d+(?:\.\d+)?)万元$/.exec(s);
  if (wan && kind === 'money') return { value: Number(wan[1]), note: `原文为“${raw}”，读作 ${wan[1]}（万元）` };
  return { value: null, note: `原文为“${raw}”，未能读作数字` };
}

/** True when a cell's text reads as a value rather than a label (numbers, blanks, dashes, amounts). */
export function looksLikeValue(text: string): boolean {
  const s = halfWidth(text.trim());
  return s === '' || DASHES.test(s) || /^[+-]?[\d,]+(\.\d+)?(件|个|项|条|次|元|万元)?$/.test(s);
}
