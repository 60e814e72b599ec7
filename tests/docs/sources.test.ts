/**
 * docs/sources.md defines every citation key: the five source documents with full references,
 * the figure sheet (FACTS.md), outside sources, the model design note (MODEL.md) and literature.
 * Every key that a scenario comment, a parameter's `source` in the schema, a targets file or a
 * doc uses must resolve there, and nothing may cite a file a reader of the repository cannot open
 * (the project's ../shared/ folder).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectParameters } from '../../src/scenario/parameters.ts';
import { ROOT } from '../helpers/scenario.ts';

const SOURCES = readFileSync(join(ROOT, 'docs', 'sources.md'), 'utf8');

/** Rows of the first Markdown table after `heading` (or of the first table), as cells. */
function table(text: string, heading?: string): string[][] {
  const from = heading ? text.indexOf(heading) : 0;
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const lines = text.slice(from).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows.slice(2); // header and separator
}

/** The keys the key table defines: `000` … `004` expands to the five; sub-keys keep their pattern. */
function definedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const [cell] of table(SOURCES)) {
    for (const [, key] of cell.matchAll(/`([^`]+)`/g)) keys.add(key);
    if (cell.includes('`000` … `004`')) for (let i = 0; i <= 4; i++) keys.add(`00${i}`);
  }
  return keys;
}

interface Text {
  where: string;
  text: string;
}

/** What cites sources: scenario and targets comments, every parameter's `source`, the docs and the README. */
function citingTexts(): Text[] {
  const out: Text[] = [];
  const comments = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const hash = line.indexOf('#');
        if (hash >= 0) out.push({ where: `${file.slice(ROOT.length)}:${i + 1}`, text: line.slice(hash) });
      });
  for (const dir of ['scenarios', 'scenarios/targets']) for (const f of readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f))) comments(join(ROOT, dir, f));
  for (const p of collectParameters()) if (p.source) out.push({ where: `schema ${p.path}`, text: p.source });
  for (const f of [...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'sources.md').map((f) => join('docs', f)), 'README.md'])
    readFileSync(join(ROOT, f), 'utf8')
      .split('\n')
      .forEach((line, i) => out.push({ where: `${f}:${i + 1}`, text: line }));
  return out;
}

describe('docs/sources.md', () => {
  const keys = definedKeys();
  const texts = citingTexts();

  it('defines the keys values cite: the five documents, FACTS.md, outside, MODEL.md and the sub-keys', () => {
    for (const k of ['000', '001', '002', '003', '004', 'FACTS.md', 'outside', 'MODEL.md', '002, problem N', '004, risk N']) expect(keys, k).toContain(k);
  });

  it('gives each source document its title, author or body, year, where it was published and what govbuy takes from it', () => {
    const rows = table(SOURCES, '## The five source documents');
    expect(rows.map((r) => r[0])).toEqual(['`000`', '`001`', '`002`', '`003`', '`004`']);
    for (const [key, title, author, year, where, what] of rows) {
      for (const [name, cell] of Object.entries({ title, author, year, where, what })) expect(cell?.length ?? 0, `${key} ${name}`).toBeGreaterThan(5);
      expect(year, key).toMatch(/20\d\d/);
    }
    // 004 is a compilation: each of its five texts is listed with its reference.
    expect(SOURCES.match(/^\d\. .*《/gm)).toHaveLength(5);
  });

  it('resolves every document key in scenarios, the schema and the docs (000–004, "002, problem N", "004, risk N")', () => {
    const bad: string[] = [];
    for (const { where, text } of texts) {
      // A key is three digits 00N on its own: not part of 10,000 or ¥1,000.005.
      for (const m of text.matchAll(/(?<![\d,.\w¥$-])00(\d)(?![\d\w]|[,.]\d)/g)) if (!keys.has(`00${m[1]}`)) bad.push(`${where}: 00${m[1]}`);
      for (const m of text.matchAll(/\b002, problem (\d+)/g)) if (Number(m[1]) < 1 || Number(m[1]) > 4) bad.push(`${where}: 002, problem ${m[1]}`);
      for (const m of text.matchAll(/\b004, risk (\d+)/g)) if (Number(m[1]) < 1 || Number(m[1]) > 5) bad.push(`${where}: 004, risk ${m[1]}`);
    }
    expect(bad).toEqual([]);
    // The scan finds keys at all (so the test can fail).
    expect(texts.filter((t) => /(?<![\d,.\w])003\b/.test(t.text)).length).toBeGreaterThan(10);
  });

  it('resolves every *.md a value cites: a file in the repository or a key defined here', () => {
    const bad: string[] = [];
    for (const { where, text } of texts.filter((t) => !t.where.startsWith('docs/') && !t.where.startsWith('README'))) {
      for (const [, name] of text.matchAll(/\b([A-Za-z][\w-]*\.md)\b/g)) {
        const file = [name, join('docs', name)].some((p) => existsSync(join(ROOT, p)));
        if (!file && !keys.has(name)) bad.push(`${where}: ${name}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('nothing cites a path a reader of the repository cannot open (the project’s ../shared/ folder)', () => {
    const bad: string[] = [];
    const scan = (dir: string) => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (/\.(ts|md|ya?ml|sh|mjs|json)$/.test(entry.name))
          readFileSync(join(ROOT, path), 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\.\.\/shared\/|\bshared\/(seeds|design)\b/.test(line)) bad.push(`${path}:${i + 1}`);
            });
      }
    };
    for (const dir of ['scenarios', 'docs', 'src', 'scripts', 'experiments', 'bin']) scan(dir);
    for (const f of ['README.md', 'package.json']) if (/\.\.\/shared\//.test(readFileSync(join(ROOT, f), 'utf8'))) bad.push(f);
    expect(bad).toEqual([]);
  });
});
