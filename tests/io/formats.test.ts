import { describe, expect, it } from 'vitest';
import { formatNumber, stableJson, toCsv } from '../../src/io/formats.ts';

describe('formatNumber', () => {
  it('writes integers as they are', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(240)).toBe('240');
    expect(formatNumber(-17)).toBe('-17');
    expect(formatNumber(2 ** 53)).toBe('9007199254740992');
    expect(formatNumber(1e21)).toBe('1000000000000000000000');
  });

  it('rounds other numbers to 10 significant digits', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1 / 3)).toBe('0.3333333333');
    expect(formatNumber(-2 / 3)).toBe('-0.6666666667');
    expect(formatNumber(123456789.123456)).toBe('123456789.1');
    expect(formatNumber(15.555555555555555)).toBe('15.55555556');
  });

  it('never writes exponents for small numbers', () => {
    expect(formatNumber(1.5e-7)).toBe('0.00000015');
    expect(formatNumber(-1.234567891234e-9)).toBe('-0.000000001234567891');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    for (const x of [3e-12, 7.5e-20, 1e-300]) expect(formatNumber(x)).not.toMatch(/e/i);
  });

  it('refuses NaN and infinities', () => {
    expect(() => formatNumber(NaN)).toThrow(/NaN/);
    expect(() => formatNumber(Infinity)).toThrow(/Infinity/);
    expect(() => formatNumber(-Infinity)).toThrow(/Infinity/);
  });
});

describe('toCsv', () => {
  it('writes a header and rows in column order, ending in a newline', () => {
    const csv = toCsv(['b', 'a'], [
      { a: 1, b: 0.5 },
      { a: 2, b: 1 / 3 },
    ]);
    expect(csv).toBe('b,a\n0.5,1\n0.3333333333,2\n');
  });

  it('quotes text that needs it', () => {
    expect(toCsv(['s'], [{ s: 'a,b' }, { s: 'say "hi"' }, { s: 'plain' }])).toBe('s\n"a,b"\n"say ""hi"""\nplain\n');
  });

  it('names the row and column of a NaN or a missing value', () => {
    expect(() => toCsv(['a', 'b'], [{ a: 1, b: 2 }, { a: NaN, b: 1 }])).toThrow(/row 2, column "a".*NaN/);
    expect(() => toCsv(['a', 'b'], [{ a: 1 }])).toThrow(/row 1 has no value for column "b"/);
  });
});

describe('stableJson', () => {
  it('is indented JSON with a final newline', () => {
    expect(stableJson({ a: [1, 2], b: { c: null } })).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": null\n  }\n}\n');
  });

  it('refuses non-finite numbers, naming where they are', () => {
    expect(() => stableJson({ a: { b: [1, NaN] } })).toThrow(/\$\.a\.b\[1\] is NaN/);
    expect(() => stableJson({ x: Infinity })).toThrow(/\$\.x is Infinity/);
    expect(() => stableJson({ m: new Map() })).toThrow(/Map/);
  });
});
