/**
 * The session server: Node's http for the pages and a WebSocket (ws) for everything live.
 *
 *   GET /                      enter a join code
 *   GET /join/<code>           the participants' page (join a group, compose, see the board)
 *   GET /board/<code>          the board, for the projector
 *   GET /teacher?token=<t>     the teacher's page; any other token: 403 and nothing else
 *   GET /export/<file>?token=  the exported debrief's files (teacher only)
 *   GET /assets/…              the pages' script and the vega libraries (no internet needed)
 *   /ws?token=<t>              the teacher's socket; /ws?code=<c>[&id=…&secret=…] everyone else's
 *
 * Every message is limited in size, validated (messages.ts) and throttled per connection
 * (throttle.ts) before the controller acts on it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { PACKAGE_ROOT } from '../io/version.ts';
import { SessionController, type Client } from './controller.ts';
import { classroomCjkFont, languageButtonFont } from './cjkFont.ts';
import { DEBRIEF_DIR } from './debrief.ts';
import { messageSchema, parseMessage } from './messages.ts';
import { pageHtml, type PageKind } from './pages.ts';
import { CLIENT_LIMITS, TokenBucket } from './throttle.ts';
import { importPackage } from '../io/importPackage.ts';

/** Hard cap on a WebSocket frame: larger ones close the connection (messages.ts refuses > 16 KB politely). */
const MAX_FRAME_BYTES = 1024 * 1024;
/** Connections at once (a class of 60 with phones and laptops is far below). */
const MAX_CONNECTIONS = 500;

export interface Urls {
  teacher: string;
  join: string;
  board: string;
}

/** The address participants reach this machine at: the host given, or for 0.0.0.0 the first LAN address. */
export function publicHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

interface Asset {
  type: string;
  body: Buffer | string;
}

/** The pages' script (bundled once from src/classroom/web/) and the vega libraries' prebuilt files. */
async function loadAssets(): Promise<Map<string, Asset>> {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const built = await esbuild.build({
    entryPoints: [join(PACKAGE_ROOT, 'src', 'classroom', 'web', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    minify: true,
    // The pages load vega, vega-lite and vega-embed as separate scripts (globals).
    external: ['vega', 'vega-lite', 'vega-embed'],
  });
  const assets = new Map<string, Asset>([['classroom.js', { type: 'text/javascript; charset=utf-8', body: built.outputFiles[0].text }]]);
  for (const [pkg, file] of [
    ['vega', 'vega.min.js'],
    ['vega-lite', 'vega-lite.min.js'],
    ['vega-embed', 'vega-embed.min.js'],
  ]) {
    assets.set(file, { type: 'text/javascript; charset=utf-8', body: await readFile(join(dirname(require.resolve(pkg)), file)) });
  }
  return assets;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // vega compiles its expressions with Function(): 'unsafe-eval'; vega-embed adds inline styles.
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

const plain = (res: ServerResponse, status: number, text: string) => send(res, status, 'text/plain; charset=utf-8', `${text}\n`);

const EXPORT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
};

export interface RunningServer {
  urls: Urls;
  port: number;
  controller: SessionController;
  close(): Promise<void>;
}

/** Serve `controller`'s session on host:port (0: any free port). */
export async function serve(controller: SessionController, host: string, port: number): Promise<RunningServer> {
  const assets = await loadAssets();
  // Made in the background (seconds the first time, then cached): the server listens at once.
  // One after the other, the small face first: each subsetting holds the whole source font.
  const labelFont = languageButtonFont();
  labelFont.catch(() => undefined); // said with the whole font's warning, which fails the same way
  const cjkFont = labelFont.catch(() => undefined).then(() => classroomCjkFont(String(assets.get('classroom.js')!.body)));
  cjkFont.catch((err: unknown) => controller.options.log(`warning: the pages' Chinese font could not be made (${(err as Error).message}); Chinese shows in the system's fonts`));
  const session = () => controller.session;
  const schema = messageSchema(controller.levers);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  let connections = 0;

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET is served here');
    const path = url.pathname;
    const s = session();
    const token = url.searchParams.get('token') ?? '';
    const page = (kind: PageKind, code?: string) => send(res, 200, 'text/html; charset=utf-8', pageHtml(kind, s.lang, code));
    if (path === '/' || path === '/join' || path === '/join/') return page('enter');
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    let m = /^\/join\/([A-Za-z0-9]{1,16})$/.exec(path);
    if (m) return m[1].toUpperCase() === s.joinCode ? page('join', s.joinCode) : plain(res, 404, `No session has the join code ${m[1]}; check the code on the board`);
    m = /^\/board\/([A-Za-z0-9]{1,16})$/.exec(path);
    if (m) return m[1].toUpperCase() === s.joinCode ? page('board', s.joinCode) : plain(res, 404, `No session has the join code ${m[1]}`);
    if (path === '/teacher') return sameSecret(token, s.teacherToken) ? page('teacher', s.joinCode) : plain(res, 403, 'Forbidden');
    m = /^\/export\/(.+)$/.exec(path);
    if (m) {
      if (!sameSecret(token, s.teacherToken)) return plain(res, 403, 'Forbidden');
      const name = decodeURIComponent(m[1]);
      const root = resolve(controller.options.dataDir, DEBRIEF_DIR);
      const file = resolve(root, name);
      if (!file.startsWith(root + sep) || !/\.(html|md|csv|json|svg|png)$/.test(file)) return plain(res, 404, 'No such file in the debrief');
      try {
        return send(res, 200, EXPORT_TYPES[file.split('.').pop()!], await readFile(file));
      } catch {
        return plain(res, 404, 'No such file in the debrief: export it from the teacher’s page');
      }
    }
    m = /^\/assets\/([\w.-]+)$/.exec(path);
    const font = m?.[1] === 'cjk.woff2' ? cjkFont : m?.[1] === 'cjk-label.woff2' ? labelFont : null;
    if (font) {
      // A font that could not be made was warned about once; the browser then uses the next face, or the system's fonts.
      const bytes = await font.catch(() => null);
      return bytes ? send(res, 200, 'font/woff2', bytes, { 'Cache-Control': 'max-age=86400' }) : plain(res, 404, 'Not found');
    }
    const asset = m ? assets.get(m[1]) : undefined;
    if (asset) return send(res, 200, asset.type, asset.body, { 'Cache-Control': 'max-age=3600' });
    return plain(res, 404, 'Not found');
  };

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      controller.options.log(`error: ${req.method} ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
    });
  });

  const reject = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return reject(socket, 404, 'Not Found');
    if (connections >= MAX_CONNECTIONS) return reject(socket, 503, 'Service Unavailable');
    const s = session();
    const token = url.searchParams.get('token');
    const code = url.searchParams.get('code');
    let client: Client;
    const base = { send: () => undefined, sent: {} };
    if (token !== null) {
      if (!sameSecret(token, s.teacherToken)) return reject(socket, 403, 'Forbidden');
      client = { ...base, kind: 'teacher', participant: null };
    } else if (code !== null && code.toUpperCase() === s.joinCode) {
      const id = url.searchParams.get('id');
      const secret = url.searchParams.get('secret');
      const p = id && secret ? controller.participantFor(id, secret) : null;
      client = { ...base, kind: p ? 'participant' : 'viewer', participant: p };
    } else return reject(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, client, !!url.searchParams.get('id') && !client.participant));
  });

  const attach = (ws: WebSocket, client: Client, forgotten: boolean) => {
    connections++;
    const bucket = new TokenBucket(CLIENT_LIMITS, performance.now());
    client.send = (text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    };
    controller.connect(client);
    // The credentials the page kept do not match a participant of this session (it was reset).
    if (forgotten) client.send(JSON.stringify({ type: 'forgotten' }));
    ws.on('message', (data: RawData) => {
      const verdict = bucket.take(performance.now());
      if (verdict === 'close') return ws.close(1008, 'too many messages');
      if (verdict === 'refuseQuietly') return;
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (verdict === 'refuse') return controller.refuse(client, undefined, `too many messages: at most ${CLIENT_LIMITS.perSecond} a second; wait a moment`);
      const parsed = parseMessage(schema, bytes.length > 16 * 1024 + 1 ? '' : bytes.toString('utf8'), bytes.length);
      if (!parsed.ok) return controller.refuse(client, parsed.ref, parsed.reason);
      controller.handle(client, parsed.message).catch((err: unknown) => {
        controller.options.log(`error: handling ${parsed.message.type}: ${(err as Error).message}`);
        controller.refuse(client, parsed.message.ref, `the server could not do that: ${(err as Error).message}`);
      });
    });
    ws.on('close', () => {
      connections--;
      controller.disconnect(client);
    });
    ws.on('error', () => ws.terminate());
  };

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen({ port, host }, () => {
      server.off('error', fail);
      done();
    });
  });
  const actual = (server.address() as { port: number }).port;
  const origin = `http://${publicHost(host)}:${actual}`;
  const s = session();
  const urls: Urls = { teacher: `${origin}/teacher?token=${s.teacherToken}`, join: `${origin}/join/${s.joinCode}`, board: `${origin}/board/${s.joinCode}` };
  const { default: QRCode } = await importPackage<{ default: typeof import('qrcode') }>('qrcode');
  await controller.listening(actual, urls, await QRCode.toString(urls.join, { type: 'svg', margin: 1 }));
  return {
    urls,
    port: actual,
    controller,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await controller.close();
    },
  };
}
