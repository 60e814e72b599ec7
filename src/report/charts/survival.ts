/**
 * Survival curves (Kaplan–Meier) as step lines, one per group (origin, cohort, option).
 *
 * Input rows: `{ group, month, survival }`, the points where the estimate changes. Each group's
 * curve starts at (0, 1); `until` draws a group's last value (unless 0) on to the end of its
 * observation.
 */
import { chartConfig, colorScale, DEFAULT_HEIGHT, DEFAULT_WIDTH, orderOf, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface SurvivalRow {
  group: string;
  month: number;
  survival: number;
}

export interface SurvivalOptions extends ChartOptions {
  groupOrder?: readonly string[];
  /** Last month observed per group: the curve is drawn flat to it. */
  until?: Readonly<Record<string, number>>;
}

/** Rows per group from (0, 1) through every step, extended flat to `until`. */
export function stepRows(rows: readonly SurvivalRow[], until: Readonly<Record<string, number>> = {}, order?: readonly string[]): SurvivalRow[] {
  const groups = orderOf(rows.map((r) => r.group).concat(Object.keys(until)), order);
  const out: SurvivalRow[] = [];
  for (const group of groups) {
    const own = rows.filter((r) => r.group === group).sort((a, b) => a.month - b.month);
    if (own.length === 0 || own[0].month > 0) out.push({ group, month: 0, survival: 1 });
    out.push(...own);
    const last = out[out.length - 1];
    const end = until[group];
    if (end !== undefined && end > last.month && last.survival > 0) out.push({ group, month: end, survival: last.survival });
  }
  return out;
}

export function survivalChart(rows: readonly SurvivalRow[], options: SurvivalOptions): TopLevelSpec {
  const data = roundRows(stepRows(rows, options.until, options.groupOrder));
  const order = orderOf(data.map((r) => r.group), options.groupOrder);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? DEFAULT_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    config: chartConfig(options.lang),
    data: { values: data },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'month', type: 'quantitative', title: options.text.x ?? null, scale: { zero: true, nice: false } },
      y: { field: 'survival', type: 'quantitative', title: options.text.y ?? null, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: { field: 'group', type: 'nominal', scale: colorScale(order), sort: order, legend: { title: options.text.legend ?? null, orient: 'right' } },
    },
  };
}
