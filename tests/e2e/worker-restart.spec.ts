import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, probeUrl } from './support/hub-app';
import { stopServiceWorker, storedTab } from './support/extension';

describe('service-worker restart', () => {
  const browser = useBrowser();

  it('loses no event: bridges re-send what the hub had not acknowledged, panels reconnect', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=300&interval=10&stable=1', types: ALL_TYPES }));
    await panel.waitForEventCount(20);
    // Stop the extension's service worker mid-stream, as Chrome does when it idles it out.
    await stopServiceWorker(browser(), panel.page);
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es, undefined, { timeout: 30_000 });
    // 300 events + done, each exactly once, in order.
    await panel.waitForEventCount(301, 30_000);
    const rows = await panel.allRows();
    expect(rows.map((r) => r.id)).toEqual([...Array.from({ length: 300 }, (_, i) => String(i + 1)), '300']);
    expect(await panel.byTestId('connection').textContent()).toBe('Live');
  });

  it('keeps the tab’s hub settings and preserve-log switch across a restart', async () => {
    const { page, tabId } = await browser().newTab();
    let panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=3&interval=10', types: ALL_TYPES }));
    await panel.byTestId('preserve-log').check();
    await panel.byTestId('tab-settings').click();
    await panel.byTestId('setting-dedupWindowMs').fill('250');
    await panel.byTestId('settings-apply').click();
    await expect.poll(async () => (await storedTab(browser(), tabId)).hub).toMatchObject({ preserveLog: true, settings: { dedupWindowMs: 250 } });
    await stopServiceWorker(browser(), panel.page);
    await panel.page.close();
    // A fresh panel can only learn these from the restarted worker.
    panel = await browser().openPanel(tabId);
    await panel.byTestId('connection').and(panel.locator(':text("Live")')).waitFor();
    expect(await panel.byTestId('preserve-log').isChecked()).toBe(true);
    await panel.byTestId('tab-settings').click();
    expect(await panel.byTestId('setting-dedupWindowMs').inputValue()).toBe('250');
    await Promise.all([panel.page.close(), page.close()]);
  });
});
