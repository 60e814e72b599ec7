/**
 * Exits by cause over time: stacked bars per period (year), one colour per cause; with a
 * `panel` field (a policy option, say) one panel per value, side by side.
 *
 * Input rows: `{ period, cause, exits, panel? }` — exits may be a mean over runs.
 */
import { chartConfig, colorScale, DEFAULT_HEIGHT, DEFAULT_WIDTH, legendColumns, orderOf, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface ExitRow {
  period: number;
  cause: string;
  exits: number;
  panel?: string;
}

export interface ExitCausesOptions extends ChartOptions {
  causeOrder?: readonly string[];
  panelOrder?: readonly string[];
}

export function exitCausesChart(rows: readonly ExitRow[], options: ExitCausesOptions): TopLevelSpec {
  const data = roundRows(rows.filter((r) => r.exits !== 0));
  const causes = orderOf(rows.map((r) => r.cause), options.causeOrder);
  const panels = orderOf(rows.flatMap((r) => (r.panel === undefined ? [] : [r.panel])), options.panelOrder);
  const periods = orderOf([...new Set(rows.map((r) => r.period))].sort((a, b) => a - b));
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const encoding = {
    x: { field: 'period', type: 'ordinal' as const, title: options.text.x ?? null, scale: { domain: periods }, axis: { labelAngle: 0, labelOverlap: 'greedy' as const } },
    y: { field: 'exits', type: 'quantitative' as const, title: options.text.y ?? null, stack: 'zero' as const },
    color: { field: 'cause', type: 'nominal' as const, scale: colorScale(causes), sort: causes, legend: { title: options.text.legend ?? null, orient: 'bottom' as const, direction: 'horizontal' as const, columns: legendColumns(causes, width) } },
    order: { field: 'causeIndex', type: 'quantitative' as const },
  };
  const transform = [{ calculate: `indexof(${JSON.stringify(causes)}, datum.cause)`, as: 'causeIndex' }];
  if (panels.length === 0) {
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: titleOf(options.text),
      width,
      height,
      autosize: { type: 'fit', contains: 'padding' },
      config: chartConfig(options.lang),
      data: { values: data },
      transform,
      mark: { type: 'bar' },
      encoding,
    };
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: data },
    transform,
    facet: { column: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: Math.max(160, Math.floor(width / panels.length) - 10),
      height,
      mark: { type: 'bar' },
      encoding,
    },
  };
}
