import { describe, expect, it } from 'vitest';
import { launch } from './support/browser';
import { useBrowser } from './support/use-browser';
import { hubUrl } from './support/hub-app';
import { boardUrl, hookFlags, openMigration, openPopup, phaseFlags, shownPhase } from './support/migration';

type Window = { __forgeFlags(): void; __emit(type: string): void; __results: unknown[] };

describe('migration: what the page sees and cannot do', () => {
  const browser = useBrowser();

  it('a page cannot change its own or another tab’s flags by posting messages', async () => {
    const a = await browser().newTab();
    const b = await browser().newTab();
    await a.page.goto(hubUrl('/forge-flags.html'));
    await b.page.goto(boardUrl('B'));
    const panelA = await browser().openPanel(a.tabId);
    await openMigration(panelA);
    await panelA.byTestId('phase-1').click();
    const popupB = await openPopup(browser(), b.tabId);
    await popupB.locator('[data-testid="phase-3"]').click();
    await b.page.locator('[data-testid="flags-on"]', { hasText: 'SSE_UI_EVENTS' }).waitFor();

    await a.page.evaluate(() => (window as unknown as Window).__forgeFlags());
    // The forged wires reach the hub only as counted rejections.
    await panelA.byTestId('count-rejected').waitFor();
    expect(await shownPhase(panelA)).toBe('1');
    expect(await panelA.byTestId('flag-header').isChecked()).toBe(false);
    expect(await panelA.locator('[data-testid="flag-history"] li').count()).toBe(1);
    expect(await shownPhase(popupB)).toBe('3');
    expect(await hookFlags(b.page)).toEqual(phaseFlags(3));

    // After a reload the tab's real flags win over the forged mirror, and events carry them.
    await a.page.reload();
    await a.page.waitForFunction(
      () => JSON.stringify((window as unknown as { __SSE_HUB_DEVTOOLS_HOOK__: { flags: unknown } }).__SSE_HUB_DEVTOOLS_HOOK__.flags) ===
        JSON.stringify({ SSE_SESSION_EVENTS: true, SSE_CARD_EVENTS: false, SSE_UI_EVENTS: false, POLLING_DISABLED: false, LEGACY_EVENTS_DISABLED: false }),
    );
    await a.page.evaluate(() => (window as unknown as Window).__emit('card.updated'));
    await panelA.byTestId('tab-events').click();
    await panelA.locator('[data-testid="event-row"][data-source="legacy:forger"]').first().click();
    expect(await panelA.byTestId('detail-flags').textContent()).toBe('SSE_SESSION_EVENTS');
    await b.page.reload();
    expect(await hookFlags(b.page)).toEqual(phaseFlags(3));
    await Promise.all([panelA.page.close(), popupB.close(), a.page.close(), b.page.close()]);
  });

  it('tapEmitter keeps every return value and exception of the app’s emitters, and shows their events', async () => {
    const plain = await launch({ extension: false });
    const page = await plain.context.newPage();
    await page.goto(hubUrl('/emitters.html'));
    const without = await page.evaluate(() => (window as unknown as Window).__results);
    await plain.close();

    const { page: tapped, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await tapped.goto(hubUrl('/emitters.html'));
    const withHook = await tapped.evaluate(() => (window as unknown as Window).__results);
    expect(withHook).toEqual(without);
    expect(without).toContainEqual(['threw', 'TypeError', 'listener failed on purpose', true]);
    await panel.waitForEventCount(6);
    const rows = await panel.allRows();
    expect(rows.map((r) => [r.source, r.type])).toEqual([
      ['legacy:page-emitter', 'card.updated'],
      ['legacy:page-emitter', 'fail'],
      ['legacy:page-emitter', 'session.activity'],
      ['legacy:page-emitter', 'ui.buttonClick'],
      ['legacy:page-target', 'cancel-me'],
      ['legacy:page-target', 'plain'],
    ]);
    await Promise.all([panel.page.close(), tapped.close()]);
  });

  it('the opt-in header carries the tab’s flags on its requests, and no other tab’s', async () => {
    const a = await browser().newTab();
    const b = await browser().newTab();
    await a.page.goto(hubUrl('/emitters.html'));
    await b.page.goto(hubUrl('/emitters.html'));
    const header = (page: typeof a.page) =>
      page.evaluate(async () => ((await (await fetch('/api/echo-headers')).json()) as Record<string, string>)['x-sse-hub-flags'] ?? null);
    const panel = await browser().openPanel(a.tabId);
    await openMigration(panel);
    await panel.byTestId('phase-2').click();
    expect(await header(a.page)).toBeNull();
    await panel.byTestId('flag-header').click();
    await panel.locator('[data-testid="flag-header"]:checked').waitFor();
    await expect.poll(() => header(a.page)).toBe('SSE_SESSION_EVENTS,SSE_CARD_EVENTS');
    expect(await header(b.page)).toBeNull();
    await panel.byTestId('phase-4').click();
    await expect.poll(() => header(a.page)).toBe('SSE_SESSION_EVENTS,SSE_CARD_EVENTS,SSE_UI_EVENTS,POLLING_DISABLED');
    await panel.byTestId('flag-header').click();
    await expect.poll(() => header(a.page)).toBeNull();
    await Promise.all([panel.page.close(), a.page.close(), b.page.close()]);
  });

  it('shows the legacy systems and the SSE hub side by side in one stream, each event stamped with its flags', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(boardUrl('A'));
    await openMigration(panel);
    await panel.byTestId('phase-3').click();
    await page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();
    await page.getByTestId('save').click();
    await page.getByTestId('theme').click();
    await panel.page.waitForFunction(() => Number(document.querySelector('[data-testid="side-card"] [data-testid="side-sse"]')?.textContent) > 0);
    expect(Number(await panel.locator('[data-testid="side-card"] [data-testid="side-legacy"]').textContent())).toBeGreaterThan(0);
    await panel.byTestId('tab-events').click();
    const sources = ['eventsource', 'legacy:beacon:/api/analytics', 'legacy:broadcast:theme', 'legacy:conversation-bridge', 'legacy:polling', 'legacy:session-provider', 'legacy:session-tracker'];
    // The source chips list every source the stream holds.
    for (const source of sources) await panel.byTestId(`chip-sources-${source}`).waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid="event-row"][data-source="eventsource"]').last().click();
    expect(await panel.byTestId('detail-flags').textContent()).toBe('SSE_SESSION_EVENTS, SSE_CARD_EVENTS, SSE_UI_EVENTS');
    // The Phase column (hidden by default) tells the same per row.
    await panel.byTestId('columns-menu').click();
    await panel.byTestId('column-toggle-phase').click();
    expect(await panel.locator('[data-testid="event-row"][data-source="eventsource"]').last().locator('[data-testid="event-phase"]').textContent()).toBe('P3');
    // The flag change is marked on the timelines of streams that were open when it happened.
    const marks = await panel.byTestId('stream-timeline').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-flag-changes'))));
    expect(Math.max(...marks)).toBeGreaterThanOrEqual(1);
    await Promise.all([panel.page.close(), page.close()]);
  });
});
