/**
 * `govbuy discover <sweep folder> --outcome PATH --where "> 10"`: scenario discovery (issue 18).
 * Reads a finished sweep, marks the runs of interest, runs PRIM and a CART tree over the
 * uncertainties (or factors), and writes <folder>/discovery/ — replaced as a whole — with
 * box.json, discovery.json, CSV tables and Vega-Lite charts.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { csv, readSweepManifest, readSweepRuns, replaceDerivedFolder } from '../../experiments/analyzeFolder.ts';
import { discover, DiscoveryInputError, type DiscoveryOptions } from '../../experiments/discovery.ts';
import { ExperimentError } from '../../experiments/errors.ts';
import { OUTCOMES } from '../../experiments/outcomes.ts';
import { closest } from '../../scenario/issues.ts';
import type { BoxChoice } from '../../experiments/prim.ts';
import { OPERATOR, parseThreshold } from '../../experiments/thresholds.ts';
import { readRegularFile } from '../../io/durable.ts';
import { stableJson, toCsv } from '../../io/formats.ts';
import { boxLimitsChart, pairsChart, tradeoffChart } from '../../report/charts/discovery.ts';
import { count, list, pathOption, single, UsageError, wholeNumber, type Io } from '../context.ts';

export function builder(y: Argv): Argv {
  return y
    .positional('folder', { type: 'string', describe: 'A finished sweep folder (govbuy sweep, or merged shards)' })
    .option('outcome', { type: 'string', requiresArg: true, describe: 'The outcome column, e.g. exits_by_cause.insolvency' })
    .option('where', { type: 'string', requiresArg: true, describe: 'Runs of interest: the outcome compared with a number, e.g. "> 10" or "<= 0.5"' })
    .option('quantile', { type: 'string', requiresArg: true, describe: 'Runs of interest: the outcome compared with its own quantile, e.g. "> 0.9" (the top tenth)' })
    .option('levers', { type: 'boolean', describe: 'Policies × futures: search the levers too, not only the uncertainties' })
    .option('subset', { type: 'string', array: true, requiresArg: true, describe: 'Only runs whose column has this value, COLUMN=VALUE as in runs.csv (e.g. policy=advance-60); repeatable' })
    .option('box', { type: 'number', requiresArg: true, describe: 'Report this box of the peeling trajectory (default: the best balance of coverage and density among significant boxes)' })
    .option('min-density', { type: 'number', requiresArg: true, describe: 'Report the box with the most coverage among those at least this dense (0–1)' })
    .option('peel-alpha', { type: 'number', requiresArg: true, describe: 'Share of the box peeled per step (default 0.05)' })
    .option('paste-alpha', { type: 'number', requiresArg: true, describe: 'Share pasted per step (default 0.05)' })
    .option('mass-min', { type: 'number', requiresArg: true, describe: 'Smallest box, as a share of the runs (default 0.05)' })
    .option('resamples', { type: 'number', requiresArg: true, describe: 'PRIM reruns on random halves, for stability (default 10; 0 for none)' })
    .option('cart-depth', { type: 'number', requiresArg: true, describe: 'Depth of the CART tree (default 3)' })
    .option('out', { type: 'string', requiresArg: true, describe: 'Folder to write (default <folder>/discovery); replaced if it holds an earlier discovery' })
    .example('$0 discover results/robust-payments --outcome exits_by_cause.insolvency --where "> 5" --subset policy=advance-60-prompt', '')
    .example('$0 discover results/sensitivity --outcome final.orgs_active --quantile "< 0.1"', '');
}

function share(name: string, value: unknown, open = true): number | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(x) && (open ? x > 0 && x < 1 : x >= 0 && x <= 1))) throw new UsageError(`--${name} must be a number ${open ? 'between 0 and 1 (exclusive)' : 'from 0 to 1'}, got ${JSON.stringify(text)}`);
  return x;
}

/** The options of `discover`, checked (pure apart from reading args). */
export function discoveryOptions(args: Record<string, unknown>): DiscoveryOptions {
  const outcome = single('outcome', args.outcome);
  if (outcome === undefined) throw new UsageError('--outcome is required: the outcome column whose cases of interest to explain, e.g. --outcome exits_by_cause.insolvency');
  const whereText = single('where', args.where);
  const quantileText = single('quantile', args.quantile);
  if ((whereText === undefined) === (quantileText === undefined)) throw new UsageError('give one of --where "> 10" (a threshold) or --quantile "> 0.9" (a quantile of the outcome)');
  const comparison = (name: string, text: string) => {
    const t = new RegExp(`^\\s*${OPERATOR}`).test(text) ? parseThreshold(text) : null;
    if (!t) throw new UsageError(`--${name} takes a comparison and a number, e.g. "> 10" or "<= 0.5"; got ${JSON.stringify(text)}`);
    return t;
  };
  const where = whereText !== undefined ? comparison('where', whereText) : undefined;
  const quantile = quantileText !== undefined ? comparison('quantile', quantileText) : undefined;
  if (quantile && !(quantile.value > 0 && quantile.value < 1)) throw new UsageError(`--quantile: the quantile must lie between 0 and 1 (exclusive), got ${quantile.value}`);
  const subset: Record<string, string> = {};
  for (const s of list(args.subset)) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--subset takes COLUMN=VALUE (e.g. policy=advance-60), got ${JSON.stringify(s)}`);
    subset[s.slice(0, eq).trim()] = s.slice(eq + 1).trim();
  }
  const boxIndex = wholeNumber('box', args.box);
  const minDensity = share('min-density', args['min-density'], false);
  if (boxIndex !== undefined && minDensity !== undefined) throw new UsageError('give --box or --min-density, not both');
  const choice: BoxChoice = boxIndex !== undefined ? { by: 'index', index: boxIndex } : minDensity !== undefined ? { by: 'minDensity', density: minDensity } : { by: 'balance' };
  const prim: Record<string, number> = {};
  const peel = share('peel-alpha', args['peel-alpha']);
  const paste = share('paste-alpha', args['paste-alpha']);
  const mass = share('mass-min', args['mass-min']);
  if (peel !== undefined) prim.peelAlpha = peel;
  if (paste !== undefined) prim.pasteAlpha = paste;
  if (mass !== undefined) prim.massMin = mass;
  const resamples = wholeNumber('resamples', args.resamples, 1000);
  const cartDepth = wholeNumber('cart-depth', args['cart-depth'], 12, { min: 1 });
  return {
    outcome,
    ...(where ? { where } : {}),
    ...(quantile ? { quantile } : {}),
    levers: args.levers === true,
    subset,
    prim,
    choice,
    ...(resamples !== undefined ? { resamples } : {}),
    ...(cartDepth !== undefined ? { cartDepth } : {}),
  };
}

/** Most runs drawn in the pairwise scatter plots (evenly spaced; the CSV has them all). */
const MAX_SCATTER_POINTS = 2000;

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const folder = String(args.folder);
  const options = discoveryOptions(args);
  const m = await readSweepManifest(folder);
  const e = m.experiment;
  if (!OUTCOMES.includes(options.outcome) || !e.outputs.metrics.includes(options.outcome)) {
    const kept = OUTCOMES.includes(options.outcome);
    const guess = kept ? undefined : closest(options.outcome, e.outputs.metrics);
    throw new ExperimentError(
      'SWEEP_STATE',
      `--outcome: ${folder} has no outcome "${options.outcome}"${kept ? ' (the experiment did not keep it: outputs.outcomes)' : guess ? ` (did you mean "${guess}"?)` : ''}; give one of its outcomes (the columns of runs.csv after "error")`,
      [`its outcomes: ${e.outputs.metrics.join(', ')}`],
    );
  }
  const columns = new Set([...(e.scenarioColumn !== null ? [e.scenarioColumn] : []), ...(e.policies ? [e.policies.column, e.policies.futureColumn, ...e.policies.levers.map((l) => l.name)] : []), ...e.factors.map((f) => f.name)]);
  for (const col of Object.keys(options.subset ?? {}))
    if (!columns.has(col)) throw new UsageError(`--subset: ${folder} has no column "${col}"; use one of: ${[...columns].join(', ')}`);
  if (options.levers && !e.policies) throw new UsageError('--levers: this sweep has no policies (a plain factors sweep searches every factor already)');
  const out = pathOption('out', args.out) ?? join(folder, 'discovery');
  await refuseForeignFolder(out);

  const { design, results } = await readSweepRuns(folder, m);
  let found: ReturnType<typeof discover>;
  try {
    found = discover(e, design, results, options);
  } catch (err) {
    if (err instanceof DiscoveryInputError) throw new ExperimentError('SWEEP_STATE', `${folder}: ${err.message}`);
    throw err;
  }
  const { discovery: d, box } = found;
  const names = d.dimensions.map((x) => x.name);

  const files: Record<string, string> = {
    'discovery.json': stableJson(d),
    'trajectory.csv': csv(d.trajectory),
    'cart_nodes.csv': csv(d.cart.nodes),
    'cart_leaves.csv': csv(d.cart.leaves),
  };
  if (box) files['box.json'] = stableJson(box);
  if (d.box)
    files['box.csv'] = toCsv(
      ['name', 'path', 'min', 'max', 'qp', 'qp_low', 'qp_high', 'reproduce_coverage', 'reproduce_density'],
      d.box.restrictions.map((r) => ({ name: r.name, path: r.path, min: r.min, max: r.max, qp: r.qp, qp_low: r.qpLow, qp_high: r.qpHigh, reproduce_coverage: r.reproduceCoverage, reproduce_density: r.reproduceDensity })),
    );
  if (d.stability.length > 0) files['stability.csv'] = toCsv(['name', 'reproduce_coverage', 'reproduce_density'], d.stability);
  const pointRows = found.points.cases.length;
  files['points.csv'] = toCsv(
    [...names, 'case'],
    Array.from({ length: pointRows }, (_, i) => ({ ...Object.fromEntries(names.map((n, di) => [n, found.points.values[di][i]])), case: found.points.cases[i] === 1 })),
  );

  // Charts.
  const lang = 'en' as const;
  const chosenId = d.box?.id ?? -1;
  files['charts/tradeoff.vl.json'] = stableJson(
    tradeoffChart(
      found.trajectory.trajectory.map((b) => ({ id: b.id, coverage: b.coverage, density: b.density, resDim: b.restricted.length, chosen: b.id === chosenId })),
      { lang, text: { title: `PRIM peeling trajectory: ${d.rule}`, subtitle: 'each point a box; coverage = share of the cases inside, density = share of the box that are cases', x: 'coverage', y: 'density' }, dimensionsLabel: 'restricted dimensions', chosenLabel: `box ${chosenId}` },
    ),
  );
  if (d.box && d.box.restrictions.length > 0) {
    const bounds = new Map(d.dimensions.map((x) => [x.name, x.bounds]));
    files['charts/box-limits.vl.json'] = stableJson(
      boxLimitsChart(
        d.box.restrictions.map((r) => ({ name: r.name, min: r.min, max: r.max, low: bounds.get(r.name)![0], high: bounds.get(r.name)![1], qp: r.qp })),
        { lang, text: { title: `Box ${d.box.id}: coverage ${pct(d.box.coverage)}, density ${pct(d.box.density)}`, subtitle: 'where the box lies within each restricted dimension’s range (quasi-p-value in brackets)', x: 'share of the range' } },
      ),
    );
    const shown = d.box.restrictions.slice(0, 4).map((r) => r.name);
    const step = Math.max(1, Math.ceil(pointRows / MAX_SCATTER_POINTS));
    const points: Record<string, number | boolean>[] = [];
    for (let i = 0; i < pointRows; i += step) {
      const p: Record<string, number | boolean> = { case: found.points.cases[i] === 1 };
      for (const n of shown) p[n] = found.points.values[names.indexOf(n)][i];
      points.push(p);
    }
    files['charts/pairs.vl.json'] = stableJson(
      pairsChart(points, {
        lang,
        text: { title: `Runs over the box’s dimensions: ${d.rule}`, subtitle: step > 1 ? `every ${ordinal(step)} run of ${pointRows}` : count(pointRows, 'run') },
        dimensions: shown,
        box: Object.fromEntries(d.box.restrictions.map((r) => [r.name, [r.min, r.max] as [number, number]])),
        caseLabels: ['case of interest', 'other run'],
      }),
    );
  }
  await replaceDerivedFolder(dirname(out), basename(out), files, 'discovery');

  // Summary.
  const lines = [`${d.rule}: ${d.runs.cases} of ${count(d.runs.used, 'run')} ${d.runs.cases === 1 ? 'is a case' : 'are cases'} of interest (${pct(d.runs.cases / d.runs.used)})${left(d)}`];
  if (d.box) {
    lines.push(`PRIM box ${d.box.id} of ${d.trajectory.rows.length - 1}: coverage ${pct(d.box.coverage)}, density ${pct(d.box.density)}, ${pct(d.box.mass)} of the runs`);
    const width = Math.max(...d.box.restrictions.map((r) => r.name.length), 4);
    for (const r of d.box.restrictions)
      lines.push(
        `  ${r.name.padEnd(width)}  ${num(r.min)} – ${num(r.max)}  qp ${r.qp < 0.001 ? r.qp.toExponential(1) : r.qp.toFixed(3)}${r.reproduceCoverage !== null ? `  reproduced ${pct(r.reproduceCoverage)} / ${pct(r.reproduceDensity ?? 0)}` : ''}`,
      );
  } else lines.push('PRIM found no box that restricts any dimension (the cases are spread over the whole space)');
  lines.push(`CART (depth ${d.cart.depth}) splits on: ${d.cart.splitOn.join(', ') || 'nothing'}`);
  for (const s of d.skipped) lines.push(`note: ${s.name} is not a dimension: ${s.why}`);
  lines.push(`wrote ${out}/ ${Object.keys(files).join(', ')}`);
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

/** Refuse to replace a folder that is not an earlier discovery (never delete a user's files). */
async function refuseForeignFolder(out: string): Promise<void> {
  try {
    await stat(out);
  } catch {
    return;
  }
  let format: unknown;
  try {
    // Only a regular file is read (a FIFO would block forever); replaceDerivedFolder checks the rest.
    format = (JSON.parse((await readRegularFile(join(out, 'discovery.json'), { maxBytes: 256 * 1024 * 1024, kind: 'discovery files' })).toString('utf8')) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  if (format !== 'govbuy-discovery') throw new ExperimentError('SWEEP_STATE', `${out} exists and does not hold an earlier discovery; choose another --out (discover replaces its folder as a whole)`);
}

function left(d: { runs: { failed: number; undefined: number; outsideSubset: number } }): string {
  const parts = [d.runs.outsideSubset > 0 ? `${d.runs.outsideSubset} outside the subset` : '', d.runs.failed > 0 ? `${d.runs.failed} failed` : '', d.runs.undefined > 0 ? `${d.runs.undefined} without a value` : ''].filter(Boolean);
  return parts.length > 0 ? `; left out: ${parts.join(', ')}` : '';
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

/** 2 → "2nd", 3 → "3rd", 11 → "11th", 22 → "22nd". */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
