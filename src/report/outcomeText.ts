/**
 * Outcomes of sweeps and comparisons in words and numbers: a label for every outcome name
 * (`final.<column>`, `exits_by_cause.<cause>`, `totals.<total>`, `first_year_mortality` and
 * the comparison's derived outcomes), and values, differences and intervals formatted with a
 * precision that suits their size (money in yuan or 万元). Pure.
 */
import { columnLabel, formatMoney, formatNumber, isMessageKey, t, wordLabel, type Lang, type MessageKey } from './i18n.ts';

/** Value axes of sweep and comparison charts: thousands separators, no trailing zeros (a panel whose values are all equal reads "0", not "0.000000"). */
export const AXIS_FORMAT = ',~r';

const MONEY = new Set(['totals.paid_contracts', 'totals.paid_pilots', 'totals.paid_incubator_grants', 'totals.paid_package_grants', 'totals.in_house_spending', 'final.fiscal_savings']);

/** Outcomes with a label of their own (derived outcomes of comparisons, first_year_mortality). */
const OWN: Record<string, MessageKey> = {
  first_year_mortality: 'report.firstYearMortality',
  mean_bidders_per_tender: 'outcome.mean_bidders_per_tender',
  failed_tender_share: 'outcome.failed_tender_share',
  survival_12m: 'outcome.survival_12m',
  survival_60m: 'outcome.survival_60m',
  mean_insider_contract_share: 'outcome.mean_insider_contract_share',
  mean_resistance: 'outcome.mean_resistance',
  mean_trust_in_orgs: 'outcome.mean_trust_in_orgs',
};

/** The outcome in words, or its name when it has no label. */
export function outcomeLabel(lang: Lang, outcome: string): string {
  if (outcome in OWN) return t(lang, OWN[outcome]);
  const dot = outcome.indexOf('.');
  const group = outcome.slice(0, dot);
  const key = outcome.slice(dot + 1);
  if (group === 'final') return t(lang, 'outcome.final', { what: columnLabel(lang, key) });
  if (group === 'exits_by_cause') return t(lang, 'outcome.exits', { cause: wordLabel(lang, 'cause', key) });
  if (group === 'totals') {
    // A total with a label of its own (money, means, shares), else "<column>, total over the run".
    const own = `report.totals.${key}`;
    if (isMessageKey(own)) return t(lang, own);
    const label = columnLabel(lang, key);
    return label === key ? outcome : t(lang, 'outcome.total', { what: label });
  }
  return outcome;
}

/** A number with three significant digits below 1,000 (0.0561, 5.3, 53.2, 532) and whole above. */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a === 0) return '0';
  const digits = a >= 1000 ? 0 : Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(a))));
  return formatNumber(x, digits);
}

/** An outcome's value; `signed` puts + before positive values (differences). */
export function formatOutcome(lang: Lang, outcome: string, x: number | null, signed = false): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const money = MONEY.has(outcome);
  if (!signed) return money ? formatMoney(lang, x) : formatQuantity(x);
  const sign = x > 0 ? '+' : x < 0 ? '−' : '';
  return `${sign}${money ? formatMoney(lang, Math.abs(x)) : formatQuantity(Math.abs(x))}`;
}

/** "mean [lo, hi]"; the mean alone when there is no interval (one value, or no spread). */
export function intervalText(lang: Lang, outcome: string, mean: number | null, lo: number | null, hi: number | null, signed = false): string {
  if (mean === null || !Number.isFinite(mean)) return '–';
  const m = formatOutcome(lang, outcome, mean, signed);
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return m;
  return `${m} [${formatOutcome(lang, outcome, lo, signed)}, ${formatOutcome(lang, outcome, hi, signed)}]`;
}
