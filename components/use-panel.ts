/** React access to the panel store: a context and narrow-selector hooks. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PanelActions, PanelState, PanelStore } from '../lib/panel-store/create-panel-store';
import type { Flags, HubFaults, HubSettings, InjectRequest } from '../lib/protocol';
import type { TraceFile } from '../lib/trace/format';
import type { CapturesApi } from '../lib/trace/saved';

/** The panel's actions that reach the relay (provided by the entrypoint). */
export interface RelayActions {
  /** Clears the panel and the relay's buffer for the tab. */
  clear(): void;
  /** Applies hub settings to the tab from now on. */
  applySettings(settings: HubSettings): void;
  /** Keeps (or not) the tab's events across page reloads and navigations. */
  setPreserveLog(on: boolean): void;
  /** Sets the tab's migration flags (a toggle or a phase preset). */
  setFlags(flags: Flags, cause: 'toggle' | 'phase'): void;
  /** Emergency rollback: every flag off, the page told to fall back; the reason is recorded. */
  rollback(reason: string): void;
  /** Sends (or stops sending) the tab's flags as a request header on its requests. */
  setFlagHeader(on: boolean): void;
  /** Turns full capture (Chrome's debugger on the tab) on or off. */
  setFullCapture(on: boolean): void;
  /** Records the tab's site even with no panel open (opt-in per origin), or stops. */
  setKeepRecording(on: boolean): void;
  /** Sets the tab's simulated hub faults (hub down, slow, drop, duplicate). */
  setFaults(faults: HubFaults): void;
  /** Sends events into the tab's page (injection, replay); null where there is no live page (a trace, the popup). */
  inject: ((events: InjectRequest[]) => void) | null;
  /** Asks the relay for a fetch or XHR stream's text (it arrives in the store's `raw`); null where there is no relay (a trace, the popup). */
  requestRaw: ((streamId: string) => void) | null;
  /** Has the tab read the response bodies of these URL prefixes (polling-off readiness); null where there is no live tab. */
  setWatch: ((urls: string[]) => void) | null;
  /** Shows a trace file in this panel (read-only), leaving any live capture running behind it. */
  showTrace(trace: TraceFile, name: string, kind: 'trace' | 'har' | 'share'): void;
  /** Back from a trace to the live tab; null where there is no live tab (the viewer). */
  backToLive: (() => void) | null;
}

/** Where the panel runs: what exports record and links point to. */
export interface PanelEnv {
  extensionVersion: string;
  /** The panel page's URL without query (share links open it with `?trace#lz=…`). */
  panelUrl: string;
  userAgent: string;
}

/** What a rendered panel reaches: its store, the relay actions, its environment, and saved captures where there are any. */
export interface PanelContextValue {
  store: PanelStore;
  relay: RelayActions;
  env: PanelEnv;
  captures?: CapturesApi;
}

/** The saved captures, or null where this page has none (the popup, `npm run view`). */
export function useCaptures(): CapturesApi | null {
  return usePanelContext().captures ?? null;
}

/** The store and relay actions of the panel being rendered. */
export const PanelContext = createContext<PanelContextValue | null>(null);

/** The panel's environment. */
export function usePanelEnv(): PanelEnv {
  return usePanelContext().env;
}

/** The whole store (for one-off reads such as an export, not for rendering). */
export function usePanelStore(): PanelStore {
  return usePanelContext().store;
}

function usePanelContext(): PanelContextValue {
  const value = useContext(PanelContext);
  if (!value) throw new Error('PanelContext is missing');
  return value;
}

/** Selects a slice of panel state; object results are compared shallowly. */
export function usePanel<T>(selector: (state: PanelState & PanelActions) => T): T {
  return useStore(usePanelContext().store, useShallow(selector));
}

/** The actions that reach the relay. */
export function useRelay(): RelayActions {
  return usePanelContext().relay;
}
