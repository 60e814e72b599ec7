/**
 * One vocabulary across commands: --seeds counts seeds and --first-seed starts them wherever
 * both exist, calibrate's runs per draw are --replications, outcomes are --outcomes; old names
 * still work with a note. Numbers are typed as numbers (--help says [number]) yet checked as
 * typed. The default sweep folder is what the help says it is.
 */
import { describe, expect, it } from 'vitest';
import { readOptions } from '../../src/cli/commands/calibrate.ts';
import { defaultSweepDir } from '../../src/experiments/sweep.ts';
import { cli, XITUN } from './helpers.ts';

/** The help line block of each option: "--name" → its text up to the next option. */
function optionHelp(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s+(?:-\w, )?--([\w-]+)/.exec(line);
    if (m) current = m[1];
    else if (!/^\s{10,}/.test(line)) current = null;
    if (current) out.set(current, `${out.get(current) ?? ''}${line}\n`);
  }
  return out;
}

const NUMBERS: Record<string, string[]> = {
  run: ['seed', 'years', 'checkpoint-at'],
  validate: ['years'],
  compare: ['seeds', 'first-seed', 'years'],
  classroom: ['seeds', 'first-seed', 'years'],
  sweep: ['workers', 'run-timeout', 'run-memory'],
  analyze: ['bootstrap'],
  discover: ['box', 'min-density', 'peel-alpha', 'paste-alpha', 'mass-min', 'resamples', 'cart-depth'],
  calibrate: ['replications', 'budget', 'particles', 'check-seeds', 'seed', 'workers'],
  'classroom serve': ['port', 'warmup', 'workers'],
  web: ['port'],
};

describe('one vocabulary', () => {
  it('--help shows every number option as [number], and the old names not at all', async () => {
    for (const [command, names] of Object.entries(NUMBERS)) {
      const help = optionHelp((await cli(...command.split(' '), '--help')).out);
      for (const name of names) expect(help.get(name), `${command} --${name}`).toMatch(/\[number\]/);
    }
    const classroom = optionHelp((await cli('classroom', '--help')).out);
    expect(classroom.has('seed')).toBe(false);
    const calibrate = optionHelp((await cli('calibrate', '--help')).out);
    expect(calibrate.has('seeds')).toBe(false);
    expect(calibrate.get('replications')).toMatch(/Runs \(seeds\) averaged per parameter draw/);
  });

  it('checks numbers as typed: digits only, and the message quotes the text', async () => {
    for (const [value, shown] of [['1e3', '"1e3"'], ['abc', '"abc"'], ['2.5', '"2.5"'], ['', 'nothing']]) {
      const r = await cli('compare', 'chifeng-xitun', '--policy', 'a:policies.payments.advanceShare=0.5', `--seeds=${value}`);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--seeds must be a whole number from 2 to 100000 (confidence intervals need two runs), got ${shown}`);
    }
    const twice = await cli('run', XITUN, '--seed', '1', '--seed', '2');
    expect(twice.err).toContain('--seed given 2 times; give it once');
  });

  it('classroom takes --first-seed, and --seed (its old name) with a note', async () => {
    const r = await cli('classroom', 'nowhere.yaml', '--seed', '3');
    expect(r.err).toMatch(/^note: --seed is now called --first-seed; the old name still works\nerror: /);
    const both = await cli('classroom', XITUN, '--seed', '3', '--first-seed', '3');
    expect(both.code).toBe(2);
    expect(both.err).toContain('give --first-seed only (--seed is its old name)');
  });

  it('calibrate averages --replications runs per draw; --seeds is the old name', () => {
    const notes: string[] = [];
    const io = { out: () => {}, err: (t: string) => void notes.push(t) };
    const args = { scenario: XITUN, targets: 't.yaml' };
    expect(readOptions({ ...args, replications: '3' }, io).settings.replications).toBe(3);
    expect(notes).toEqual([]);
    expect(readOptions({ ...args, seeds: '4' }, io).settings.replications).toBe(4);
    expect(notes).toEqual(['note: --seeds is now called --replications; the old name still works\n']);
    expect(() => readOptions({ ...args, seeds: '4', replications: '4' }, io)).toThrow('give --replications only (--seeds is its old name)');
  });

  it('a sweep writes to results/<experiment file name>, as its help says, whatever the name: inside', async () => {
    expect(defaultSweepDir('my/lhs.yaml', null)).toBe('results/lhs');
    expect(defaultSweepDir('my/lhs.yaml', { k: 2, n: 4 })).toBe('results/lhs-shard-2');
    const help = optionHelp((await cli('sweep', '--help')).out).get('out')!.replace(/\s+/g, ' ');
    expect(help).toContain('default: results/<experiment file name without extension>, with -shard-<k> for a shard; the name: inside the file does not change it');
  });
});
