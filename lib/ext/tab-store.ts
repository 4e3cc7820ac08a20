/**
 * Persistence of each tab's state in `storage.session` (kept across service-worker
 * restarts, gone when the browser closes): its migration flags, and its hub settings and
 * preserve-log switch; and the opt-in request header as a declarativeNetRequest session
 * rule scoped to the tab. The only module that calls `browser.storage` and
 * `browser.declarativeNetRequest`.
 */
import { browser } from 'wxt/browser';
import { FLAG_HEADER, type HubFaults, type HubSettings, type TabFlagState } from '../protocol';
import { flagsOn, normalizeFlagState } from '../flags/tab-flags';
import { createLogger } from '../logger';

const log = createLogger('flags');
const FLAGS_PREFIX = 'flags:';
const HUB_PREFIX = 'hub:';

/** The `storage.session` keys of a tab's state (tests read them through these too). */
export const STORAGE_KEYS = {
  flags: (tabId: number) => `${FLAGS_PREFIX}${tabId}`,
  hub: (tabId: number) => `${HUB_PREFIX}${tabId}`,
};

/** The declarativeNetRequest session rule id of a tab's flag header: the tab id itself. */
export const headerRuleId = (tabId: number): number => tabId;
/**
 * The session rule id of a tab's simulated hub outage: a range of its own above any tab id
 * Chrome hands out in a session (tab ids count up from 1; rule ids may go to 2^31 - 1).
 */
export const FAULT_RULE_BASE = 1_000_000_000;
export const faultRuleId = (tabId: number): number => FAULT_RULE_BASE + tabId;

/** A tab's hub choices, as stored (settings are normalised by the relay when applied). */
export interface StoredHubChoices {
  settings?: unknown;
  preserveLog?: boolean;
}

/** Everything stored for the open tabs. */
export interface StoredTabs {
  flags: Map<number, TabFlagState>;
  hub: Map<number, StoredHubChoices>;
}

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
export async function loadTabs(): Promise<StoredTabs> {
  const tabs: StoredTabs = { flags: new Map(), hub: new Map() };
  try {
    const [stored, open] = await Promise.all([browser.storage.session.get(null), browser.tabs.query({})]);
    const ids = new Set(open.map((tab) => tab.id));
    const stale: string[] = [];
    for (const [key, value] of Object.entries(stored)) {
      const prefix = key.startsWith(FLAGS_PREFIX) ? FLAGS_PREFIX : key.startsWith(HUB_PREFIX) ? HUB_PREFIX : null;
      if (prefix === null) continue;
      const tabId = Number(key.slice(prefix.length));
      if (!ids.has(tabId)) stale.push(key);
      else if (prefix === FLAGS_PREFIX) tabs.flags.set(tabId, normalizeFlagState(value));
      else if (typeof value === 'object' && value !== null) tabs.hub.set(tabId, value as StoredHubChoices);
    }
    if (stale.length) await browser.storage.session.remove(stale);
    // Outage rules of tabs that closed while the worker slept (a tab id never comes back).
    const rules = await browser.declarativeNetRequest.getSessionRules();
    const orphans = rules.filter((r) => r.id > FAULT_RULE_BASE && !ids.has(r.id - FAULT_RULE_BASE)).map((r) => r.id);
    if (orphans.length) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: orphans });
  } catch (error) {
    log.debug('could not read stored tabs', error);
  }
  return tabs;
}

/** Stores a tab's hub settings and preserve-log switch. */
export function saveHubChoices(tabId: number, choices: { settings: HubSettings; preserveLog: boolean }): Promise<void> {
  return browser.storage.session.set({ [STORAGE_KEYS.hub(tabId)]: choices }).catch((error: unknown) => log.debug('could not store hub choices', error));
}

/** Stores a tab's migration state. */
export function saveTabFlags(tabId: number, state: TabFlagState): Promise<void> {
  return browser.storage.session.set({ [STORAGE_KEYS.flags(tabId)]: state }).catch((error: unknown) => log.debug('could not store flags', error));
}

/** Forgets a closed tab's stored state and header rule. */
export function forgetTab(tabId: number): Promise<void> {
  return Promise.all([
    browser.storage.session.remove([STORAGE_KEYS.flags(tabId), STORAGE_KEYS.hub(tabId)]),
    browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [headerRuleId(tabId), faultRuleId(tabId)] }),
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
      removeRuleIds: [headerRuleId(tabId)],
      addRules: state.header
        ? [
            {
              id: headerRuleId(tabId),
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

/**
 * Adds or removes the tab's simulated hub outage: with `faults.down`, every request of the
 * tab whose URL contains `faults.hub` fails as a network error (blocked), so the page's
 * EventSources error and reconnect for real. Scoped to the tab by `tabIds`.
 */
export function applyHubDown(tabId: number, faults: HubFaults): Promise<void> {
  // `*`, `|` and `^` mean something in a urlFilter; the hub text is a plain substring.
  const text = faults.hub.replace(/[*|^]/g, '');
  return browser.declarativeNetRequest
    .updateSessionRules({
      removeRuleIds: [faultRuleId(tabId)],
      addRules:
        faults.down && text !== ''
          ? [
              {
                id: faultRuleId(tabId),
                priority: 2,
                action: { type: 'block' },
                condition: { tabIds: [tabId], urlFilter: text, resourceTypes: ALL_RESOURCE_TYPES.filter((t) => t !== 'main_frame') },
              },
            ]
          : [],
    })
    .catch((error: unknown) => log.debug('could not update the hub outage rule', error));
}
