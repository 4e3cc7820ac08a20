/**
 * The panel's one zustand store. Incoming relay messages are applied in groups
 * (`receiveAll`, as the panel's coalescer hands them over) or one by one (`receive`).
 * The event lists are worked on in private arrays (append-mostly, up to 100,000 rows) and
 * published as new arrays once per group that changed them: what a component reads is
 * never changed under it, so it can memoise on the list itself. A published record is
 * never changed either: a decision that arrives later replaces its event by a new record.
 */
import type { SendDraft } from './drive';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  emptyCounters,
  envelope,
  type CaptureError,
  type CapturedEvent,
  type PanelEvent,
  type FullCaptureState,
  type KeepRecordingState,
  type HubDecision,
  type HubSettings,
  type HubStats,
  type RelayToPanel,
  type PollInfo,
  type RawView,
  type StreamInfo,
  type TabCounters,
  type TabFlagState,
} from '../protocol';
import type { FilterSpec } from './filter';
import type { TraceEnvironment, TraceFile, TraceRedaction } from '../trace/format';
import { traceSnapshot } from '../trace/replay';
import { DEFAULT_PARITY_SETTINGS, type ParitySettings } from '../parity/pairing';
import { formatRules } from '../parity/rules-text';

/** The trace file a panel shows instead of a live tab. */
export interface OpenedTrace {
  /** The file's name (or `share link`). */
  name: string;
  kind: 'trace' | 'har' | 'share';
  environment: TraceEnvironment;
  redaction: TraceRedaction;
  scope: TraceFile['scope'];
  /** Whether the stats are the hub's as recorded, or the engine's over the trace's events. */
  stats: 'recorded' | 'recomputed';
}

/** Connection state of the panel's port to the hub. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** Which list the event table shows: what the page got, or what a consolidated hub would send. */
export type TableView = 'captured' | 'delivered';

/** Panel state. */
export interface PanelState {
  tabId: number;
  connection: ConnectionState;
  streams: StreamInfo[];
  /** Retained events in arrival order (a new array whenever they change; never changed once published). */
  events: readonly PanelEvent[];
  /** Retained events the hub delivered, in delivery order (published like `events`). */
  delivered: readonly PanelEvent[];
  /** Events that arrived while paused; appended on resume (published like `events`). */
  held: readonly PanelEvent[];
  paused: boolean;
  view: TableView;
  selectedKey: string | null;
  counters: TabCounters;
  errors: CaptureError[];
  /** Events the panel itself let go to stay within `maxEvents`. */
  panelDropped: number;
  /** The hub engine's statistics and settings for this tab (null until the first snapshot). */
  stats: HubStats | null;
  settings: HubSettings | null;
  /** The event table's filter, as the user typed it. */
  filter: FilterSpec;
  /** Whether the hub keeps this tab's events across navigations. */
  preserveLog: boolean;
  /** Every event type seen, sorted (for the type chips). */
  types: string[];
  /** Event table columns the user hid. */
  hiddenColumns: string[];
  /** Every event source seen (`eventsource`, `fetch`, `xhr`, `legacy:<system>`), sorted. */
  sources: string[];
  /** The tab's migration flags, their history and latest rollback (null until the hub says). */
  flagState: TabFlagState | null;
  /** URLs the page polls, most recently requested first. */
  polls: PollInfo[];
  /** Whether full capture (the debugger) is on for the tab, and why it went off. */
  fullCapture: FullCaptureState;
  /** The inspected tab's top document URL (null until known). */
  pageUrl: string | null;
  /** Set when this store shows a trace file: read-only, no live tab. */
  trace: OpenedTrace | null;
  /** Why the trace the viewer was asked to open did not open. */
  traceError: string | null;
  /** Parity settings for this tab (window, lateness, ignored fields, rules), and the rules as the user typed them. */
  /** The Migration view's parity settings, rules as typed, and the URL prefixes whose bodies are read (polling-off readiness). */
  parity: { settings: ParitySettings; rulesText: string; watch: string[] };
  /** Whether the tab's site is recorded even with no panel open. */
  keepRecording: KeepRecordingState;
  /** Whether this build can do full capture (has the `debugger` permission); null until known. */
  fullCaptureAvailable: boolean | null;
  /** The Send event dialog's content while it is open (toolbar *Send event…*, a row's *Edit and resend*). */
  sendDraft: SendDraft | null;
  /** The latest stream text the relay sent (`relay/raw`), for the raw view that asked. */
  raw: { streamId: string; view: RawView | null; at: number } | null;
}

/** Panel actions. */
export interface PanelActions {
  /** Applies one message from the relay. */
  receive(message: RelayToPanel): void;
  /** Applies messages in order, publishing the event lists once for all of them. */
  receiveAll(messages: readonly RelayToPanel[]): void;
  setConnection(connection: ConnectionState): void;
  togglePause(): void;
  /** Empties the panel's view (the hub is told separately). */
  clear(): void;
  select(key: string | null): void;
  setView(view: TableView): void;
  setFilter(filter: FilterSpec): void;
  setHiddenColumns(columns: string[]): void;
  /** A retained or held event by key, in O(1). */
  eventByKey(key: string): PanelEvent | undefined;
  /** Shows `trace` (read-only): its events, streams, flags, and stats recomputed by the engine. */
  openTrace(trace: TraceFile, name: string, kind: OpenedTrace['kind']): void;
}

/** Options for {@link createPanelStore}. */
export interface PanelStoreOptions {
  tabId: number;
  /** Most events the panel keeps. Defaults to 100,000. */
  maxEvents?: number;
  /** Most errors the panel keeps (all are counted). Defaults to 200. */
  maxErrors?: number;
  /** The filter to start with (the panel restores the last one). Defaults to none. */
  filter?: FilterSpec;
  /** Clock for arrival times. Defaults to `Date.now`. */
  now?: () => number;
  /** Columns hidden to start with (the panel restores the last choice). Defaults to none. */
  hiddenColumns?: string[];
}

export type PanelStore = StoreApi<PanelState & PanelActions>;

/** Most distinct types offered as chips. */
const MAX_TYPES = 200;

/** Creates the panel store for one inspected tab. */
export function createPanelStore(options: PanelStoreOptions): PanelStore {
  const maxEvents = options.maxEvents ?? 100_000;
  const maxErrors = options.maxErrors ?? 200;
  const now = options.now ?? Date.now;
  // Retained and held events by key: skips batches re-sent after a worker restart, and
  // finds the event a later decision belongs to.
  const byKey = new Map<string, PanelEvent>();
  const seenTypes = new Set<string>();
  const seenSources = new Set<string>();
  const lastTimeByStream = new Map<string, number>();
  // Each message arrives deserialised with its own copies of strings that repeat on every
  // event (stream id, source, type, priority): sharing one copy saves ~100 bytes per event.
  const strings = new Map<string, string>();
  const intern = (value: string): string => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    if (strings.size < 10_000) strings.set(value, value);
    return value;
  };

  return createStore<PanelState & PanelActions>()((set, get) => {
    // The lists worked on; `publish` hands copies to the state when they changed.
    const retained: PanelEvent[] = [];
    const delivered: PanelEvent[] = [];
    const held: PanelEvent[] = [];
    const changed = { retained: false, delivered: false, held: false };

    /** Publishes the lists that changed since the last time, as new arrays. */
    function publish(): void {
      if (!changed.retained && !changed.delivered && !changed.held) return;
      const next: Partial<PanelState> = {};
      if (changed.retained) next.events = retained.slice();
      if (changed.delivered) next.delivered = delivered.slice();
      if (changed.held) next.held = held.slice();
      changed.retained = changed.delivered = changed.held = false;
      set(next);
    }

    /**
     * Appends new events to `target`, skipping known keys (a known event that comes back
     * decided, e.g. in the relay's batch after a snapshot that had it undecided, leaves its
     * decision in `late`); returns how many were added.
     */
    function appendNew(target: PanelEvent[], incoming: readonly PanelEvent[], late: HubDecision[]): number {
      let added = 0;
      const arrived = now();
      for (const event of incoming) {
        const known = byKey.get(event.key);
        if (known !== undefined) {
          if (event.hub !== undefined && known.hub === undefined) late.push(event.hub);
          continue;
        }
        if (!seenTypes.has(event.type) && seenTypes.size < MAX_TYPES) {
          seenTypes.add(event.type);
          set({ types: [...seenTypes].sort() });
        }
        if (!seenSources.has(event.source) && seenSources.size < MAX_TYPES) {
          seenSources.add(event.source);
          set({ sources: [...seenSources].sort() });
        }
        event.panelTime ??= arrived;
        const previous = lastTimeByStream.get(event.streamId);
        if (previous !== undefined) event.deltaMs ??= Math.max(0, event.pageTime - previous);
        lastTimeByStream.set(event.streamId, event.pageTime);
        event.streamId = intern(event.streamId);
        event.source = intern(event.source) as CapturedEvent['source'];
        event.type = intern(event.type);
        if (event.hub) shareDecisionStrings(event, event.hub);
        byKey.set(event.key, event);
        if (event.via === 'debugger') {
          // Not where it was appended: a retained one is found by a scan (-1 is no index).
          if (target === retained) ordinalByKey.set(event.key, -1);
          insertInStreamOrder(target, event);
        } else if (target === retained) retain(event);
        else target.push(event);
        if (target === retained) changed.retained = true;
        else changed.held = true;
        if (event.hub?.delivered !== undefined) addDelivered(event);
        added += 1;
      }
      return added;
    }

    function shareDecisionStrings(event: CapturedEvent, decision: HubDecision): void {
      decision.key = event.key;
      decision.eventType = intern(decision.eventType);
      decision.priority = intern(decision.priority) as HubDecision['priority'];
    }

    /**
     * Places an event only full capture saw where its stream delivered it (right after
     * the event it followed), though it reaches the panel a moment after the tap's events
     * of the same time; by page time when that event is not here.
     */
    function insertInStreamOrder(list: PanelEvent[], event: PanelEvent): void {
      let at = list.length;
      if (event.after !== undefined && byKey.has(event.after)) {
        while (at > 0 && list[at - 1]!.key !== event.after) at -= 1;
        if (at > 0) return void list.splice(at, 0, event);
        at = list.length;
      }
      while (at > 0 && list[at - 1]!.pageTime > event.pageTime) at -= 1;
      list.splice(at, 0, event);
    }

    /** Keeps `delivered` in delivery order; decisions nearly always arrive in that order. */
    function addDelivered(event: PanelEvent): void {
      const order = event.hub!.delivered!;
      let at = delivered.length;
      while (at > 0 && delivered[at - 1]!.hub!.delivered! > order) at -= 1;
      delivered.splice(at, 0, event);
      changed.delivered = true;
    }

    // Where each retained event was appended (`ordinal - trimmed` is its index while
    // nothing was inserted before it), so a decision finds its event without a scan; only
    // retained events have one (held events are found in `held`).
    const ordinalByKey = new Map<string, number>();
    let appended = 0;
    let trimmed = 0;

    /** Appends to the retained events, noting where. */
    function retain(event: PanelEvent): void {
      ordinalByKey.set(event.key, appended++);
      retained.push(event);
      changed.retained = true;
    }

    /**
     * Puts `next` where `old` is in `list`: at its noted place when it is still there (an
     * event full capture inserted earlier shifts the rest), else found by a scan back from
     * the newest; false when it is not in `list`.
     */
    function replaceIn(list: PanelEvent[], old: PanelEvent, next: PanelEvent): boolean {
      const ordinal = ordinalByKey.get(old.key);
      if (ordinal !== undefined && list[ordinal - trimmed] === old) {
        list[ordinal - trimmed] = next;
        return true;
      }
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === old) return ((list[i] = next), true);
      }
      return false;
    }

    /**
     * The one place a decision meets its event: the event is replaced by a copy that holds
     * it (a row shows a new record, not a record changed under it), in the retained or held
     * list, the delivered list and the key index.
     */
    function applyDecisions(decisions: HubDecision[]): boolean {
      let applied = false;
      for (const decision of decisions) {
        const event = byKey.get(decision.key);
        if (!event) continue;
        // An event can arrive with its decision already on it (settled in the same batch).
        const listed = event.hub?.delivered !== undefined;
        shareDecisionStrings(event, decision);
        const decided: PanelEvent = { ...event, hub: decision };
        byKey.set(decided.key, decided);
        if (ordinalByKey.has(event.key)) {
          if (replaceIn(retained, event, decided)) changed.retained = true;
        } else if (replaceIn(held, event, decided)) changed.held = true;
        if (listed) {
          const at = delivered.lastIndexOf(event);
          if (at >= 0) (delivered[at] = decided), (changed.delivered = true);
        } else if (decision.delivered !== undefined) addDelivered(decided);
        applied = true;
      }
      return applied;
    }

    /** Drops the oldest events past the cap, in chunks so the cost stays amortised. */
    function trim(): number {
      const excess = retained.length - maxEvents;
      if (excess <= 0) return 0;
      const cut = Math.max(excess, Math.min(Math.ceil(maxEvents / 100), retained.length));
      for (let i = 0; i < cut; i++) {
        byKey.delete(retained[i]!.key);
        ordinalByKey.delete(retained[i]!.key);
      }
      retained.splice(0, cut);
      trimmed += cut;
      let write = 0;
      for (const event of delivered) if (byKey.has(event.key)) delivered[write++] = event;
      delivered.length = write;
      changed.retained = changed.delivered = true;
      return cut;
    }

    function reset(): void {
      byKey.clear();
      ordinalByKey.clear();
      appended = 0;
      trimmed = 0;
      retained.length = 0;
      delivered.length = 0;
      held.length = 0;
      changed.retained = changed.delivered = changed.held = true;
    }

    function mergeStreams(current: StreamInfo[], changed: StreamInfo[]): StreamInfo[] {
      if (changed.length === 0) return current;
      const byId = new Map(current.map((s) => [s.id, s]));
      for (const stream of changed) byId.set(stream.id, stream);
      return [...byId.values()];
    }

    /** Applies one message; the event lists are published by the caller (`receiveAll`). */
    function apply(message: RelayToPanel): void {
      const state = get();
      switch (message.type) {
        case 'relay/snapshot': {
          const snap = message.payload;
          if (snap.reason !== 'connect') reset();
          const late: HubDecision[] = [];
          appendNew(state.paused ? held : retained, snap.events, late);
          applyDecisions(late);
          const dropped = trim();
          set({
            connection: 'live',
            streams: snap.reason === 'connect' ? mergeStreams(state.streams, snap.streams) : snap.streams,
            counters: snap.counters,
            errors: snap.reason === 'connect' ? mergeErrors(state.errors, snap.errors, maxErrors) : snap.errors,
            panelDropped: state.panelDropped + dropped,
            selectedKey: snap.reason === 'connect' ? state.selectedKey : null,
            stats: snap.stats,
            settings: snap.settings,
            preserveLog: snap.preserveLog,
            flagState: snap.flags,
            polls: snap.polls,
            pageUrl: snap.pageUrl ?? state.pageUrl,
          });
          return;
        }
        case 'relay/batch': {
          const update = message.payload;
          const late: HubDecision[] = [];
          appendNew(state.paused ? held : retained, update.events, late);
          applyDecisions(late.length > 0 ? update.decisions.concat(late) : update.decisions);
          const dropped = state.paused ? 0 : trim();
          set({
            streams: mergeStreams(state.streams, update.streams),
            counters: update.counters,
            errors: update.errors.length ? mergeErrors(state.errors, update.errors, maxErrors) : state.errors,
            panelDropped: state.panelDropped + dropped,
            polls: update.polls.length ? mergePolls(state.polls, update.polls) : state.polls,
          });
          return;
        }
        case 'relay/migration':
          set({ flagState: message.payload.state });
          return;
        case 'relay/stats':
          set({ stats: message.payload.stats });
          return;
        case 'relay/settings':
          set({ settings: message.payload.settings });
          return;
        case 'relay/preserve':
          set({ preserveLog: message.payload.on });
          return;
        case 'relay/keep-recording':
          set({ keepRecording: message.payload });
          return;
        case 'relay/page':
          set({ pageUrl: message.payload.url });
          return;
        case 'relay/full-capture':
          set({ fullCapture: message.payload });
          return;
        case 'relay/raw':
          set({ raw: { ...message.payload, at: Date.now() } });
          return;
        default: {
          // Every message a panel accepts is handled above: a new one does not compile until it is.
          const unhandled: never = message;
          return unhandled;
        }
      }
    }

    return {
      tabId: options.tabId,
      connection: 'connecting',
      streams: [],
      events: [],
      delivered: [],
      held: [],
      paused: false,
      view: 'captured',
      selectedKey: null,
      counters: emptyCounters(),
      errors: [],
      panelDropped: 0,
      stats: null,
      settings: null,
      filter: options.filter ?? { text: '', hideDuplicates: false },
      preserveLog: false,
      types: [],
      hiddenColumns: options.hiddenColumns ?? [],
      sources: [],
      flagState: null,
      polls: [],
      fullCapture: { on: false, error: null },
      fullCaptureAvailable: null,
      keepRecording: { origin: null, on: false },
      pageUrl: null,
      trace: null,
      traceError: null,
      sendDraft: null,
      raw: null,
      parity: { settings: DEFAULT_PARITY_SETTINGS, rulesText: formatRules(DEFAULT_PARITY_SETTINGS.rules), watch: [] },

      receive(message) {
        get().receiveAll([message]);
      },

      receiveAll(messages) {
        for (const message of messages) apply(message);
        publish();
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
        // Held in stream order already: appended as they are.
        for (const event of held) retain(event);
        held.length = 0;
        changed.held = true;
        const dropped = trim();
        set({ paused: false, panelDropped: state.panelDropped + dropped });
        publish();
      },

      clear() {
        reset();
        set({ selectedKey: null, errors: [], panelDropped: 0 });
        publish();
      },

      select(key) {
        set({ selectedKey: key });
      },

      setView(view) {
        set({ view });
      },

      setFilter(filter) {
        set({ filter });
      },

      setHiddenColumns(hiddenColumns) {
        set({ hiddenColumns });
      },

      eventByKey: (key) => byKey.get(key),

      openTrace(trace, name, kind) {
        get().receive(envelope('relay/snapshot', traceSnapshot(trace)));
        set({
          connection: 'live',
          trace: { name, kind, environment: trace.environment, redaction: trace.redaction, scope: trace.scope, stats: trace.stats ? 'recorded' : 'recomputed' },
          pageUrl: trace.environment.pageUrl,
          paused: false,
          // Parity recomputed as it was recorded (a trace without them: the defaults).
          parity: {
            settings: { ...DEFAULT_PARITY_SETTINGS, ...trace.parity?.settings },
            rulesText: trace.parity?.rulesText ?? formatRules(DEFAULT_PARITY_SETTINGS.rules),
            watch: [],
          },
        });
      },
    };
  });
}

/** Most polled URLs the panel lists. */
const MAX_POLLS = 200;

/** Updates polls by key, most recently requested first; only URLs found polled are listed. */
function mergePolls(current: PollInfo[], changed: PollInfo[]): PollInfo[] {
  const byKey = new Map(current.map((p) => [p.key, p]));
  for (const poll of changed) if (poll.polling) byKey.set(poll.key, poll);
  return [...byKey.values()].sort((a, b) => b.lastHit - a.lastHit).slice(0, MAX_POLLS);
}

function mergeErrors(current: CaptureError[], fresh: CaptureError[], max: number): CaptureError[] {
  const all = current.concat(fresh);
  return all.length > max ? all.slice(all.length - max) : all;
}
