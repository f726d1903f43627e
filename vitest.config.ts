import { defineConfig } from 'vitest/config';

// Unit and integration tests: core, CLI, servers and React components.
// End-to-end browser tests live in vitest.e2e.config.ts (they need a built renderer).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}', 'core/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/scratchTmpGlobalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
