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
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  definitions?: Record<string, SchemaNode>;
  defaultSnippets?: unknown[];
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
  // a table cell may be null (a blank cell, which `blank-cell` reports): readers see its real type
  if (Array.isArray(out.type)) out = { ...out, type: (out.type as string[]).find((x) => x !== 'null') };
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

const cache = new Map<string, SchemaNode | null>();

/** The resolved schema node describing the value at `path`, or undefined where the schema has none. */
export function schemaAt(path: Path): SchemaNode | undefined {
  const key = path.join('\u0000');
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let node = resolveSchema(reportSchema);
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
export function titleAt(path: Path): string {
  return schemaAt(path)?.title ?? String(path[path.length - 1] ?? '');
}

/** Property names allowed at `path` (for did-you-mean and completion). */
export function propertyNames(path: Path): string[] {
  return Object.keys(schemaAt(path)?.properties ?? {});
}

/** The column labels of a table row at `path` (e.g. 自然人 … 总计). */
export function columnLabels(path: Path): string[] {
  const items = schemaAt(path)?.items;
  return Array.isArray(items) ? items.map((i) => i.title ?? '') : [];
}
