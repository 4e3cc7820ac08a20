import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, probeUrl } from './support/hub-app';

describe('event filter', () => {
  const browser = useBrowser();

  it('narrows rows to the matching ones, the counter agrees, and the filter survives reopening', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=20&interval=5&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(21);

    const filterTo = async (text: string) => {
      await panel.byTestId('filter-text').fill(text);
      await panel.page.waitForFunction(
        (t) => (document.querySelector('[data-testid="filter-text"]') as HTMLInputElement).value === t,
        text,
      );
      return panel.allRows();
    };
    // Events 1–20 cycle through 10 types; card.updated is #3, #6, #13, #16.
    const words = await filterTo('card.updated');
    expect(words.map((r) => r.id)).toEqual(['3', '6', '13', '16']);
    expect(await panel.byTestId('shown-count').textContent()).toBe('4 of 21 shown');

    const regex = await filterTo('/^(card\\.created|card\\.deleted)$/');
    expect(regex.map((r) => r.type)).toEqual(['card.created', 'card.deleted', 'card.created', 'card.deleted']);

    const path = await filterTo('$.eventData.cardId == "c3"');
    // Only card.* events carry a cardId; c3 falls on #3, #8, #13, #18, of which #3 and #13 are cards.
    expect(path.map((r) => r.id)).toEqual(['3', '13']);

    await panel.byTestId('filter-text').fill('/(/');
    expect(await panel.byTestId('filter-error').textContent()).toMatch(/Invalid regular expression/);

    // Chips: only these types (and they combine with the text).
    await filterTo('');
    await panel.byTestId('chip-types-card.updated').click();
    await panel.byTestId('chip-types-session.started').click();
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="shown-count"]')?.textContent === '6 of 21 shown');
    expect((await panel.allRows()).map((r) => r.id)).toEqual(['1', '3', '6', '11', '13', '16']);
    await panel.byTestId('chip-priorities-HIGH').click();
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="shown-count"]')?.textContent === '2 of 21 shown');
    await panel.byTestId('chip-priorities-HIGH').click();
    await panel.byTestId('chip-types-card.updated').click();
    await panel.byTestId('chip-types-session.started').click();

    await filterTo('session.ended');
    const reopened = await browser().openPanel(tabId);
    await reopened.waitForEventCount(21);
    expect(await reopened.byTestId('filter-text').inputValue()).toBe('session.ended');
    expect((await reopened.allRows()).map((r) => r.id)).toEqual(['10', '20']);
    await reopened.byTestId('filter-text').fill('');
  });

  it('a row kept by a filter shows its decision when it arrives after the row, and priority chips see it', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    // Filtering before anything arrives, events 600 ms apart and a 300 ms batch window: each
    // row is shown in the filtered view well before the engine decides it (the panel groups
    // what arrives within 100 ms into one render).
    await panel.byTestId('tab-settings').click();
    await panel.byTestId('setting-batchWindowMs').fill('300');
    await panel.byTestId('settings-apply').click();
    await panel.byTestId('tab-events').click();
    await panel.byTestId('filter-text').fill('.');
    await page.goto(probeUrl({ es: '/api/sse/events?count=8&interval=600&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(9);
    const priorities = () =>
      panel.byTestId('event-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-type')} ${r.getAttribute('data-priority') ?? ''}`));
    await expect.poll(async () => (await priorities()).filter((p) => p.endsWith(' ')).length).toBe(0);
    expect((await priorities()).length).toBeGreaterThanOrEqual(8);
    // A priority chip reads the decision too: every row has one, so HIGH shows exactly the HIGH rows.
    const high = (await priorities()).filter((p) => p.endsWith(' HIGH')).length;
    await panel.byTestId('chip-priorities-HIGH').click();
    await expect.poll(() => panel.byTestId('event-row').count()).toBe(high);
    await panel.byTestId('chip-priorities-HIGH').click();
    await panel.byTestId('filter-text').fill('');
  });

  it('shows and hides columns, and remembers the choice', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=3&interval=5&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(4);
    expect(await panel.byTestId('event-data').count()).toBeGreaterThan(0);
    await panel.byTestId('columns-menu').click();
    await panel.byTestId('column-toggle-data').uncheck();
    expect(await panel.byTestId('event-data').count()).toBe(0);
    expect(await panel.locator('.event-row.header [role="columnheader"]').allTextContents()).not.toContain('Data');
    const reopened = await browser().openPanel(tabId);
    await reopened.waitForEventCount(4);
    expect(await reopened.byTestId('event-data').count()).toBe(0);
    await reopened.byTestId('columns-menu').click();
    await reopened.byTestId('column-toggle-data').check();
    expect(await reopened.byTestId('event-data').count()).toBeGreaterThan(0);
  });
});
