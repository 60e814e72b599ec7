/**
 * The targets file (scenarios/targets/*.targets.yaml): which free parameters to fit, with their
 * priors, and the figures from the sources that the fit should reproduce, each with a metric,
 * the observed value, a standard error or tolerance and its citation. Validated with zod like
 * scenarios, then checked against the scenario (parameters that exist and are assumptions,
 * metrics that exist and fall within the run). Every problem is reported at once, each with
 * file:line:col, the path in the file, what was expected and what was found. Pure: the caller
 * reads the text.
 */
import { z } from 'zod';
import { describeSome, formatPath, type PathKey } from '../scenario/issues.ts';
import { fileKindOf, keyList } from '../scenario/fileKind.ts';
import { MAX_PROBLEMS } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { CalibrationError } from './errors.ts';
import { firstSeriesYear, lastSeriesYear, parseMetric, readsSummary, type Metric } from './metrics.ts';
import { resolveParameter, type FreeParameter } from './parameters.ts';
import { readYamlSource } from './yamlSource.ts';

const NAME = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a column name: letters, digits, _ . - (starting with a letter or _)');

const parameterSchema = z.strictObject({
  path: z.string().min(1).meta({ description: 'Dotted path of a scenario parameter marked as an assumption, as in --set (policies.incubator.slots).' }),
  name: NAME.optional().meta({ description: 'Column name in posterior.csv (default: the path).' }),
  prior: z
    .tuple([z.number(), z.number()])
    .optional()
    .meta({ description: 'Uniform prior [low, high] (default: the plausible range in the scenario schema).' }),
  log: z.boolean().default(false).meta({ description: 'Log-uniform prior: uniform in ln(value); the range must be above 0.' }),
  note: z.string().optional().meta({ description: 'Why this parameter is free, or why this prior.' }),
});

const targetSchema = z.strictObject({
  name: NAME.optional().meta({ description: 'Short name of the target (default: the metric).' }),
  metric: z.string().min(1).meta({ description: 'What to compare: a summary path, series.<column>@<year>[-<month>], mean|sum|min|max(series.<column>@<from>..<to>), or a ratio A / B (docs/calibration.md).' }),
  value: z.number().meta({ description: 'The observed value.' }),
  sd: z.number().positive().optional().meta({ description: 'Standard error of the observed value (the distance divides errors by it; "within" means within 2 sd).' }),
  tolerance: z.number().positive().optional().meta({ description: 'Acceptable absolute error, instead of sd (the distance divides errors by it; "within" means within it).' }),
  fit: z.boolean().default(true).meta({ description: 'Whether the target enters the distance; false reports it only, as a check.' }),
  source: z.string().min(1).meta({ description: 'Citation of the figure (seed file and place, e.g. "003: Xitun 2016").' }),
  note: z.string().optional().meta({ description: 'How the figure maps onto the metric.' }),
});

export const targetsSchema = z.strictObject({
  description: z.string().default('').meta({ description: 'What is calibrated, against what, in a few sentences.' }),
  descriptionZh: z.string().optional().meta({ description: 'The description in Chinese (the Chinese report shows it; default: the description).' }),
  years: z
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Years each calibration run lasts (default: up to the last year a series target reads, or the scenario’s years when a target reads the summary).' }),
  parameters: z.array(parameterSchema).min(1).meta({ description: 'The free parameters.' }),
  targets: z.array(targetSchema).min(1).meta({ description: 'The figures to fit.' }),
});
export type TargetsInput = z.input<typeof targetsSchema>;

export interface Target {
  name: string;
  metric: Metric;
  value: number;
  /** The scale errors are divided by: sd or tolerance. */
  scale: number;
  kind: 'sd' | 'tolerance';
  /** Largest absolute error counted as a fit: 2 sd, or the tolerance. */
  within: number;
  fit: boolean;
  source: string;
  note?: string;
}

export interface Targets {
  description: string;
  descriptionZh?: string;
  parameters: FreeParameter[];
  targets: Target[];
  /** Years each calibration run lasts. */
  runYears: number;
  /** How runYears was chosen. */
  runYearsFrom: 'targets file' | 'last target year' | 'scenario';
  /** Things worth knowing that do not stop the calibration (a schedule that overrides a fitted value). */
  warnings: string[];
}

/** Columns posterior.csv has before the parameters. */
export const RESERVED_COLUMNS: readonly string[] = ['particle', 'weight', 'distance'];

interface Line {
  path: PathKey[];
  text: string;
  atKey?: boolean;
}

export function parseTargetsText(text: string, fileName: string, scenario: Scenario): Targets {
  const source = readYamlSource(text, fileName);
  const raw = source.raw;
  // Each problem is placed by a walk of the file, so only the first MAX_PROBLEMS are listed.
  const fail = (all: Line[], unlisted = 0) => {
    const lines = all.slice(0, MAX_PROBLEMS);
    unlisted += all.length - lines.length;
    const placed = lines.map((l) => ({ at: source.locate(l.path, l.atKey ?? false), l }));
    placed.sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.col ?? 0) - (b.at?.col ?? 0));
    const shown = (l: Line) => (l.atKey ? l.path.slice(0, -1) : l.path);
    const details = [...new Set(placed.map(({ l }) => `${source.where(l.path, l.atKey)} ${formatPath(shown(l))}: ${l.text}`))];
    const n = details.length + unlisted;
    if (unlisted > 0) details.push(`… and ${unlisted} more (only the first ${details.length} are listed)`);
    return new CalibrationError('TARGETS_INVALID', `${fileName}: ${n} ${n === 1 ? 'problem' : 'problems'} in the targets file`, details);
  };
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    const found = raw === null || raw === undefined ? 'an empty file' : Array.isArray(raw) ? 'a list' : 'a single value';
    throw new CalibrationError('TARGETS_INVALID', `${fileName}: a targets file is a mapping with "parameters:" and "targets:"`, [
      `${fileName}:1:1 expected a mapping (description, years, parameters, targets), found ${found}`,
    ]);
  }
  // A scenario or an experiment given as the targets: say so, rather than list its sections as unknown keys.
  const told = fileKindOf(raw as Record<string, unknown>);
  if (told?.kind === 'scenario')
    throw new CalibrationError('TARGETS_INVALID', `${fileName} is a scenario, not a targets file (it has ${keyList(told.telling)})`, [
      `give it as the scenario, and the figures to fit with --targets: govbuy calibrate ${fileName} --targets <file>; scenarios/targets/ has an example, docs/calibration.md the format`,
    ]);
  if (told?.kind === 'experiment')
    throw new CalibrationError('TARGETS_INVALID', `${fileName} is an experiment, not a targets file (it has ${keyList(told.telling)})`, [
      `to run the experiment: govbuy sweep ${fileName}; --targets takes a file of free parameters and target figures (scenarios/targets/ has an example, docs/calibration.md the format)`,
    ]);
  const result = targetsSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const { problems, unlisted } = describeSome(result.error.issues, targetsSchema, MAX_PROBLEMS);
    throw fail(
      problems.map((p) => ({ path: p.path, text: p.text, atKey: p.unknownKey !== undefined })),
      unlisted,
    );
  }
  const file = result.data;
  const lines: Line[] = [];
  const warnings: string[] = [];

  // Parameters.
  const parameters: FreeParameter[] = [];
  const seenPaths = new Map<string, number>();
  const seenNames = new Map<string, number>();
  file.parameters.forEach((spec, i) => {
    const at: PathKey[] = ['parameters', i];
    if (seenPaths.has(spec.path)) {
      lines.push({ path: [...at, 'path'], text: `parameters[${seenPaths.get(spec.path)}] already fits ${spec.path}` });
      return;
    }
    seenPaths.set(spec.path, i);
    const { parameter, problems } = resolveParameter(spec, scenario);
    for (const p of problems) lines.push({ path: p.field ? [...at, p.field] : at, text: p.text });
    if (!parameter) return;
    if (RESERVED_COLUMNS.includes(parameter.name))
      lines.push({ path: [...at, spec.name !== undefined ? 'name' : 'path'], text: `"${parameter.name}" is a column posterior.csv already has; give the parameter another name` });
    else if (seenNames.has(parameter.name)) lines.push({ path: [...at, 'name'], text: `the name "${parameter.name}" is already used by parameters[${seenNames.get(parameter.name)}]` });
    seenNames.set(parameter.name, i);
    parameters.push(parameter);
    scenario.schedule.forEach((entry, k) => {
      for (const key of Object.keys(entry.set)) {
        if (key === spec.path || spec.path.startsWith(`${key}.`))
          warnings.push(`${fileName}: schedule[${k}] of the scenario sets ${key} from run year ${entry.year}; the fitted ${spec.path} acts only before that`);
      }
    });
  });

  // Targets: metrics first, so that the run length can be chosen.
  const metrics: (Metric | null)[] = file.targets.map((t, i) => {
    const parsed = parseMetric(t.metric);
    if (!parsed.ok) {
      lines.push({ path: ['targets', i, 'metric'], text: parsed.problem });
      return null;
    }
    return parsed.value;
  });
  const valid = metrics.filter((m): m is Metric => m !== null);
  const anySummary = valid.some(readsSummary);
  const lastYear = Math.max(scenario.startYear, ...valid.map((m) => lastSeriesYear(m) ?? scenario.startYear));
  let runYears: number;
  let runYearsFrom: Targets['runYearsFrom'];
  if (file.years !== undefined) [runYears, runYearsFrom] = [file.years, 'targets file'];
  else if (anySummary) [runYears, runYearsFrom] = [scenario.years, 'scenario'];
  else [runYears, runYearsFrom] = [Math.min(lastYear - scenario.startYear + 1, scenario.years), 'last target year'];
  const endYear = scenario.startYear + runYears - 1;

  const targets: Target[] = [];
  const targetNames = new Map<string, number>();
  file.targets.forEach((t, i) => {
    const at: PathKey[] = ['targets', i];
    const metric = metrics[i];
    if (t.sd === undefined && t.tolerance === undefined) lines.push({ path: at, text: 'give the uncertainty of the value: sd (a standard error) or tolerance (an acceptable absolute error)' });
    if (t.sd !== undefined && t.tolerance !== undefined) lines.push({ path: [...at, 'tolerance'], text: 'give either sd or tolerance, not both' });
    if (!metric) return;
    const first = firstSeriesYear(metric);
    const last = lastSeriesYear(metric);
    if (first !== null && last !== null && (first < scenario.startYear || last > endYear)) {
      const why = runYearsFrom === 'targets file' ? `years: ${runYears} in this file` : `the scenario's ${scenario.years} years`;
      lines.push({
        path: [...at, 'metric'],
        text: `expected a metric within the calibration runs (${scenario.startYear}–${endYear}, ${why}), found ${first === last ? `year ${first}` : `years ${first}–${last}`}`,
      });
    }
    const name = t.name ?? metric.text;
    if (targetNames.has(name)) lines.push({ path: [...at, t.name !== undefined ? 'name' : 'metric'], text: `targets[${targetNames.get(name)}] already has the name "${name}"; give this one a name` });
    targetNames.set(name, i);
    const scale = t.sd ?? t.tolerance ?? 1;
    targets.push({
      name,
      metric,
      value: t.value,
      scale,
      kind: t.sd !== undefined ? 'sd' : 'tolerance',
      within: t.sd !== undefined ? 2 * t.sd : scale,
      fit: t.fit,
      source: t.source,
      ...(t.note !== undefined ? { note: t.note } : {}),
    });
  });
  if (file.targets.length > 0 && !file.targets.some((t) => t.fit)) lines.push({ path: ['targets'], text: 'every target has fit: false; at least one must enter the fit' });
  if (lines.length > 0) throw fail(lines);
  return { description: file.description, ...(file.descriptionZh !== undefined ? { descriptionZh: file.descriptionZh } : {}), parameters, targets, runYears, runYearsFrom, warnings };
}
