/**
 * The hub's per-tab sessions: streams, a bounded event buffer, counters and errors,
 * built from the batches bridges send. Pure; the background wires ports to it.
 * A tab's identity is always the `tabId` the caller took from `sender.tab.id`.
 */
import {
  emptyCounters,
  MAX_DATA_CHARS,
  type CaptureError,
  type CapturedEvent,
  type ErrorCode,
  type HubDecision,
  type HubSettings,
  type HubStats,
  type HubToPanelMap,
  STREAM_GAP_MARK_MS,
  type TabCounters,
  type TabSnapshot,
  type TapRecord,
} from '../protocol';
import { createRingBuffer, type RingBuffer } from './ring-buffer';
import { DEFAULT_HUB_SETTINGS, normalizeSettings } from './settings';
import { copyInfo, createChunkParser, createStreamState, pushMark, type StreamState } from './streams';
import { createTabHub, type TabHub } from './tab-hub';

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

/** Default {@link RelayLimits}. */
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxEvents: 100_000,
  maxEventChars: 32 * 1024 * 1024,
  maxErrors: 200,
  maxStreams: 500,
};

/** Rough bytes an event costs beyond its data, for the size budget. */
const EVENT_OVERHEAD_CHARS = 128;

/** One tap batch as the relay takes it: records of one document, and what was lost or rejected on the way. */
export interface IngestBatch {
  docId: string;
  records: TapRecord[];
  /** Records dropped by the tap's or the bridge's buffers before this batch. */
  dropped: number;
  /** Page messages rejected by the bridge or the hub's checks. */
  rejected: number;
}

/** An incremental change to a tab, as sent to its panels. */
export type TabUpdate = HubToPanelMap['hub/batch'];

/** Options for {@link createRelay}. */
export interface RelayOptions {
  now: () => number;
  limits?: Partial<RelayLimits>;
  /** Settings a new tab starts with. Defaults to `DEFAULT_HUB_SETTINGS`. */
  hubSettings?: HubSettings;
}

interface TabSession {
  tabId: number;
  topDocId: string | null;
  nextEventId: number;
  streams: Map<string, StreamState>;
  events: RingBuffer<CapturedEvent>;
  errors: CaptureError[];
  counters: TabCounters;
  hub: TabHub;
  preserveLog: boolean;
}

/** Per-tab hub state. */
export interface Relay {
  /**
   * A bridge (re)connected for a frame. A new top document starts the tab afresh
   * (`reset`), or, when the tab preserves its log, closes the old document's streams and
   * keeps everything (`kept`); a reconnect or a subframe changes nothing (`same`).
   */
  hello(tabId: number, frameId: number, docId: string): 'reset' | 'kept' | 'same';
  /** Ingests a (parsed and checked) batch from a frame's tap and returns what changed. */
  ingest(tabId: number, frameId: number, batch: IngestBatch): TabUpdate;
  snapshot(tabId: number, reason: TabSnapshot['reason']): TabSnapshot;
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
}

/** Creates the hub relay. */
export function createRelay(options: RelayOptions): Relay {
  const limits: RelayLimits = { ...DEFAULT_RELAY_LIMITS, ...options.limits };
  const sessions = new Map<number, TabSession>();

  function session(tabId: number): TabSession {
    let s = sessions.get(tabId);
    if (!s) {
      s = {
        tabId,
        topDocId: null,
        nextEventId: 1,
        streams: new Map(),
        events: createRingBuffer({ maxItems: limits.maxEvents, maxSize: limits.maxEventChars }),
        errors: [],
        counters: emptyCounters(),
        hub: createTabHub(options.hubSettings ?? DEFAULT_HUB_SETTINGS),
        preserveLog: false,
      };
      sessions.set(tabId, s);
    }
    return s;
  }

  function addError(s: TabSession, error: CaptureError, fresh: CaptureError[]): void {
    s.counters.errors[error.code] = (s.counters.errors[error.code] ?? 0) + 1;
    s.errors.push(error);
    if (s.errors.length > limits.maxErrors) s.errors.splice(0, s.errors.length - limits.maxErrors);
    fresh.push(error);
  }

  function pruneStreams(s: TabSession): void {
    if (s.streams.size <= limits.maxStreams) return;
    for (const [id, stream] of s.streams) {
      if (s.streams.size <= limits.maxStreams) break;
      if (stream.info.state === 'closed' || stream.info.state === 'error') s.streams.delete(id);
    }
  }

  function ingest(tabId: number, frameId: number, batch: IngestBatch): TabUpdate {
    const s = session(tabId);
    const now = options.now();
    const events: CapturedEvent[] = [];
    const changed = new Set<StreamState>();
    const errors: CaptureError[] = [];
    const decisions: HubDecision[] = [];
    s.counters.bridgeDropped += batch.dropped;
    s.counters.rejected += batch.rejected;
    if (batch.dropped > 0) {
      addError(s, { t: now, code: 'bridge-overflow', message: `${batch.dropped} records dropped before reaching the hub (buffers full).` }, errors);
    }
    if (batch.rejected > 0) {
      addError(s, { t: now, code: 'rejected', message: `${batch.rejected} malformed or oversize messages from the page were rejected.` }, errors);
    }

    function streamFor(record: TapRecord): StreamState {
      const id = `${frameId}:${batch.docId}:${record.sid}`;
      let stream = s.streams.get(id);
      if (!stream) {
        stream = createStreamState(id, frameId, record.k === 'chunk' ? 'fetch' : 'eventsource', record.t);
        s.streams.set(id, stream);
      }
      return stream;
    }

    function capture(stream: StreamState, seq: number, fields: Omit<CapturedEvent, 'id' | 'key' | 'streamId' | 'seq' | 'source' | 'hubTime'>): void {
      const event: CapturedEvent = {
        id: s.nextEventId++,
        key: `${stream.info.id}#${seq}`,
        streamId: stream.info.id,
        seq,
        source: stream.info.transport,
        hubTime: now,
        ...fields,
      };
      const info = stream.info;
      info.events += 1;
      info.lastEventId = event.lastEventId;
      if (info.lastEventAt !== null) {
        const silence = event.pageTime - info.lastEventAt;
        if (silence > info.longestGapMs) info.longestGapMs = silence;
        if (silence > STREAM_GAP_MARK_MS) pushMark(info, { kind: 'gap', t: event.pageTime, ms: silence });
      }
      info.firstEventAt ??= event.pageTime;
      info.lastEventAt = event.pageTime;
      s.counters.received += 1;
      s.counters.evicted += s.events.push(event, event.data.length + EVENT_OVERHEAD_CHARS);
      events.push(event);
      for (const decision of s.hub.push(event)) decisions.push(decision);
      changed.add(stream);
    }

    /** True when `seq` is new for the stream; counts a gap when some were skipped. */
    function accept(stream: StreamState, seq: number, t: number): boolean {
      if (seq <= stream.lastSeq) return false; // re-sent after a reconnect
      if (stream.lastSeq > 0 && seq > stream.lastSeq + 1) {
        stream.info.gaps += 1;
        addError(s, { t, code: 'gap', streamId: stream.info.id, message: `${seq - stream.lastSeq - 1} records missing before #${seq}.` }, errors);
      }
      stream.lastSeq = seq;
      return true;
    }

    for (const record of batch.records) {
      const stream = streamFor(record);
      switch (record.k) {
        case 'open':
          Object.assign(stream.info, {
            url: record.url,
            transport: record.transport,
            withCredentials: record.withCredentials,
            openedAt: record.t,
            state: 'connecting',
          });
          changed.add(stream);
          break;
        case 'msg':
          if (!accept(stream, record.seq, record.t)) break;
          if (record.truncated) {
            addError(s, { t: record.t, code: 'oversize', streamId: stream.info.id, message: `Event #${record.seq} (${record.type}) is ${record.size} characters; kept the first ${record.data.length}.` }, errors);
          }
          capture(stream, record.seq, {
            type: record.type,
            data: record.data,
            lastEventId: record.lastEventId,
            size: record.size,
            truncated: record.truncated,
            pageTime: record.t,
          });
          break;
        case 'chunk': {
          if (!accept(stream, record.seq, record.t)) break;
          // A stream first seen mid-way (a restarted worker) starts parsing at the next event.
          const midway = stream.parser === undefined && record.seq > 1;
          const parser = (stream.parser ??= createChunkParser());
          parser.parser.feed(record.text, record.resync === true || midway);
          for (const parsed of parser.events.splice(0)) {
            stream.parsedSeq += 1;
            const truncated = parsed.data.length > MAX_DATA_CHARS;
            capture(stream, stream.parsedSeq, {
              ...parsed,
              data: truncated ? parsed.data.slice(0, MAX_DATA_CHARS) : parsed.data,
              size: parsed.data.length,
              truncated,
              pageTime: record.t,
            });
          }
          for (const problem of parser.errors.splice(0)) {
            addError(s, { t: record.t, code: problem.code, streamId: stream.info.id, message: problem.message }, errors);
          }
          break;
        }
        case 'state':
          if (record.state === 'reconnecting' && stream.info.state !== 'reconnecting') {
            stream.info.reconnects += 1;
            stream.info.reconnectIds = [...stream.info.reconnectIds, stream.info.lastEventId].slice(-10);
            pushMark(stream.info, { kind: 'reconnect', t: record.t });
          }
          stream.info.state = record.state;
          changed.add(stream);
          break;
        case 'err':
          addError(s, { t: record.t, code: record.code === 'binary' ? 'binary' : 'tap-failed', streamId: stream.info.id, message: record.message }, errors);
          break;
      }
    }
    pruneStreams(s);
    return {
      events,
      streams: [...changed].map((stream) => copyInfo(stream.info)),
      counters: structuredCounters(s.counters),
      errors,
      decisions,
    };
  }

  return {
    hello(tabId, frameId, docId) {
      if (frameId !== 0) return 'same';
      const s = session(tabId);
      const navigated = s.topDocId !== null && s.topDocId !== docId;
      s.topDocId = docId;
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
      s.hub.reset();
      return 'reset';
    },
    ingest,
    snapshot(tabId, reason) {
      const s = session(tabId);
      return {
        tabId,
        reason,
        streams: [...s.streams.values()].map((stream) => copyInfo(stream.info)),
        events: s.events.toArray(),
        counters: structuredCounters(s.counters),
        errors: [...s.errors],
        settings: s.hub.settings,
        stats: s.hub.stats(),
        preserveLog: s.preserveLog,
      };
    },
    clear(tabId) {
      const s = session(tabId);
      s.events.clear();
      s.errors = [];
      s.counters = emptyCounters();
      s.hub.reset();
    },
    closeTab(tabId) {
      sessions.delete(tabId);
    },
    hasTab: (tabId) => sessions.has(tabId),
    tick: (tabId, now) => sessions.get(tabId)?.hub.advance(now) ?? [],
    nextDueIn: (tabId, now) => sessions.get(tabId)?.hub.nextDueIn(now) ?? null,
    stats: (tabId) => session(tabId).hub.stats(),
    setSettings: (tabId, settings, now) => session(tabId).hub.setSettings(normalizeSettings(settings), now),
    settings: (tabId) => session(tabId).hub.settings,
    snapshotCounters: (tabId) => structuredCounters(session(tabId).counters),
    setPreserveLog(tabId, on) {
      session(tabId).preserveLog = on;
    },
  };
}

function structuredCounters(counters: TabCounters): TabCounters {
  return { ...counters, errors: { ...counters.errors } as Partial<Record<ErrorCode, number>> };
}
