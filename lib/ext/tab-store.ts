/**
 * Persistence of each tab's state in `storage.session` (kept across service-worker
 * restarts, gone when the browser closes): its migration flags, and its hub settings and
 * preserve-log switch; and the tab's declarativeNetRequest session rules (the opt-in
 * request header, a simulated hub outage), each scoped to the tab. The only module that calls `browser.storage` and
 * `browser.declarativeNetRequest`.
 */
import { browser, type Browser } from 'wxt/browser';
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

/** What a tab's session rules do: carry the flag header, or block the hub (a simulated outage). */
type TabRuleKind = 'modifyHeaders' | 'block';
type NewRule = Omit<Browser.declarativeNetRequest.Rule, 'id'>;

/**
 * Whether `rule` is one of `tabId`'s (of `kind`, when given). A tab's rules are found by
 * what they are — the one tab they are scoped to, and their action — never by an id
 * computed from the tab id: Chrome's tab ids can be any positive 32-bit integer, so no
 * arithmetic on them stays a valid, unique rule id.
 */
function isTabRule(rule: { action: { type: string }; condition: { tabIds?: number[] } }, tabId: number, kind?: TabRuleKind): boolean {
  const tabs = rule.condition.tabIds;
  return tabs?.length === 1 && tabs[0] === tabId && (kind === undefined || rule.action.type === kind);
}

// Rule changes run one at a time: each reads the rules, then writes, so new ids never collide.
let ruleQueue: Promise<unknown> = Promise.resolve();
function serially(work: () => Promise<void>): Promise<void> {
  const run = ruleQueue.then(work, work);
  ruleQueue = run.catch(() => undefined);
  return run;
}

/** Replaces the tab's rule of `kind` with `rule` (or just removes it), under a fresh id. */
function replaceTabRule(tabId: number, kind: TabRuleKind, rule: NewRule | null): Promise<void> {
  return serially(async () => {
    const rules = await browser.declarativeNetRequest.getSessionRules();
    const id = rules.reduce((max, r) => Math.max(max, r.id), 0) + 1;
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: rules.filter((r) => isTabRule(r, tabId, kind)).map((r) => r.id),
      addRules: rule ? [{ ...rule, id }] : [],
    });
  });
}

/** Removes every rule scoped to one tab that is not in `open` (all of `tabId`'s when given). */
function removeTabRules(keep: (tabId: number) => boolean): Promise<void> {
  return serially(async () => {
    const rules = await browser.declarativeNetRequest.getSessionRules();
    const stale = rules.filter((r) => r.condition.tabIds?.length === 1 && !keep(r.condition.tabIds[0]!)).map((r) => r.id);
    if (stale.length) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: stale });
  });
}

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

/** The `storage.session` key that says a relay already ran in this browser session. */
const ALIVE_KEY = 'relay:alive';

/**
 * Notes that the relay runs, and says whether one ran before in this browser session
 * (this worker is a restart: panels and bridges of recorded tabs are coming back).
 */
export async function markRelayAlive(): Promise<boolean> {
  try {
    const before = (await browser.storage.session.get(ALIVE_KEY))[ALIVE_KEY] === true;
    if (!before) await browser.storage.session.set({ [ALIVE_KEY]: true });
    return before;
  } catch (error) {
    log.debug('could not read the relay mark', error);
    return false;
  }
}

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
    // Rules of tabs that closed while the worker slept (a tab id never comes back).
    await removeTabRules((tabId) => ids.has(tabId));
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

/** Forgets a closed tab's stored state and its rules (flag header, hub outage). */
export function forgetTab(tabId: number): Promise<void> {
  return Promise.all([browser.storage.session.remove([STORAGE_KEYS.flags(tabId), STORAGE_KEYS.hub(tabId)]), removeTabRules((id) => id !== tabId)]).then(
    () => undefined,
    (error: unknown) => log.debug('could not forget flags', error),
  );
}

/**
 * Adds, updates or removes the tab's header rule: with `state.header` on, every request
 * the tab makes carries `X-SSE-Hub-Flags: <flags on, comma-separated>` (or `none`).
 * Scoped to the tab (`tabIds`), so another tab is never matched.
 */
export function applyFlagHeader(tabId: number, state: TabFlagState): Promise<void> {
  const value = flagsOn(state.flags).join(',') || 'none';
  return replaceTabRule(
    tabId,
    'modifyHeaders',
    state.header
      ? {
          priority: 1,
          action: { type: 'modifyHeaders', requestHeaders: [{ header: FLAG_HEADER, operation: 'set', value }] },
          condition: { tabIds: [tabId], resourceTypes: [...ALL_RESOURCE_TYPES] },
        }
      : null,
  ).catch((error: unknown) => log.debug('could not update the header rule', error));
}

/**
 * Adds or removes the tab's simulated hub outage: with `faults.down`, every request of the
 * tab whose URL contains `faults.hub` fails as a network error (blocked), so the page's
 * EventSources error and reconnect for real. Scoped to the tab by `tabIds`.
 */
export function applyHubDown(tabId: number, faults: HubFaults): Promise<void> {
  // `*`, `|` and `^` mean something in a urlFilter; the hub text is a plain substring.
  const text = faults.hub.replace(/[*|^]/g, '');
  return replaceTabRule(
    tabId,
    'block',
    faults.down && text !== ''
      ? { priority: 2, action: { type: 'block' }, condition: { tabIds: [tabId], urlFilter: text, resourceTypes: ALL_RESOURCE_TYPES.filter((t) => t !== 'main_frame') } }
      : null,
  ).catch((error: unknown) => log.debug('could not update the hub outage rule', error));
}
