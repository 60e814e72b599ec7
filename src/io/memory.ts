/**
 * The up-front memory check every command makes before it simulates: a scenario whose agents
 * would not fit is refused with a message saying which parameter to change, instead of crashing
 * minutes later with an out-of-memory abort (a native stack trace, exit 134).
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { GovbuyError } from '../engine/errors.ts';
import { estimateMemoryBytes, ORGANIZATION_BYTES } from '../model/world.ts';
import type { Scenario } from '../scenario/schema.ts';

/**
 * Refuse, before any work, a scenario that would not fit: residents beyond the machine's memory,
 * or starting organizations beyond the JavaScript heap (organizations are heap objects; resident
 * records are not).
 */
export function checkMemory(scenario: Scenario, file: string, totalBytes = totalmem(), heapLimit = getHeapStatistics().heap_size_limit): void {
  const estimate = estimateMemoryBytes(scenario);
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  const usableHeap = 0.8 * heapLimit;
  if (estimate.organizationBytes > usableHeap) {
    const fits = Math.floor(usableHeap / ORGANIZATION_BYTES);
    throw new GovbuyError(
      'SCENARIO_INVALID',
      `${file}: ${estimate.organizations.toLocaleString('en-US')} organizations at the start need about ${gib(estimate.organizationBytes)} of JavaScript heap; this process may use ${gib(heapLimit)} (${gib(usableHeap)} usable)`,
      [`organizations.initial[].count: lower the counts to at most ${fits.toLocaleString('en-US')} in all (Hong Kong, the densest sector modelled, starts with 10,000)`],
    );
  }
  const usable = 0.8 * totalBytes;
  if (estimate.bytes <= usable) return;
  const k = scenario.region.peoplePerAgent;
  const forResidents = usable - (estimate.bytes - estimate.residentBytes);
  const needed = forResidents > 0 ? Math.ceil((k * estimate.residentBytes) / forResidents) : Infinity;
  throw new GovbuyError('SCENARIO_INVALID', `${file}: ${estimate.agents.toLocaleString('en-US')} resident agents and ${estimate.organizations.toLocaleString('en-US')} organizations need about ${gib(estimate.bytes)} of memory; this machine has ${gib(totalBytes)} (${gib(usable)} usable)`, [
    Number.isFinite(needed)
      ? `region.peoplePerAgent: raise it from ${k} to at least ${needed} (one agent then stands for ${needed} people), or lower region.population`
      : 'organizations.initial[].count: lower the counts; the organizations alone leave no memory for the residents',
  ]);
}

