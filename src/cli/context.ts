/**
 * What every command gets: where to print. Commands print through this instead of console so
 * the CLI can run in-process (tests) and only bin/govbuy.js touches process exit codes.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** A mistake in how the command was called (unknown option, bad --seed): exit code 2 with a help hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A single option value: yargs gives an array when an option is repeated. */
export function single(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${name} given ${value.length} times; give it once`);
  return String(value);
}

/** A path option (--out, --checkpoint-out): given once, and not empty. */
export function pathOption(name: string, value: unknown): string | undefined {
  const text = single(name, value);
  if (text !== undefined && text.trim().length === 0) throw new UsageError(`--${name} is empty; give a ${name === 'out' ? 'folder' : 'file'} name${name === 'out' ? ', e.g. --out results/my-run' : ''}`);
  return text;
}

/** A whole number (digits only), at most `max` if given, for option `name`. */
export function wholeNumber(name: string, value: unknown, max?: number): number | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || (max !== undefined && n > max)) {
    const range = max !== undefined ? ` from 0 to ${max}` : '';
    throw new UsageError(`--${name} must be a whole number${range}, got ${t.length > 0 ? JSON.stringify(t) : 'nothing'}`);
  }
  return n;
}

/** Repeated string option as a list. */
export function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
