import { describe, expect, it } from 'vitest';
import { PATTERNS } from './patterns.ts';

describe('patterns the model must reproduce (MODEL.md)', () => {
  for (const p of PATTERNS) {
    it(`${p.id}: ${p.pattern}`, async () => {
      const figures = Object.fromEntries((await p.run()).map((f) => [f.label, f.value]));
      expect(p.check(figures), `${p.criterion}\n${JSON.stringify(figures, null, 2)}`).toBe(true);
    });
  }
});
