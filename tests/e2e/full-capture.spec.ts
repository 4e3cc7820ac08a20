import { describe, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { FULL_CAPTURE_EXTENSION_DIR, type Harness } from './support/browser';
import { ALL_TYPES, probeUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';

/**
 * Whether this extension's debugger is attached to `tabId`. (`getTargets` cannot tell:
 * Playwright is attached to every page too.) A command only goes through when we are.
 */
async function debuggerAttached(harness: Harness, tabId: number): Promise<boolean> {
  const worker: Worker =
    harness.context.serviceWorkers().find((w) => w.url().includes(harness.extensionId)) ?? (await harness.context.waitForEvent('serviceworker'));
  return worker.evaluate(async (id) => {
    const api = (globalThis as unknown as { chrome: { debugger: { sendCommand(target: { tabId: number }, method: string): Promise<unknown> } } }).chrome;
    try {
      await api.debugger.sendCommand({ tabId: id }, 'Runtime.getIsolateId');
      return true;
    } catch {
      return false;
    }
  }, tabId);
}

// Ten events; #4 is ui.buttonClick, a type the probe page does not listen to, and every
// third event is unnamed (`message`).
const PROBE = probeUrl({ es: '/api/sse/events?count=10&interval=5&unnamed=3&stable=1', types: ALL_TYPES.filter((t) => t !== 'ui.buttonClick') });

describe('full capture (the full-capture build, with the debugger permission)', () => {
  const browser = useBrowser({ extensionDir: FULL_CAPTURE_EXTENSION_DIR });

  it('shows event types the page does not listen to, each message exactly once, and detaches when turned off or the panel closes', async () => {
    const { page, tabId } = await browser().newTab();
    let panel = await browser().openPanel(tabId);
    await page.goto(probeUrl({}));
    const fullCapture = panel.byTestId('full-capture');
    await fullCapture.click();
    // The explanation comes first; nothing is attached until the user accepts.
    await panel.byTestId('full-capture-dialog').waitFor();
    expect(await debuggerAttached(browser(), tabId)).toBe(false);
    await panel.byTestId('full-capture-accept').click();
    await expect.poll(() => fullCapture.isChecked()).toBe(true);
    expect(await debuggerAttached(browser(), tabId)).toBe(true);

    await page.goto(PROBE);
    await page.waitForFunction(() => (window as unknown as { __done: { es: boolean } }).__done.es);
    // 10 events and `done`: without full capture the panel would show 10 (no #4).
    await expect.poll(() => panel.eventCount(), { timeout: 20_000 }).toBe(11);
    const rows = await panel.allRows();
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '10']);
    expect(rows[3]).toMatchObject({ type: 'ui.buttonClick', id: '4' });
    const viaDebugger = await panel.byTestId('event-row').evaluateAll((els) =>
      els.filter((el) => (el as HTMLElement).dataset.via === 'debugger').map((el) => el.querySelector('[data-testid="event-id"]')?.textContent),
    );
    expect(viaDebugger).toEqual(['4']);
    expect(await panel.byTestId('badge-debugger').count()).toBe(1);
    // All in the tap's one stream, not a second one.
    expect((await panel.streams()).filter((s) => s.transport === 'eventsource')).toEqual([{ transport: 'eventsource', state: 'closed', events: 11, reconnects: 0 }]);
    // Details show what the debugger saw of the EventSource's request and response.
    await panel.byTestId('stream-row').first().getByTestId('stream-details').click();
    await expect.poll(() => panel.byTestId('details-status').textContent().catch(() => null)).toBe('200 OK');
    const headerOf = (testId: string, name: string) => panel.locator(`[data-testid="${testId}"] [data-testid="details-header"][data-name="${name}"] td`).first().textContent();
    expect(await headerOf('details-response-headers', 'content-type')).toContain('text/event-stream');
    expect(await headerOf('details-request-headers', 'accept')).toBe('text/event-stream');
    await panel.byTestId('details-close').click();

    // Off from the panel: detached at once.
    await fullCapture.click();
    await expect.poll(() => fullCapture.isChecked()).toBe(false);
    await expect.poll(() => debuggerAttached(browser(), tabId)).toBe(false);

    // On again, then the panel closes: detached.
    await fullCapture.click();
    await panel.byTestId('full-capture-accept').click();
    await expect.poll(() => debuggerAttached(browser(), tabId)).toBe(true);
    await panel.page.close();
    await expect.poll(() => debuggerAttached(browser(), tabId)).toBe(false);

    // A new panel starts with it off.
    panel = await browser().openPanel(tabId);
    await panel.byTestId('connection').filter({ hasText: 'Live' }).waitFor();
    expect(await panel.byTestId('full-capture').isChecked()).toBe(false);
  });
});

describe('full capture (the default build, without the debugger permission)', () => {
  const browser = useBrowser();

  it('explains how to get it instead of turning on', async () => {
    const { tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await panel.byTestId('full-capture').click();
    await panel.byTestId('full-capture-unavailable').waitFor();
    expect(await panel.byTestId('full-capture-accept').count()).toBe(0);
    expect(await panel.byTestId('full-capture').isChecked()).toBe(false);
    await panel.byTestId('full-capture-cancel').click();
    expect(await panel.byTestId('full-capture-dialog').count()).toBe(0);
  });
});
