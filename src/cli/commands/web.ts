/**
 * `govbuy web`: the sandbox in the browser. With --out, write it as a static site (index.html,
 * app.js, manifest.json) that works opened from disk or from any static host; without, serve it
 * on this machine (127.0.0.1 unless --host says otherwise) until interrupted. The simulation
 * runs in the visitor's browser either way; nothing is fetched from elsewhere.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { GovbuyError } from '../../engine/errors.ts';
import { checkOutputDir, writeOutputDir } from '../../io/files.ts';
import { stableJson } from '../../io/formats.ts';
import { codeVersion } from '../../io/version.ts';
import { single, wholeNumber, type Io } from '../context.ts';

export const WEB_FORMAT = 'govbuy-web';
export const DEFAULT_PORT = 8080;

export const command = 'web';
export const describe = 'The sandbox in the browser: serve it here, or write it as a static site with --out';

export function builder(y: Argv): Argv {
  return y
    .option('out', { type: 'string', requiresArg: true, describe: 'Write the site into this folder (open DIR/index.html, or put it on any static host) instead of serving it' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace a site or results already in --out' })
    .option('port', { type: 'number', describe: `Port to serve on (default ${DEFAULT_PORT}; 0 picks a free one)` })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to serve on; 0.0.0.0 shares it on your network' })
    .option('open', { type: 'boolean', default: false, describe: 'Open the page in the default browser' })
    .example('$0 web', 'serve on http://127.0.0.1:8080/')
    .example('$0 web --open --port 0', '')
    .example('$0 web --out site/', 'write a static site; open site/index.html');
}

/** Open `url` with the system's default browser; false if that could not be started. */
function openBrowser(url: string): Promise<boolean> {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const out = single('out', args.out);
  const force = args.force === true;
  const port = wholeNumber('port', args.port, 65535) ?? DEFAULT_PORT;
  const host = single('host', args.host) ?? '127.0.0.1';
  if (out !== undefined) await checkOutputDir(out, { force }); // refuse before the build, not after
  const t0 = performance.now();
  // Loaded here, not at start-up: esbuild and the font subsetter are only needed by this command.
  const { buildSite } = await import('../../web/build.ts');
  const site = await buildSite();
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (out !== undefined) {
    // writeOutputDir adds the list of files (io/ownership.ts), so that --force replaces only them.
    const manifest = { format: WEB_FORMAT, formatVersion: 1, codeVersion: codeVersion() };
    await writeOutputDir(out, { ...site.files, 'manifest.json': stableJson(manifest) }, { force });
    io.out(`wrote ${join(out, 'index.html')} and app.js (built in ${seconds} s): open index.html in a browser, or put the folder on any static host\n`);
    return 0;
  }
  const { serveSite } = await import('../../web/serve.ts');
  let served: Awaited<ReturnType<typeof serveSite>>;
  try {
    served = await serveSite(site.files, host, port);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new GovbuyError('OUTPUT_UNWRITABLE', `port ${port} on ${host} is in use`, ['--port: choose another port, or 0 to pick a free one']);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
      throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot serve on ${host}:${port} (${code})`, ['--host: give an address of this machine (127.0.0.1, or 0.0.0.0 for every network); --port: a port above 1023']);
    throw err;
  }
  io.out(`govbuy sandbox at ${served.url} (built in ${seconds} s); press Ctrl-C to stop\n`);
  if (host === '0.0.0.0' || host === '::') io.out('shared on every network of this machine: others open it at this machine\'s address\n');
  if (args.open === true && !(await openBrowser(served.url))) io.err(`could not open a browser; open ${served.url} yourself\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      served.server.close(() => resolve());
      served.server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.out('stopped\n');
  return 0;
}
