import { describe, expect, it } from 'vitest';
import { checkMemory } from '../../src/cli/scenarioInput.ts';
import { GovbuyError } from '../../src/engine/errors.ts';
import { RESIDENT_BYTES } from '../../src/agents/resident.ts';
import { estimateMemoryBytes } from '../../src/model/world.ts';
import { loadScenario } from '../helpers/scenario.ts';

describe('memory needed by a run', () => {
  it('grows by the resident record size per agent', () => {
    const small = estimateMemoryBytes(loadScenario('chifeng-xitun.yaml', { 'region.population': 1_000_000 }));
    const large = estimateMemoryBytes(loadScenario('chifeng-xitun.yaml', { 'region.population': 2_000_000 }));
    expect(large.bytes - small.bytes).toBe(1_000_000 * RESIDENT_BYTES);
    // About 64 bytes of state per resident is the budget for full-scale regions (docs/performance.md).
    expect(RESIDENT_BYTES).toBeLessThanOrEqual(64);
  });

  it('refuses up front, with the estimate and what to change, a region too large for the machine', () => {
    const scenario = loadScenario('chifeng-xitun.yaml', { 'region.population': 14_000_000, 'region.streetsPerDistrict': 132 });
    expect(() => checkMemory(scenario, 'gz.yaml', 2 ** 29)).toThrow(GovbuyError);
    try {
      checkMemory(scenario, 'gz.yaml', 2 ** 29);
    } catch (err) {
      const text = (err as GovbuyError).describe();
      const gib = (estimateMemoryBytes(scenario).bytes / 2 ** 30).toFixed(1);
      expect(gib).toMatch(/^0\.[3-6]$/); // 14 million agents at about 24 bytes each, plus the fixed part
      expect(text).toContain(`14,000,000 resident agents need about ${gib} GiB`);
      expect(text).toMatch(/region\.peoplePerAgent: raise it from 1 to at least \d+/);
    }
    expect(() => checkMemory(scenario, 'gz.yaml', 24 * 2 ** 30)).not.toThrow();
  });
});
