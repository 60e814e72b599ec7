/**
 * Which code produced a result: the package version and, when the code is a git checkout, the
 * commit and whether tracked files differ from it. Recorded in every run's manifest.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CodeVersion {
  /** Version in package.json. */
  package: string;
  /** Short commit hash, or "unknown" when git or the checkout is missing. */
  git: string;
  /** Whether tracked files have uncommitted changes (null when unknown). */
  dirty: boolean | null;
}

/**
 * The package root: the nearest folder above this module with a package.json. This module runs
 * from src/io/ (tests, scripts) or from the build in dist/build-<hash>/ (the command line).
 */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** Version from package.json ("0.0.0" if it cannot be read). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
      // Read-only: do not let `git status` refresh the index.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    }).trim();
  } catch {
    return null;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

export function codeVersion(): CodeVersion {
  const unknown: CodeVersion = { package: packageVersion(), git: 'unknown', dirty: null };
  // Only trust git when the package root is the top of its own checkout (not, say, a copy in
  // node_modules inside some other repository).
  const top = git(['rev-parse', '--show-toplevel']);
  if (top === null || !samePath(top, PACKAGE_ROOT)) return unknown;
  const sha = git(['rev-parse', '--short', 'HEAD']);
  if (sha === null || !/^[0-9a-f]{4,40}$/.test(sha)) return unknown;
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { package: unknown.package, git: sha, dirty: status === null ? null : status.length > 0 };
}

/**
 * SHA-256 over the model's source files (src/**.ts, path and content, sorted by path): two
 * processes with the same hash run the same code, whatever git says. Checkpoints record it and
 * are refused by code with a different hash.
 */
export function sourceHash(): string {
  const root = join(PACKAGE_ROOT, 'src');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(root);
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}
