import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Three projects: `unit` (pure lib/ logic under Node, no WXT, no browser globals), `ext`
 * (lib/ext with WXT's fakeBrowser) and `e2e` (the built extension in real Chromium
 * against the bundled hub app).
 */
export default defineConfig({
  test: {
    // Each e2e file launches its own browser and the machine has 2 cores: one file at a time.
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // lib/ext against WXT's fakeBrowser (in-memory storage and tabs; the rest is mocked per test).
        plugins: [WxtVitest()],
        test: {
          name: 'ext',
          include: ['tests/ext/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // What the panel shows follows the page by a flush, two hops and a render (and the
          // Migration view recomputes once a second): on a loaded CI machine that can take
          // more than expect.poll's default second. Waiting longer never passes a wrong value.
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
});
