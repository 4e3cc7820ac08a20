/** The specs' browser fixture: one browser per `describe` block (kept apart from browser.ts, which the benchmarks import without Vitest). */
import { afterAll, beforeAll } from 'vitest';
import { launch, type Harness, type LaunchOptions } from './browser';

/**
 * Launches one browser for the enclosing `describe` block (before its tests, closed
 * after them) and returns a getter for it.
 */
export function useBrowser(options: LaunchOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await launch(options);
  });
  afterAll(async () => harness?.close());
  return () => {
    if (!harness) throw new Error('The browser is not launched yet (use it inside a test)');
    return harness;
  };
}
