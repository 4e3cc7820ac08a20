/** Reaching into the extension from a spec: its service worker and what it stored. */
import type { Page } from 'playwright-core';
import { STORAGE_KEYS } from '../../../lib/ext/tab-store';
import type { Harness } from './browser';

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
  declarativeNetRequest: { getSessionRules(): Promise<{ id: number; action: { type: string }; condition: { tabIds?: number[] } }[]> };
}

/** What the background has stored for `tabId` (flags, hub choices) and whether its header rule exists. */
export async function storedTab(harness: Harness, tabId: number): Promise<{ flags: unknown; hub: unknown; headerRule: boolean; faultRule: boolean }> {
  const worker = harness.context.serviceWorkers().find((w) => w.url().includes(harness.extensionId)) ?? (await harness.context.waitForEvent('serviceworker'));
  const keys = { flags: STORAGE_KEYS.flags(tabId), hub: STORAGE_KEYS.hub(tabId), tab: tabId };
  return worker.evaluate(async ({ flags, hub, tab }) => {
    // The extension's own API, inside its service worker.
    const api = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
    const stored = await api.storage.session.get([flags, hub]);
    return {
      flags: stored[flags] ?? null,
      hub: stored[hub] ?? null,
      // The tab's rules, by what they are: scoped to it, carrying the header / blocking the hub.
      headerRule: (await api.declarativeNetRequest.getSessionRules()).some((r) => r.condition.tabIds?.[0] === tab && r.action.type === 'modifyHeaders'),
      faultRule: (await api.declarativeNetRequest.getSessionRules()).some((r) => r.condition.tabIds?.[0] === tab && r.action.type === 'block'),
    };
  }, keys);
}
