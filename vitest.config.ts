import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file opens its own in-memory databases; files run in parallel workers.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
