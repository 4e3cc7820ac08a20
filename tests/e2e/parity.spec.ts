import { describe, expect, it } from 'vitest';
import { boardUrl, openMigration, parityStarted } from './support/migration';
import { useBrowser } from './support/use-browser';

describe('legacy ↔ SSE parity', () => {
  const browser = useBrowser();

  it('pairs the board’s legacy clicks and theme changes with their SSE twins, opens a pair or orphan side by side, and follows the filter', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(boardUrl('parity'));
    await openMigration(panel);
    // Phase 3: UI events go both ways (beacon and BroadcastChannel, and published to the hub).
    await panel.byTestId('phase-3').click();
    await page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();
    await parityStarted(panel);
    for (let i = 0; i < 3; i++) await page.getByTestId('save').click();
    await page.getByTestId('theme').click();
    await panel.byTestId('parity-view').waitFor();
    const clicks = panel.byTestId('parity-type-ui.buttonClick');
    await expect.poll(async () => Number(await clicks.getByTestId('parity-matched').textContent()), { timeout: 10_000 }).toBe(3);
    // Every legacy click has its twin; the hub app's own generated ui.buttonClick events
    // (no legacy origin) count as extra over SSE.
    expect(await clicks.getByTestId('parity-missing').textContent()).toBe('0');
    expect(await clicks.getByTestId('parity-differs').textContent()).toBe('0');
    const theme = panel.byTestId('parity-type-ui.themeChanged');
    await expect.poll(async () => Number(await theme.getByTestId('parity-matched').textContent())).toBe(1);
    await expect.poll(async () => Number(await panel.byTestId('parity-system-beacon:/api/analytics').getByTestId('parity-matched').textContent())).toBe(3);

    // The board's own SSE session stream is not the legacy provider's twin: the view says so,
    // and opens a pair or orphan with both sides.
    const problem = panel.byTestId('parity-problem').first();
    await problem.waitFor();
    await problem.locator('button').first().click();
    await panel.byTestId('parity-pair').waitFor();

    // Rules are editable: map the beacons to a type the hub never sends, and the clicks go missing.
    await panel.locator('.parity-rules summary').click();
    await panel.byTestId('parity-rules').fill('beacon:/api/analytics * -> ui.clicked keys=buttonId\n* * -> =');
    await expect.poll(async () => Number(await panel.byTestId('parity-type-ui.clicked').getByTestId('parity-missing').textContent())).toBe(3);
    await panel.byTestId('parity-rules').fill('not a rule');
    await panel.byTestId('parity-rule-problems').waitFor();
    await panel.byTestId('parity-rules').fill('beacon:/api/analytics * -> = keys=buttonId\n* * -> =');
    await expect.poll(async () => Number(await clicks.getByTestId('parity-matched').textContent())).toBe(3);

    // The event table's filter applies: only ui.buttonClick rows count.
    await panel.byTestId('tab-events').click();
    await panel.byTestId('filter-text').fill('buttonClick');
    await openMigration(panel);
    await expect.poll(async () => panel.byTestId('parity-by-type').locator('tbody tr').count()).toBe(1);
    expect(Number(await panel.byTestId('parity-type-ui.buttonClick').getByTestId('parity-matched').textContent())).toBe(3);
    // Only extras remain among the problems: nothing legacy sent is missing over SSE.
    const classes = await panel.byTestId('parity-problem').evaluateAll((els) => [...new Set(els.map((el) => (el as HTMLElement).dataset.class))]);
    expect(classes.filter((c) => c !== 'extra')).toEqual([]);
  });
});
