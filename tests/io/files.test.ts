import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, MAX_SCENARIO_BYTES, readTextFile, writeOutputDir } from '../../src/io/files.ts';
import { listing, rejection, tempDir } from '../cli/helpers.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const MANIFEST = JSON.stringify({ format: 'govbuy-run' });

describe('readTextFile', () => {
  it('reads UTF-8 text', async () => {
    const p = join(dir, 'a.yaml');
    writeFileSync(p, 'name: café 西屯\n');
    expect(await readTextFile(p)).toBe('name: café 西屯\n');
  });

  it('names the path and the reason when it cannot', async () => {
    const missing = await rejection(readTextFile(join(dir, 'nope.yaml')));
    expect(missing.code).toBe('FILE_UNREADABLE');
    expect(missing.message).toBe(`cannot read ${join(dir, 'nope.yaml')}: no such file or directory`);

    mkdirSync(join(dir, 'd.yaml'));
    expect((await rejection(readTextFile(join(dir, 'd.yaml')))).message).toMatch(/d\.yaml: it is a directory, not a file$/);

    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('name: x\nnote: caf\xe9\n', 'latin1'));
    expect((await rejection(readTextFile(join(dir, 'latin1.yaml')))).message).toMatch(
      /latin1\.yaml: it is not UTF-8 text \(line 2, byte 0xe9 at offset 17\); save it as UTF-8$/,
    );

    writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(MAX_SCENARIO_BYTES + 1, 0x20));
    expect((await rejection(readTextFile(join(dir, 'big.yaml')))).message).toMatch(/big\.yaml: it is 5\.0 MB; scenario files are limited to 5 MB$/);
  });

  it.skipIf(process.getuid?.() === 0)('reports permission denied', async () => {
    const p = join(dir, 'locked.yaml');
    writeFileSync(p, 'name: x\n');
    chmodSync(p, 0o000);
    expect((await rejection(readTextFile(p))).message).toMatch(/locked\.yaml: permission denied$/);
  });

  it('finds the first invalid UTF-8 byte', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from('é西🙂', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe8, 0xa5]))).toBe(1); // truncated
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
  });
});

describe('writeOutputDir', () => {
  it('creates parent directories and writes every file, leaving no staging behind', async () => {
    const out = join(dir, 'a', 'b', 'run');
    await writeOutputDir(out, { 'manifest.json': MANIFEST, 'x.csv': 'a\n1\n' });
    expect(listing(out)).toEqual(['manifest.json', 'x.csv']);
    expect(readFileSync(join(out, 'x.csv'), 'utf8')).toBe('a\n1\n');
    expect(listing(join(dir, 'a', 'b'))).toEqual(['run']);
  });

  it('fsyncs every file before the folder that is renamed into place (a power cut leaves it whole or absent)', async () => {
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const sync = proto.sync;
    const synced: string[] = [];
    proto.sync = async function (this: Awaited<ReturnType<typeof open>>) {
      const info = await this.stat();
      synced.push(info.isDirectory() ? 'folder' : `file of ${info.size} bytes`);
      return sync.call(this);
    };
    try {
      await writeOutputDir(join(dir, 'synced'), { 'manifest.json': MANIFEST, 'x.csv': 'a\n1\n', 'y.csv': 'b\n22\n' });
    } finally {
      proto.sync = sync;
    }
    const manifestBytes = readFileSync(join(dir, 'synced', 'manifest.json')).length;
    expect(synced.slice(0, 3).sort()).toEqual([`file of ${manifestBytes} bytes`, 'file of 4 bytes', 'file of 5 bytes'].sort());
    expect(synced.slice(3)).toEqual(['folder', 'folder']); // the staging folder, then its parent after the rename
  });

  it('fills an existing empty directory', async () => {
    const out = join(dir, 'empty');
    mkdirSync(out);
    await writeOutputDir(out, { 'f.txt': 'x' });
    expect(listing(out)).toEqual(['f.txt']);
  });

  it('refuses existing results without force and replaces them with force', async () => {
    const out = join(dir, 'run');
    await writeOutputDir(out, { 'manifest.json': MANIFEST, 'old.txt': 'old' });
    const refused = await rejection(writeOutputDir(out, { 'manifest.json': MANIFEST, 'new.txt': 'new' }));
    expect(refused.code).toBe('OUTPUT_EXISTS');
    expect(refused.message).toBe(`${out} already holds results; choose another --out or pass --force`);
    expect(listing(out)).toEqual(['manifest.json', 'old.txt']);

    await writeOutputDir(out, { 'manifest.json': MANIFEST, 'new.txt': 'new' }, { force: true });
    expect(listing(out)).toEqual(['manifest.json', 'new.txt']);
    expect(listing(dir)).toEqual(['run']);
  });

  it('never replaces a directory that does not hold govbuy results, even with force', async () => {
    const out = join(dir, 'src');
    mkdirSync(out);
    writeFileSync(join(out, 'precious.ts'), 'keep me');
    const err = await rejection(writeOutputDir(out, { 'f.txt': 'x' }, { force: true }));
    expect(err.code).toBe('OUTPUT_EXISTS');
    expect(err.message).toMatch(/does not hold govbuy results/);
    expect(readFileSync(join(out, 'precious.ts'), 'utf8')).toBe('keep me');
    expect(listing(dir)).toEqual(['src']);
  });

  it('refuses a file in the way', async () => {
    writeFileSync(join(dir, 'taken'), 'x');
    const err = await rejection(writeOutputDir(join(dir, 'taken'), { 'f.txt': 'x' }, { force: true }));
    expect(err.code).toBe('OUTPUT_EXISTS');
    expect(err.message).toMatch(/exists and is not a directory/);
  });

  it('leaves nothing behind when writing fails', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const under = await rejection(writeOutputDir(join(dir, 'file', 'run'), { 'f.txt': 'x' }));
    expect(under.code).toBe('OUTPUT_UNWRITABLE');

    const tooLong = 'n'.repeat(300);
    const mid = await rejection(writeOutputDir(join(dir, 'run'), { 'a.txt': 'x', [tooLong]: 'y' }));
    expect(mid.code).toBe('OUTPUT_UNWRITABLE');
    expect(mid.message).toMatch(/too long/);
    expect(listing(dir)).toEqual(['file']);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});
