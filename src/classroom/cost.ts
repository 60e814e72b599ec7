/**
 * What a policy package costs the place a year, estimated before it is simulated, so that a
 * class works within a budget and every package is a trade-off. One pure module, meant to be
 * refined as the model gains cost parameters: each item reads the parameters it needs and
 * counts 0 for those the schema lacks (policies.training.costPerWorker,
 * policies.publicity.costPerCapitaPerYear, policies.incubator.operatingCostPerSlotPerMonth,
 * policies.relief.costPerCommitteePerYear are read where present).
 *
 * The estimate is for a year in which every switched-on lever acts; what the simulation then
 * spends is measured separately (the board's "cost", criteria.ts). Assumptions:
 * - purchase: each level sets aside budgetPerCapita × population × purchaseShare (money that
 *   follows transferred functions is a saving elsewhere, not new money, and is left out);
 * - compensation: as in the model (agents/incumbentCommittee.ts), it pays share ×
 *   fundsFollowShare + staffReassigned of the in-house spending that purchase replaced: the
 *   committees' yearly in-house cost of serving needs (people × need rates × 12 × serviceRate ×
 *   in-house unit cost), times transfer.targetShare and 1 − newMoneyShare;
 * - payment terms, evaluation mode, contract length, transfer pace and the pay standard cost no
 *   extra money: they change what the same budget buys (a pay standard buys fewer posts).
 */
import { DOMAIN_COUNT, DOMAINS } from '../agents/domains.ts';
import { computeUnitCosts } from '../model/world.ts';
import { getPath } from '../scenario/paths.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Lang } from '../report/i18n.ts';
import type { PackageValues } from './levers.ts';

export interface CostItem {
  id: string;
  label: Record<Lang, string>;
  /** Yuan a year. */
  yearly: number;
}

export interface CostEstimate {
  /** Yuan a year. */
  total: number;
  /** The items that cost something, largest first. */
  items: CostItem[];
}

/** The envelope the teacher starts from: the place's own package plus this share. */
export const DEFAULT_BUDGET_MARGIN = 0.25;

const LEVELS = ['city', 'district', 'street'] as const;

/** Yearly cost of `pkg` in `scenario` (lever values from the package, everything else from the scenario). */
export function packageCost(scenario: Scenario, pkg: PackageValues): CostEstimate {
  const value = (path: string): unknown => (path in pkg ? pkg[path] : getPath(scenario, path));
  const num = (path: string): number => {
    const v = value(path);
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  const on = (lever: string) => value(`policies.${lever}.enabled`) === true;
  const people = scenario.region.population;
  const committees = scenario.region.districts * scenario.region.streetsPerDistrict * scenario.region.communitiesPerStreet;

  const purchase = LEVELS.reduce((a, level) => a + people * num(`governments.${level}.budgetPerCapita`) * num(`governments.${level}.purchaseShare`), 0);
  const items: CostItem[] = [{ id: 'purchase', label: { en: 'Purchase of services', zh: '购买服务' }, yearly: purchase }];
  if (on('incubator'))
    items.push({
      id: 'incubator',
      label: { en: 'Incubator (grants and running costs)', zh: '孵化基地（资助与运营）' },
      yearly: num('policies.incubator.slots') * 12 * (num('policies.incubator.grantPerMonth') + num('policies.incubator.operatingCostPerSlotPerMonth')),
    });
  if (on('seedFund'))
    items.push({
      id: 'seedFund',
      label: { en: 'Seed money and micro-venture package', zh: '种子资金与微创投' },
      yearly: num('policies.seedFund.lotteryFundPerYear') * num('policies.seedFund.share') + num('policies.seedFund.packageBudget'),
    });
  if (on('compensation')) {
    const paid = num('policies.compensation.share') * num('policies.transfer.fundsFollowShare') + num('policies.compensation.staffReassigned');
    const unitCost = new Float64Array(DOMAIN_COUNT);
    computeUnitCosts(scenario, unitCost, 0);
    let inHouse = 0;
    DOMAINS.forEach((d, i) => (inHouse += people * 12 * scenario.domains[d].needRate * scenario.committees.serviceRate * unitCost[i] * scenario.governments.inHouseCostRatio));
    const replaced = num('policies.transfer.targetShare') * (1 - num('policies.transfer.newMoneyShare'));
    items.push({ id: 'compensation', label: { en: 'Compensation of committees', zh: '对居委会的补偿' }, yearly: inHouse * replaced * paid });
  }
  if (on('relief'))
    items.push({ id: 'relief', label: { en: 'Relief of committees', zh: '为居委会减负' }, yearly: committees * num('policies.relief.share') * num('policies.relief.costPerCommitteePerYear') });
  if (on('training'))
    items.push({ id: 'training', label: { en: 'Training social workers', zh: '培训社工' }, yearly: (people / 10000) * num('policies.training.workersPer10kPerYear') * num('policies.training.costPerWorker') });
  if (on('publicity')) items.push({ id: 'publicity', label: { en: 'Publicity', zh: '宣传' }, yearly: people * num('policies.publicity.costPerCapitaPerYear') });
  const kept = items.filter((i) => i.yearly > 0).sort((a, b) => b.yearly - a.yearly);
  return { total: kept.reduce((a, i) => a + i.yearly, 0), items: kept };
}

/** A round figure: 2 significant digits, rounded up. */
function roundUp(x: number): number {
  if (x <= 0) return 0;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / unit - 1e-9) * unit;
}

/** The default budget envelope: the status quo's cost plus DEFAULT_BUDGET_MARGIN, as a round figure. */
export function defaultBudget(scenario: Scenario, baseline: PackageValues): number {
  return roundUp(packageCost(scenario, baseline).total * (1 + DEFAULT_BUDGET_MARGIN));
}
