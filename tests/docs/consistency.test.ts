/**
 * The docs say what the code does: every run count and design size written next to a shipped
 * experiment (README, docs, the experiment files' own comments) is its design's, every product
 * "a × b × c = N" adds up, and the lists of shipped experiments and region presets are the files
 * there are. (The files each command writes are checked against the docs by readme.test.ts, on
 * the folders the README's walk-through makes.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExperimentText, runCount } from '../../src/experiments/file.ts';
import { SERIES_COLUMNS } from '../../src/metrics/series.ts';
import { MECHANISMS } from '../../src/model/mechanisms.ts';
import { MECHANISM_PLACES } from '../../scripts/mechanismsTable.ts';
import { ROOT } from '../helpers/scenario.ts';

const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');
const EXPERIMENTS = readdirSync(join(ROOT, 'experiments')).filter((f) => f.endsWith('.yaml')).sort();
const PRESETS = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
const runs = new Map(EXPERIMENTS.map((f) => [basename(f, '.yaml'), runCount(parseExperimentText(read('experiments', f), f))]));

/** Every line that may state sizes: README, docs (but the generated parameter tables) and the experiment files. */
function lines(): { where: string; text: string }[] {
  const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'ODD.md').map((f) => `docs/${f}`), ...EXPERIMENTS.map((f) => `experiments/${f}`)];
  return files.flatMap((f) => read(f).split('\n').map((text, i) => ({ where: `${f}:${i + 1}`, text })));
}

const number = (s: string) => Number(s.replace(/,/g, ''));

describe('docs agree with the code', () => {
  const all = lines();

  it('every "a × b × … = N" adds up', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const { where, text } of all) {
      for (const m of text.matchAll(/((?:\d[\d,]*(?: [a-z]+)? × )+\d[\d,]*(?: [a-z]+)?) = (\d[\d,]*)/g)) {
        seen++;
        const product = m[1].split(' × ').reduce((p, term) => p * number(term.split(' ')[0]), 1);
        if (product !== number(m[2])) bad.push(`${where}: ${m[0]} (the product is ${product.toLocaleString('en-US')})`);
      }
    }
    expect(bad).toEqual([]);
    expect(seen).toBeGreaterThan(8);
  });

  it('every run count stated next to a shipped experiment is its design’s', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const { where, text } of all) {
      const named = [...text.matchAll(/experiments\/([\w-]+)\.yaml/g)].map((m) => m[1]).filter((n) => runs.has(n));
      // An experiment file's own usage line ("npx govbuy sweep … # N runs") speaks of itself.
      const self = where.startsWith('experiments/') && /^\s*#.*govbuy sweep/.test(text) ? [where.slice('experiments/'.length).split('.yaml')[0]] : [];
      const names = [...new Set([...named, ...self])];
      if (names.length !== 1) continue;
      const expected = runs.get(names[0])!;
      const stated = [...text.matchAll(/(?:= |# |\| )(\d[\d,]*)(?: runs\b| \|$)/g)].map((m) => number(m[1]));
      for (const n of stated) {
        seen++;
        if (n !== expected) bad.push(`${where}: ${n.toLocaleString('en-US')} runs stated for ${names[0]}, whose design has ${expected.toLocaleString('en-US')}`);
      }
    }
    expect(bad).toEqual([]);
    expect(seen).toBeGreaterThanOrEqual(EXPERIMENTS.length);
  });

  it('the shipped-experiments table and the README list every experiment file, and no other', () => {
    const doc = read('docs', 'experiments.md');
    const table = doc.slice(doc.indexOf('## Shipped experiments'));
    const rows = [...table.slice(0, table.indexOf('\n\n', table.indexOf('| File |'))).matchAll(/^\| `experiments\/([\w-]+\.yaml)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(EXPERIMENTS);
    const readme = read('README.md');
    const shipped = readme.slice(readme.indexOf('Shipped:\n`'), readme.indexOf('experiments/cluster/', readme.indexOf('Shipped:\n`')));
    expect([...shipped.matchAll(/`([\w-]+)`/g)].map((m) => `${m[1]}.yaml`).sort()).toEqual(EXPERIMENTS);
  });

  it('the README and docs/regions.md list every region preset, and no other', () => {
    const readme = read('README.md');
    const presets = readme.slice(readme.indexOf('### Region presets'), readme.indexOf('\n## ', readme.indexOf('### Region presets')));
    expect([...new Set([...presets.matchAll(/`scenarios\/([\w-]+\.yaml)`/g)].map((m) => m[1]))].sort()).toEqual(PRESETS);
    const regions = read('docs', 'regions.md');
    const table = regions.slice(regions.indexOf('## The presets'), regions.indexOf('\n## ', regions.indexOf('## The presets') + 3));
    expect([...table.matchAll(/\(`([\w-]+\.yaml)`\)/g)].map((m) => m[1]).sort()).toEqual(PRESETS);
  });

  it('the README lists series.csv\'s columns in the file\'s order, every one', () => {
    const readme = read('README.md');
    const start = readme.indexOf('**`series.csv`**');
    const table = readme.slice(start, readme.indexOf('\n\n', readme.indexOf('| --- |', start)));
    expect([...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1])).toEqual([...SERIES_COLUMNS]);
  });

  it('docs/mechanisms.md lists every mechanism knock-out, in the catalogue\'s order, and tabulates each for every place', () => {
    const doc = read('docs', 'mechanisms.md');
    const listed = [...doc.matchAll(/^\| `([a-z][a-z-]*)` \| /gm)].map((m) => m[1]);
    expect(listed).toEqual(MECHANISMS.map((m) => m.id));
    for (const place of MECHANISM_PLACES) {
      const start = doc.indexOf(`### ${place.place}`);
      expect(start, `docs/mechanisms.md has no section for ${place.place}`).toBeGreaterThan(0);
      const next = doc.indexOf('\n### ', start + 4);
      const section = doc.slice(start, next < 0 ? undefined : next);
      expect([...section.matchAll(/^\| ([a-z][a-z-]*) \| /gm)].map((m) => m[1]).filter((id) => id !== 'without'), place.place).toEqual(MECHANISMS.map((m) => m.id));
    }
  });
});
