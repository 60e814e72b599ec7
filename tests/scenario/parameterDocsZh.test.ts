/**
 * The parameters' Chinese descriptions (src/scenario/parameterDocsZh.ts): one for every parameter
 * a user sets, none for a parameter that is gone, each translating the English the schema has now.
 * Where they are shown: tests/web/site.test.ts (the sandbox), tests/report (reports),
 * tests/classroom (the live classroom's levers).
 */
import { describe, expect, it } from 'vitest';
import { collectParameters } from '../../src/scenario/parameters.ts';
import { PARAMETER_DOCS_ZH, parameterDoc, textFingerprint } from '../../src/scenario/parameterDocsZh.ts';

const TEXTS = ['name', 'description', 'nameZh', 'descriptionZh', 'seed'];
const parameters = collectParameters().filter((p) => p.kind === 'leaf' && !p.path.includes('[]') && !TEXTS.includes(p.path));

describe('the parameters in Chinese', () => {
  it('describes every parameter, and no parameter that is gone', () => {
    expect(parameters.length).toBeGreaterThan(250);
    expect(Object.keys(PARAMETER_DOCS_ZH).sort()).toEqual(parameters.map((p) => p.path).sort());
  });

  it('translates the English the schema has now (its fingerprint)', () => {
    const outOfDate = parameters.filter((p) => PARAMETER_DOCS_ZH[p.path]?.[1] !== textFingerprint(p.description ?? ''));
    expect(
      outOfDate.map((p) => `${p.path}: the English changed; translate it again and set the fingerprint to '${textFingerprint(p.description ?? '')}'`),
      'src/scenario/parameterDocsZh.ts',
    ).toEqual([]);
  });

  it('is Chinese, and keeps the English’s numbers', () => {
    for (const p of parameters) {
      const english = p.description ?? '';
      const zh = parameterDoc(p.path, english, 'zh');
      expect(zh, p.path).toMatch(/[\u4e00-\u9fff]/);
      // "per 10,000" and "per 10k" may read 每万.
      const numbers = english.replace(/\b10(,000|k)\b/g, zh.includes('万') ? '' : '10$1').match(/\d+(?:[.,]\d+)*/g) ?? [];
      for (const n of numbers) expect(zh, `${p.path} keeps ${n}`).toContain(n);
    }
  });

  it('falls back to the English for English pages and for parameters it does not know', () => {
    expect(parameterDoc('policies.payments.advanceShare', 'English', 'en')).toBe('English');
    expect(parameterDoc('policies.payments.advanceShare', 'English', 'zh')).toBe('合同开始时支付的合同金额比例（0 = 纯事后报销，即垫付）。');
    expect(parameterDoc('policies.vouchersForAll.share', 'A new lever.', 'zh')).toBe('A new lever.');
    expect(textFingerprint('')).toBe('811c9dc5');
  });
});
