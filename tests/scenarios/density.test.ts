/**
 * Density from structure (experiments/density-from-structure.yaml): two places that start from
 * the same small stock, budgets and behaviour, and differ only in the structural conditions that
 * separate Hong Kong from Guangzhou. The Hong-Kong-like one must grow several times the
 * providers per 10,000 and clearly more bidders per tender. (20 years and 3 seeds here; the
 * shipped experiment runs 30 years × 10 seeds, and docs/regions.md reports its figures.)
 */
import { describe, expect, it } from 'vitest';
import { arm, mean, ROOT, welchT } from '../helpers/scenario.ts';

const place = (name: string) => arm(`${ROOT}experiments/density/${name}`, { years: 20 }, 3);

describe('density emerges from structure', () => {
  it('the Hong-Kong-like place grows several times the providers per 10,000 of the Guangzhou-like one', () => {
    const hk = place('hong-kong-like.yaml').map((r) => r.summary.final.providers_per_10k);
    const gz = place('guangzhou-like.yaml').map((r) => r.summary.final.providers_per_10k);
    expect(mean(gz)).toBeGreaterThan(0);
    expect(mean(hk)).toBeGreaterThan(2.5 * mean(gz));
    expect(welchT(hk, gz)).toBeGreaterThan(3);
  });

  it('and, once the two have grown apart (the last 5 of 20 years), draws clearly more bidders per tender', () => {
    const bidders = (name: string) => place(name).map((r) => mean(r.series.slice(-60).filter((row) => row.tenders > 0).map((row) => row.bidders_per_tender)));
    expect(mean(bidders('hong-kong-like.yaml'))).toBeGreaterThan(2 * mean(bidders('guangzhou-like.yaml')) + 1);
  });
});
