import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assumptionRows } from '../../src/report/assumptions.ts';
import { sourceText } from '../../src/report/i18n.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';
import { scenarioFile } from '../helpers/scenario.ts';

describe('sourceText', () => {
  it('marks an assumption as 假设 in Chinese, keeping a cited source after it as written', () => {
    expect(sourceText('assumption', 'zh')).toBe('假设');
    expect(sourceText('assumption; Shenzhen: average tenure under two years (FACTS.md, outside)', 'zh')).toBe('假设；Shenzhen: average tenure under two years (FACTS.md, outside)');
    expect(sourceText('assumption: a first instalment on signing is common (004, risk 4)', 'zh')).toBe('假设：a first instalment on signing is common (004, risk 4)');
    expect(sourceText('assumption, calibrated to Shenzhen', 'zh')).toBe('假设，calibrated to Shenzhen');
    expect(sourceText('assumption (Qingyuan’s social-work classes, 001)', 'zh')).toBe('假设（Qingyuan’s social-work classes, 001）');
    // A cited source that is not an assumption, and English, are left alone.
    expect(sourceText('Xitun: 27,000 residents (003)', 'zh')).toBe('Xitun: 27,000 residents (003)');
    expect(sourceText('002, problem 4; level an assumption', 'zh')).toBe('002, problem 4; level an assumption');
    expect(sourceText('assumption; x', 'en')).toBe('assumption; x');
  });

  it('leaves no row of a report’s table of assumptions starting with "assumption" in Chinese', () => {
    const xitun = scenarioFile('chifeng-xitun.yaml');
    const rows = assumptionRows(parseScenarioText(readFileSync(xitun, 'utf8'), xitun));
    expect(rows.filter((r) => r.source.startsWith('assumption')).length).toBeGreaterThan(100);
    for (const r of rows) expect(sourceText(r.source, 'zh'), r.path).not.toMatch(/^assumption/);
  });
});
