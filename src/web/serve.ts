/**
 * Serving the built site over HTTP from memory: GET and HEAD of its files only, with their
 * content types, no directory listing and no other path (the site has no subfolders, so there
 * is nothing to traverse). For `govbuy web`; any static host serves the written folder as well.
 */
import { createServer, type Server } from 'node:http';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

function typeOf(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** Start serving `files` (name → content); resolves once listening, with the address. */
export function serveSite(files: Readonly<Record<string, string>>, host: string, port: number): Promise<{ server: Server; url: string }> {
  const bodies = new Map(Object.entries(files).map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '') || 'index.html';
    const body = bodies.get(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: /${path}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': typeOf(path), 'content-length': body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${shown}:${actual}/` });
    });
  });
}
