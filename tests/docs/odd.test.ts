/**
 * docs/ODD.md's parameter tables are generated from the scenario schema (`npm run docs`); these
 * tests fail when the document is stale or when the schema lacks the metadata the tables need.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BEGIN_MARKER, END_MARKER, extractGenerated, renderParameterTables, wrapGenerated } from '../../scripts/parameterTables.ts';
import { collectParameters, scenarioJsonSchema, type Parameter } from '../../src/scenario/parameters.ts';

const ODD = fileURLToPath(new URL('../../docs/ODD.md', import.meta.url));

/**
 * Fields exempt from needing a `source`: they are labels or the user's own inputs, not model
 * quantities with a default that could be cited or assumed. They still need a description.
 */
const NO_SOURCE_NEEDED: Record<string, string> = {
  name: 'free-text label of the scenario',
  description: 'free-text label of the scenario',
  seed: 'random seed: no empirical meaning',
  'schedule[].year': 'the user’s own policy timeline; no default',
  'schedule[].set': 'the user’s own policy timeline; no default',
  'schedule[].note': 'free-text comment',
};

/**
 * Numeric assumptions that need no plausible range: scenario design choices that experiments
 * set on purpose rather than uncertain quantities that sensitivity analysis should vary.
 * `*` matches one path segment.
 */
const NO_RANGE_NEEDED: Record<string, string> = {
  'policies.*.fromYear': 'timing of a lever is an experimental design choice, varied by scenarios, not an uncertain quantity',
  'region.districts': 'administrative structure of the modelled region, fixed by the scenario',
  'region.streetsPerDistrict': 'administrative structure of the modelled region, fixed by the scenario',
  'organizations.initial[].count': 'composition of the starting population, written per entry by the scenario',
};

function matches(pattern: string, path: string): boolean {
  const p = pattern.split('.');
  const s = path.split('.');
  return p.length === s.length && p.every((part, i) => part === '*' || part === s[i]);
}
const allowed = (list: Record<string, string>, path: string) => Object.keys(list).some((pattern) => matches(pattern, path));

const params = collectParameters(scenarioJsonSchema());
const leaves = params.filter((p) => p.kind === 'leaf');
const isAssumption = (p: Parameter) => /^assumption/i.test(p.source?.trim() ?? '');

function listing(title: string, paths: string[]): string {
  return `${title} (${paths.length}):\n  ${paths.join('\n  ')}`;
}

describe('docs/ODD.md', () => {
  test('exists and has the generated-parameters markers, once each and in order', () => {
    expect(existsSync(ODD), 'docs/ODD.md is missing: run `npm run docs`').toBe(true);
    const doc = readFileSync(ODD, 'utf8');
    expect(doc.split(BEGIN_MARKER).length - 1, `docs/ODD.md must contain ${BEGIN_MARKER} exactly once`).toBe(1);
    expect(doc.split(END_MARKER).length - 1, `docs/ODD.md must contain ${END_MARKER} exactly once`).toBe(1);
    expect(doc.indexOf(BEGIN_MARKER)).toBeLessThan(doc.indexOf(END_MARKER));
  });

  test('its parameter tables are what the generator produces from the schema now', () => {
    const doc = readFileSync(ODD, 'utf8');
    const current = extractGenerated(doc);
    expect(current, 'docs/ODD.md is stale: run `npm run docs` and commit the result').toBe(wrapGenerated(renderParameterTables()));
  });
});

describe('scenario schema metadata', () => {
  test('the schema has parameters in every documented section', () => {
    const sections = new Set(params.map((p) => p.section));
    for (const s of ['', 'region', 'labour', 'domains', 'residents', 'organizations', 'governments', 'committees', 'schedule']) {
      expect(sections, `no parameters in section "${s}"`).toContain(s);
    }
    expect([...sections].filter((s) => s.startsWith('policies.')).length).toBeGreaterThan(0);
  });

  test('every leaf parameter has a non-empty description', () => {
    const missing = leaves.filter((p) => !p.description?.trim()).map((p) => p.path);
    expect(missing, listing('parameters without a description', missing)).toEqual([]);
  });

  test('every leaf parameter has a source (a citation, or "assumption…")', () => {
    const missing = leaves.filter((p) => !p.source?.trim() && !allowed(NO_SOURCE_NEEDED, p.path)).map((p) => p.path);
    expect(missing, listing('parameters without a source', missing)).toEqual([]);
  });

  test('every numeric assumption has a plausible range, or is allow-listed with a reason', () => {
    const missing = leaves
      .filter((p) => p.numeric && isAssumption(p) && !p.range && !allowed(NO_RANGE_NEEDED, p.path))
      .map((p) => p.path);
    expect(missing, listing('numeric assumptions without a range', missing)).toEqual([]);
  });

  test('plausible ranges are ordered, inside the allowed bounds, and contain the default', () => {
    const bad: string[] = [];
    for (const p of leaves) {
      if (!p.range) continue;
      const [lo, hi] = p.range;
      const s = p.schema;
      const problems = [
        lo > hi && `lo ${lo} > hi ${hi}`,
        s.minimum !== undefined && lo < s.minimum && `lo ${lo} < minimum ${s.minimum}`,
        s.maximum !== undefined && hi > s.maximum && `hi ${hi} > maximum ${s.maximum}`,
        typeof p.default === 'number' && (p.default < lo || p.default > hi) && `default ${p.default} outside [${lo}, ${hi}]`,
      ].filter(Boolean);
      if (problems.length > 0) bad.push(`${p.path}: ${problems.join('; ')}`);
    }
    expect(bad, listing('bad plausible ranges', bad)).toEqual([]);
  });

  test('§7.16 lists every assumption (domains as `domains.<name>`: field low–high)', () => {
    const doc = readFileSync(ODD, 'utf8');
    const section = doc.slice(doc.indexOf('### 7.16'), doc.indexOf('### 7.17'));
    const listed = (p: Parameter) => {
      const path = p.path.replace(/\.\d+\./g, '[].');
      const domain = /^domains\.(\w+)\.(\w+)$/.exec(p.path);
      if (domain) return new RegExp(`\`domains\\.${domain[1]}\`:[^;]*\\b${domain[2]}\\b`).test(section);
      return section.includes(`\`${path}\``) || section.includes(`\`${p.path}\``);
    };
    const missing = leaves.filter((p) => isAssumption(p) && !listed(p)).map((p) => p.path);
    expect(missing, listing('assumptions missing from §7.16', missing)).toEqual([]);
  });

  test('allow-list entries still name schema fields', () => {
    const stale = [...Object.keys(NO_SOURCE_NEEDED), ...Object.keys(NO_RANGE_NEEDED)].filter(
      (pattern) => !leaves.some((p) => matches(pattern, p.path)),
    );
    expect(stale, listing('allow-list entries matching no parameter', stale)).toEqual([]);
  });
});
