/**
 * Scenario discovery on a finished sweep (`govbuy discover`, issue 18): which conditions lead to
 * the cases of interest — runs whose outcome passes a threshold (`--where "> 10"`) or a quantile
 * of its own values (`--quantile "> 0.9"`)? PRIM (prim.ts) finds a box over the dimensions, with
 * its peeling trajectory, quasi-p-values and resampling stability; a CART tree (cart.ts) is the
 * cross-check. Pure: the sweep's experiment, design and results in, tables out.
 *
 * Dimensions: for policies × futures sweeps the uncertainties (plus the levers with `levers`);
 * for plain sweeps every factor. Each run is one point. Numeric columns are used as they are,
 * true/false as 1/0; text and whole sections cannot bound a box and are left out, with the
 * reason (look within one value of such a column with `subset`). Runs that failed, whose outcome
 * is undefined, or outside the subset are left out and counted.
 */
import type { Table } from './analysis.ts';
import { cart, type CartResult } from './cart.ts';
import { factorCells, type Cell } from './columns.ts';
import type { ExpandedDesign } from './design.ts';
import type { ResolvedExperiment } from './file.ts';
import { chooseBox, prim, PRIM_DEFAULTS, pruneBox, QP_SIGNIFICANT, resampleStability, worstQp, type BoxChoice, type PrimData, type PrimDimension, type PrimOptions, type PrimResult } from './prim.ts';
import type { RunResult } from './runOne.ts';
import { purposeRng } from './seeds.ts';
import { closest } from '../scenario/issues.ts';
import { quantileSorted } from './stats.ts';
import { meets, thresholdText, type Threshold } from './thresholds.ts';

export interface DiscoveryOptions {
  outcome: string;
  /** Cases of interest: the outcome compared with a number … */
  where?: Threshold;
  /** … or with its own quantile q (0 < q < 1) over the runs used. */
  quantile?: Threshold;
  /** Policies × futures: add the levers to the uncertainties. */
  levers?: boolean;
  /** Keep only runs whose column has this value (as written in runs.csv). */
  subset?: Record<string, string>;
  prim?: Partial<PrimOptions>;
  choice?: BoxChoice;
  /** PRIM reruns on random halves for stability (0: none). */
  resamples?: number;
  cartDepth?: number;
}

export interface DiscoveryDimension {
  name: string;
  path: string;
  kind: 'uncertainty' | 'lever' | 'factor';
  integer: boolean;
  /** The dimension's own bounds (its range, or its lowest and highest value): box.json's min and max where the box does not restrict it. */
  bounds: [number, number];
}

export interface Restriction {
  name: string;
  path: string;
  min: number;
  max: number;
  /** The larger quasi-p-value of the restricted sides (the weaker evidence). */
  qp: number;
  qpLow: number | null;
  qpHigh: number | null;
  /** Shares of resampled PRIM runs that restrict this dimension too (box closest in coverage, in density). */
  reproduceCoverage: number | null;
  reproduceDensity: number | null;
}

export interface Discovery {
  format: 'govbuy-discovery';
  formatVersion: 1;
  experiment: string;
  outcome: string;
  /** The rule that makes a run a case of interest, e.g. "exits_by_cause.insolvency > 10". */
  rule: string;
  /** The number the outcome is compared with (the quantile's value for --quantile). */
  cutoff: number;
  subset: Record<string, string>;
  runs: { total: number; used: number; cases: number; failed: number; undefined: number; outsideSubset: number };
  dimensions: DiscoveryDimension[];
  skipped: { name: string; why: string }[];
  prim: PrimOptions & { resamples: number; choice: string };
  trajectory: Table;
  /** The chosen box (null when PRIM found none that restricts anything). */
  box: { id: number; coverage: number; density: number; mass: number; n: number; k: number; restrictions: Restriction[] } | null;
  stability: { name: string; reproduce_coverage: number; reproduce_density: number }[];
  cart: { depth: number; minLeaf: number; splitOn: string[]; nodes: Table; leaves: Table };
}

/** box.json: the chosen box, only the dimensions it restricts; min and max always numbers. */
export interface BoxFile {
  coverage: number;
  density: number;
  restrictions: { name: string; path: string; min: number; max: number; qp: number }[];
}

/** Points for plots: each used run's dimension values and whether it is a case. */
export interface DiscoveryPoints {
  values: Float64Array[];
  cases: Uint8Array;
}

type Column = { dimension: DiscoveryDimension; cell: (cells: Record<string, Cell>) => number | null } | { skip: string; name: string };

function numericCell(v: Cell): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

function boundsOf(values: readonly Cell[]): [number, number] | null {
  const xs = values.map(numericCell);
  if (xs.length === 0 || xs.some((x) => x === null)) return null;
  return [Math.min(...(xs as number[])), Math.max(...(xs as number[]))];
}

/** The candidate dimensions of an experiment, and those that cannot be one. */
function columnsOf(e: ResolvedExperiment, levers: boolean): Column[] {
  const out: Column[] = [];
  const p = e.policies;
  if (p && levers)
    p.levers.forEach((l, i) => {
      const values = [...p.list.flatMap((x) => (Object.hasOwn(x.set, l.path) ? [x.set[l.path] as Cell] : [])), ...(p.effective ?? []).flatMap((s) => s.map((x) => x[i]))];
      const b = boundsOf(values);
      const known = p.list.every((x, pi) => Object.hasOwn(x.set, l.path) || (p.effective ?? []).every((s) => s[pi]?.[i] !== null && s[pi]?.[i] !== undefined));
      if (!known || !p.effective && p.list.some((x) => !Object.hasOwn(x.set, l.path))) out.push({ name: l.name, skip: 'its value in effect is not recorded for every policy' });
      else if (!b) out.push({ name: l.name, skip: 'its values are not numbers or true/false' });
      else out.push({ dimension: { name: l.name, path: l.path, kind: 'lever', integer: values.every((v) => typeof v === 'boolean' || Number.isInteger(v)), bounds: b }, cell: (c) => numericCell(c[l.name]) });
    });
  for (const f of e.factors) {
    const kind = p ? 'uncertainty' : 'factor';
    if (f.range) out.push({ dimension: { name: f.name, path: f.path, kind, integer: f.integer, bounds: [f.range[0], f.range[1]] }, cell: (c) => numericCell(c[f.name]) });
    else {
      const values = (f.values ?? []).map((v) => (typeof v === 'number' || typeof v === 'boolean' ? v : null));
      const b = boundsOf(values);
      if (!b) out.push({ name: f.name, skip: 'its values are not numbers or true/false (look within one value with --subset)' });
      else if (b[0] === b[1]) out.push({ name: f.name, skip: 'it has one value only' });
      else out.push({ dimension: { name: f.name, path: f.path, kind, integer: values.every((v) => typeof v === 'boolean' || Number.isInteger(v)), bounds: b }, cell: (c) => numericCell(c[f.name]) });
    }
  }
  return out;
}

export class DiscoveryInputError extends Error {}

export function discover(e: ResolvedExperiment, design: ExpandedDesign, results: readonly RunResult[], o: DiscoveryOptions): { discovery: Discovery; box: BoxFile | null; points: DiscoveryPoints; trajectory: PrimResult; cart: CartResult } {
  const subset = o.subset ?? {};
  unknownSubsetValues(e, design, subset);
  const columns = columnsOf(e, o.levers === true);
  const used = columns.filter((c): c is Extract<Column, { dimension: DiscoveryDimension }> => 'dimension' in c);
  const skipped = columns.filter((c): c is Extract<Column, { skip: string }> => 'skip' in c).map((c) => ({ name: c.name, why: c.skip }));
  if (e.scenarios.length > 1 && e.scenarioColumn !== null && !Object.hasOwn(subset, e.scenarioColumn))
    skipped.push({ name: e.scenarioColumn, why: `scenario files are not numbers; runs of all ${e.scenarios.length} are pooled (look within one with --subset ${e.scenarioColumn}=NAME)` });
  if (e.policies && !o.levers && !Object.hasOwn(subset, e.policies.column))
    skipped.push({ name: e.policies.column, why: `the ${e.policies.list.length} policies are pooled (look at one with --subset ${e.policies.column}=NAME, or add the levers with --levers)` });
  if (used.length === 0) throw new DiscoveryInputError(`no dimension to search: ${skipped.map((s) => `${s.name} (${s.why})`).join('; ') || 'the experiment varies nothing'}`);

  // The runs used: in the subset, ok, with a value.
  const R = e.replications;
  const rows: { cells: number[]; y: number }[] = [];
  const counts = { total: results.length, used: 0, cases: 0, failed: 0, undefined: 0, outsideSubset: 0 };
  for (const point of design.points) {
    const cells = factorCells(e, point.scenario, point.factors);
    const inSubset = Object.entries(subset).every(([col, v]) => cells[col] !== undefined && cellString(cells[col]) === v);
    for (let r = 0; r < R; r++) {
      const run = results[point.index * R + r];
      if (!inSubset) counts.outsideSubset++;
      else if (!run || run.status !== 'ok') counts.failed++;
      else {
        const y = run.outcomes?.[o.outcome];
        const xs = used.map((c) => c.cell(cells));
        if (typeof y !== 'number' || !Number.isFinite(y) || xs.some((x) => x === null)) counts.undefined++;
        else rows.push({ cells: xs as number[], y });
      }
    }
  }
  if (rows.length === 0) throw new DiscoveryInputError(`no run has a value of ${o.outcome}${Object.keys(subset).length > 0 ? ' in the subset' : ''} (${counts.failed} failed, ${counts.undefined} undefined, ${counts.outsideSubset} outside the subset)`);
  let cutoff: number;
  let rule: Threshold;
  if (o.quantile) {
    const sorted = rows.map((r) => r.y).sort((a, b) => a - b);
    cutoff = quantileSorted(sorted, o.quantile.value);
    rule = { op: o.quantile.op, value: cutoff };
  } else if (o.where) {
    rule = o.where;
    cutoff = o.where.value;
  } else throw new DiscoveryInputError('say which runs are of interest: --where "> 10" or --quantile "> 0.9"');
  const y = Uint8Array.from(rows, (r) => (meets(r.y, rule) ? 1 : 0));
  counts.used = rows.length;
  counts.cases = y.reduce((s, v) => s + v, 0);
  const ruleText = o.quantile ? `${o.outcome} ${o.quantile.op} its ${o.quantile.value} quantile (${fmt(cutoff)})` : `${o.outcome} ${thresholdText(rule)}`;
  if (counts.cases === 0 || counts.cases === rows.length)
    throw new DiscoveryInputError(`${counts.cases === 0 ? 'no' : 'every'} run of the ${rows.length} used has ${ruleText}: there is nothing to tell apart; choose another threshold (the outcome runs from ${fmt(Math.min(...rows.map((r) => r.y)))} to ${fmt(Math.max(...rows.map((r) => r.y)))})`);

  const data: PrimData = { x: used.map((_, d) => Float64Array.from(rows, (r) => r.cells[d])), y };
  const dims: PrimDimension[] = used.map((c) => ({ name: c.dimension.name, integer: c.dimension.integer }));
  const options: PrimOptions = { ...PRIM_DEFAULTS, ...o.prim };
  const result = prim(data, dims, options);
  const choice = o.choice ?? { by: 'balance' };
  if (choice.by === 'index' && choice.index >= result.trajectory.length)
    throw new DiscoveryInputError(`--box ${choice.index}: the peeling trajectory has boxes 0–${result.trajectory.length - 1}; choose one of them (trajectory.csv lists them, from a run without --box)`);
  let chosen = chooseBox(result, choice);
  // The balanced box may keep restrictions that do not matter: drop them (they are on the trajectory too).
  if (chosen && choice.by === 'balance' && worstQp(chosen) > QP_SIGNIFICANT) chosen = pruneBox(data, result, chosen);
  const resamples = o.resamples ?? 10;
  const stability = chosen && resamples > 0 ? resampleStability(data, dims, chosen, purposeRng(e.seed, `discover:${o.outcome}`), resamples, 0.5, options) : [];
  const names = used.map((c) => c.dimension.name);

  const restrictions: Restriction[] = (chosen?.restricted ?? []).map((d) => {
    const dim = used[d].dimension;
    const [qpLow, qpHigh] = chosen!.qp[d];
    const [lo, hi] = chosen!.limits[d];
    const [ilo, ihi] = result.initial[d];
    return {
      name: dim.name,
      path: dim.path,
      min: lo === ilo ? dim.bounds[0] : lo,
      max: hi === ihi ? dim.bounds[1] : hi,
      qp: Math.max(qpLow ?? 0, qpHigh ?? 0),
      qpLow,
      qpHigh,
      reproduceCoverage: stability[d]?.coverage ?? null,
      reproduceDensity: stability[d]?.density ?? null,
    };
  });

  const depth = o.cartDepth ?? 3;
  const minLeaf = Math.max(1, Math.ceil(options.massMin * rows.length));
  const tree = cart(data, { maxDepth: depth, minLeaf });
  const limitCells = (limits: [number, number][]) => Object.fromEntries(names.flatMap((n, d) => [[`${n} min`, finiteCell(limits[d][0])], [`${n} max`, finiteCell(limits[d][1])]]));

  const discovery: Discovery = {
    format: 'govbuy-discovery',
    formatVersion: 1,
    experiment: e.name,
    outcome: o.outcome,
    rule: ruleText,
    cutoff,
    subset,
    runs: counts,
    dimensions: used.map((c) => c.dimension),
    skipped,
    prim: { ...options, resamples, choice: choice.by === 'index' ? `box ${choice.index}` : choice.by === 'minDensity' ? `most coverage with density ≥ ${choice.density}` : 'balance (best harmonic mean of coverage and density among significant boxes; insignificant restrictions dropped)' },
    trajectory: {
      columns: ['id', 'step', 'coverage', 'density', 'mass', 'n', 'k', 'res_dim', 'restricted', 'worst_qp'],
      rows: result.trajectory.map((b) => ({
        id: b.id,
        step: b.step,
        coverage: b.coverage,
        density: b.density,
        mass: b.mass,
        n: b.n,
        k: b.k,
        res_dim: b.restricted.length,
        restricted: b.restricted.map((d) => names[d]).join(' '),
        worst_qp: b.restricted.length > 0 ? worstQp(b) : null,
      })),
    },
    box: chosen ? { id: chosen.id, coverage: chosen.coverage, density: chosen.density, mass: chosen.mass, n: chosen.n, k: chosen.k, restrictions } : null,
    stability: stability.map((s) => ({ name: names[s.dimension], reproduce_coverage: s.coverage, reproduce_density: s.density })),
    cart: {
      depth,
      minLeaf,
      splitOn: tree.splitDimensions.map((d) => names[d]),
      nodes: {
        columns: ['node', 'depth', 'n', 'k', 'density', 'split_on', 'threshold', 'left', 'right'],
        rows: tree.nodes.map((n) => ({ node: n.id, depth: n.depth, n: n.n, k: n.k, density: n.n > 0 ? n.k / n.n : null, split_on: n.split ? names[n.split.dimension] : null, threshold: n.split?.threshold ?? null, left: n.split?.left ?? null, right: n.split?.right ?? null })),
      },
      leaves: {
        columns: ['node', 'n', 'k', 'coverage', 'density', ...names.flatMap((n) => [`${n} min`, `${n} max`])],
        rows: tree.leaves.map((l) => ({ node: l.node, n: l.n, k: l.k, coverage: l.coverage, density: l.density, ...limitCells(l.limits) })),
      },
    },
  };
  const box: BoxFile | null = chosen ? { coverage: chosen.coverage, density: chosen.density, restrictions: restrictions.map(({ name, path, min, max, qp }) => ({ name, path, min, max, qp })) } : null;
  return { discovery, box, points: { values: data.x, cases: y }, trajectory: result, cart: tree };
}

function finiteCell(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Values of a column listed in full when a --subset value is not among them (more: the first ones and a count). */
const LISTED_VALUES = 12;

/** Refuse a --subset value that no run has, naming it, a close one and the column's values. */
function unknownSubsetValues(e: ResolvedExperiment, design: ExpandedDesign, subset: Readonly<Record<string, string>>): void {
  for (const [col, v] of Object.entries(subset)) {
    const values = [...new Set(design.points.map((p) => factorCells(e, p.scenario, p.factors)[col]).filter((c) => c !== undefined).map(cellString))];
    if (values.length === 0 || values.includes(v)) continue;
    const guess = closest(v, values);
    const listed = values.length <= LISTED_VALUES ? values.join(', ') : `${values.slice(0, LISTED_VALUES).join(', ')}, … (${values.length} values; see the ${col} column of runs.csv)`;
    throw new DiscoveryInputError(`--subset ${col}=${v}: no run has ${col} "${v}"${guess ? ` (did you mean "${guess}"?)` : ''}; its values: ${listed}`);
  }
}

/** A cell as runs.csv shows it, for --subset (numbers as JavaScript prints them). */
function cellString(v: Cell): string {
  return v === null ? '' : String(v);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}
