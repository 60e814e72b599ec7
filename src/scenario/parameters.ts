/**
 * Every scenario parameter, walked from the scenario schema's JSON Schema (input side, so
 * defaults are visible and nothing is required that has a default), in schema order: objects
 * with `properties` are descended into, arrays of objects get a row of their own and then one
 * row per item field (`organizations.initial[].count`), and everything else (numbers, enums,
 * lists of enums, records, nullable values) is a leaf with one row. Each row carries the
 * metadata the schema gives it: meaning, source, plausible range, default.
 *
 * One walk for every reader: docs/ODD.md's parameter tables (scripts/parameterTables.ts), the
 * assumptions table of reports (src/report/assumptions.ts) and the free parameters of a
 * calibration (src/calibration/parameters.ts). Pure.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

/** The part of JSON Schema that zod emits and this module reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  source?: string;
  range?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  [key: string]: unknown;
}

/** One row of a table: a leaf parameter, or a list of entries whose fields follow it. */
export interface Parameter {
  /** Dotted path as written in a scenario file; `[]` marks the entries of a list. */
  path: string;
  /** Table the row belongs to: a top-level key, `policies.<lever>`, or '' for top-level scalars. */
  section: string;
  kind: 'leaf' | 'list';
  /** The JSON Schema node, with `$ref`s resolved. */
  schema: JsonSchema;
  description?: string;
  source?: string;
  range?: [number, number];
  hasDefault: boolean;
  default?: unknown;
  required: boolean;
  /** Whether the value is a number (or a nullable number). */
  numeric: boolean;
}

/** Top-level objects split into one table per child (one table per policy lever). */
const SPLIT_SECTIONS = new Set(['policies']);

/** The scenario schema as JSON Schema, input side. */
export function scenarioJsonSchema(): JsonSchema {
  return z.toJSONSchema(scenarioSchema, { io: 'input' }) as JsonSchema;
}

export function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  let current = node;
  for (let hops = 0; current.$ref && hops < 32; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`cannot resolve external $ref ${ref}`);
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (!target || typeof target !== 'object') throw new Error(`dangling $ref ${ref}`);
    const { $ref: _ignored, ...siblings } = current;
    current = { ...(target as JsonSchema), ...siblings };
  }
  return current;
}

const isNull = (s: JsonSchema) => s.type === 'null';

/** The non-null branch of a nullable `anyOf`, else the node itself. */
export function structural(node: JsonSchema, root: JsonSchema): JsonSchema {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) {
    const nonNull = branches.filter((b) => !isNull(b));
    if (nonNull.length === 1) return resolveRef(nonNull[0], root);
  }
  return node;
}

export const hasProperties = (s: JsonSchema) => !!s.properties && Object.keys(s.properties).length > 0;

function typesOf(node: JsonSchema, root: JsonSchema): string[] {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) return branches.flatMap((b) => typesOf(resolveRef(b, root), root));
  if (Array.isArray(node.type)) return node.type;
  return node.type ? [node.type] : [];
}

function asRange(value: unknown): [number, number] | undefined {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')
    ? [value[0] as number, value[1] as number]
    : undefined;
}

function sectionOf(segments: string[], root: JsonSchema): string {
  if (segments.length === 0) return '';
  const top = segments[0].replace(/\[\]$/, '');
  const second = segments[1];
  const topNode = structural(resolveRef(root.properties?.[top] ?? {}, root), root);
  const isContainer = hasProperties(topNode) || (topNode.type === 'array' && !!topNode.items && hasProperties(structural(resolveRef(topNode.items, root), root)));
  if (!isContainer) return '';
  if (SPLIT_SECTIONS.has(top) && second !== undefined) return `${top}.${second.replace(/\[\]$/, '')}`;
  return top;
}

/** Every row, in schema order. */
export function collectParameters(schema: JsonSchema = scenarioJsonSchema()): Parameter[] {
  const rows: Parameter[] = [];
  const root = schema;

  const row = (node: JsonSchema, segments: string[], kind: Parameter['kind'], required: boolean): Parameter => ({
    path: segments.join('.'),
    section: sectionOf(segments, root),
    kind,
    schema: node,
    description: typeof node.description === 'string' ? node.description : undefined,
    source: typeof node.source === 'string' ? node.source : undefined,
    range: asRange(node.range),
    hasDefault: 'default' in node,
    default: node.default,
    required,
    numeric: typesOf(node, root).some((t) => t === 'number' || t === 'integer'),
  });

  const walk = (raw: JsonSchema, segments: string[], required: boolean): void => {
    const node = resolveRef(raw, root);
    const shape = structural(node, root);
    if (hasProperties(shape)) {
      for (const [key, child] of Object.entries(shape.properties!)) {
        walk(child, [...segments, key], shape.required?.includes(key) ?? false);
      }
      return;
    }
    if (shape.type === 'array' && shape.items) {
      const items = structural(resolveRef(shape.items, root), root);
      if (hasProperties(items)) {
        rows.push(row(node, segments, 'list', required));
        const itemSegments = [...segments.slice(0, -1), `${segments[segments.length - 1] ?? ''}[]`];
        walk(items, itemSegments, true);
        return;
      }
    }
    rows.push(row(node, segments, 'leaf', required));
  };

  walk(root, [], true);
  return rows;
}
