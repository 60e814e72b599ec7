/**
 * Decisions under deep uncertainty (issue 18): the `policies:` and `uncertainties:` sections of
 * an experiment file, resolved and checked. What a government chooses (levers: every path under
 * `policies.`, plus the paths the file declares under `levers:`) is kept apart from what it
 * cannot control (uncertainties: parameters sampled over their plausible ranges). Every policy
 * runs in every sampled future (design.ts crosses them). Pure.
 *
 * - A policy is a named set of lever values, or one combination of a `{ grid: [...] }` over levers.
 *   A policy without lever values must say `statusQuo: true` (the scenario as written).
 * - An uncertainty is a numeric parameter; its range defaults to the plausible range the scenario
 *   schema gives it (`range` metadata, read generically: parameterPaths.ts) and may be narrowed
 *   or replaced, within the parameter's validity limits. Whole-number parameters are sampled as
 *   whole numbers.
 */
import type { PathKey } from '../scenario/issues.ts';
import { preview } from '../scenario/issues.ts';
import type { ResolvedFactor } from './file.ts';
import { isWithin, parameterAt, pathProblem } from './parameterPaths.ts';
import type { Experiment } from './schema.ts';

/** The section every lever lies under (issue 18: "levers = paths under policies."). */
export const LEVER_ROOT = 'policies';
/** Columns a policies × futures sweep adds before the levers and uncertainties. */
export const POLICY_COLUMN = 'policy';
export const FUTURE_COLUMN = 'future';

export interface ResolvedPolicy {
  name: string;
  description: string;
  /** Lever path → value (empty for the status quo). */
  set: Record<string, unknown>;
  statusQuo: boolean;
}

export interface ResolvedPolicies {
  /** Column of the policy name in runs.csv. */
  column: typeof POLICY_COLUMN;
  /** Column of the future's index (the sampled point, shared by every policy). */
  futureColumn: typeof FUTURE_COLUMN;
  /** Lever columns: every path some policy sets, in order of first appearance. */
  levers: { name: string; path: string }[];
  /** Paths outside policies. the file declares as levers. */
  declared: string[];
  list: ResolvedPolicy[];
  /**
   * Each lever's value in effect per scenario file and policy ([scenario][policy][lever], as
   * cells): the policy's own value, else the scenario's. Filled in when the scenario files are
   * read (sweep.ts), so runs.csv shows every lever of every run; absent before.
   */
  effective?: (string | number | boolean | null)[][][];
}

type Add = (path: PathKey[], text: string, atKey?: boolean) => void;

/** Whether `path` is a lever of the experiment: under policies., or under a declared lever (or above one). */
export function isLever(path: string, declared: readonly string[]): boolean {
  return isWithin(path, LEVER_ROOT) || declared.some((d) => isWithin(path, d) || isWithin(d, path));
}

/** A parameter path's problem in the scenario schema, or null. */
function schemaProblem(path: string): string | null {
  const info = parameterAt(path);
  return 'problem' in info ? info.problem : null;
}

/**
 * Why `declared[i]` cannot be declared a lever (an experiment's levers:, compare's --lever): not
 * a parameter, a lever already (under policies.), or declared twice; null if it can.
 */
export function declaredLeverProblem(declared: readonly string[], i: number): string | null {
  const path = declared[i];
  const problem = schemaProblem(path);
  if (problem) return problem;
  if (isWithin(path, LEVER_ROOT)) return `${path} is a lever already (every path under ${LEVER_ROOT}. is); list only paths outside it`;
  if (declared.indexOf(path) !== i) return `"${path}" is listed twice`;
  return null;
}

/**
 * The policies and uncertainties of `e`, or undefined when the file has neither (a plain
 * `factors:` experiment). Uncertainties become the experiment's factors (range factors).
 */
export function resolvePolicies(e: Experiment, add: Add): { policies: ResolvedPolicies; factors: ResolvedFactor[] } | undefined {
  if (e.policies === undefined && e.uncertainties === undefined) {
    if (e.levers.length > 0) add(['levers'], 'levers: only matters with policies: and uncertainties:; remove it or add those sections');
    return undefined;
  }
  if (e.factors.length > 0) add(['factors'], 'an experiment has either factors: or policies: with uncertainties:, not both (uncertainties take the place of factors)');

  const declared = e.levers;
  declared.forEach((_, i) => {
    const problem = declaredLeverProblem(declared, i);
    if (problem) add(['levers', i], problem);
  });
  const leverProblem = (path: string) =>
    isLever(path, declared) ? null : `${path} is not a lever: policies set levers, i.e. paths under ${LEVER_ROOT}. or paths listed under levers: (add it there if the government chooses it)`;

  // Policies.
  const list: ResolvedPolicy[] = [];
  const levers: { name: string; path: string }[] = [];
  const leverNamed = (path: string, name = path) => {
    if (!levers.some((l) => l.path === path)) levers.push({ name, path });
  };
  const checkLeverPath = (at: PathKey[], path: string, atKey: boolean) => {
    const problem = pathProblem(path) ?? schemaProblem(path) ?? leverProblem(path);
    if (problem) add(at, problem, atKey);
    return problem === null;
  };
  if (e.policies === undefined) list.push({ name: 'status-quo', description: 'The scenario as written', set: {}, statusQuo: true });
  else if (Array.isArray(e.policies)) {
    const packages = e.policies;
    packages.forEach((p, i) => {
      const at: PathKey[] = ['policies', i];
      const paths = Object.keys(p.levers);
      if (paths.length === 0 && !p.statusQuo)
        add(at, `policy "${p.name}" sets no lever: give its lever values under levers: (e.g. policies.payments.advanceShare: 0.3), or write statusQuo: true if it is the scenario as written`);
      if (paths.length > 0 && p.statusQuo) add([...at, 'statusQuo'], `policy "${p.name}" is marked statusQuo but sets levers; remove one of the two`);
      if (packages.findIndex((q) => q.name === p.name) !== i) add([...at, 'name'], `the policy name "${p.name}" is used twice`);
      for (const path of paths) if (checkLeverPath([...at, 'levers', path], path, true)) leverNamed(path);
      list.push({ name: p.name, description: p.description, set: p.levers, statusQuo: p.statusQuo });
    });
  } else {
    const grid = e.policies.grid;
    const names = shortLeverNames(grid.map((g) => g.path));
    grid.forEach((g, i) => {
      const at: PathKey[] = ['policies', 'grid', i];
      if (checkLeverPath([...at, 'path'], g.path, false)) leverNamed(g.path, g.name ?? g.path);
      if (grid.findIndex((h) => h.path === g.path) !== i) add([...at, 'path'], `policies.grid[${grid.findIndex((h) => h.path === g.path)}] already sets ${g.path}`);
    });
    let combos: { set: Record<string, unknown>; label: string[] }[] = [{ set: {}, label: [] }];
    grid.forEach((g, i) => {
      const next: typeof combos = [];
      for (const c of combos)
        for (const v of g.values) next.push({ set: { ...c.set, [g.path]: v }, label: [...c.label, `${g.name ?? names[i]}=${labelOf(v)}`] });
      combos = next;
    });
    for (const c of combos) list.push({ name: c.label.join(', '), description: '', set: c.set, statusQuo: false });
    if (new Set(list.map((p) => p.name)).size !== list.length) add(['policies', 'grid'], 'two combinations of the grid print the same; give the levers distinct values');
  }

  // Uncertainties: range factors.
  if (e.uncertainties !== undefined && e.design.type === 'grid')
    add(['design'], 'uncertainties are sampled: give a sampled design, e.g. design: { type: lhs, samples: 200 } (or sobol, or morris)');
  if (e.uncertainties === undefined && e.design.type !== 'grid')
    add(['design'], `a ${e.design.type} design samples uncertainties: add uncertainties: (or leave design: out to run each policy once per replication)`);
  const factors: ResolvedFactor[] = [];
  (e.uncertainties ?? []).forEach((u, i) => {
    const at: PathKey[] = ['uncertainties', i];
    const spec = typeof u === 'string' ? { path: u, log: false } : u;
    const pathAt: PathKey[] = typeof u === 'string' ? at : [...at, 'path'];
    const syntax = pathProblem(spec.path);
    if (syntax) return add(pathAt, syntax);
    const info = parameterAt(spec.path);
    if ('problem' in info) return add(pathAt, info.problem);
    if (isLever(spec.path, declared))
      return add(pathAt, `${spec.path} is a lever (a choice of the government: paths under ${LEVER_ROOT}. and those under levers:), not an uncertainty; vary it in policies: instead`);
    if (!info.numeric) return add(pathAt, `${spec.path} is not a number (${preview(info.node.type ?? info.node.enum ?? 'a section', 40)}); uncertainties are numeric parameters`);
    if (Object.hasOwn(e.set, spec.path)) add(pathAt, `${spec.path} is also fixed under set:; an uncertainty is sampled, so remove one of them`);
    const range = 'range' in spec && spec.range ? spec.range : info.range;
    if (!range) return add(pathAt, `${spec.path} has no plausible range in the scenario schema; give one: { path: ${spec.path}, range: [low, high] }`);
    const rangeAt: PathKey[] = 'range' in spec && spec.range ? [...at, 'range'] : pathAt;
    const [lo, hi] = range;
    const integer = 'integer' in spec && spec.integer !== undefined ? spec.integer : info.integer;
    if (!(lo < hi)) add(rangeAt, `empty range [${lo}, ${hi}]: the low end must be below the high end`);
    else if (lo < info.min || hi > info.max)
      add(rangeAt, `the range [${lo}, ${hi}] goes beyond what ${spec.path} accepts (${info.min} to ${info.max}); narrow it`);
    else if (spec.log && lo <= 0) add(rangeAt, `a log-scale range must be above 0, found [${lo}, ${hi}]`);
    else if (integer && Math.floor(hi) - Math.ceil(lo) < 1) add(rangeAt, `the range [${lo}, ${hi}] holds fewer than two whole numbers`);
    const name = ('name' in spec ? spec.name : undefined) ?? spec.path;
    if (factors.some((f) => f.path === spec.path)) add(pathAt, `${spec.path} is listed twice`);
    factors.push({ name, path: spec.path, range, integer, log: spec.log, rangeFrom: 'range' in spec && spec.range ? 'file' : 'schema' });
  });
  for (const path of Object.keys(e.set))
    if (list.some((p) => Object.hasOwn(p.set, path))) add(['set', path], `${path} is set by a policy too; a policy overrides it, so remove one of them`, true);

  return { policies: { column: POLICY_COLUMN, futureColumn: FUTURE_COLUMN, levers, declared, list }, factors };
}

/** "advanceShare" for policies.payments.advanceShare, unless two levers would then share a name. */
function shortLeverNames(paths: readonly string[]): string[] {
  const last = (p: string) => p.slice(p.lastIndexOf('.') + 1);
  return paths.map((p) => (paths.filter((q) => last(q) === last(p)).length === 1 ? last(p) : p));
}

/** A lever value in a policy name: numbers, text and true/false as written, anything else as JSON. */
function labelOf(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}
