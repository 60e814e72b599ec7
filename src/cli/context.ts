import type { Argv } from 'yargs';

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

/** "1 run", "2 runs": a count and its noun, singular for 1 (English; Chinese has no plural). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A mistake in how the command was called (unknown option, bad --seed): exit code 2 with a help hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `first-seed` → `firstSeed`: yargs sets both keys of an option. */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The options declared as numbers (so that --help says [number]) as they were typed: yargs
 * turns "abc" into NaN and "1e3" into 1000, and the checks here want the text, to accept whole
 * numbers written as digits only and to quote what was typed. Options not on the line keep their
 * parsed value (a default).
 */
export function typedNumbers(parsed: Record<string, unknown>, argv: readonly string[], numberOptions: readonly string[]): Record<string, unknown> {
  const out = { ...parsed };
  const end = argv.indexOf('--');
  const line = end < 0 ? argv : argv.slice(0, end);
  for (const name of numberOptions) {
    const spellings = new Set([name, camel(name)]);
    const texts: string[] = [];
    line.forEach((a, i) => {
      if (!a.startsWith('--')) return;
      const eq = a.indexOf('=');
      const key = a.slice(2, eq < 0 ? undefined : eq);
      if (!spellings.has(key)) return;
      const text = eq < 0 ? line[i + 1] : a.slice(eq + 1);
      if (text !== undefined) texts.push(text);
    });
    if (texts.length === 0) continue;
    const value = texts.length === 1 ? texts[0] : texts;
    for (const key of spellings) out[key] = value;
  }
  return out;
}

/**
 * Every option of a command's builder that takes a value (all but flags) refuses to be given
 * without one: `--years` at the end of the line, or before another option, is an error ("--years
 * needs a value"), not silently the default. yargs' requiresArg for each of them; positionals
 * (which are filled from the words of the line, not from --name) are left as they are. main.ts
 * applies it to every command, and a command that has subcommands to theirs (classroom serve).
 */
export function requireValues(y: Argv): Argv {
  // Both are in yargs' instance, not in its types.
  type Declared = { getOptions(): { key?: Record<string, unknown>; boolean?: string[]; count?: string[] }; getGroups(): Record<string, string[] | undefined> };
  const declared = y as unknown as Declared;
  const options = declared.getOptions();
  const flags = new Set([...(options.boolean ?? []), ...(options.count ?? [])]);
  const positionals = new Set(declared.getGroups()[POSITIONALS] ?? []);
  const valued = Object.keys(options.key ?? {}).filter((k) => !flags.has(k) && !positionals.has(k));
  return valued.length > 0 ? y.requiresArg(valued) : y;
}

/** The group yargs puts a command's positionals in (in English: main.ts turns locales off). */
export const POSITIONALS = 'Positionals:';

/** The words of the line before `--` (after it, words are positionals as typed). */
export const lineOf = (argv: readonly string[]): readonly string[] => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);

/**
 * Refuse an on/off option given a value that is neither (`--force=maybe`): yargs reads any such
 * value as false, so the option would be silently off.
 */
export function refuseFlagValues(argv: readonly string[], y: unknown): void {
  const options = (y as { getOptions?: () => { boolean?: unknown } } | undefined)?.getOptions?.();
  const flags = new Set(Array.isArray(options?.boolean) ? options.boolean.flatMap((f) => [String(f), camel(String(f))]) : []);
  for (const a of lineOf(argv)) {
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m && flags.has(m[1]) && !/^(true|false)$/.test(m[2]))
      throw new UsageError(`--${m[1]} is on or off, not "${m[2]}": give --${m[1]} (on), --no-${m[1]} (off), or --${m[1]}=true|false`);
  }
}

/** The options a command's builder declared as numbers (yargs keeps them, untyped, in getOptions). */
export function numberOptions(y: unknown): string[] {
  const options = (y as { getOptions?: () => { number?: unknown } } | undefined)?.getOptions?.();
  return Array.isArray(options?.number) ? options.number.map(String) : [];
}

/**
 * An option under its new name, or under the old one with a note that says the new name (the
 * old one still works); both given is a mistake.
 */
export function renamedOption(args: Record<string, unknown>, io: Io, name: string, oldName: string): unknown {
  const old = args[oldName];
  if (old === undefined) return args[name];
  if (args[name] !== undefined) throw new UsageError(`give --${name} only (--${oldName} is its old name)`);
  io.err(`note: --${oldName} is now called --${name}; the old name still works\n`);
  return old;
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

/**
 * A whole number (digits only, or a number default) for option `name`, from `min` (default 0) to
 * `max` if given. Anything else — not a number, below `min`, above `max` — gets the same message,
 * which states the whole range (and `why`, if given, e.g. why the least is what it is).
 */
export function wholeNumber(name: string, value: unknown, max?: number, { min = 0, why }: { min?: number; why?: string } = {}): number | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) {
    const range = max !== undefined ? ` from ${min} to ${max}` : min > 0 ? `, at least ${min}` : '';
    throw new UsageError(`--${name} must be a whole number${range}${why ? ` (${why})` : ''}, got ${t.length > 0 ? JSON.stringify(t) : 'nothing'}`);
  }
  return n;
}

/** Repeated string option as a list. */
export function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
