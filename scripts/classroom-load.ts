/**
 * Load test of a live classroom session (issue 16): a class of 60 participants in 12 groups,
 * all submitting their package at once.
 *
 *   node --import tsx scripts/classroom-load.ts [--scenario FILE] [--groups 12] [--per-group 5]
 *                                               [--seeds 10] [--years 3] [--workers N] [--pause 3]
 *
 * It starts `govbuy classroom serve` in its own process (Xitun at full scale by default, a new
 * data folder under the system's temporary folder), connects the teacher and the participants
 * over WebSockets, and measures:
 *   - all on the board: from the moment every group submits to the moment every group's runs
 *     (seeds × groups, plus the status quo's) are on the board of a participant;
 *   - board updates while the runs go: the teacher changes the ranking's weights every 250 ms;
 *     the time until every one of the 60 participants has the board with the new weights;
 *   - ping round trips of one participant every 50 ms while the runs go.
 * Prints the figures and a JSON line; docs/performance.md records them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const scenario = arg('scenario', 'scenarios/chifeng-xitun.yaml');
const groups = Number(arg('groups', '12'));
const perGroup = Number(arg('per-group', '5'));
const seeds = Number(arg('seeds', '10'));
const years = Number(arg('years', '3'));
const workers = arg('workers', '');
/** Seconds between opening the round and the groups submitting (the status quo runs meanwhile). */
const pause = Number(arg('pause', '3'));

interface Message {
  type: string;
  ref?: number;
  [k: string]: unknown;
}

class Client {
  ws: WebSocket;
  last: Record<string, Message> = {};
  private ref = 1;
  private waits = new Map<number, (m: Message) => void>();
  onPublic: (m: Message, at: number) => void = () => undefined;
  opened: Promise<void>;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => {
      const at = performance.now();
      const m = JSON.parse(data.toString()) as Message;
      this.last[m.type] = m;
      if (m.type === 'public') this.onPublic(m, at);
      if (typeof m.ref === 'number') {
        this.waits.get(m.ref)?.(m);
        this.waits.delete(m.ref);
      }
    });
  }
  request(m: Record<string, unknown>): Promise<Message> {
    const ref = this.ref++;
    return new Promise((resolve) => {
      this.waits.set(ref, resolve);
      this.ws.send(JSON.stringify({ ...m, ref }));
    });
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x: number) => `${Math.round(x)} ms`;

/** Twelve different packages, all within the default budget. */
function packageOf(g: number): Record<string, unknown> {
  const list: Record<string, unknown>[] = [
    { 'policies.payments.advanceShare': 0.6, 'policies.payments.delayMonths': 1 },
    { 'policies.incubator.slots': 14 },
    { 'policies.evaluation.mode': 'thirdParty' },
    { 'policies.compensation.enabled': true, 'policies.compensation.share': 0.6 },
    { 'policies.transfer.perYear': 0.4 },
    { 'policies.contracts.lengthYears': 3 },
    { 'policies.payments.advanceShare': 1, 'policies.payments.delayMonths': 0 },
    { 'policies.publicity.enabled': true, 'policies.publicity.monthlyReach': 0.1 },
    { 'policies.training.enabled': true },
    { 'policies.transfer.perYear': 0.1 },
    { 'policies.compensation.enabled': true, 'policies.evaluation.mode': 'thirdParty' },
    { 'policies.payments.delayMonths': 6 },
  ];
  return list[(g - 1) % list.length];
}

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'govbuy-load-'));
  const server = spawn(process.execPath, ['bin/govbuy.js', 'classroom', 'serve', scenario, '--port', '0', '--data', data, ...(workers ? ['--workers', workers] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    const urls = await new Promise<string[]>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const found = out.split('\n').filter((l) => /^http:\/\/\S+$/.test(l));
        if (found.length === 2 && /Stop with Ctrl-C/.test(out)) resolve(found);
      });
    });
    const teacherUrl = new URL(urls[0]);
    const code = urls[1].split('/').pop()!;
    const ws = `ws://${teacherUrl.host}/ws`;
    const teacher = new Client(`${ws}?token=${teacherUrl.searchParams.get('token')}`);
    await teacher.opened;
    const configured = await teacher.request({ type: 'configure', settings: { groups, seeds, years } });
    if (configured.type !== 'ok') throw new Error(JSON.stringify(configured));

    const t0 = performance.now();
    const people: Client[] = [];
    for (let g = 1; g <= groups; g++) for (let k = 0; k < perGroup; k++) people.push(new Client(`${ws}?code=${code}`));
    await Promise.all(people.map((p) => p.opened));
    await Promise.all(people.map((p, i) => p.request({ type: 'join', name: `P${i + 1}`, team: 1 + Math.floor(i / perGroup) })));
    const joinMs = performance.now() - t0;
    await teacher.request({ type: 'startRound' });
    // The status quo of round 1 runs as soon as the round opens; let it, as a class would talk first.
    await new Promise((r) => setTimeout(r, 1000 * pause));

    // Board latency: the teacher changes the weights; each participant notes when it sees them,
    // and a change counts when the last of them has.
    const latencies: number[] = [];
    let probe: { weight: number; sent: number; seen: Set<Client>; complete: () => void } | null = null;
    for (const p of people)
      p.onPublic = (m, at) => {
        const settings = m.settings as { weights: { cost: number } };
        if (probe && settings.weights.cost === probe.weight && !probe.seen.has(p)) {
          probe.seen.add(p);
          if (probe.seen.size === people.length) {
            latencies.push(at - probe.sent);
            probe.complete();
          }
        }
      };
    const total = (groups + 1) * seeds;
    const submitted = performance.now();
    let allOnBoard = NaN;
    const board = () => people[0].last.public as unknown as { board: { rounds: { arms: { arm: number; done: number }[] }[] } } | undefined;
    const done = () => {
      const arms = board()?.board.rounds[0]?.arms ?? [];
      return arms.length === groups + 1 && arms.every((a) => a.done === seeds);
    };
    const replies = await Promise.all(Array.from({ length: groups }, (_, i) => people[i * perGroup].request({ type: 'submit', team: i + 1, values: packageOf(i + 1) })));
    const refused = replies.filter((r) => r.type !== 'ok');
    if (refused.length > 0) throw new Error(`submissions refused: ${JSON.stringify(refused)}`);
    const pings: number[] = [];
    let weight = 2;
    while (!done() && performance.now() - submitted < 120_000) {
      weight = weight === 2 ? 3 : 2;
      let complete = () => undefined as void;
      const seenByAll = new Promise<void>((resolve) => (complete = resolve));
      probe = { weight, sent: performance.now(), seen: new Set(), complete };
      await teacher.request({ type: 'configure', settings: { weights: { cost: weight } } });
      const late = await Promise.race([seenByAll.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5000))]);
      if (late) latencies.push(Infinity); // not seen by everyone within 5 s
      for (let i = 0; i < 3 && !done(); i++) {
        const sent = performance.now();
        await people[people.length - 1].request({ type: 'ping' });
        pings.push(performance.now() - sent);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    allOnBoard = performance.now() - submitted;
    if (!done()) throw new Error('not every group was on the board after 120 s');

    console.log(`${groups} groups × ${perGroup} participants, ${seeds} seeds × ${years} years of ${scenario}; ${total} runs; groups submitted ${pause} s after the round opened`);
    console.log(`joined in ${ms(joinMs)}`);
    console.log(`every group on the board ${ms(allOnBoard)} after they submitted`);
    console.log(`board updates seen by all ${people.length} participants while runs went: median ${ms(quantile(latencies, 0.5))}, 95th percentile ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))} (${latencies.length} changes)`);
    console.log(`ping round trips: median ${ms(quantile(pings, 0.5))}, 95th percentile ${ms(quantile(pings, 0.95))}, max ${ms(Math.max(...pings))} (${pings.length})`);
    console.log(JSON.stringify({ groups, perGroup, seeds, years, runs: total, allOnBoardMs: Math.round(allOnBoard), boardUpdateMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) }, pingMs: { p50: quantile(pings, 0.5), p95: quantile(pings, 0.95), max: Math.max(...pings) } }));
    for (const p of [teacher, ...people]) p.ws.terminate();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(data, { recursive: true, force: true });
  }
}

await main();
