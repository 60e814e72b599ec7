/**
 * Calibration charts (`govbuy report` on a `govbuy calibrate` folder):
 * - posteriors: each free parameter's weighted particles as a histogram over its prior range
 *   (bins of equal width, on a log scale for log priors), with the posterior median and its
 *   credible interval; one panel per parameter, each with its own scales;
 * - target fit: each target's standardized error, (simulated − observed) / sd (or tolerance), at
 *   the posterior median, mean and approximate mode, against the ±2 band;
 * - tolerance schedule: the ABC-SMC tolerance ε by generation (log scale), with the share of
 *   draws accepted.
 * Pure: rows in, Vega-Lite specs out.
 */
import { chartConfig, colorScale, DEFAULT_WIDTH, orderOf, PALETTE, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

/** Bins per posterior histogram. */
export const POSTERIOR_BINS = 20;

export interface Particle {
  weight: number;
  value: number;
}

export interface PosteriorBin {
  parameter: string;
  lo: number;
  hi: number;
  /** Posterior weight in the bin (weights sum to 1 over a parameter's bins). */
  weight: number;
}

/**
 * Weighted histogram of one parameter's particles over its prior range [lo, hi], in equal bins
 * (equal on a log scale when `log`). Values outside the range go to the end bins.
 */
export function posteriorBins(parameter: string, particles: readonly Particle[], prior: { lo: number; hi: number; log: boolean }, bins = POSTERIOR_BINS): PosteriorBin[] {
  const log = prior.log && prior.lo > 0;
  const f = (x: number) => (log ? Math.log(x) : x);
  const g = (u: number) => (log ? Math.exp(u) : u);
  const [a, b] = [f(prior.lo), f(prior.hi)];
  const width = (b - a) / bins;
  const weights = new Array<number>(bins).fill(0);
  const total = particles.reduce((s, p) => s + p.weight, 0);
  for (const p of particles) {
    if (!Number.isFinite(p.value) || (log && p.value <= 0)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor((f(p.value) - a) / width)));
    weights[i] += total > 0 ? p.weight / total : 0;
  }
  return weights.map((weight, i) => ({ parameter, lo: g(a + i * width), hi: g(a + (i + 1) * width), weight }));
}

export interface PosteriorMarker {
  parameter: string;
  median: number;
  lower: number;
  upper: number;
  /** The value the scenario had before (null when it has none). */
  was: number | null;
}

export interface PosteriorOptions extends ChartOptions {
  /** Legend labels: the credible interval with the median, and the scenario's value before. */
  labels: { interval: string; was: string };
  parameterOrder?: readonly string[];
}

export function posteriorChart(bins: readonly PosteriorBin[], markers: readonly PosteriorMarker[], options: PosteriorOptions): TopLevelSpec {
  const parameters = orderOf(bins.map((b) => b.parameter), options.parameterOrder);
  // One dataset, a field per layer (rows without it are not drawn), so each panel's x domain is
  // the union of its bins, interval and earlier value even when one of them is missing.
  const data = roundRows([
    ...bins.map((b) => ({ parameter: b.parameter, binLo: b.lo, binHi: b.hi, weight: b.weight })),
    ...markers.map((m) => ({ parameter: m.parameter, ciLo: m.lower, ciHi: m.upper, median: m.median, measure: options.labels.interval })),
    // A parameter without an earlier value gets an invisible one (at its median), so that no
    // panel's domain for this layer is empty.
    ...markers.map((m) => ({ parameter: m.parameter, was: m.was ?? m.median, shown: m.was === null ? 0 : 1, measure: options.labels.was })),
  ]);
  const measures = colorScale([options.labels.interval, options.labels.was]);
  const x = { type: 'quantitative' as const, title: null, scale: { zero: false, nice: false }, axis: { format: '~g', tickCount: 5 } };
  const color = { field: 'measure', type: 'nominal' as const, scale: measures };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: data },
    facet: { field: 'parameter', type: 'nominal', sort: parameters, title: null, header: { labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 260 } },
    columns: 2,
    spec: {
      width: options.width ?? 240,
      height: options.height ?? 90,
      layer: [
        {
          mark: { type: 'rect', color: '#9ecae1', stroke: 'white', strokeWidth: 0.5 },
          encoding: { x: { ...x, field: 'binLo' }, x2: { field: 'binHi' }, y: { field: 'weight', type: 'quantitative', title: options.text.y ?? null, axis: { format: '.0%', tickCount: 3 } } },
        },
        { mark: { type: 'rule', strokeWidth: 3 }, encoding: { x: { ...x, field: 'ciLo' }, x2: { field: 'ciHi' }, y: { datum: 0, type: 'quantitative' }, color: { ...color, legend: { title: null, orient: 'bottom' } } } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { x: { ...x, field: 'median' }, y: { datum: 0, type: 'quantitative' }, color } },
        { mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x: { ...x, field: 'was' }, color, opacity: { field: 'shown', type: 'quantitative', scale: null, legend: null } } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

export interface TargetFitRow {
  target: string;
  /** The check point, as its label ("posterior median" …). */
  point: string;
  /** (simulated mean − observed) / (sd or tolerance). */
  z: number;
  /** Whether the target was fitted (else only checked). */
  fitted: boolean;
}

export interface TargetFitOptions extends ChartOptions {
  pointOrder?: readonly string[];
  targetOrder?: readonly string[];
}

/** Standardized errors per target (rows) and check point (colours), with the band |z| ≤ 2 shaded. */
export function targetFitChart(rows: readonly TargetFitRow[], options: TargetFitOptions): TopLevelSpec {
  const data = roundRows(rows.map((r) => ({ target: r.target, point: r.point, z: r.z })));
  const points = orderOf(rows.map((r) => r.point), options.pointOrder);
  const targets = orderOf(rows.map((r) => r.target), options.targetOrder);
  const limit = Math.max(3, ...rows.map((r) => Math.ceil(Math.abs(r.z))));
  const y = { field: 'target', type: 'nominal' as const, title: null, sort: targets, axis: { labelLimit: 220 } };
  const x = { type: 'quantitative' as const, title: options.text.x ?? null, scale: { domain: [-limit, limit] } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    width: options.width ?? DEFAULT_WIDTH - 200,
    // A step per check point (yOffset): three to a target's row.
    height: { step: 10 },
    layer: [
      { data: { values: [{ lo: -2, hi: 2 }] }, mark: { type: 'rect', color: '#e5f2e5' }, encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' } } },
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888' }, encoding: { x: { ...x, field: 'zero' } } },
      {
        data: { values: data },
        mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
        encoding: {
          y,
          // The three check points side by side within a target's row, so none hides another.
          yOffset: { field: 'point', type: 'nominal', sort: points },
          x: { ...x, field: 'z' },
          color: { field: 'point', type: 'nominal', scale: colorScale(points), sort: points, legend: { title: null, orient: 'bottom' } },
        },
      },
    ],
  } as TopLevelSpec;
}

export interface ToleranceRow {
  generation: number;
  epsilon: number;
  acceptanceRate: number;
}

/** The tolerance by generation on a log scale, each point labelled with the share accepted. */
export function toleranceChart(rows: readonly ToleranceRow[], options: ChartOptions): TopLevelSpec {
  const data = roundRows(rows.map((r) => ({ ...r, accepted: `${Math.round(100 * r.acceptanceRate)}%` })));
  const x = { field: 'generation', type: 'quantitative' as const, title: options.text.x ?? null, axis: { tickMinStep: 1, format: 'd' } };
  const y = { field: 'epsilon', type: 'quantitative' as const, title: options.text.y ?? null, scale: { type: 'log' as const } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    width: options.width ?? DEFAULT_WIDTH - 160,
    height: options.height ?? 200,
    data: { values: data },
    layer: [
      { mark: { type: 'line', color: PALETTE[0] }, encoding: { x, y } },
      { mark: { type: 'point', filled: true, color: PALETTE[0], size: 50 }, encoding: { x, y } },
      { mark: { type: 'text', dy: -10, fontSize: 10, color: '#555' }, encoding: { x, y, text: { field: 'accepted', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}
