/**
 * The panel's one zustand store. Incoming hub messages are applied with one `set`
 * each. The event list is append-mostly and large, so it is kept in a mutable
 * array and published through `eventsVersion`; components select the version and
 * read the array, which avoids copying 100,000 rows per batch.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  emptyCounters,
  type CaptureError,
  type CapturedEvent,
  type HubToPanel,
  type StreamInfo,
  type TabCounters,
} from '../protocol';

/** Connection state of the panel's port to the hub. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** Panel state. */
export interface PanelState {
  tabId: number;
  connection: ConnectionState;
  streams: StreamInfo[];
  /** Retained events in arrival order; mutated in place, see `eventsVersion`. */
  events: CapturedEvent[];
  /** Bumped whenever `events` changes. */
  eventsVersion: number;
  /** Events that arrived while paused; appended on resume. */
  held: CapturedEvent[];
  paused: boolean;
  selectedKey: string | null;
  counters: TabCounters;
  errors: CaptureError[];
  /** Events the panel itself let go to stay within `maxEvents`. */
  panelDropped: number;
}

/** Panel actions. */
export interface PanelActions {
  /** Applies one message from the hub. */
  receive(message: HubToPanel): void;
  setConnection(connection: ConnectionState): void;
  togglePause(): void;
  /** Empties the panel's view (the hub is told separately). */
  clear(): void;
  select(key: string | null): void;
}

/** Options for {@link createPanelStore}. */
export interface PanelStoreOptions {
  tabId: number;
  /** Most events the panel keeps. Defaults to 100,000. */
  maxEvents?: number;
  /** Most errors the panel keeps (all are counted). Defaults to 200. */
  maxErrors?: number;
}

export type PanelStore = StoreApi<PanelState & PanelActions>;

/** Creates the panel store for one inspected tab. */
export function createPanelStore(options: PanelStoreOptions): PanelStore {
  const maxEvents = options.maxEvents ?? 100_000;
  const maxErrors = options.maxErrors ?? 200;
  // Keys of retained and held events, so a batch re-sent after a worker restart is not shown twice.
  const known = new Set<string>();

  return createStore<PanelState & PanelActions>()((set, get) => {
    /** Appends new events to `target`, skipping known keys; returns how many were added. */
    function appendNew(target: CapturedEvent[], incoming: CapturedEvent[]): number {
      let added = 0;
      for (const event of incoming) {
        if (known.has(event.key)) continue;
        known.add(event.key);
        target.push(event);
        added += 1;
      }
      return added;
    }

    /** Drops the oldest events past the cap, in chunks so the cost stays amortised. */
    function trim(events: CapturedEvent[]): number {
      const excess = events.length - maxEvents;
      if (excess <= 0) return 0;
      const cut = Math.max(excess, Math.min(Math.ceil(maxEvents / 100), events.length));
      for (let i = 0; i < cut; i++) known.delete(events[i]!.key);
      events.splice(0, cut);
      return cut;
    }

    function mergeStreams(current: StreamInfo[], changed: StreamInfo[]): StreamInfo[] {
      if (changed.length === 0) return current;
      const byId = new Map(current.map((s) => [s.id, s]));
      for (const stream of changed) byId.set(stream.id, stream);
      return [...byId.values()];
    }

    return {
      tabId: options.tabId,
      connection: 'connecting',
      streams: [],
      events: [],
      eventsVersion: 0,
      held: [],
      paused: false,
      selectedKey: null,
      counters: emptyCounters(),
      errors: [],
      panelDropped: 0,

      receive(message) {
        const state = get();
        if (message.type === 'hub/snapshot') {
          const snap = message.payload;
          if (snap.reason !== 'connect') {
            known.clear();
            state.events.length = 0;
            state.held.length = 0;
          }
          const target = state.paused ? state.held : state.events;
          appendNew(target, snap.events);
          const dropped = trim(state.events);
          set({
            connection: 'live',
            streams: snap.reason === 'connect' ? mergeStreams(state.streams, snap.streams) : snap.streams,
            counters: snap.counters,
            errors: snap.reason === 'connect' ? mergeErrors(state.errors, snap.errors, maxErrors) : snap.errors,
            eventsVersion: state.eventsVersion + 1,
            panelDropped: state.panelDropped + dropped,
            selectedKey: snap.reason === 'connect' ? state.selectedKey : null,
          });
          return;
        }
        const update = message.payload;
        const added = appendNew(state.paused ? state.held : state.events, update.events);
        const dropped = state.paused ? 0 : trim(state.events);
        set({
          streams: mergeStreams(state.streams, update.streams),
          counters: update.counters,
          errors: update.errors.length ? mergeErrors(state.errors, update.errors, maxErrors) : state.errors,
          eventsVersion: added > 0 && !state.paused ? state.eventsVersion + 1 : state.eventsVersion,
          panelDropped: state.panelDropped + dropped,
        });
      },

      setConnection(connection) {
        set({ connection });
      },

      togglePause() {
        const state = get();
        if (!state.paused) {
          set({ paused: true });
          return;
        }
        for (const event of state.held) state.events.push(event);
        state.held.length = 0;
        const dropped = trim(state.events);
        set({ paused: false, eventsVersion: state.eventsVersion + 1, panelDropped: state.panelDropped + dropped });
      },

      clear() {
        const state = get();
        known.clear();
        state.events.length = 0;
        state.held.length = 0;
        set({ eventsVersion: state.eventsVersion + 1, selectedKey: null, errors: [], panelDropped: 0 });
      },

      select(key) {
        set({ selectedKey: key });
      },
    };
  });
}

function mergeErrors(current: CaptureError[], fresh: CaptureError[], max: number): CaptureError[] {
  const all = current.concat(fresh);
  return all.length > max ? all.slice(all.length - max) : all;
}
