/** The calibrated scenario file: fitted values set, each with a comment, every other line untouched. */
import { describe, expect, it } from 'vitest';
import { editScenarioText } from '../../src/calibration/scenarioWriter.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';

const YAML_TEXT = `# A scenario
name: test # the name
residents:
  initialTrust: 0.3 # ASSUMPTION [0.15, 0.5]
organizations:
  initial:
    - count: 5
      skill: 0.3 # ASSUMPTION [0.2, 0.4]
  memberLeavePerMonth: 0.06
policies:
  incubator:
    enabled: true
    slots: 10 # places
  bidding: { method: openTender }
`;

describe('editing a YAML scenario', () => {
  it('replaces a value and its comment on its own line, keeping the old ones in the comment', () => {
    const out = editScenarioText(YAML_TEXT, 's.yaml', [{ path: 'policies.incubator.slots', value: 14, comment: 'calibrated: median (90% CI 9–19), fit' }]);
    expect(out).toBe(YAML_TEXT.replace('slots: 10 # places', 'slots: 14 # calibrated: median (90% CI 9–19), fit; was 10, places'));
  });

  it('edits list entries and values without a comment', () => {
    const out = editScenarioText(YAML_TEXT, 's.yaml', [
      { path: 'organizations.initial.0.skill', value: 0.35, comment: 'c1' },
      { path: 'organizations.memberLeavePerMonth', value: 0.04, comment: 'c2' },
    ]);
    expect(out).toContain('      skill: 0.35 # c1; was 0.3, ASSUMPTION [0.2, 0.4]\n');
    expect(out).toContain('  memberLeavePerMonth: 0.04 # c2; was 0.06\n');
  });

  it('inserts a parameter the file does not give under its section, or a new section at the end', () => {
    const out = editScenarioText(YAML_TEXT, 's.yaml', [
      { path: 'residents.satisfyingQuality', value: 0.45, comment: 'c1' },
      { path: 'committees.serviceQuality', value: 0.55, comment: 'c2' },
      { path: 'committees.serviceRate', value: 0.6, comment: 'c3' },
      { path: 'policies.incubator.months', value: 9, comment: 'c4' },
    ]);
    expect(out).toContain('  initialTrust: 0.3 # ASSUMPTION [0.15, 0.5]\n  satisfyingQuality: 0.45 # c1; not in the file before\norganizations:\n');
    expect(out).toContain('    slots: 10 # places\n    months: 9 # c4; not in the file before\n  bidding:');
    expect(out.endsWith('committees:\n  serviceQuality: 0.55 # c2; not in the file before\n  serviceRate: 0.6 # c3; not in the file before\n')).toBe(true);
    const s = parseScenarioText(out, 's.yaml');
    expect([s.residents.satisfyingQuality, s.committees.serviceQuality, s.committees.serviceRate, s.policies.incubator.months]).toEqual([0.45, 0.55, 0.6, 9]);
    expect(s.residents.initialTrust).toBe(0.3);
  });

  it('falls back to the Document API inside a flow mapping', () => {
    const out = editScenarioText(YAML_TEXT, 's.yaml', [{ path: 'policies.bidding.markup', value: 0.1, comment: 'c' }]);
    const s = parseScenarioText(out, 's.yaml');
    expect(s.policies.bidding.markup).toBe(0.1);
    expect(s.policies.bidding.method).toBe('openTender');
    expect(out).toContain('# ASSUMPTION [0.2, 0.4]');
  });
});

describe('editing a JSON scenario', () => {
  it('sets the values (JSON has no comments)', () => {
    const out = editScenarioText('{"name": "x", "policies": {"incubator": {"slots": 10}}}', 's.json', [
      { path: 'policies.incubator.slots', value: 12, comment: 'c' },
      { path: 'residents.satisfyingQuality', value: 0.5, comment: 'c' },
    ]);
    expect(JSON.parse(out)).toEqual({ name: 'x', policies: { incubator: { slots: 12 } }, residents: { satisfyingQuality: 0.5 } });
  });
});
