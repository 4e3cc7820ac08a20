/**
 * HAR 1.2 for SSE: export a trace as HAR (one entry per stream, each with an
 * `_eventSourceMessages` array of `{time, type, id, data}` in the spirit of Chrome's
 * `_webSocketMessages`, and the stream's rebuilt `text/event-stream` body; legacy systems
 * as entries of their own under `https://legacy.sse-hub.invalid/`), and import HAR files:
 * ours, Chrome's "Save all as HAR with content" and Playwright's `recordHar`, whose
 * `text/event-stream` bodies are parsed with the same parser the relay uses.
 */
import { emptyCounters, type CapturedEvent, type StreamInfo, type Transport } from '../protocol';
import { initialFlagState } from '../flags/tab-flags';
import { DEFAULT_HUB_SETTINGS } from '../engine/settings';
import { createStreamSession } from '../relay/streams';
import { toSseFrame } from '../sse/frame';
import { createStreamParser, type ParsedEvent } from '../sse/stream-parser';
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceFile } from './format';
import { english, type Translate } from '../i18n';

/** Host of the entries that stand for legacy systems (`.invalid` is reserved: it never resolves). */
export const LEGACY_HAR_ORIGIN = 'https://legacy.sse-hub.invalid/';

/** One SSE message in a HAR entry. */
export interface HarEventSourceMessage {
  /** Seconds since the epoch, as HAR's `_webSocketMessages` times. */
  time: number;
  type: string;
  id: string;
  data: string;
}

interface HarNameValue {
  name: string;
  value: string;
}

/** The parts of a HAR entry this module writes and reads. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; httpVersion: string; headers: HarNameValue[]; queryString: HarNameValue[]; cookies: unknown[]; headersSize: number; bodySize: number };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: unknown[];
    content: { size: number; mimeType: string; text?: string; encoding?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _resourceType?: string;
  _eventSourceMessages?: HarEventSourceMessage[];
}

/** A HAR document. */
export interface Har {
  log: { version: string; creator: { name: string; version: string }; pages?: unknown[]; entries: HarEntry[] };
}

/** Whether a parsed JSON value looks like a HAR file. */
export function isHar(value: unknown): value is Har {
  const log = (value as { log?: { entries?: unknown } } | null)?.log;
  return typeof value === 'object' && value !== null && typeof log === 'object' && log !== null && Array.isArray(log.entries);
}

/** The trace as HAR 1.2. */
export function traceToHar(trace: TraceFile): Har {
  const byStream = new Map<string, TraceEvent[]>();
  for (const event of trace.events) {
    let list = byStream.get(event.streamId);
    if (!list) byStream.set(event.streamId, (list = []));
    list.push(event);
  }
  const entries: HarEntry[] = [];
  const streams = new Map(trace.streams.map((s) => [s.id, s]));
  for (const [streamId, events] of byStream) {
    const stream = streams.get(streamId);
    const legacy = stream?.transport === 'legacy' || events[0]!.source.startsWith('legacy:');
    const url = legacy ? `${LEGACY_HAR_ORIGIN}${encodeURIComponent((stream?.url ?? events[0]!.source).replace(/^legacy:/, ''))}` : (stream?.url ?? streamId);
    const start = Math.min(stream?.openedAt ?? Infinity, events[0]!.pageTime);
    const end = events[events.length - 1]!.pageTime;
    const body = legacy ? '' : events.map((e) => toSseFrame({ type: e.type, data: e.data, id: e.lastEventId })).join('');
    const mimeType = legacy ? 'application/json' : 'text/event-stream';
    entries.push({
      startedDateTime: new Date(start).toISOString(),
      time: Math.max(0, end - start),
      request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: queryOf(url), cookies: [], headersSize: -1, bodySize: 0 },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'content-type', value: mimeType }],
        cookies: [],
        content: { size: body.length, mimeType, ...(legacy ? {} : { text: body }) },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: Math.max(0, (stream?.firstEventAt ?? start) - start), receive: Math.max(0, end - (stream?.firstEventAt ?? start)) },
      _resourceType: legacy ? 'other' : (stream?.transport ?? 'eventsource'),
      _eventSourceMessages: events.map((e) => ({ time: e.pageTime / 1000, type: e.type, id: e.lastEventId, data: e.data })),
    });
  }
  entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  return {
    log: {
      version: '1.2',
      creator: { name: 'SSE Hub DevTools', version: trace.environment.extensionVersion },
      pages: [],
      entries,
    },
  };
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** Whether a HAR entry carries an event stream (by the messages, MIME type or resource type). */
function isStreamEntry(entry: HarEntry): boolean {
  if (Array.isArray(entry._eventSourceMessages)) return true;
  const type = entry.response?.content?.mimeType ?? '';
  return /^\s*text\/event-stream/i.test(type) || entry._resourceType === 'eventsource';
}

function decodeBody(content: HarEntry['response']['content']): string {
  const text = content.text ?? '';
  if (content.encoding !== 'base64') return text;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/**
 * A trace from a HAR file: one stream per event-stream entry, its events from
 * `_eventSourceMessages` where present, else parsed from the response body. Decisions
 * are left to the engine (the viewer runs it with default settings).
 */
export function harToTrace(har: Har, now: number, t: Translate = english): { trace: TraceFile } | { error: string } {
  const streams: StreamInfo[] = [];
  const events: TraceEvent[] = [];
  let problems = 0;
  har.log.entries.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || !isStreamEntry(entry)) return;
    const url = String(entry.request?.url ?? '');
    const legacy = url.startsWith(LEGACY_HAR_ORIGIN);
    const started = Date.parse(entry.startedDateTime) || now;
    const streamId = `har:${index + 1}`;
    const source = legacy ? `legacy:${decodeURIComponent(url.slice(LEGACY_HAR_ORIGIN.length))}` : entry._resourceType === 'fetch' || entry._resourceType === 'xhr' ? entry._resourceType : 'eventsource';
    const transport: Transport = legacy ? 'legacy' : (source as Transport);
    const parsed: { type: string; data: string; id: string; t: number }[] = [];
    if (Array.isArray(entry._eventSourceMessages)) {
      for (const m of entry._eventSourceMessages) {
        if (typeof m !== 'object' || m === null) continue;
        parsed.push({ type: String(m.type ?? 'message'), data: String(m.data ?? ''), id: String(m.id ?? ''), t: typeof m.time === 'number' ? Math.round(m.time * 1000) : started });
      }
    } else {
      const found: ParsedEvent[] = [];
      const parser = createStreamParser({ onEvent: (e) => found.push(e), onError: () => (problems += 1) });
      // A body that ended without its final blank line still ends its last event, as at the end of a stream.
      parser.feed(`${decodeBody(entry.response?.content ?? { size: 0, mimeType: '' })}\n\n`);
      const t = started + Math.max(0, Number(entry.timings?.wait) || 0);
      for (const e of found) parsed.push({ type: e.type, data: e.data, id: e.lastEventId, t });
    }
    const first = parsed[0]?.t ?? null;
    const last = parsed[parsed.length - 1]?.t ?? null;
    const { info } = createStreamSession(streamId, 0, transport, started);
    streams.push({
      ...info,
      url: legacy ? source : url,
      state: 'closed',
      events: parsed.length,
      lastEventId: parsed[parsed.length - 1]?.id ?? '',
      firstEventAt: first,
      lastEventAt: last,
      longestGapMs: parsed.reduce((max, e, i) => (i === 0 ? max : Math.max(max, e.t - parsed[i - 1]!.t)), 0),
    });
    parsed.forEach((e, i) => {
      const event: CapturedEvent = {
        id: events.length + 1,
        key: `${streamId}#${i + 1}`,
        streamId,
        seq: i + 1,
        source,
        type: e.type,
        data: e.data,
        lastEventId: e.id,
        size: e.data.length,
        truncated: false,
        pageTime: e.t,
        hubTime: e.t,
        flags: 0,
      };
      events.push(event);
    });
  });
  if (streams.length === 0) return { error: t('read.harNoStreams') };
  events.sort((a, b) => a.pageTime - b.pageTime || a.id - b.id);
  events.forEach((e, i) => (e.id = i + 1));
  const startedAt = events[0]?.pageTime ?? now;
  const endedAt = events[events.length - 1]?.pageTime ?? now;
  const counters = emptyCounters();
  counters.received = events.length;
  if (problems > 0) counters.errors.parse = problems;
  return {
    trace: {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      environment: { pageUrl: null, userAgent: '', extensionVersion: har.log.creator?.version ?? '', startedAt, endedAt, exportedAt: now },
      scope: { kind: 'all' },
      redaction: { rules: [], replacements: 0 },
      settings: DEFAULT_HUB_SETTINGS,
      streams,
      events,
      flags: initialFlagState(),
      polls: [],
      counters,
      errors: [],
    },
  };
}
