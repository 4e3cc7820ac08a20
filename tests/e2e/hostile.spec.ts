import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, hubUrl } from './support/hub-app';

interface HostileResult {
  events: unknown[];
  fetchText: string;
  xhrText: string;
  counts: Record<string, number>;
  errors: string[];
}

const PROBE = hubUrl(
  `/hostile.html?${new URLSearchParams({
    es: '/api/sse/events?count=20&interval=5&unnamed=4&stable=1',
    fetch: '/api/sse/events?count=10&interval=5&stable=1',
    xhr: '/api/sse/events?count=5&interval=5&stable=1',
    types: ALL_TYPES.join(','),
  })}`,
);

/** Runs the probe and reads its result from outside the page's world (the page broke its own built-ins). */
async function runProbe(page: Page): Promise<HostileResult> {
  await page.goto(PROBE);
  const result = page.locator('#result[data-done="true"]');
  await result.waitFor({ timeout: 30_000 });
  return JSON.parse((await result.textContent()) ?? '') as HostileResult;
}

describe('a page that replaces built-ins after the tap installed', () => {
  const withExtension = useBrowser();
  const without = useBrowser({ extension: false });

  it('receives every event, sees no error and no call to its replacements, and the panel shows every event', async () => {
    const baseline = await runProbe(await without().context.newPage());
    const { page, tabId } = await withExtension().newTab();
    const panel = await withExtension().openPanel(tabId);
    const tapped = await runProbe(page);

    // The page itself is clean: its own code never calls what it replaced.
    expect(baseline.errors).toEqual([]);
    expect(Object.values(baseline.counts).length).toBeGreaterThanOrEqual(20);
    expect(Object.values(baseline.counts).every((n) => n === 0)).toBe(true);
    expect(baseline.events).toHaveLength(20);
    expect(baseline.fetchText).toContain('event: done');
    expect(baseline.xhrText).toContain('event: done');
    // With the extension: the same events and body, no call to a replacement, no error.
    expect(tapped).toEqual(baseline);

    // The panel shows all of it: 20 events + `done` from the EventSource, 10 + `done` from the
    // fetch stream, 5 + `done` from the XHR stream, the beacon, the BroadcastChannel post and the hook's emit.
    await expect.poll(() => panel.eventCount(), { timeout: 20_000 }).toBe(21 + 11 + 6 + 3);
    const streams = await panel.streams();
    expect(streams.find((s) => s.transport === 'eventsource')?.events).toBe(21);
    expect(streams.find((s) => s.transport === 'fetch')?.events).toBe(11);
    expect(streams.find((s) => s.transport === 'xhr')?.events).toBe(6);
    for (const source of ['legacy:beacon:/api/analytics', 'legacy:broadcast:hostile', 'legacy:hostile-app']) {
      await panel.byTestId(`chip-sources-${source}`).waitFor();
    }
    expect(await panel.counter('error-tap-failed')).toBeNull();
    expect(await panel.counter('bridge-dropped')).toBeNull();
  });
});
