/**
 * The session controller without a browser: the data folder is claimed by one server and kept
 * for one scenario, and a round whose parent checkpoint has gone is recomputed from its history.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SessionController, type Client } from '../../src/classroom/controller.ts';
import type { Message } from '../../src/classroom/messages.ts';
import { sourceHash } from '../../src/io/version.ts';
import { workerModule } from '../../src/io/workerModule.ts';
import { tempDir, XITUN } from '../cli/helpers.ts';

// Saving the session can be made slow, to see what the pages are told meanwhile.
const slowSave = vi.hoisted(() => ({ ms: 0 }));
vi.mock('../../src/classroom/store.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/classroom/store.ts')>();
  return {
    ...real,
    writeAtomically: async (...args: Parameters<typeof real.writeAtomically>) => {
      if (slowSave.ms > 0 && args[0].endsWith(real.SESSION_FILE)) await new Promise((r) => setTimeout(r, slowSave.ms));
      return real.writeAtomically(...args);
    },
  };
});

const logs: string[] = [];
let dir: string;
let cleanup: () => void;
const text = readFileSync(XITUN, 'utf8');
const options = (dataDir: string, scenarioText = text) => ({
  scenarioFile: XITUN,
  scenarioText,
  sets: ['region.population=3000'],
  dataDir,
  sourceHash: sourceHash(),
  threads: 1,
  port: 0,
  defaults: { host: '127.0.0.1', port: 0 },
  log: (line: string) => void logs.push(line),
});

beforeAll(() => ({ dir, cleanup } = tempDir('govbuy-controller-')));
afterAll(() => cleanup());

function client(kind: Client['kind']): Client & { replies: Record<string, unknown>[] } {
  const replies: Record<string, unknown>[] = [];
  return { kind, participant: null, sent: {}, replies, send: (t: string) => void replies.push(JSON.parse(t) as Record<string, unknown>) };
}

async function act(c: SessionController, who: Client & { replies: Record<string, unknown>[] }, m: Message): Promise<Record<string, unknown>> {
  const ref = 1000 + who.replies.length;
  await c.handle(who, { ...m, ref } as Message);
  return who.replies.find((r) => r.ref === ref)!;
}

async function settle(c: SessionController): Promise<void> {
  for (let i = 0; i < 600 && !(c.runsPending === 0 && c.roundFinished()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(c.runsPending).toBe(0);
}

describe('the classroom worker', () => {
  it('is bundled without depending on where the bundle lies (no import.meta)', () => {
    const m = workerModule('classroom/worker');
    expect(m.kind).toBe('bundle');
    expect(readFileSync(new URL(m.filename), 'utf8')).not.toContain('import.meta');
  });
});

describe('what the pages are shown', () => {
  it('is on disk first: a page never shows a change a kill of the server would take back', async () => {
    const data = join(dir, 'durable');
    const c = await SessionController.open(options(data));
    try {
      const teacher = client('teacher');
      // Each message as it arrives, with the session on disk at that moment.
      const seen: { message: Record<string, unknown>; disk: { rounds: { status: string }[] } }[] = [];
      const send = teacher.send;
      teacher.send = (text: string) => {
        send(text);
        seen.push({ message: JSON.parse(text), disk: JSON.parse(readFileSync(join(data, 'session.json'), 'utf8')) });
      };
      c.connect(teacher);
      expect(await act(c, teacher, { type: 'configure', settings: { groups: 1, seeds: 1, years: 1 } })).toMatchObject({ type: 'ok' });
      slowSave.ms = 300; // far beyond the 25 ms in which the pages are told of changes
      expect(await act(c, teacher, { type: 'startRound' })).toMatchObject({ type: 'ok' });
      slowSave.ms = 0;
      await new Promise((r) => setTimeout(r, 100));
      const shown = seen.find((s) => s.message.type === 'public' && (s.message.round as { status?: string } | null)?.status === 'open');
      expect(shown, 'a page was told the round is open').toBeDefined();
      expect(shown!.disk.rounds.at(-1)?.status).toBe('open');
    } finally {
      slowSave.ms = 0;
      await c.close();
    }
  });
});

describe('the session’s data folder', () => {
  it('is refused when it holds other files, when another server has it, and for another scenario', async () => {
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(SessionController.open(options(other))).rejects.toThrow(/holds other files and no classroom session/);
    expect(readdirSync(other)).toEqual(['notes.txt']);

    const data = join(dir, 'claimed');
    const first = await SessionController.open(options(data));
    await expect(SessionController.open(options(data))).rejects.toThrow(/another session of this process is using/);
    await first.close();
    // A lock left by a process that still runs (here: this test's parent) is respected…
    writeFileSync(join(data, 'server.lock'), `${process.ppid}\n`);
    await expect(SessionController.open(options(data))).rejects.toThrow(`another govbuy classroom server (process ${process.ppid}) is using`);
    // …one left by a process that is gone (killed) is taken over.
    writeFileSync(join(data, 'server.lock'), `${spawnSync(process.execPath, ['-e', '0']).pid}\n`);
    await expect(SessionController.open(options(data, `${text}\n# changed\n`))).rejects.toThrow(/holds a session of Chifeng Xitun street .* the scenario given differs/);
    const again = await SessionController.open(options(data));
    expect(again.session.teacherToken).toBe(first.session.teacherToken);
    await again.close();
  });
});

describe('a round whose parent checkpoint has gone', () => {
  it('runs the rounds before again (runs are reproducible) and then itself', async () => {
    const data = join(dir, 'repair');
    logs.length = 0;
    const c = await SessionController.open(options(data));
    try {
      const teacher = client('teacher');
      const student = client('viewer');
      c.connect(teacher);
      expect(await act(c, teacher, { type: 'configure', settings: { groups: 1, seeds: 2, years: 1 } })).toMatchObject({ type: 'ok' });
      expect(await act(c, student, { type: 'join', name: 'Ann', team: 1 })).toMatchObject({ type: 'joined' });
      await act(c, teacher, { type: 'startRound' });
      expect(await act(c, student, { type: 'submit', team: 1, values: { 'policies.payments.advanceShare': 0.9 } })).toMatchObject({ type: 'ok' });
      await act(c, teacher, { type: 'closeRound' });
      await settle(c);
      const round1 = readdirSync(join(data, 'runs')).sort();
      expect(round1).toHaveLength(2 * 2); // status quo and group 1, two seeds
      const before = Object.fromEntries(round1.map((f) => [f, readFileSync(join(data, 'runs', f), 'utf8')]));
      // The checkpoints round 2 would continue are lost.
      for (const f of readdirSync(join(data, 'checkpoints'))) rmSync(join(data, 'checkpoints', f));
      await act(c, teacher, { type: 'startRound' });
      await act(c, student, { type: 'submit', team: 1, values: { 'policies.payments.delayMonths': 0 } });
      await act(c, teacher, { type: 'closeRound' });
      await settle(c);
      const runs = readdirSync(join(data, 'runs')).sort();
      expect(runs).toHaveLength(4 + 4);
      // Round 1 was run again, to the same results.
      for (const f of round1) expect(readFileSync(join(data, 'runs', f), 'utf8')).toBe(before[f]);
      expect(logs.filter((l) => /running the round before again/.test(l))).toHaveLength(4);
      expect(logs.filter((l) => /^error/.test(l))).toEqual([]);
      c.flush();
      const board = (teacher.replies.filter((r) => r.type === 'public').at(-1) as { board: { rounds: { complete: boolean; arms: { failed: string | null }[] }[] } }).board;
      expect(board.rounds.map((r) => r.complete)).toEqual([true, true]);
      expect(board.rounds[1].arms.map((a) => a.failed)).toEqual([null, null]);
    } finally {
      await c.close();
    }
  });
});
