/**
 * Dotted scenario paths checked against the scenario schema, when an experiment file is read:
 * does the path name a parameter, is it a number, what plausible range and validity limits does
 * the schema give it. Read generically from the schema's JSON Schema (src/scenario/parameters.ts),
 * so parameters added to the model are known here without changes. Pure.
 *
 * A path walks mappings by key, records by any key, and lists by entry index
 * (`organizations.initial.0.skill` is the field `organizations.initial[].skill` of entry 0).
 */
import { closest } from '../scenario/issues.ts';
import { splitPath } from '../scenario/paths.ts';
import { resolveRef, scenarioJsonSchema, structural, type JsonSchema } from '../scenario/parameters.ts';

export interface ParameterInfo {
  /** The schema node of the value (references resolved, the non-null branch of a nullable). */
  node: JsonSchema;
  /** Whether the value is a number (or a nullable number). */
  numeric: boolean;
  integer: boolean;
  /** The plausible range the schema gives the parameter (its `range` metadata), if any. */
  range?: [number, number];
  /** Validity limits: the smallest and largest value the scenario accepts. */
  min: number;
  max: number;
  /** Whether the schema's source says the value is an assumption. */
  assumption: boolean;
}

let cached: JsonSchema | null = null;
function root(): JsonSchema {
  cached ??= scenarioJsonSchema();
  return cached;
}

function typesOf(node: JsonSchema): string[] {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) return branches.flatMap((b) => typesOf(resolveRef(b, root())));
  if (Array.isArray(node.type)) return node.type;
  return node.type ? [node.type] : [];
}

function numberBranch(node: JsonSchema): JsonSchema {
  const branches = node.anyOf ?? node.oneOf;
  if (!branches) return node;
  const numeric = branches.map((b) => resolveRef(b, root())).find((b) => b.type === 'number' || b.type === 'integer');
  return numeric ? { ...numeric, ...node, anyOf: undefined, oneOf: undefined } : node;
}

/** The parameter at `path`, or a sentence saying why the path names none. */
export function parameterAt(path: string): ParameterInfo | { problem: string } {
  const parts = path.split('.');
  const schema = root();
  let node: JsonSchema = schema;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const shape = structural(resolveRef(node, schema), schema);
    const here = parts.slice(0, i).join('.');
    if (shape.properties && Object.hasOwn(shape.properties, part)) node = shape.properties[part];
    else if (shape.additionalProperties && typeof shape.additionalProperties === 'object') node = shape.additionalProperties;
    else if (shape.properties) {
      const guess = closest(part, Object.keys(shape.properties));
      return { problem: `unknown parameter: no "${part}" ${here ? `under ${here}` : 'at the top of a scenario'}${guess ? ` (did you mean "${[...parts.slice(0, i), guess].join('.')}"?)` : ''}; \`govbuy schema\` lists the parameters` };
    } else if (shape.type === 'array' && shape.items) {
      if (!/^\d+$/.test(part)) return { problem: `${here} is a list: name an entry by its index, e.g. ${[here, '0', ...parts.slice(i)].join('.')}` };
      node = shape.items;
    } else return { problem: `${here} is a single value, not a section: "${parts.slice(i).join('.')}" cannot be below it` };
  }
  const resolved = resolveRef(node, schema);
  const types = typesOf(resolved);
  const numeric = types.some((t) => t === 'number' || t === 'integer');
  const value = numberBranch(resolved);
  const lo = Math.max(value.minimum ?? -Infinity, value.exclusiveMinimum ?? -Infinity);
  const hi = Math.min(value.maximum ?? Infinity, value.exclusiveMaximum ?? Infinity);
  const r = resolved.range;
  const range = Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'number') ? ([r[0], r[1]] as [number, number]) : undefined;
  return {
    node: resolved,
    numeric,
    integer: numeric && !types.includes('number') && types.includes('integer'),
    ...(range ? { range } : {}),
    min: lo,
    max: hi,
    assumption: typeof resolved.source === 'string' && /^assumption/i.test(resolved.source),
  };
}

/** Whether `path` equals `prefix` or lies below it (policies.payments lies below policies). */
export function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** Why `path` cannot be a parameter path of an experiment (syntax, or the run seed), or null. */
export function pathProblem(path: string): string | null {
  let parts: string[];
  try {
    parts = splitPath(path);
  } catch (err) {
    return (err as Error).message;
  }
  if (parts[0] === 'seed' && parts.length === 1) return 'the run seed is set by the sweep (from the experiment seed); vary replications or the experiment seed instead';
  return null;
}
