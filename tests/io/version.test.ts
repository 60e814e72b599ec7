import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeVersion, codeVersionLater, packageVersion } from '../../src/io/version.ts';

describe('codeVersion', () => {
  it('reports the package version, a commit or "unknown", and dirtiness', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const v = codeVersion();
    expect(v.package).toBe(pkg.version);
    expect(packageVersion()).toBe(pkg.version);
    expect(v.git === 'unknown' || /^[0-9a-f]{4,40}$/.test(v.git)).toBe(true);
    if (v.git === 'unknown') expect(v.dirty).toBeNull();
    else expect(typeof v.dirty).toBe('boolean');
  });

  it('names the checkout\'s commit and whether tracked files changed, as git says', (ctx) => {
    const root = new URL('../../', import.meta.url);
    if (!existsSync(new URL('.git', root))) ctx.skip(); // not a checkout (e.g. an unpacked copy)
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    expect(codeVersion()).toMatchObject({ git: git('rev-parse', 'HEAD').slice(0, 7), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' });
  });

  it('asks git about the package\'s own checkout, whatever repository the environment names (as inside a git hook)', (ctx) => {
    if (!existsSync(new URL('../../.git', import.meta.url))) ctx.skip();
    const here = codeVersion();
    const saved = { GIT_DIR: process.env.GIT_DIR, GIT_INDEX_FILE: process.env.GIT_INDEX_FILE };
    process.env.GIT_DIR = '/nonexistent/.git';
    process.env.GIT_INDEX_FILE = '/nonexistent/index';
    try {
      expect(codeVersion()).toEqual(here);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('falls back when git is not available', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(codeVersion()).toMatchObject({ git: 'unknown', dirty: null });
      expect(await codeVersionLater()).toMatchObject({ git: 'unknown', dirty: null });
    } finally {
      process.env.PATH = path;
    }
  });

  it('gives the same answer asked in the background (codeVersionLater) as asked at once', async () => {
    expect(await codeVersionLater()).toEqual(codeVersion());
  });
});
