import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, hubUrl, probeUrl } from './support/hub-app';

describe('tab isolation and hostile input', () => {
  const browser = useBrowser();

  it('shows each tab only its own events', async () => {
    const a = await browser().newTab();
    const b = await browser().newTab();
    const panelA = await browser().openPanel(a.tabId);
    const panelB = await browser().openPanel(b.tabId);
    await a.page.goto(probeUrl({ es: '/api/sse/events?count=4&interval=5&stable=1&tab=A', types: ALL_TYPES }));
    await b.page.goto(probeUrl({ es: '/api/sse/events?count=7&interval=5&stable=1&tab=B', types: ALL_TYPES }));
    await panelA.waitForEventCount(5);
    await panelB.waitForEventCount(8);
    const urls = async (panel: typeof panelA) =>
      panel.byTestId('stream-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.url')?.getAttribute('title') ?? ''));
    // Each panel lists its stream, and only its own (a `.every` over no rows would pass).
    const [urlsA, urlsB] = [await urls(panelA), await urls(panelB)];
    expect(urlsA.length).toBeGreaterThan(0);
    expect(urlsB.length).toBeGreaterThan(0);
    expect(urlsA.filter((u) => !u.includes('tab=A'))).toEqual([]);
    expect(urlsB.filter((u) => !u.includes('tab=B'))).toEqual([]);
    expect(await panelA.eventCount()).toBe(5);
    expect(await panelB.eventCount()).toBe(8);
  });

  it('counts forged page messages as rejected and never lets them reach another tab', async () => {
    const victim = await browser().newTab();
    const forger = await browser().newTab();
    const victimPanel = await browser().openPanel(victim.tabId);
    const forgerPanel = await browser().openPanel(forger.tabId);
    await victim.page.goto(probeUrl({ es: '/api/sse/events?count=3&interval=5&stable=1', types: ALL_TYPES }));
    await victimPanel.waitForEventCount(4);
    await forger.page.goto(hubUrl('/forge.html'));
    await forger.page.evaluate(() => (window as unknown as { __forge: () => void }).__forge());
    // Each forge() run dispatches 6 tap-looking messages (bad records, bad version, not an
    // envelope, a cyclic object, data over the cap, a serialised batch with a bad record);
    // its window.postMessage forgeries never reach the bridge at all.
    await forgerPanel.page.waitForFunction(
      () => document.querySelector('[data-testid="count-rejected"]')?.textContent === '12 rejected page messages',
    );
    expect(await forgerPanel.byTestId('stream-row').count()).toBe(0);
    expect(await forgerPanel.eventCount()).toBe(0);
    // The victim's panel is unchanged: its own stream and events only, no errors.
    expect(await victimPanel.eventCount()).toBe(4);
    expect(await victimPanel.byTestId('stream-row').count()).toBe(1);
    expect(await victimPanel.byTestId('error-bar').count()).toBe(0);
  });

  it('caps and marks a 5 MB event and a binary body, keeping everything captured before', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(
      probeUrl({
        es: '/api/sse/events?count=3&interval=5&stable=1&bigAt=2&bigSize=5000000',
        types: ALL_TYPES,
        fetch: '/api/sse/binary',
      }),
    );
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean; fetch: boolean } }).__done.es);
    // The page itself received the whole 5 MB event.
    const pageSizes = await page.evaluate(() =>
      (window as unknown as { __log: unknown[][] }).__log.filter((e) => e[0] === 'named').map((e) => String(e[2]).length),
    );
    expect(pageSizes[1]).toBeGreaterThan(5_000_000);
    await panel.waitForEventCount(4);
    const rows = await panel.allRows();
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '3']);
    expect(await panel.byTestId('badge-truncated').count()).toBe(1);
    await panel.byTestId('count-error-oversize').waitFor();
    await panel.byTestId('count-error-binary').waitFor();
    expect(await panel.counter('error-oversize')).toBe('1 oversize event');
    expect(await panel.counter('error-binary')).toBe('1 binary body');
    // Selecting the cut event shows its raw (partial) text, not a broken JSON tree.
    await panel.byTestId('event-row').nth(1).click();
    expect((await panel.byTestId('detail-raw').textContent())!.length).toBeGreaterThan(100_000);
  });
});
