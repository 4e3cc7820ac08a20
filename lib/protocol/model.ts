/**
 * The hub's view of a tab: captured events, streams, counters and errors. These are
 * what the background sends to panels and what a panel renders.
 */
import type { HubDecision } from './hub-model';
import type { EventMark, StreamFormat, StreamState, Transport } from './records';

/** One event as captured for a tab, after the hub parsed and numbered it. */
export interface CapturedEvent {
  /** Hub-assigned number, increasing within a tab session; rows sort by it. */
  id: number;
  /** Stable identity `<streamId>#<seq>`: the same event re-sent after a reconnect has the same key. */
  key: string;
  streamId: string;
  /** Per-stream sequence number from the tap (EventSource) or the hub's parser (fetch). */
  seq: number;
  /** `eventsource`, `fetch`, `xhr`, or `legacy:<system>` for a legacy emitter's event. */
  source: string;
  type: string;
  data: string;
  lastEventId: string;
  /** Size of the original data in UTF-16 code units. */
  size: number;
  /** True when `data` was cut to the cap; `size` still tells the original length. */
  truncated: boolean;
  /** Page wall-clock time (ms since epoch) when the page received the event. */
  pageTime: number;
  /** Hub wall-clock time when the background relayed it. */
  hubTime: number;
  /** The tab's migration flags in force when the page received it, as `flagBits` (bit i = `FLAGS[i]`). */
  flags: number;
  /** What the hub engine decided for it, once settled (within one batch window). */
  hub?: HubDecision;
  /** Set when only full capture (the debugger) saw it: the page had no listener for its type. */
  via?: 'debugger';
  /**
   * Set when SSE Hub DevTools itself sent or changed this delivery (injected, replayed, or
   * a simulated hub fault). Events that are not the server's traffic (`isServerTraffic`)
   * never reach the hub engine, health or parity.
   */
  mark?: EventMark;
  /**
   * For a `via: 'debugger'` event, the key of the event its stream delivered just before
   * it (the panel shows it right after that one), when known.
   */
  after?: string;
}

/**
 * An event as the panel holds it: the relay's record (what travels, and what a trace
 * keeps) and the panel's own fields, which the panel sets and never sends or exports.
 */
export interface PanelEvent extends CapturedEvent {
  /** Panel wall-clock time when the panel received it. */
  panelTime?: number;
  /** ms since the previous event of the same stream, by page time. */
  deltaMs?: number;
}

/** One tapped stream of a tab. */
export interface StreamInfo {
  /**
   * Stream id, unique within the tab: `<frameId>:<document id>:<tap stream id>` for what a
   * tap saw (the tap's ids: `e<n>`, `f<n>`, `x<n>`, `legacy:<system>`),
   * `debugger:<request id>` for a stream only full capture saw, `har:<n>` in a HAR import.
   */
  id: string;
  frameId: number;
  url: string;
  transport: Transport;
  withCredentials: boolean;
  state: StreamState;
  openedAt: number;
  /** Events captured on this stream, including any later evicted from the buffer. */
  events: number;
  /** How many times the browser reconnected it. */
  reconnects: number;
  lastEventId: string;
  /** Sequence gaps seen (records lost between page and hub). */
  gaps: number;
  /** Page time of the first and latest event, or null before the first. */
  firstEventAt: number | null;
  lastEventAt: number | null;
  /** Longest silence between two events (ms). */
  longestGapMs: number;
  /**
   * The last event id seen before each reconnect (latest 10): the id the browser resumes
   * from, unless the last events were of a type the page does not listen to (a page-side
   * tap cannot see those).
   */
  reconnectIds: string[];
  /** Reconnects and silences longer than `STREAM_GAP_MARK_MS`, for the timeline (latest 50). */
  marks: StreamMark[];
  /** Wire lint findings in the stream's text (fetch and XHR streams, whose bytes the tap sees); absent: none. */
  lint?: number;
  /** What the page sent and got (fetch and XHR streams). */
  request?: StreamRequest;
  /** A fetch or XHR body's format (absent: SSE). */
  format?: StreamFormat;
  /** SSE served under this other content type, read because the request asked for a stream. */
  servedAs?: string;
  /** When the first body text arrived (fetch and XHR streams). */
  firstByteAt?: number;
  /** When and how the stream ended, once it has. */
  endedAt?: number;
  end?: StreamEnd;
}

/**
 * How a stream ended: the body finished (`completed`), the page closed or aborted it, the
 * network failed, the server answered with an HTTP error, or (EventSource) the browser gave
 * up without saying why (`failed`: an HTTP error, a wrong content type or the network).
 */
export type StreamEnd = 'completed' | 'closed-by-page' | 'aborted' | 'network-error' | 'http-error' | 'failed';

/** A fetch or XHR stream's request and response, headers as name/value pairs in order. */
export interface StreamRequest {
  method: string;
  /** Headers the page set (fetch; XHR's are not tapped). */
  headers: [string, string][];
  /** The request body when the page gave text (cut at 8 KiB), else null. */
  body: string | null;
  status: number;
  statusText: string;
  /** Response headers the page can see. */
  responseHeaders: [string, string][];
  /** When the page started the request (page time). */
  sentAt: number;
}

/**
 * A stream's text for the raw view: as received (`wire`: fetch and XHR bodies, kept by the
 * relay) or rebuilt from its events (`events`: EventSource, whose bytes a page cannot see).
 * Offsets count UTF-16 units from the stream's first recorded character.
 */
export interface RawView {
  streamId: string;
  source: 'wire' | 'events';
  /** The text, oldest first; a piece with `resync` follows text that was not recorded (no panel open). */
  pieces: { start: number; text: string; resync: boolean }[];
  /** Characters cut from the front to keep within the cap. */
  dropped: number;
  /** Where each event's text lies, with its captured event's key (null: not captured, or no longer known). */
  blocks: { start: number; end: number; key: string | null }[];
  /** Wire lint findings (the latest `MAX_RAW_FINDINGS`), and how many there were in all; `args` are what the message names (`wireMessage()`). */
  findings: { at: number; code: string; args?: Record<string, string> }[];
  findingsTotal: number;
  /** Whether the stream's body has ended. */
  ended: boolean;
}

/** A point on a stream's timeline. */
export interface StreamMark {
  kind: 'reconnect' | 'gap';
  /** When it happened (page time; for a gap, when it ended). */
  t: number;
  /** A gap's length (ms). */
  ms?: number;
}

/** Silences longer than this are marked on a stream's timeline. */
export const STREAM_GAP_MARK_MS = 2_000;

/** Why something was not captured faithfully. */
export type ErrorCode =
  | 'binary'
  | 'oversize'
  | 'tap-failed'
  | 'parse'
  | 'rejected'
  | 'gap'
  | 'bridge-overflow'
  | 'unserializable'
  | 'polling-while-disabled'
  | 'legacy-while-disabled'
  | 'inject';

/** A counted, human-readable problem shown in the panel. */
export interface CaptureError {
  t: number;
  code: ErrorCode;
  /** In English (traces, logs); the panel shows `text` in its own language where present. */
  message: string;
  streamId?: string;
  /** The message as a catalog key and its arguments (`lib/i18n/en/relay.ts`); absent for text the page wrote (a tap failure's). */
  text?: { key: string; args?: Record<string, string | number> };
}

/** Counters of everything the hub did not keep or could not trust, per tab. */
export interface TabCounters {
  /** Events received from the page since the session (or last clear) began. */
  received: number;
  /** Events evicted from the hub's ring buffer to stay within its count and byte caps. */
  evicted: number;
  /** Records the bridge dropped while the hub was unreachable and its buffer was full. */
  bridgeDropped: number;
  /** Messages the bridge rejected (wrong shape, too big, wrong source). */
  rejected: number;
  /** Errors by code. */
  errors: Partial<Record<ErrorCode, number>>;
}

/** A URL the page requests repeatedly, as the hub's polling detector sees it. */
export interface PollInfo {
  /** `<METHOD> <url>`. */
  key: string;
  url: string;
  method: string;
  via: 'fetch' | 'xhr';
  /** Requests seen. */
  count: number;
  /** The steady period between requests (median of the latest intervals), or null before it is known. */
  periodMs: number | null;
  firstHit: number;
  lastHit: number;
  /** True once the requests come at a steady period (at least `POLL_MIN_HITS`). */
  polling: boolean;
  /** Requests made while the tab's `POLLING_DISABLED` flag was on. */
  whileDisabled: number;
}

/** Creates a zeroed counter set. */
export function emptyCounters(): TabCounters {
  return { received: 0, evicted: 0, bridgeDropped: 0, rejected: 0, errors: {} };
}
