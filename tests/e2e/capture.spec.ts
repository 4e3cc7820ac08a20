import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, eventAt, probeUrl } from './support/hub-app';

describe('capture into the panel (opened as a tab)', () => {
  const browser = useBrowser();

  it('shows named events, unnamed messages and a fetch stream with their types, ids and data', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.bringToFront();
    await page.goto(
      probeUrl({
        es: '/api/sse/events?count=12&interval=10&unnamed=3&stable=1',
        types: ALL_TYPES,
        fetch: '/api/sse/events?count=5&interval=10&stable=1&unnamed=2',
      }),
    );
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean; fetch: boolean } }).__done.es && (window as unknown as { __done: { fetch: boolean } }).__done.fetch);
    // 12 + done on the EventSource, 5 + done on the fetch stream.
    await panel.waitForEventCount(19);
    const rows = await panel.allRows();
    const bySource = (source: string) => rows.filter((r) => r.source === source);

    const expected = (count: number, unnamedEvery: number) => [
      ...Array.from({ length: count }, (_, i) => {
        const e = eventAt(i + 1, { stable: true, unnamedEvery });
        return { type: e.name ?? 'message', id: e.id, data: e.data };
      }),
      { type: 'done', id: String(count), data: String(count) },
    ];
    expect(bySource('eventsource').map(({ type, id, data }) => ({ type, id, data }))).toEqual(expected(12, 3));
    expect(bySource('fetch').map(({ type, id, data }) => ({ type, id, data }))).toEqual(expected(5, 2));
    expect(rows.filter((r) => r.type === 'message')).toHaveLength(4 + 2);

    await panel.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="stream-row"]')].some((r) => (r as HTMLElement).dataset.transport === 'eventsource' && (r as HTMLElement).dataset.state === 'closed'),
    );
    const streams = await panel.streams();
    expect(streams.map((s) => [s.transport, s.events]).sort()).toEqual([['eventsource', 13], ['fetch', 6]]);
    expect(streams.find((s) => s.transport === 'eventsource')!.state).toBe('closed');
  });

  it('opens the full event as a JSON tree', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=2&interval=10&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(3);
    await panel.byTestId('event-row').first().click();
    const detail = panel.byTestId('detail-json');
    await detail.waitFor();
    expect(await panel.byTestId('detail-type').textContent()).toBe('session.started');
    const text = await detail.textContent();
    expect(text).toContain('eventType');
    expect(text).toContain('session.started');
    expect(await panel.byTestId('detail-timing').textContent()).toMatch(/Page received.*Hub relayed.*Panel received/);
    await panel.byTestId('detail-mode-raw').click();
    expect(await panel.byTestId('detail-raw').textContent()).toBe(eventAt(1, { stable: true }).data);
    await panel.byTestId('detail-mode-tree').click();
    await panel.byTestId('detail-json').waitFor();
    // Δ: nothing before a stream's first event; then ms since the previous one (server: every 10 ms).
    expect(await panel.byTestId('event-delta').first().textContent()).toBe('');
    expect(await panel.byTestId('event-delta').nth(1).textContent()).toMatch(/^\+\d+$/);
    expect(await panel.byTestId('event-source').first().textContent()).toBe('eventsource');

    // Copy as an SSE frame gives back what the server sent.
    // (Clipboard permissions cannot be granted to extension origins: record the write instead.)
    await panel.page.evaluate(() => {
      const w = window as unknown as { __copied: string[] };
      w.__copied = [];
      navigator.clipboard.writeText = async (text: string) => void w.__copied.push(text);
    });
    await panel.byTestId('copy-sse').click();
    await panel.byTestId('copied').waitFor();
    const first = eventAt(1, { stable: true });
    expect(await panel.page.evaluate(() => (window as unknown as { __copied: string[] }).__copied)).toEqual([
      `id: 1\nevent: ${first.name}\ndata: ${first.data}\n\n`,
    ]);

    // The last row ("done", data "2") is not an object: shown as raw text.
    await panel.byTestId('event-row').last().click();
    expect(await panel.byTestId('detail-raw').textContent()).toBe('2');
  });

  it('pauses without losing events and clears', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=30&interval=40&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(3);
    await panel.byTestId('record-toggle').click();
    const frozen = await panel.eventCount();
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es);
    expect(await panel.eventCount()).toBe(frozen);
    await panel.byTestId('record-toggle').click();
    await panel.waitForEventCount(31);
    expect(await panel.eventCount()).toBe(31);
    await panel.byTestId('clear').click();
    expect(await panel.eventCount()).toBe(0);
    await panel.byTestId('events-empty').waitFor();
  });
});
