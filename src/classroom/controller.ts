/**
 * The running session: its state, the finished runs, the worker pool, and the clients to keep
 * informed. Every client message goes through `handle`: who may send it is checked, the pure
 * change (session.ts) applied, the session saved before the sender hears "ok", the runs the
 * session now needs handed to the runner, and every client sent its view — coalesced, so a
 * burst of changes or finished runs becomes one update. Transport-agnostic: the server
 * (server.ts) turns connections into `Client`s.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { parseScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Lang } from '../report/i18n.ts';
import type { Records } from './board.ts';
import { packageCost, defaultBudget } from './cost.ts';
import type { RoundJob, RunRecord } from './job.ts';
import { baselineValues, discoverLevers, mergePackage, type Lever, type PackageValues } from './levers.ts';
import type { Message } from './messages.ts';
import { jobsOf, planWorlds, seedsOf, type Plan } from './plan.ts';
import { Runner } from './runner.ts';
import { Saver } from './saver.ts';
import * as act from './session.ts';
import type { Participant, Session } from './session.ts';
import { collectGarbage, forgetRun, lockDataDir, prepareDataDir, readRecords, removeTemporaryFiles, runId, SCENARIO_FILE, SESSION_FILE, writeAtomically } from './store.ts';
import { boardOf, publicView, teacherView, teamView, welcome, type ViewInput } from './views.ts';

export interface Client {
  kind: 'teacher' | 'participant' | 'viewer';
  participant: Participant | null;
  send(text: string): void;
  /** The last views sent, so that unchanged ones are not sent again. */
  sent: { public?: string; private?: string };
}

export interface OpenOptions {
  scenarioFile: string;
  scenarioText: string;
  sets: string[];
  dataDir: string;
  sourceHash: string;
  threads: number;
  /** Where to listen, and the pages' language: a session continued keeps its own unless these are given. */
  lang?: Lang;
  host?: string;
  port?: number;
  defaults: { host: string; port: number };
  /** For a new session. */
  warmupYears?: number;
  /** Notes for the operator (stderr). */
  log: (line: string) => void;
}

/** Join codes: unambiguous letters and digits (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 5 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
const newSecret = () => randomBytes(16).toString('hex');

/** What the teacher's messages do, for refusing them to anyone else. */
const TEACHER_ACTIONS = { configure: 'change the settings', startRound: 'start a round', closeRound: 'close a round', endSession: 'end the session', export: 'export the debrief' } as const;

/** A broadcast gathers the changes of this many milliseconds. */
const COALESCE_MS = 25;

export class SessionController {
  private records = new Map<string, RunRecord>();
  private readonly failures = new Map<string, string>();
  private readonly clients = new Set<Client>();
  private plan!: Plan;
  private jobs: RoundJob[] = [];
  private runner!: Runner;
  private broadcastTimer: NodeJS.Timeout | null = null;
  private welcomeText = '';
  private readonly saver = new Saver(
    () => writeAtomically(join(this.options.dataDir, SESSION_FILE), `${JSON.stringify(this.session, null, 1)}\n`, true),
    (err) => this.options.log(`error: could not save the session: ${(err as Error).message}`),
  );
  /** Set by the server once it listens. */
  urls = { teacher: '', join: '', board: '' };
  qrSvg = '';
  exports: string[] = [];
  /** Runs finished since the session opened, with their wall time (for the load test and the log). */
  readonly timings: { id: string; wallMs: number; at: number }[] = [];

  private constructor(
    public session: Session,
    readonly base: Scenario,
    readonly levers: Lever[],
    readonly baseline: PackageValues,
    readonly options: OpenOptions,
    private readonly unlock: () => Promise<void>,
  ) {}

  /** Open the session in `dataDir`: restore it if there is one, else create it. */
  static async open(o: OpenOptions): Promise<SessionController> {
    const base = parseScenarioText(o.scenarioText, o.scenarioFile, o.sets);
    const levers = discoverLevers(base);
    const baseline = baselineValues(base, levers);
    await prepareDataDir(o.dataDir);
    const unlock = await lockDataDir(o.dataDir);
    try {
      return await SessionController.openLocked(o, base, levers, baseline, unlock);
    } catch (err) {
      await unlock();
      throw err;
    }
  }

  private static async openLocked(o: OpenOptions, base: Scenario, levers: Lever[], baseline: PackageValues, unlock: () => Promise<void>): Promise<SessionController> {
    const sha256 = createHash('sha256').update(o.scenarioText).digest('hex');
    const path = join(o.dataDir, SESSION_FILE);
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new GovbuyError('FILE_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`);
    }
    let session: Session;
    if (text !== null) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
      const parsed = act.sessionSchema.safeParse(data);
      if (!parsed.success) throw new GovbuyError('RESULTS_INVALID', `${path} is not a classroom session this govbuy can read; choose another --data folder`);
      session = parsed.data;
      if (session.scenario.sha256 !== sha256 || JSON.stringify(session.scenario.sets) !== JSON.stringify(o.sets))
        throw new GovbuyError('OUTPUT_EXISTS', `${o.dataDir} holds a session of ${session.scenario.name} (${session.scenario.file}${session.scenario.sets.length ? ` with --set ${session.scenario.sets.join(' --set ')}` : ''}); the scenario given differs`, [
          `continue it with the same scenario file and --set options, or choose another --data folder for a new session`,
        ]);
      if (session.sourceHash !== o.sourceHash)
        throw new GovbuyError('CHECKPOINT_INVALID', `${o.dataDir} holds a session run by other code (govbuy changed since); its worlds cannot be continued`, [
          'finish it with the govbuy it was started with, or choose another --data folder for a new session',
        ]);
      session = { ...session, host: o.host ?? session.host, port: o.port ?? session.port, lang: o.lang ?? session.lang };
    } else {
      const warmupYears = o.warmupYears ?? 0;
      if (warmupYears >= base.years) throw new GovbuyError('SET_INVALID', `--warmup ${warmupYears} leaves no year of the scenario's ${base.years} for the session`);
      session = act.createSession({
        created: new Date().toISOString(),
        scenario: { file: o.scenarioFile, sha256, name: base.name, sets: o.sets, years: base.years },
        sourceHash: o.sourceHash,
        lang: o.lang ?? 'en',
        host: o.host ?? o.defaults.host,
        port: o.port ?? o.defaults.port,
        teacherToken: newSecret(),
        joinCode: newCode(),
        warmupYears,
        budget: defaultBudget(base, baseline),
        firstSeed: base.seed,
      });
      session.settings.years = Math.min(session.settings.years, session.scenario.years - warmupYears);
      await writeAtomically(join(o.dataDir, SCENARIO_FILE), o.scenarioText, true);
    }
    const c = new SessionController(session, base, levers, baseline, o, unlock);
    await removeTemporaryFiles(o.dataDir);
    for (const r of await readRecords(o.dataDir)) c.records.set(runId(r.key, r.seed), r);
    c.welcomeText = JSON.stringify(welcome(session, base, levers, baseline));
    c.runner = new Runner(o.threads, { scenarioText: o.scenarioText, fileName: o.scenarioFile, sets: o.sets, dataDir: o.dataDir, sourceHash: o.sourceHash }, {
      finished: (record, wallMs) => c.finished(record, wallMs),
      failed: (job, message) => c.failed(job, message),
    });
    try {
      await c.save();
      c.replan();
      await c.collectGarbage();
    } catch (err) {
      await c.runner.close();
      throw err;
    }
    return c;
  }

  /** The port to listen on was chosen (0 → a free one): remember it, so a restart uses the same URLs. */
  async listening(port: number, urls: SessionController['urls'], qrSvg: string): Promise<void> {
    this.urls = urls;
    this.qrSvg = qrSvg;
    if (port !== this.session.port) {
      this.session = { ...this.session, port };
      await this.save();
    }
  }

  participantFor(id: string, secret: string): Participant | null {
    const p = this.session.participants.find((x) => x.id === id);
    return p && p.secret.length === secret.length && timingSafeEqual(Buffer.from(p.secret), Buffer.from(secret)) ? p : null;
  }

  // ── Clients ─────────────────────────────────────────────────────────────

  connect(client: Client): void {
    this.clients.add(client);
    client.send(this.welcomeText);
    this.sendSavedViews(() => (this.clients.has(client) ? [client] : []));
  }

  disconnect(client: Client): void {
    this.clients.delete(client);
  }

  private reply(client: Client, ref: number | undefined, body: Record<string, unknown>): void {
    client.send(JSON.stringify({ ...body, ...(ref !== undefined ? { ref } : {}) }));
  }

  refuse(client: Client, ref: number | undefined, reason: string): void {
    this.reply(client, ref, { type: 'error', reason });
  }

  /** Act on one validated message. */
  async handle(client: Client, m: Message): Promise<void> {
    if (m.type === 'ping') return this.reply(client, m.ref, { type: 'pong', at: Date.now() });
    const env: act.Env = { now: new Date().toISOString(), secret: newSecret };
    const teacherOnly = TEACHER_ACTIONS[m.type as keyof typeof TEACHER_ACTIONS];
    if (teacherOnly && client.kind !== 'teacher') return this.refuse(client, m.ref, `only the teacher can ${teacherOnly}`);
    let result: act.Result;
    switch (m.type) {
      case 'configure':
        result = act.configure(this.session, m.settings as act.SettingsChange);
        break;
      case 'startRound':
        result = act.startRound(this.session, this.roundFinished());
        break;
      case 'closeRound':
        result = act.closeRound(this.session);
        break;
      case 'endSession':
        result = act.endSession(this.session);
        break;
      case 'export':
        return this.exportDebrief(client, m.ref);
      case 'join': {
        if (client.kind === 'teacher') return this.refuse(client, m.ref, 'the teacher does not join a group');
        if (client.participant) return this.refuse(client, m.ref, `you have already joined ${act.teamName(this.session, client.participant.team, 'en')}`);
        const joined = act.join(this.session, env, m.name, m.team, m.role ?? null);
        if (!joined.ok) return this.refuse(client, m.ref, joined.reason);
        await this.commit(joined.session);
        client.kind = 'participant';
        client.participant = joined.participant;
        this.reply(client, m.ref, { type: 'joined', id: joined.participant.id, secret: joined.participant.secret, team: joined.participant.team, role: joined.participant.role });
        this.sendViews([client]);
        return;
      }
      case 'submit':
      case 'propose':
      case 'agree': {
        if (!client.participant) return this.refuse(client, m.ref, client.kind === 'teacher' ? 'the teacher has no package: groups submit theirs' : 'join a group first');
        const p = this.session.participants.find((x) => x.id === client.participant!.id);
        if (!p) {
          // The teacher changed the groups or the mode before the first round: join again.
          client.participant = null;
          client.kind = 'viewer';
          client.send(JSON.stringify({ type: 'forgotten' }));
          return this.refuse(client, m.ref, 'the teacher changed the groups: join again');
        }
        if (m.type === 'agree') result = act.agree(this.session, env, p, m.team, m.version);
        else {
          const values = mergePackage(this.levers, act.currentPackage(this.session, m.team, this.baseline), m.values as Partial<PackageValues>);
          const cost = packageCost(this.base, values).total;
          const budget = this.session.settings.budget;
          if (p.team === m.team && cost > budget + 1e-6) return this.refuse(client, m.ref, `over budget: this package costs about ¥${Math.round(cost).toLocaleString('en')} a year and the budget is ¥${Math.round(budget).toLocaleString('en')}; spend less on something`);
          result = m.type === 'submit' ? act.submit(this.session, env, p, m.team, values) : act.propose(this.session, env, p, m.team, values);
        }
        break;
      }
    }
    if (!result.ok) return this.refuse(client, m.ref, result.reason);
    const startsRound = m.type === 'startRound';
    await this.commit(result.session);
    this.reply(client, m.ref, { type: 'ok' });
    if (startsRound) await this.collectGarbage();
  }

  /** Take a changed session: save it (the caller's "ok" waits for that), plan its runs, tell everyone (once it is saved). */
  private async commit(next: Session): Promise<void> {
    this.session = next;
    this.replan();
    this.scheduleBroadcast();
    await this.save();
  }

  /** Save the session as it is now; resolves once a save that includes this state is on disk. */
  save(): Promise<void> {
    return this.saver.save();
  }

  // ── Runs ────────────────────────────────────────────────────────────────

  private isDone = (id: string) => this.records.has(id) || this.failures.has(id);

  private replan(): void {
    this.plan = planWorlds(this.session, this.baseline);
    const seeds = seedsOf(this.session);
    this.jobs = jobsOf(this.plan, seeds);
    // A world whose parent failed cannot run: it fails too, saying why.
    for (const j of this.jobs) {
      const parentFailure = j.parent !== null ? this.failures.get(runId(j.parent, j.seed)) : undefined;
      if (parentFailure !== undefined && !this.isDone(runId(j.key, j.seed))) this.failures.set(runId(j.key, j.seed), `the round before failed: ${parentFailure}`);
    }
    this.runner.want(this.jobs, this.isDone);
  }

  /** Whether every world of the last round has all its runs (finished or failed). */
  roundFinished(): boolean {
    const last = this.plan.rounds[this.plan.rounds.length - 1];
    if (!last) return true;
    const seeds = seedsOf(this.session);
    return last.filter((w) => w.kind === 'effective').every((w) => seeds.every((seed) => this.isDone(runId(w.key, seed))));
  }

  private finished(record: RunRecord, wallMs: number): void {
    const id = runId(record.key, record.seed);
    this.records.set(id, record);
    this.timings.push({ id, wallMs, at: Date.now() });
    this.scheduleBroadcast();
  }

  private failed(job: RoundJob, message: string): void {
    if (/world this run continues is not on disk/.test(message) && job.parent !== null) {
      // Its parent's checkpoint is gone: run the parent again (runs are reproducible), then this.
      this.options.log(`note: ${message}; running the round before again`);
      this.records.delete(runId(job.parent, job.seed));
      void forgetRun(this.options.dataDir, job.parent, job.seed).then(() => this.replan());
      return;
    }
    this.options.log(`error: run ${runId(job.key, job.seed)} (round ${job.round}) failed: ${message}`);
    this.failures.set(runId(job.key, job.seed), message);
    this.replan();
    this.scheduleBroadcast();
  }

  /**
   * Remove the checkpoints no run can need: kept are the worlds of the last round (the next
   * round continues them; while it is open, drafts and earlier submissions too) and the
   * effective worlds of the round before (the last round's runs continue them until they have
   * all finished) — or the warm-up, when that is the round before.
   */
  private async collectGarbage(): Promise<void> {
    const keep = new Set<string>();
    const seeds = seedsOf(this.session);
    const add = (key: string) => seeds.forEach((seed) => keep.add(runId(key, seed)));
    const rounds = this.plan.rounds;
    for (const w of rounds[rounds.length - 1] ?? []) add(w.key);
    for (const w of rounds[rounds.length - 2] ?? []) if (w.kind === 'effective') add(w.key);
    if (this.plan.warmup && rounds.length <= 1) add(this.plan.warmup.key);
    const removed = await collectGarbage(this.options.dataDir, keep);
    if (removed > 0) this.options.log(`note: removed ${removed} checkpoint(s) no round needs any more`);
  }

  // ── Views ───────────────────────────────────────────────────────────────

  private viewInput(): ViewInput {
    return { session: this.session, base: this.base, baseline: this.baseline, plan: this.plan, records: this.records as Records, failures: this.failures, seeds: seedsOf(this.session), pending: this.runner.pending };
  }

  private scheduleBroadcast(): void {
    this.broadcastTimer ??= setTimeout(() => {
      this.broadcastTimer = null;
      this.sendSavedViews(() => [...this.clients]);
    }, COALESCE_MS);
  }

  /**
   * Send views once no save of the session is being written, so that a page shows only a session
   * that is on disk: a teacher who saw a round closed finds it closed after a kill and a restart.
   * (A save can outlast the broadcast delay, e.g. an fsync on a busy disk; a run finishing
   * meanwhile would otherwise show the unsaved change.)
   */
  private sendSavedViews(clients: () => readonly Client[]): void {
    if (this.saver.busy) void this.saver.idle().then(() => this.sendSavedViews(clients));
    else this.sendViews(clients());
  }

  private sendViews(clients: readonly Client[]): void {
    if (clients.length === 0) return;
    const input = this.viewInput();
    const publicText = JSON.stringify(publicView(input, boardOf(input)));
    const teamTexts = new Map<string, string>();
    let teacherText: string | undefined;
    for (const c of clients) {
      if (c.sent.public !== publicText) {
        c.send(publicText);
        c.sent.public = publicText;
      }
      let own: string | undefined;
      if (c.kind === 'teacher') own = teacherText ??= JSON.stringify(teacherView(input, this.urls, this.qrSvg, this.options.dataDir, this.exports));
      else if (c.participant) {
        const p = this.session.participants.find((x) => x.id === c.participant!.id);
        if (p) {
          if (!teamTexts.has(p.id)) teamTexts.set(p.id, JSON.stringify(teamView(input, p)));
          own = teamTexts.get(p.id);
        } else {
          // Dropped when the teacher changed the groups or the mode: the page starts over.
          c.participant = null;
          c.kind = 'viewer';
          c.send(JSON.stringify({ type: 'forgotten' }));
        }
      }
      if (own !== undefined && c.sent.private !== own) {
        c.send(own);
        c.sent.private = own;
      }
    }
  }

  /** Tell every client now (tests and the load script wait for quiet). */
  flush(): void {
    if (this.broadcastTimer) clearTimeout(this.broadcastTimer);
    this.broadcastTimer = null;
    this.sendViews([...this.clients]);
  }

  // ── Debrief ─────────────────────────────────────────────────────────────

  private exporting: Promise<void> | null = null;

  private async exportDebrief(client: Client, ref: number | undefined): Promise<void> {
    if (this.exporting) return this.refuse(client, ref, 'the debrief is being written: wait a moment');
    const input = this.viewInput();
    this.exporting = (async () => {
      const { writeDebrief } = await import('./debrief.ts');
      this.exports = await writeDebrief(this.options.dataDir, { ...input, board: boardOf(input), levers: this.levers });
    })();
    try {
      await this.exporting;
      this.reply(client, ref, { type: 'exported', files: this.exports });
      this.scheduleBroadcast();
    } catch (err) {
      this.refuse(client, ref, `the debrief could not be written: ${(err as Error).message}`);
    } finally {
      this.exporting = null;
    }
  }

  get runsPending(): number {
    return this.runner.pending;
  }

  async close(): Promise<void> {
    if (this.broadcastTimer) clearTimeout(this.broadcastTimer);
    await this.runner.close();
    await this.saver.idle();
    await this.unlock();
  }
}

