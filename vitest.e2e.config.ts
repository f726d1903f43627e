import { defineConfig } from 'vitest/config';

// Browser tests: start web mode and drive Debian's chromium with playwright-core.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/support/scratchTmpGlobalSetup.ts', 'tests/support/e2eGlobalSetup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
