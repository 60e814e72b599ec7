/**
 * Which code produced a result: the package version and, when the code is a git checkout, the
 * commit and whether tracked files differ from it. Recorded in every run's manifest.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CodeVersion {
  /** Version in package.json. */
  package: string;
  /** Short commit hash, or "unknown" when git or the checkout is missing. */
  git: string;
  /** Whether tracked files have uncommitted changes (null when unknown). */
  dirty: boolean | null;
}

/** The package root (where package.json lives). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Version from package.json ("0.0.0" if it cannot be read). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
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
