/**
 * The run summary (summary.json): the last month's values, exits by cause, survival curves by
 * origin and by founding cohort, first-year mortality and run totals.
 */
import { EXIT_CAUSES, ORIGINS } from '../agents/vocabulary.ts';
import type { Organization } from '../state/organization.ts';
import type { World } from '../state/world.ts';
import { kaplanMeier, type Spell, type SurvivalCurve } from './survival.ts';
import type { SeriesRow } from './series.ts';

/** The run totals, in summary.json's order (the list other modules iterate). */
export const SUMMARY_TOTALS = [
  'org_entries',
  'org_exits',
  'tenders',
  'failed_tenders',
  'terminated_contracts',
  'complaints',
  'paid_contracts',
  'paid_pilots',
  'paid_incubator_grants',
  'paid_package_grants',
  'in_house_spending',
  'mean_needs_met_share',
  'mean_satisfaction',
  'budget_lines_from_pilots',
  'first_year_quit_share',
  'mean_quit_tenure_months',
  'spending_compensation',
  'spending_relief',
  'spending_training',
  'spending_publicity',
  'spending_incubator',
  'spending_pilots',
  'spending_package',
] as const;

export interface RunSummary {
  final: SeriesRow;
  exits_by_cause: Record<string, number>;
  survival: {
    /** All formal organizations (filed or registered at some point), pooled. */
    formal: SurvivalCurve;
    /** Formal organizations by origin. */
    by_origin: Record<string, SurvivalCurve>;
    /** Formal organizations by calendar year they became formal (filed or registered). */
    by_cohort: Record<string, SurvivalCurve>;
    /** Groups founded as self-organizations (自组织), whatever they became. */
    self_organizations: SurvivalCurve;
    /** Share of formal organizations observed ≥ 12 months that exited within 12 months of becoming formal. */
    first_year_mortality: number | null;
    /**
     * Entry i: exits per organization-year at risk in age year i + 1 (age from filing or
     * registration), for formal organizations founded during the run; null where none was at
     * risk. Organizations present at the start are left out: their ages are unknown.
     */
    hazard_by_age_year: (number | null)[];
  };
  totals: {
    org_entries: number;
    org_exits: number;
    tenders: number;
    failed_tenders: number;
    terminated_contracts: number;
    complaints: number;
    paid_contracts: number;
    paid_pilots: number;
    paid_incubator_grants: number;
    paid_package_grants: number;
    in_house_spending: number;
    mean_needs_met_share: number;
    mean_satisfaction: number;
    budget_lines_from_pilots: number;
    /** Share of hires made at least 12 months before the end who quit their provider within 12 months (null: none). */
    first_year_quit_share: number | null;
    /** Mean months with the provider of the spells that ended with a quit (null: none). */
    mean_quit_tenure_months: number | null;
    /** Yuan spent over the run on each lever, by budget line. */
    spending_compensation: number;
    spending_relief: number;
    spending_training: number;
    spending_publicity: number;
    spending_incubator: number;
    spending_pilots: number;
    spending_package: number;
  };
}

/** Age years the hazard is reported for. */
export const HAZARD_YEARS = 10;

/**
 * Exits per organization-year at risk by age year (life table): each organization contributes
 * its months at risk in each age year and, if it exited, an event in the age year it exited.
 */
export function hazardByAgeYear(orgs: readonly Organization[], endMonth: number): (number | null)[] {
  const exposure = new Float64Array(HAZARD_YEARS);
  const events = new Float64Array(HAZARD_YEARS);
  for (const o of orgs) {
    const end = o.alive ? endMonth : o.exitMonth;
    const months = Math.max(0, end - o.formalSince);
    for (let year = 0; year < HAZARD_YEARS; year++) exposure[year] += Math.max(0, Math.min(12, months - 12 * year)) / 12;
    if (!o.alive) {
      // An exit in the month it became formal counts in its first year.
      const year = Math.floor(Math.max(0, months - 1) / 12);
      if (year < HAZARD_YEARS) events[year]++;
    }
  }
  return Array.from(exposure, (e, year) => (e > 0 ? events[year] / e : null));
}

/** Time at risk from `from` (a month) to exit or the end of the run. */
function spell(o: Organization, from: number, endMonth: number): Spell {
  return o.alive ? { duration: endMonth - from, event: false } : { duration: o.exitMonth - from, event: true };
}

/** Formal organizations are at risk as formal ones from the month they filed or registered. */
const formalSpell = (o: Organization, end: number) => spell(o, o.formalSince, end);

export function summarize(w: World, rows: readonly SeriesRow[]): RunSummary {
  const end = w.totalMonths;
  const formal = w.orgs.filter((o) => o.formalSince >= 0);
  const byOrigin: Record<string, SurvivalCurve> = {};
  for (const origin of ORIGINS) {
    const group = formal.filter((o) => o.origin === origin);
    if (group.length > 0) byOrigin[origin] = kaplanMeier(group.map((o) => formalSpell(o, end)));
  }
  const cohorts = new Map<number, Spell[]>();
  for (const o of formal) {
    const year = w.scenario.startYear + Math.floor(o.formalSince / 12);
    const list = cohorts.get(year) ?? [];
    list.push(formalSpell(o, end));
    cohorts.set(year, list);
  }
  const byCohort: Record<string, SurvivalCurve> = {};
  for (const year of [...cohorts.keys()].sort((a, b) => a - b)) byCohort[String(year)] = kaplanMeier(cohorts.get(year)!);

  const observed = formal.filter((o) => end - o.formalSince >= 12);
  const diedYoung = observed.filter((o) => !o.alive && o.exitMonth - o.formalSince < 12).length;

  const exits: Record<string, number> = Object.fromEntries(EXIT_CAUSES.map((c) => [c, 0]));
  for (const o of w.orgs) if (!o.alive && o.exitCause) exits[o.exitCause]++;

  const sum = (key: keyof SeriesRow) => rows.reduce((a, r) => a + r[key], 0);
  const mean = (key: keyof SeriesRow) => (rows.length > 0 ? sum(key) / rows.length : 0);
  let lines = 0;
  for (const g of w.governments) lines += g.budgetLines.size;
  return {
    final: rows[rows.length - 1],
    exits_by_cause: exits,
    survival: {
      formal: kaplanMeier(formal.map((o) => formalSpell(o, end))),
      by_origin: byOrigin,
      by_cohort: byCohort,
      self_organizations: kaplanMeier(w.orgs.filter((o) => o.foundedStatus === 'self' && o.origin !== 'incubated').map((o) => spell(o, o.foundedMonth, end))),
      first_year_mortality: observed.length > 0 ? diedYoung / observed.length : null,
      hazard_by_age_year: hazardByAgeYear(
        formal.filter((o) => !o.initial),
        end,
      ),
    },
    totals: {
      org_entries: sum('org_entries'),
      org_exits: sum('org_exits'),
      tenders: sum('tenders'),
      failed_tenders: sum('failed_tenders'),
      terminated_contracts: sum('terminated_contracts'),
      complaints: sum('complaints'),
      paid_contracts: w.ledger.contracts,
      paid_pilots: w.ledger.pilots,
      paid_incubator_grants: w.ledger.incubatorGrants,
      paid_package_grants: w.ledger.packageGrants,
      in_house_spending: w.ledger.inHouse,
      mean_needs_met_share: mean('needs_met_share'),
      mean_satisfaction: mean('satisfaction'),
      budget_lines_from_pilots: lines,
      ...labourTotals(w),
      spending_compensation: w.ledger.spending.compensation,
      spending_relief: w.ledger.spending.relief,
      spending_training: w.ledger.spending.training,
      spending_publicity: w.ledger.spending.publicity,
      spending_incubator: w.ledger.spending.incubator,
      spending_pilots: w.ledger.spending.pilots,
      spending_package: w.ledger.spending.package,
    },
  };
}

/** First-year quits of the hires that could be observed for a year, and the tenure of quitters. */
function labourTotals(w: World): { first_year_quit_share: number | null; mean_quit_tenure_months: number | null } {
  const m = w.labour;
  let hires = 0;
  let early = 0;
  for (let month = 0; month + 12 <= w.totalMonths && month < m.hiresByMonth.length; month++) {
    hires += m.hiresByMonth[month];
    early += m.earlyQuitsByHireMonth[month];
  }
  return {
    first_year_quit_share: hires > 0 ? early / hires : null,
    mean_quit_tenure_months: m.quitSpells > 0 ? m.quitSpellMonths / m.quitSpells : null,
  };
}

// A total added to RunSummary must be added to SUMMARY_TOTALS too (this fails to compile otherwise).
type MissingTotals = Exclude<keyof RunSummary['totals'], (typeof SUMMARY_TOTALS)[number]>;
type ExtraTotals = Exclude<(typeof SUMMARY_TOTALS)[number], keyof RunSummary['totals']>;
const everyTotalListed: [MissingTotals | ExtraTotals] extends [never] ? true : MissingTotals | ExtraTotals = true;
void everyTotalListed;
