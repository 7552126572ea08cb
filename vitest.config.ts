import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file creates its own table.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/local-aws-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Function logs (one JSON line per event) only clutter the output of passing tests.
    silent: 'passed-only',
  },
});
