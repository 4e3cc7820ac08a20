import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import {
  boardUrl,
  bootFlags,
  fetches,
  hookFlags,
  openMigration,
  openPopup,
  phaseFlags,
  shownPhase,
} from './support/migration';
import { stopServiceWorker, storedTab } from './support/extension';

describe('migration flags per tab', () => {
  const browser = useBrowser();

  it('two tabs in two phases: each app reads its own flags in its first inline script, across reloads', async () => {
    const a = await browser().newTab();
    const b = await browser().newTab();
    await a.page.goto(boardUrl('A'));
    await b.page.goto(boardUrl('B'));
    expect(await bootFlags(a.page)).toEqual(phaseFlags(0));

    const panel = await browser().openPanel(a.tabId);
    await openMigration(panel);
    await panel.byTestId('phase-3').click();
    const popup = await openPopup(browser(), b.tabId);
    await popup.locator('[data-testid="phase-1"]').click();

    // Live, without a reload: the page's `sse-hub:flags` event reached each app.
    await a.page.locator('[data-testid="flags-on"]', { hasText: 'SSE_UI_EVENTS' }).waitFor();
    await b.page.locator('[data-testid="flags-on"]', { hasText: /^SSE_SESSION_EVENTS$/ }).waitFor();

    await Promise.all([a.page.reload(), b.page.reload()]);
    expect(await bootFlags(a.page)).toEqual(phaseFlags(3));
    expect(await bootFlags(b.page)).toEqual(phaseFlags(1));
    expect(await hookFlags(a.page)).toEqual(phaseFlags(3));
    expect(await shownPhase(panel)).toBe('3');
    expect(await shownPhase(popup)).toBe('1');
    // Each app behaves by its own phase: A's hub stream carries session, card and UI events.
    await a.page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();
    await b.page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();

    // The popup of tab A shows A's phase; a flag toggled there reaches A only.
    const popupA = await openPopup(browser(), a.tabId);
    expect(await shownPhase(popupA)).toBe('3');
    await popupA.locator('[data-testid="flag-SSE_UI_EVENTS"]').click();
    await panel.byTestId('current-phase').and(panel.locator('[data-phase="2"]')).waitFor();
    await a.page.reload();
    expect(await bootFlags(a.page)).toEqual(phaseFlags(2));
    await b.page.reload();
    expect(await bootFlags(b.page)).toEqual(phaseFlags(1));
    await Promise.all([panel.page.close(), popup.close(), popupA.close(), a.page.close(), b.page.close()]);
  });

  it('phase 4 stops /api/cards polling in that tab only; rollback records why and brings polling back', async () => {
    const a = await browser().newTab();
    const b = await browser().newTab();
    const panel = await browser().openPanel(a.tabId);
    await a.page.goto(boardUrl('A'));
    await b.page.goto(boardUrl('B'));
    await openMigration(panel);
    // The panel found the polling before any flag: React Query's cards query every 0.5 s.
    await panel.locator('[data-testid="poll-row"][data-url$="/api/cards?client=A"]').waitFor();

    await panel.byTestId('phase-4').click();
    await a.page.locator('[data-testid="board"][data-polling="off"]').waitFor();
    const [a0, b0] = [await fetches(a.page, 'cards'), await fetches(b.page, 'cards')];
    // Long enough for tab B, still polling every 0.5 s, to poll twice more (no fixed wait).
    await expect.poll(async () => (await fetches(b.page, 'cards')) - b0, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const a1 = await fetches(a.page, 'cards');
    expect(a1 - a0).toBeLessThanOrEqual(1); // at most one request already in flight
    await panel.locator('[data-testid="health-no-polling"][data-status="pass"]').waitFor();
    await panel.locator('[data-testid="health-sse-card"][data-status="pass"]').waitFor();

    await panel.byTestId('rollback-reason').fill('cards stopped updating for customer 42');
    await panel.byTestId('rollback').click();
    await a.page.locator('[data-testid="rolled-back"]').waitFor();
    await a.page.locator('[data-testid="hub-state"]', { hasText: 'closed' }).waitFor();
    const a2 = await fetches(a.page, 'cards');
    await a.page.waitForFunction((n) => Number(document.querySelector('[data-count="fetch-cards"]')?.textContent) >= n + 2, a2);
    expect(await panel.byTestId('last-rollback').textContent()).toContain('cards stopped updating for customer 42');
    expect(await shownPhase(panel)).toBe('');
    expect(await panel.locator('[data-testid="flag-history"] li[data-cause="rollback"]').count()).toBe(1);
    for (const flag of ['SSE_SESSION_EVENTS', 'POLLING_DISABLED']) {
      expect(await panel.byTestId(`flag-${flag}`).isChecked()).toBe(false);
    }
    await Promise.all([panel.page.close(), a.page.close(), b.page.close()]);
  });

  it('flags loudly a build that keeps polling while POLLING_DISABLED is on, and suggests rollback', async () => {
    const a = await browser().newTab();
    const panel = await browser().openPanel(a.tabId);
    await a.page.goto(boardUrl('buggy', '&ignore=POLLING_DISABLED'));
    await openMigration(panel);
    await panel.byTestId('phase-4').click();
    await panel.locator('[data-testid="health-no-polling"][data-status="fail"]').waitFor();
    await panel.byTestId('suggest-rollback').waitFor();
    await panel.locator('[data-testid="poll-row"].poll-violation').first().waitFor();
    expect(await panel.byTestId('count-error-polling-while-disabled').textContent()).toMatch(/^\d+ polls? while POLLING_DISABLED is on$/);
    await Promise.all([panel.page.close(), a.page.close()]);
  });

  it('flags survive a service-worker restart', async () => {
    const a = await browser().newTab();
    const panel = await browser().openPanel(a.tabId);
    await a.page.goto(boardUrl('A'));
    await openMigration(panel);
    await panel.byTestId('phase-2').click();
    await a.page.locator('[data-testid="flags-on"]', { hasText: 'SSE_CARD_EVENTS' }).waitFor();
    await stopServiceWorker(browser(), panel.page);
    await a.page.reload();
    expect(await bootFlags(a.page)).toEqual(phaseFlags(2));
    // The reloaded page and the panel both reach a restarted worker that still knows phase 2.
    await panel.byTestId('connection').and(panel.locator(':text("Live")')).waitFor();
    expect(await shownPhase(panel)).toBe('2');
    const popup = await openPopup(browser(), a.tabId);
    expect(await shownPhase(popup)).toBe('2');
    expect(await hookFlags(a.page)).toEqual(phaseFlags(2));
    await Promise.all([panel.page.close(), popup.close(), a.page.close()]);
  });

  it('flags end with the tab: stored state and header rule are removed when it closes', async () => {
    const a = await browser().newTab();
    const panel = await browser().openPanel(a.tabId);
    await a.page.goto(boardUrl('A'));
    await openMigration(panel);
    await panel.byTestId('phase-2').click();
    await panel.byTestId('flag-header').click();
    await expect.poll(async () => (await storedTab(browser(), a.tabId)).headerRule).toBe(true);
    expect((await storedTab(browser(), a.tabId)).flags).toMatchObject({ flags: phaseFlags(2), header: true });
    await a.page.close();
    await expect.poll(() => storedTab(browser(), a.tabId), { timeout: 5_000 }).toEqual({ flags: null, hub: null, headerRule: false, faultRule: false });
    await panel.page.close();
  });
});
