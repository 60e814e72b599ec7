/**
 * The levers a group may pull in a live classroom session: the instruments a government really
 * holds (purchase budget, payment terms, incubator, seed money, how and where providers are
 * chosen, evaluation, compensation, relief, pay standard, contract length and renewals, transfer
 * pace and whether it is new money, training, publicity), found in the scenario
 * schema at run time. A short curated list names the paths, their labels and display hints; a
 * path the schema lacks is skipped silently, so a lever the model gains appears by adding one
 * line here, and one it loses disappears without breaking a session. Kinds, bounds and
 * defaults come from the schema (src/scenario/parameters.ts). Pure.
 */
import { z } from 'zod';
import { collectParameters, structural, type JsonSchema, type Parameter } from '../scenario/parameters.ts';
import { getPath } from '../scenario/paths.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Lang } from '../report/i18n.ts';
import { parameterDoc } from '../scenario/parameterDocsZh.ts';

export type LeverKind = 'number' | 'integer' | 'boolean' | 'choice';
export type LeverValue = number | boolean | string;
/** A package: lever path → value. */
export type PackageValues = Record<string, LeverValue>;

export interface Lever {
  /** Dotted scenario path, e.g. "policies.payments.advanceShare". */
  path: string;
  /** The group of controls it belongs to (SECTIONS). */
  section: string;
  kind: LeverKind;
  /** Bounds a package may use (number and integer levers). */
  min?: number;
  max?: number;
  step?: number;
  /** Values of a choice. */
  options?: string[];
  /** Shown as a percentage (a share). */
  percent?: boolean;
  /** Shown as money (yuan). */
  money?: boolean;
  label: Record<Lang, string>;
  /** What it means: the schema's English and its Chinese (scenario/parameterDocsZh.ts). */
  description: Record<Lang, string>;
  /** The switch this lever only matters under (e.g. "policies.incubator.enabled"). */
  requires?: string;
}

interface Curated {
  path: string;
  section: string;
  label: Record<Lang, string>;
  percent?: boolean;
  money?: boolean;
  step?: number;
  /** Bounds for the control where the schema gives no plausible range. */
  min?: number;
  max?: number;
  /** Whether the lever means anything in this place (default: yes). */
  relevant?: (s: Scenario) => boolean;
}

const buys = (level: 'city' | 'district' | 'street') => (s: Scenario) => s.governments[level].catalogue.length > 0;

/** The curated list, in the order the controls appear. Add a path here to offer a new lever. */
const CURATED: readonly Curated[] = [
  { path: 'governments.city.purchaseShare', section: 'purchase', percent: true, step: 0.005, relevant: buys('city'), label: { en: 'City: share of its budget for purchase', zh: '市级：用于购买服务的预算比例' } },
  { path: 'governments.district.purchaseShare', section: 'purchase', percent: true, step: 0.005, relevant: buys('district'), label: { en: 'District: share of its budget for purchase', zh: '区级：用于购买服务的预算比例' } },
  { path: 'governments.street.purchaseShare', section: 'purchase', percent: true, step: 0.005, relevant: buys('street'), label: { en: 'Street: share of its budget for purchase', zh: '街道：用于购买服务的预算比例' } },
  { path: 'policies.payments.advanceShare', section: 'payments', percent: true, step: 0.05, label: { en: 'Share of a contract paid up front', zh: '合同预付比例' } },
  { path: 'policies.payments.delayMonths', section: 'payments', label: { en: 'Months until the rest is paid', zh: '余款支付的延迟月数' } },
  { path: 'policies.incubator.enabled', section: 'incubator', label: { en: 'Run an incubator', zh: '设立孵化基地' } },
  { path: 'policies.incubator.slots', section: 'incubator', label: { en: 'Incubator places', zh: '孵化名额' } },
  { path: 'policies.seedFund.enabled', section: 'seedFund', label: { en: 'Spend seed money', zh: '投入种子资金' } },
  { path: 'policies.seedFund.share', section: 'seedFund', percent: true, step: 0.01, label: { en: 'Share of the lottery fund for pilot projects', zh: '彩票公益金中用于试点项目的比例' } },
  { path: 'policies.seedFund.packageBudget', section: 'seedFund', money: true, step: 5000, min: 0, max: 500000, label: { en: 'Micro-venture package a year (yuan)', zh: '每年微创投资金（元）' } },
  { path: 'policies.bidding.method', section: 'bidding', label: { en: 'How providers are chosen', zh: '如何选择服务机构' } },
  { path: 'policies.bidding.scope', section: 'bidding', label: { en: 'Where providers may bid', zh: '机构可投标的范围' } },
  { path: 'policies.evaluation.mode', section: 'evaluation', label: { en: 'Who evaluates providers', zh: '由谁评估服务机构' } },
  { path: 'policies.compensation.enabled', section: 'compensation', label: { en: 'Compensate committees that lose functions', zh: '补偿失去职能的居委会' } },
  { path: 'policies.compensation.share', section: 'compensation', percent: true, step: 0.05, label: { en: 'Share of their losses made good', zh: '损失的补偿比例' } },
  { path: 'policies.relief.enabled', section: 'relief', label: { en: 'Take administrative tasks off committees', zh: '为居委会减负' } },
  { path: 'policies.relief.share', section: 'relief', percent: true, step: 0.05, label: { en: 'Share of their administrative load taken off', zh: '减去的行政事务比例' } },
  { path: 'policies.payStandard.enabled', section: 'payStandard', label: { en: 'Set a pay standard for purchased posts', zh: '为购买的岗位设定薪酬标准' } },
  { path: 'policies.payStandard.minimumPerMonth', section: 'payStandard', money: true, step: 100, label: { en: 'Least monthly pay (yuan)', zh: '最低月薪（元）' } },
  { path: 'policies.contracts.lengthYears', section: 'contracts', label: { en: 'Contract length (years)', zh: '合同期限（年）' } },
  { path: 'policies.contracts.maxRenewals', section: 'contracts', label: { en: 'Renewals a good provider may get', zh: '表现良好的机构可获续约次数' } },
  { path: 'policies.transfer.perYear', section: 'transfer', percent: true, step: 0.05, label: { en: 'Share of functions put up for transfer each year', zh: '每年尝试转移的职能比例' } },
  { path: 'policies.transfer.newMoneyShare', section: 'transfer', percent: true, step: 0.05, label: { en: 'Share of purchased service that is new money (committees keep their staff for it)', zh: '购买服务中的新增资金比例（居委会保留相应人手）' } },
  { path: 'policies.training.enabled', section: 'training', label: { en: 'Train social workers', zh: '培训社工' } },
  { path: 'policies.training.workersPer10kPerYear', section: 'training', step: 0.1, label: { en: 'Trained per 10,000 residents a year', zh: '每万名居民每年培训人数' } },
  { path: 'policies.publicity.enabled', section: 'publicity', label: { en: 'Publicise purchased services', zh: '宣传购买的服务' } },
  { path: 'policies.publicity.monthlyReach', section: 'publicity', percent: true, step: 0.01, label: { en: 'Unaware residents reached a month', zh: '每月触达的尚不知情居民比例' } },
];

function kindOf(schema: JsonSchema): { kind: LeverKind; options?: string[] } | null {
  const s = structural(schema, schema);
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return { kind: 'choice', options: s.enum as string[] };
  if (s.type === 'boolean') return { kind: 'boolean' };
  if (s.type === 'integer') return { kind: 'integer' };
  if (s.type === 'number') return { kind: 'number' };
  return null; // lists, records, nullable values: not offered as a lever
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The `enabled` switch of the policy section a path lies in, if it has one and is not the path itself. */
function switchOf(path: string, known: ReadonlySet<string>): string | undefined {
  const parts = path.split('.');
  if (parts[0] !== 'policies' || parts.length < 3) return undefined;
  const flag = `policies.${parts[1]}.enabled`;
  return flag !== path && known.has(flag) ? flag : undefined;
}

/**
 * The levers this place offers: every curated path the schema has, that means something here,
 * with its kind and bounds. Bounds are the schema's plausible range (else the curated or the
 * hard bounds), widened to include the place's own value and kept within the hard bounds.
 */
export function discoverLevers(scenario: Scenario, parameters: readonly Parameter[] = collectParameters()): Lever[] {
  const byPath = new Map(parameters.filter((p) => p.kind === 'leaf').map((p) => [p.path, p]));
  const offered = CURATED.filter((c) => byPath.has(c.path) && (c.relevant?.(scenario) ?? true));
  const paths = new Set(offered.map((c) => c.path));
  const levers: Lever[] = [];
  for (const c of offered) {
    const p = byPath.get(c.path)!;
    const kind = kindOf(p.schema);
    if (!kind) continue;
    const lever: Lever = { path: c.path, section: c.section, kind: kind.kind, label: c.label, description: { en: p.description ?? '', zh: parameterDoc(c.path, p.description ?? '', 'zh') } };
    if (kind.options) lever.options = kind.options;
    if (c.percent) lever.percent = true;
    if (c.money) lever.money = true;
    const requires = switchOf(c.path, paths);
    if (requires) lever.requires = requires;
    if (kind.kind === 'number' || kind.kind === 'integer') {
      const hardMin = finite(p.schema.minimum) ? p.schema.minimum : -Infinity;
      const hardMax = finite(p.schema.maximum) ? p.schema.maximum : Infinity;
      const current = getPath(scenario, c.path);
      let lo = p.range?.[0] ?? c.min ?? hardMin;
      let hi = p.range?.[1] ?? c.max ?? hardMax;
      if (finite(current)) {
        lo = Math.min(lo, current);
        hi = Math.max(hi, current);
      }
      lever.min = Math.max(lo, hardMin);
      lever.max = Math.min(hi, hardMax);
      if (!finite(lever.min) || !finite(lever.max)) continue; // no bounds to offer
      lever.step = kind.kind === 'integer' ? Math.max(1, Math.round(c.step ?? 1)) : (c.step ?? (lever.max - lever.min) / 100);
    }
    levers.push(lever);
  }
  return levers;
}

/** The place's own values of the levers: the status quo package. */
export function baselineValues(scenario: Scenario, levers: readonly Lever[]): PackageValues {
  const out: PackageValues = {};
  for (const l of levers) out[l.path] = getPath(scenario, l.path) as LeverValue;
  return out;
}

/** A number as packages keep it: 6 significant digits, so that equal choices hash equal. */
export function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/** The zod schema of one lever's value. */
function valueSchema(l: Lever): z.ZodType<LeverValue> {
  switch (l.kind) {
    case 'boolean':
      return z.boolean();
    case 'choice':
      return z.enum(l.options as [string, ...string[]]);
    case 'integer':
      return z.number().int().min(l.min!).max(l.max!);
    case 'number':
      return z.number().min(l.min!).max(l.max!);
  }
}

/**
 * The zod schema of a package sent by a group: any subset of the levers (the rest keep their
 * current values), each of the right type and within its bounds; unknown paths are refused.
 */
export function packageSchema(levers: readonly Lever[]) {
  return z.strictObject(Object.fromEntries(levers.map((l) => [l.path, valueSchema(l).optional()])));
}

/** `base` with `update` applied, numbers tidied; keys are the levers', in lever order. */
export function mergePackage(levers: readonly Lever[], base: PackageValues, update: Partial<PackageValues>): PackageValues {
  const out: PackageValues = {};
  for (const l of levers) {
    const v = update[l.path] ?? base[l.path];
    if (v !== undefined) out[l.path] = typeof v === 'number' ? tidy(v) : v;
  }
  return out;
}

/** The lever values of `pkg` that differ from `scenario` (what applying the package changes). */
export function changedValues(pkg: PackageValues, scenario: unknown): PackageValues {
  const out: PackageValues = {};
  for (const [path, value] of Object.entries(pkg)) if (getPath(scenario, path) !== value) out[path] = value;
  return out;
}

/**
 * The schedule edit that puts a package into effect in run year `year`: the changed values, and
 * for every policy section it changes whose `fromYear` lies later, `fromYear: year` — a group
 * that switches a lever on means now, not when the place's own history would have.
 */
export function packageEdit(pkg: PackageValues, scenario: unknown, year: number): Record<string, LeverValue> {
  const changed = changedValues(pkg, scenario);
  const edit: Record<string, LeverValue> = { ...changed };
  for (const path of Object.keys(changed)) {
    const parts = path.split('.');
    if (parts[0] !== 'policies' || parts.length < 3) continue;
    const from = `policies.${parts[1]}.fromYear`;
    const current = getPath(scenario, from);
    if (typeof current === 'number' && current > year) edit[from] = year;
  }
  return edit;
}

