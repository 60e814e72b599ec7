/**
 * A live classroom session as data, and every change to it as a pure function: the session in,
 * the changed session out, or a refusal that says why (xstate's habit: actions are data plus a
 * pure resolver). The server (server.ts) validates messages, applies these, saves the result
 * and tells the clients; nothing here does I/O, reads a clock or draws a random number (times
 * and new secrets come in as arguments).
 *
 * Two modes. In package mode each group is a policy team with its own package. In role mode
 * each table has four groups — the government, a social organization's director, a committee's
 * director and the residents' representatives (texts.ts ROLE_IDS) — who share one package: any
 * of them proposes a draft (agreeing to it), and it passes only when all four agree to the same
 * version of it.
 */
import { z } from 'zod';
import { ROLE_IDS, type RoleId } from '../report/classroom/texts.ts';
import { LANGS, type Lang } from '../report/i18n.ts';
import { CRITERIA, DEFAULT_WEIGHTS, type Weights } from './criteria.ts';
import type { PackageValues } from './levers.ts';

export const SESSION_FORMAT = 'govbuy-classroom-session';
export const MODES = ['package', 'role'] as const;
export type Mode = (typeof MODES)[number];

/** Bounds of the teacher's settings (the messages' zod schemas use them too). */
export const LIMITS = { groups: [1, 24], seeds: [2, 50], years: [1, 10], weight: [0, 10], budget: [0, 1e12], name: 40 } as const;

const valueSchema = z.union([z.number(), z.boolean(), z.string().max(100)]);
const packageValuesSchema = z.record(z.string().max(200), valueSchema);
const weightsSchema = z.strictObject(Object.fromEntries(CRITERIA.map((c) => [c, z.number().min(LIMITS.weight[0]).max(LIMITS.weight[1])])) as Record<keyof Weights, z.ZodNumber>);

export const settingsSchema = z.strictObject({
  mode: z.enum(MODES),
  /** Groups (package mode) or tables of four role groups (role mode). */
  groups: z.number().int().min(LIMITS.groups[0]).max(LIMITS.groups[1]),
  /** Runs per package, seeds firstSeed, firstSeed + 1, … */
  seeds: z.number().int().min(LIMITS.seeds[0]).max(LIMITS.seeds[1]),
  firstSeed: z.number().int().min(0).max(2 ** 31 - 1),
  /** Years the next round simulates. */
  years: z.number().int().min(LIMITS.years[0]).max(LIMITS.years[1]),
  weights: weightsSchema,
  /** What a package may cost a year (yuan). */
  budget: z.number().min(LIMITS.budget[0]).max(LIMITS.budget[1]),
});
export type Settings = z.infer<typeof settingsSchema>;

const participantSchema = z.strictObject({
  id: z.string(),
  secret: z.string(),
  name: z.string(),
  team: z.number().int().min(1),
  role: z.enum(ROLE_IDS).nullable(),
  joined: z.string(),
});
export type Participant = z.infer<typeof participantSchema>;

const stampSchema = z.strictObject({ values: packageValuesSchema, at: z.string(), by: z.string() });
const teamRoundSchema = z.strictObject({
  /** Package mode: the package submitted; role mode: the draft all four roles agreed to. */
  submitted: stampSchema.nullable(),
  /** Role mode: the table's current draft. */
  draft: stampSchema.extend({ version: z.number().int().min(1) }).nullable(),
  /** Role mode: the roles that agreed to the draft's current version. */
  agreed: z.array(z.enum(ROLE_IDS)),
});
export type TeamRound = z.infer<typeof teamRoundSchema>;

const roundSchema = z.strictObject({
  number: z.number().int().min(1),
  years: z.number().int().min(1),
  /** Run month the round starts in (after the warm-up and the rounds before). */
  startMonth: z.number().int().min(0),
  status: z.enum(['open', 'closed']),
  /** Team number → its packages this round. */
  teams: z.record(z.string(), teamRoundSchema),
});
export type Round = z.infer<typeof roundSchema>;

export const sessionSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT),
  formatVersion: z.literal(1),
  created: z.string(),
  scenario: z.strictObject({ file: z.string(), sha256: z.string(), name: z.string(), sets: z.array(z.string()), years: z.number().int() }),
  sourceHash: z.string(),
  lang: z.enum(LANGS),
  host: z.string(),
  port: z.number().int().min(0).max(65535),
  teacherToken: z.string().min(16),
  joinCode: z.string().min(4),
  /** Years simulated under the status quo before the session begins (shared by every group). */
  warmupYears: z.number().int().min(0),
  settings: settingsSchema,
  participants: z.array(participantSchema),
  rounds: z.array(roundSchema),
  ended: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

/** What a change needs from outside: the time, and fresh secrets. */
export interface Env {
  now: string;
  secret: () => string;
}

export type Result = { ok: true; session: Session } | { ok: false; reason: string };
const ok = (session: Session): Result => ({ ok: true, session });
const refuse = (reason: string) => ({ ok: false as const, reason });

export const teamNumbers = (s: Session) => Array.from({ length: s.settings.groups }, (_, i) => i + 1);
export const openRound = (s: Session): Round | undefined => s.rounds.find((r) => r.status === 'open');
export const lastRound = (s: Session): Round | undefined => s.rounds[s.rounds.length - 1];
export const sessionStartMonth = (s: Session) => 12 * s.warmupYears;
/** Months simulated so far, once every round has run. */
export const monthsPlanned = (s: Session) => sessionStartMonth(s) + s.rounds.reduce((a, r) => a + 12 * r.years, 0);
export const yearsLeft = (s: Session) => s.scenario.years - monthsPlanned(s) / 12;

export function teamName(s: Session, team: number, lang: Lang): string {
  if (s.settings.mode === 'role') return lang === 'zh' ? `第 ${team} 桌` : `Table ${team}`;
  return lang === 'zh' ? `第 ${team} 组` : `Group ${team}`;
}

export interface NewSession {
  created: string;
  scenario: Session['scenario'];
  sourceHash: string;
  lang: Lang;
  host: string;
  port: number;
  teacherToken: string;
  joinCode: string;
  warmupYears: number;
  budget: number;
  firstSeed: number;
}

export const DEFAULT_SETTINGS = { mode: 'package', groups: 4, seeds: 10, years: 3 } as const;

export function createSession(n: NewSession): Session {
  return {
    format: SESSION_FORMAT,
    formatVersion: 1,
    created: n.created,
    scenario: n.scenario,
    sourceHash: n.sourceHash,
    lang: n.lang,
    host: n.host,
    port: n.port,
    teacherToken: n.teacherToken,
    joinCode: n.joinCode,
    warmupYears: n.warmupYears,
    settings: { ...DEFAULT_SETTINGS, firstSeed: n.firstSeed, weights: { ...DEFAULT_WEIGHTS }, budget: n.budget },
    participants: [],
    rounds: [],
    ended: false,
  };
}

// ── The teacher's actions ─────────────────────────────────────────────────

export type SettingsChange = Partial<Omit<Settings, 'firstSeed'>>;

/**
 * Change settings. The mode, the number of groups and the seeds are fixed once the first round
 * has started (every group's world is continued with the same seeds); the years apply to the
 * next round; the weights and the budget can change at any time (the budget binds packages
 * submitted from then on).
 */
export function configure(s: Session, change: SettingsChange): Result {
  if (s.ended) return refuse('the session has ended');
  const started = s.rounds.length > 0;
  for (const key of ['mode', 'groups', 'seeds'] as const) {
    if (change[key] !== undefined && change[key] !== s.settings[key] && started) return refuse(`the ${key === 'groups' ? 'number of groups' : key === 'seeds' ? 'number of seeds' : 'mode'} is fixed once the first round has started`);
  }
  if (change.years !== undefined && change.years !== s.settings.years) {
    if (openRound(s)) return refuse('the years apply to the next round: close this round first');
    if (change.years > yearsLeft(s)) return refuse(`the scenario has ${yearsLeft(s)} year(s) left to simulate; choose at most that`);
  }
  const settings = { ...s.settings, ...change, weights: { ...s.settings.weights, ...change.weights } };
  const participants = change.groups !== undefined || change.mode !== undefined ? s.participants.filter((p) => p.team <= settings.groups && (settings.mode === 'role') === (p.role !== null)) : s.participants;
  return ok({ ...s, settings, participants });
}

/** Open the next round. `previousDone`: whether every run of the round before has finished. */
export function startRound(s: Session, previousDone: boolean): Result {
  if (s.ended) return refuse('the session has ended');
  if (openRound(s)) return refuse(`round ${openRound(s)!.number} is still open: close it first`);
  if (!previousDone) return refuse(`round ${lastRound(s)!.number} is still running: wait until every group's runs are on the board`);
  if (s.settings.years > yearsLeft(s)) return refuse(`the scenario has ${yearsLeft(s)} year(s) left to simulate; lower the years per round${yearsLeft(s) === 0 ? ' — or end the session' : ''}`);
  const teams: Record<string, TeamRound> = {};
  for (const t of teamNumbers(s)) teams[t] = { submitted: null, draft: null, agreed: [] };
  const round: Round = { number: s.rounds.length + 1, years: s.settings.years, startMonth: monthsPlanned(s), status: 'open', teams };
  return ok({ ...s, rounds: [...s.rounds, round] });
}

/** Close the open round: packages are final; a group that submitted none keeps its last one. */
export function closeRound(s: Session): Result {
  const round = openRound(s);
  if (!round) return refuse('no round is open');
  return ok({ ...s, rounds: s.rounds.map((r) => (r === round ? { ...r, status: 'closed' as const } : r)) });
}

export function endSession(s: Session): Result {
  if (s.ended) return refuse('the session has already ended');
  const closed = closeRound(s);
  return ok({ ...(closed.ok ? closed.session : s), ended: true });
}

// ── The participants' actions ─────────────────────────────────────────────

export function join(s: Session, env: Env, name: string, team: number, role: RoleId | null): { ok: true; session: Session; participant: Participant } | { ok: false; reason: string } {
  if (s.ended) return refuse('the session has ended');
  const cleaned = name.trim();
  if (cleaned.length === 0) return refuse('give your name');
  if (!teamNumbers(s).includes(team)) return refuse(`there is no ${s.settings.mode === 'role' ? 'table' : 'group'} ${team}: choose 1 to ${s.settings.groups}`);
  if (s.settings.mode === 'role' && role === null) return refuse('choose a role: this session is in role mode');
  if (s.settings.mode === 'package' && role !== null) return refuse('this session is in package mode: groups have no roles');
  const participant: Participant = { id: env.secret().slice(0, 12), secret: env.secret(), name: cleaned, team, role, joined: env.now };
  return { ok: true, session: { ...s, participants: [...s.participants, participant] }, participant };
}

/** A participant may act only for their own team, in an open round, in the session's mode. */
function teamRoundFor(s: Session, p: Participant, team: number, mode: Mode): { round: Round; current: TeamRound } | string {
  if (s.ended) return 'the session has ended';
  if (s.settings.mode !== mode) return mode === 'package' ? 'this session is in role mode: propose a package and agree to it' : 'this session is in package mode: submit your package';
  const what = s.settings.mode === 'role' ? 'table' : 'group';
  if (p.team !== team) return `you are in ${what} ${p.team}: you can change only ${what} ${p.team}'s package`;
  const round = openRound(s);
  if (!round) return s.rounds.length === 0 ? 'the first round has not started yet: wait for the teacher' : 'the round is closed: wait for the teacher to start the next one';
  return { round, current: round.teams[team] };
}

function withTeam(s: Session, round: Round, team: number, next: TeamRound): Session {
  return { ...s, rounds: s.rounds.map((r) => (r === round ? { ...r, teams: { ...r.teams, [team]: next } } : r)) };
}

/** Package mode: the group's package for the round (it may submit again until the round closes). */
export function submit(s: Session, env: Env, p: Participant, team: number, values: PackageValues): Result {
  const found = teamRoundFor(s, p, team, 'package');
  if (typeof found === 'string') return refuse(found);
  return ok(withTeam(s, found.round, team, { ...found.current, submitted: { values, at: env.now, by: p.id } }));
}

/** Role mode: a new draft for the table; the role proposing it agrees to it, the others must again. */
export function propose(s: Session, env: Env, p: Participant, team: number, values: PackageValues): Result {
  const found = teamRoundFor(s, p, team, 'role');
  if (typeof found === 'string') return refuse(found);
  const version = (found.current.draft?.version ?? 0) + 1;
  return ok(withTeam(s, found.round, team, { ...found.current, draft: { values, at: env.now, by: p.id, version }, agreed: [p.role!] }));
}

/** Role mode: agree to version `version` of the draft; when all four roles have, it passes. */
export function agree(s: Session, env: Env, p: Participant, team: number, version: number): Result {
  const found = teamRoundFor(s, p, team, 'role');
  if (typeof found === 'string') return refuse(found);
  const draft = found.current.draft;
  if (!draft) return refuse('there is no draft to agree to yet: propose one');
  if (draft.version !== version) return refuse(`the draft has changed (now version ${draft.version}); read it again before agreeing`);
  const agreed = ROLE_IDS.filter((r) => r === p.role || found.current.agreed.includes(r));
  const passed = agreed.length === ROLE_IDS.length;
  return ok(withTeam(s, found.round, team, { ...found.current, agreed, submitted: passed ? { values: draft.values, at: env.now, by: 'all roles' } : found.current.submitted }));
}

// ── Reading a session ─────────────────────────────────────────────────────

/**
 * The package team `team` has in effect in round `number`: what it submitted (or agreed to);
 * once the round is closed, failing that, its package of the round before, and in the first
 * round the status quo (`baseline`). Null while the round is open and nothing is submitted.
 */
export function effectivePackage(s: Session, team: number, number: number, baseline: PackageValues): PackageValues | null {
  const round = s.rounds[number - 1];
  if (!round) return null;
  const submitted = round.teams[team]?.submitted?.values;
  if (submitted) return submitted;
  if (round.status === 'open') return null;
  return number === 1 ? baseline : effectivePackage(s, team, number - 1, baseline);
}

/** What a team's editor starts from in the open round: its draft or submission, else its last package. */
export function currentPackage(s: Session, team: number, baseline: PackageValues): PackageValues {
  const round = lastRound(s);
  if (!round) return baseline;
  const t = round.teams[team];
  const own = t?.draft?.values ?? t?.submitted?.values;
  if (own) return own;
  return round.number === 1 ? baseline : (effectivePackage(s, team, round.number - 1, baseline) ?? baseline);
}
