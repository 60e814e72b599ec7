/**
 * Sweep heat map: an outcome over two factors, one cell per pair of levels, coloured by the
 * value and labelled with it.
 *
 * Input rows: `{ x, y, value }` — x and y are the two factors' levels.
 */
import { chartConfig, orderOf, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface HeatmapRow {
  x: number | string;
  y: number | string;
  value: number;
}

export interface HeatmapOptions extends ChartOptions {
  /** d3 format of the value (legend and cell labels), e.g. '.0%' or '.2f'. */
  format?: string;
  /** Whether to print each cell's value in it (default true). */
  labels?: boolean;
}

/** Levels in ascending order when all are numbers, else in order of appearance. */
function levels(values: readonly (number | string)[]): (number | string)[] {
  const distinct = orderOf(values);
  return distinct.every((v) => typeof v === 'number') ? (distinct as number[]).sort((a, b) => a - b) : distinct;
}

/** Levels of one kind: numbers, or else all as text (a sort list must hold values of one type). */
function oneKind(rows: readonly HeatmapRow[]): HeatmapRow[] {
  const text = (k: 'x' | 'y') => !rows.every((r) => typeof r[k] === 'number') && !rows.every((r) => typeof r[k] === 'string');
  const [tx, ty] = [text('x'), text('y')];
  return tx || ty ? rows.map((r) => ({ ...r, x: tx ? String(r.x) : r.x, y: ty ? String(r.y) : r.y })) : [...rows];
}

export function heatmapChart(input: readonly HeatmapRow[], options: HeatmapOptions): TopLevelSpec {
  const rows = oneKind(input);
  const data = roundRows(rows);
  const xs = levels(rows.map((r) => r.x));
  const ys = levels(rows.map((r) => r.y)).reverse(); // larger levels at the top
  const values = rows.map((r) => r.value);
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 1;
  const mid = (min + max) / 2;
  const format = options.format ?? '.3~g';
  const cellW = Math.max(28, Math.floor((options.width ?? 420) / Math.max(1, xs.length)));
  const cellH = Math.max(22, Math.floor((options.height ?? 300) / Math.max(1, ys.length)));
  const encoding = {
    x: { field: 'x', type: 'ordinal' as const, title: options.text.x ?? null, sort: xs, axis: { labelAngle: 0 } },
    y: { field: 'y', type: 'ordinal' as const, title: options.text.y ?? null, sort: ys },
  };
  const layer: object[] = [
    {
      mark: { type: 'rect' },
      encoding: { ...encoding, color: { field: 'value', type: 'quantitative', title: options.text.legend ?? null, scale: { scheme: 'viridis' }, legend: { format } } },
    },
  ];
  if (options.labels !== false) {
    layer.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: {
        ...encoding,
        text: { field: 'value', type: 'quantitative', format },
        color: { condition: { test: `datum.value < ${mid}`, value: 'white' }, value: 'black' },
      },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    width: { step: cellW },
    height: { step: cellH },
    config: chartConfig(options.lang),
    data: { values: data },
    layer,
  } as TopLevelSpec;
}
