/**
 * How one tap batch changes a tab session: records become streams, captured events
 * (stamped with the tab's flags and handed to the hub engine), polling statistics and
 * counted errors. Pure; the relay owns the sessions.
 */
import {
  emptyCounters,
  FLAG_SETTLE_MS,
  MAX_DATA_CHARS,
  MAX_TAB_RAW_CHARS,
  OPTIMISTIC_SYSTEM,
  POLL_BODY_TYPE,
  type CaptureError,
  type CapturedEvent,
  type ErrorCode,
  type HubDecision,
  type RelayToPanelMap,
  type PollInfo,
  type RequestDetails,
  type StreamEnd,
  type StreamInfo,
  type StreamRequest,
  STREAM_GAP_MARK_MS,
  type TabCounters,
  type TabFlagState,
  type DebuggerRecord,
  type TapRecord,
  isServerTraffic,
} from '../protocol';
import { findTapCopy, noteListener, tapSaw } from './full-capture';
import { flagBits, inFallback } from '../flags/tab-flags';
import type { PollingDetector } from './polling';
import type { RingBuffer } from './ring-buffer';
import { createRawKeeper } from './raw';
import { copyInfo, createChunkParser, createStreamSession, pushMark, type StreamSession } from './streams';
import type { TabEngine } from './tab-engine';
import { worded } from '../i18n/english';
import { injectError } from './errors';

/** The optimistic-update reports' stream: the app's own, not a legacy system LEGACY_EVENTS_DISABLED silences. */
const OPTIMISTIC_SID = `legacy:${OPTIMISTIC_SYSTEM}`;

/** Rough bytes an event costs beyond its data, for the size budget. */
const EVENT_OVERHEAD_CHARS = 128;

/**
 * One tap batch as the relay takes it: records of one document, and what was lost or
 * rejected on the way; or the debugger's messages (full capture), with docId ''.
 */
export interface IngestBatch {
  docId: string;
  records: (TapRecord | DebuggerRecord)[];
  /** Records dropped by the tap's or the bridge's buffers before this batch. */
  dropped: number;
  /** Page messages rejected by the bridge or the hub's checks. */
  rejected: number;
}

/** An incremental change to a tab, as sent to its panels. */
export type TabUpdate = RelayToPanelMap['relay/batch'];

export interface TabSession {
  tabId: number;
  /** The navigation the tab's top frame last said hello from (its bridge's `navigationId`). */
  topNavigationId: string | null;
  /** The top document's URL, as its bridge announced it. */
  pageUrl: string | null;
  nextEventId: number;
  streams: Map<string, StreamSession>;
  events: RingBuffer<CapturedEvent>;
  errors: CaptureError[];
  counters: TabCounters;
  engine: TabEngine;
  preserveLog: boolean;
  /** The tab's migration state; outlives navigations and clears, ends with the tab. */
  flagState: TabFlagState;
  /** `flagBits(flagState.flags)`: the stamp of every event the page got since the latest change. */
  flagBits: number;
  /** When LEGACY_EVENTS_DISABLED and POLLING_DISABLED last came on (null: off). */
  legacyOffSince: number | null;
  pollingOffSince: number | null;
  polls: PollingDetector;
  /** Most recent errors retained (all are counted). */
  maxErrors: number;
  /** Raw text kept by the tab's streams (recounted when it passes `MAX_TAB_RAW_CHARS`). */
  rawChars: number;
}

/**
 * The flags in force at page time `t`: the current ones, or for an event the page got
 * before the latest change (and the hub after it), those of the change before `t`.
 */
function flagsAt(s: TabSession, t: number): number {
  const history = s.flagState.history;
  const last = history[history.length - 1];
  if (last === undefined || t >= last.at) return s.flagBits;
  for (let i = history.length - 2; i >= 0; i--) if (history[i]!.at <= t) return flagBits(history[i]!.flags);
  return 0;
}

/** Whether a record at page time `t` broke a switch that came on at `since` (after the settle time). */
function breaks(since: number | null, t: number): boolean {
  return since !== null && t >= since + FLAG_SETTLE_MS;
}

/** Counts an error, keeps the latest `maxErrors`, and adds it to this batch's `fresh` list. */
export function addError(s: TabSession, error: CaptureError, fresh: CaptureError[]): void {
  s.counters.errors[error.code] = (s.counters.errors[error.code] ?? 0) + 1;
  s.errors.push(error);
  if (s.errors.length > s.maxErrors) s.errors.splice(0, s.errors.length - s.maxErrors);
  fresh.push(error);
}

/**
 * Event data cut to `MAX_DATA_CHARS`, with its original size: what the relay parsed itself
 * (fetch bodies, the debugger's messages). The tap cuts what it forwards the same way,
 * inline, on the page's per-event path.
 */
function capData(data: string): { data: string; size: number; truncated: boolean } {
  const truncated = data.length > MAX_DATA_CHARS;
  return { data: truncated ? data.slice(0, MAX_DATA_CHARS) : data, size: data.length, truncated };
}

/** Splits `name: value` CRLF lines into pairs. */
export function headerPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}

function streamRequest(details: RequestDetails): StreamRequest {
  return { ...details, headers: headerPairs(details.headers), responseHeaders: headerPairs(details.responseHeaders) };
}

/** How a stream that reached `state` (closed or error) ended. */
function streamEnd(info: StreamInfo, state: 'closed' | 'error', aborted: boolean): StreamEnd {
  if (aborted) return 'aborted';
  if (info.transport === 'eventsource') return state === 'closed' ? 'closed-by-page' : 'failed';
  if (state === 'error') return 'network-error';
  return (info.request?.status ?? 200) >= 400 ? 'http-error' : 'completed';
}

/**
 * Keeps the tab's raw text within `MAX_TAB_RAW_CHARS`: recounts it (streams come and go),
 * then cuts the oldest streams' text (counted as dropped in their raw view), `current` last.
 */
function trimRaw(s: TabSession, current: StreamSession): void {
  let total = 0;
  for (const stream of s.streams.values()) total += stream.raw?.kept ?? 0;
  for (const stream of [...s.streams.values()].filter((x) => x !== current).concat(current)) {
    if (total <= MAX_TAB_RAW_CHARS) break;
    if (stream.raw) total -= stream.raw.trim();
  }
  s.rawChars = total;
}

/** Drops the oldest finished (then legacy) streams beyond `maxStreams`. */
export function pruneStreams(s: TabSession, maxStreams: number): void {
  if (s.streams.size <= maxStreams) return;
  for (const [id, stream] of s.streams) {
    if (s.streams.size <= maxStreams) break;
    if (stream.info.state === 'closed' || stream.info.state === 'error') s.streams.delete(id);
  }
  // Legacy streams never close (their names come from pages): the oldest go next.
  for (const [id, stream] of s.streams) {
    if (s.streams.size <= maxStreams) break;
    if (stream.info.transport === 'legacy') s.streams.delete(id);
  }
}

/** Applies one checked tap batch from frame `frameId` to the session and returns what changed. */
export function ingestBatch(s: TabSession, frameId: number, batch: IngestBatch, now: number, limits: { maxStreams: number }): TabUpdate {
  const events: CapturedEvent[] = [];
  const changed = new Set<StreamSession>();
  const errors: CaptureError[] = [];
  const decisions: HubDecision[] = [];
  const polls = new Map<string, PollInfo>();
  s.counters.bridgeDropped += batch.dropped;
  s.counters.rejected += batch.rejected;
  if (batch.dropped > 0) {
    addError(s, { t: now, code: 'bridge-overflow', ...worded('relayError.bridgeOverflow', { count: batch.dropped }) }, errors);
  }
  if (batch.rejected > 0) {
    addError(s, { t: now, code: 'rejected', ...worded('relayError.rejected', { count: batch.rejected }) }, errors);
  }

  function streamFor(record: TapRecord | DebuggerRecord): StreamSession {
    if (record.k === 'dbg') {
      let stream = s.streams.get(record.streamId);
      if (!stream) {
        stream = createStreamSession(record.streamId, frameId, 'eventsource', record.t);
        stream.info.url = record.url;
        s.streams.set(record.streamId, stream);
      }
      return stream;
    }
    const id = `${frameId}:${batch.docId}:${record.sid}`;
    let stream = s.streams.get(id);
    if (!stream) {
      const legacy = record.sid.startsWith('legacy:');
      // A stream first seen mid-way (a restarted worker) learns its transport from its id.
      stream = createStreamSession(id, frameId, legacy ? 'legacy' : record.k === 'chunk' ? (record.sid.startsWith('x') ? 'xhr' : 'fetch') : 'eventsource', record.t);
      if (legacy) stream.info.url = record.sid;
      s.streams.set(id, stream);
    }
    return stream;
  }

  /** Captures an event; `keyPrefix` keeps numberings apart (`d` for the debugger's). */
  function capture(stream: StreamSession, seq: number, fields: Omit<CapturedEvent, 'id' | 'key' | 'streamId' | 'seq' | 'source' | 'hubTime' | 'flags'>, keyPrefix = ''): void {
    const event: CapturedEvent = {
      id: s.nextEventId++,
      key: `${stream.info.id}#${keyPrefix}${seq}`,
      streamId: stream.info.id,
      seq,
      source: stream.info.transport === 'legacy' ? stream.info.url : stream.info.transport,
      hubTime: now,
      flags: flagsAt(s, fields.pageTime),
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
    // What the tool made (injected, replayed, a simulated duplicate) is not the server's traffic: the engine never sees it.
    if (isServerTraffic(event.mark)) for (const decision of s.engine.push(event)) decisions.push(decision);
    changed.add(stream);
  }

  /** True when `seq` is new for the stream; counts a gap when some were skipped. */
  function accept(stream: StreamSession, seq: number, t: number): boolean {
    if (seq <= stream.lastSeq) return false; // re-sent after a reconnect
    if (stream.lastSeq > 0 && seq > stream.lastSeq + 1) {
      stream.info.gaps += 1;
      addError(s, { t, code: 'gap', streamId: stream.info.id, ...worded('relayError.gap', { count: seq - stream.lastSeq - 1, seq }) }, errors);
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
        if (record.request) stream.info.request = streamRequest(record.request);
        if (record.format !== undefined && record.format !== 'sse') stream.info.format = record.format;
        if (record.servedAs !== undefined) stream.info.servedAs = record.servedAs;
        changed.add(stream);
        break;
      case 'msg':
        if (!accept(stream, record.seq, record.t)) break;
        if (record.truncated) {
          addError(s, { t: record.t, code: 'oversize', streamId: stream.info.id, ...worded('relayError.oversize', { seq: record.seq, type: record.type, size: record.size, kept: record.data.length }) }, errors);
        }
        capture(stream, record.seq, {
          type: record.type,
          data: record.data,
          lastEventId: record.lastEventId,
          size: record.size,
          truncated: record.truncated,
          pageTime: record.t,
          mark: record.mark,
        });
        break;
      case 'chunk': {
        if (!accept(stream, record.seq, record.t)) break;
        // A stream first seen mid-way (a restarted worker) starts parsing at the next event.
        const midway = stream.parser === undefined && record.seq > 1;
        stream.info.firstByteAt ??= record.t;
        const parser = (stream.parser ??= createChunkParser(stream.info.format));
        const resync = record.resync === true || midway;
        parser.parser.feed(record.text, resync);
        // The raw view and wire lint are SSE's (an NDJSON or Connect stream shows its messages).
        const raw = stream.info.format === undefined ? (stream.raw ??= createRawKeeper()) : undefined;
        let found = 0;
        if (raw) {
          const before = raw.kept;
          found = raw.write(record.text, resync);
          s.rawChars += raw.kept - before;
          if (s.rawChars > MAX_TAB_RAW_CHARS) trimRaw(s, stream);
          if (found > 0) stream.info.lint = (stream.info.lint ?? 0) + found;
        }
        for (const parsed of parser.events.splice(0)) {
          stream.parsedSeq += 1;
          capture(stream, stream.parsedSeq, { ...parsed, ...capData(parsed.data), pageTime: record.t });
          raw?.link(`${stream.info.id}#${stream.parsedSeq}`);
        }
        if (found > 0) changed.add(stream);
        for (const problem of parser.errors.splice(0)) {
          addError(s, { t: record.t, code: problem.code, streamId: stream.info.id, message: problem.message, text: problem.text }, errors);
        }
        break;
      }
      case 'listen':
        noteListener(stream, record.type, record.t);
        break;
      case 'dbg': {
        if (tapSaw(stream, record.type, record.t)) {
          stream.debuggerLastKey = findTapCopy((back) => s.events.fromNewest(back), stream.info.id, record) ?? stream.debuggerLastKey;
          break;
        }
        stream.debuggerSeq += 1;
        capture(
          stream,
          stream.debuggerSeq,
          {
            type: record.type,
            ...capData(record.data),
            lastEventId: record.lastEventId,
            pageTime: record.t,
            via: 'debugger',
            ...(stream.debuggerLastKey === undefined ? {} : { after: stream.debuggerLastKey }),
          },
          'd',
        );
        stream.debuggerLastKey = `${stream.info.id}#d${stream.debuggerSeq}`;
        break;
      }
      case 'state':
        if (record.state === 'reconnecting' && stream.info.state !== 'reconnecting') {
          stream.info.reconnects += 1;
          stream.info.reconnectIds = [...stream.info.reconnectIds, stream.info.lastEventId].slice(-10);
          pushMark(stream.info, { kind: 'reconnect', t: record.t });
        }
        stream.info.state = record.state;
        if (record.state === 'closed' || record.state === 'error') {
          stream.info.endedAt = record.t;
          stream.info.end = streamEnd(stream.info, record.state, record.aborted === true);
        } else {
          delete stream.info.end;
          delete stream.info.endedAt;
        }
        // The body ended: an event still open in its text was never delivered.
        if ((record.state === 'closed' || record.state === 'error') && stream.raw) {
          const found = stream.raw.end();
          if (found > 0) stream.info.lint = (stream.info.lint ?? 0) + found;
        }
        changed.add(stream);
        break;
      case 'err':
        if (record.code === 'inject') addError(s, { t: record.t, code: 'inject', streamId: stream.info.id, ...injectError(record.sid, record.message) }, errors);
        else {
          const code = record.code === 'binary' || record.code === 'unserializable' ? record.code : 'tap-failed';
          addError(s, { t: record.t, code, streamId: stream.info.id, ...(record.message ? { message: record.message } : record.code === 'binary' ? worded('relayError.binary') : { message: record.code }) }, errors);
        }
        break;
      case 'legacy':
        if (!accept(stream, record.seq, record.t)) break;
        if (record.mark === undefined && record.sid !== OPTIMISTIC_SID && breaks(s.legacyOffSince, record.t)) {
          addError(s, { t: record.t, code: 'legacy-while-disabled', streamId: stream.info.id, ...worded('relayError.legacyWhileDisabled', { sid: record.sid, type: record.type }) }, errors);
        }
        capture(stream, record.seq, {
          type: record.type,
          data: record.data,
          lastEventId: '',
          size: record.size,
          truncated: record.truncated,
          pageTime: record.t,
          mark: record.mark,
        });
        break;
      case 'body': {
        if (!accept(stream, record.seq, record.t)) break;
        // A watched response (polling-off readiness): kept with its URL, on the polling stream.
        stream.parsedSeq += 1;
        const data = JSON.stringify({ url: record.url, body: record.text });
        capture(stream, stream.parsedSeq, { type: POLL_BODY_TYPE, data, lastEventId: '', size: data.length, truncated: false, pageTime: record.t });
        break;
      }
      case 'req': {
        if (!accept(stream, record.seq, record.t)) break;
        // Polls while the (simulated) hub is down are the fallback the strategy asks for, not a breach.
        const fallback = inFallback(s.flagState, record.t);
        const disabled = breaks(s.pollingOffSince, record.t) && !fallback;
        const hit = s.polls.hit(record, disabled);
        polls.set(hit.info.key, hit.info);
        // During a simulated outage a repeated read is the app falling back: shown at once, not after it steadies.
        const fellBack = fallback && (hit.info.method === 'GET' || hit.info.method === 'HEAD') && hit.info.count >= 2;
        if (!hit.polling && !fellBack) break;
        const { key, periodMs, count } = hit.info;
        if (disabled) {
          addError(s, { t: record.t, code: 'polling-while-disabled', streamId: stream.info.id, ...worded('relayError.pollingWhileDisabled', { key, period: periodMs ?? '?', count }) }, errors);
        }
        stream.parsedSeq += 1;
        const data = JSON.stringify({ url: record.url, method: hit.info.method, via: record.via, periodMs, count });
        capture(stream, stream.parsedSeq, { type: 'poll', data, lastEventId: '', size: data.length, truncated: false, pageTime: record.t });
        break;
      }
    }
  }
  pruneStreams(s, limits.maxStreams);
  return {
    events,
    streams: [...changed].map((stream) => copyInfo(stream.info)),
    counters: structuredCounters(s.counters),
    errors,
    decisions,
    polls: [...polls.values()],
  };
}

/** A copy of the counters that later increments do not reach. */
export function structuredCounters(counters: TabCounters): TabCounters {
  return { ...counters, errors: { ...counters.errors } as Partial<Record<ErrorCode, number>> };
}
