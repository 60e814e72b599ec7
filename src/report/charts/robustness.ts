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
  // One facet row per outcome (and scenario file): a row × column facet with independent scales
  // draws some cells' data under other cells' labels in vega 6, so panels go into the row label.
  const rowOf = (r: RegretRow) => (r.panel !== undefined ? `${r.outcome} · ${r.panel}` : r.outcome);
  const data = roundRows(rows.map((r) => ({ policy: r.policy, outcome: rowOf(r), regret: r.regret })));
  const policies = orderOf(rows.map((r) => r.policy), options.policyOrder);
  const outcomes = orderOf(rows.map((r) => r.outcome), options.outcomeOrder);
  const panels = orderOf(rows.flatMap((r) => (r.panel !== undefined ? [r.panel] : [])));
  const order = panels.length > 0 ? outcomes.flatMap((o) => panels.map((p) => `${o} · ${p}`)) : outcomes;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.text),
    config: chartConfig(options.lang),
    data: { values: data },
    facet: { row: { field: 'outcome', type: 'nominal', title: null, sort: order, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 320 } } },
    spec: {
      width: options.width ?? 420,
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
