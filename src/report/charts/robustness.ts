/**
 * Robustness of policies across futures (policies × futures sweeps): the distribution of each
 * policy's regret — how far it falls short of the best policy in each future — as box plots,
 * one panel per outcome (and scenario file), each with its own scale.
 *
 * Input rows: `{ policy, outcome, panel?, regret }`, one per policy and future.
 */
import { chartConfig, orderOf, PALETTE, roundRows, titleOf, VEGA_LITE_SCHEMA, type ChartOptions, type TopLevelSpec } from './common.ts';

export interface RegretRow {
  policy: string;
  outcome: string;
  /** Scenario file, when there are several. */
  panel?: string;
  regret: number;
}

export interface RegretOptions extends ChartOptions {
  policyOrder?: readonly string[];
  outcomeOrder?: readonly string[];
}

export function regretChart(rows: readonly RegretRow[], options: RegretOptions): TopLevelSpec {
  const data = roundRows(rows);
  const policies = orderOf(rows.map((r) => r.policy), options.policyOrder);
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const panels = rows.some((r) => r.panel !== undefined);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: data },
    facet: {
      row: { field: 'outcome', type: 'nominal', title: null, sort: outcomes, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 200 } },
      ...(panels ? { column: { field: 'panel', type: 'nominal' as const, title: null } } : {}),
    },
    spec: {
      width: options.width ?? (panels ? 260 : 420),
      height: Math.max(40, 22 * policies.length),
      mark: { type: 'boxplot', extent: 'min-max', size: 14, color: PALETTE[0] },
      encoding: {
        x: { field: 'regret', type: 'quantitative', title: options.text.x ?? null, scale: { zero: true } },
        y: { field: 'policy', type: 'nominal', title: null, sort: policies },
      },
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}
