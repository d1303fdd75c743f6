/**
 * Writes an import result as a complete `*.govreport.yaml` in the house style: a header comment
 * naming the source and the date of import, section comments, table rows as flow sequences with their
 * official labels, texts as block scalars, and every review note as a `# 导入：` comment above the
 * line it is about. Parsing the output gives back exactly `result.data`.
 */
import { stringify } from 'yaml';
import { schemaAt, titleAt, type Path } from '../model/schema';
import { APPEAL_COLUMNS, APPLICATION_COLUMNS } from '../model/table';
import type { ImportResult, ReviewNote } from './map';

/** Labels of the 2019 format's keys, until the schema carries them (国办公开办函〔2019〕60号). */
const LABELS_2019: Record<string, string> = {
  'proactive.normative_documents': '规范性文件',
  'proactive.other_services': '其他对外管理服务事项',
  'proactive.procurement': '政府集中采购',
  'proactive.licensing': '行政许可',
  'proactive.penalty': '行政处罚',
  'proactive.coercion': '行政强制',
  'proactive.fees': '行政事业性收费',
};
const COLUMNS_2019: Record<string, string> = {
  made: '本年新制作数量', published: '本年新公开数量', total: '对外公开总数量',
  previous: '上一年项目数量', change: '本年增/减', decisions: '处理决定数量',
  projects: '采购项目数量', amount: '采购总金额',
};

function label(path: Path, format: number): string {
  const key = path.join('.');
  if (format === 2019 && LABELS_2019[key]) return LABELS_2019[key]!;
  return schemaAt(path) ? titleAt(path) : (LABELS_2019[key] ?? String(path[path.length - 1]));
}

/** Characters YAML does not allow as they are (controls, C1, line/paragraph separators, BOM, lone surrogates). */

const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** One line of a comment: no line breaks or unprintable characters inside. */
function commentText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(new RegExp(UNPRINTABLE.source, 'g'), '\ufffd');
}

/** A double-quoted scalar with every character YAML does not print as it is escaped. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  if (!UNPRINTABLE.test(text) && !/[\r\n\t]/.test(text)) {
    const plain = stringify(text, { lineWidth: 0 }).trimEnd();
    if (!plain.includes('\n')) return plain;
  }
  return quoted(text);
}

/** A block scalar when the text allows one (ends with one line break, no edge spaces), else quoted. */
function textValue(text: string, indent: string): string {
  const lines = text.slice(0, -1).split('\n');
  const blockable = text.endsWith('\n') && !text.endsWith('\n\n') && lines.length > 0 &&
    lines[0] !== '' && !/^\s/.test(lines[0]!) && lines.every((l) => !/[ \t]$/.test(l) && !/^[ \t]/.test(l)) &&
    !UNPRINTABLE.test(text) && !/[\t\r]/.test(text);
  if (!blockable) return ` ${quoted(text)}`;
  return ` |\n${lines.map((l) => (l ? `${indent}${l}` : '')).join('\n')}`;
}

export function writeReportYaml(result: ImportResult): string {
  const format = result.format;
  const byPath = new Map<string, ReviewNote[]>();
  for (const note of result.notes) {
    // a cell's note goes above its row; a flow map's column above the map's line
    let path = note.path;
    const last = path[path.length - 1];
    let prefix = '';
    if (typeof last === 'number') {
      const columns = path[0] === 'appeals' ? APPEAL_COLUMNS : APPLICATION_COLUMNS;
      prefix = `${columns[last] ?? last + 1}：`;
      path = path.slice(0, -1);
    } else if (path[0] === 'proactive' && path.length === 3) {
      prefix = `${format === 2019 ? (COLUMNS_2019[String(last)] ?? String(last)) : titleAt(path)}：`;
      path = path.slice(0, 2);
    }
    const key = path.join('.');
    const list = byPath.get(key) ?? [];
    list.push({ ...note, message: prefix + note.message });
    byPath.set(key, list);
  }
  const out: string[] = [];
  const notesAt = (path: Path, indent: string): void => {
    const key = path.join('.');
    for (const note of byPath.get(key) ?? []) {
      const where = note.at?.line !== undefined ? `（原文第 ${note.at.line} 行）` : note.at?.page !== undefined ? `（原文第 ${note.at.page} 页）` : '';
      out.push(`${indent}# 导入：${commentText(note.message)}${where}`);
    }
    byPath.delete(key);
  };

  const title = result.title ?? `${String(result.data['agency'] ?? '')} ${String(result.data['year'] ?? '')}年政府信息公开工作年度报告`;
  out.push(`# ${commentText(title)}`);
  out.push(`# 导入自 ${commentText(result.source ?? '（未注明来源）')}${result.importedOn ? `，导入日期 ${result.importedOn}` : ''}（govreport import）。`);
  out.push('# 以“# 导入：”开头的注释是导入时需要核对之处；空白的单元格导入为 null（原文空白，不是 0）。');
  notesAt([], '# ');

  const emit = (value: unknown, path: Path, indent: string): void => {
    const entries = Object.entries(value as Record<string, unknown>);
    const scalarKeys = entries.filter(([, v]) => Array.isArray(v) || v === null || typeof v !== 'object' || isFlowMap([...path], v)).map(([k]) => k);
    const width = Math.max(0, ...scalarKeys.map((k) => k.length + 1));
    for (const [key, v] of entries) {
      const p = [...path, key];
      if (path.length === 0 && SECTIONS.has(key)) {
        out.push('');
        out.push(`# ${label(p, format)}`);
        if (key === 'applications') out.push(`# 列：${APPLICATION_COLUMNS.join(' | ')}`);
        if (key === 'appeals') out.push(`# 列：${APPEAL_COLUMNS.join(' | ')}`);
      } else if (path.length === 0 && key === 'preamble') {
        out.push('');
      }
      notesAt(p, indent);
      const head = `${indent}${key}:`;
      if (typeof v === 'string' && v.includes('\n')) {
        out.push(head + textValue(v, `${indent}  `));
      } else if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) {
        out.push(`${`${head}${' '.repeat(width - key.length - 1)} [${v.map(scalar).join(', ')}]`}   # ${label(p, format)}`);
      } else if (Array.isArray(v)) {
        out.push(head);
        v.forEach((item, i) => {
          const lines: string[] = [];
          const saved = out.length;
          emit(item, [...p, i], `${indent}    `);
          lines.push(...out.splice(saved));
          if (lines.length > 0) lines[0] = `${indent}  - ${lines[0]!.slice(indent.length + 4)}`;
          out.push(...lines);
        });
      } else if (v !== null && typeof v === 'object' && isFlowMap(path, v)) {
        const body = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${scalar(x)}`).join(', ');
        out.push(`${head}${' '.repeat(width - key.length - 1)} {${body}}   # ${label(p, format)}`);
      } else if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) {
        out.push(`${head} {}`);
      } else if (v !== null && typeof v === 'object') {
        const group = path[0] === 'applications' ? `   # ${label(p, format)}` : '';
        out.push(head + group);
        emit(v, p, `${indent}  `);
      } else if (path[0] === 'proactive' && path.length === 1) {
        out.push(`${head}${' '.repeat(width - key.length - 1)} ${scalar(v)}   # ${label(p, format)}`);
      } else {
        out.push(`${head} ${scalar(v)}`);
      }
    }
  };
  emit(result.data, [], '');
  // notes on paths not written (a key the data lacks): at the end, so that nothing is lost
  const rest = [...byPath.values()].flat();
  if (rest.length > 0) {
    out.push('');
    for (const note of rest) out.push(`# 导入：${note.path.join('.')}：${commentText(note.message)}`);
  }
  return `${out.join('\n')}\n`;
}

const SECTIONS = new Set(['overview', 'proactive', 'applications', 'appeals', 'problems', 'other_matters']);

function isFlowMap(path: Path, v: unknown): boolean {
  return path[0] === 'proactive' && path.length === 1 && v !== null && typeof v === 'object' && !Array.isArray(v) &&
    Object.values(v as Record<string, unknown>).every((x) => x === null || typeof x !== 'object');
}
