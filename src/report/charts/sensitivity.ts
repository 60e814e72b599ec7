/**
 * Sensitivity bars for sweeps. Morris screening: μ* (mean absolute elementary effect, the
 * factor's importance) as bars with their interval when known, σ (spread: interactions and
 * non-linearity) as a marker. Sobol indices: first-order S1 and total ST side by side per
 * factor, with 95% intervals. Factors are sorted by their largest μ* (or index) over all outcomes; one panel per
 * outcome (none for a single outcome), each listing every factor in the same order.
 *
 * Input rows: Morris `{ factor, outcome, muStar, sigma, muStarLo?, muStarHi? }`;
 * Sobol `{ factor, outcome, index: 'S1' | 'ST', value, lo, hi }`.
 */
import { chartConfig, colorScale, DEFAULT_WIDTH, orderOf, PALETTE, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface MorrisRow {
  factor: string;
  outcome: string;
  muStar: number;
  sigma: number;
  muStarLo?: number;
  muStarHi?: number;
}

export interface SobolRow {
  factor: string;
  outcome: string;
  index: 'S1' | 'ST';
  value: number;
  lo: number;
  hi: number;
}

export interface SensitivityOptions extends ChartOptions {
  outcomeOrder?: readonly string[];
  /** Legend labels of the two measures (μ* and σ; S1 and ST). */
  measureLabels?: [string, string];
  /** Morris: d3 format of the value axis, e.g. ',~g' (default: vega's choice for the domain). */
  format?: string;
}

/** Factors by their largest value of `key` over all outcomes, largest first. */
function byImportance<T extends { factor: string }>(rows: readonly T[], key: (r: T) => number): string[] {
  const top = new Map<string, number>();
  for (const r of rows) top.set(r.factor, Math.max(top.get(r.factor) ?? -Infinity, key(r)));
  return [...top.keys()].sort((a, b) => top.get(b)! - top.get(a)! || (a < b ? -1 : 1));
}

/**
 * One panel per outcome (a row each) around `inner`; with a single outcome the chart is that
 * panel alone (its title says what it shows).
 */
function panels(options: SensitivityOptions, data: readonly object[], outcomes: string[], inner: object, resolve?: object): TopLevelSpec {
  const head = { $schema: VEGA_LITE_SCHEMA, title: titleOf(options.text), config: chartConfig(options.lang), data: { values: data } };
  if (outcomes.length === 1) return { ...head, ...inner } as TopLevelSpec;
  return { ...head, facet: facetRow(outcomes), spec: inner, ...(resolve ? { resolve } : {}) } as TopLevelSpec;
}

function facetRow(outcomes: string[]) {
  return { row: { field: 'outcome', type: 'nominal' as const, sort: outcomes, title: null, header: { labelAngle: 0, labelOrient: 'top' as const, labelAnchor: 'start' as const, labelFontWeight: 'bold' as const } } };
}

/**
 * A layer's rows named as one legend entry (field `measure`). A colour given as a constant datum
 * with its own scale and legend renders, but vega-lite's JSON Schema does not allow it.
 */
export function measureNamed(label: string) {
  return { calculate: JSON.stringify(label), as: 'measure' };
}

export function morrisChart(rows: readonly MorrisRow[], options: SensitivityOptions): TopLevelSpec {
  const data = roundRows(rows);
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const [muLabel, sigmaLabel] = options.measureLabels ?? ['μ*', 'σ'];
  const y = { field: 'factor', type: 'nominal' as const, title: null, sort: byImportance(rows, (r) => r.muStar), axis: { labelLimit: 220 } };
  const x = { type: 'quantitative' as const, title: options.text.x ?? null, ...(options.format ? { axis: { format: options.format } } : {}) };
  const measures = colorScale([muLabel, sigmaLabel]);
  const hasCi = rows.length > 0 && rows.every((r) => r.muStarLo !== undefined && r.muStarHi !== undefined);
  const layer: object[] = [
    {
      transform: [measureNamed(muLabel)],
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: { y, x: { ...x, field: 'muStar' }, color: { field: 'measure', type: 'nominal', scale: measures, legend: { title: null, orient: 'bottom' } } },
    },
    ...(hasCi ? [{ mark: { type: 'rule', color: '#333' }, encoding: { y, x: { ...x, field: 'muStarLo' }, x2: { field: 'muStarHi' } } }] : []),
    { transform: [measureNamed(sigmaLabel)], mark: { type: 'point', shape: 'diamond', filled: true, size: 80 }, encoding: { y, x: { ...x, field: 'sigma' }, color: { field: 'measure', type: 'nominal', scale: measures } } },
  ];
  return panels(options, data, outcomes, { width: options.width ?? DEFAULT_WIDTH - 200, height: { step: 20 }, layer }, { scale: { x: 'independent' } });
}

export function sobolChart(rows: readonly SobolRow[], options: SensitivityOptions): TopLevelSpec {
  const [s1Label, stLabel] = options.measureLabels ?? ['S1', 'ST'];
  const data = roundRows(rows.map((r) => ({ ...r, measure: r.index === 'S1' ? s1Label : stLabel, order: r.index === 'S1' ? 0 : 1 })));
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const measures = [s1Label, stLabel];
  const y = { field: 'factor', type: 'nominal' as const, title: null, sort: byImportance(rows, (r) => r.value), axis: { labelLimit: 220 } };
  const yOffset = { field: 'measure', type: 'nominal' as const, sort: measures };
  const x = { type: 'quantitative' as const, title: options.text.x ?? null, scale: { domain: [0, 1], clamp: true } };
  return panels(options, data, outcomes, {
    width: options.width ?? DEFAULT_WIDTH - 200,
    height: { step: 30 },
    layer: [
      { mark: { type: 'bar' }, encoding: { y, yOffset, x: { ...x, field: 'value' }, color: { field: 'measure', type: 'nominal', scale: { domain: measures, range: [PALETTE[0], PALETTE[1]] }, sort: measures, legend: { title: null, orient: 'bottom' } } } },
      { mark: { type: 'rule', color: '#333' }, encoding: { y, yOffset, x: { ...x, field: 'lo' }, x2: { field: 'hi' } } },
    ],
  });
}

/** A partial rank correlation coefficient of a factor with an outcome, with its interval. */
export interface PrccRow {
  factor: string;
  outcome: string;
  prcc: number;
  lo: number;
  hi: number;
  /** Whether the interval excludes 0. */
  clear: boolean;
}

/**
 * Latin hypercubes: PRCC bars from −1 to 1 per factor, with their intervals; bars whose interval
 * excludes 0 are drawn in full colour, the others pale. Factors sorted by their largest |PRCC|.
 */
export function prccChart(rows: readonly PrccRow[], options: SensitivityOptions & { clearLabels: [string, string] }): TopLevelSpec {
  const [clearLabel, unclearLabel] = options.clearLabels;
  const data = roundRows(rows.map(({ clear, ...r }) => ({ ...r, clarity: clear ? clearLabel : unclearLabel })));
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const y = { field: 'factor', type: 'nominal' as const, title: null, sort: byImportance(rows, (r) => Math.abs(r.prcc)), axis: { labelLimit: 220 } };
  const x = { type: 'quantitative' as const, title: options.text.x ?? null, scale: { domain: [-1, 1] } };
  return panels(options, data, outcomes, {
    width: options.width ?? DEFAULT_WIDTH - 200,
    height: { step: 22 },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: { y, x: { ...x, field: 'prcc' }, color: { field: 'clarity', type: 'nominal', scale: { domain: [clearLabel, unclearLabel], range: [PALETTE[0], '#b9d3ea'] }, legend: { title: null, orient: 'bottom' } } },
      },
      { mark: { type: 'rule', color: '#333' }, encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' } } },
      { mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' as const } } },
    ],
  });
}
