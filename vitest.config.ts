import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build (its package.json has no "exports"), and so do Yoga and
    // Pothos; Vite would pick the ESM build for our own files and create a second graphql whose
    // GraphQLError instances Yoga does not recognise. Point everyone at the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file opens its own in-memory databases; files run in parallel workers.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
