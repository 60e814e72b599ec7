/**
 * What the board judges packages by — market growth, survival, resistance, needs met, cost —
 * and how each is measured from one run of one round. Pure: the worker calls `markStart`
 * before a round and `measureRound` after it, on the world and the monthly rows. Outcomes
 * are read through the series columns and the run summary; a column the model drops reads as
 * null (shown as "–", left out of the ranking) rather than breaking a session.
 */
import type { SeriesRow } from '../metrics/series.ts';
import type { RunSummary } from '../metrics/summary.ts';
import type { World } from '../state/world.ts';
import { formatMoney, formatNumber, formatPercent, formatSignedDifference, type Lang } from '../report/i18n.ts';

export const CRITERIA = ['growth', 'survival', 'resistance', 'needsMet', 'cost'] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface CriterionDef {
  id: Criterion;
  /** Which way is better, for the ranking. */
  better: 'higher' | 'lower';
  kind: 'count' | 'share' | 'index' | 'money';
  label: Record<Lang, string>;
  how: Record<Lang, string>;
}

export const CRITERION_DEFS: Record<Criterion, CriterionDef> = {
  growth: {
    id: 'growth',
    better: 'higher',
    kind: 'count',
    label: { en: 'Market growth', zh: '市场成长' },
    how: { en: 'formal social organizations gained since the session began', zh: '自课堂开始以来正式社会组织的增加数' },
  },
  survival: {
    id: 'survival',
    better: 'higher',
    kind: 'share',
    label: { en: 'Survival', zh: '组织存活' },
    how: { en: 'share of the round’s formal organizations still active at its end', zh: '本轮中的正式组织在本轮结束时仍在运营的比例' },
  },
  resistance: {
    id: 'resistance',
    better: 'lower',
    kind: 'index',
    label: { en: 'Committees’ resistance', zh: '居委会阻力' },
    how: { en: 'mean over the round’s last year, 0–1', zh: '本轮最后一年的均值（0–1）' },
  },
  needsMet: {
    id: 'needsMet',
    better: 'higher',
    kind: 'share',
    label: { en: 'Needs met', zh: '需求满足率' },
    how: { en: 'share of residents’ needs met, mean over the round’s last year', zh: '居民需求得到满足的比例，本轮最后一年的均值' },
  },
  cost: {
    id: 'cost',
    better: 'lower',
    kind: 'money',
    label: { en: 'Cost', zh: '成本' },
    how: { en: 'government spending on purchase and levers a year, during the round', zh: '本轮中政府每年用于购买与各项政策的支出' },
  },
};

/** The board's weights: how much each criterion counts in the ranking (0–10 each). */
export type Weights = Record<Criterion, number>;
export const DEFAULT_WEIGHTS: Weights = { growth: 1, survival: 1, resistance: 1, needsMet: 1, cost: 1 };

export type Measures = Record<Criterion, number | null>;

/** What a round's measures need from its start. */
export interface StartMarks {
  /** Ids of the formal organizations active when the round starts. */
  formalIds: number[];
  /** Money spent since the run began (spentSoFar). */
  spent: number;
}

const isFormal = (o: World['orgs'][number]) => o.alive && o.status !== 'self';

/**
 * Money the governments have spent on purchase and levers since the run began: every `paid_…`
 * total and every `spending_…` total of lever budget lines the paid totals do not hold already.
 */
export function spentSoFar(summary: RunSummary): number {
  const totals = summary.totals as unknown as Record<string, number | null>;
  let spent = 0;
  for (const [key, value] of Object.entries(totals)) {
    if (typeof value !== 'number') continue;
    if (key.startsWith('paid_')) spent += value;
    // Pilots, the micro-venture package and incubator grants are paid totals already.
    else if (key.startsWith('spending_') && !['spending_pilots', 'spending_package', 'spending_incubator'].includes(key)) spent += value;
  }
  // The incubator line holds its grants (paid_incubator_grants) and the running of its places.
  spent += Math.max(0, (totals.spending_incubator ?? 0) - (totals.paid_incubator_grants ?? 0));
  return spent;
}

/** `summary`: the run's summary so far (null before its first month: nothing spent yet). */
export function markStart(w: World, summary: RunSummary | null): StartMarks {
  return { formalIds: w.orgs.filter(isFormal).map((o) => o.id), spent: summary ? spentSoFar(summary) : 0 };
}

/** The formal organizations active now. */
export function formalCount(w: World): number {
  let n = 0;
  for (const o of w.orgs) if (isFormal(o)) n++;
  return n;
}

function meanOf(rows: readonly SeriesRow[], column: string): number | null {
  if (rows.length === 0) return null;
  let sum = 0;
  for (const r of rows) {
    const v = (r as Record<string, number>)[column];
    if (typeof v !== 'number') return null;
    sum += v;
  }
  return sum / rows.length;
}

/**
 * The measures of one round: `rows` are the round's monthly rows, `w` and `summary` the world and
 * the summary at its end, `formalAtSessionStart` the formal organizations when the session began.
 */
export function measureRound(w: World, rows: readonly SeriesRow[], start: StartMarks, summary: RunSummary, formalAtSessionStart: number): Measures {
  const startMonth = w.month - rows.length;
  const startIds = new Set(start.formalIds);
  let atRisk = start.formalIds.length;
  let alive = 0;
  for (const o of w.orgs) {
    const joined = !startIds.has(o.id) && o.formalSince >= startMonth;
    if (joined) atRisk++;
    if ((startIds.has(o.id) || joined) && isFormal(o)) alive++;
  }
  const lastYear = rows.slice(-12);
  const years = rows.length / 12;
  return {
    growth: formalCount(w) - formalAtSessionStart,
    survival: atRisk > 0 ? alive / atRisk : null,
    resistance: meanOf(lastYear, 'resistance_mean'),
    needsMet: meanOf(lastYear, 'needs_met_share'),
    cost: years > 0 ? (spentSoFar(summary) - start.spent) / years : null,
  };
}

/** Monthly columns a run keeps for the debrief's charts over time. */
export const TRAJECTORY_COLUMNS = ['orgs_active', 'needs_met_share', 'resistance_mean'] as const;

/** A criterion's value as text. */
export function formatCriterion(lang: Lang, c: Criterion, x: number): string {
  switch (CRITERION_DEFS[c].kind) {
    case 'count':
      return formatNumber(x, 1);
    case 'share':
      return formatPercent(x, 1);
    case 'index':
      return formatNumber(x, 3);
    case 'money':
      return formatMoney(lang, x);
  }
}

/** A difference of a criterion as signed text; shares in percentage points. */
export function formatCriterionDiff(lang: Lang, c: Criterion, x: number): string {
  return formatSignedDifference(lang, x, CRITERION_DEFS[c].kind === 'share', (a) => formatCriterion(lang, c, a));
}
