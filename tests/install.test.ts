/**
 * `npm install` prints nothing a user cannot act on. npm (11.16+) warns about every dependency
 * whose install scripts the project has not reviewed in package.json's `allowScripts` (npm 12
 * blocks them). esbuild's postinstall checks that its platform binary is in place; it is
 * approved there. A dependency that adds an install script must be reviewed the same way
 * (`npm install-scripts approve <pkg>`), or this fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/scenario.ts';

const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe('install scripts', () => {
  it('every dependency with an install script is reviewed in allowScripts', () => {
    const lock = json('package-lock.json') as { packages: Record<string, { version?: string; hasInstallScript?: boolean }> };
    const allow = (json('package.json').allowScripts ?? {}) as Record<string, boolean>;
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path, p]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: p.version }));
    expect(withScripts.map((p) => p.name)).toContain('esbuild');
    const unreviewed = withScripts.filter((p) => allow[p.name] === undefined && allow[`${p.name}@${p.version}`] === undefined);
    expect(unreviewed).toEqual([]);
  });

  it('esbuild works as installed (its binary is in place)', async () => {
    const esbuild = await import('esbuild');
    expect((await esbuild.transform('const x: number = 1', { loader: 'ts' })).code).toBe('const x = 1;\n');
  });
});
