/**
 * Charts of scenario discovery (`govbuy discover`): PRIM's trade-off between coverage and
 * density along the peeling trajectory, the chosen box's limits per restricted dimension (as
 * shares of each dimension's range, labelled with the values and quasi-p-values), and pairwise
 * scatter plots of the runs over the restricted dimensions with the box drawn in.
 */
import { chartConfig, PALETTE, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface TradeoffRow {
  id: number;
  coverage: number;
  density: number;
  resDim: number;
  chosen: boolean;
}

export interface TradeoffOptions extends ChartOptions {
  /** Legend title of the number of restricted dimensions, and the label of the chosen box. */
  dimensionsLabel: string;
  chosenLabel: string;
}

/** Coverage (x) against density (y) of every box on the trajectory; the chosen box ringed. */
export function tradeoffChart(rows: readonly TradeoffRow[], options: TradeoffOptions): TopLevelSpec {
  const data = roundRows(rows);
  const scale = { domain: [0, 1] };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    width: options.width ?? 420,
    height: options.height ?? 320,
    data: { values: data },
    layer: [
      {
        mark: { type: 'circle', size: 60, opacity: 0.85 },
        encoding: {
          x: { field: 'coverage', type: 'quantitative', title: options.text.x ?? 'coverage', scale, axis: { format: '.0%' } },
          y: { field: 'density', type: 'quantitative', title: options.text.y ?? 'density', scale, axis: { format: '.0%' } },
          color: { field: 'resDim', type: 'ordinal', title: options.dimensionsLabel, scale: { scheme: 'viridis' } },
          tooltip: [
            { field: 'id', type: 'quantitative', title: 'box' },
            { field: 'coverage', type: 'quantitative', format: '.1%' },
            { field: 'density', type: 'quantitative', format: '.1%' },
            { field: 'resDim', type: 'quantitative', title: options.dimensionsLabel },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.chosen' }],
        mark: { type: 'point', size: 260, strokeWidth: 2, color: PALETTE[3] },
        encoding: { x: { field: 'coverage', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
      },
      {
        transform: [{ filter: 'datum.chosen' }],
        mark: { type: 'text', dx: 14, align: 'left', color: PALETTE[3] },
        encoding: { x: { field: 'coverage', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' }, text: { value: options.chosenLabel } },
      },
    ],
  };
}

export interface BoxLimitRow {
  name: string;
  min: number;
  max: number;
  /** The dimension's bounds (the box's frame). */
  low: number;
  high: number;
  qp: number;
}

/** One bar per restricted dimension: where the box lies within the dimension's range. */
export function boxLimitsChart(rows: readonly BoxLimitRow[], options: ChartOptions): TopLevelSpec {
  const data = roundRows(
    rows.map((r) => {
      const span = r.high - r.low || 1;
      return { ...r, from: (r.min - r.low) / span, to: (r.max - r.low) / span, label: `${fmt(r.min)} – ${fmt(r.max)} (qp ${qpText(r.qp)})` };
    }),
  );
  const y = { field: 'name', type: 'nominal' as const, title: null, sort: rows.map((r) => r.name) };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    width: options.width ?? 420,
    height: Math.max(60, 36 * rows.length),
    data: { values: data },
    layer: [
      { mark: { type: 'bar', color: '#eee', height: 14 }, encoding: { y, x: { datum: 0, type: 'quantitative' }, x2: { datum: 1 } } },
      {
        mark: { type: 'bar', color: PALETTE[0], height: 14 },
        encoding: {
          y,
          x: { field: 'from', type: 'quantitative', title: options.text.x ?? null, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          x2: { field: 'to' },
          tooltip: [{ field: 'name' }, { field: 'min', type: 'quantitative' }, { field: 'max', type: 'quantitative' }, { field: 'qp', type: 'quantitative', format: '.2g' }],
        },
      },
      { mark: { type: 'text', dy: -14, align: 'left', fontSize: 10 }, encoding: { y, x: { field: 'from', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  };
}

export interface PairsOptions extends ChartOptions {
  /** Restricted dimensions, in order. */
  dimensions: readonly string[];
  /** The box per dimension. */
  box: Readonly<Record<string, [number, number]>>;
  caseLabels: [string, string];
  cell?: number;
}

/** Scatter plots of every pair of restricted dimensions (one dimension: a strip), cases coloured, the box outlined. */
export function pairsChart(points: readonly Record<string, number | boolean>[], options: PairsOptions): TopLevelSpec {
  const dims = options.dimensions;
  const size = options.cell ?? 220;
  const data = roundRows(points.map((p) => ({ ...p, kind: p.case ? options.caseLabels[0] : options.caseLabels[1] })));
  const color = { field: 'kind', type: 'nominal' as const, title: null, scale: { domain: options.caseLabels, range: [PALETTE[3], '#9aa5b1'] } };
  const field = (d: string) => d.replace(/\./g, '\\.');
  const panel = (a: string, b: string | null) => {
    const [ax0, ax1] = options.box[a];
    const rect = b === null ? { x: ax0, x2: ax1, y: 0, y2: 1 } : { x: ax0, x2: ax1, y: options.box[b][0], y2: options.box[b][1] };
    return {
      width: size,
      height: b === null ? 60 : size,
      layer: [
        {
          mark: { type: 'circle', size: 14, opacity: 0.6 },
          encoding: {
            x: { field: field(a), type: 'quantitative' as const, title: a, scale: { zero: false } },
            y: b === null ? { field: 'jitter', type: 'quantitative' as const, title: null, axis: null } : { field: field(b), type: 'quantitative' as const, title: b, scale: { zero: false } },
            color,
          },
        },
        {
          data: { values: [rect] },
          mark: { type: 'rect', fillOpacity: 0, stroke: '#000', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'x', type: 'quantitative' as const },
            x2: { field: 'x2' },
            y: { field: 'y', type: 'quantitative' as const },
            y2: { field: 'y2' },
          },
        },
      ],
    };
  };
  const rows: object[] = [];
  if (dims.length === 1) rows.push({ hconcat: [panel(dims[0], null)] });
  else for (let i = 1; i < dims.length; i++) rows.push({ hconcat: dims.slice(0, i).map((a) => panel(a, dims[i])) });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: dims.length === 1 ? data.map((d, i) => ({ ...d, jitter: ((i * 0.6180339887) % 1) })) : data },
    vconcat: rows,
  } as TopLevelSpec;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3)));
}

function qpText(qp: number): string {
  return qp < 0.001 ? '< 0.001' : String(Number(qp.toPrecision(2)));
}
