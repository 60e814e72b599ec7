/**
 * Golden summaries: fixed scenarios and seeds whose complete run summary is stored. Any change
 * to outcomes — an optimisation that was meant to change nothing, or a deliberate model change —
 * shows up here. To accept a deliberate change, regenerate with a note saying why:
 *   GOVBUY_UPDATE_GOLDEN=1 GOVBUY_GOLDEN_NOTE="why the outcomes changed" npx vitest run tests/golden
 * The note and the previous notes are kept in each file's `history`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/run.ts';
import { loadScenario } from '../helpers/scenario.ts';

const CASES: { name: string; scenario: string; seed: number; sets: Record<string, unknown> }[] = [
  { name: 'xitun-seed1-10y', scenario: 'chifeng-xitun.yaml', seed: 1, sets: { years: 10 } },
  {
    name: 'xitun-vouchers-seed2-8y',
    scenario: 'chifeng-xitun.yaml',
    seed: 2,
    sets: { years: 8, 'policies.bidding.mode': 'voucher', 'policies.seedFund.lotteryFundPerYear': 2000000, 'policies.compensation.enabled': true, 'region.peoplePerAgent': 10 },
  },
  // Many districts (12), each with its own streams of needs and delivery.
  { name: 'guangzhou-seed3-6y', scenario: 'guangzhou.yaml', seed: 3, sets: { years: 6 } },
];

interface Golden {
  history: string[];
  summary: unknown;
}

describe('golden run summaries', () => {
  for (const c of CASES) {
    it(`${c.name} is unchanged`, () => {
      const file = new URL(`./${c.name}.json`, import.meta.url);
      const summary = JSON.parse(JSON.stringify(simulate(loadScenario(c.scenario, c.sets), c.seed).summary));
      if (process.env.GOVBUY_UPDATE_GOLDEN === '1') {
        const note = process.env.GOVBUY_GOLDEN_NOTE?.trim();
        if (!note) throw new Error('set GOVBUY_GOLDEN_NOTE to say why the outcomes changed');
        const previous: Golden | null = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
        const golden: Golden = { history: [...(previous?.history ?? []), note], summary };
        writeFileSync(file, JSON.stringify(golden, null, 1) + '\n');
      }
      expect(existsSync(file), `no golden file for ${c.name}; create it with GOVBUY_UPDATE_GOLDEN=1`).toBe(true);
      const golden: Golden = JSON.parse(readFileSync(file, 'utf8'));
      expect(summary).toEqual(golden.summary);
    });
  }
});
