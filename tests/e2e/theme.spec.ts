import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, probeUrl } from './support/hub-app';

/** Screenshots for review land here (not committed). */
const SHOTS = 'test-results';

describe('looks like DevTools', () => {
  const browser = useBrowser();
  beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  it('follows the light and dark theme, and stays usable 400 px wide; screenshots saved', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?scenario=burst', types: ALL_TYPES }));
    await panel.waitForEventCount(19);
    const background = () => panel.byTestId('panel').evaluate((el) => getComputedStyle(el).backgroundColor);

    await panel.page.emulateMedia({ colorScheme: 'light' });
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.classList.contains('theme-light'));
    expect(await background()).toBe('rgb(255, 255, 255)');
    await panel.byTestId('event-row').nth(2).click();
    await panel.page.screenshot({ path: `${SHOTS}/panel-light.png` });

    // Theme changes apply live, as DevTools' own theme switch would.
    await panel.page.emulateMedia({ colorScheme: 'dark' });
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="panel"]')?.classList.contains('theme-dark'));
    expect(await background()).toBe('rgb(32, 33, 36)');
    await panel.page.screenshot({ path: `${SHOTS}/panel-dark.png` });

    // Docked narrow: nothing overflows the panel horizontally and rows stay clickable.
    await panel.page.setViewportSize({ width: 400, height: 700 });
    const overflow = await panel.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await panel.byTestId('event-row').first().click();
    await panel.byTestId('event-detail').waitFor();
    await panel.page.screenshot({ path: `${SHOTS}/panel-400px.png` });
  });
});
