/**
 * Free parameters of a calibration: scenario parameters whose value rests on an assumption
 * (their schema metadata says so), each with a prior. The prior is uniform over the schema's
 * plausible `range`, or over a range the targets file gives, optionally on a log scale.
 *
 * The fitting works in "internal" coordinates, where every prior is uniform on a box:
 * x = value (uniform prior) or x = ln value (log-uniform prior). Whole-number parameters are
 * fitted as continuous values and rounded when they are set in a scenario. Pure.
 */
import { collectParameters, type JsonSchema, type Parameter } from '../scenario/parameters.ts';
import { closest } from '../scenario/issues.ts';
import { pathProblem } from '../scenario/load.ts';
import { getPath, splitPath } from '../scenario/paths.ts';
import type { Scenario } from '../scenario/schema.ts';

export interface Prior {
  lo: number;
  hi: number;
  /** Log-uniform: uniform in ln(value). */
  log: boolean;
  /** Where the range comes from. */
  from: 'schema range' | 'targets file';
}

export interface FreeParameter {
  /** Dotted path, as in --set (list entries by index: organizations.initial.0.skill). */
  path: string;
  /** Column name in posterior.csv (the path unless the targets file names it). */
  name: string;
  prior: Prior;
  /** Whole-number parameter: runs use the rounded value. */
  integer: boolean;
  /** What the parameter means (schema description). */
  description: string;
  /** The schema's source note (it marks the value as an assumption). */
  source: string;
  /** The value the scenario file gives (or its default). */
  scenarioValue: number | null;
  /** Optional note from the targets file. */
  note?: string;
}

/**
 * Whether a schema `source` marks the value as an assumption: it starts with "assumption", or
 * it cites a source for the mechanism and says the number itself is "an assumption"
 * ("Xitun: most of 132 groups withered (003); rate an assumption").
 */
export function isAssumption(source: string | undefined): boolean {
  const s = (source ?? 'assumption').trim();
  return /^assumption\b/i.test(s) || /\ban assumption\b/i.test(s);
}

let leaves: Map<string, Parameter> | undefined;

function schemaLeaves(): Map<string, Parameter> {
  leaves ??= new Map(collectParameters().filter((p) => p.kind === 'leaf' && p.path !== '').map((p) => [p.path, p]));
  return leaves;
}

/** `organizations.initial.0.skill` → `organizations.initial[].skill` (the schema table's form). */
function tablePath(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (/^(0|[1-9]\d*)$/.test(part)) out += '[]';
    else out += out.length === 0 ? part : `.${part}`;
  }
  return out;
}

interface NumericInfo {
  integer: boolean;
  min: number;
  max: number;
}

/** Whether a schema node is a number, and its bounds (nullable numbers included). */
function numericInfo(node: JsonSchema): NumericInfo | null {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) {
    const numeric = branches.map(numericInfo).filter((b): b is NumericInfo => b !== null);
    return numeric.length === 1 ? numeric[0] : null;
  }
  if (node.type !== 'number' && node.type !== 'integer') return null;
  return {
    integer: node.type === 'integer',
    min: node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum : -Infinity),
    max: node.maximum ?? (node.exclusiveMaximum !== undefined ? node.exclusiveMaximum : Infinity),
  };
}

/** What the targets file says about one parameter. */
export interface ParameterSpec {
  path: string;
  name?: string;
  prior?: [number, number];
  log: boolean;
  note?: string;
}

/** A problem with one field of a parameter entry. */
export interface SpecProblem {
  field: 'path' | 'prior' | 'log' | null;
  text: string;
}

/** Every numeric parameter that may be fitted (for suggestions). */
export function fittableParameterPaths(): string[] {
  return [...schemaLeaves().values()].filter((p) => numericInfo(p.schema) && isAssumption(p.source)).map((p) => p.path);
}

/**
 * Resolve one parameter entry against the scenario and the schema: a free parameter, or the
 * problems that prevent fitting it.
 */
export function resolveParameter(spec: ParameterSpec, scenario: Scenario): { parameter?: FreeParameter; problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const bad = (field: SpecProblem['field'], text: string) => ({ problems: [...problems, { field, text }] });
  let parts: string[];
  try {
    parts = splitPath(spec.path);
  } catch (err) {
    return bad('path', (err as Error).message);
  }
  const entry = schemaLeaves().get(tablePath(parts));
  if (!entry) {
    const guess = closest(spec.path, fittableParameterPaths());
    return bad('path', `unknown scenario parameter "${spec.path}"${guess ? ` (did you mean "${guess}"?)` : ''}; give the dotted path of a numeric parameter, as in --set (see docs/ODD.md §7)`);
  }
  const info = numericInfo(entry.schema);
  if (!info) return bad('path', `${spec.path} is not a number (expected a numeric parameter, found a ${String(entry.schema.type ?? 'structured')} one)`);
  if (!isAssumption(entry.source)) {
    return bad(
      'path',
      `${spec.path} is not marked as an assumption (its source is "${entry.source}"); only assumptions may be fitted — a sourced value should stay as the source gives it`,
    );
  }
  const listProblem = pathProblem(scenario, parts);
  if (listProblem) return bad('path', listProblem);
  if (parts.some((p) => /^\d+$/.test(p)) && getPath(scenario, parts.slice(0, -1).join('.')) === undefined)
    return bad('path', `the scenario has no entry ${parts.slice(0, -1).join('.')}`);

  const range = spec.prior ?? entry.range;
  const from: Prior['from'] = spec.prior ? 'targets file' : 'schema range';
  if (!range)
    return bad('prior', `${spec.path} has no plausible range in the schema; give one, e.g. prior: [low, high]`);
  const [lo, hi] = range;
  const field = spec.prior ? 'prior' : 'path';
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) problems.push({ field, text: `expected a prior [low, high] of finite numbers, found [${lo}, ${hi}]` });
  else if (!(lo < hi)) problems.push({ field, text: `expected a prior [low, high] with low below high, found [${lo}, ${hi}]` });
  else {
    if (lo < info.min || hi > info.max)
      problems.push({ field, text: `expected a prior within the parameter's bounds [${info.min}, ${info.max}], found [${lo}, ${hi}]` });
    if (spec.log && lo <= 0) problems.push({ field: 'log', text: `a log-uniform prior needs a range above 0, found [${lo}, ${hi}]` });
    if (info.integer && Math.round(hi) - Math.round(lo) < 1)
      problems.push({ field, text: `${spec.path} is a whole number; the prior [${lo}, ${hi}] holds fewer than two whole numbers` });
  }
  if (problems.length > 0) return { problems };
  const current = getPath(scenario, spec.path);
  return {
    parameter: {
      path: spec.path,
      name: spec.name ?? spec.path,
      prior: { lo, hi, log: spec.log, from },
      integer: info.integer,
      description: entry.description ?? '',
      source: entry.source ?? 'assumption',
      scenarioValue: typeof current === 'number' ? current : null,
      ...(spec.note !== undefined ? { note: spec.note } : {}),
    },
    problems,
  };
}

/** The prior box in internal coordinates. */
export function internalBox(p: FreeParameter): { lo: number; hi: number } {
  return p.prior.log ? { lo: Math.log(p.prior.lo), hi: Math.log(p.prior.hi) } : { lo: p.prior.lo, hi: p.prior.hi };
}

/** Internal coordinate → the parameter's value (continuous; see applied). */
export function toValue(p: FreeParameter, x: number): number {
  return p.prior.log ? Math.exp(x) : x;
}

/** The value a run uses: rounded for whole-number parameters, kept within the prior. */
export function applied(p: FreeParameter, value: number): number {
  const v = Math.min(p.prior.hi, Math.max(p.prior.lo, value));
  return p.integer ? Math.round(v) : v;
}
