import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Simulations are CPU-bound: one fork per core on a 2-core CI runner, never more.
    pool: 'forks',
    maxWorkers: 2,
    watch: false,
  },
});
