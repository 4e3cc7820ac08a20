import { describe, expect, it } from 'vitest';
import { probeUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';

const PROBE = probeUrl({ es: '/api/sse/events?count=5&interval=5&stable=1', types: ['session.started', 'card.created', 'card.updated', 'ui.buttonClick', 'session.activity'] });
const done = () => (window as unknown as { __done: { es: boolean } }).__done.es;

describe('keep recording this site (opt-in)', () => {
  const browser = useBrowser();

  it('records an opted-in site with no panel open, so a panel opened later shows what came before; a site not opted in records nothing', async () => {
    const { page, tabId } = await browser().newTab();
    await page.goto(probeUrl({}));
    // Opt in from a panel, then close it.
    let panel = await browser().openPanel(tabId);
    const keep = panel.byTestId('keep-recording');
    await expect.poll(() => keep.isEnabled()).toBe(true);
    // The switch shows the relay's answer, not the click: click, then wait for the answer.
    await keep.click();
    await expect.poll(() => keep.isChecked()).toBe(true);
    await panel.page.close();

    // No panel open: the page streams, and the relay keeps it.
    await page.goto(PROBE);
    await page.waitForFunction(done);
    panel = await browser().openPanel(tabId);
    await expect.poll(() => panel.eventCount()).toBe(6);
    expect((await panel.allRows()).map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '5']);

    // Opted out: the same page, streamed with no panel open, leaves nothing.
    // (A fresh panel learns the switch's state from the relay: wait for it before turning it off.)
    await expect.poll(() => panel.byTestId('keep-recording').isChecked()).toBe(true);
    await panel.byTestId('keep-recording').click();
    await expect.poll(() => panel.byTestId('keep-recording').isChecked()).toBe(false);
    await panel.page.close();
    await page.goto(PROBE);
    await page.waitForFunction(done);
    panel = await browser().openPanel(tabId);
    await panel.byTestId('connection').filter({ hasText: 'Live' }).waitFor();
    expect(await panel.eventCount()).toBe(0);
  });
});
