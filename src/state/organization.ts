/**
 * A provider's state: a social organization (社会组织 / 民办社工机构), an enterprise or a public
 * institution (事业单位). A compact record per provider, created once at founding and never
 * reallocated in the monthly loop (behaviour in agents/socialOrganization.ts).
 */
import type { ExitCause, Origin, OrgStatus, ProviderType } from '../agents/vocabulary.ts';
import { startAsDoubles } from '../engine/shapes.ts';

export interface Organization {
  readonly id: number;
  readonly type: ProviderType;
  status: OrgStatus;
  origin: Origin;
  /** Affiliated with government or an incumbent (官办): favoured when incumbents steer awards. */
  readonly insider: boolean;
  /** Main service domain (index into DOMAINS). */
  readonly domain: number;
  readonly street: number;
  /** Community a volunteer group serves (-1: every community of its street). */
  readonly community: number;
  readonly foundedMonth: number;
  /** Present when the run started (its age before then is unknown). */
  readonly initial: boolean;
  /** Status at founding: self-organizations that later formalize keep 'self' here. */
  readonly foundedStatus: OrgStatus;
  /** Month it first became filed or registered (-1 while a self-organization). */
  formalSince: number;
  alive: boolean;
  exitMonth: number;
  exitCause: ExitCause | null;
  /** Status when it exited (for survival by status). */
  exitStatus: OrgStatus | null;

  cash: number;
  readonly startingCash: number;
  incomeContracts: number;
  incomeGrants: number;
  incomeFees: number;
  incomeDonations: number;
  costStaff: number;
  costOverhead: number;
  /** Money that came in this month from grants, projects and donations (volunteer groups' activity budget). */
  moneyThisMonth: number;
  /** Consecutive months ending with negative cash: months of wages owed. */
  owedMonths: number;

  /** Paid professional staff (social workers): workers.length. */
  staff: number;
  /** Ids of its workers in the labour market (state/labour.ts). */
  readonly workers: number[];
  /** Sum of its workers' experience (years), refreshed monthly. */
  experienceSum: number;
  /** Sum over its workers of min(experience, 5)/5, for seniority pay. */
  senioritySum: number;
  /** Staff it wants this month: its contracts' posts plus a core while cash allows. */
  targetStaff: number;
  /** Pay level relative to labour.wagePerMonth: what it offers new and current staff. */
  payLevel: number;
  /** The pay level it was founded with, to which it returns when it has no posts to fill. */
  readonly basePayLevel: number;
  /** Posts its contracts fund that nobody filled this month. */
  vacancies: number;
  /** Volunteers / members. */
  members: number;
  /** Professional capacity 0–1: how well staff turn effort into quality. */
  skill: number;
  /** Last evaluation score 0–1, blended over evaluations. */
  reputation: number;
  /** Mean quality it delivered in the last month it served (what residents choosing among providers hear of). */
  recentQuality: number;
  /** This month's services so far: quality summed, and count. */
  monthQualitySum: number;
  monthServed: number;
  /** Needs it served last time delivery ran (this month, once delivery is over). */
  monthServedTotal: number;
  /** A volunteer group's use of its members' time, served needs over time given, smoothed over about a year. */
  activity: number;
  evaluationFailures: number;
  /** Month of the last failed evaluation (-1 for none). */
  lastFailureMonth: number;
  /** Staff its active contracts need. */
  staffRequired: number;

  activeContracts: number;
  everContracted: boolean;
  consecutiveNegativeMonths: number;
  monthsWithoutWork: number;
  /** Month it last served a resident (-1: never). */
  lastServedMonth: number;
  /** Needs its volunteers (and any funded project) can still serve this month, in agent units. */
  volunteerCapacityLeft: number;
  /** Month incubation ends (-1 when not incubated). */
  incubatedUntil: number;
  /** Month a grant or package project keeps a volunteer group going until. */
  fundedUntil: number;
  /** Package project: money it spends a month until fundedUntil, and needs it serves a month (agent units). */
  projectSpendPerMonth: number;
  projectCapacity: number;
}

export interface NewOrganization {
  type: ProviderType;
  status: OrgStatus;
  origin: Origin;
  insider: boolean;
  domain: number;
  street: number;
  community?: number;
  month: number;
  initial?: boolean;
  cash: number;
  members: number;
  skill: number;
  reputation: number;
  payLevel: number;
}

/** A new provider's record, with no staff yet (agents/socialWorker.ts hires them). */
export function createOrganization(id: number, n: NewOrganization): Organization {
  const org: Organization = {
    id,
    type: n.type,
    status: n.status,
    origin: n.origin,
    insider: n.insider,
    domain: n.domain,
    street: n.street,
    community: n.community ?? -1,
    foundedMonth: n.month,
    initial: n.initial ?? false,
    foundedStatus: n.status,
    formalSince: n.status === 'self' ? -1 : n.month,
    alive: true,
    exitMonth: -1,
    exitCause: null,
    exitStatus: null,
    cash: n.cash,
    startingCash: n.cash,
    incomeContracts: 0,
    incomeGrants: 0,
    incomeFees: 0,
    incomeDonations: 0,
    costStaff: 0,
    costOverhead: 0,
    moneyThisMonth: 0,
    owedMonths: 0,
    staff: 0,
    workers: [],
    experienceSum: 0,
    senioritySum: 0,
    targetStaff: 0,
    payLevel: n.payLevel,
    basePayLevel: n.payLevel,
    vacancies: 0,
    members: n.members,
    skill: n.skill,
    reputation: n.reputation,
    recentQuality: n.skill,
    monthQualitySum: 0,
    monthServed: 0,
    monthServedTotal: 0,
    activity: 0,
    evaluationFailures: 0,
    lastFailureMonth: -1,
    staffRequired: 0,
    activeContracts: 0,
    everContracted: false,
    consecutiveNegativeMonths: 0,
    monthsWithoutWork: 0,
    lastServedMonth: -1,
    volunteerCapacityLeft: 0,
    incubatedUntil: -1,
    fundedUntil: -1,
    projectSpendPerMonth: 0,
    projectCapacity: 0,
  };
  // Money, sums and shares of posts hold fractions (engine/shapes.ts).
  return startAsDoubles(org, [
    'cash',
    'startingCash',
    'incomeContracts',
    'incomeGrants',
    'incomeFees',
    'incomeDonations',
    'costStaff',
    'costOverhead',
    'moneyThisMonth',
    'experienceSum',
    'senioritySum',
    'monthQualitySum',
    'monthServed',
    'monthServedTotal',
    'activity',
    'staffRequired',
    'volunteerCapacityLeft',
    'projectSpendPerMonth',
    'projectCapacity',
  ]);
}
