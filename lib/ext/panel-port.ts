/**
 * The panel's port to the hub, reconnecting with backoff (100 ms doubling to 5 s)
 * when the service worker goes away.
 */
import { createBackoff, envelope, isRelayToPanel, MAX_INJECT_EVENTS, type Flags, type HubFaults, type HubSettings, type RelayToPanel, type InjectRequest } from '../protocol';
import { connectToRelay, type RuntimePort } from './runtime';

/** Callbacks of {@link connectPanel}. */
export interface PanelPortHandlers {
  onMessage: (message: RelayToPanel) => void;
  onDisconnect: () => void;
}

/** A live panel connection. */
export interface PanelConnection {
  /** Asks the hub to forget the tab's captured events. */
  clear(): void;
  /** Asks the hub to apply `settings` to the tab. */
  applySettings(settings: HubSettings): void;
  /** Asks the hub to keep (or not) the tab's events across navigations. */
  setPreserveLog(on: boolean): void;
  /** Sets the tab's flags (a toggle or a phase preset). */
  setFlags(flags: Flags, cause: 'toggle' | 'phase'): void;
  /** Emergency rollback of the tab, with the reason recorded. */
  rollback(reason: string): void;
  /** Sends (or stops sending) the tab's flags as a request header. */
  setFlagHeader(on: boolean): void;
  /** Turns full capture (the debugger) on or off; the permission must already be granted. */
  setFullCapture(on: boolean): void;
  /** Records the tab's site even with no panel open (or stops). */
  setKeepRecording(on: boolean): void;
  /** Sets the tab's simulated hub faults. */
  setFaults(faults: HubFaults): void;
  /** Sends events into the tab's page, in order (split into messages of at most `MAX_INJECT_EVENTS`). */
  inject(events: InjectRequest[]): void;
  /** Asks for a stream's text as the relay keeps it; the answer comes as `relay/raw`. */
  requestRaw(streamId: string): void;
  /** Has the tab's taps read the response bodies of these URL prefixes (polling-off readiness). */
  setWatch(urls: string[]): void;
}

/**
 * Connects to the hub for `tabId`: as a `panel` (everything, and the tab records) or as
 * a `control` (the toolbar popup: flags only).
 */
export function connectPanel(tabId: number, handlers: PanelPortHandlers, role: 'panel' | 'control' = 'panel'): PanelConnection {
  let port: RuntimePort | null = null;
  const backoff = createBackoff();

  function open(): void {
    const next = connectToRelay({ role, tabId });
    port = next;
    next.onMessage.addListener((message: unknown) => {
      if (!isRelayToPanel(message)) return;
      backoff.reset();
      handlers.onMessage(message);
    });
    next.onDisconnect.addListener(() => {
      port = null;
      handlers.onDisconnect();
      setTimeout(open, backoff.next());
    });
  }

  open();
  return {
    clear() {
      port?.postMessage(envelope('panel/clear', {}));
    },
    applySettings(settings) {
      port?.postMessage(envelope('panel/settings', { settings }));
    },
    setPreserveLog(on) {
      port?.postMessage(envelope('panel/preserve', { on }));
    },
    setFlags(flags, cause) {
      port?.postMessage(envelope('panel/flags', { flags, cause }));
    },
    rollback(reason) {
      port?.postMessage(envelope('panel/rollback', { reason }));
    },
    setFlagHeader(on) {
      port?.postMessage(envelope('panel/flag-header', { on }));
    },
    setFullCapture(on) {
      port?.postMessage(envelope('panel/full-capture', { on }));
    },
    setKeepRecording(on) {
      port?.postMessage(envelope('panel/keep-recording', { on }));
    },
    setFaults(faults) {
      port?.postMessage(envelope('panel/faults', { faults }));
    },
    setWatch(urls) {
      port?.postMessage(envelope('panel/watch', { urls }));
    },
    requestRaw(streamId) {
      port?.postMessage(envelope('panel/raw', { streamId }));
    },
    inject(events) {
      for (let i = 0; i < events.length; i += MAX_INJECT_EVENTS) port?.postMessage(envelope('panel/inject', { events: events.slice(i, i + MAX_INJECT_EVENTS) }));
    },
  };
}
