/**
 * `schema` diagnostics: ajv validates the plain data and reports instance paths; each path is mapped
 * back through the YAML node tree to the exact key or value (missing key → the parent's key,
 * unknown key → that key, wrong row length → the row).
 */
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { isScalar } from 'yaml';
import type { ReportDiagnostic } from '../model/diagnostic';
import { anchorRange, keyRange, nodeAt, valueRange, type ReportDocument } from '../model/document';
import { t, joinList, type Lang } from '../model/l10n';
import { RuleCode } from '../model/rules';
import { formatOf, propertyNames, schemaAt, schemaValidator, titleAt as titleIn, type Path, type ReportFormat } from '../model/schema';
import { APPEAL_ROWS, OTHER_HANDLING, applicationRows, cellLabel, rowLabel } from '../model/table';

const rowIds = (format: ReportFormat) => new Set([...applicationRows(format), OTHER_HANDLING, ...APPEAL_ROWS].map((p) => p.join('\u0000')));
// the one-row （六） of the 2019 format is a row in either format (a 2021 report may keep it)
const ROW_IDS: Record<ReportFormat, Set<string>> = { 2019: rowIds(2019), 2021: rowIds(2021) };
const isRowPath = (path: Path, format: ReportFormat): boolean => ROW_IDS[format].has(path.join('\u0000'));

/** How a path is named in messages: a cell by row·column, a row by its label, else the schema title. */
export function labelFor(path: Path, lang: Lang, format: ReportFormat = 2021): string {
  const last = path[path.length - 1];
  if (typeof last === 'number' && isRowPath(path.slice(0, -1), format)) return cellLabel(path.slice(0, -1), last, format);
  if (isRowPath(path, format)) return rowLabel(path, format);
  if (typeof last === 'number') return `${titleIn(path.slice(0, -1), format)}[${last + 1}]`;
  if (path.length === 0) return t(lang, 'the report');
  const title = titleIn(path, format);
  return lang === 'zh' ? `${title}（${String(last)}）` : `${title} (${String(last)})`;
}

function typeName(lang: Lang, type: string): string {
  switch (type) {
    case 'integer': return t(lang, 'a whole number');
    case 'number': return t(lang, 'a number');
    case 'string': return t(lang, 'text');
    case 'object': return t(lang, 'a mapping of keys');
    case 'array': return t(lang, 'a list');
    default: return type;
  }
}

function show(lang: Lang, value: unknown): string {
  if (value === null || value === undefined) return t(lang, '(empty)');
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return t(lang, 'a list');
  if (typeof value === 'object') return t(lang, 'a mapping of keys');
  return String(value);
}

/**
 * A number as the report writes it: 9007199254740993 is read as 9007199254740992 and 400 nines as
 * Infinity, neither of which the writer typed. Other values as `show` gives them.
 */
function asTyped(doc: ReportDocument, path: Path, lang: Lang, value: unknown): string {
  if (typeof value !== 'number') return show(lang, value);
  const node = nodeAt(doc, path);
  const range = isScalar(node) ? node.range : undefined;
  const typed = range ? doc.text.slice(range[0], range[1]).trim() : '';
  return /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(typed) && /\d/.test(typed) ? typed : show(lang, value);
}

/** Turns an ajv instance path (`/applications/received/0`) into path segments. */
function toPath(instancePath: string, data: unknown): Path {
  if (!instancePath) return [];
  const out: (string | number)[] = [];
  let v: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(v) ? Number(seg) : seg;
    out.push(key);
    v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

export function checkSchema(doc: ReportDocument, lang: Lang): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  const flagged = new Set<number>();

  // Numbers must be written as plain decimals: 0x10, 0o17, 1e3, .inf are YAML numbers but not what
  // a reader of the report sees; -0 is a negative zero.
  for (const node of doc.oddNumbers) {
    const [start, end] = node.range!;
    const src = doc.text.slice(start, end);
    flagged.add(start);
    out.push({
      code: RuleCode.Schema, severity: 'error', range: { start, end },
      message: Object.is(node.value, -0) ? t(lang, '-0 is negative zero: write 0') : t(lang, '{0} is not a plain decimal number: write it as digits, e.g. 16 or 2.5', src),
    });
  }

  const validate = schemaValidator();
  if (validate(doc.data)) return out;
  const errors = dedupe(validate.errors ?? []);
  for (const err of errors) {
    const path = toPath(err.instancePath, doc.data);
    const node = nodeAt(doc, path);
    const nodeStart = node?.range?.[0];
    if (nodeStart !== undefined && flagged.has(nodeStart) && isScalar(node)) continue;
    const d = diagnosticFor(doc, lang, err, path);
    if (d) out.push(d);
  }
  return out;
}

/** Drops errors that restate another: `additionalItems` next to `maxItems`, `type` inside `allOf`. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const result: ErrorObject[] = [];
  const rowLength = new Set(errors.filter((e) => e.keyword === 'maxItems' || e.keyword === 'minItems').map((e) => e.instancePath));
  for (const e of errors) {
    if (e.keyword === 'additionalItems' && rowLength.has(e.instancePath)) continue;
    if (e.keyword === 'pattern' && errors.some((o) => o.keyword === 'format' && o.instancePath === e.instancePath)) continue;
    // a value with the wrong type also fails minimum/maximum etc. only when the type is right; keep first per path+keyword
    const key = `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(e);
  }
  return result;
}

function diagnosticFor(doc: ReportDocument, lang: Lang, err: ErrorObject, path: Path): ReportDiagnostic | undefined {
  const value = nodeAt(doc, path) ? valueAtPath(doc.data, path) : undefined;
  const here = valueRange(doc, path) ?? anchorRange(doc, path);
  const make = (message: string, range = here): ReportDiagnostic => ({ code: RuleCode.Schema, severity: 'error', message, range });
  const format = formatOf(doc.data);
  const titleAt = (p: Path) => titleIn(p, format);
  const label = labelFor(path, lang, format);
  switch (err.keyword) {
    case 'required': {
      const missing = String((err.params as { missingProperty: string }).missingProperty);
      const missingLabel = titleAt([...path, missing]);
      const where = path.length === 0 ? t(lang, 'the report') : titleAt(path);
      return make(t(lang, '{0} is missing the required key {1} ({2})', where, missing, missingLabel), anchorRange(doc, path));
    }
    case 'additionalProperties': {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      const range = keyRange(doc, [...path, key]) ?? here;
      const allowed = propertyNames(path, format);
      const suggestion = suggest(key, allowed);
      const where = path.length === 0 ? t(lang, 'the report') : titleAt(path);
      return make(suggestion
        ? t(lang, 'Unknown key {0} in {1}. Did you mean {2} ({3})?', key, where, suggestion, titleAt([...path, suggestion]))
        : t(lang, 'Unknown key {0} in {1}. Allowed keys: {2}', key, where, joinList(lang, allowed)), range);
    }
    case 'type': {
      const expected = String((err.params as { type: string }).type);
      // a union (采购总金额: a number or text with its unit)
      if (expected.includes(',')) return make(t(lang, '{0} must be {1}, but is {2}', label, expected.split(',').map((e) => typeName(lang, e)).join(t(lang, ' or ')), show(lang, value)));
      if (path.length === 0) return make(t(lang, 'A report is a YAML mapping of keys (format, agency, year, …), not {0}', show(lang, doc.data)));
      if (expected === 'integer' && typeof value === 'string' && /^\s*[-/无—]?\s*$/.test(value)) {
        return make(t(lang, '{0} must be a count; write 0 where nothing happened, not {1}', label, show(lang, value)));
      }
      return make(t(lang, '{0} must be {1}, but is {2}', label, typeName(lang, expected), asTyped(doc, path, lang, value)));
    }
    case 'minimum': {
      // worded from the bound: a count or an amount cannot be negative, a year is at least 2008
      const limit = (err.params as { limit: number }).limit;
      return make(limit === 0
        ? t(lang, '{0} cannot be negative, but is {1}', label, asTyped(doc, path, lang, value))
        : t(lang, '{0} must be at least {1}, but is {2}', label, String(limit), asTyped(doc, path, lang, value)));
    }
    case 'maximum':
      return make(t(lang, '{0} must be at most {1}, but is {2}', label, String((err.params as { limit: number }).limit), asTyped(doc, path, lang, value)));
    case 'minItems':
    case 'maxItems': {
      // (the one-row （六） of a 2021 report is the schema's tolerated branch: its length is in the error)
      const expected = schemaAt(path, format)?.minItems ?? (err.params as { limit: number }).limit;
      const actual = Array.isArray(value) ? value.length : 0;
      return make(t(lang, '{0} must have {1} columns, but has {2}', label, expected, actual));
    }
    case 'enum': {
      const allowed = ((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v));
      return make(t(lang, '{0} must be one of {1}, but is {2}', label, joinList(lang, allowed), show(lang, value)));
    }
    case 'pattern':
      if (schemaAt(path, format)?.format !== 'date') {
        // 采购总金额 written as text: digits and a unit
        return make(t(lang, '{0} must be a number, or digits with the unit as published (元, 万元 or 亿元), e.g. "251000元", but is {1}', label, show(lang, value)));
      }
      return make(t(lang, '{0} is not a valid date: write YYYY-MM-DD, e.g. 2024-01-16 (is {1})', label, show(lang, value)));
    case 'format':
      return make(t(lang, '{0} is not a valid date: write YYYY-MM-DD, e.g. 2024-01-16 (is {1})', label, show(lang, value)));
    case 'minLength':
      return make(t(lang, '{0} must not be empty', label));
    case 'additionalItems':
      return make(t(lang, '{0} has too many columns', label));
    case 'allOf':
    case 'if':
      return undefined; // the failing branch reports itself (`if`: the branch of the report's format)
    default:
      return make(t(lang, '{0}: {1}', label, err.message ?? err.keyword));
  }
}

function valueAtPath(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** The nearest allowed key, if it is near enough to be a likely typo. */
export function suggest(key: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(key.toLowerCase(), allowed as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  if (distance(key.toLowerCase(), best) <= limit) return best;
  // a key written with another separator or case (issuedCount, in-force) also counts
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  return allowed.find((a) => norm(a) === norm(key) || norm(key).includes(norm(a)) && norm(a).length >= 4);
}
