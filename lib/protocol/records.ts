/**
 * What the page tap observes, as plain serialisable records. These cross the
 * MAIN → ISOLATED world boundary and then the extension port, so every field is a
 * primitive and every record carries its kind in `k`.
 */

/**
 * How a stream reaches the page: an `EventSource`, a `text/event-stream` body read with
 * `fetch` or with `XMLHttpRequest` (`xhr`); `legacy` streams gather one legacy emitter's events.
 */
export type Transport = 'eventsource' | 'fetch' | 'xhr' | 'legacy';

/** Lifecycle state of a tapped stream, as the page would see it. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error';

/**
 * How SSE Hub DevTools itself touched an event, stamped on it everywhere (table, detail,
 * stats, traces). Absent for what the server sent and the page received untouched.
 *   injected   sent from the panel (never by any server)
 *   replayed   sent by a replay from the panel
 *   dropped    a simulated hub fault kept it from the page (the server did send it)
 *   duplicated a simulated hub fault delivered this extra copy (the server sent it once)
 *   delayed    a simulated slow hub held it before the page saw it
 */
export type EventMark = 'injected' | 'replayed' | 'dropped' | 'duplicated' | 'delayed';

/** Every {@link EventMark}. */
export const EVENT_MARKS: readonly EventMark[] = ['injected', 'replayed', 'dropped', 'duplicated', 'delayed'];

/** Whether an event with this mark is traffic a server sent (health, parity and the hub engine count only those). */
export function isServerTraffic(mark: EventMark | undefined): boolean {
  return mark === undefined || mark === 'dropped' || mark === 'delayed';
}

/** A stream came into existence (an `EventSource` was constructed, or a fetch or XHR received `text/event-stream`). */
export interface OpenRecord {
  k: 'open';
  /** Stream id, unique within one document: `e<n>` (EventSource), `f<n>` (fetch), `x<n>` (XHR), `legacy:<system>`. */
  sid: string;
  url: string;
  transport: Transport;
  withCredentials: boolean;
  /** Page wall-clock time in ms since the epoch. */
  t: number;
  /** A fetch or XHR stream's request and response, as far as the page can see them. */
  request?: RequestDetails;
  /** A fetch or XHR body's format (absent: SSE). */
  format?: StreamFormat;
  /** SSE served under another content type (this one; `(none)`: none), read because the request asked for a stream. */
  servedAs?: string;
}

/** What a fetch or XHR stream body is: SSE, newline-delimited JSON, or Connect+JSON envelopes. */
export type StreamFormat = 'sse' | 'ndjson' | 'connect';

/**
 * What the page sent and got for a fetch or XHR stream. Headers are `name: value` lines
 * ending in CRLF (the format of XHR's `getAllResponseHeaders`); the relay splits them.
 */
export interface RequestDetails {
  method: string;
  /** Headers the page set (fetch: from `init` or its Request; XHR: not tapped, ''). */
  headers: string;
  /** The request body when the page gave text (cut at `MAX_REQUEST_BODY_CHARS`); null otherwise. */
  body: string | null;
  status: number;
  statusText: string;
  /** Response headers the page can see (CORS-exposed ones only, for a cross-origin response). */
  responseHeaders: string;
  /** When the page started the request (page time). */
  sentAt: number;
}

/** A message the page received from an `EventSource` (already parsed by the browser). */
export interface MessageRecord {
  k: 'msg';
  sid: string;
  /** Per-stream sequence number, starting at 1; gaps mean lost records. */
  seq: number;
  /** SSE event name (`message` when the frame had no `event:` field). */
  type: string;
  /** The event data, cut to the tap's cap when `truncated`. */
  data: string;
  lastEventId: string;
  /** Original length of `data` in UTF-16 code units, before any truncation. */
  size: number;
  truncated: boolean;
  t: number;
  /** Set when the tool, not the server, made (or changed) this delivery. */
  mark?: EventMark;
}

/** Raw text read from a fetch stream's clone; the hub parses it off the page's thread. */
export interface ChunkRecord {
  k: 'chunk';
  sid: string;
  /** Per-stream chunk sequence number, starting at 1. */
  seq: number;
  text: string;
  /** Set on the first chunk after unrecorded ones: the hub restarts parsing at the next blank line. */
  resync?: boolean;
  t: number;
}

/** A stream changed state (open, reconnecting, closed by page or server, failed). */
export interface StateRecord {
  k: 'state';
  sid: string;
  state: StreamState;
  t: number;
  /** With `error` (fetch) or `closed` (XHR): the page aborted the request. */
  aborted?: boolean;
}

/** Something the tap could not observe faithfully (binary body, oversize, tap failure). */
export interface TapErrorRecord {
  k: 'err';
  sid: string;
  /** Stable machine-readable reason, e.g. `binary`, `oversize`, `tap-failed`. */
  code: string;
  message: string;
  t: number;
}

/**
 * An event a legacy system sent: reported through the page hook's `emit`, a tapped
 * emitter, `navigator.sendBeacon`, or a `BroadcastChannel` post.
 */
export interface LegacyRecord {
  k: 'legacy';
  /** `legacy:<system>`, the system's name, e.g. `legacy:session-provider`, `legacy:beacon`, `legacy:broadcast:theme`. */
  sid: string;
  /** Per-system sequence number within the document, starting at 1. */
  seq: number;
  type: string;
  /** The event data as JSON (or the text a beacon carried), cut to the tap's cap when `truncated`. */
  data: string;
  size: number;
  truncated: boolean;
  t: number;
  /** `injected` or `replayed`: sent from the panel through the app's own tapped emitter. */
  mark?: EventMark;
}

/** A request the page started with `fetch` or XHR; the hub detects polling from these. */
export interface RequestRecord {
  k: 'req';
  /** Always `legacy:polling`: the hub files detected polls there. */
  sid: string;
  /** Per-document request number, starting at 1. */
  seq: number;
  url: string;
  method: string;
  via: 'fetch' | 'xhr';
  t: number;
}

/**
 * The page listened to a named event type on an observed EventSource for the first time.
 * A page-side tap sees only such types (and `message`); with full capture on, the relay
 * takes the debugger's copy of any other event of the stream, so each appears once.
 */
export interface ListenRecord {
  k: 'listen';
  sid: string;
  type: string;
  t: number;
}

/**
 * An EventSource message as Chrome's debugger reported it (`Network.eventSourceMessageReceived`,
 * full capture). Built by the relay's own debugger client, never accepted from a page.
 */
export interface DebuggerRecord {
  k: 'dbg';
  /** The hub stream it belongs to: the tap's stream of the same URL, or `debugger:<requestId>` when no tap saw it. */
  streamId: string;
  url: string;
  type: string;
  data: string;
  lastEventId: string;
  t: number;
}

/**
 * Why the tap could not deliver an injected event: the reason key it reports (an `err`
 * record with code `inject` and message `<key> <event type>`); the relay words it
 * (`lib/relay/errors.ts`, catalog `relayError.inject.<key>`). A `binary` error arrives
 * with no message at all (the tap stays small) and is worded the same way.
 */
export const INJECT_REASONS = ['closed', 'gone', 'bytes', 'untapped', 'threw'] as const;

/** One of {@link INJECT_REASONS}. */
export type InjectReason = (typeof INJECT_REASONS)[number];

/** Stream id of the requests the tap reports for polling detection. */
export const POLLING_SID = 'legacy:polling';

/** The system the page hook's `optimistic()` reports under (its stream is `legacy:optimistic`): the app's own optimistic updates, not a legacy event system. */
export const OPTIMISTIC_SYSTEM = 'optimistic';

/** Anything the tap reports. */
/** Type of the events the relay makes of watched response bodies (data: `{ url, body }`). */
export const POLL_BODY_TYPE = 'poll.body';

/** The body of a response to a request whose URL the user watches (polling-off readiness), read from a clone. */
export interface BodyRecord {
  k: 'body';
  /** Always `legacy:polling`, numbered with the request records. */
  sid: string;
  seq: number;
  url: string;
  /** The body as text, cut at `MAX_DATA_CHARS`. */
  text: string;
  t: number;
}

export type TapRecord = OpenRecord | MessageRecord | ChunkRecord | StateRecord | TapErrorRecord | LegacyRecord | RequestRecord | ListenRecord | BodyRecord;
