import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fixture, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('govbuy validate', () => {
  const files = readdirSync('scenarios').filter((f) => /\.(ya?ml|json)$/.test(f));

  it('finds scenario files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('passes scenarios/%s', async (name) => {
    const r = await cli('validate', join('scenarios', name));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^ok: scenarios/${name.replace('.', '\\.')} \\(.+, \\d+ years?\\)\\n$`));
  });

  it('applies --set and --years', async () => {
    const file = fixture(dir, 'v.yaml', 'name: little\n');
    const r = await cli('validate', file, '--years', '3', '--set', 'policies.incubator.enabled=true');
    expect(r.out).toBe(`ok: ${file} (little, 3 years)\n`);
  });

  it('prints the errors and exits 2', async () => {
    const file = fixture(dir, 'bad.yaml', 'years: 0\n');
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`error: ${file}: 1 problem in the scenario\n  ✖ ${file}:1:8 years: expected a whole number between 1 and 200, found 0\n`);
  });
});

describe('govbuy schema', () => {
  it('prints the JSON Schema of scenario files', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.$id).toBeTypeOf('string');
    expect(schema.title).toBe('govbuy scenario');
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.properties.policies.type).toBe('object');
    expect(schema.properties.policies.properties.payments.properties.advanceShare).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(r.out.endsWith('}\n')).toBe(true);
  });
});

describe('help and version', () => {
  it('--help lists the commands and exit codes', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['run [scenario]', 'validate <file>', 'schema', 'compare <places..>']) expect(r.out).toContain(`govbuy ${c}`);
    expect(r.out).toContain('Exit codes: 0 ok, 1 internal error, 2 bad input');
  });

  it.each(['run', 'validate', 'schema'])('govbuy %s --help', async (name) => {
    const r = await cli(name, '--help');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^govbuy ${name}`));
  });

  it('run --help documents the options', async () => {
    const r = await cli('run', '--help');
    for (const option of ['--seed', '--years', '--set', '--out', '--force']) expect(r.out).toContain(option);
  });

  it('--version prints the package version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
  });
});
