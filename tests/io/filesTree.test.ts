import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIntoDir, writeIntoDir, writeOutputTree } from '../../src/io/files.ts';
import { listing, rejection, tempDir } from '../cli/helpers.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const MANIFEST = JSON.stringify({ format: 'govbuy-classroom' });

describe('writeOutputTree', () => {
  it('writes nested paths, text and bytes, all at once', async () => {
    const out = join(dir, 'pack');
    await writeOutputTree(out, { 'manifest.json': MANIFEST, 'charts/a.png': Uint8Array.from([1, 2, 3]), 'charts/a.svg': '<svg/>' });
    expect(listing(out)).toEqual(['charts', 'manifest.json']);
    expect([...readFileSync(join(out, 'charts', 'a.png'))]).toEqual([1, 2, 3]);
    expect(listing(dir)).toEqual(['pack']);
  });

  it('refuses paths that leave the folder', async () => {
    for (const bad of ['../x', '/abs', 'a//b', 'a/./b', '']) {
      await expect(writeOutputTree(join(dir, 'o'), { [bad]: 'x' })).rejects.toThrow(/not a relative path of plain names/);
    }
    expect(listing(dir)).toEqual([]);
  });

  it('replaces earlier results only with force', async () => {
    const out = join(dir, 'pack');
    await writeOutputTree(out, { 'manifest.json': MANIFEST, 'old.txt': 'x' });
    expect((await rejection(writeOutputTree(out, { 'manifest.json': MANIFEST }))).code).toBe('OUTPUT_EXISTS');
    await writeOutputTree(out, { 'manifest.json': MANIFEST, 'charts/b.svg': 'y' }, { force: true });
    expect(listing(out)).toEqual(['charts', 'manifest.json']);
  });
});

describe('writeIntoDir', () => {
  /** A results folder as govbuy writes it: manifest.json listing series.csv. */
  async function resultsFolder(): Promise<string> {
    const out = join(dir, 'run');
    await writeOutputTree(out, { 'manifest.json': JSON.stringify({ format: 'govbuy-run' }), 'series.csv': 'a\n' });
    return out;
  }

  it('adds files and folders beside what is there, lists them in the manifest, leaves no staging behind', async () => {
    const out = await resultsFolder();
    await writeIntoDir(out, { 'charts/a.png': Uint8Array.from([7]), 'report.md': '# r\n', 'report.html': '<p>r</p>' });
    expect(listing(out)).toEqual(['charts', 'manifest.json', 'report.html', 'report.md', 'series.csv']);
    expect(readFileSync(join(out, 'series.csv'), 'utf8')).toBe('a\n');
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files)).toEqual(['charts/a.png', 'report.html', 'report.md', 'series.csv']);
  });

  it('refuses entries that exist unless forced, then replaces only those — and never a file govbuy did not write', async () => {
    const out = await resultsFolder();
    await writeIntoDir(out, { 'charts/stale.png': 'old', 'report.md': 'r0' });
    writeFileSync(join(out, 'keep.txt'), 'keep');
    const refused = await rejection(writeIntoDir(out, { 'charts/a.png': 'new', 'report.md': 'r' }));
    expect(refused.code).toBe('OUTPUT_EXISTS');
    expect(refused.message).toMatch(/already has charts, report\.md; pass --force to replace them/);
    await writeIntoDir(out, { 'charts/a.png': 'new', 'report.md': 'r' }, { force: true });
    expect(listing(join(out, 'charts'))).toEqual(['a.png']);
    expect(listing(out)).toEqual(['charts', 'keep.txt', 'manifest.json', 'report.md', 'series.csv']);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('keep');

    // A file of the user's inside charts/, or report.md edited by hand: --force refuses, nothing changes.
    writeFileSync(join(out, 'charts', 'mine.png'), 'mine');
    const foreign = await rejection(writeIntoDir(out, { 'charts/b.png': 'x' }, { force: true }));
    expect(foreign.details).toContain('charts/mine.png: not written by govbuy');
    expect(readFileSync(join(out, 'charts', 'mine.png'), 'utf8')).toBe('mine');
    writeFileSync(join(out, 'report.md'), 'edited');
    const edited = await rejection(writeIntoDir(out, { 'report.md': 'x' }, { force: true }));
    expect(edited.details).toContain('report.md: changed since govbuy wrote it');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('edited');
  });

  it('fails clearly for a missing folder, and checkIntoDir says what exists', async () => {
    expect((await rejection(writeIntoDir(join(dir, 'nope'), { 'a.txt': 'x' }))).code).toBe('OUTPUT_UNWRITABLE');
    const out = await resultsFolder();
    await writeIntoDir(out, { 'report.md': 'x' });
    expect(await checkIntoDir(out, ['report.md', 'report.html'], { force: true })).toEqual(['report.md']);
    expect((await rejection(checkIntoDir(out, ['report.md']))).code).toBe('OUTPUT_EXISTS');
  });
});
