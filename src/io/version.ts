/**
 * Which code produced a result: the package version and, when the code is a git checkout, the
 * commit and whether tracked files differ from it. Recorded in every run's manifest.
 */
import { execFile, execFileSync } from 'node:child_process';
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

/**
 * What git is asked: the checkout's top folder and the commit (one process, two lines), and
 * whether tracked files changed. Two processes, not three: starting one costs the caller's thread
 * 2–3 ms.
 */
const GIT_QUESTIONS = [['rev-parse', '--show-toplevel', '--short', 'HEAD'], ['status', '--porcelain', '--untracked-files=no']];
function gitOptions() {
  return {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8' as const,
    timeout: 5000,
    // Read-only: do not let `git status` refresh the index.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { ...gitOptions(), stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** git's answer, or null (no git, not a checkout); never rejects. */
function gitLater(args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, gitOptions(), (err, stdout) => resolve(err ? null : stdout.trim()));
  });
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The version from git's answers to GIT_QUESTIONS (asked only as far as needed). */
function versionFrom(answer: (question: number) => string | null): CodeVersion {
  const unknown: CodeVersion = { package: packageVersion(), git: 'unknown', dirty: null };
  // Only trust git when the package root is the top of its own checkout (not, say, a copy in
  // node_modules inside some other repository).
  const [top, sha] = answer(0)?.split('\n') ?? [];
  if (top === undefined || !samePath(top, PACKAGE_ROOT)) return unknown;
  if (sha === undefined || !/^[0-9a-f]{4,40}$/.test(sha)) return unknown;
  const status = answer(1);
  return { package: unknown.package, git: sha, dirty: status === null ? null : status.length > 0 };
}

export function codeVersion(): CodeVersion {
  return versionFrom((question) => git(GIT_QUESTIONS[question]));
}

/**
 * codeVersion() without waiting: git's questions are asked at once in child processes, which
 * run on another core while this thread simulates (`govbuy run` starts it before the run and
 * reads it after: about 20 ms less). Never rejects.
 */
export function codeVersionLater(): Promise<CodeVersion> {
  return Promise.all(GIT_QUESTIONS.map(gitLater)).then((answers) => versionFrom((question) => answers[question]));
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
