/**
 * The JSON Schema is the data dictionary: official labels (`title`), explanations
 * (`markdownDescription`) and the shape of a report. This module compiles it once and answers
 * "what is the label / definition at this path" for messages, hovers, completion and rendering.
 */
import type { ValidateFunction } from 'ajv';
import schemaJson from '../../../../schemas/govreport.schema.json';
// compiled from the schema at build time (scripts/gen-validator.mjs): no ajv compile at start-up
import generatedValidator from '../generated/schema-validator';

export type Path = readonly (string | number)[];

/** The subset of JSON Schema draft-07 this project's schema uses. */
export interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  type?: string;
  title?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode | SchemaNode[];
  format?: string;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  definitions?: Record<string, SchemaNode>;
  defaultSnippets?: unknown[];
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
}

/**
 * The national formats: 2021 (国办公开办函〔2021〕30号, reports from 2021 on) and 2019 (the trial
 * format of 国办公开办函〔2019〕60号, reports for 2019 and 2020). They differ in tables 二 and 三; the
 * schema's root `if`/`then`/`else` on `format` selects the shape.
 */
export type ReportFormat = 2019 | 2021;
export const FORMATS: readonly ReportFormat[] = [2019, 2021];

/** The format a report's data declares: 2019 when `format: 2019`, else 2021 (also when missing or wrong). */
export function formatOf(data: unknown): ReportFormat {
  return data !== null && typeof data === 'object' && (data as Record<string, unknown>)['format'] === 2019 ? 2019 : 2021;
}

/** The format the reports of `year` follow: 2019 up to the 2020 reports, 2021 from then on. */
export function formatForYear(year: number): ReportFormat {
  return year <= 2020 ? 2019 : 2021;
}

export const reportSchema = schemaJson as unknown as SchemaNode;

/** The schema's validator (ajv standalone code, with `allErrors`). */
export function schemaValidator(): ValidateFunction {
  return generatedValidator;
}

/** Resolves `$ref` and merges `allOf` so that the caller sees one node with all keywords. */
export function resolveSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node) return undefined;
  let out: SchemaNode = node;
  if (node.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    out = { ...reportSchema.definitions?.[name], ...withoutKeys(node, ['$ref']) };
  }
  if (out.if && out.else) {
    // a tolerated alternative (`then`) next to the official shape (`else`): the dictionary describes the official one
    out = { ...resolveSchema(out.else), ...withoutKeys(out, ['if', 'then', 'else']) };
  }
  if (out.allOf) {
    let merged: SchemaNode = {};
    for (const part of out.allOf) merged = { ...merged, ...resolveSchema(part) };
    out = { ...merged, ...withoutKeys(out, ['allOf']) };
  }
  return out;
}

function withoutKeys(node: SchemaNode, keys: string[]): SchemaNode {
  const copy: Record<string, unknown> = { ...node };
  for (const k of keys) delete copy[k];
  return copy as SchemaNode;
}

const roots = new Map<ReportFormat, SchemaNode>();

/** The root of the schema as it applies to one format: the `then` (2019) or `else` (2021) branch merged in. */
export function rootSchema(format: ReportFormat = 2021): SchemaNode {
  const hit = roots.get(format);
  if (hit) return hit;
  const branch = format === 2019 ? reportSchema.then : reportSchema.else;
  const properties: Record<string, SchemaNode> = { ...reportSchema.properties };
  for (const [key, part] of Object.entries(branch?.properties ?? {})) {
    const base = properties[key] ?? {};
    // the branch brings the whole shape (a $ref to the format's definition, with its own title and
    // description) or extra keywords (`required`) for a base that keeps its own properties
    properties[key] = part.$ref ? part : { ...base, ...part, ...(base.properties ? { properties: base.properties } : {}) };
  }
  const root = withoutKeys({ ...reportSchema, properties }, ['if', 'then', 'else']);
  roots.set(format, root);
  return root;
}

const cache = new Map<string, SchemaNode | null>();

/** The resolved schema node describing the value at `path` in a report of `format`, or undefined where the schema has none. */
export function schemaAt(path: Path, format: ReportFormat = 2021): SchemaNode | undefined {
  const key = `${format}\u0000${path.join('\u0000')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let node = resolveSchema(rootSchema(format));
  for (const seg of path) {
    if (!node) break;
    if (typeof seg === 'number') {
      node = resolveSchema(Array.isArray(node.items) ? node.items[seg] : node.items);
    } else {
      node = resolveSchema(node.properties?.[seg]);
    }
  }
  cache.set(key, node ?? null);
  return node;
}

/** The official label (`title`) at `path`, or the last path segment when the schema has none. */
export function titleAt(path: Path, format: ReportFormat = 2021): string {
  return schemaAt(path, format)?.title ?? String(path[path.length - 1] ?? '');
}

/** Property names allowed at `path` (for did-you-mean and completion). */
export function propertyNames(path: Path, format: ReportFormat = 2021): string[] {
  return Object.keys(schemaAt(path, format)?.properties ?? {});
}

/** The column labels of a table row at `path` (e.g. 自然人 … 总计). */
export function columnLabels(path: Path, format: ReportFormat = 2021): string[] {
  const items = schemaAt(path, format)?.items;
  return Array.isArray(items) ? items.map((i) => i.title ?? '') : [];
}
