import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import type { PanelPage } from './support/panel-page';
import { ALL_TYPES, probeUrl } from './support/hub-app';

async function stat(panel: PanelPage, name: string): Promise<number> {
  return Number(await panel.byTestId(`stat-${name}`).textContent());
}

describe('hub engine in the panel', () => {
  const browser = useBrowser();

  it('shows exactly the burst’s duplicates, batches, compression and priorities, and annotates rows', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?scenario=burst', types: ALL_TYPES }));
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es);
    await panel.waitForEventCount(19);

    // Rows: every captured event stays visible, annotated with what the hub did.
    await panel.page.waitForFunction(() => document.querySelectorAll('[data-testid="badge-duplicate"]').length === 9);
    expect(await panel.byTestId('badge-coalesced').count()).toBe(1);
    expect(await panel.byTestId('badge-compressed').count()).toBe(3);
    expect(await panel.eventCount()).toBe(19);

    await panel.byTestId('tab-stats').click();
    await panel.byTestId('stats-view').waitFor();
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="stat-batches"]')?.textContent === '4');
    expect({
      events: await stat(panel, 'events'),
      duplicates: await stat(panel, 'duplicates'),
      batches: await stat(panel, 'batches'),
      coalesced: await stat(panel, 'coalesced'),
      compressed: await stat(panel, 'compressed'),
      dropped: await stat(panel, 'dropped'),
      critical: await stat(panel, 'priority-critical'),
      high: await stat(panel, 'priority-high'),
      normal: await stat(panel, 'priority-normal'),
      low: await stat(panel, 'priority-low'),
    }).toEqual({ events: 19, duplicates: 9, batches: 4, coalesced: 1, compressed: 3, dropped: 0, critical: 15, high: 1, normal: 2, low: 1 });
    expect(await stat(panel, 'bytes-saved')).toBeGreaterThan(3 * 1000);
    expect(await panel.byTestId('duplicate-keys').textContent()).toContain('card.updated:c1:u1');
    // recharts drew its charts.
    expect(await panel.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(4);
  });

  it('switches the table to delivery order: duplicates and coalesced events gone, CRITICAL first', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?scenario=burst', types: ALL_TYPES }));
    await panel.waitForEventCount(19);
    await panel.byTestId('view-delivered').click();
    await panel.page.waitForFunction(() => document.querySelectorAll('[data-testid="event-row"]').length === 9);
    const priorities = await panel.byTestId('event-row').evaluateAll((rows) =>
      rows
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((r) => (r as HTMLElement).dataset.priority),
    );
    // First batch: card.updated c1 (CRITICAL) before session.started, ui.themeChanged, ui.buttonClick.
    expect(priorities.slice(0, 4)).toEqual(['CRITICAL', 'HIGH', 'NORMAL', 'LOW']);
    expect(await panel.byTestId('badge-duplicate').count()).toBe(0);
  });

  it('what-if: edited settings are previewed over captured events, then applied to the tab', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?scenario=burst', types: ALL_TYPES }));
    await panel.waitForEventCount(19);
    await panel.byTestId('tab-settings').click();
    // The 10 identical events arrive within a millisecond or two: a 0 ms window sees none of them
    // as duplicates, so they all reach the batcher and coalesce instead.
    await panel.byTestId('setting-dedupWindowMs').fill('0');
    await panel.byTestId('what-if-run').click();
    expect(Number(await panel.byTestId('what-if-duplicates').textContent())).toBe(0);
    expect(Number(await panel.byTestId('what-if-coalesced').textContent())).toBe(10);
    await panel.byTestId('setting-dedupWindowMs').fill('100');
    await panel.byTestId('registry-ui.buttonClick').selectOption('CRITICAL');
    await panel.byTestId('what-if-run').click();
    expect(Number(await panel.byTestId('what-if-priority-critical').textContent())).toBe(16);
    expect(Number(await panel.byTestId('what-if-priority-low').textContent())).toBe(0);
    await panel.byTestId('settings-apply').click();
    // The tab's hub now uses it: new traffic counts ui.buttonClick as CRITICAL.
    await page.goto(probeUrl({ es: '/api/sse/events?scenario=burst', types: ALL_TYPES }));
    await panel.byTestId('tab-stats').click();
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="stat-priority-critical"]')?.textContent === '16');
    expect(await stat(panel, 'priority-low')).toBe(0);
    await panel.page.screenshot({ path: 'test-results/hub-stats.png' });
  });

  it('applies settings while the hub app streams: each Apply takes effect, and every event still gets exactly one decision', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    // One event every 10 ms: a 50 ms batch is open at almost any moment of the stream.
    await page.goto(probeUrl({ es: '/api/sse/events?count=150&interval=10&stable=1', types: ALL_TYPES }));
    await panel.byTestId('tab-settings').click();
    let seen = await panel.waitForEventCount(10);
    for (const windowMs of [60, 70, 80]) {
      await panel.byTestId('setting-dedupWindowMs').fill(String(windowMs));
      await panel.byTestId('settings-apply').click();
      seen = await panel.waitForEventCount(seen + 15);
    }
    // The last Apply, still mid-stream, moves ui.buttonClick from LOW to CRITICAL.
    await panel.byTestId('registry-ui.buttonClick').selectOption('CRITICAL');
    await panel.byTestId('settings-apply').click();
    const appliedAt = await panel.eventCount();
    expect(appliedAt).toBeLessThan(140);
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es);
    await panel.waitForEventCount(151);

    await panel.byTestId('tab-events').click();
    // Every event got its decision: with all four priority chips on, an undecided event
    // (priority "…") would be filtered out.
    for (const priority of ['CRITICAL', 'HIGH', 'NORMAL', 'LOW']) await panel.byTestId(`chip-priorities-${priority}`).click();
    await expect.poll(() => panel.byTestId('shown-count').textContent()).toBe('151 of 151 shown');
    // The applied registry is in force: the last ui.buttonClick (event 144) is CRITICAL.
    await panel.byTestId('filter-text').fill('ui.buttonClick');
    await expect.poll(async () => (await panel.visibleRows()).at(-1)?.id).toBe('144');
    const priorityById = Object.fromEntries(
      await panel.byTestId('event-row').evaluateAll((rows) =>
        rows.map((row) => [row.querySelector('[data-testid="event-id"]')?.textContent ?? '', (row as HTMLElement).dataset.priority ?? '']),
      ),
    );
    expect(priorityById['144']).toBe('CRITICAL');
    // ui.buttonClick events shown before the last Apply kept their LOW decision.
    expect(Object.values(priorityById)).toContain('LOW');
  });
});
