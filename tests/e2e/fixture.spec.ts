import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ALL_TYPES, probeUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';

describe('SSE fixtures', () => {
  const browser = useBrowser();

  it('exports a stream as a text/event-stream file that the hub app serves back as the same events', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    const types = ALL_TYPES.filter((t) => t !== 'ui.buttonClick');
    await page.goto(probeUrl({ es: '/api/sse/events?count=8&interval=5&unnamed=3&stable=1', types }));
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es);
    await panel.waitForEventCount(8);
    const recorded = (await panel.allRows()).map((r) => [r.type, r.id, r.data]);

    const download = panel.page.waitForEvent('download');
    await panel.byTestId('stream-row').first().getByTestId('stream-fixture').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^events-.*\.sse$/);
    copyFileSync(await file.path(), join(inject('fixturesDir'), 'recorded.sse'));

    // Replayed from the server side, in a fresh tab: the page gets the same events.
    const { page: replay, tabId: replayTab } = await browser().newTab();
    const replayPanel = await browser().openPanel(replayTab);
    await replay.goto(probeUrl({ es: '/api/sse/events?fixture=recorded.sse&interval=2', types }));
    await replay.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es);
    await replayPanel.waitForEventCount(recorded.length);
    expect((await replayPanel.allRows()).map((r) => [r.type, r.id, r.data])).toEqual(recorded);
  });
});
