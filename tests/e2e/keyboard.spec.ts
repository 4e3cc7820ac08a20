import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, eventAt, probeUrl } from './support/hub-app';

describe('keyboard control and following the tail', () => {
  const browser = useBrowser();

  it('moves, opens and closes with the keyboard, focuses the filter, pauses and clears', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=12&interval=5&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(13);
    const keys = panel.page.keyboard;
    const detailType = () => panel.byTestId('detail-type').textContent();

    await keys.press('j');
    expect(await detailType()).toBe(eventAt(1).name);
    await keys.press('j');
    await keys.press('ArrowDown');
    expect(await detailType()).toBe(eventAt(3).name);
    await keys.press('k');
    expect(await detailType()).toBe(eventAt(2).name);
    await keys.press('Escape');
    expect(await panel.byTestId('event-detail').count()).toBe(0);
    await keys.press('Enter');
    expect(await detailType()).toBe('done');

    await keys.press('?');
    await panel.byTestId('shortcuts').waitFor();
    await keys.press('?');
    expect(await panel.byTestId('shortcuts').count()).toBe(0);

    await keys.press('/');
    expect(await panel.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-text');
    await keys.press('Escape');

    await keys.press(' ');
    expect(await panel.byTestId('record-toggle').getAttribute('aria-pressed')).toBe('false');
    await keys.press(' ');
    expect(await panel.byTestId('record-toggle').getAttribute('aria-pressed')).toBe('true');

    await keys.press('Control+l');
    await panel.byTestId('events-empty').waitFor();
    expect(await panel.eventCount()).toBe(0);
  });

  it('stops following when scrolled up and offers to jump to the latest, counting new events', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=200&interval=15&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(60);
    await panel.locator('.event-scroller').evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    const jump = panel.byTestId('jump-latest');
    await jump.waitFor();
    await panel.page.waitForFunction(() => /\((\d+) new\)/.test(document.querySelector('[data-testid="jump-latest"]')?.textContent ?? '') && Number(/\((\d+) new\)/.exec(document.querySelector('[data-testid="jump-latest"]')!.textContent!)![1]) >= 5);
    // Still scrolled up: the first rows stay in view while events arrive.
    expect((await panel.visibleRows())[0]!.id).toBe('1');
    await jump.click();
    await panel.page.waitForFunction(() => !document.querySelector('[data-testid="jump-latest"]'));
    const last = (await panel.visibleRows()).at(-1)!;
    expect(Number(last.id)).toBeGreaterThan(60);
  });
});
