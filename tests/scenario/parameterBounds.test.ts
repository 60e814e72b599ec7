/**
 * Every numeric parameter at the bounds its schema allows: a value `govbuy validate` accepts must
 * either run to the end with finite outputs, or be refused by the validation with a message that
 * names it. Never a crash ("internal error … please report") or a NaN in the results.
 *
 * Each case is a shipped scenario made small (a few thousand agents, a few years; `--set`
 * overrides through the same validation as the command line), one seed, and one parameter at its
 * schema minimum or maximum. Xitun is checked at both bounds; Luohu too, since some crashes show
 * only there (several streets, purchase and seed money from the first years).
 *
 * Assumptions, named:
 * - A parameter of a switch lever (one with `enabled`) acts only when its lever is on, so the
 *   lever is switched on from run year 0 for its own parameters (the parameter's value is set
 *   after, so a lever's own `fromYear` is tested at its bound).
 * - A parameter of a list entry (`organizations.initial[].count`) is set in every entry.
 * - Values between the bounds are not tried: the model's arithmetic is assumed to break, if
 *   anywhere, at the ends (a zero divisor, an empty or unbounded quantity), not in between.
 * - One seed, and two presets: a crash at a bound is a matter of arithmetic, not of luck; the
 *   other five presets, checked the same way once (3,000 people, 3 years), crashed at no value
 *   where these two did not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GovbuyError } from '../../src/engine/errors.ts';
import { simulate } from '../../src/model/run.ts';
import { DEFAULT_POLICIES } from '../../src/policies/registry.ts';
import { prepareScenarioText, type PreparedScenario } from '../../src/scenario/load.ts';
import { collectParameters, scenarioJsonSchema, structural } from '../../src/scenario/parameters.ts';
import { scenarioFile } from '../helpers/scenario.ts';

/**
 * Maxima that only make a run slow (or out of memory), not wrong: skipped (null) or capped at a
 * value far beyond any shipped scenario. Times are of one 3-year run of Xitun at 3,000 people.
 */
const MAX_CAPS: Record<string, number | null> = {
  // The test's own settings: the run's length and size.
  years: null,
  'region.population': null,
  // A million people per agent: 2.8 s for Luohu at 3,000 people; the plausible range ends at 1,000.
  'region.peoplePerAgent': 1000,
  // 10,000 streets are 60,000 communities and 1.6 s; past 65,535 communities the validation refuses.
  'region.districts': 10,
  'region.streetsPerDistrict': 10,
  'region.communitiesPerStreet': 100,
  // Ten million organizations per entry run out of memory.
  'organizations.initial[].count': 1000,
  // The incubator adds an organization per slot: 1,000 slots 0.3 s, 10,000 3.7 s, 100,000 nine minutes.
  'policies.incubator.slots': 1000,
};

interface Base {
  file: string;
  /** Overrides every case starts from. */
  sets: string[];
}

const XITUN: Base = {
  file: 'chifeng-xitun.yaml',
  // Its own 27,000 people as 1,350 agents: a population of 3,000 has budgets too small for a
  // single tender, and the bidding, contract and payment parameters would go untried. Four years:
  // purchase from run year 2 (2015), renewals and the micro-venture package in year 3.
  sets: ['region.peoplePerAgent=20', 'years=4'],
};
const LUOHU: Base = {
  file: 'shenzhen-luohu.yaml',
  // 50,000 people as 2,500 agents (its own 20 people each): some 40 tenders in two years. Luohu
  // buys from year 0 and spends seed money from year 1: two years hold a round, renewals and pilots.
  sets: ['region.population=50000', 'years=2'],
};

const root = scenarioJsonSchema();
const leaves = collectParameters(root).filter((p) => p.kind === 'leaf' && p.numeric && !p.path.startsWith('schedule'));

type Bound = 'minimum' | 'maximum';

interface Case {
  path: string;
  value: number;
  sets: string[];
}

function cases(prepared: PreparedScenario, base: Base, bound: Bound): Case[] {
  const entries = prepared(base.sets).organizations.initial.length;
  const out: Case[] = [];
  for (const p of leaves) {
    const limit = structural(p.schema, root)[bound];
    if (limit === undefined) continue;
    const cap = bound === 'maximum' && p.path in MAX_CAPS ? MAX_CAPS[p.path] : limit;
    if (cap === null) continue;
    const value = Math.min(limit, cap);
    const lever = /^policies\.(\w+)\./.exec(p.path)?.[1] as keyof typeof DEFAULT_POLICIES | undefined;
    const on = lever && 'enabled' in DEFAULT_POLICIES[lever] ? [`policies.${lever}.enabled=true`, `policies.${lever}.fromYear=0`] : [];
    const own = p.path.includes('[]') ? Array.from({ length: entries }, (_, i) => `${p.path.replace('[]', `.${i}`)}=${value}`) : [`${p.path}=${value}`];
    out.push({ path: p.path, value, sets: [...base.sets, ...on, ...own] });
  }
  return out;
}

/** Where in `value` a number is NaN or infinite, or null. */
function nonFinite(value: unknown, at = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${at || '(value)'} = ${value}`;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinite(child, at ? `${at}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** What is wrong with one case, or null: refused clearly, or run to the end with finite outputs. */
function problemOf(prepared: PreparedScenario, c: Case): string | null {
  const name = `${c.path}=${c.value}`;
  let scenario;
  try {
    scenario = prepared(c.sets);
  } catch (err) {
    // Refused: fine if it is the validation's own error and it names the parameter.
    const leaf = c.path.split('.').pop()!.replace('[]', '');
    if (err instanceof GovbuyError && err.code === 'SCENARIO_INVALID' && err.describe().includes(leaf)) return null;
    return `${name}: refused without naming ${leaf}: ${(err as Error).message}`;
  }
  try {
    const { summary, series } = simulate(scenario, 1);
    const bad = nonFinite(summary, 'summary') ?? nonFinite(series, 'series');
    return bad ? `${name}: ${bad}` : null;
  } catch (err) {
    return `${name}: ${(err as Error).message.split('\n')[0]}`;
  }
}

function check(base: Base, bound: Bound): { checked: number; problems: string[] } {
  const file = scenarioFile(base.file);
  const prepared = prepareScenarioText(readFileSync(file, 'utf8'), file);
  const all = cases(prepared, base, bound);
  const problems = all.map((c) => problemOf(prepared, c)).filter((p): p is string => p !== null);
  return { checked: all.length, problems };
}

describe('every numeric parameter at its schema bounds runs or is refused clearly', () => {
  it('caps only parameters that exist', () => {
    const paths = new Set(leaves.map((p) => p.path));
    expect(Object.keys(MAX_CAPS).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('finds non-finite numbers wherever they are', () => {
    expect(nonFinite({ a: 1, b: [0, null, { c: NaN }] })).toBe('b.2.c = NaN');
    expect(nonFinite([{ x: -Infinity }], 'series')).toBe('series.0.x = -Infinity');
    expect(nonFinite({ a: 1, b: [null, 'text', { c: 2 }] })).toBeNull();
  });

  for (const [base, bounds] of [
    [XITUN, ['minimum', 'maximum']],
    [LUOHU, ['minimum', 'maximum']],
  ] as const) {
    for (const bound of bounds) {
      it(`${base.file}, every parameter at its ${bound}`, () => {
        const { checked, problems } = check(base, bound);
        // Some 250 numeric parameters, nearly all bounded both ways: a walk that lost them would pass vacuously.
        expect(checked).toBeGreaterThan(230);
        expect(problems, `${problems.length} parameters crash or give non-finite results at their ${bound}:\n  ${problems.join('\n  ')}`).toEqual([]);
      });
    }
  }
});
