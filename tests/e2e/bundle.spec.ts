import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './support/browser';

/**
 * The page tap runs in every frame of every page: it must stay small. 15 KiB until the
 * per-stream request details (method, headers, body, status, response headers, how it
 * ended: ~1.2 KB), the stream formats, optimistic reports and watched response bodies (~0.9 KB), all read in the page's world because only it sees them: 18 KiB since.
 */
const TAP_BUDGET_BYTES = 18 * 1024;

describe('the built extension', () => {
  it('keeps the page tap within its size budget', () => {
    const size = statSync(join(EXTENSION_DIR, 'content-scripts/tap.js')).size;
    expect(size).toBeLessThanOrEqual(TAP_BUDGET_BYTES);
  });

  it('asks for the permissions it uses and no more; taps at document_start in the MAIN world', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      permissions: string[];
      host_permissions: string[];
      content_scripts: { world?: string; run_at: string; js: string[]; all_frames: boolean }[];
      message_serialization?: string;
    };
    expect([...manifest.permissions].sort()).toEqual(['declarativeNetRequestWithHostAccess', 'storage']);
    expect(manifest.host_permissions).toEqual(['<all_urls>']);
    const tap = manifest.content_scripts.find((c) => c.js.includes('content-scripts/tap.js'))!;
    expect(tap).toMatchObject({ world: 'MAIN', run_at: 'document_start', all_frames: true });
    // Messages cross every port by structured clone, not JSON (wxt.config.ts says why).
    expect(manifest.message_serialization).toBe('structured_clone');
  });
});
