/**
 * A provider's state: a social organization (社会组织 / 民办社工机构), an enterprise or a public
 * institution (事业单位). A compact record per provider, created once at founding and never
 * reallocated in the monthly loop (behaviour in agents/socialOrganization.ts).
 */
import type { ExitCause, Origin, OrgStatus, ProviderType } from '../agents/vocabulary.ts';

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
  readonly foundedMonth: number;
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

  /** Paid professional staff (social workers). */
  staff: number;
  /** Volunteers / members. */
  members: number;
  /** Professional capacity 0–1: how well staff turn effort into quality. */
  skill: number;
  /** Last evaluation score 0–1 (starts neutral). */
  reputation: number;
  evaluationFailures: number;
  /** Month of the last failed evaluation (-1 for none). */
  lastFailureMonth: number;
  /** Staff its active contracts need. */
  staffRequired: number;

  activeContracts: number;
  everContracted: boolean;
  consecutiveNegativeMonths: number;
  monthsWithoutWork: number;
  /** Month incubation ends (-1 when not incubated). */
  incubatedUntil: number;
  /** Month a grant or package purchase keeps a self-organization going until. */
  fundedUntil: number;
}

export interface NewOrganization {
  type: ProviderType;
  status: OrgStatus;
  origin: Origin;
  insider: boolean;
  domain: number;
  street: number;
  month: number;
  cash: number;
  staff: number;
  members: number;
  skill: number;
}

export function createOrganization(id: number, n: NewOrganization): Organization {
  return {
    id,
    type: n.type,
    status: n.status,
    origin: n.origin,
    insider: n.insider,
    domain: n.domain,
    street: n.street,
    foundedMonth: n.month,
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
    staff: n.staff,
    members: n.members,
    skill: n.skill,
    reputation: 0.5,
    evaluationFailures: 0,
    lastFailureMonth: -1,
    staffRequired: 0,
    activeContracts: 0,
    everContracted: false,
    consecutiveNegativeMonths: 0,
    monthsWithoutWork: 0,
    incubatedUntil: -1,
    fundedUntil: -1,
  };
}
