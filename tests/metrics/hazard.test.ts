/** The hazard by age year in summary.json: a life table of exits per organization-year at risk. */
import { describe, expect, it } from 'vitest';
import { hazardByAgeYear } from '../../src/metrics/summary.ts';
import { createOrganization } from '../../src/state/organization.ts';

function org(formalSince: number, exitMonth: number | null) {
  const o = createOrganization(0, { type: 'socialOrganization', status: 'registered', origin: 'grassroots', insider: false, domain: 0, street: 0, month: formalSince, cash: 0, members: 5, skill: 0.4, reputation: 0.4, payLevel: 1 });
  if (exitMonth !== null) {
    o.alive = false;
    o.exitMonth = exitMonth;
  }
  return o;
}

describe('hazard by age year', () => {
  it('counts exits per organization-year at risk, age from filing or registration', () => {
    // Ten organizations from month 0 of a 36-month run: two exit in their first year (months 5
    // and 11), one in its second (month 18), the rest survive.
    const orgs = [org(0, 5), org(0, 11), org(0, 18), ...Array.from({ length: 7 }, () => org(0, null))];
    const h = hazardByAgeYear(orgs, 36);
    // Year 1: 2 exits over (5 + 11 + 8 × 12) / 12 organization-years.
    expect(h[0]).toBeCloseTo(2 / ((5 + 11 + 8 * 12) / 12), 12);
    // Year 2: 1 exit over (6 + 7 × 12) / 12.
    expect(h[1]).toBeCloseTo(1 / ((6 + 7 * 12) / 12), 12);
    // Year 3: nobody exits; 7 organizations at risk all year.
    expect(h[2]).toBe(0);
    // Year 4 and later: nobody was at risk.
    expect(h.slice(3)).toEqual(Array(7).fill(null));
  });

  it('starts each organization’s clock when it became formal', () => {
    const h = hazardByAgeYear([org(24, 30)], 60);
    expect(h[0]).toBeCloseTo(1 / (6 / 12), 12);
    expect(h[1]).toBeNull();
  });
});
