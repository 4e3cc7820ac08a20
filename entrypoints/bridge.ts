/**
 * Bridge. Context: content script, ISOLATED world, document_start, all frames.
 * Built as an unlisted script and declared in the manifest by `wxt.config.ts`: WXT's own
 * content-script wrapper posts a `wxt:content-script-started` message to the page's
 * window (and an event on `document`) when it starts, which every page would receive.
 * Touches: DOM events on the tap's private node (see `CHANNEL_EVENT`; the handshake is on
 * `window` before any page script runs), one runtime port to the background, one
 * sessionStorage key (the tab's flags, for the tap's next start). Validates everything
 * from the page world; tap-looking events a page dispatches on `window` are counted as
 * rejected and go no further.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createBridge } from '../lib/bridge/create-bridge';
import { connectToRelay } from '../lib/ext/runtime';
import {
  anyFault,
  BRIDGE_EVENT,
  CHANNEL_ASK_EVENT,
  CHANNEL_EVENT,
  envelope,
  FAULTS_STORAGE_KEY,
  FLAGS_STORAGE_KEY,
  normalizeFaults,
  TAP_EVENT,
  type Flags,
  type HubFaults,
} from '../lib/protocol';

/**
 * Mirrors the tab's flags into the page's sessionStorage (per tab and origin, kept across
 * reloads), where the tap reads them before the page's first script. A tab whose flags
 * were never turned on gets no entry at all. Only the top frame writes (same-origin
 * frames share its storage); third-party frames' storage is left alone, and they get the
 * flags by event.
 */
function mirrorFlags(flags: Flags): void {
  if (window !== window.top) return;
  try {
    const json = JSON.stringify(flags);
    const stored = sessionStorage.getItem(FLAGS_STORAGE_KEY);
    if (stored === json) return;
    if (stored === null && !Object.values(flags).some(Boolean)) return;
    sessionStorage.setItem(FLAGS_STORAGE_KEY, json);
  } catch {
    // Storage unavailable (sandboxed frame, storage disabled): flags arrive by event only.
  }
}

/**
 * Mirrors the tab's hub faults the same way (top frame only), so a reload or navigation
 * during a simulated outage is cut from its first event, before the background's word
 * arrives. Nothing is written for a tab that never had a fault.
 */
function mirrorFaults(faults: HubFaults): void {
  if (window !== window.top) return;
  try {
    const json = JSON.stringify(faults);
    const stored = sessionStorage.getItem(FAULTS_STORAGE_KEY);
    if (stored === json || (stored === null && !anyFault(faults))) return;
    sessionStorage.setItem(FAULTS_STORAGE_KEY, json);
  } catch {
    // Storage unavailable: the faults arrive with the background's first message.
  }
}

/** The faults last mirrored for this tab and origin, or null. */
function mirroredFaults(): HubFaults | null {
  try {
    const stored = sessionStorage.getItem(FAULTS_STORAGE_KEY);
    const faults = stored === null ? null : normalizeFaults(JSON.parse(stored));
    return faults !== null && anyFault(faults) ? faults : null;
  } catch {
    return null;
  }
}

export default defineUnlistedScript({
  main() {
    const bytes = crypto.getRandomValues(new Uint32Array(2));
    // The tap's private node, once it offered it (see CHANNEL_EVENT).
    let node: EventTarget | null = null;
    const bridge = createBridge({
      connect: () => connectToRelay({ role: 'bridge' }),
      toTap: (message) => node?.dispatchEvent(new CustomEvent(BRIDGE_EVENT, { detail: JSON.stringify(message) })),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      mirrorFlags,
      mirrorFaults,
      navigationId: `${bytes[0]!.toString(36)}${bytes[1]!.toString(36)}`,
      url: location.href,
    });
    const take = (event: Event) => {
      const offered = (event as MouseEvent).relatedTarget;
      if (node !== null || event.target !== window || offered === null) return;
      node = offered;
      node.addEventListener(TAP_EVENT, (e) => bridge.fromTap((e as CustomEvent<unknown>).detail));
      node.dispatchEvent(new Event(CHANNEL_EVENT));
      // The tab's last known faults, before any page script: the background's word follows.
      const faults = mirroredFaults();
      if (faults) node.dispatchEvent(new CustomEvent(BRIDGE_EVENT, { detail: JSON.stringify(envelope('bridge/faults', { faults })) }));
    };
    window.addEventListener(CHANNEL_EVENT, take);
    if (node === null) window.dispatchEvent(new Event(CHANNEL_ASK_EVENT));
    // The tap never uses `window`: what arrives there is a page's forgery, counted and dropped.
    window.addEventListener(TAP_EVENT, (event) => {
      if (event.target === window) bridge.rejectForged();
    });
  },
});
