/**
 * Which code produced a result: the package version and, when the code is a git checkout, the
 * commit and whether tracked files differ from it. Recorded in every run's manifest.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CodeVersion {
  /** Version in package.json. */
  package: string;
  /** The commit's first 7 hex digits, or "unknown" when git or the checkout is missing. */
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

/**
 * What git is asked, in one process (starting one costs the caller's thread 3–4 ms): the commit
 * checked out and whether tracked files differ from it ("# branch.oid <hash>", then a line for
 * each changed file). Not how far the branch is ahead of or behind its upstream, which git would
 * otherwise count (slow where they have drifted far apart).
 */
const GIT_STATUS = ['status', '--porcelain=v2', '--branch', '--no-ahead-behind', '--untracked-files=no'];
/** The commit as recorded: its first hex digits, as `git log --oneline` shows it in a small repository. */
const SHORT_HASH = 7;
/** Variables that would point git at another repository or index than the package's (git sets them in its hooks). */
const GIT_LOCATION = /^GIT_(DIR|WORK_TREE|INDEX_FILE|COMMON_DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM)$/;

function gitOptions() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !GIT_LOCATION.test(name)));
  return {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8' as const,
    timeout: 5000,
    // Read-only: do not let `git status` refresh the index.
    env: { ...env, GIT_OPTIONAL_LOCKS: '0' },
  };
}

/**
 * Whether the package root is the top of a checkout of its own, where git finds its .git first
 * (a folder, or a file in a worktree or submodule); not, say, a copy in node_modules inside some
 * other repository, whose commit would not be this code's.
 */
function isCheckoutTop(): boolean {
  return existsSync(join(PACKAGE_ROOT, '.git'));
}

/** The version from git's status (null: no git, not a checkout, git failed). */
function versionFrom(status: string | null): CodeVersion {
  const unknown: CodeVersion = { package: packageVersion(), git: 'unknown', dirty: null };
  // No commit yet: "# branch.oid (initial)".
  const commit = status === null ? undefined : /^# branch\.oid ([0-9a-f]{40,64})$/m.exec(status)?.[1];
  if (commit === undefined) return unknown;
  const changed = status!.split('\n').some((line) => line !== '' && !line.startsWith('#'));
  return { package: unknown.package, git: commit.slice(0, SHORT_HASH), dirty: changed };
}

export function codeVersion(): CodeVersion {
  if (!isCheckoutTop()) return versionFrom(null);
  try {
    return versionFrom(execFileSync('git', GIT_STATUS, { ...gitOptions(), stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return versionFrom(null);
  }
}

/**
 * codeVersion() without waiting: git runs in a child process, on another core while this thread
 * simulates (`govbuy run` starts it before the run and reads it after). Never rejects.
 */
export function codeVersionLater(): Promise<CodeVersion> {
  if (!isCheckoutTop()) return Promise.resolve(versionFrom(null));
  return new Promise((resolve) => {
    execFile('git', GIT_STATUS, gitOptions(), (err, stdout) => resolve(versionFrom(err ? null : stdout)));
  });
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
