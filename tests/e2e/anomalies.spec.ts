import { describe, expect, it } from 'vitest';
import { hubUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';

describe('stream anomalies and gaps', () => {
  const browser = useBrowser();

  it('names each planted anomaly on its event, and shows the stall in the gap histogram; a click selects the event', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl(`/drive.html?capture=${encodeURIComponent('/api/sse/events?scenario=anomalies')}`));
    await page.waitForFunction(() => (window as unknown as { __captureDone: boolean }).__captureDone, undefined, { timeout: 15_000 });
    await panel.waitForEventCount(8);
    await panel.byTestId('stream-insight').first().click();
    await panel.byTestId('insight-dialog').waitFor();
    const kinds = await panel.byTestId('insight-anomaly').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.kind));
    expect(kinds).toEqual(['empty-data', 'bad-json', 'duplicate-id', 'oversized', 'id-goes-back', 'stall']);
    // The 2.5 s wait is the one stall; the other six waits are short.
    const bars = await panel.byTestId('insight-bar').evaluateAll((b) => b.map((x) => Number((x as HTMLElement).dataset.count)));
    expect(bars[4]).toBe(1);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(7);
    await panel.byTestId('insight-bar').nth(4).click();
    await panel.byTestId('insight-bar-event').click();
    await panel.byTestId('event-detail').waitFor();
    expect(await panel.byTestId('detail-type').textContent()).toBe('message');
    expect(await panel.locator('[data-testid="event-detail"] .mono').first().textContent()).toBe('id 7');
    await panel.byTestId('insight-close').click();
    await Promise.all([panel.page.close(), page.close()]);
  });
});
