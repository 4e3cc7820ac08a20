/**
 * Persistence of each tab's migration state in `storage.session` (kept across
 * service-worker restarts, gone when the browser closes), and the opt-in request header
 * as a declarativeNetRequest session rule scoped to the tab. The only module that calls
 * `browser.storage` and `browser.declarativeNetRequest`.
 */
import { browser } from 'wxt/browser';
import { FLAG_HEADER, type TabFlagState } from '../protocol';
import { flagsOn, normalizeFlagState } from '../flags/tab-flags';
import { createLogger } from '../logger';

const log = createLogger('flags');
const KEY_PREFIX = 'flags:';

/** Every resource type, so the header reaches documents, fetches, XHRs and EventSources alike. */
const ALL_RESOURCE_TYPES = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'webtransport',
  'webbundle',
  'other',
] as const;

/** Reads every stored tab state, dropping tabs that no longer exist (closed while the worker slept). */
export async function loadTabFlags(): Promise<Map<number, TabFlagState>> {
  const states = new Map<number, TabFlagState>();
  try {
    const [stored, tabs] = await Promise.all([browser.storage.session.get(null), browser.tabs.query({})]);
    const open = new Set(tabs.map((tab) => tab.id));
    const stale: string[] = [];
    for (const [key, value] of Object.entries(stored)) {
      if (!key.startsWith(KEY_PREFIX)) continue;
      const tabId = Number(key.slice(KEY_PREFIX.length));
      if (open.has(tabId)) states.set(tabId, normalizeFlagState(value));
      else stale.push(key);
    }
    if (stale.length) await browser.storage.session.remove(stale);
  } catch (error) {
    log.debug('could not read stored flags', error);
  }
  return states;
}

/** Stores a tab's state. */
export function saveTabFlags(tabId: number, state: TabFlagState): Promise<void> {
  return browser.storage.session.set({ [`${KEY_PREFIX}${tabId}`]: state }).catch((error: unknown) => log.debug('could not store flags', error));
}

/** Forgets a closed tab's state and header rule. */
export function forgetTabFlags(tabId: number): Promise<void> {
  return Promise.all([
    browser.storage.session.remove(`${KEY_PREFIX}${tabId}`),
    browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [tabId] }),
  ]).then(
    () => undefined,
    (error: unknown) => log.debug('could not forget flags', error),
  );
}

/**
 * Adds, updates or removes the tab's header rule: with `state.header` on, every request
 * the tab makes carries `X-SSE-Hub-Flags: <flags on, comma-separated>` (or `none`).
 * Rule id = tab id, so each tab has at most one rule and another tab is never matched.
 */
export function applyFlagHeader(tabId: number, state: TabFlagState): Promise<void> {
  const value = flagsOn(state.flags).join(',') || 'none';
  return browser.declarativeNetRequest
    .updateSessionRules({
      removeRuleIds: [tabId],
      addRules: state.header
        ? [
            {
              id: tabId,
              priority: 1,
              action: {
                type: 'modifyHeaders',
                requestHeaders: [{ header: FLAG_HEADER, operation: 'set', value }],
              },
              condition: { tabIds: [tabId], resourceTypes: [...ALL_RESOURCE_TYPES] },
            },
          ]
        : [],
    })
    .catch((error: unknown) => log.debug('could not update the header rule', error));
}
