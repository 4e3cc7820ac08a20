/** React access to the panel store: a context and narrow-selector hooks. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PanelActions, PanelState, PanelStore } from '../lib/panel-store/create-panel-store';
import type { Flags, HubSettings } from '../lib/protocol';

/** Extra actions that reach the hub (provided by the entrypoint). */
export interface HubActions {
  /** Clears the panel and the hub's buffer for the tab. */
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
}

/** The store and hub actions of the panel being rendered. */
export const PanelContext = createContext<{ store: PanelStore; hub: HubActions } | null>(null);

function usePanelContext(): { store: PanelStore; hub: HubActions } {
  const value = useContext(PanelContext);
  if (!value) throw new Error('PanelContext is missing');
  return value;
}

/** Selects a slice of panel state; object results are compared shallowly. */
export function usePanel<T>(selector: (state: PanelState & PanelActions) => T): T {
  return useStore(usePanelContext().store, useShallow(selector));
}

/** The hub-reaching actions. */
export function useHub(): HubActions {
  return usePanelContext().hub;
}
