/**
 * Starts the bundled hub app once for all e2e specs and checks the extension is built.
 * The extension is built by `npm test` before Vitest starts (see package.json).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain-JS fixture without type declarations
import { startHubApp } from '../../fixtures/hub-app/server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    hubUrl: string;
    /** Where the hub app reads `?fixture=` files from (a temporary folder the specs write into). */
    fixturesDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const manifest = join(import.meta.dirname, '../../../.output/chrome-mv3/manifest.json');
  if (!existsSync(manifest)) throw new Error('Extension not built: run `npm run build` first (npm test does).');
  const fixturesDir = mkdtempSync(join(tmpdir(), 'sse-hub-fixtures-'));
  const app = (await startHubApp({ port: 0, fixturesDir })) as { url: string; close: () => Promise<void> };
  project.provide('hubUrl', app.url);
  project.provide('fixturesDir', fixturesDir);
  return async () => {
    await app.close();
    rmSync(fixturesDir, { recursive: true, force: true });
  };
}
