import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds the command line if the sources changed (tests start bin/govbuy.js, which runs it).
    globalSetup: ['tests/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Simulations are CPU-bound: one fork per core on a 2-core CI runner, never more.
    pool: 'forks',
    maxWorkers: 2,
    watch: false,
  },
});
