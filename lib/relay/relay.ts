/**
 * The hub's per-tab sessions: streams, a bounded event buffer, counters and errors,
 * built from the batches bridges send. Pure; the background wires ports to it.
 * A tab's identity is always the `tabId` the caller took from `sender.tab.id`.
 */
import { emptyCounters, TAP_FLUSH_MS, type CaptureError, type DebuggerRecord, type HubDecision, type HubSettings, type HubStats, type RawView, type StreamRequest, type TabCounters, type TabFlagState, type TabSnapshot } from '../protocol';
import { flagBits, flagOnSince, initialFlagState } from '../flags/tab-flags';
import { addError, ingestBatch, structuredCounters, type IngestBatch, type TabSession, type TabUpdate } from './ingest';
import { streamIdForUrl } from './full-capture';
import { createPollingDetector } from './polling';
import { createRingBuffer } from './ring-buffer';
import { DEFAULT_HUB_SETTINGS, normalizeSettings } from '../engine/settings';
import { copyInfo } from './streams';
import { createTabEngine } from './tab-engine';

export type { IngestBatch, TabUpdate };

/** An EventSource message as the background's debugger client reports it (full capture). */
export interface DebuggerMessage {
  /** The debugger's request id (one per connection; a reconnect is a new request). */
  requestId: string;
  url: string;
  /** The SSE event name (`message` when the frame had none). */
  type: string;
  data: string;
  lastEventId: string;
  /** When the page received it, wall-clock ms. */
  t: number;
}

/** Memory bounds of one tab session. */
export interface RelayLimits {
  /** Most events retained per tab. Defaults to 100,000. */
  maxEvents: number;
  /** Most event text retained per tab, in UTF-16 units (plus a fixed overhead per event). Defaults to 32 Mi (about 64 MB). */
  maxEventChars: number;
  /** Most recent errors retained per tab (all are counted). Defaults to 200. */
  maxErrors: number;
  /** Most streams retained per tab; the oldest closed ones go first. Defaults to 500. */
  maxStreams: number;
}

/**
 * How far the engine's time trails the relay's clock when time passes without events
 * (`tick`). The engine works in the events' own time (the page's timestamps), and an
 * event reaches the relay up to one tap flush (`TAP_FLUSH_MS`) and a hop after the page
 * got it: a batch window closed at its end by the relay's clock would leave out the events
 * of its last moments still on their way, and the batching would depend on the transport's
 * delay and the machine's load. Closed this much later, they are in it.
 */
export const DELIVERY_GRACE_MS = TAP_FLUSH_MS + 20;

/** Default {@link RelayLimits}. */
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxEvents: 100_000,
  maxEventChars: 32 * 1024 * 1024,
  maxErrors: 200,
  maxStreams: 500,
};

/** Options for {@link createRelay}. */
export interface RelayOptions {
  now: () => number;
  limits?: Partial<RelayLimits>;
  /** Settings a new tab starts with. Defaults to `DEFAULT_HUB_SETTINGS`. */
  hubSettings?: HubSettings;
}

/** Per-tab hub state. */
export interface Relay {
  /**
   * A bridge (re)connected for a frame. A new top document starts the tab afresh
   * (`reset`), or, when the tab preserves its log, closes the old document's streams and
   * keeps everything (`kept`); a reconnect or a subframe changes nothing (`same`).
   */
  hello(tabId: number, frameId: number, navigationId: string, url?: string): 'reset' | 'kept' | 'same';
  /** Ingests a (parsed and checked) batch from a frame's tap and returns what changed. */
  ingest(tabId: number, frameId: number, batch: IngestBatch): TabUpdate;
  /**
   * Ingests EventSource messages Chrome's debugger reported for the tab (full capture),
   * keeping only those the tap did not see; returns what changed.
   */
  ingestDebugger(tabId: number, messages: DebuggerMessage[]): TabUpdate;
  snapshot(tabId: number, reason: TabSnapshot['reason']): TabSnapshot;
  /** The tab's top document URL, as its bridge said hello (null before). */
  pageUrl(tabId: number): string | null;
  /** Forgets the tab's events and errors; streams stay, counters restart. */
  clear(tabId: number): void;
  /** Ends the tab's session. */
  closeTab(tabId: number): void;
  /** Whether the tab has a session (it has not closed). */
  hasTab(tabId: number): boolean;
  /** Lets hub time pass for a tab; returns decisions settled (flushed batches). */
  tick(tabId: number, now: number): HubDecision[];
  /** ms until the tab's engine next needs a tick, or null when it is idle. */
  nextDueIn(tabId: number, now: number): number | null;
  stats(tabId: number): HubStats;
  /** Applies new settings to a tab (normalised first); returns decisions settled under the old ones. */
  setSettings(tabId: number, settings: unknown, now: number): HubDecision[];
  settings(tabId: number): HubSettings;
  /** The tab's counters now. */
  snapshotCounters(tabId: number): TabCounters;
  /** Keeps (or stops keeping) the tab's events across top-level navigations. */
  setPreserveLog(tabId: number, on: boolean): void;
  preserveLog(tabId: number): boolean;
  /** Sets the tab's migration state (the background persists it); events from now on carry its flags. */
  setFlagState(tabId: number, state: TabFlagState): void;
  flagState(tabId: number): TabFlagState;
  /**
   * What Chrome sent and got for an EventSource request (full capture): kept on the stream
   * the debugger's messages of that URL go to; returns the change for panels.
   */
  noteDebuggerResponse(tabId: number, url: string, requestId: string, request: StreamRequest): TabUpdate;
  /** A fetch or XHR stream's text, where its events lie in it, and its wire lint; null when the relay keeps none. */
  raw(tabId: number, streamId: string): RawView | null;
  /** Counts and keeps an error the relay itself found (e.g. an injection it could not deliver); returns the change for panels. */
  addError(tabId: number, error: CaptureError): TabUpdate;
}

/** Creates the relay (the per-tab state our background keeps). */
export function createRelay(options: RelayOptions): Relay {
  const limits: RelayLimits = { ...DEFAULT_RELAY_LIMITS, ...options.limits };
  const sessions = new Map<number, TabSession>();

  function session(tabId: number): TabSession {
    let s = sessions.get(tabId);
    if (!s) {
      s = {
        tabId,
        topNavigationId: null,
        pageUrl: null,
        nextEventId: 1,
        streams: new Map(),
        events: createRingBuffer({ maxItems: limits.maxEvents, maxSize: limits.maxEventChars }),
        errors: [],
        counters: emptyCounters(),
        engine: createTabEngine(options.hubSettings ?? DEFAULT_HUB_SETTINGS),
        preserveLog: false,
        flagState: initialFlagState(),
        flagBits: 0,
        legacyOffSince: null,
        pollingOffSince: null,
        polls: createPollingDetector(),
        maxErrors: limits.maxErrors,
        rawChars: 0,
      };
      sessions.set(tabId, s);
    }
    return s;
  }

  function ingest(tabId: number, frameId: number, batch: IngestBatch): TabUpdate {
    return ingestBatch(session(tabId), frameId, batch, options.now(), limits);
  }

  function ingestDebugger(tabId: number, messages: DebuggerMessage[]): TabUpdate {
    const s = session(tabId);
    const records: DebuggerRecord[] = messages.map((m) => ({
      k: 'dbg',
      streamId: streamIdForUrl(s.streams.values(), m.url, m.requestId),
      url: m.url,
      type: m.type,
      data: m.data,
      lastEventId: m.lastEventId,
      t: m.t,
    }));
    return ingestBatch(s, 0, { docId: '', records, dropped: 0, rejected: 0 }, options.now(), limits);
  }

  return {
    hello(tabId, frameId, navigationId, url) {
      if (frameId !== 0) return 'same';
      const s = session(tabId);
      if (url !== undefined) s.pageUrl = url;
      const navigated = s.topNavigationId !== null && s.topNavigationId !== navigationId;
      s.topNavigationId = navigationId;
      if (!navigated) return 'same';
      if (s.preserveLog) {
        // The previous documents are gone, and their streams with them.
        for (const stream of s.streams.values()) if (stream.info.state !== 'error') stream.info.state = 'closed';
        return 'kept';
      }
      s.streams.clear();
      s.events.clear();
      s.errors = [];
      s.counters = emptyCounters();
      s.engine.reset();
      s.polls.reset();
      return 'reset';
    },
    ingest,
    ingestDebugger,
    snapshot(tabId, reason) {
      const s = session(tabId);
      return {
        tabId,
        reason,
        // A legacy stream shows once it has an event (requests alone feed polling detection).
        streams: [...s.streams.values()].filter((stream) => stream.info.transport !== 'legacy' || stream.info.events > 0).map((stream) => copyInfo(stream.info)),
        events: s.events.toArray(),
        counters: structuredCounters(s.counters),
        errors: [...s.errors],
        settings: s.engine.settings,
        stats: s.engine.stats(),
        preserveLog: s.preserveLog,
        flags: s.flagState,
        polls: s.polls.polls(),
        pageUrl: s.pageUrl,
      };
    },
    pageUrl: (tabId) => sessions.get(tabId)?.pageUrl ?? null,
    clear(tabId) {
      const s = session(tabId);
      s.events.clear();
      s.errors = [];
      s.counters = emptyCounters();
      s.engine.reset();
    },
    closeTab(tabId) {
      sessions.delete(tabId);
    },
    hasTab: (tabId) => sessions.has(tabId),
    tick: (tabId, now) => sessions.get(tabId)?.engine.advance(now - DELIVERY_GRACE_MS) ?? [],
    nextDueIn: (tabId, now) => sessions.get(tabId)?.engine.nextDueIn(now - DELIVERY_GRACE_MS) ?? null,
    stats: (tabId) => session(tabId).engine.stats(),
    setSettings: (tabId, settings, now) => session(tabId).engine.setSettings(normalizeSettings(settings), now),
    settings: (tabId) => session(tabId).engine.settings,
    snapshotCounters: (tabId) => structuredCounters(session(tabId).counters),
    setPreserveLog(tabId, on) {
      session(tabId).preserveLog = on;
    },
    preserveLog: (tabId) => session(tabId).preserveLog,
    setFlagState(tabId, state) {
      const s = session(tabId);
      s.flagState = state;
      s.flagBits = flagBits(state.flags);
      s.legacyOffSince = flagOnSince(state, 'LEGACY_EVENTS_DISABLED');
      s.pollingOffSince = flagOnSince(state, 'POLLING_DISABLED');
    },
    flagState: (tabId) => session(tabId).flagState,
    noteDebuggerResponse(tabId, url, requestId, request) {
      const s = session(tabId);
      const none: TabUpdate = { events: [], streams: [], counters: structuredCounters(s.counters), errors: [], decisions: [], polls: [] };
      const stream = s.streams.get(streamIdForUrl(s.streams.values(), url, requestId));
      if (!stream) return none;
      stream.info.request = request;
      return { ...none, streams: [copyInfo(stream.info)] };
    },
    raw: (tabId, streamId) => sessions.get(tabId)?.streams.get(streamId)?.raw?.view(streamId) ?? null,
    addError(tabId, error) {
      const s = session(tabId);
      const errors: CaptureError[] = [];
      addError(s, error, errors);
      return { events: [], streams: [], counters: structuredCounters(s.counters), errors, decisions: [], polls: [] };
    },
  };
}

