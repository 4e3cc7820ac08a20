/** A small trace for the trace tests: two streams, a legacy system, decisions as the relay makes them. */
import { initialFlagState } from '../../../lib/flags/tab-flags';
import { DEFAULT_HUB_SETTINGS } from '../../../lib/engine/settings';
import { emptyCounters, type CapturedEvent, type StreamInfo } from '../../../lib/protocol';
import { buildTrace, type TraceFile } from '../../../lib/trace/format';
import { traceSnapshot } from '../../../lib/trace/replay';

export function stream(id: string, url: string, transport: StreamInfo['transport'] = 'eventsource'): StreamInfo {
  return { id, frameId: 0, url, transport, withCredentials: false, state: 'open', openedAt: 1000, events: 0, reconnects: 0, lastEventId: '', gaps: 0, firstEventAt: null, lastEventAt: null, longestGapMs: 0, reconnectIds: [], marks: [] };
}

let n = 0;
export function event(streamId: string, type: string, data: string, extra: Partial<CapturedEvent> = {}): CapturedEvent {
  n += 1;
  return { id: n, key: `${streamId}#${n}`, streamId, seq: n, source: 'eventsource', type, data, lastEventId: String(n), size: data.length, truncated: false, pageTime: 1000 + n * 10, hubTime: 1000 + n * 10, flags: 0, ...extra };
}

/** A trace of `events` over the streams they name. */
export function traceOf(events: CapturedEvent[], streams: StreamInfo[]): TraceFile {
  const trace = buildTrace({
    events,
    streams,
    settings: DEFAULT_HUB_SETTINGS,
    stats: null,
    flags: initialFlagState(),
    polls: [],
    counters: emptyCounters(),
    errors: [],
    pageUrl: 'http://app.test/board?session=abc',
    userAgent: 'test',
    extensionVersion: '0.1.0',
    filter: null,
    now: 5000,
  });
  // With the engine's decisions, as the relay would have attached them.
  return { ...trace, events: traceSnapshot(trace).events };
}
