/**
 * Languages: the panel and the popup follow the browser's language (German here), a
 * switch in the panel changes it at once and is kept, and no English catalog text shows
 * anywhere in the German panel's views (nor German in the English one).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../lib/i18n';
import type { Message } from '../../lib/i18n/message';
import { ALL_TYPES, probeUrl } from './support/hub-app';
import { openPopup } from './support/migration';
import type { PanelPage } from './support/panel-page';
import { useBrowser } from './support/use-browser';

/**
 * The fixed text of each message of `language` that differs from `other`: its longest
 * stretch between placeholders, when that is long enough to be told apart from data.
 */
function distinctTexts(language: 'en' | 'de', other: 'en' | 'de'): string[] {
  const mine = CATALOGS[language] as Record<string, Message>;
  const theirs = CATALOGS[other] as Record<string, Message>;
  const texts = new Set<string>();
  for (const [key, message] of Object.entries(mine)) {
    const forms = typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string');
    const otherForms = JSON.stringify(theirs[key]);
    for (const form of forms) {
      const longest = form.split(/\{\w+\}/).map((s) => s.trim()).sort((a, b) => b.length - a.length)[0] ?? '';
      if (longest.length >= 14 && !otherForms.includes(longest)) texts.add(longest);
    }
  }
  return [...texts];
}

/** Every view of the panel, with a stream's dialogs opened, as text. */
async function everyViewText(panel: PanelPage): Promise<string> {
  const texts: string[] = [];
  const text = () => panel.page.evaluate(() => document.body.innerText);
  for (const view of ['events', 'stats', 'settings', 'migration']) {
    await panel.byTestId(`tab-${view}`).click();
    // Each view's own content, once it has rendered.
    await panel.byTestId(view === 'events' ? 'streams' : `${view === 'stats' ? 'stats' : view === 'settings' ? 'settings' : 'migration'}-view`).waitFor();
    if (view === 'events') {
      await panel.byTestId('event-row').first().click();
      await panel.byTestId('event-detail').waitFor();
    }
    if (view === 'settings') await panel.byTestId('what-if-run').click();
    texts.push(await text());
  }
  await panel.byTestId('tab-events').click();
  const fetchRow = panel.byTestId('stream-row').filter({ has: panel.page.locator('[data-transport="fetch"]') }).or(panel.page.locator('[data-testid="stream-row"][data-transport="fetch"]'));
  for (const [button, close] of [['stream-details', 'details-close'], ['stream-insight', 'insight-close'], ['stream-raw', 'raw-close']] as const) {
    await fetchRow.first().getByTestId(button).click();
    texts.push(await text());
    await panel.byTestId(close).click();
  }
  await panel.byTestId('export').click();
  await panel.byTestId('export-preview-run').click();
  texts.push(await text());
  await panel.byTestId('export-cancel').click();
  return texts.join('\n');
}

const shown = (text: string, candidates: string[]) => candidates.filter((c) => text.includes(c));

async function panelFor(browser: () => import('./support/browser').Harness): Promise<{ page: Page; tabId: number; panel: PanelPage }> {
  const { page, tabId } = await browser().newTab();
  const panel = await browser().openPanel(tabId);
  // An EventSource, a fetch-read stream (its text and lint in Raw) and the legacy emitters.
  await page.goto(probeUrl({ es: '/api/sse/events?scenario=burst', fetch: '/api/sse/events?scenario=burst', legacy: true, types: ALL_TYPES }));
  await panel.waitForEventCount(30);
  return { page, tabId, panel };
}

describe('a German browser', () => {
  const browser = useBrowser({ locale: 'de-DE' });

  it('shows the panel and the popup in German, with no English catalog text in any view', async () => {
    const { tabId, panel } = await panelFor(browser);
    expect(await panel.page.evaluate(() => [navigator.language, document.documentElement.lang])).toEqual(['de-DE', 'de']);
    expect(await panel.byTestId('tab-events').textContent()).toBe('Ereignisse');
    await expect.poll(() => panel.byTestId('event-count').textContent()).toMatch(/^\d+ Ereignisse$/);
    expect(await panel.byTestId('language').inputValue()).toBe('auto');

    const german = await everyViewText(panel);
    expect(german).toContain('Zustand der Phase');
    expect(german).toContain('Stream-Details');
    expect(shown(german, distinctTexts('en', 'de'))).toEqual([]);

    const popup = await openPopup(browser(), tabId);
    expect(await popup.locator('[data-testid="popup-open-trace"]').textContent()).toBe('Trace öffnen…');
    expect(await popup.locator('[data-testid="rollback"]').textContent()).toBe('Notfall-Rollback');
    // The extension's own strings (manifest name, description, button title) from _locales/de.
    const getMessage = () => (globalThis as unknown as { chrome: { i18n: { getMessage(name: string): string } } }).chrome.i18n.getMessage('actionTitle');
    expect(await popup.evaluate(getMessage)).toBe('SSE Hub: Migrations-Flags für diesen Tab');
    await popup.close();
  });

  it('words the relay’s error records in German: counts and the latest line', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ fetch: '/api/sse/binary' }));
    await panel.byTestId('count-error-binary').waitFor();
    expect(await panel.counter('error-binary')).toBe('1 binärer Body');
    expect(await panel.byTestId('error-bar').locator('.error-last').textContent()).toBe('Zuletzt: Der Body ist kein UTF-8-Text; das Lesen dieses Streams wurde beendet.');
    await panel.page.close();
  });

  it('switches to English at once from the panel, keeps the choice for the next panel, and goes back to the browser’s language', async () => {
    const { tabId, panel } = await panelFor(browser);
    await panel.byTestId('language').selectOption('en');
    await expect.poll(() => panel.byTestId('tab-events').textContent()).toBe('Events');
    await expect.poll(() => panel.byTestId('event-count').textContent()).toMatch(/^\d+ events$/);
    expect(await panel.page.evaluate(() => document.documentElement.lang)).toBe('en');

    const english = await everyViewText(panel);
    expect(english).toContain('Phase health');
    expect(shown(english, distinctTexts('de', 'en'))).toEqual([]);

    // Kept: another panel (and the popup) opens in English.
    const next = await browser().openPanel(tabId);
    expect(await next.byTestId('language').inputValue()).toBe('en');
    expect(await next.byTestId('tab-migration').textContent()).toBe('Migration');
    expect(await next.byTestId('toolbar-faults').count()).toBe(0);
    const popup = await openPopup(browser(), tabId);
    expect(await popup.locator('[data-testid="popup-open-trace"]').textContent()).toBe('Open trace…');
    await popup.close();

    await next.byTestId('language').selectOption('auto');
    await expect.poll(() => next.byTestId('tab-stats').textContent()).toBe('Hub-Statistik');
    await next.page.close();
  });
});
