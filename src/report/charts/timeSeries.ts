/**
 * Time series over replications: one line per series; with several runs, the line is the mean
 * over runs and a band shows its 95% confidence interval. A single run is one plain line.
 *
 * Input rows: `{ x, series, run, value }` — x is the time (a decimal year, say), series the
 * line it belongs to (a column, a policy option), run the replication (a seed).
 */
import { ci95 } from '../stats.ts';
import { chartConfig, colorScale, DEFAULT_HEIGHT, flatDomain, DEFAULT_WIDTH, legendColumns, orderOf, PALETTE, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface SeriesPoint {
  x: number;
  series: string;
  run: string | number;
  value: number;
}

export interface BandPoint {
  x: number;
  series: string;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/** Mean and 95% interval over runs at each (series, x), in order of first appearance. */
export function bands(points: readonly SeriesPoint[]): BandPoint[] {
  const groups = new Map<string, { x: number; series: string; values: number[] }>();
  for (const p of points) {
    const key = `${p.series}\u0000${p.x}`;
    const g = groups.get(key);
    if (g) g.values.push(p.value);
    else groups.set(key, { x: p.x, series: p.series, values: [p.value] });
  }
  return [...groups.values()].map((g) => ({ x: g.x, series: g.series, ...ci95(g.values) }));
}

export interface TimeSeriesOptions extends ChartOptions {
  /** Line order in the legend (others follow in order of appearance). */
  seriesOrder?: readonly string[];
  /** d3 format of the y axis, e.g. '.0%' for shares. */
  yFormat?: string;
  /** Fixed y domain, e.g. [0, 1] for shares. */
  yDomain?: [number, number];
  /** d3 format of the x axis (default 'd': whole years). */
  xFormat?: string;
}

export function timeSeriesChart(points: readonly SeriesPoint[], options: TimeSeriesOptions): TopLevelSpec {
  // Bands from few runs can be wide: keep them within what the values can be (a fixed domain,
  // or non-negative values), and clip marks to the plot so they never resize it.
  const [floor, ceiling] = options.yDomain ?? [points.every((p) => p.value >= 0) ? 0 : -Infinity, Infinity];
  const rows = roundRows(bands(points).map((b) => ({ ...b, lo: Math.max(floor, b.lo), hi: Math.min(ceiling, b.hi) })));
  const order = orderOf(rows.map((r) => r.series), options.seriesOrder);
  const many = order.length > 1;
  const width = options.width ?? DEFAULT_WIDTH;
  const replicated = rows.some((r) => r.n > 1);
  const color = many
    ? { field: 'series', type: 'nominal' as const, scale: colorScale(order), sort: order, legend: { title: options.text.legend ?? null, orient: 'bottom' as const, direction: 'horizontal' as const, columns: legendColumns(order, width), labelLimit: width, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } }
    : { value: PALETTE[0] };
  // Labels centred on their ticks, the last one too: flush with the edge, the final year's label
  // crowded against the one before it (a monthly run's last point is the end of its last year).
  const x = { field: 'x', type: 'quantitative' as const, title: options.text.x ?? null, axis: { format: options.xFormat ?? 'd', tickMinStep: 1, labelFlush: false }, scale: { nice: false, zero: false } };
  const flat = options.yDomain ? undefined : flatDomain(rows.flatMap((r) => [r.mean, r.lo, r.hi]), { zero: true });
  const yDomain = options.yDomain ?? flat;
  const yScale = yDomain ? { domain: yDomain } : { zero: true };
  const yAxis = options.yFormat ? { format: options.yFormat } : {};
  const line = {
    mark: { type: 'line' as const, strokeWidth: 2, interpolate: 'linear' as const, clip: true },
    encoding: {
      x,
      y: { field: 'mean', type: 'quantitative' as const, title: options.text.y ?? null, scale: yScale, axis: yAxis },
      color,
    },
  };
  const band = {
    mark: { type: 'area' as const, opacity: 0.22, clip: true },
    encoding: {
      x,
      y: { field: 'lo', type: 'quantitative' as const, title: options.text.y ?? null, scale: yScale, axis: yAxis },
      y2: { field: 'hi' },
      color,
    },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    width,
    height: options.height ?? DEFAULT_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    config: chartConfig(options.lang),
    data: { values: rows },
    layer: replicated ? [band, line] : [line],
  };
}
