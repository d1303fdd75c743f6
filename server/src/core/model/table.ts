/**
 * The tables of a report, derived from the schema: which paths are rows, their official labels,
 * and typed access to rows that are well formed (checks skip rows the schema already rejects).
 * Table 三 depends on the format: 25 rows in 2021 (（六）其他处理 in three sub-rows), 23 in 2019
 * (（六） one row). Tables 四 and the columns of 三 are the same in both.
 */
import { columnLabels, schemaAt, titleAt, type Path, type ReportFormat } from './schema';

const APPLICATIONS = 'applications';
const RESULTS = 'results';

function rowPaths(path: Path, format: ReportFormat): Path[] {
  const node = schemaAt(path, format);
  if (!node) return [];
  if (node.type === 'array') return [path];
  return Object.keys(node.properties ?? {}).flatMap((k) => rowPaths([...path, k], format));
}

/** The rows of table 三 of one format, in template order. */
export interface ApplicationTable {
  readonly format: ReportFormat;
  /** All rows: 25 (2021) or 23 (2019). */
  readonly rows: readonly Path[];
  /** The result rows （七）总计 adds up: 21 (2021) or 19 (2019). */
  readonly results: readonly Path[];
}

function applicationTable(format: ReportFormat): ApplicationTable {
  const rows = rowPaths([APPLICATIONS], format);
  return { format, rows, results: rows.filter((p) => p[1] === RESULTS && p[2] !== 'total') };
}

const TABLES: Record<ReportFormat, ApplicationTable> = { 2019: applicationTable(2019), 2021: applicationTable(2021) };

/** Table 三 of `format`. */
export function applicationTableOf(format: ReportFormat): ApplicationTable {
  return TABLES[format];
}

/** The rows of table 三 of `format` in template order (25 in 2021, 23 in 2019). */
export const applicationRows = (format: ReportFormat): readonly Path[] => TABLES[format].rows;
/** The result rows that （七）总计 adds up (21 in 2021, 19 in 2019). */
export const resultRows = (format: ReportFormat): readonly Path[] => TABLES[format].results;

/** The 25 rows of table 三 of the 2021 format (for a report of either format use `applicationRows`). */
export const APPLICATION_ROWS: readonly Path[] = TABLES[2021].rows;
export const RECEIVED: Path = [APPLICATIONS, 'received'];
export const CARRIED_OVER: Path = [APPLICATIONS, 'carried_over'];
export const RESULTS_TOTAL: Path = [APPLICATIONS, RESULTS, 'total'];
export const CARRIED_FORWARD: Path = [APPLICATIONS, 'carried_forward'];
/** The 21 result rows of the 2021 format (for either format use `resultRows`). */
export const RESULT_ROWS: readonly Path[] = TABLES[2021].results;
/** `applications.results.other` as one row: the 2019 format's （六）, tolerated in a 2021 report (rule `one-row-other`). */
export const OTHER_HANDLING: Path = [APPLICATIONS, RESULTS, 'other'];
/** The 3 rows of table 四 (the same in both formats). */
export const APPEAL_ROWS: readonly Path[] = rowPaths(['appeals'], 2021);

export const APPLICATION_COLUMNS: readonly string[] = columnLabels(RECEIVED);
export const APPEAL_COLUMNS: readonly string[] = columnLabels(APPEAL_ROWS[0]!);
/** Index of the 总计 column. */
export const APP_TOTAL = APPLICATION_COLUMNS.length - 1;
export const APPEAL_TOTAL = APPEAL_COLUMNS.length - 1;

/**
 * The label of a row as the messages name it: `（三）不予公开·1.属于国家秘密`, `（七）总计`,
 * `一、本年新收政府信息公开申请数量`, `行政复议`.
 */
export function rowLabel(path: Path, format: ReportFormat = 2021): string {
  if (path[0] === APPLICATIONS && path[1] === RESULTS && path.length === 4) {
    return `${titleAt(path.slice(0, 3), format)}·${titleAt(path, format)}`;
  }
  return titleAt(path, format);
}

/** `（七）总计·自然人` */
export function cellLabel(path: Path, column: number, format: ReportFormat = 2021): string {
  const columns = path[0] === APPLICATIONS ? APPLICATION_COLUMNS : APPEAL_COLUMNS;
  return `${rowLabel(path, format)}·${columns[column] ?? column + 1}`;
}

/**
 * The rows of a report's table 三 as its data has them: the rows of its format, except that a 2021
 * report that keeps the 2019 one-row （六） (accepted with a warning) has that one row in place of
 * the three sub-rows, so that its arithmetic is still checked.
 */
export function applicationRowsOf(data: unknown, format: ReportFormat): { rows: readonly Path[]; results: readonly Path[] } {
  if (format === 2021 && Array.isArray(getIn(data, OTHER_HANDLING))) return TABLES[2019];
  return TABLES[format];
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
