import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  it('adds files and folders beside what is there, leaving no staging behind', async () => {
    writeFileSync(join(dir, 'series.csv'), 'a\n');
    await writeIntoDir(dir, { 'charts/a.png': Uint8Array.from([7]), 'report.md': '# r\n', 'report.html': '<p>r</p>' });
    expect(listing(dir)).toEqual(['charts', 'report.html', 'report.md', 'series.csv']);
    expect(readFileSync(join(dir, 'series.csv'), 'utf8')).toBe('a\n');
  });

  it('refuses entries that exist unless forced, then replaces only those', async () => {
    mkdirSync(join(dir, 'charts'));
    writeFileSync(join(dir, 'charts', 'stale.png'), 'old');
    writeFileSync(join(dir, 'keep.txt'), 'keep');
    const refused = await rejection(writeIntoDir(dir, { 'charts/a.png': 'new', 'report.md': 'r' }));
    expect(refused.code).toBe('OUTPUT_EXISTS');
    expect(refused.message).toMatch(/already has charts; pass --force to replace it/);
    expect(listing(dir)).toEqual(['charts', 'keep.txt']);
    await writeIntoDir(dir, { 'charts/a.png': 'new', 'report.md': 'r' }, { force: true });
    expect(listing(join(dir, 'charts'))).toEqual(['a.png']);
    expect(listing(dir)).toEqual(['charts', 'keep.txt', 'report.md']);
  });

  it('fails clearly for a missing folder, and checkIntoDir says what exists', async () => {
    expect((await rejection(writeIntoDir(join(dir, 'nope'), { 'a.txt': 'x' }))).code).toBe('OUTPUT_UNWRITABLE');
    writeFileSync(join(dir, 'report.md'), 'x');
    expect(await checkIntoDir(dir, ['report.md', 'report.html'], { force: true })).toEqual(['report.md']);
    expect((await rejection(checkIntoDir(dir, ['report.md']))).code).toBe('OUTPUT_EXISTS');
  });
});
