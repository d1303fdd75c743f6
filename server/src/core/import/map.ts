/**
 * The mapper: a SourceDocument (what a reader found) → report data in the national format, with
 * review notes. It works from the structure of the formats (numbered section headings, the tables'
 * header and row labels from the schema), never from one site's layout.
 *
 * Nothing invented, nothing lost: a blank cell stays null, an unreadable cell stays null with a note
 * saying what was there, a row or a text that fits nowhere is kept as a note (a `# 导入：` comment
 * in the written YAML) on the nearest field.
 *
 * Length: the six parts share one Mapper (notes, empty cells, source positions), the grid with cell
 * identities and the label matching; split per part they would pass all of that around. (A split
 * into front matter / texts / tables is the next step if it grows.)
 */
import { APPEAL_COLUMNS, APPLICATION_COLUMNS, APPLICATION_ROWS, APPEAL_ROWS } from '../model/table';
import { titleAt, type Path } from '../model/schema';
import { readCell, looksLikeValue, type CellKind } from './cells';
import { bestMatch, compact, core, labelDistance, ordinalOf, sameLabel } from './labels';
import type { SourceBlock, SourceDocument, SourceParagraph, SourcePosition, SourceTable } from './source';

export interface ReviewNote {
  /** Key path of the field or cell the note is about ([] for the report as a whole). */
  path: Path;
  /** What needs review, in Chinese (it is also written as a `# 导入：` comment). */
  message: string;
  /** Where in the source. */
  at?: SourcePosition;
}

export interface ImportOptions {
  /** The file name or URL of the source, for the header comment. */
  source?: string;
  /** The date of import (YYYY-MM-DD), for the header comment; the caller's clock, not the core's. */
  importedOn?: string;
}

export interface ImportResult {
  format: 2019 | 2021;
  /** The report data, keys in template order; null where a cell or field could not be read. */
  data: Record<string, unknown>;
  notes: ReviewNote[];
  /** Number of table cells (and required fields) left null. */
  emptyCells: number;
  /** True when some cell was left empty (the CLI exits 1). */
  cellsLeftEmpty: boolean;
  /** How many of the six numbered section headings were found (0: the source is not a report). */
  sectionsFound: number;
  /** Where each field, row or cell came from (key path joined by "."), for findings on an imported report. */
  positions: Record<string, SourcePosition>;
  /** The title as published. */
  title?: string;
  source?: string;
  importedOn?: string;
}

type Format = 2019 | 2021;

// ---------------------------------------------------------------------------------------------
// grids: a table expanded with the identity of each source cell (to tell a spanned cell from two)

interface Slot {
  text: string;
  id: number;
}

/** Wider than any report's table (四 has 15 value columns): columns beyond are not read (a hostile colspan cannot blow the grid up). */
const MAX_COLUMNS = 128;

function gridOf(table: SourceTable): Slot[][] {
  const grid: (Slot | undefined)[][] = [];
  let id = 0;
  table.rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      if (c >= MAX_COLUMNS) break;
      const slot = { text: cell.text, id: id++ };
      const span = Math.min(Math.max(1, cell.colSpan), MAX_COLUMNS - c);
      for (let dr = 0; dr < Math.max(1, cell.rowSpan); dr++) {
        if (r + dr >= table.rows.length) break;
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < span; dc++) target[c + dc] = slot;
      }
      c += span;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? { text: '', id: -1 - i }));
}

/** The distinct source cells of a grid row, in order. */
function distinct(row: readonly Slot[]): Slot[] {
  const out: Slot[] = [];
  for (const s of row) if (!out.some((o) => o.id === s.id)) out.push(s);
  return out;
}

// ---------------------------------------------------------------------------------------------
// sections

const SECTIONS: readonly RegExp[] = [
  /^[一1][、.,]总体情况/,
  /^[二2][、.,]主动公开/,
  /^[三3][、.,]收到和处理/,
  /^[四4][、.,].{0,14}(行政复议|行政诉讼)/,
  /^[五5][、.,].{0,18}(问题|改进|整改)/,
  /^[六6][、.,]其他需要报告/,
];
const SECTION_KEYS = ['overview', 'proactive', 'applications', 'appeals', 'problems', 'other_matters'] as const;

interface Section {
  heading?: SourceParagraph;
  blocks: SourceBlock[];
}

function splitSections(blocks: readonly SourceBlock[]): { front: SourceBlock[]; sections: (Section | undefined)[] } {
  const sections: (Section | undefined)[] = [];
  const front: SourceBlock[] = [];
  let current: SourceBlock[] = front;
  let next = 0;
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      const text = compact(block.text);
      let found = -1;
      for (let i = next; i < SECTIONS.length; i++) {
        if (SECTIONS[i]!.test(text) && (text.length <= 40 || i === 0 || i === 5)) {
          found = i;
          break;
        }
      }
      if (found >= 0) {
        const heading = splitHeading(block, found);
        const section: Section = { heading: heading.heading, blocks: heading.rest ? [heading.rest] : [] };
        sections[found] = section;
        current = section.blocks;
        next = found + 1;
        continue;
      }
    }
    current.push(block);
  }
  return { front, sections };
}

/** "一、总体情况2023年，…" (heading and text in one paragraph): the heading, and the rest as a paragraph. */
function splitHeading(block: SourceParagraph, index: number): { heading: SourceParagraph; rest?: SourceParagraph } {
  const text = block.text;
  if (compact(text).length <= 40) return { heading: block };
  // where the heading ends when text runs on in the same paragraph ("一、总体情况2023年，…")
  const officialEnd = ['总体情况', '主动公开政府信息情况', '收到和处理政府信息公开申请情况', '行政诉讼情况', '', '其他需要报告的事项'][index]!;
  const at = officialEnd ? text.indexOf(officialEnd) : -1;
  if (at < 0) return { heading: block };
  const cut = at + officialEnd.length;
  const rest = text.slice(cut).replace(/^[\s。.：:]+/, '');
  return { heading: { ...block, text: text.slice(0, cut) }, ...(rest ? { rest: { ...block, text: rest } } : {}) };
}

// ---------------------------------------------------------------------------------------------
// subsections （一）… of 一, 五, 六

interface Subsection {
  heading?: string;
  ordinal?: number;
  at?: SourcePosition;
  paragraphs: SourceParagraph[];
}

const SUBHEADING = /^[(（]\s*([一二三四五六七八九十]+)\s*[)）]/;

function splitSubsections(blocks: readonly SourceBlock[]): { intro: SourceParagraph[]; subs: Subsection[]; tables: SourceTable[] } {
  const intro: SourceParagraph[] = [];
  const subs: Subsection[] = [];
  const tables: SourceTable[] = [];
  for (const block of blocks) {
    if (block.kind === 'table') {
      tables.push(block);
      continue;
    }
    const m = SUBHEADING.exec(block.text);
    if (m) {
      const { heading, rest } = headingOf(block.text);
      const sub: Subsection = { heading, ordinal: ordinalOf(block.text), paragraphs: rest ? [{ ...block, text: rest }] : [] };
      if (block.at) sub.at = block.at;
      subs.push(sub);
    } else if (subs.length > 0) {
      subs[subs.length - 1]!.paragraphs.push(block);
    } else {
      intro.push(block);
    }
  }
  return { intro, subs, tables };
}

/** A subheading and the text run into it: "（一）存在的主要问题。各科室…" → heading, text. */
function headingOf(text: string): { heading: string; rest: string } {
  if (text.length <= 40 && !/[。；;]./.test(text)) return { heading: text.replace(/[。：:]$/, ''), rest: '' };
  const m = /^(.{2,40}?)[。：:]\s*(.+)$/s.exec(text);
  if (m) return { heading: m[1]!, rest: m[2]! };
  return { heading: text, rest: '' };
}

// ---------------------------------------------------------------------------------------------

class Mapper {
  readonly notes: ReviewNote[] = [];
  readonly positions: Record<string, SourcePosition> = {};

  at(path: Path, at: SourcePosition | undefined): void {
    if (at) this.positions[path.join('.')] ??= at;
  }
  emptyCells = 0;
  format: Format = 2021;

  note(path: Path, message: string, at?: SourcePosition): void {
    this.notes.push({ path, message, ...(at ? { at } : {}) });
  }

  /** Reads one cell into a value, counting it when left empty and noting what needs review. */
  cell(text: string, kind: CellKind, path: Path, at?: SourcePosition): number | string | null {
    const v = readCell(text, kind);
    this.at(path, at);
    if (typeof path[path.length - 1] === 'number') this.at(path.slice(0, -1), at);
    if (v.value === null) this.emptyCells++;
    if (v.note) this.note(path, v.note, at);
    return v.value;
  }
}

export function toReport(source: SourceDocument, options: ImportOptions = {}): ImportResult {
  const m = new Mapper();
  const { front, sections } = splitSections(source.blocks);
  const allText = source.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.map((c) => c.text).join(' ')).join(' '))).join('\n');

  // ---- title, year, agency, published from the front matter and the page's metadata
  const frontParas = front.filter((b): b is SourceParagraph => b.kind === 'paragraph');
  const titlePara = frontParas.find((p) => compact(p.text).length <= 80 && /报告$/.test(compact(p.text)));
  const title = source.meta.title ?? titlePara?.text;
  const year = yearOf(title) ?? yearOf(frontParas.map((p) => p.text).join(' '));
  m.format = detectFormat(allText, year);
  const format = m.format;

  let published: string | undefined;
  const pub = source.meta.published ? normaliseDate(source.meta.published) : undefined;
  if (pub) published = pub;
  const preamble: SourceParagraph[] = [];
  for (const p of frontParas) {
    if (p === titlePara || (title && compact(p.text) === compact(title))) continue;
    const dated = /^(发布日期|公开日期|发布时间|成文日期|日期)[:：]\s*(.+)$/.exec(p.text.trim());
    if (dated && compact(p.text).length <= 40) {
      published ??= normaliseDate(dated[2]!);
      continue;
    }
    if (/^(来源|信息来源|发布机构|浏览次数|索引号|文号|字号)[:：]/.test(p.text.trim()) && compact(p.text).length <= 60) continue;
    preamble.push(p);
  }
  for (const b of front) if (b.kind === 'table') m.note([], `正文前有一个表格（${b.rows.length} 行），未导入`, b.at);

  // ---- the signature at the end: a name and a date
  const lastSection = sections[5] ?? sections[4];
  let signatureName: string | undefined;
  if (lastSection) {
    const bs = lastSection.blocks;
    while (bs.length > 0) {
      const last = bs[bs.length - 1]!;
      if (last.kind !== 'paragraph') break;
      const date = normaliseDate(last.text);
      if (date && compact(last.text).length <= 20) {
        if (published && published !== date) m.note(['published'], `页面的发布日期为 ${published}，落款日期为 ${date}（“${last.text}”）`, last.at);
        published ??= date;
        bs.pop();
        continue;
      }
      if (!signatureName && compact(last.text).length <= 30 && !/[。，,；;：:]/.test(last.text) && /(局|委员会|委|政府|办公室|办公厅|厅|办事处|镇|乡|中心|院|所|会|处|部|署|队|站)$/.test(compact(last.text))) {
        signatureName = compact(last.text);
        bs.pop();
        continue;
      }
      break;
    }
  }

  let agency = agencyFromTitle(title) ?? agencyFromPreamble(preamble.map((p) => p.text).join(''));
  if (signatureName && (!agency || (signatureName !== agency && signatureName.endsWith(agency)))) agency = signatureName;
  else if (signatureName && agency && signatureName !== agency && !agency.endsWith(signatureName)) {
    m.note(['agency'], `标题中的机关名称为“${agency}”，落款为“${signatureName}”`);
  }

  const data: Record<string, unknown> = {};
  data['format'] = format;
  data['agency'] = agency ?? null;
  if (!agency) {
    m.note(['agency'], '未能从标题或落款读出机关名称');
    m.emptyCells++;
  }
  if (agency) {
    data['agency_kind'] = agencyKind(agency);
    m.note(['agency_kind'], `机关类型由名称“${agency}”推断，请核对`);
  }
  data['year'] = year ?? null;
  if (year === undefined) {
    m.note(['year'], '未能从标题读出报告年度');
    m.emptyCells++;
  }
  data['published'] = published ?? null;
  if (!published) {
    m.note(['published'], '原文没有发布日期或落款日期');
    m.emptyCells++;
  }
  if (title) data['title'] = title;

  const preambleText = joinParas(preamble);
  const contact = contactFrom(preambleText ?? '');
  if (contact) data['contact'] = contact;
  data['preamble'] = preambleText ?? null;
  m.at(['preamble'], preamble[0]?.at);
  sections.forEach((sec, i) => m.at([SECTION_KEYS[i]!], sec?.heading?.at));
  if (preambleText === undefined) m.note(['preamble'], '原文在“一、总体情况”之前没有前言');

  for (let i = 0; i < SECTION_KEYS.length; i++) {
    if (!sections[i]) m.note([SECTION_KEYS[i]!], `原文中没有找到第${'一二三四五六'[i]}部分的标题`);
  }

  data['overview'] = mapOverview(m, sections[0]);
  data['proactive'] = mapProactive(m, sections[1], format);
  data['applications'] = mapApplications(m, sections[2], format);
  data['appeals'] = mapAppeals(m, sections[3]);
  data['problems'] = mapProblems(m, sections[4]);
  data['other_matters'] = mapOtherMatters(m, sections[5], format);

  return {
    format,
    data,
    notes: m.notes,
    positions: m.positions,
    sectionsFound: sections.filter((x) => x).length,
    emptyCells: m.emptyCells,
    cellsLeftEmpty: m.emptyCells > 0,
    ...(title ? { title } : {}),
    ...(options.source ? { source: options.source } : {}),
    ...(options.importedOn ? { importedOn: options.importedOn } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// front matter

function yearOf(text: string | undefined): number | undefined {
  const m = /(20\d{2})\s*年/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

function detectFormat(text: string, year: number | undefined): Format {
  const t = compact(text);
  const hints2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '政府集中采购', '采购项目数量', '第二十条第(九)项'].filter((h) => t.includes(h)).length;
  const hints2021 = ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额', '逾期不补正', '本年处理决定数量'].filter((h) => t.includes(h)).length;
  if (hints2019 !== hints2021) return hints2019 > hints2021 ? 2019 : 2021;
  return year !== undefined && year <= 2020 ? 2019 : 2021;
}

const CN_NUM: Record<string, string> = { '〇': '0', 'О': '0', '○': '0', 'O': '0', '零': '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** "2024年1月17日", "2024-01-17 10:30", "二〇二四年一月十七日" → "2024-01-17" (undefined when it is not a date). */
export function normaliseDate(text: string): string | undefined {
  const s = compact(text);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/.exec(s);
  if (!m) {
    const cn = /^([〇О○O零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/.exec(s);
    if (!cn) return undefined;
    const num = (x: string): string => {
      if (!x.includes('十')) return x.split('').map((c) => CN_NUM[c] ?? '').join('');
      const [a, b] = x.split('十');
      return String((a ? Number(CN_NUM[a]) : 1) * 10 + (b ? Number(CN_NUM[b]) : 0));
    };
    m = ['', cn[1]!.split('').map((c) => CN_NUM[c] ?? '').join(''), num(cn[2]!), num(cn[3]!)] as unknown as RegExpExecArray;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function agencyFromTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  let s = compact(title).replace(/^关于/, '');
  s = s.replace(/(20\d{2})年度?/, '\u0000');
  const parts = s.split('\u0000');
  const before = parts[0] ?? '';
  const after = (parts[1] ?? '').replace(/(关于)?(政府信息公开|政务公开|信息公开).*$/, '');
  const name = before || after;
  return name && name.length >= 2 ? name : undefined;
}

/** "现向社会公布台儿庄区民政局2023年度政府信息公开…", "请与台儿庄区民政局联系": the name the preamble gives. */
function agencyFromPreamble(text: string): string | undefined {
  const t = compact(text);
  const m = /(?:公布|发布|编制)([^，。、；（）()《》“”]{2,30}?)20\d{2}年度?(?:政府信息公开|政务公开|信息公开)/.exec(t) ?? /请与([^，。、；（）()]{2,30}?)联系/.exec(t);
  return m?.[1];
}

/** 人民政府/管委会 → government; 街道办事处/乡/镇 → township; otherwise a department. */
export function agencyKind(name: string): 'government' | 'township' | 'department' {
  if (/(街道办事处|街道|[乡镇](人民政府)?)$/.test(name)) return 'township';
  if (/(人民政府|管委会|管理委员会)$/.test(name)) return 'government';
  return 'department';
}

function contactFrom(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const web = /(https?:\/\/[A-Za-z0-9./_%?=&#-]+|www\.[A-Za-z0-9.-]+\.[A-Za-z]{2,}[A-Za-z0-9./_-]*)/.exec(text);
  if (web) out['website'] = web[1]!;
  const field = (label: string): string | undefined => new RegExp(`(?:${label})[：:]\\s*([^；;，,。）)\\n]+)`).exec(text)?.[1]?.trim();
  const address = field('地址|通讯地址|办公地址');
  if (address) out['address'] = address;
  const postcode = /邮编[：:]?\s*(\d{6})/.exec(text)?.[1] ?? /邮政编码[：:]?\s*(\d{6})/.exec(text)?.[1];
  if (postcode) out['postcode'] = postcode;
  const phone = field('联系电话|咨询电话|电话');
  if (phone) out['phone'] = phone;
  const email = /([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(text)?.[1];
  if (email) out['email'] = email;
  return Object.keys(out).length > 0 ? out : undefined;
}

function joinParas(paras: readonly SourceParagraph[]): string | undefined {
  const texts = paras.map((p) => p.text.trim()).filter((t) => t);
  return texts.length > 0 ? `${texts.join('\n\n')}\n` : undefined;
}

/** Labels of the tables' headers: text input repeats them one per line; they carry no value. */
function structural(text: string): boolean {
  const c = core(text);
  if (!c) return true;
  const words = [...HEADER_WORDS, ...APPLICATION_COLUMNS, ...APPEAL_COLUMNS, '申请人情况', '法人或其他组织', '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', titleAt(['applications', 'results']),
    ...APPLICATION_ROWS.filter((p) => p.length === 4).map((p) => titleAt(p.slice(0, 3)))];
  return /^第二十条/.test(compact(text)) || /勾稽/.test(text) || words.some((w) => core(w) === c);
}

/** Text input: the paragraphs of a table section that no row took, kept as notes (nothing lost). */
function keepUnused(m: Mapper, path: Path, blocks: readonly SourceBlock[], used: ReadonlySet<SourceBlock>): void {
  for (const b of blocks) if (b.kind === 'paragraph' && !used.has(b) && !structural(b.text)) m.note(path, `原文此处有文字：${b.text}`, b.at);
}

/** Paragraphs of a section that are not in any table: kept as notes on the section (nothing lost). */
function keepStray(m: Mapper, path: Path, blocks: readonly SourceBlock[]): void {
  for (const b of blocks) if (b.kind === 'paragraph') m.note(path, `原文此处有文字：${b.text}`, b.at);
}

// ---------------------------------------------------------------------------------------------
// 一 总体情况

const OVERVIEW_TOPICS: readonly [string, RegExp][] = [
  ['on_request', /依申请/],
  ['proactive', /主动公开/],
  ['management', /管理/],
  ['platforms', /平台/],
  ['supervision', /监督|保障/],
];

function mapOverview(m: Mapper, section: Section | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!section) return out;
  const { intro, subs, tables } = splitSubsections(section.blocks);
  for (const t of tables) m.note(['overview'], `总体情况中有一个表格（${t.rows.length} 行），未导入`, t.at);
  const summary = joinParas(intro);
  if (summary) out['summary'] = summary;
  if (summary && subs.length === 0) m.note(['overview', 'summary'], '原文“一、总体情况”未分（一）至（五）小节，全文放在导语中，请按主题分开', intro[0]?.at);
  m.at(['overview', 'summary'], intro[0]?.at);
  const placed = new Map<string, Subsection>();
  const extra: Subsection[] = [];
  for (const sub of subs) {
    const h = compact(sub.heading ?? '');
    let key = OVERVIEW_TOPICS.find(([k, re]) => re.test(h) && !placed.has(k))?.[0];
    const byOrder = ['proactive', 'on_request', 'management', 'platforms', 'supervision'][(sub.ordinal ?? 0) - 1];
    if (!key && byOrder && !placed.has(byOrder)) key = byOrder;
    if (key) placed.set(key, sub);
    else extra.push(sub);
  }
  for (const key of ['proactive', 'on_request', 'management', 'platforms', 'supervision']) {
    const sub = placed.get(key);
    if (!sub) continue;
    out[key] = joinParas(sub.paragraphs) ?? null;
    m.at(['overview', key], sub.at);
    headingNote(m, ['overview', key], sub);
  }
  if (extra.length > 0) {
    out['extra'] = extra.map((sub) => ({ title: sub.heading ?? '', text: joinParas(sub.paragraphs) ?? '' }));
  }
  return out;
}

/** A published subheading that differs from the official title is kept as a note. */
function headingNote(m: Mapper, path: Path, sub: Subsection): void {
  if (sub.heading && !sameLabel(sub.heading, titleAt(path))) m.note(path, `原标题“${sub.heading}”`, sub.at);
  if (sub.paragraphs.length === 0) m.note(path, `“${sub.heading ?? titleAt(path)}”下没有正文`, sub.at);
}

// ---------------------------------------------------------------------------------------------
// 五 and 六

function mapProblems(m: Mapper, section: Section | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!section) return out;
  const { intro, subs, tables } = splitSubsections(section.blocks);
  for (const t of tables) m.note(['problems'], `此部分有一个表格（${t.rows.length} 行），未导入`, t.at);
  let issues: Subsection | undefined;
  let improvements: Subsection | undefined;
  const rest: Subsection[] = [];
  for (const sub of subs) {
    const h = compact(sub.heading ?? '');
    if (!issues && /问题/.test(h) && !/改进|整改/.test(h)) issues = sub;
    else if (!improvements && /改进|整改|措施|计划|方向/.test(h)) improvements = sub;
    else if (!issues && sub.ordinal === 1) issues = sub;
    else if (!improvements && sub.ordinal === 2) improvements = sub;
    else rest.push(sub);
  }
  if (!issues && !improvements) {
    // no subheadings: the whole text is the problems and their improvements together
    const text = joinParas([...intro, ...subs.flatMap((s) => s.paragraphs)]);
    if (text) {
      out['issues'] = text;
      m.note(['problems', 'issues'], '原文未分“存在的主要问题”和“改进情况”两小节，全文放在此处，请核对');
    }
    return out;
  }
  const introText = joinParas(intro);
  if (issues) {
    const paras = [...intro, ...issues.paragraphs];
    out['issues'] = joinParas(paras) ?? null;
    m.at(['problems', 'issues'], paras[0]?.at ?? issues.at);
    headingNote(m, ['problems', 'issues'], issues);
  } else if (introText) {
    out['issues'] = introText;
  }
  if (!issues && introText) m.note(['problems', 'issues'], '原文没有“存在的主要问题”小节标题，标题前的文字放在此处');
  else if (intro.length > 0) m.note(['problems', 'issues'], '小节标题前的导语并入此处');
  if (improvements) {
    const paras = [...improvements.paragraphs, ...rest.flatMap((s) => [{ ...s.paragraphs[0]!, text: s.heading ?? '' }, ...s.paragraphs]).filter((p) => p && p.text)];
    out['improvements'] = joinParas(paras) ?? null;
    m.at(['problems', 'improvements'], improvements.at ?? paras[0]?.at);
    headingNote(m, ['problems', 'improvements'], improvements);
    for (const s of rest) m.note(['problems', 'improvements'], `原文另有小节“${s.heading ?? ''}”，并入此处`, s.at);
  }
  return out;
}

const OTHER_TOPICS: readonly [string, RegExp][] = [
  ['processing_fees', /收费|处理费|收取.*费/],
  ['work_priorities', /工作要点|要点/],
  ['proposals', /建议|提案/],
  ['innovation', /创新/],
  ['statistics_notes', /统计/],
  ['other_required', /专门要求/],
  ['other', /其他事项|认为需要报告/],
];
const OTHER_KEYS = ['processing_fees', 'work_priorities', 'proposals', 'innovation', 'statistics_notes', 'other', 'other_required'];

function mapOtherMatters(m: Mapper, section: Section | undefined, format: Format): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!section) return out;
  const { intro, subs, tables } = splitSubsections(section.blocks);
  for (const t of tables) m.note(['other_matters'], `此部分有一个表格（${t.rows.length} 行），未导入`, t.at);
  const buckets = new Map<string, SourceParagraph[]>();
  const add = (key: string, paras: readonly SourceParagraph[]): void => {
    const list = buckets.get(key) ?? [];
    list.push(...paras);
    buckets.set(key, list);
  };
  // "一是收取信息处理费情况。…" items act as subheadings; other paragraphs continue the item before
  // them, or go to the field their first sentence names, else to 其他事项
  let current: string | undefined;
  const topicOf = (text: string): string | undefined => {
    const first = /^[^。：:]{0,60}/.exec(text)?.[0] ?? '';
    return OTHER_TOPICS.find(([, re]) => re.test(first))?.[0];
  };
  const items: Subsection[] = [];
  for (const p of intro) {
    const item = /^([一二三四五六七八九十]+是)([^。：:]{2,40})[。：:]\s*(.*)$/s.exec(p.text);
    const topic = item ? topicOf(item[2]!) : undefined;
    if (item && topic) {
      items.push({ heading: `${item[1]}${item[2]}`, paragraphs: item[3] ? [{ ...p, text: item[3] }] : [], ...(p.at ? { at: p.at } : {}) });
      current = undefined;
      continue;
    }
    if (items.length > 0) {
      items[items.length - 1]!.paragraphs.push(p);
      continue;
    }
    current = topicOf(p.text) ?? current ?? 'other';
    add(current, [p]);
  }
  for (const sub of [...items, ...subs]) {
    const h = compact(sub.heading ?? '');
    const key = OTHER_TOPICS.find(([, re]) => re.test(h))?.[0] ?? 'other';
    const path: Path = ['other_matters', key];
    if (buckets.has(key)) m.note(path, `原文小节“${sub.heading ?? ''}”并入此处`, sub.at);
    else if (sub.heading && !sameLabel(sub.heading.replace(SUBHEADING, ''), titleAt(path))) m.note(path, `原标题“${sub.heading}”`, sub.at);
    const keepHeading = buckets.has(key) && sub.heading ? [{ kind: 'paragraph' as const, text: sub.heading }] : [];
    add(key, [...keepHeading, ...sub.paragraphs]);
  }
  // the fee statement is required from the 2021 format on (the fee rules came in November 2020)
  if (format === 2021 && !buckets.has('processing_fees')) {
    m.note(['other_matters', 'processing_fees'], '原文没有说明收取信息处理费的情况');
    m.emptyCells++;
  }
  for (const key of OTHER_KEYS) {
    const paras = buckets.get(key);
    if (paras) out[key] = joinParas(paras) ?? null;
    if (paras) m.at(['other_matters', key], paras.find((x) => x.at)?.at);
    else if (key === 'processing_fees' && format === 2021) out[key] = null;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 二 主动公开 (table by header labels)

interface ColumnSpec {
  key: string;
  label: string;
  kind: CellKind;
}
interface RowSpec {
  key: string;
  labels: string[];
  /** undefined: a single value (2021 counts/fees); else the object's columns. */
  columns: ColumnSpec[] | undefined;
  single?: ColumnSpec;
}

function proactiveRows(format: Format): RowSpec[] {
  const t = (p: Path): string => titleAt(p);
  if (format === 2021) {
    const docs = (key: string): RowSpec => ({
      key, labels: [t(['proactive', key]), key === 'normative_documents' ? '规范性文件' : t(['proactive', key])],
      columns: ['issued', 'repealed', 'in_force'].map((c) => ({ key: c, label: t(['proactive', key, c]), kind: 'count' as const })),
    });
    const decision = { key: '', label: '本年处理决定数量', kind: 'count' as const };
    return [
      docs('rules'), docs('normative_documents'),
      { key: 'licensing', labels: [t(['proactive', 'licensing'])], columns: undefined, single: decision },
      { key: 'penalty', labels: [t(['proactive', 'penalty'])], columns: undefined, single: decision },
      { key: 'coercion', labels: [t(['proactive', 'coercion'])], columns: undefined, single: decision },
      { key: 'fees', labels: [t(['proactive', 'fees'])], columns: undefined, single: { key: '', label: '本年收费金额（单位：万元）', kind: 'money' } },
    ];
  }
  // 2019 (国办公开办函〔2019〕60号): labels as in the format until the schema carries them
  const docCols: ColumnSpec[] = [
    { key: 'made', label: '本年新制作数量', kind: 'count' },
    { key: 'published', label: '本年新公开数量', kind: 'count' },
    { key: 'total', label: '对外公开总数量', kind: 'count' },
  ];
  const itemCols: ColumnSpec[] = [
    { key: 'previous', label: '上一年项目数量', kind: 'count' },
    { key: 'change', label: '本年增/减', kind: 'signed' },
    { key: 'decisions', label: '处理决定数量', kind: 'count' },
  ];
  return [
    { key: 'rules', labels: ['规章'], columns: docCols },
    { key: 'normative_documents', labels: ['规范性文件', '行政规范性文件'], columns: docCols },
    { key: 'licensing', labels: ['行政许可'], columns: itemCols },
    { key: 'other_services', labels: ['其他对外管理服务事项'], columns: itemCols },
    { key: 'penalty', labels: ['行政处罚'], columns: itemCols },
    { key: 'coercion', labels: ['行政强制'], columns: itemCols },
    { key: 'fees', labels: ['行政事业性收费'], columns: itemCols.slice(0, 2) },
    { key: 'procurement', labels: ['政府集中采购'], columns: [{ key: 'projects', label: '采购项目数量', kind: 'count' }, { key: 'amount', label: '采购总金额', kind: 'amount' }] },
  ];
}

const HEADER_WORDS = ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '处理决定数量', '本年收费金额', '本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '采购项目数量', '采购总金额'];

function mapProactive(m: Mapper, section: Section | undefined, format: Format): Record<string, unknown> {
  const specs = proactiveRows(format);
  const out: Record<string, unknown> = {};
  const found = new Set<string>();
  const tables = section?.blocks.filter((b): b is SourceTable => b.kind === 'table') ?? [];
  if (section && tables.length > 0) keepStray(m, ['proactive'], section.blocks);
  // a table broken across pages continues under the header of the part before it
  let header: { row: Slot[]; cells: Slot[] } | undefined;
  for (const table of tables) {
    const grid = gridOf(table);
    for (let r = 0; r < grid.length; r++) {
      const row = grid[r]!;
      const rowAt = table.rowsAt?.[r] ?? table.at;
      const cells = distinct(row);
      const first = cells[0]?.text ?? '';
      if (cells.some((c) => HEADER_WORDS.some((w) => core(c.text) === core(w)))) {
        header = { row, cells };
        continue;
      }
      if (/^第二十条/.test(compact(first)) || cells.every((c) => !c.text)) continue;
      const rowIndex = matchRow(first, specs.map((s) => s.labels));
      if (rowIndex === undefined) {
        m.note(['proactive'], `原文有一行不在格式中：${cells.map((c) => c.text || '（空）').join(' | ')}`, rowAt);
        continue;
      }
      const spec = specs[rowIndex]!;
      if (found.has(spec.key)) {
        m.note(['proactive', spec.key], `原文此行重复出现：${cells.map((c) => c.text || '（空）').join(' | ')}`, rowAt);
        continue;
      }
      found.add(spec.key);
      const path: Path = ['proactive', spec.key];
      labelNote(m, path, first, spec.labels[0]!, rowAt);
      const columns = spec.columns ?? [spec.single!];
      // a header that names none of this row's columns (one from another part of the table) is not its header
      const fits = header?.cells.some((h) => columns.some((col) => labelDistance(h.text, col.label) !== undefined));
      const values = valuesByHeader(row, cells, fits ? header : undefined);
      const read: Record<string, unknown> = {};
      columns.forEach((col, i) => {
        const text = pickColumn(m, values, col.label, i, columns.length, spec.columns ? [...path, col.key] : path, columns.map((c) => c.label));
        read[col.key] = m.cell(text ?? '', col.kind, spec.columns ? [...path, col.key] : path, rowAt);
        if (text === undefined) m.note(spec.columns ? [...path, col.key] : path, `原文此行没有“${col.label}”一栏`, rowAt);
      });
      out[spec.key] = spec.columns ? read : read[''];
    }
  }
  if (tables.length === 0 && section) keepUnused(m, ['proactive'], section.blocks, linearProactive(m, section, specs, out, found));
  for (const spec of specs) {
    if (found.has(spec.key)) continue;
    const path: Path = ['proactive', spec.key];
    m.note(path, `原文没有“${spec.labels[0]}”一行`);
    if (spec.columns) {
      out[spec.key] = Object.fromEntries(spec.columns.map((c) => [c.key, null]));
      m.emptyCells += spec.columns.length;
    } else {
      out[spec.key] = null;
      m.emptyCells++;
    }
  }
  // template order
  return Object.fromEntries(specs.map((s) => [s.key, out[s.key]]));
}

/**
 * Values of a data row by their column header. Rows whose spans disagree with the header's (a value
 * cell spanning two columns under two headers) are paired cell by cell when the counts agree;
 * otherwise each header reads the grid column it starts at.
 */
function valuesByHeader(row: Slot[], cells: Slot[], header: { row: Slot[]; cells: Slot[] } | undefined): { label: string; text: string }[] {
  const values = cells.slice(1);
  if (!header) return values.map((c) => ({ label: '', text: c.text }));
  const heads = header.cells.slice(1);
  if (heads.length === values.length) return values.map((c, i) => ({ label: heads[i]!.text, text: c.text }));
  return heads.map((h) => {
    const col = header.row.findIndex((s) => s.id === h.id);
    return { label: h.text, text: col >= 0 && col < row.length ? row[col]!.text : '' };
  });
}

function pickColumn(
  m: Mapper, values: { label: string; text: string }[], label: string, index: number, count: number, path: Path, all: readonly string[],
): string | undefined {
  // exact labels first; a differing label is taken only when this column is its best fit
  let labelled = values.filter((v) => v.label && core(v.label) === core(label));
  if (labelled.length === 0) labelled = values.filter((v) => v.label && bestMatch(v.label, all) === all.indexOf(label));
  if (labelled.length > 0) {
    const texts = [...new Set(labelled.map((v) => v.text.trim()).filter((t) => t))];
    if (texts.length > 1) m.note(path, `原文“${label}”有多栏：${texts.join('、')}，取第一栏`);
    return texts[0] ?? labelled[0]!.text;
  }
  if (values.every((v) => !v.label) && values.length === count) return values[index]!.text;
  if (values.some((v) => v.label)) return undefined;
  return values[index]?.text;
}

function matchRow(label: string, candidates: readonly string[][]): number | undefined {
  let best: number | undefined;
  let bestScore = Infinity;
  candidates.forEach((labels, i) => {
    for (const l of labels) {
      const d = labelDistance(label, l);
      if (d !== undefined && d < bestScore) {
        best = i;
        bestScore = d;
      }
    }
  });
  return best;
}

function labelNote(m: Mapper, path: Path, published: string, official: string, at?: SourcePosition): void {
  if (!sameLabel(published, official)) m.note(path, `原文行名为“${published}”，按“${official}”读入`, at);
}

/** Text input with one cell per line: a row label followed by its values. */
function linearProactive(m: Mapper, section: Section, specs: RowSpec[], out: Record<string, unknown>, found: Set<string>): Set<SourceBlock> {
  const used = new Set<SourceBlock>();
  const paras = section.blocks.filter((b): b is SourceParagraph => b.kind === 'paragraph');
  for (let i = 0; i < paras.length; i++) {
    const label = paras[i]!.text;
    if (looksLikeValue(label) || HEADER_WORDS.some((w) => core(w) === core(label))) continue;
    const rowIndex = matchRow(label, specs.map((s) => s.labels));
    if (rowIndex === undefined) continue;
    const spec = specs[rowIndex]!;
    if (found.has(spec.key)) continue;
    const columns = spec.columns ?? [spec.single!];
    const values: string[] = [];
    let j = i + 1;
    while (j < paras.length && values.length < columns.length && looksLikeValue(paras[j]!.text)) values.push(paras[j++]!.text);
    if (values.length === 0) continue;
    found.add(spec.key);
    for (let k = i; k < j; k++) used.add(paras[k]!);
    const path: Path = ['proactive', spec.key];
    labelNote(m, path, label, spec.labels[0]!, paras[i]!.at);
    const read: Record<string, unknown> = {};
    columns.forEach((col, k) => {
      read[col.key] = m.cell(values[k] ?? '', col.kind, spec.columns ? [...path, col.key] : path, paras[i]!.at);
    });
    out[spec.key] = spec.columns ? read : read[''];
  }
  return used;
}

// ---------------------------------------------------------------------------------------------
// 三 申请 (rows by their labels, columns by the applicant headers)

interface AppRow {
  path: Path;
  title: string;
  /** The group's title for rows under （三）（四）（五）（六）. */
  group?: string;
}

function applicationRows(format: Format): AppRow[] {
  const rows: AppRow[] = [];
  const seen = new Set<string>();
  for (const path of APPLICATION_ROWS) {
    if (format === 2019 && path[1] === 'results' && path[2] === 'other') {
      if (!seen.has('other')) rows.push({ path: ['applications', 'results', 'other'], title: titleAt(['applications', 'results', 'other']) });
      seen.add('other');
      continue;
    }
    rows.push(path.length === 4 ? { path, title: titleAt(path), group: titleAt(path.slice(0, 3)) } : { path, title: titleAt(path) });
  }
  return rows;
}

function emptyApplications(format: Format): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of applicationRows(format)) setIn(out, row.path.slice(1), null);
  return out;
}

function setIn(target: Record<string, unknown>, path: Path, value: unknown): void {
  let t = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = String(path[i]);
    t = (t[k] ??= {}) as Record<string, unknown>;
  }
  t[String(path[path.length - 1])] = value;
}

function mapApplications(m: Mapper, section: Section | undefined, format: Format): Record<string, unknown> {
  const rows = applicationRows(format);
  const out = emptyApplications(format);
  const filled = new Set<string>();
  const groups = [...new Set(rows.filter((r) => r.group).map((r) => r.group!))];
  const tables = section?.blocks.filter((b): b is SourceTable => b.kind === 'table') ?? [];
  if (section && tables.length > 0) keepStray(m, ['applications'], section.blocks);

  const place = (given: string[], values: (string | undefined)[], at: SourcePosition | undefined, state: { group?: string }): void => {
    // "（三）不予公开 1.属于国家秘密" in one cell (text tables): the group, then the row
    const labels = given.flatMap((l) => {
      const m2 = /^([(（]\s*[一二三四五六七]\s*[)）][^0-9]*?)\s*(\d+\s*[.、．].*)$/.exec(l);
      return m2 ? [m2[1]!, m2[2]!] : [l];
    });
    // the row's own label is its last; earlier ones name its group
    for (const l of labels) {
      const g = bestMatch(l, groups);
      if (g !== undefined && labelDistance(l, groups[g]!)! < 0.5) state.group = groups[g];
    }
    const own = labels[labels.length - 1] ?? '';
    let candidates = rows.filter((r) => !filled.has(r.path.join('.')));
    const inGroup = candidates.filter((r) => r.group && r.group === state.group);
    let row: AppRow | undefined;
    const ord = ordinalOf(own);
    if (inGroup.length > 0 && !/^[(（]/.test(compact(own)) && !/^[一二三四][、.]/.test(compact(own))) {
      const i = bestMatch(own, inGroup.map((r) => r.title));
      row = i !== undefined ? inGroup[i] : inGroup.find((r) => ordinalOf(r.title) === ord);
    }
    if (!row) {
      candidates = candidates.filter((r) => !r.group);
      const i = bestMatch(own, candidates.map((r) => r.title));
      if (i !== undefined) {
        row = candidates[i];
        state.group = undefined;
      }
    }
    if (!row && format === 2021 && groups.some((g) => g === titleAt(['applications', 'results', 'other'])) && labelDistance(own, titleAt(['applications', 'results', 'other'])) !== undefined) {
      // a 2021 report with the one-row （六） of 2019: kept as one row, to be split by hand
      row = { path: ['applications', 'results', 'other'], title: titleAt(['applications', 'results', 'other']) };
      m.note(row.path, '原文“（六）其他处理”只有一行（2019 年格式），2021 年格式分为三行，请核对', at);
      for (const r of rows) if (r.path[2] === 'other') filled.add(r.path.join('.'));
    }
    if (!row) {
      if (values.some((v) => v && v.trim())) m.note(['applications'], `原文有一行不在格式中：${labels.join('·')} | ${values.map((v) => v || '（空）').join(' | ')}`, at);
      else if (own && groups.every((g) => labelDistance(own, g) === undefined) && !/三、本年度办理结果/.test(compact(own).replace(/\s/g, ''))) {
        if (core(own) !== core(titleAt(['applications', 'results']))) m.note(['applications'], `原文有一行不在格式中：${labels.join('·')}`, at);
      }
      return;
    }
    filled.add(row.path.join('.'));
    if (!sameLabel(own, row.title)) m.note(row.path, `原文行名为“${own}”，按“${row.title}”读入`, at);
    const cells = APPLICATION_COLUMNS.map((_, c) => m.cell(values[c] ?? '', 'count', [...row!.path, c], at));
    setIn(out, row.path.slice(1), cells);
  };

  let previous: ReturnType<typeof applicantColumns> | undefined;
  for (const table of tables) {
    const grid = gridOf(table);
    const own = applicantColumns(grid);
    // the second part of a table broken across pages has no header: it continues the first, each
    // row aligned on the right (a label cell merged down from the first part is missing there)
    const continued = !own.byColumn && previous?.byColumn ? previous : undefined;
    if (own.byColumn) previous = own;
    const state: { group?: string } = {};
    for (let r = own.headerRows; r < grid.length; r++) {
      const full = grid[r]!;
      const rowAt = table.rowsAt?.[r] ?? table.at;
      let row = full;
      let columns = own;
      if (continued) {
        const length = full.reduce((n, slot, i) => (slot.id >= 0 ? i + 1 : n), 0);
        const shift = continued.byColumn!.length - length;
        if (shift < 0 || continued.firstValue - shift < 0) {
          m.note(['applications'], `原文有一行比表头多出栏目，未读入：${distinct(full).filter((x) => x.id >= 0).map((x) => x.text || '（空）').join(' | ')}`, rowAt);
          continue;
        }
        row = full.slice(0, length);
        columns = { headerRows: 0, firstValue: continued.firstValue - shift, byColumn: continued.byColumn!.slice(shift) };
      }
      const labelSlots = distinct(row.slice(0, columns.firstValue));
      const labels = labelSlots.map((s) => s.text).filter((t) => t && !/勾稽/.test(t));
      let values: (string | undefined)[];
      if (columns.byColumn) {
        values = APPLICATION_COLUMNS.map((_, c) => {
          const slots = distinct(columns.byColumn!.map((col, i) => (col === c ? row[i]! : undefined)).filter((s): s is Slot => s !== undefined));
          const texts = [...new Set(slots.map((s) => s.text.trim()).filter((t) => t))];
          if (texts.length > 1) m.note(['applications'], `原文“${APPLICATION_COLUMNS[c]}”有多栏：${texts.join('、')}，取第一栏`, rowAt);
          return slots.length === 0 ? undefined : (texts[0] ?? '');
        });
        const extra = row.map((s, i) => (i >= columns.firstValue && columns.byColumn![i] === undefined ? s.text : '')).filter((t) => t.trim());
        if (extra.length > 0) m.note(['applications'], `原文此行（${labels.join('·')}）另有不在格式中的栏：${extra.join('、')}`, rowAt);
      } else {
        // no readable header (text tables): the label cells, then the values in template order when
        // there are exactly seven; otherwise which value is in which column cannot be known
        const cells = distinct(row).filter((c) => c.id >= 0).map((c) => c.text); // not the grid's padding
        const first = cells.findIndex((c) => c.trim() !== '' && looksLikeValue(c));
        const own = first < 0 ? cells : cells.slice(0, first);
        const found = first < 0 ? [] : cells.slice(first);
        labels.splice(0, labels.length, ...own.filter((t) => t && !/勾稽/.test(t)));
        values = found;
        if (found.length > 0 && found.length !== APPLICATION_COLUMNS.length) {
          m.note(['applications'], `原文“${labels.join(' ')}”一行有 ${found.length} 个数字（${found.join('、')}），不是 ${APPLICATION_COLUMNS.length} 栏，无法确定各在哪一栏，未读入`, rowAt);
          values = [];
        }
      }
      if (labels.length === 0) continue;
      place(labels, values, rowAt, state);
    }
  }
  if (tables.length === 0 && section) {
    // text with one cell per line: a label, then its values
    const paras = section.blocks.filter((b): b is SourceParagraph => b.kind === 'paragraph');
    const state: { group?: string } = {};
    const used = new Set<SourceBlock>();
    for (let i = 0; i < paras.length; i++) {
      const label = paras[i]!.text;
      if (looksLikeValue(label)) continue;
      const values: string[] = [];
      let j = i + 1;
      while (j < paras.length && values.length < APPLICATION_COLUMNS.length && looksLikeValue(paras[j]!.text)) values.push(paras[j++]!.text);
      if (values.length === 0) {
        // a label wrapped onto the next line ("5.要求行政机关确认或重新" / "出具已获取信息")
        const next = paras[i + 1];
        const joined = next && !looksLikeValue(next.text) && !structural(next.text) && ordinalOf(next.text) === undefined ? label + next.text : undefined;
        if (joined && paras[i + 2] && looksLikeValue(paras[i + 2]!.text) && bestMatch(joined, rows.map((r) => r.title)) !== undefined) {
          const wrapped: string[] = [];
          let k = i + 2;
          while (k < paras.length && wrapped.length < APPLICATION_COLUMNS.length && looksLikeValue(paras[k]!.text)) wrapped.push(paras[k++]!.text);
          for (let x = i; x < k; x++) used.add(paras[x]!);
          place([joined], wrapped, paras[i]!.at, state);
          i = k - 1;
          continue;
        }
        const g = bestMatch(label, groups);
        if (g !== undefined) state.group = groups[g];
        continue;
      }
      if (values.length < APPLICATION_COLUMNS.length) m.note(['applications'], `原文“${label}”后只有 ${values.length} 个数字，按栏目顺序读入`, paras[i]!.at);
      for (let k = i; k < j; k++) used.add(paras[k]!);
      place([label], values, paras[i]!.at, state);
    }
    keepUnused(m, ['applications'], section.blocks, used);
  }
  for (const row of rows) {
    if (filled.has(row.path.join('.'))) continue;
    m.note(row.path, `原文没有“${row.group ? `${row.group}·` : ''}${row.title}”一行`);
    m.emptyCells += APPLICATION_COLUMNS.length;
  }
  return out;
}

/** Which grid columns hold which applicant column, from the header rows. */
function applicantColumns(grid: Slot[][]): { headerRows: number; firstValue: number; byColumn?: (number | undefined)[] } {
  const width = grid[0]?.length ?? 0;
  const byColumn: (number | undefined)[] = Array.from({ length: width }, () => undefined);
  let headerRows = 0;
  for (let r = 0; r < Math.min(grid.length, 6); r++) {
    const row = grid[r]!;
    let hit = false;
    row.forEach((slot, c) => {
      const i = APPLICATION_COLUMNS.findIndex((label) => core(slot.text) === core(label));
      if (i >= 0) {
        byColumn[c] = i;
        hit = true;
      }
    });
    if (hit || row.some((s) => /申请人情况/.test(compact(s.text)))) headerRows = r + 1;
    else if (headerRows > 0) break;
  }
  const found = new Set(byColumn.filter((c) => c !== undefined)).size;
  if (found < 5) return { headerRows: 0, firstValue: Math.max(0, width - APPLICATION_COLUMNS.length) };
  const firstValue = byColumn.findIndex((c) => c !== undefined);
  return { headerRows, firstValue, byColumn };
}

// ---------------------------------------------------------------------------------------------
// 四 复议、诉讼

function mapAppeals(m: Mapper, section: Section | undefined): Record<string, unknown> {
  const rowKeys = APPEAL_ROWS.map((p) => String(p[1]));
  const out: Record<string, (number | string | null)[] | null> = Object.fromEntries(rowKeys.map((k) => [k, null]));
  const tables = section?.blocks.filter((b): b is SourceTable => b.kind === 'table') ?? [];
  if (section && tables.length > 0) keepStray(m, ['appeals'], section.blocks);
  const groupOf = (text: string): string | undefined => {
    const t = compact(text);
    if (/复议后/.test(t)) return 'lawsuit_after_review';
    if (/未经复议|直接起诉/.test(t)) return 'lawsuit_direct';
    if (/行政复议/.test(t)) return 'review';
    return undefined;
  };
  const values: Record<string, (string | undefined)[]> = {};
  let at: SourcePosition | undefined;
  for (const table of tables) {
    const grid = gridOf(table);
    const width = grid[0]?.length ?? 0;
    const colGroup: (string | undefined)[] = Array.from({ length: width }, () => undefined);
    const colLabel: (number | undefined)[] = Array.from({ length: width }, () => undefined);
    let r = 0;
    for (; r < grid.length; r++) {
      const row = grid[r]!;
      const numeric = row.filter((s) => s.text && looksLikeValue(s.text)).length;
      if (numeric > 0 && row.every((s) => looksLikeValue(s.text) || groupOf(s.text) !== undefined)) break;
      row.forEach((s, c) => {
        const g = groupOf(s.text);
        // the most specific heading wins: 复议后起诉 / 未经复议直接起诉 under 行政诉讼, else 行政复议
        if (g && (colGroup[c] === undefined || colGroup[c] === 'review')) colGroup[c] = g;
        const l = APPEAL_COLUMNS.findIndex((label) => core(label) === core(s.text));
        if (l >= 0) colLabel[c] = l;
      });
    }
    for (; r < grid.length; r++) {
      const row = grid[r]!;
      if (row.every((s) => !s.text.trim())) continue;
      at ??= table.rowsAt?.[r] ?? table.at;
      // a row labelled by its own group (a transposed table) or one row of all fifteen
      const rowGroup = row.map((s) => groupOf(s.text)).find((g) => g);
      const seen = new Set<number>();
      row.forEach((s, c) => {
        if (seen.has(s.id) || groupOf(s.text)) return;
        seen.add(s.id);
        const g = rowGroup ?? colGroup[c];
        const l = colLabel[c];
        if (!g || l === undefined) {
          if (s.text.trim()) m.note(['appeals'], `原文第 ${c + 1} 栏“${s.text}”不属于任何一栏`, table.at);
          return;
        }
        const list = (values[g] ??= []);
        if (list[l] !== undefined && list[l] !== s.text) m.note(['appeals', g], `原文“${APPEAL_COLUMNS[l]}”有多栏：${list[l]}、${s.text}，取第一栏`, table.at);
        else list[l] = s.text;
      });
    }
  }
  if (Object.keys(values).length === 0) {
    // headers that could not be read (text tables): a row of exactly fifteen values in template order
    for (const table of tables) {
      const cells = APPEAL_ROWS.length * APPEAL_COLUMNS.length;
      const row = table.rows.map((r) => r.map((c) => c.text)).find((r) => r.length === cells && r.every((c) => looksLikeValue(c)));
      if (!row) continue;
      rowKeys.forEach((k, i) => (values[k] = row.slice(i * 5, i * 5 + 5)));
      at = table.at;
      m.notes.splice(0, m.notes.length, ...m.notes.filter((x) => !(x.path.length === 1 && x.path[0] === 'appeals' && /不属于任何一栏/.test(x.message))));
      m.note(['appeals'], '原文表头无法读出，十五个数字按格式的栏目顺序读入，请核对', table.at);
      break;
    }
  }
  if (tables.length === 0 && section) {
    const nums = section.blocks.filter((b): b is SourceParagraph => b.kind === 'paragraph').filter((p) => looksLikeValue(p.text) && p.text.trim());
    if (nums.length === APPEAL_ROWS.length * APPEAL_COLUMNS.length) {
      rowKeys.forEach((k, i) => (values[k] = nums.slice(i * 5, i * 5 + 5).map((p) => p.text)));
      at = nums[0]!.at;
      m.note(['appeals'], '原文表格按格式的栏目顺序读入，请核对');
    }
  }
  for (const k of rowKeys) {
    const list = values[k];
    if (!list) {
      m.note(['appeals', k], `原文没有“${titleAt(['appeals', k])}”的数字`);
      m.emptyCells += APPEAL_COLUMNS.length;
      continue;
    }
    out[k] = APPEAL_COLUMNS.map((_, c) => m.cell(list[c] ?? '', 'count', ['appeals', k, c], at));
  }
  return out;
}
