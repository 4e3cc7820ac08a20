/**
 * "Keep recording this site": the origins whose tabs are recorded even with no panel
 * open (opt-in, per origin), kept in `storage.local` so the choice outlives the browser
 * session. The relay's buffer bounds what is kept (and counts what it drops).
 */
import { browser } from 'wxt/browser';
import { createLogger } from '../logger';

const log = createLogger('kept-sites');

/** The `storage.local` key of the kept origins. */
export const KEPT_SITES_KEY = 'keptSites';

/** The origin of a page URL, or null for one without (about:blank, data:, opaque). */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The kept origins. */
export async function loadKeptSites(): Promise<Set<string>> {
  try {
    const stored = (await browser.storage.local.get(KEPT_SITES_KEY))[KEPT_SITES_KEY];
    return new Set(Array.isArray(stored) ? stored.filter((o): o is string => typeof o === 'string') : []);
  } catch (error) {
    log.debug('could not read kept sites', error);
    return new Set();
  }
}

/** Stores the kept origins. */
export function saveKeptSites(sites: ReadonlySet<string>): Promise<void> {
  return browser.storage.local.set({ [KEPT_SITES_KEY]: [...sites].sort() }).catch((error: unknown) => log.debug('could not store kept sites', error));
}
