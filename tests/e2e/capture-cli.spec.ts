import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTraceBytes } from '../../lib/trace/codec';
import { boardUrl } from './support/migration';
import { PanelPage } from './support/panel-page';
import { useBrowser } from './support/use-browser';

/** Runs `npm run capture`'s script (the build is already there) and returns its exit code and output. */
function capture(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['vite-node', 'tests/fixtures/capture.ts', '--', ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** Chromium processes still running with a capture profile. */
function leftovers(): Promise<string> {
  return new Promise((resolve) => execFile('pgrep', ['-f', 'sse-hub-capture-'], (_error, stdout) => resolve(stdout.trim())));
}

describe('npm run capture', () => {
  it('records the board app in a phase headless into a trace that imports, and prints a summary', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sse-capture-')), 'board.ssetrace.json.gz');
    const run = await capture([boardUrl('cli'), '--seconds', '2', '--out', out, '--phase', '3', '--redact']);
    expect(run.out).toContain(`wrote ${out}`);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/streams: \d+/);
    expect(run.out).toMatch(/by priority: .*CRITICAL \d+/);
    const read = await readTraceBytes(new Uint8Array(readFileSync(out)), 'board');
    if ('error' in read) throw new Error(read.error);
    expect(read.trace.events.length).toBeGreaterThan(5);
    // Recorded in phase 3: the first three flags were on.
    expect(read.trace.flags.flags).toMatchObject({ SSE_SESSION_EVENTS: true, SSE_CARD_EVENTS: true, SSE_UI_EVENTS: true, POLLING_DISABLED: false });
    expect(read.trace.redaction.rules.length).toBeGreaterThan(0);
    expect(await leftovers()).toBe('');
  });

  it('exits non-zero with a clear message on a bad URL or a page that does not load, leaving no browser behind', async () => {
    const bad = await capture(['not a url']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('is not an http(s) or file URL');
    const down = await capture(['http://127.0.0.1:9/nothing-here', '--seconds', '1']);
    expect(down.code).toBe(4);
    expect(down.out).toContain('the page did not load');
    expect(await leftovers()).toBe('');
  });

  const plain = useBrowser({ extension: false });

  it('npm run view opens a trace in an ordinary browser tab, without the extension', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sse-view-')), 'seen.ssetrace.json.gz');
    expect((await capture([boardUrl('view'), '--seconds', '1', '--out', out])).code).toBe(0);
    const read = await readTraceBytes(new Uint8Array(readFileSync(out)), 'seen');
    if ('error' in read) throw new Error(read.error);
    const server = spawn('npx', ['vite-node', 'tests/fixtures/view.ts', '--', out, '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const found = /at (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(text);
          if (found) resolve(found[1]!);
        });
        server.on('exit', () => reject(new Error(`view exited: ${text}`)));
      });
      const page = await plain().context.newPage();
      await page.goto(url);
      const viewer = new PanelPage(page);
      await viewer.byTestId('trace-banner').waitFor();
      expect(await viewer.byTestId('trace-name').textContent()).toBe('seen.ssetrace.json.gz');
      expect(await viewer.eventCount()).toBe(read.trace.events.length);
    } finally {
      process.kill(-server.pid!, 'SIGTERM');
    }
  });
});
