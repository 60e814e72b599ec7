/** Running `govbuy classroom serve` as a separate process, and talking to it as a client would. */
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';

export interface Server {
  proc: ChildProcess;
  teacher: string;
  join: string;
  stdout: string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Start a session server; resolves once it has printed its two URLs. */
export function startServer(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const proc = spawn(process.execPath, ['bin/govbuy.js', 'classroom', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    // Generous: the machine running the tests may be shared and busy.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the server printed no URLs within 90 s\n${stdout}\n${stderr}`));
    }, 90_000);
    proc.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const urls = stdout.split('\n').filter((l) => /^https?:\/\/\S+$/.test(l));
      if (urls.length === 2 && /Stop with Ctrl-C/.test(stdout)) {
        clearTimeout(timer);
        resolve({ proc, teacher: urls[0], join: urls[1], stdout, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready\n${stdout}\n${stderr}`));
    });
  });
}

export interface Reply {
  type: string;
  reason?: string;
  [key: string]: unknown;
}

/** A WebSocket client of the session: `request` sends a message and waits for the answer to it. */
export class Peer {
  readonly messages: Reply[] = [];
  private nextRef = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  readonly ready: Promise<void>;
  closed: { code: number; reason: string } | null = null;

  constructor(
    readonly ws: WebSocket,
    private readonly onMessage: (m: Reply) => void = () => undefined,
  ) {
    this.ready = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Reply;
      this.messages.push(m);
      this.onMessage(m);
      if (typeof m.ref === 'number' && this.waiting.has(m.ref)) {
        this.waiting.get(m.ref)!(m);
        this.waiting.delete(m.ref);
      }
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async open(url: string, onMessage?: (m: Reply) => void): Promise<Peer> {
    const peer = new Peer(new WebSocket(url), onMessage);
    await peer.ready;
    return peer;
  }

  request(message: Record<string, unknown>): Promise<Reply> {
    const ref = this.nextRef++;
    return new Promise((resolve) => {
      this.waiting.set(ref, resolve);
      this.ws.send(JSON.stringify({ ...message, ref }));
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The WebSocket URL for a page's URL: the teacher's (token) or the participants' (join code). */
export function socketUrl(pageUrl: string, extra = ''): string {
  const u = new URL(pageUrl);
  const token = u.searchParams.get('token');
  const query = token !== null ? `token=${token}` : `code=${u.pathname.split('/').pop()}`;
  return `ws://${u.host}/ws?${query}${extra}`;
}
