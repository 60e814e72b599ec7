/**
 * Experiment text → a resolved experiment: YAML (or JSON) parsed, validated against the
 * experiment schema, then checked as a whole (a range factor in a grid, an empty range, a
 * sample size too small for its design, a column name used twice, an unknown metric). Every
 * problem is reported at once, each with file:line:col and what to do. Factor paths are checked
 * against the scenario later, by runOne.ts's preflight, which needs the scenario files. Pure:
 * the caller reads the text.
 */
import { LineCounter, type Document } from 'yaml';
import { offsetAt, parseYamlDocument } from '../scenario/yamlDocument.ts';
import type { z } from 'zod';
import { closest, describeIssue, formatPath, type PathKey, type Problem } from '../scenario/issues.ts';
import { ExperimentError } from './errors.ts';
import { pathProblem } from './parameterPaths.ts';
import { FUTURE_COLUMN, POLICY_COLUMN, resolvePolicies, type ResolvedPolicies } from './policies.ts';
import { defaultDirection, parseThreshold, type Direction, type Threshold } from './thresholds.ts';
import { CLOCK_OUTCOMES, OUTCOMES } from './outcomes.ts';
import { fileKindOf, keyList } from '../scenario/fileKind.ts';
import { experimentSchema, RESERVED_NAMES, type Design, type Experiment } from './schema.ts';
import { mechanismById } from '../model/mechanisms.ts';

/** Columns every runs.csv starts with (before the factors). */
export const LEADING_COLUMNS = ['run_index', 'point', 'replicate', 'seed'] as const;
/** Columns after the factors, before the outcomes. */
export const STATUS_COLUMNS = ['status', 'error'] as const;

/** Columns of the analysis tables that factor names must not take. */
export const ANALYSIS_COLUMNS = ['metric', 'factor', 'level', 'n', 'failed', 'mean', 'sd', 'ci_low', 'ci_high', 'effect', 'interaction'] as const;

/** Most runs one sweep may have (a guard against a design that would never finish). */
export const MAX_RUNS = 10_000_000;

export interface ResolvedFactor {
  /** Column name (the path unless the file names it). */
  name: string;
  path: string;
  values?: unknown[];
  range?: [number, number];
  integer: boolean;
  log: boolean;
  /** Uncertainties: whether the range is the scenario schema's plausible range or the file's own. */
  rangeFrom?: 'schema' | 'file';
}

export interface ScenarioChoice {
  /** The file as written in the experiment (relative to the experiment file). */
  file: string;
  /** Its value in the scenario column: the file name without extension, or the path when names repeat. */
  label: string;
}

/** An experiment with defaults filled in, every check passed, names resolved. */
export interface ResolvedExperiment {
  name: string;
  description: string;
  /** The description in Chinese, when the file has one (Chinese reports show it). */
  descriptionZh?: string;
  /** Column of the scenario factor, or null when the experiment has one scenario file. */
  scenarioColumn: string | null;
  scenarios: ScenarioChoice[];
  /** set: of the file, with the values of the mechanisms knocked out (knockOut:) added. */
  set: Record<string, unknown>;
  /** The mechanisms switched off in every run, when the file names any. */
  knockOut?: string[];
  factors: ResolvedFactor[];
  design: Design;
  replications: number;
  seed: number;
  commonRandomNumbers: boolean;
  /** Run year variants branch from a shared warm state (null: each run starts at month 0). */
  branchAt: number | null;
  /**
   * What runs keep. The resolved experiment is stored in every sweep's manifest.json and makes
   * its fingerprint, so its field names stay as they were: `metrics` holds the file's
   * outputs.outcomes, and analysis.outputs the file's analysis.outcomes.
   */
  outputs: { series: boolean; metrics: string[] };
  analysis: ResolvedAnalysis;
  /**
   * Policies × futures (issue 18): the policies, each run in every future sampled from the
   * uncertainties (which are then `factors`). Absent for plain `factors:` experiments.
   */
  policies?: ResolvedPolicies;
  /** Per-run limits on worker threads (null: none). Left out of the fingerprint: they may change between sessions. */
  limits: RunLimits;
}

/** Settings of `govbuy analyze`; thresholds and directions only when the file gives some. */
export interface ResolvedAnalysis {
  outputs: string[];
  bootstrap: number;
  confidence: number;
  /** Outcome → satisficing threshold. */
  thresholds?: Record<string, Threshold>;
  /** Outcome → which way is better, as the file states it. */
  directions?: Record<string, Direction>;
}

/** Per-run limits: wall-clock seconds from the start of a run, and each worker thread's heap in MB. */
export interface RunLimits {
  runSeconds: number | null;
  memoryMB: number | null;
}

/** Minimum sizes of sampled designs. */
export const MIN_SIZE = { lhs: 2, sobol: 8, morris: 2 } as const;

/** Runs the experiment has in all. */
export function runCount(e: ResolvedExperiment): number {
  return pointsPerScenario(e) * e.scenarios.length * e.replications;
}

/** Design points for one scenario file: the futures times the policies, for policies × futures. */
export function pointsPerScenario(e: Pick<ResolvedExperiment, 'design' | 'factors' | 'policies'>): number {
  return futuresPerScenario(e) * (e.policies?.list.length ?? 1);
}

/** Points the design makes from the factors (for policies × futures: the futures sampled from the uncertainties). */
export function futuresPerScenario(e: Pick<ResolvedExperiment, 'design' | 'factors'>): number {
  const k = e.factors.length;
  switch (e.design.type) {
    case 'grid':
      return e.factors.reduce((n, f) => n * (f.values?.length ?? 1), 1);
    case 'lhs':
      return e.design.samples;
    case 'sobol':
      return e.design.samples * (k + 2);
    case 'morris':
      return e.design.trajectories * (k + 1);
  }
}

/**
 * `notes`, if given, receives notes that are not problems (an old key name, still accepted), each
 * as "file:line:col text".
 */
export function parseExperimentText(text: string, fileName: string, notes?: string[]): ResolvedExperiment {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const { raw, locate } = readYaml(text, fileName);
  const where = (path: readonly PathKey[], atKey = false) => {
    const at = locate(path, atKey);
    return at ? `${fileName}:${at.line}:${at.col}` : fileName;
  };
  const fail = (lines: { path: PathKey[]; text: string; atKey?: boolean }[]) => {
    const placed = lines.map((l) => ({ at: locate(l.path, l.atKey ?? false), l }));
    placed.sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.col ?? 0) - (b.at?.col ?? 0));
    // An unknown key is shown under its parent ("design: unknown key "sample" …").
    const shown = (l: { path: PathKey[]; text: string }) => (/^unknown key /.test(l.text) ? l.path.slice(0, -1) : l.path);
    const details = [...new Set(placed.map(({ l }) => `${where(l.path, l.atKey)} ${formatPath(shown(l))}: ${l.text}`))];
    const n = details.length;
    return new ExperimentError('EXPERIMENT_INVALID', `${fileName}: ${n} ${n === 1 ? 'problem' : 'problems'} in the experiment`, details);
  };
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ExperimentError('EXPERIMENT_INVALID', `${fileName}: an experiment is a mapping with at least "scenario:" and usually "factors:" and "design:"`, [
      `${fileName}:1:1 expected a mapping (scenario, factors, design, replications, seed, outputs), found ${raw === null || raw === undefined ? 'an empty file' : Array.isArray(raw) ? 'a list' : 'a single value'}`,
    ]);
  }
  // A scenario or targets file given where an experiment belongs: say so, rather than list its sections as unknown keys.
  const told = fileKindOf(raw as Record<string, unknown>);
  if (told?.kind === 'scenario') {
    throw new ExperimentError('EXPERIMENT_INVALID', `${fileName} is a scenario, not an experiment (it has ${keyList(told.telling)} and no "scenario:")`, [
      `to run the scenario once: govbuy run ${fileName}`,
      `to sweep it, write an experiment that names it in "scenario:" (its path from the experiment's folder) with the factors to vary; experiments/ has examples, docs/experiments.md the format`,
    ]);
  }
  if (told?.kind === 'targets')
    throw new ExperimentError('EXPERIMENT_INVALID', `${fileName} is a calibration targets file, not an experiment (it has ${keyList(told.telling)})`, [
      `to fit a scenario to it: govbuy calibrate <scenario> --targets ${fileName}`,
    ]);
  // Checks zod cannot make: reserved keys it would silently drop, and numbers JSON cannot hold.
  const early: { path: PathKey[]; text: string; atKey?: boolean }[] = [];
  const set = (raw as Record<string, unknown>).set;
  if (set !== null && typeof set === 'object' && !Array.isArray(set))
    for (const key of Object.keys(set)) if (RESERVED_NAMES.has(key)) early.push({ path: ['set', key], text: `"${key}" is a reserved name, not a parameter path`, atKey: true });
  findNonFinite(raw, [], early);
  if (early.length > 0) throw fail(early);
  const result = experimentSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw fail(result.error.issues.flatMap((issue) => describeExperimentIssue(issue, raw)).map((p) => ({ path: p.path, text: p.text, atKey: p.unknownKey !== undefined })));
  }
  const problems: { path: PathKey[]; text: string; atKey?: boolean }[] = [];
  const resolved = resolve(result.data, fileName, problems, (path, line) => notes?.push(`${where(path, true)} ${line}`));
  if (problems.length > 0) throw fail(problems);
  return resolved;
}

// ── Whole-file checks ───────────────────────────────────────────────────────

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(0, dot) : last;
}

function resolve(e: Experiment, fileName: string, problems: { path: PathKey[]; text: string; atKey?: boolean }[], note: (path: PathKey[], text: string) => void): ResolvedExperiment {
  const add = (path: PathKey[], text: string, atKey = false) => problems.push({ path, text, atKey });

  // Scenario files.
  const files = typeof e.scenario === 'string' ? [e.scenario] : e.scenario.values;
  const scenarioColumn = typeof e.scenario === 'string' ? null : e.scenario.name;
  const labels = files.map(baseName);
  const unique = new Set(labels).size === labels.length;
  const scenarios = files.map((file, i) => ({ file, label: unique ? labels[i] : file }));
  files.forEach((file, i) => {
    if (files.indexOf(file) !== i) add(['scenario', 'values', i], `the scenario file "${file}" is listed twice`);
  });

  // Fixed overrides.
  for (const key of Object.keys(e.set)) {
    const problem = pathProblem(key);
    if (problem) add(['set', key], problem, true);
  }

  // Mechanisms knocked out in every run: their values join set: (after the checks on set: below,
  // which then cannot blame set: for what knockOut: fixed).
  const knocked = new Map<string, { id: string; value: unknown }>();
  e.knockOut.forEach((id, j) => {
    if (e.knockOut.indexOf(id) !== j) return add(['knockOut', j], `${id} is listed twice`);
    for (const [path, value] of Object.entries(mechanismById(id)!.switchOff)) {
      if (Object.hasOwn(e.set, path)) add(['knockOut', j], `${id} switches off ${path}, which set: also fixes; remove one of them`);
      knocked.set(path, { id, value });
    }
  });
  const knockedBy = (path: string, what: string) => {
    const k = knocked.get(path);
    return k ? `${path} is switched off by knockOut: ${k.id}, which fixes it in every run; ${what}, so remove one of them` : null;
  };

  // Policies × futures: the uncertainties are the factors.
  const dmdu = resolvePolicies(e, add);
  const factorAt = (i: number): PathKey[] => (dmdu ? ['uncertainties', i] : ['factors', i]);

  // Factors: one of values/range, a usable path, a usable range.
  const sampled = e.design.type !== 'grid';
  const factors: ResolvedFactor[] = dmdu ? dmdu.factors : e.factors.map((f, i) => {
    const at: PathKey[] = ['factors', i];
    const problem = pathProblem(f.path);
    if (problem) add([...at, 'path'], problem);
    if (f.values !== undefined && f.range !== undefined) add(at, 'give either values (for a grid) or range (for lhs, sobol or morris), not both');
    else if (!sampled && f.values === undefined)
      add(at, `a grid design needs explicit values for each factor, e.g. values: [0, 0.5, 1]${f.range ? ' (range is for lhs, sobol and morris designs)' : ''}`);
    else if (sampled && f.range === undefined)
      add(at, `a ${e.design.type} design samples each factor from a range, e.g. range: [0, 1]${f.values ? ' (values are for grid designs)' : ''}`);
    if (f.range) {
      const [lo, hi] = f.range;
      if (!(lo < hi)) add([...at, 'range'], `empty range [${lo}, ${hi}]: the low end must be below the high end`);
      else if (f.log && lo <= 0) add([...at, 'range'], `a log-scale range must be above 0, found [${lo}, ${hi}]`);
      else if (f.integer && Math.floor(hi) - Math.ceil(lo) < 1) add([...at, 'range'], `the range [${lo}, ${hi}] holds fewer than two whole numbers`);
    } else {
      if (f.integer) add([...at, 'integer'], 'integer applies to range factors only (values are used as given)');
      if (f.log) add([...at, 'log'], 'log applies to range factors only (values are used as given)');
    }
    return { name: f.name ?? f.path, path: f.path, ...(f.values ? { values: f.values } : {}), ...(f.range ? { range: f.range } : {}), integer: f.integer, log: f.log };
  });

  // Names: unique, and no clash with the fixed columns or the outcomes.
  const taken = new Map<string, string>([...LEADING_COLUMNS, ...STATUS_COLUMNS].map((c) => [c, 'a column every runs.csv has']));
  for (const c of ANALYSIS_COLUMNS) taken.set(c, 'a column of the analysis tables');
  for (const o of OUTCOMES) taken.set(o, 'an outcome column');
  if (dmdu) {
    taken.set(POLICY_COLUMN, 'the policy column');
    taken.set(FUTURE_COLUMN, 'the future column');
  }
  if (scenarioColumn !== null) {
    if (taken.has(scenarioColumn)) add(['scenario', 'name'], `"${scenarioColumn}" is already ${taken.get(scenarioColumn)}; choose another name`);
    taken.set(scenarioColumn, 'the scenario factor');
  }
  dmdu?.policies.levers.forEach((l) => {
    const clash = taken.get(l.name);
    if (clash) add(['policies'], `the lever column "${l.name}" is already ${clash}; give the lever another name`);
    taken.set(l.name, `lever ${l.name}`);
  });
  factors.forEach((f, i) => {
    const clash = taken.get(f.name);
    const named = dmdu ? typeof e.uncertainties?.[i] === 'object' && e.uncertainties[i].name !== undefined : e.factors[i].name !== undefined;
    if (clash) add([...factorAt(i), ...(dmdu && typeof e.uncertainties?.[i] === 'string' ? [] : [named ? 'name' : 'path'])], `the column name "${f.name}" is already ${clash}; give the ${dmdu ? 'uncertainty' : 'factor'} another name`);
    taken.set(f.name, `${dmdu ? 'uncertainty' : 'factor'} ${f.name}`);
  });
  const seenPaths = new Map<string, number>();
  if (!dmdu) factors.forEach((f, i) => {
    if (seenPaths.has(f.path)) add(['factors', i, 'path'], `factors[${seenPaths.get(f.path)}] already varies ${f.path}`);
    else seenPaths.set(f.path, i);
    if (Object.hasOwn(e.set, f.path)) add(['factors', i, 'path'], `${f.path} is also fixed under set:; a factor overrides it, so remove one of them`);
  });
  factors.forEach((f, i) => {
    const problem = knockedBy(f.path, dmdu ? 'an uncertainty is sampled' : 'a factor varies it');
    if (problem) add(dmdu ? ['uncertainties', i] : ['factors', i, 'path'], problem);
  });
  for (const l of dmdu?.policies.levers ?? []) {
    const problem = knockedBy(l.path, `a policy sets it (lever ${l.name})`);
    if (problem) add(['policies'], problem);
  }

  // Design size.
  const k = factors.length;
  const d = e.design;
  if (d.type === 'lhs' && d.samples < MIN_SIZE.lhs) add(['design', 'samples'], `a Latin hypercube needs at least ${MIN_SIZE.lhs} samples, found ${d.samples}`);
  if (d.type === 'sobol' && d.samples < MIN_SIZE.sobol)
    add(['design', 'samples'], `Sobol indices need at least ${MIN_SIZE.sobol} base samples (hundreds for tight intervals), found ${d.samples}`);
  if (d.type === 'morris') {
    if (d.trajectories < MIN_SIZE.morris) add(['design', 'trajectories'], `Morris screening needs at least ${MIN_SIZE.morris} trajectories (σ needs two), found ${d.trajectories}`);
    if (d.levels < 2 || d.levels % 2 !== 0) add(['design', 'levels'], `Morris levels must be an even number of at least 2 (4 is usual), found ${d.levels}`);
  }
  if (sampled && k === 0 && !dmdu) add(['factors'], `a ${d.type} design needs at least one factor with a range`);
  if (d.type === 'sobol' && k > SOBOL_MAX_FACTORS) add([dmdu ? 'uncertainties' : 'factors'], `a Sobol design takes at most ${SOBOL_MAX_FACTORS} ${dmdu ? 'uncertainties' : 'factors'}, found ${k}`);

  // Outcomes kept and analysed (under their old names too: outputs.metrics, analysis.outputs).
  const renamed = (section: 'outputs' | 'analysis', name: string, oldName: string, given: string[] | undefined, old: string[] | undefined): { list: string[] | undefined; at: PathKey[] } => {
    if (old === undefined) return { list: given, at: [section, name] };
    if (given !== undefined) {
      add([section, oldName], `the old name of ${section}.${name}; give ${section}.${name} only`, true);
      return { list: given, at: [section, name] };
    }
    note([section, oldName], `${section}.${oldName} is now called ${section}.${name}; the old name still works`);
    return { list: old, at: [section, oldName] };
  };
  const kept = renamed('outputs', 'outcomes', 'metrics', e.outputs.outcomes, e.outputs.metrics);
  const metrics = kept.list ?? [...OUTCOMES];
  (kept.list ?? []).forEach((m, i) => {
    if (!OUTCOMES.includes(m)) add([...kept.at, i], unknownMetric(m));
    else if (kept.list!.indexOf(m) !== i) add([...kept.at, i], `"${m}" is listed twice`);
  });
  const analysed = renamed('analysis', 'outcomes', 'outputs', e.analysis.outcomes, e.analysis.outputs);
  const analysisOutputs = analysed.list ?? metrics.filter((m) => !CLOCK_OUTCOMES.includes(m));
  (analysed.list ?? []).forEach((m, i) => {
    if (!OUTCOMES.includes(m)) add([...analysed.at, i], unknownMetric(m));
    else if (!metrics.includes(m)) add([...analysed.at, i], `"${m}" is not among outputs.outcomes, so the runs do not keep it; add it there`);
  });

  // Satisficing thresholds and directions, for outcomes the analysis reports.
  const checkOutcome = (path: PathKey[], m: string): boolean => {
    if (!OUTCOMES.includes(m)) add(path, unknownMetric(m), true);
    else if (!analysisOutputs.includes(m)) add(path, `"${m}" is not among the analysed outcomes (analysis.outcomes); add it there`, true);
    else return true;
    return false;
  };
  const directions = e.analysis.directions;
  for (const m of Object.keys(directions)) checkOutcome(['analysis', 'directions', m], m);
  const thresholds: Record<string, Threshold> = {};
  for (const [m, v] of Object.entries(e.analysis.thresholds)) {
    if (!checkOutcome(['analysis', 'thresholds', m], m)) continue;
    // A bare number compares as the outcome's direction says (the file's, else the default by name).
    const t = parseThreshold(v, Object.hasOwn(directions, m) ? directions[m] : defaultDirection(m));
    if (!t) add(['analysis', 'thresholds', m], `expected a comparison such as "<= 5" or ">= 0.8" (or a bare number), found ${JSON.stringify(v)}`);
    else if (Object.hasOwn(directions, m) && typeof v === 'string' && (t.op.startsWith('<') ? 'minimize' : 'maximize') !== directions[m])
      add(['analysis', 'thresholds', m], `"${v}" asks for ${t.op.startsWith('<') ? 'low' : 'high'} values, but analysis.directions says ${m} is to ${directions[m]}; make them agree`);
    else thresholds[m] = t;
  }
  if (!dmdu && (Object.keys(thresholds).length > 0 || Object.keys(directions).length > 0))
    add(['analysis'], 'thresholds and directions judge policies across futures: they need policies: and uncertainties:');

  const resolved: ResolvedExperiment = {
    name: e.name ?? baseName(fileName),
    description: e.description,
    // Only when given, so that experiments without it keep the fingerprint they had before it existed.
    ...(e.descriptionZh !== undefined ? { descriptionZh: e.descriptionZh } : {}),
    scenarioColumn,
    scenarios,
    set: { ...e.set, ...Object.fromEntries([...knocked].map(([path, k]) => [path, k.value])) },
    // Only when given, as descriptionZh, so that experiments without it keep their fingerprint.
    ...(e.knockOut.length > 0 ? { knockOut: e.knockOut } : {}),
    factors,
    design: d,
    replications: e.replications,
    seed: e.seed,
    // Branching shares one history per replicate across points: common random numbers by design.
    commonRandomNumbers: e.commonRandomNumbers || e.branchAt !== undefined,
    branchAt: e.branchAt ?? null,
    outputs: { series: e.outputs.series, metrics },
    analysis: {
      outputs: analysisOutputs,
      bootstrap: e.analysis.bootstrap,
      confidence: e.analysis.confidence,
      ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}),
      ...(Object.keys(directions).length > 0 ? { directions } : {}),
    },
    ...(dmdu ? { policies: dmdu.policies } : {}),
    limits: { runSeconds: e.limits.runSeconds ?? null, memoryMB: e.limits.memoryMB ?? null },
  };
  if (problems.length === 0) {
    const runs = runCount(resolved);
    if (runs > MAX_RUNS) add(['design'], `the design has ${runs.toLocaleString('en-US')} runs; at most ${MAX_RUNS.toLocaleString('en-US')} fit one sweep`);
    if (runs === 0) add(['factors'], 'the design has no runs');
  }
  return resolved;
}

/** Factors a Sobol design can take (it draws 2 × factors dimensions of the Sobol sequence). */
export const SOBOL_MAX_FACTORS = 50;

function unknownMetric(m: string): string {
  const guess = closest(m, OUTCOMES);
  return `unknown outcome "${m}"${guess ? ` (did you mean "${guess}"?)` : ''}; outcomes are final.<series column>, exits_by_cause.<cause>, first_year_mortality and totals.<total> (see docs/experiments.md)`;
}

// ── Issues ──────────────────────────────────────────────────────────────────

const DESIGN_KEYS: Record<string, string[]> = {
  grid: ['type'],
  lhs: ['type', 'samples'],
  sobol: ['type', 'samples'],
  morris: ['type', 'trajectories', 'levels'],
};

function describeExperimentIssue(issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  const path = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
  const input = (issue as { input?: unknown }).input;
  const top = path[0];
  if (top === 'design' && issue.code === 'invalid_union') {
    const type = (raw as { design?: { type?: unknown } }).design?.type;
    return [{ path: ['design', 'type'], text: `expected one of: grid, lhs, sobol, morris, found ${type === undefined ? 'nothing' : JSON.stringify(type)}` }];
  }
  if (top === 'design' && issue.code === 'unrecognized_keys') {
    const type = String((raw as { design?: { type?: unknown } }).design?.type);
    const known = DESIGN_KEYS[type] ?? [];
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      return { path: [...path, key], unknownKey: key, text: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; a ${type} design takes ${known.join(', ')}` };
    });
  }
  if (top === 'design' && issue.code === 'invalid_type' && path.length === 2) {
    return [{ path, text: `expected a whole number, found ${input === undefined ? 'nothing' : JSON.stringify(input)}` }];
  }
  if (top === 'scenario' && path.length === 1 && issue.code === 'invalid_union') {
    return [{ path, text: 'expected a scenario file (text), or a factor over files: { name: region, values: [a.yaml, b.yaml] }' }];
  }
  if (top === 'design' && path.length === 1 && issue.code === 'invalid_type') {
    return [{ path, text: 'expected a mapping with a type, e.g. { type: grid } or { type: morris, trajectories: 10 }' }];
  }
  return describeIssue(issue, experimentSchema);
}

// ── Reading YAML with positions ─────────────────────────────────────────────

interface Located {
  line: number;
  col: number;
}

function readYaml(text: string, fileName: string): { raw: unknown; locate: (path: readonly PathKey[], atKey: boolean) => Located | undefined } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseYamlDocument(text, { lineCounter, prettyErrors: false });
  } catch (err) {
    throw new ExperimentError('EXPERIMENT_PARSE', `${fileName}: cannot read the YAML: ${(err as Error).message}`);
  }
  const pos = (offset: number): Located => lineCounter.linePos(offset);
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const { line, col } = pos(e.pos[0]);
      return `${fileName}:${line}:${col} ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
    });
    throw new ExperimentError('EXPERIMENT_PARSE', `${fileName}: YAML syntax ${lines.length === 1 ? 'error' : 'errors'}`, lines);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ExperimentError('EXPERIMENT_PARSE', `${fileName}: cannot read the YAML: ${(err as Error).message}`);
  }
  const locate = (path: readonly PathKey[], atKey: boolean): Located | undefined => {
    const at = offsetAt(doc, path, atKey);
    return at === undefined ? undefined : pos(at);
  };
  return { raw, locate };
}

/** Paths of numbers that are not finite (.inf, .nan, 1e999): no parameter accepts them. */
function findNonFinite(value: unknown, path: PathKey[], out: { path: PathKey[]; text: string }[]): void {
  if (out.length >= 50) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ path, text: `expected a number, found ${value}` });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) value.forEach((v, i) => findNonFinite(v, [...path, i], out));
  else for (const key of Object.keys(value)) findNonFinite((value as Record<string, unknown>)[key], [...path, key], out);
}
