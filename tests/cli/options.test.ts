/**
 * Every option of every command (and subcommand) that takes a value refuses to be given without
 * one — `govbuy run x.yaml --years` was a 20-year run, `validate x.yaml --years` said ok — with
 * exit 2 and a line that names the option (context.ts, requireValues). The options are read from
 * the commands' own builders, so an option added later is walked too.
 */
import yargs, { type Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.ts';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.ts';

interface Walked {
  /** The command's words with a placeholder for each required positional, e.g. ['classroom', 'serve', 'x']. */
  words: string[];
  /** Its options that take a value: every declared option but flags (boolean), help, version and positionals. */
  valued: string[];
}

/** A placeholder for each required positional of a yargs command string (`compare <places..>` → ['x']). */
const required = (command: string) => [...command.matchAll(/<[^>]+>/g)].map(() => 'x');

function valuedOf(y: Argv): string[] {
  const o = (y as unknown as { getOptions(): { key: Record<string, unknown>; boolean: string[]; count: string[] } }).getOptions();
  const positionals = (y as unknown as { getGroups(): Record<string, string[]> }).getGroups()['Positionals:'] ?? [];
  return Object.keys(o.key).filter((k) => !o.boolean.includes(k) && !o.count.includes(k) && !positionals.includes(k));
}

type Handlers = Record<string, { original: string; builder: (y: Argv) => Argv }>;

async function walk(): Promise<Walked[]> {
  const walked: Walked[] = [];
  for (const entry of COMMANDS) {
    const name = entry.command.split(' ')[0];
    const module = await entry.load();
    const y = module.builder(yargs([]), () => () => undefined);
    walked.push({ words: [name, ...required(entry.command)], valued: valuedOf(y) });
    const internal = (y as unknown as { getInternalMethods(): { getCommandInstance(): { getCommandHandlers(): Handlers } } }).getInternalMethods();
    for (const [sub, handler] of Object.entries(internal.getCommandInstance().getCommandHandlers())) {
      walked.push({ words: [name, sub, ...required(handler.original)], valued: valuedOf(handler.builder(yargs([]))) });
    }
  }
  return walked;
}

const needsValue = (option: string) => `error: --${option} needs a value: give it after the option (--${option} VALUE, or --${option}=VALUE)\n`;

describe('an option that takes a value, given without one', () => {
  it('is refused by every command, at the end of the line and before another option', async () => {
    const walked = await walk();
    const all = walked.flatMap((w) => w.valued.map((o) => `${w.words.filter((x) => x !== 'x').join(' ')} --${o}`));
    // The walk finds the options that were silently ignored (and hidden ones such as classroom --seed).
    expect(all).toEqual(
      expect.arrayContaining([
        'run --seed',
        'run --years',
        'validate --years',
        'compare --seeds',
        'compare --first-seed',
        'compare --years',
        'classroom --seeds',
        'classroom --first-seed',
        'classroom --seed',
        'classroom --years',
        'classroom serve --port',
        'classroom serve --warmup',
        'classroom serve --workers',
        'web --port',
      ]),
    );
    expect(all.length).toBeGreaterThan(50);
    for (const { words, valued } of walked) {
      for (const option of valued) {
        const last = await cli(...words, `--${option}`);
        expect({ words, option, code: last.code, out: last.out }).toEqual({ words, option, code: 2, out: '' });
        expect(last.err.startsWith(needsValue(option)), `${words.join(' ')} --${option}: ${last.err}`).toBe(true);
        const other = valued.find((o) => o !== option);
        if (other === undefined) continue;
        const before = await cli(...words, `--${option}`, `--${other}`, '1');
        expect(before.code, `${words.join(' ')} --${option} --${other} 1`).toBe(2);
        expect(before.err.startsWith(needsValue(option)), `${words.join(' ')} --${option} --${other} 1: ${before.err}`).toBe(true);
      }
    }
  });

  it('a value that is a negative number is a value', async () => {
    const r = await cli('run', 'scenarios/chifeng-xitun.yaml', '--seed', '-1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --seed must be a whole number/);
  });
});

describe('an on/off option given a value', () => {
  it('is refused unless the value is true or false (yargs reads "--force=maybe" as off)', async () => {
    const r = await cli('run', 'scenarios/chifeng-xitun.yaml', '--force=maybe', '--out', 'results/never');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: --force is on or off, not "maybe": give --force \(on\), --no-force \(off\), or --force=true\|false\n/);
    // true and false are values it takes.
    const { dir, cleanup } = tempDir();
    try {
      const ok = await cli('run', 'scenarios/chifeng-xitun.yaml', '--years', '4', '--set', 'region.population=1500', '--force=false', '--out', join(dir, 'run'));
      expect(ok.code, ok.err).toBe(0);
    } finally {
      cleanup();
    }
  });
});
