/**
 * The board's charts, as pure functions from board data to Vega-Lite specs (as
 * src/report/charts does): the pages draw them live with vega-embed, the debrief renders them
 * to SVG and PNG. Per criterion: every arm's mean with its 95% interval in one round, the
 * status quo as a dashed line; and the same over the rounds.
 */
import { comparisonChart } from '../report/charts/comparison.ts';
import { chartConfig, colorScale, DEFAULT_WIDTH, orderOf, roundRows, titleOf, VEGA_LITE_SCHEMA, type TopLevelSpec } from '../report/charts/common.ts';
import type { Lang } from '../report/i18n.ts';
import type { Board, BoardRound } from './board.ts';
import { CRITERION_DEFS, type Criterion } from './criteria.ts';
import { STATUS_QUO } from './arms.ts';

/** How a criterion is plotted: a multiplier and the unit for its axis. */
export function criterionUnit(lang: Lang, c: Criterion): { factor: number; unit: string } {
  switch (CRITERION_DEFS[c].kind) {
    case 'share':
      return { factor: 100, unit: '%' };
    case 'money':
      return lang === 'zh' ? { factor: 1e-4, unit: '万元' } : { factor: 1e-3, unit: '¥ thousand' };
    default:
      return { factor: 1, unit: '' };
  }
}

export interface ChartWords {
  lang: Lang;
  /** Arm number → its name ("Status quo", "Group 2"). */
  armName: (arm: number) => string;
  /** Subtitle, e.g. "Mean of 10 runs with 95% intervals; dashed: status quo". */
  note: string;
  width?: number;
}

const axisTitle = (lang: Lang, c: Criterion) => {
  const { unit } = criterionUnit(lang, c);
  const label = CRITERION_DEFS[c].label[lang];
  return unit ? `${label} (${unit})` : label;
};

/** One round, one criterion: each arm with results as a point and its 95% interval. */
export function roundChart(round: BoardRound, c: Criterion, w: ChartWords): TopLevelSpec | null {
  const { factor } = criterionUnit(w.lang, c);
  const rows = round.arms.flatMap((a) => {
    const s = a.outcomes[c];
    // One panel, named by the chart's title: its header stays empty.
    return s ? [{ outcome: '', arm: w.armName(a.arm), estimate: s.mean * factor, lo: s.lo * factor, hi: s.hi * factor }] : [];
  });
  if (rows.length === 0) return null;
  const sq = round.arms.find((a) => a.arm === STATUS_QUO)?.outcomes[c];
  return comparisonChart(rows, {
    lang: w.lang,
    text: { title: CRITERION_DEFS[c].label[w.lang], subtitle: w.note, x: axisTitle(w.lang, c) },
    armOrder: round.arms.map((a) => w.armName(a.arm)),
    reference: sq ? sq.mean * factor : null,
    width: w.width ?? DEFAULT_WIDTH - 180,
  });
}

/** One criterion over the rounds: each arm's mean (line) and 95% interval (bars). */
export function roundsChart(board: Board, c: Criterion, w: ChartWords & { roundLabel: (r: BoardRound) => string }): TopLevelSpec | null {
  const { factor } = criterionUnit(w.lang, c);
  const rows = board.rounds.flatMap((r) =>
    r.arms.flatMap((a) => {
      const s = a.outcomes[c];
      return s ? [{ round: w.roundLabel(r), arm: w.armName(a.arm), mean: s.mean * factor, lo: s.lo * factor, hi: s.hi * factor }] : [];
    }),
  );
  if (rows.length === 0) return null;
  const arms = orderOf(rows.map((r) => r.arm));
  const rounds = board.rounds.map(w.roundLabel);
  const x = { field: 'round', type: 'ordinal' as const, sort: rounds, title: null, axis: { labelAngle: 0 } };
  const y = { type: 'quantitative' as const, title: axisTitle(w.lang, c), scale: { zero: false } };
  const color = { field: 'arm', type: 'nominal' as const, scale: colorScale(arms), sort: arms, title: null };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf({ title: CRITERION_DEFS[c].label[w.lang], subtitle: w.note }),
    config: chartConfig(w.lang),
    data: { values: roundRows(rows) },
    width: w.width ?? DEFAULT_WIDTH,
    height: 200,
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y: { ...y, field: 'mean' }, color } },
      { mark: { type: 'rule' }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
    ],
  } as TopLevelSpec;
}
