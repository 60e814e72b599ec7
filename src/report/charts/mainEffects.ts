/**
 * Sweep main-effect plots: how an outcome's mean moves with each factor's level (averaged over
 * the other factors), with 95% intervals. One panel per factor (columns) and outcome (rows),
 * each with its own scales.
 *
 * Input rows: `{ factor, level, outcome, mean, lo, hi }`.
 */
import { chartConfig, flatPadLayer, flatPadRows, NOT_PAD, orderOf, PALETTE, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface MainEffectRow {
  factor: string;
  level: number | string;
  outcome: string;
  mean: number;
  lo: number;
  hi: number;
}

export interface MainEffectsOptions extends ChartOptions {
  factorOrder?: readonly string[];
  outcomeOrder?: readonly string[];
  /** d3 format of the value axis, e.g. ',~g' (default: vega's choice for the domain). */
  format?: string;
}

export function mainEffectsChart(rows: readonly MainEffectRow[], options: MainEffectsOptions): TopLevelSpec {
  const factors = orderOf(rows.map((r) => r.factor), options.factorOrder);
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const numeric = rows.every((r) => typeof r.level === 'number');
  // Levels of mixed kinds (a region factor beside numeric ones) go on an ordinal axis as text: a
  // sort list must hold values of one type (vega-lite's schema), and each factor keeps its own
  // levels in their order (numbers ascending).
  const data = roundRows(numeric ? rows : rows.map((r) => ({ ...r, level: String(r.level) })));
  const levelOrder = factors.flatMap((f) => {
    const own = rows.filter((r) => r.factor === f).map((r) => r.level);
    const sorted = own.every((l) => typeof l === 'number') ? [...new Set(own as number[])].sort((a, b) => a - b) : orderOf(own);
    return sorted.map(String);
  });
  const x = numeric
    ? { field: 'level', type: 'quantitative' as const, title: null, scale: { zero: false, nice: false } }
    : { field: 'level', type: 'ordinal' as const, title: null, sort: orderOf(levelOrder), axis: { labelAngle: 0 } };
  const y = { type: 'quantitative' as const, title: options.text.y ?? null, scale: { zero: false }, ...(options.format ? { axis: { format: options.format } } : {}) };
  const color = PALETTE[0];
  // A panel whose outcome does not move with its factor still gets an axis around its value.
  const pads = flatPadRows(data.map((r) => ({ ...r, panel: `${r.factor}\u0000${r.outcome}` })), 'panel', (r) => [r.mean, r.lo, r.hi], { zero: false }).map((p) => {
    const [factor, outcome] = String(p.panel).split('\u0000');
    return { factor, outcome, pad: p.pad };
  });
  const main = pads.length > 0 ? { transform: [NOT_PAD] } : {};
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: [...data, ...pads] },
    facet: {
      column: { field: 'factor', type: 'nominal', sort: factors, title: null },
      ...(outcomes.length > 1 ? { row: { field: 'outcome', type: 'nominal' as const, sort: outcomes, title: null } } : {}),
    },
    spec: {
      width: options.width ?? 180,
      height: options.height ?? 140,
      layer: [
        { ...main, mark: { type: 'rule', color }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } },
        { ...main, mark: { type: 'line', color }, encoding: { x, y: { ...y, field: 'mean' } } },
        { ...main, mark: { type: 'point', filled: true, color, size: 40 }, encoding: { x, y: { ...y, field: 'mean' } } },
        ...(pads.length > 0 ? [flatPadLayer('y')] : []),
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}
