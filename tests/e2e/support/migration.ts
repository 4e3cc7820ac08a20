/** Helpers for the migration specs: the board app, its boot flags, the popup and the Migration view. */
import type { Page } from 'playwright-core';
import type { Harness } from './browser';
import { hubUrl } from './hub-app';
import type { PanelPage } from './panel-page';

export const FLAG_NAMES = ['SSE_SESSION_EVENTS', 'SSE_CARD_EVENTS', 'SSE_UI_EVENTS', 'POLLING_DISABLED', 'LEGACY_EVENTS_DISABLED'] as const;
export type FlagSet = Record<(typeof FLAG_NAMES)[number], boolean>;

/** The flags phase `n` turns on (0: none). */
export function phaseFlags(n: number): FlagSet {
  return Object.fromEntries(FLAG_NAMES.map((f, i) => [f, i < n])) as FlagSet;
}

/** The board app (the seed's five systems), polling at 60× the seed's pace. */
export function boardUrl(client: string, extra = ''): string {
  return hubUrl(`/board.html?speed=60&interval=200&client=${client}${extra}`);
}

/** What the page's first inline script read from the hook at this load. */
export async function bootFlags(page: Page): Promise<FlagSet | null> {
  return JSON.parse((await page.evaluate(() => document.documentElement.dataset.bootFlags)) ?? 'null') as FlagSet | null;
}

/** The hook's flags now. */
export async function hookFlags(page: Page): Promise<FlagSet | null> {
  return page.evaluate(() => (window as unknown as { __SSE_HUB_DEVTOOLS_HOOK__?: { flags: FlagSet } }).__SSE_HUB_DEVTOOLS_HOOK__?.flags ?? null);
}

/** How many times the board has fetched `/api/<name>`. */
export async function fetches(page: Page, name: 'cards' | 'users' | 'sessions'): Promise<number> {
  return Number(await page.locator(`[data-count="fetch-${name}"]`).textContent());
}

/** Opens the toolbar popup's page for `tabId` (as a tab, the way tests open the panel). */
export async function openPopup(harness: Harness, tabId: number): Promise<Page> {
  const page = await harness.context.newPage();
  await page.goto(`chrome-extension://${harness.extensionId}/popup.html?tabId=${tabId}`);
  await page.locator('[data-testid="flag-controls"]').waitFor();
  return page;
}

/** Switches the panel to its Migration view. */
export async function openMigration(panel: PanelPage): Promise<void> {
  await panel.byTestId('tab-migration').click();
  await panel.byTestId('flag-controls').waitFor();
}

/** The phase a panel or popup shows as current ('' for none or a custom mix). */
export async function shownPhase(root: Page | PanelPage): Promise<string> {
  const locator = 'byTestId' in root ? root.byTestId('current-phase') : root.locator('[data-testid="current-phase"]');
  return (await locator.getAttribute('data-phase')) ?? '';
}

/**
 * Stops the extension's service worker, as Chrome does when it idles it out. `from` must
 * be an extension page: from there the ServiceWorker domain sees the extension's worker.
 */
export async function stopServiceWorker(harness: Harness, from: Page): Promise<void> {
  const cdp = await harness.context.newCDPSession(from);
  const stopped = new Promise<void>((resolve) =>
    cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { runningStatus: string }[] }) => {
      if (event.versions.some((v) => v.runningStatus === 'stopped')) resolve();
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}

/** The slice of `chrome.*` the specs read from the service worker. */
interface ExtensionApi {
  storage: { session: { get(key: string[]): Promise<Record<string, unknown>> } };
  declarativeNetRequest: { getSessionRules(): Promise<{ id: number }[]> };
}

/** What the background has stored for `tabId` (flags, hub choices) and whether its header rule exists. */
export async function storedTab(harness: Harness, tabId: number): Promise<{ flags: unknown; hub: unknown; headerRule: boolean }> {
  const worker = harness.context.serviceWorkers().find((w) => w.url().includes(harness.extensionId)) ?? (await harness.context.waitForEvent('serviceworker'));
  return worker.evaluate(async (id) => {
    // The extension's own API, inside its service worker.
    const api = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
    const stored = await api.storage.session.get([`flags:${id}`, `hub:${id}`]);
    return {
      flags: stored[`flags:${id}`] ?? null,
      hub: stored[`hub:${id}`] ?? null,
      headerRule: (await api.declarativeNetRequest.getSessionRules()).some((r) => r.id === id),
    };
  }, tabId);
}
