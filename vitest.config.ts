import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure lib/ logic under Node, no WXT, no browser globals) and
 * `e2e` (the built extension in real Chromium against the bundled hub app). The e2e
 * files run one at a time: each launches its own browser and the machine has 2 cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
