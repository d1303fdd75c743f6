/**
 * The tables of a report, derived from the schema: which paths are rows, their official labels,
 * and typed access to rows that are well formed (checks skip rows the schema already rejects).
 */
import { columnLabels, schemaAt, titleAt, type Path } from './schema';

const APPLICATIONS = 'applications';
const RESULTS = 'results';

function rowPaths(path: Path): Path[] {
  const node = schemaAt(path);
  if (!node) return [];
  if (node.type === 'array') return [path];
  return Object.keys(node.properties ?? {}).flatMap((k) => rowPaths([...path, k]));
}

/** The 25 rows of table 三 in template order. */
export const APPLICATION_ROWS: readonly Path[] = rowPaths([APPLICATIONS]);
export const RECEIVED: Path = [APPLICATIONS, 'received'];
export const CARRIED_OVER: Path = [APPLICATIONS, 'carried_over'];
export const RESULTS_TOTAL: Path = [APPLICATIONS, RESULTS, 'total'];
export const CARRIED_FORWARD: Path = [APPLICATIONS, 'carried_forward'];
/** The 21 result rows that （七）总计 adds up. */
export const RESULT_ROWS: readonly Path[] = APPLICATION_ROWS.filter((p) => p[1] === RESULTS && p[2] !== 'total');
/** The 3 rows of table 四. */
export const APPEAL_ROWS: readonly Path[] = rowPaths(['appeals']);

export const APPLICATION_COLUMNS: readonly string[] = columnLabels(RECEIVED);
export const APPEAL_COLUMNS: readonly string[] = columnLabels(APPEAL_ROWS[0]!);
/** Index of the 总计 column. */
export const APP_TOTAL = APPLICATION_COLUMNS.length - 1;
export const APPEAL_TOTAL = APPEAL_COLUMNS.length - 1;

/**
 * The label of a row as the messages name it: `（三）不予公开·1.属于国家秘密`, `（七）总计`,
 * `一、本年新收政府信息公开申请数量`, `行政复议`.
 */
export function rowLabel(path: Path): string {
  if (path[0] === APPLICATIONS && path[1] === RESULTS && path.length === 4) {
    return `${titleAt(path.slice(0, 3))}·${titleAt(path)}`;
  }
  return titleAt(path);
}

/** `（七）总计·自然人` */
export function cellLabel(path: Path, column: number): string {
  const columns = path[0] === APPLICATIONS ? APPLICATION_COLUMNS : APPEAL_COLUMNS;
  return `${rowLabel(path)}·${columns[column] ?? column + 1}`;
}

export function getIn(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The row at `path` if it has exactly `length` counts, else undefined (the schema reports it). */
export function countRow(data: unknown, path: Path, length: number): number[] | undefined {
  const row = getIn(data, path);
  return Array.isArray(row) && row.length === length && row.every(isCount) ? (row as number[]) : undefined;
}

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** A cell as a table may hold it: a count, or null for a cell left blank (`blank-cell`). */
export type Cell = number | null;

/**
 * The row at `path` if it has exactly `length` cells, each a count or blank (null), else undefined.
 * `countRow` is undefined for a row with a blank: the sums around it are not checked (one
 * `blank-cell` says what is wrong, not a sum error on every total).
 */
export function cellRow(data: unknown, path: Path, length: number): Cell[] | undefined {
  const row = getIn(data, path);
  return Array.isArray(row) && row.length === length && row.every((v) => v === null || isCount(v)) ? (row as Cell[]) : undefined;
}

/** The indices of the blank (null) cells of the row at `path` (empty when it is no row). */
export function blankCells(data: unknown, path: Path): number[] {
  const row = getIn(data, path);
  if (!Array.isArray(row)) return [];
  const out: number[] = [];
  row.forEach((v, i) => { if (v === null) out.push(i); });
  return out;
}
