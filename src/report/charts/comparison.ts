/**
 * Policy or region comparisons: for each outcome, each arm's estimate (a difference from a
 * reference arm, or a level) as a point with its 95% interval as an error bar, and a line at
 * the reference value (0 for differences). One panel per outcome, each with its own scale.
 *
 * Input rows: `{ outcome, arm, estimate, lo, hi }`.
 */
import { chartConfig, colorScale, DEFAULT_WIDTH, flatPadLayer, flatPadRows, NOT_PAD, orderOf, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface ComparisonRow {
  outcome: string;
  arm: string;
  estimate: number;
  lo: number;
  hi: number;
}

export interface ComparisonOptions extends ChartOptions {
  outcomeOrder?: readonly string[];
  armOrder?: readonly string[];
  /** Where the reference line is drawn (default 0); null for none. */
  reference?: number | null;
  /** Height of one arm's row within a panel, in pixels. */
  step?: number;
  /** d3 format of the value axis, e.g. ',~g' (default: vega's choice for the domain). */
  format?: string;
}

export function comparisonChart(rows: readonly ComparisonRow[], options: ComparisonOptions): TopLevelSpec {
  const data = roundRows(rows);
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const arms = orderOf(rows.map((r) => r.arm), options.armOrder);
  const reference = options.reference === undefined ? 0 : options.reference;
  // A few ticks, not vega's one per 40 pixels: a panel is a single interval, read at a glance.
  const x = { type: 'quantitative' as const, title: options.text.x ?? null, scale: { zero: reference !== null }, axis: { tickCount: 8, ...(options.format ? { format: options.format } : {}) } };
  const y = { field: 'arm', type: 'nominal' as const, title: null, sort: arms, axis: { labelLimit: 300 } };
  const color = { field: 'arm', type: 'nominal' as const, scale: colorScale(arms), sort: arms, legend: null };
  // An outcome no arm changes (all differences exactly 0) still gets an axis around its value.
  const pads = flatPadRows(data, 'outcome', (r) => [r.estimate, r.lo, r.hi, ...(reference === null ? [] : [reference])], { zero: false });
  const main = pads.length > 0 ? { transform: [NOT_PAD] } : {};
  const layer = [
    ...(reference === null ? [] : [{ mark: { type: 'rule' as const, color: '#888', strokeDash: [4, 3] }, encoding: { x: { datum: reference, type: 'quantitative' as const } } }]),
    { ...main, mark: { type: 'rule' as const, strokeWidth: 2 }, encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' }, color } },
    { ...main, mark: { type: 'point' as const, filled: true, size: 70 }, encoding: { y, x: { ...x, field: 'estimate' }, color } },
    ...(pads.length > 0 ? [flatPadLayer('x')] : []),
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: [...data, ...pads] },
    facet: {
      row: { field: 'outcome', type: 'nominal', sort: outcomes, title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold', labelPadding: 4 } },
    },
    spec: { width: options.width ?? DEFAULT_WIDTH - 180, height: { step: options.step ?? 22 }, layer },
    resolve: { scale: { x: 'independent' } },
  };
}
