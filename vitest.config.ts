import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests share 2 cores: keep parallelism modest so timings stay sane.
    maxWorkers: 2,
    pool: 'forks',
  },
});
