import { describe, expect, it } from 'vitest';
import { checkMemory } from '../../src/cli/scenarioInput.ts';
import { GovbuyError } from '../../src/engine/errors.ts';
import { RESIDENT_BYTES } from '../../src/agents/resident.ts';
import { estimateMemoryBytes, ORGANIZATION_BYTES } from '../../src/model/world.ts';
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
      expect(text).toMatch(new RegExp(`14,000,000 resident agents and [\\d,]+ organizations need about ${gib.replace('.', '\\.')} GiB`));
      expect(text).toMatch(/region\.peoplePerAgent: raise it from 1 to at least \d+/);
    }
    expect(() => checkMemory(scenario, 'gz.yaml', 24 * 2 ** 30)).not.toThrow();
  });

  it('counts the organizations a scenario starts with, and refuses up front more than the JavaScript heap holds', () => {
    const few = loadScenario('chifeng-xitun.yaml', { 'organizations.initial': [{ count: 10, status: 'registered' }] });
    const many = loadScenario('chifeng-xitun.yaml', { 'organizations.initial': [{ count: 4_000_000, status: 'registered' }, { count: 6_000_000, status: 'self' }] });
    expect(estimateMemoryBytes(many).organizations).toBe(10_000_000);
    expect(estimateMemoryBytes(many).bytes - estimateMemoryBytes(few).bytes).toBe((10_000_000 - 10) * ORGANIZATION_BYTES);
    // 10 million organizations need about 7.5 GiB of heap: refused on a 4 GiB heap, whatever the machine's memory.
    try {
      checkMemory(many, 'big.yaml', 24 * 2 ** 30, 4 * 2 ** 30);
      expect.unreachable('10 million organizations should be refused on a 4 GiB heap');
    } catch (err) {
      expect(err).toBeInstanceOf(GovbuyError);
      const text = (err as GovbuyError).describe();
      expect(text).toContain('big.yaml: 10,000,000 organizations at the start need about 7.5 GiB of JavaScript heap; this process may use 4.0 GiB');
      expect(text).toMatch(/organizations\.initial\[\]\.count: lower the counts to at most [\d,]+ in all/);
    }
    expect(() => checkMemory(many, 'big.yaml', 24 * 2 ** 30, 16 * 2 ** 30)).not.toThrow();
    expect(() => checkMemory(few, 'small.yaml', 24 * 2 ** 30, 4 * 2 ** 30)).not.toThrow();
  });
});
