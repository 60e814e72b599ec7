/**
 * How packages read: the headings of the control groups, words for choice values, a lever's
 * value as text, and what a package changes. Pure and light, so the pages' script shares it.
 */
import type { Lang } from '../report/i18n.ts';
import type { Lever, LeverValue, PackageValues } from './levers.ts';

/** Headings of the control groups, in order. */
export const SECTIONS: Readonly<Record<string, Record<Lang, string>>> = {
  purchase: { en: 'Purchase budget', zh: '购买预算' },
  payments: { en: 'Payment terms', zh: '付款方式' },
  incubator: { en: 'Incubator', zh: '孵化基地' },
  seedFund: { en: 'Seed money and micro-venture package', zh: '种子资金与微创投' },
  bidding: { en: 'Choosing providers', zh: '选择服务机构' },
  evaluation: { en: 'Evaluation', zh: '评估' },
  compensation: { en: 'Compensation of committees', zh: '对居委会的补偿' },
  relief: { en: 'Relief of committees (减负)', zh: '为居委会减负' },
  payStandard: { en: 'Pay standard', zh: '薪酬标准' },
  contracts: { en: 'Contracts', zh: '合同' },
  transfer: { en: 'Transfer of functions', zh: '职能转移' },
  training: { en: 'Training', zh: '培训' },
  publicity: { en: 'Publicity', zh: '宣传' },
};

/** Words for choice values. */
export const CHOICE_LABELS: Readonly<Record<string, Record<Lang, string>>> = {
  self: { en: 'the buyer itself', zh: '购买方自评' },
  thirdParty: { en: 'an independent third party', zh: '独立第三方' },
  openTender: { en: 'open tender', zh: '公开招标' },
  invitedTender: { en: 'invited tender', zh: '邀请招标' },
  competitiveNegotiation: { en: 'competitive negotiation', zh: '竞争性谈判' },
  singleSource: { en: 'single source', zh: '单一来源' },
  directGrant: { en: 'direct grant', zh: '直接资助' },
  district: { en: 'within their own district', zh: '仅限本区' },
  city: { en: 'anywhere in the city', zh: '全市范围' },
};

/** A lever's value as text: percentages, money, yes/no and the words for choices. */
export function formatLeverValue(lang: Lang, lever: Lever, value: LeverValue | undefined): string {
  if (value === undefined) return '–';
  if (typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof value === 'string') return CHOICE_LABELS[value]?.[lang] ?? value;
  if (lever.percent) return `${Number((100 * value).toFixed(1))}%`;
  if (lever.money) return lang === 'zh' ? `${value.toLocaleString('zh-CN')}元` : `¥${value.toLocaleString('en')}`;
  return String(Number(value.toPrecision(6)));
}

/** What a package changes from `baseline`, as "label: before → after" texts in lever order. */
export function describeChanges(lang: Lang, levers: readonly Lever[], pkg: PackageValues, baseline: PackageValues): string[] {
  return levers.filter((l) => pkg[l.path] !== undefined && pkg[l.path] !== baseline[l.path]).map((l) => `${l.label[lang]}: ${formatLeverValue(lang, l, baseline[l.path])} → ${formatLeverValue(lang, l, pkg[l.path])}`);
}
