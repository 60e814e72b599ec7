/**
 * The session as data: who may change what and when (package and role mode), which worlds the
 * rounds simulate (shared when histories are equal, continued round after round), how the board
 * scores and ranks them, and per-client throttling.
 */
import { describe, expect, it } from 'vitest';
import { buildBoard, ranks, scores } from '../../src/classroom/board.ts';
import { DEFAULT_WEIGHTS } from '../../src/classroom/criteria.ts';
import type { RunRecord } from '../../src/classroom/job.ts';
import { jobsOf, planWorlds, STATUS_QUO } from '../../src/classroom/plan.ts';
import * as act from '../../src/classroom/session.ts';
import type { Session } from '../../src/classroom/session.ts';
import { runId } from '../../src/classroom/store.ts';
import { TokenBucket } from '../../src/classroom/throttle.ts';

const baseline = { 'policies.payments.advanceShare': 0.3, 'policies.incubator.enabled': false };
let counter = 0;
const env: act.Env = { now: '2025-01-01T00:00:00Z', secret: () => `secret${++counter}`.padEnd(24, '0') };

function session(mode: act.Mode = 'package', groups = 2): Session {
  const s = act.createSession({
    created: env.now,
    scenario: { file: 's.yaml', sha256: 'abc', name: 'Place', sets: [], years: 20 },
    sourceHash: 'code',
    lang: 'en',
    host: '127.0.0.1',
    port: 8080,
    teacherToken: 'token'.repeat(4),
    joinCode: 'ABCDE',
    warmupYears: 0,
    budget: 1e6,
    firstSeed: 1,
  });
  const r = act.configure(s, { mode, groups, seeds: 3, years: 2 });
  if (!r.ok) throw new Error(r.reason);
  return r.session;
}

function must<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error((r as unknown as { reason: string }).reason);
  return r as Extract<T, { ok: true }>;
}

function joined(s: Session, name: string, team: number, role: act.Participant['role'] = null) {
  const j = must(act.join(s, env, name, team, role));
  return { s: j.session, p: j.participant };
}

describe('package mode', () => {
  it('lets a group submit only its own package, only while a round is open', () => {
    let { s, p: ann } = joined(session(), 'Ann', 1);
    expect(act.submit(s, env, ann, 1, baseline)).toEqual({ ok: false, reason: 'the first round has not started yet: wait for the teacher' });
    s = must(act.startRound(s, true)).session;
    expect(act.submit(s, env, ann, 2, baseline)).toEqual({ ok: false, reason: "you are in group 1: you can change only group 1's package" });
    s = must(act.submit(s, env, ann, 1, { ...baseline, 'policies.incubator.enabled': true })).session;
    expect(act.effectivePackage(s, 1, 1, baseline)).toEqual({ ...baseline, 'policies.incubator.enabled': true });
    expect(act.effectivePackage(s, 2, 1, baseline)).toBeNull(); // still waiting
    s = must(act.closeRound(s)).session;
    expect(act.effectivePackage(s, 2, 1, baseline)).toEqual(baseline); // nothing submitted: the status quo
    expect(act.submit(s, env, ann, 1, baseline)).toMatchObject({ ok: false, reason: expect.stringMatching(/round is closed/) });
  });

  it('keeps a group’s package into the next round unless it submits another', () => {
    let { s, p } = joined(session(), 'Ann', 1);
    s = must(act.startRound(s, true)).session;
    const mine = { ...baseline, 'policies.payments.advanceShare': 0.8 };
    s = must(act.submit(s, env, p, 1, mine)).session;
    s = must(act.closeRound(s)).session;
    expect(act.startRound(s, false)).toMatchObject({ ok: false, reason: expect.stringMatching(/still running/) });
    s = must(act.startRound(s, true)).session;
    expect(act.currentPackage(s, 1, baseline)).toEqual(mine);
    s = must(act.closeRound(s)).session;
    expect(act.effectivePackage(s, 1, 2, baseline)).toEqual(mine);
  });

  it('fixes the mode, groups and seeds once a round has started, and the years within the scenario', () => {
    let s = session();
    s = must(act.startRound(s, true)).session;
    expect(act.configure(s, { groups: 5 })).toMatchObject({ ok: false, reason: 'the number of groups is fixed once the first round has started' });
    expect(act.configure(s, { weights: { ...DEFAULT_WEIGHTS, cost: 5 } }).ok).toBe(true);
    expect(act.configure(s, { years: 3 })).toMatchObject({ ok: false, reason: expect.stringMatching(/close this round first/) });
    s = must(act.closeRound(s)).session;
    expect(act.configure(s, { years: 10 }).ok).toBe(true);
    const short = { ...s, scenario: { ...s.scenario, years: 3 } };
    expect(act.configure(short, { years: 3 })).toMatchObject({ ok: false, reason: 'the scenario has 1 year(s) left to simulate; choose at most that' });
  });
});

describe('role mode', () => {
  it('passes a table’s package only when all four roles agree to the same draft', () => {
    let s = session('role', 1);
    expect(act.join(s, env, 'Ann', 1, null)).toEqual({ ok: false, reason: 'choose a role: this session is in role mode' });
    const people = (['official', 'organization', 'committee', 'resident'] as const).map((role, i) => {
      const j = joined(s, `P${i}`, 1, role);
      s = j.s;
      return j.p;
    });
    s = must(act.startRound(s, true)).session;
    expect(act.submit(s, env, people[0], 1, baseline)).toMatchObject({ ok: false, reason: expect.stringMatching(/role mode/) });
    s = must(act.propose(s, env, people[0], 1, { ...baseline, 'policies.incubator.enabled': true })).session;
    s = must(act.agree(s, env, people[1], 1, 1)).session;
    // The committee director proposes something else: agreement starts over.
    s = must(act.propose(s, env, people[2], 1, baseline)).session;
    expect(s.rounds[0].teams[1]).toMatchObject({ agreed: ['committee'], draft: { version: 2 }, submitted: null });
    expect(act.agree(s, env, people[0], 1, 1)).toMatchObject({ ok: false, reason: expect.stringMatching(/draft has changed \(now version 2\)/) });
    for (const p of [people[0], people[1], people[3]]) s = must(act.agree(s, env, p, 1, 2)).session;
    expect(s.rounds[0].teams[1].submitted?.values).toEqual(baseline);
    expect(act.effectivePackage(s, 1, 1, baseline)).toEqual(baseline);
  });
});

describe('the worlds a session simulates', () => {
  function twoRounds() {
    let { s, p: ann } = joined(session('package', 3), 'Ann', 1);
    let bo: act.Participant;
    ({ s, p: bo } = joined(s, 'Bo', 2));
    s = must(act.startRound(s, true)).session;
    s = must(act.submit(s, env, ann, 1, { ...baseline, 'policies.incubator.enabled': true })).session;
    s = must(act.submit(s, env, bo, 2, baseline)).session;
    s = must(act.closeRound(s)).session;
    s = must(act.startRound(s, true)).session;
    s = must(act.submit(s, env, ann, 1, { ...baseline, 'policies.incubator.enabled': true, 'policies.payments.advanceShare': 0.9 })).session;
    return must(act.closeRound(s)).session;
  }

  it('share a world when histories are equal, and continue each world in the next round', () => {
    const plan = planWorlds(twoRounds(), baseline);
    const [r1, r2] = plan.rounds;
    const key = (round: typeof r1, arm: number) => round.find((w) => w.arm === arm)!.key;
    // Round 1: group 2 and the silent group 3 keep the status quo: one world for the three.
    expect(new Set([key(r1, STATUS_QUO), key(r1, 2), key(r1, 3)]).size).toBe(1);
    expect(key(r1, 1)).not.toBe(key(r1, STATUS_QUO));
    for (const w of r1) expect(w.parent).toBeNull();
    // Round 2 continues each arm's round-1 world; group 1 changes only the advance share.
    expect(r2.find((w) => w.arm === 1)).toMatchObject({ parent: key(r1, 1), edit: { 'policies.payments.advanceShare': 0.9 } });
    expect(r2.find((w) => w.arm === STATUS_QUO)).toMatchObject({ parent: key(r1, STATUS_QUO), edit: {} });
    const jobs = jobsOf(plan, [1, 2, 3]);
    // Distinct worlds × seeds: round 1 has 2 worlds, round 2 has 2 (status quo shared by groups 2 and 3).
    expect(jobs).toHaveLength(4 * 3);
    expect(jobs.findIndex((j) => j.round === 2)).toBe(jobs.filter((j) => j.round === 1).length); // parents first
  });

  it('start from a shared warm-up when there is one', () => {
    const s = { ...twoRounds(), warmupYears: 2 };
    const plan = planWorlds(s, baseline);
    expect(plan.warmup).toMatchObject({ parent: null, months: 24, edit: {} });
    for (const w of plan.rounds[0]) expect(w.parent).toBe(plan.warmup!.key);
  });
});

describe('the board', () => {
  it('scores each criterion 0–1 across the round (best 1) and ranks by the weighted mean', () => {
    const means = [
      { growth: 10, cost: 100 },
      { growth: 20, cost: 300 },
      { growth: 15, cost: 200 },
    ];
    expect(scores(means, { ...DEFAULT_WEIGHTS, survival: 0, resistance: 0, needsMet: 0 })).toEqual([0.5, 0.5, 0.5]);
    expect(scores(means, { ...DEFAULT_WEIGHTS, survival: 0, resistance: 0, needsMet: 0, cost: 0 })).toEqual([0, 1, 0.5]);
    expect(scores(means, { growth: 1, survival: 0, resistance: 0, needsMet: 0, cost: 3 })).toEqual([0.75, 0.25, 0.5]);
    expect(ranks([null, 0.2, 0.9, 0.2])).toEqual([null, 2, 1, 2]);
  });

  it('gives each group its mean and 95% interval over the seeds and its paired difference from the status quo', () => {
    let { s, p } = joined(session('package', 1), 'Ann', 1);
    s = must(act.startRound(s, true)).session;
    s = must(act.submit(s, env, p, 1, { ...baseline, 'policies.incubator.enabled': true })).session;
    const plan = planWorlds(s, baseline);
    const records = new Map<string, RunRecord>();
    const seeds = [1, 2, 3];
    const growth = { [STATUS_QUO]: [1, 5, 9], 1: [3, 7, 11.5] } as Record<number, number[]>;
    for (const w of plan.rounds[0])
      seeds.forEach((seed, i) => {
        const measures = { growth: growth[w.arm][i], survival: 0.5, resistance: 0.1, needsMet: 0.4, cost: 1000 };
        records.set(runId(w.key, seed), { key: w.key, seed, round: 1, startMonth: 0, months: 24, formalAtSessionStart: 3, measures, figures: {} as RunRecord['figures'], trajectory: {} });
      });
    const board = buildBoard({ plan, records, failures: new Map(), seeds, weights: DEFAULT_WEIGHTS, teams: [1], rounds: s.rounds, startYear: 2013 });
    const [sq, g1] = board.rounds[0].arms;
    expect(sq.arm).toBe(STATUS_QUO);
    expect(g1.outcomes.growth).toMatchObject({ mean: 7.5 - 1 / 3, n: 3 });
    // Paired differences 2, 2, 2.5: mean 2.167, sd 0.289, t(2) = 4.303 → ±0.717, clearly above 0
    // (two independent means, 5 ± 4 and 7.2 ± 4.3, would not be told apart).
    expect(g1.diff!.growth!.diff).toBeCloseTo(13 / 6, 10);
    expect(g1.diff!.growth!.lo).toBeCloseTo(13 / 6 - (4.302653 * Math.sqrt(1 / 12)) / Math.sqrt(3), 4);
    expect(g1.diff!.growth!.clear).toBe(true);
    expect(g1.diff!.cost).toMatchObject({ diff: 0, clear: false });
    expect([sq.rank, g1.rank]).toEqual([null, 1]);
    expect(board.rounds[0]).toMatchObject({ startYear: 2013, waiting: [], complete: false });
  });
});

describe('throttling', () => {
  it('lets a burst through, then refuses with one notice a second, and closes a flood', () => {
    const bucket = new TokenBucket({ burst: 5, perSecond: 10, closeAfter: 20, windowMs: 10_000 }, 0);
    const verdicts = Array.from({ length: 8 }, () => bucket.take(0));
    expect(verdicts).toEqual(['accept', 'accept', 'accept', 'accept', 'accept', 'refuse', 'refuseQuietly', 'refuseQuietly']);
    expect(bucket.take(100)).toBe('accept'); // one token back after 100 ms
    let last = '';
    for (let i = 0; i < 30; i++) last = bucket.take(200);
    expect(last).toBe('close');
  });
});
