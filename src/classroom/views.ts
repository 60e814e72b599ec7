/**
 * What each client is sent: the same public view to everyone (the board, the teams and their
 * progress, the round), a private view to the members of each team (their package, its cost,
 * and in role mode their side's figures), and the teacher's view (everything, the join URL and
 * QR code). Pure: built from the session, the plan and the finished runs; the server only
 * serialises and sends. Nothing secret — tokens, participants' secrets, other teams' drafts —
 * is in a view that is not meant for it.
 */
import { OUTCOMES, type OutcomeDef, type OutcomeId } from '../report/classroom/outcomes.ts';
import { ROLE_IDS, TEXTS, type RoleId } from '../report/classroom/texts.ts';
import type { Scenario } from '../scenario/schema.ts';
import { buildBoard, roleFigures, type Board, type Records, type RoleFigure } from './board.ts';
import { packageCost, type CostEstimate } from './cost.ts';
import { CRITERION_DEFS, type CriterionDef } from './criteria.ts';
import type { Lever, PackageValues } from './levers.ts';
import { CHOICE_LABELS, SECTIONS } from './packageText.ts';
import { STATUS_QUO, type Plan } from './plan.ts';
import { runId } from './store.ts';
import { currentPackage, lastRound, openRound, teamName, teamNumbers, yearsLeft, type Participant, type Session, type Settings } from './session.ts';
import { placeName, type Lang } from '../report/i18n.ts';

/** Sent once on connecting: what does not change during a session. */
export interface Welcome {
  type: 'welcome';
  scenario: { name: Record<Lang, string>; startYear: number; years: number };
  lang: Lang;
  levers: Lever[];
  sections: typeof SECTIONS;
  choices: typeof CHOICE_LABELS;
  criteria: Record<string, CriterionDef>;
  outcomes: Record<OutcomeId, OutcomeDef>;
  roles: Record<RoleId, Record<Lang, string>>;
  baseline: PackageValues;
  baselineCost: CostEstimate;
  /** The place's scenario, so the pages can estimate a package's cost as it is composed (cost.ts). */
  place: Scenario;
}

export interface TeamSummary {
  number: number;
  name: Record<Lang, string>;
  members: number;
  /** Role mode: members by role. */
  roles: Partial<Record<RoleId, number>>;
  /** This round: whether its package is in (submitted, or agreed by all roles). */
  submitted: boolean;
  /** Role mode: the roles that agreed to the current draft, and its version. */
  agreed: RoleId[];
  draftVersion: number | null;
}

export interface PublicView {
  type: 'public';
  settings: Omit<Settings, 'firstSeed'>;
  ended: boolean;
  yearsLeft: number;
  round: { number: number; status: 'open' | 'closed'; years: number } | null;
  teams: TeamSummary[];
  board: Board;
  /** Cost estimate of every package on the board: `${round}:${arm}` → yuan a year. */
  costs: Record<string, number>;
  progress: { pending: number; failed: number };
}

export interface TeamView {
  type: 'team';
  you: { id: string; name: string; team: number; role: RoleId | null };
  team: number;
  members: { name: string; role: RoleId | null }[];
  /** The package the editor starts from: the draft, or the submission, or the last one in effect. */
  current: PackageValues;
  currentCost: CostEstimate;
  /** This round's submitted (or agreed) package, if any. */
  submitted: PackageValues | null;
  draft: { values: PackageValues; version: number; by: string | null } | null;
  agreed: RoleId[];
  /** Role mode: this role's figures for the draft (or the agreed package), against the status quo. */
  figures: { of: 'draft' | 'package'; done: number; rows: RoleFigure[] } | null;
}

export interface TeacherView {
  type: 'teacher';
  joinUrl: string;
  boardUrl: string;
  qrSvg: string;
  dataDir: string;
  participants: { name: string; team: number; role: RoleId | null }[];
  /** Role mode: each table's draft and figures by role. */
  tables: { team: number; draft: PackageValues | null; version: number | null; agreed: RoleId[]; figures: Partial<Record<RoleId, RoleFigure[]>> }[];
  exports: string[];
}

export function welcome(s: Session, base: Scenario, levers: Lever[], baseline: PackageValues): Welcome {
  const roles = Object.fromEntries(ROLE_IDS.map((r) => [r, { en: TEXTS.en.role[r].title, zh: TEXTS.zh.role[r].title }])) as Record<RoleId, Record<Lang, string>>;
  return {
    type: 'welcome',
    scenario: { name: { en: placeName(base, 'en'), zh: placeName(base, 'zh') }, startYear: base.startYear, years: base.years },
    lang: s.lang,
    levers,
    sections: SECTIONS,
    choices: CHOICE_LABELS,
    criteria: CRITERION_DEFS,
    outcomes: OUTCOMES,
    roles,
    baseline,
    baselineCost: packageCost(base, baseline),
    place: base,
  };
}

export interface ViewInput {
  session: Session;
  base: Scenario;
  baseline: PackageValues;
  plan: Plan;
  records: Records;
  failures: ReadonlyMap<string, string>;
  seeds: readonly number[];
  pending: number;
}

export function boardOf(v: ViewInput): Board {
  const s = v.session;
  return buildBoard({
    plan: v.plan,
    records: v.records,
    failures: v.failures,
    seeds: v.seeds,
    weights: s.settings.weights,
    teams: teamNumbers(s),
    rounds: s.rounds,
    startYear: v.base.startYear,
  });
}

export function publicView(v: ViewInput, board: Board = boardOf(v)): PublicView {
  const s = v.session;
  const round = lastRound(s);
  const teams = teamNumbers(s).map((n): TeamSummary => {
    const members = s.participants.filter((p) => p.team === n);
    const roles: Partial<Record<RoleId, number>> = {};
    for (const p of members) if (p.role) roles[p.role] = (roles[p.role] ?? 0) + 1;
    const t = round?.teams[n];
    return {
      number: n,
      name: { en: teamName(s, n, 'en'), zh: teamName(s, n, 'zh') },
      members: members.length,
      roles,
      submitted: !!t?.submitted,
      agreed: t?.agreed ?? [],
      draftVersion: t?.draft?.version ?? null,
    };
  });
  const costs: Record<string, number> = {};
  for (const r of board.rounds) for (const a of r.arms) costs[`${r.number}:${a.arm}`] = packageCost(v.base, a.values).total;
  const { firstSeed: _seed, ...settings } = s.settings;
  return {
    type: 'public',
    settings,
    ended: s.ended,
    yearsLeft: yearsLeft(s),
    round: round ? { number: round.number, status: round.status, years: round.years } : null,
    teams,
    board,
    costs,
    progress: { pending: v.pending, failed: v.failures.size },
  };
}

/** The world a role-mode table is discussing now: its draft's, else its agreed package's. */
function tableWorld(v: ViewInput, team: number) {
  const worlds = v.plan.rounds[v.plan.rounds.length - 1] ?? [];
  const sq = worlds.find((w) => w.arm === STATUS_QUO);
  const draft = worlds.find((w) => w.arm === team && w.kind === 'draft');
  const effective = worlds.find((w) => w.arm === team && w.kind === 'effective');
  const world = draft ?? effective;
  return sq && world ? { sq, world, of: (draft ? 'draft' : 'package') as 'draft' | 'package' } : null;
}

function figuresFor(v: ViewInput, team: number, role: RoleId): TeamView['figures'] {
  const at = tableWorld(v, team);
  if (!at) return null;
  const done = v.seeds.filter((seed) => v.records.has(runId(at.world.key, seed))).length;
  return { of: at.of, done, rows: roleFigures(role, at.world, at.sq, v.records, v.seeds) };
}

export function teamView(v: ViewInput, p: Participant): TeamView {
  const s = v.session;
  const round = lastRound(s);
  const t = round?.teams[p.team];
  const current = currentPackage(s, p.team, v.baseline);
  return {
    type: 'team',
    you: { id: p.id, name: p.name, team: p.team, role: p.role },
    team: p.team,
    members: s.participants.filter((m) => m.team === p.team).map((m) => ({ name: m.name, role: m.role })),
    current,
    currentCost: packageCost(v.base, current),
    submitted: (openRound(s) ? t?.submitted?.values : null) ?? null,
    draft: t?.draft ? { values: t.draft.values, version: t.draft.version, by: s.participants.find((m) => m.id === t.draft!.by)?.name ?? null } : null,
    agreed: t?.agreed ?? [],
    figures: s.settings.mode === 'role' && p.role ? figuresFor(v, p.team, p.role) : null,
  };
}

export function teacherView(v: ViewInput, urls: { join: string; board: string }, qrSvg: string, dataDir: string, exports: string[]): TeacherView {
  const s = v.session;
  const round = lastRound(s);
  return {
    type: 'teacher',
    joinUrl: urls.join,
    boardUrl: urls.board,
    qrSvg,
    dataDir,
    participants: s.participants.map((p) => ({ name: p.name, team: p.team, role: p.role })),
    tables:
      s.settings.mode === 'role'
        ? teamNumbers(s).map((n) => {
            const t = round?.teams[n];
            const figures: Partial<Record<RoleId, RoleFigure[]>> = {};
            for (const role of ROLE_IDS) figures[role] = figuresFor(v, n, role)?.rows ?? [];
            return { team: n, draft: t?.draft?.values ?? null, version: t?.draft?.version ?? null, agreed: t?.agreed ?? [], figures };
          })
        : [],
    exports,
  };
}
