/**
 * A lock on a results folder that dies with its process: while one govbuy command writes into a
 * folder (a sweep, its --resume, a report, a --force replacement), another one on the same
 * folder stops at once with exit 2, saying which process holds it.
 *
 * Why a socket and not a lock file. Node 20 has no flock(2) in its standard library, and the
 * npm packages that add it (fs-ext, os-lock) are native addons compiled at install time — a
 * clean `npm install` would then need a C toolchain and Node's headers. Lock-file packages
 * (proper-lockfile, lockfile) are not OS-level: a lock left by kill -9 counts as held until a
 * staleness timeout passes, and a suspended holder can lose its lock to a second writer. What
 * Node does have is listening sockets, and the kernel releases a socket the moment its process
 * ends, however it ends. So the lock is a listening socket whose name is derived from the
 * folder's real path:
 *
 *   - Linux: a socket in the abstract namespace (`\0govbuy-lock-<hash>`): no file at all,
 *     exclusive (a second bind fails with EADDRINUSE), gone when the process dies — kill -9
 *     never leaves a stale lock;
 *   - Windows: a named pipe (`\\?\pipe\govbuy-lock-<hash>`), also released by the OS;
 *   - macOS and other systems: a socket file in the temporary folder; one left by a killed
 *     process refuses connections, which tells it from a live one, and is replaced. (Two
 *     processes that find the same stale file in the same instant could both take the lock;
 *     the abstract socket and the named pipe have no such window.)
 *
 * A refused command names the holder: the holder's socket answers a connection with its process
 * id, command and start time, and — for when its main thread is busy in a simulation and cannot
 * answer — the holder also writes the same into `.govbuy-lock` in the folder. That file is
 * information only (the socket is the lock); a stale one is ignored and overwritten.
 *
 * Scope: the lock is local to one machine (on Linux, to one network namespace). Processes on
 * other machines sharing a network file system do not see it; cluster shards of one sweep each
 * write their own shard folder (`--shard k/n` → `<name>-shard-<k>`), so a local lock is all they
 * need. Two paths to one folder are recognised through symbolic links (real paths), not through
 * bind mounts.
 */
import { createHash } from 'node:crypto';
import { createConnection, createServer, type Server } from 'node:net';
import { realpath, rm, unlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { readRegularFile, writeFileAtomic } from './durable.ts';
import { errnoCode } from './fsErrors.ts';

/** The information file a lock holder writes into its folder. */
export const LOCK_INFO_FILE = '.govbuy-lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** The command line, e.g. "govbuy sweep experiments/x.yaml --resume". */
  command: string;
  startedAt: string;
}

export type LockMode = 'abstract' | 'pipe' | 'file';

export interface FolderLock {
  readonly dir: string;
  /** Write `.govbuy-lock` into the folder (which must exist by then), naming this process. */
  announce(): Promise<void>;
  /** Remove `.govbuy-lock` (if announced) and release the lock. */
  release(): Promise<void>;
}

export function defaultLockMode(platform: NodeJS.Platform = process.platform): LockMode {
  return platform === 'linux' ? 'abstract' : platform === 'win32' ? 'pipe' : 'file';
}

/** The folder's path with symbolic links resolved, also for a folder that does not exist yet. */
async function canonicalPath(dir: string): Promise<string> {
  let head = resolve(dir);
  const tail: string[] = [];
  for (;;) {
    try {
      return join(await realpath(head), ...tail);
    } catch (err) {
      const parent = dirname(head);
      if (!['ENOENT', 'ENOTDIR'].includes(errnoCode(err) ?? '') || parent === head) return resolve(dir);
      tail.unshift(basename(head));
      head = parent;
    }
  }
}

function lockAddress(path: string, mode: LockMode): string {
  const key = createHash('sha256').update(path).digest('hex');
  if (mode === 'abstract') return `\0govbuy-lock-${key.slice(0, 48)}`;
  if (mode === 'pipe') return `\\\\?\\pipe\\govbuy-lock-${key.slice(0, 48)}`;
  // Socket paths are limited to about 104 bytes (macOS): keep the name short.
  return join(tmpdir(), `govbuy-lock-${key.slice(0, 24)}.sock`);
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((done, fail) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      fail(err);
    };
    const onListening = () => {
      server.off('error', onError);
      done();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(address);
  });
}

/** Whether something answers at a socket file (a socket left by a killed process refuses). */
function answers(address: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection(address);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', (err) => done(!['ECONNREFUSED', 'ENOENT'].includes(errnoCode(err) ?? '')));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

function asHolder(value: Partial<LockHolder> | null): LockHolder | null {
  if (!value || typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
  if (value.host === hostname() && !alive(value.pid)) return null;
  return { pid: value.pid, host: String(value.host ?? ''), command: String(value.command ?? ''), startedAt: String(value.startedAt ?? '') };
}

/** What the holder's socket says about it (null if it does not answer within `ms`, e.g. while its main thread runs a simulation). */
function askHolder(address: string, ms = 1000): Promise<LockHolder | null> {
  return new Promise((done) => {
    let text = '';
    const socket = createConnection(address);
    const finish = (h: LockHolder | null) => {
      clearTimeout(timer);
      socket.destroy();
      done(h);
    };
    const timer = setTimeout(() => finish(null), ms);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 64 * 1024) finish(null);
    });
    socket.on('end', () => {
      try {
        finish(asHolder(JSON.parse(text) as Partial<LockHolder>));
      } catch {
        finish(null);
      }
    });
    socket.on('error', () => finish(null));
  });
}

/** The holder named in the folder's `.govbuy-lock`, if it names a live process. */
export async function lockHolder(dir: string): Promise<LockHolder | null> {
  try {
    return asHolder(JSON.parse((await readRegularFile(join(dir, LOCK_INFO_FILE), { maxBytes: 64 * 1024, kind: 'lock files' })).toString('utf8')) as Partial<LockHolder>);
  } catch {
    return null;
  }
}

function describeHolder(h: LockHolder | null): string {
  if (!h) return 'another govbuy process';
  const parts = [`process ${h.pid}${h.host && h.host !== hostname() ? ` on ${h.host}` : ''}`];
  const extra = [h.command ? `"${h.command}"` : '', h.startedAt ? `started ${h.startedAt}` : ''].filter(Boolean).join(', ');
  return extra ? `${parts[0]} (${extra})` : parts[0];
}

export interface LockOptions {
  /** What the caller does, for the refusal message: "write a sweep into it". */
  purpose?: string;
  mode?: LockMode;
}

/**
 * Take the lock of `dir` (which need not exist yet), or fail at once with OUTPUT_LOCKED naming
 * the process that holds it. Never waits.
 */
export async function lockFolder(dir: string, options: LockOptions = {}): Promise<FolderLock> {
  const mode = options.mode ?? defaultLockMode();
  const address = lockAddress(await canonicalPath(dir), mode);
  const me: LockHolder = { pid: process.pid, host: hostname(), command: ['govbuy', ...process.argv.slice(2)].join(' '), startedAt: new Date().toISOString() };
  // Whoever connects is told who holds the lock.
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(JSON.stringify(me));
  });
  try {
    await listen(server, address);
  } catch (err) {
    if (errnoCode(err) !== 'EADDRINUSE') throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot lock ${dir}: ${(err as Error).message}`);
    if (mode === 'file' && !(await answers(address))) {
      // Left by a process that was killed: nobody listens any more.
      await unlink(address).catch(() => undefined);
      return lockFolder(dir, options);
    }
    const holder = (await askHolder(address)) ?? (await lockHolder(dir));
    throw new GovbuyError('OUTPUT_LOCKED', `${dir} is in use by ${describeHolder(holder)}${options.purpose ? `; cannot ${options.purpose} at the same time` : ''}`, [
      'wait until that command has finished (or stop it), then run this one again; two commands writing one folder would corrupt it',
    ]);
  }
  server.unref(); // the lock must never keep the process alive
  let announced = false;
  let released = false;
  return {
    dir,
    async announce() {
      await writeFileAtomic(join(dir, LOCK_INFO_FILE), `${JSON.stringify(me)}\n`, 'lock');
      announced = true;
    },
    async release() {
      if (released) return;
      released = true;
      if (announced) await rm(join(dir, LOCK_INFO_FILE), { force: true }).catch(() => undefined);
      // Closing also removes a socket file (mode "file").
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Run `fn` holding the lock of `dir`; released however `fn` ends. */
export async function withFolderLock<T>(dir: string, options: LockOptions, fn: (lock: FolderLock) => Promise<T>): Promise<T> {
  const lock = await lockFolder(dir, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}
