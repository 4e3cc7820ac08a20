import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, eventAt, hubUrl, probeUrl } from './support/hub-app';

const PROBE = { es: '/api/sse/events?count=5&interval=5&stable=1', types: ALL_TYPES };
const done = () => (window as unknown as { __done: { es: boolean } }).__done.es;

describe('preserve log', () => {
  const browser = useBrowser();

  it('is off by default: a reload starts the panel afresh', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl(PROBE));
    await panel.waitForEventCount(6);
    expect(await panel.byTestId('preserve-log').isChecked()).toBe(false);
    await page.reload();
    await page.waitForFunction(done);
    await panel.page.waitForFunction(() => document.querySelectorAll('[data-testid="stream-row"]').length === 1);
    await panel.waitForEventCount(6);
    expect(await panel.eventCount()).toBe(6);
  });

  it('when on, keeps rows across reloads and closes the old document’s streams', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl(PROBE));
    await panel.waitForEventCount(6);
    await panel.byTestId('preserve-log').check();
    // The relay has it once a panel that connects now is told so (no fixed wait).
    const witness = await browser().openPanel(tabId);
    await expect.poll(() => witness.byTestId('preserve-log').isChecked()).toBe(true);
    await witness.page.close();
    await page.reload();
    await page.waitForFunction(done);
    await panel.waitForEventCount(12);
    expect(await panel.eventCount()).toBe(12);
    const streams = await panel.streams();
    expect(streams).toHaveLength(2);
    expect(streams.every((s) => s.state === 'closed')).toBe(true);
    // A second panel on the tab sees the switch on.
    const other = await browser().openPanel(tabId);
    await other.waitForEventCount(12);
    expect(await other.byTestId('preserve-log').isChecked()).toBe(true);
  });

  it('keeps what a page got just before it navigated away (the tap sends what it holds on pagehide)', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl('/quiet.html'));
    await panel.byTestId('preserve-log').check();
    const witness = await browser().openPanel(tabId);
    await expect.poll(() => witness.byTestId('preserve-log').isChecked()).toBe(true);
    await witness.page.close();
    // Five events in one burst, then `done`, on which the page leaves at once: all of them
    // are still in the tap's queue (it sends at most every 50 ms) when the navigation starts.
    const left = page.waitForURL(/\?after$/);
    await page.evaluate((types) => {
      const es = new EventSource('/api/sse/events?count=5&interval=0&stable=1');
      for (const type of types) es.addEventListener(type, () => undefined);
      es.addEventListener('done', () => (location.href = '/quiet.html?after'));
    }, ALL_TYPES);
    await left;
    await panel.waitForEventCount(6);
    expect((await panel.allRows()).map((r) => r.type)).toEqual([...[1, 2, 3, 4, 5].map((n) => eventAt(n, { stable: true }).name ?? 'message'), 'done']);
  });
});
