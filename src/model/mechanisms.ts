/**
 * Mechanism knock-outs: "which mechanism made this?" answered by experiment. Each entry names one
 * behaviour of the agents (a submodel of docs/ODD.md §7) and the parameter values that switch it
 * off while everything else stays as it is. `govbuy compare PLACE --knock-out ID` runs the place
 * as it is and without the mechanism over the same seeds, so the paired difference in an outcome
 * is what that mechanism contributes to it there (docs/mechanisms.md has the table for the
 * presets). A mechanism the place never uses (no transfers, so no resistance) contributes nothing,
 * and the comparison says so.
 *
 * A knock-out sets parameters to the edge of their allowed values, not of their plausible range:
 * it is an experiment on the model, not a scenario anyone proposes. `moves` lists what taking the
 * mechanism out does on the Xitun preset; tests/model/mechanisms.test.ts checks every entry over
 * many seeds, so a mechanism that stops working (or stops mattering) fails a test.
 *
 * Pure data: no imports, so the core, the CLI, the pages and the docs read the same list.
 */

/** An outcome of `govbuy compare` (src/experiments/compare.ts) and which way the knock-out moves it. */
export interface ExpectedMove {
  outcome: string;
  /** +1: higher without the mechanism; −1: lower. */
  direction: 1 | -1;
}

export interface Mechanism {
  /** Short name used on the command line (`--knock-out ID`) and in arm names (`PLACE:no-ID`). */
  id: string;
  name: string;
  nameZh: string;
  /** The sections of docs/ODD.md that describe it. */
  odd: string;
  /** What is switched off, in words. */
  how: string;
  howZh: string;
  /** Parameter path → the value that switches the mechanism off. */
  switchOff: Readonly<Record<string, unknown>>;
  /** What taking it out does on the Xitun preset (10 years), the test's claim. */
  moves: readonly ExpectedMove[];
}

export const MECHANISMS: readonly Mechanism[] = [
  {
    id: 'founding',
    name: 'grassroots founding',
    nameZh: '草根机构的创立',
    odd: '7.12',
    how: 'no founder enters (λ0 = 0); the incubator, spin-offs and providers drawn in from outside still bring organizations',
    howZh: '没有新的创立者进入（λ0 = 0）；孵化器、附属机构和外来机构仍会带来组织',
    switchOff: { 'organizations.foundingPer10kPerYear': 0 },
    moves: [{ outcome: 'totals.org_entries', direction: -1 }],
  },
  {
    id: 'self-organizing',
    name: 'volunteers forming groups',
    nameZh: '居民自发组建团体',
    odd: '7.12',
    how: 'volunteers found no new self-organizations (the groups present at the start remain)',
    howZh: '志愿者不再组建新的自组织（开始时已有的团体保留）',
    switchOff: { 'organizations.selfOrgsPer1kVolunteersPerYear': 0 },
    moves: [
      { outcome: 'final.self_orgs', direction: -1 },
      { outcome: 'totals.org_entries', direction: -1 },
    ],
  },
  {
    id: 'withering',
    name: 'members leaving unfunded groups',
    nameZh: '无经费团体的成员流失',
    odd: '7.11',
    how: 'no member ever leaves a volunteer group, so no group withers',
    howZh: '志愿团体的成员从不离开，因此没有团体消亡',
    switchOff: { 'organizations.memberLeavePerMonth': 0 },
    moves: [
      { outcome: 'final.self_orgs', direction: 1 },
      { outcome: 'exits_by_cause.withered', direction: -1 },
    ],
  },
  {
    id: 'volunteer-service',
    name: 'volunteer groups serving neighbours',
    nameZh: '志愿团体为邻里服务',
    odd: '7.2, 7.11',
    how: 'volunteer groups (self-organizations and filed groups without staff) serve no needs; they still form, meet and wither',
    howZh: '志愿团体（自组织和没有专职人员的备案团体）不再为居民服务；它们仍会组建、活动和消亡',
    switchOff: { 'organizations.volunteerNeedsPerMemberPerMonth': 0 },
    moves: [
      { outcome: 'totals.mean_needs_met_share', direction: -1 },
      { outcome: 'totals.complaints', direction: 1 },
    ],
  },
  {
    id: 'insolvency',
    name: 'closing when cash runs out',
    nameZh: '资金断裂而关闭',
    odd: '7.9, 7.11',
    how: 'providers may run 120 months in arrears for 60 months before they close, so in practice none closes for cash',
    howZh: '承接机构可以拖欠 120 个月的费用、连续 60 个月后才关闭，实际上没有机构因资金断裂而关闭',
    switchOff: { 'organizations.arrearsMonths': 120, 'organizations.insolvencyMonths': 60 },
    moves: [
      { outcome: 'exits_by_cause.insolvency', direction: -1 },
      { outcome: 'final.orgs_active', direction: 1 },
    ],
  },
  {
    id: 'skill-growth',
    name: 'learning by doing',
    nameZh: '在服务中积累能力',
    odd: '7.8, 7.11',
    how: 'providers and volunteer groups gain no skill from their work (the incubator’s training still adds it)',
    howZh: '承接机构和志愿团体不再从工作中积累能力（孵化器的培训仍然有效）',
    switchOff: { 'organizations.skillGrowthPerMonth': 0, 'organizations.volunteerSkillGrowthPerMonth': 0 },
    moves: [
      { outcome: 'final.service_quality', direction: -1 },
      { outcome: 'mean_trust_in_orgs', direction: -1 },
    ],
  },
  {
    id: 'staff-quits',
    name: 'social workers quitting',
    nameZh: '社工离职',
    odd: '7.10',
    how: 'no worker quits a post (q0 = 0); layoffs and closures still free workers',
    howZh: '社工从不主动离职（q0 = 0）；裁员和机构关闭仍会释放社工',
    switchOff: { 'labour.turnoverPerMonth': 0 },
    moves: [
      { outcome: 'totals.first_year_quit_share', direction: -1 },
      { outcome: 'final.service_quality', direction: 1 },
    ],
  },
  {
    id: 'experience',
    name: 'experienced staff serving better',
    nameZh: '有经验的社工服务更好',
    odd: '7.10, 7.2',
    how: 'a team’s experience adds nothing to the quality it delivers: quality is the organization’s skill alone',
    howZh: '团队的经验不再提高服务质量：质量只取决于机构的能力',
    switchOff: { 'labour.experienceWeight': 0 },
    // In Xitun a team's experience and its organization's skill are about level, so quality moves
    // little either way over ten years and no claim is made; tests/agents/socialWorker.test.ts
    // tests what experience adds to quality.
    moves: [],
  },
  {
    id: 'donations',
    name: 'donations to active organizations',
    nameZh: '对活跃机构的捐赠',
    odd: '7.11',
    how: 'no donations reach organizations (the regional pool is empty)',
    howZh: '没有捐赠流向机构（地区捐赠池为空）',
    switchOff: { 'organizations.donationsPerCapitaPerYear': 0 },
    moves: [
      { outcome: 'final.orgs_registered', direction: -1 },
      { outcome: 'totals.failed_tenders', direction: 1 },
    ],
  },
  {
    id: 'trust-learning',
    name: 'trust learned from service',
    nameZh: '从服务经历中建立信任',
    odd: '7.2, 7.3',
    how: 'a service experience moves neither the resident’s trust nor, by word of mouth, the neighbours’ (α = 0)',
    howZh: '服务经历既不改变居民本人的信任，也不通过口碑改变邻居的信任（α = 0）',
    switchOff: { 'residents.learningRate': 0 },
    moves: [
      { outcome: 'mean_trust_in_orgs', direction: -1 },
      { outcome: 'final.needs_met_share', direction: -1 },
    ],
  },
  {
    id: 'word-of-mouth',
    name: 'word of mouth',
    nameZh: '口碑传播',
    odd: '7.3',
    how: 'no experience reaches the neighbours, trust is not pulled toward the community’s mean, and serving spreads no awareness',
    howZh: '服务经历传不到邻居，信任不向社区均值靠拢，服务也不再提高知晓度',
    switchOff: { 'residents.wordOfMouthReach': 0, 'residents.wordOfMouth': 0, 'residents.awarenessByWordOfMouth': 0 },
    moves: [
      { outcome: 'mean_trust_in_orgs', direction: -1 },
      { outcome: 'final.needs_met_share', direction: -1 },
      { outcome: 'totals.complaints', direction: 1 },
    ],
  },
  {
    id: 'responsive-governments',
    name: 'governments responding to complaints, evaluations and savings',
    nameZh: '政府对投诉、评估与节支的回应',
    odd: '7.4',
    how: 'political will and purchase budgets stay where the scenario puts them',
    howZh: '政治意愿和购买预算保持在情景设定的水平',
    switchOff: { 'governments.response.enabled': false },
    // In Xitun over 10 years will moves little either way (complaints above the norm raise it, a
    // quiet street lowers it), so no claim is made there; tests/agents/government/response.test.ts tests
    // the response itself.
    moves: [],
  },
  {
    id: 'resistance',
    name: 'incumbents’ resistance',
    nameZh: '既有利益的阻力',
    odd: '7.14, 7.5',
    how: 'committees start without resistance and never build any (γ = 0), so nothing that resistance drives happens: no blocked transfer, no withheld cooperation, no favour to insiders, no complaint upward',
    howZh: '居委会一开始没有阻力，也从不积累阻力（γ = 0），因此由阻力引起的一切都不会发生：没有被阻挡的转移、没有不配合、没有对“自己人”的偏向、没有向上投诉',
    switchOff: { 'committees.initialResistance': 0, 'committees.resistanceGain': 0 },
    moves: [
      { outcome: 'mean_resistance', direction: -1 },
      { outcome: 'totals.complaints', direction: -1 },
      { outcome: 'mean_trust_in_orgs', direction: 1 },
    ],
  },
  {
    id: 'lost-visitors',
    name: 'committees feeling the residents they lose',
    nameZh: '居委会感受到居民的流失',
    odd: '7.14',
    how: 'a committee feels a transferred function as lost in full from the day it leaves, whether or not its residents have gone over to organizations (the loss on paper)',
    howZh: '职能一转出，居委会就按全部损失来感受，不论居民是否已转向社会组织（只看纸面上的损失）',
    switchOff: { 'committees.lossVisitorsWeight': 0 },
    moves: [{ outcome: 'mean_resistance', direction: 1 }],
  },
  {
    id: 'withheld-cooperation',
    name: 'committees withholding cooperation',
    nameZh: '居委会不配合',
    odd: '7.14, 7.2',
    how: 'a resisting committee takes nothing from the quality providers deliver in its community',
    howZh: '有阻力的居委会不再降低承接机构在其社区的服务质量',
    switchOff: { 'committees.withholdFactor': 0 },
    // Quality in the last year alone (final.service_quality) moves the same way but is too noisy
    // in Xitun over 20 seeds to claim; trust, which learns from every service, carries it.
    moves: [{ outcome: 'mean_trust_in_orgs', direction: 1 }],
  },
  {
    id: 'referral',
    name: 'committees referring residents to providers',
    nameZh: '居委会把居民转介给承接机构',
    odd: '7.2, 7.14',
    how: 'a committee that no longer holds a function never sends a resident on to the provider that took it over',
    howZh: '职能已转出的居委会不再把居民转介给承接机构',
    switchOff: { 'committees.referralProbability': 0, 'policies.compensation.newRoleReferralBoost': 0 },
    moves: [
      { outcome: 'totals.mean_needs_met_share', direction: -1 },
      { outcome: 'totals.complaints', direction: 1 },
    ],
  },
  {
    id: 'spin-offs',
    name: 'incumbents setting up their own providers',
    nameZh: '既有单位另设附属机构',
    odd: '7.5',
    how: 'no incumbent founds an affiliated (官办) provider when a function leaves it',
    howZh: '职能转出时，既有单位不再另设附属（官办）机构',
    switchOff: { 'committees.spinOffProbability': 0 },
    // Xitun's committees, which feel their loss through the residents they lose (lost-visitors),
    // resist too little for its few spin-offs to move the insiders' share clearly over 20 seeds
    // (paired t about −2.3); tests/policies/bidding.test.ts checks the claim where incumbents
    // resist (tests/fixtures/insiders.yaml: −0.38 of the share).
    moves: [],
  },
  {
    id: 'insider-favour',
    name: 'buyers favouring insiders',
    nameZh: '购买方偏向“自己人”',
    odd: '7.7, 7.8',
    how: 'insiders get no bonus in the scoring of bids and none in self-evaluations',
    howZh: '评标和自我评估中不再给“自己人”加分',
    switchOff: { 'policies.bidding.insiderSteering': 0, 'policies.evaluation.insiderBias': 0 },
    // As for spin-offs: too weak in Xitun to claim (paired t about −1.4 over 20 seeds);
    // tests/policies/bidding.test.ts checks it on tests/fixtures/insiders.yaml (−0.10 of the share).
    moves: [],
  },
  {
    id: 'complaints-upward',
    name: 'committees complaining upward',
    nameZh: '居委会向上投诉',
    odd: '7.14, 7.4',
    how: 'resisting committees file no complaints with the governments over them',
    howZh: '有阻力的居委会不再向上级政府投诉',
    switchOff: { 'committees.complaintsPerMonth': 0 },
    moves: [{ outcome: 'totals.complaints', direction: -1 }],
  },
];

/** The mechanism with this id, or undefined. */
export function mechanismById(id: string): Mechanism | undefined {
  return MECHANISMS.find((m) => m.id === id);
}

/** A mechanism's name in a report's language (its id when this version does not know it). */
export function mechanismName(id: string, lang: 'en' | 'zh'): string {
  const m = mechanismById(id);
  return m ? (lang === 'zh' ? m.nameZh : m.name) : id;
}

/** The knock-out's parameter settings as `--set` texts (PATH=VALUE, the value as JSON, which is YAML). */
export function knockOutSets(m: Mechanism): string[] {
  return Object.entries(m.switchOff).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}
