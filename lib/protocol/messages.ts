/**
 * Every message SSE Hub DevTools sends, one union per direction. No message type
 * exists anywhere else. All travel in the same envelope `{ v, src, type, payload }`.
 */
import type { Flags, HubFaults, TabFlagState } from './flags-model';
import type { HubDecision, HubSettings, HubStats } from './hub-model';
import type { CaptureError, CapturedEvent, PollInfo, RawView, StreamInfo, TabCounters } from './model';
import type { EventMark, TapRecord } from './records';

/** Protocol version; bump on any incompatible change to a payload below. */
export const PROTOCOL_VERSION = 1;
/** Marks our envelopes among anything else that travels the same way. */
export const PROTOCOL_SOURCE = 'sse-hub-devtools';

/** The envelope every message travels in. */
export interface Envelope<T extends string = string, P = unknown> {
  v: typeof PROTOCOL_VERSION;
  src: typeof PROTOCOL_SOURCE;
  type: T;
  payload: P;
}

/** Maps a `{ type: payload }` table to the union of its envelopes. */
type EnvelopesOf<M> = { [K in keyof M & string]: Envelope<K, M[K]> }[keyof M & string];

/**
 * Shortest time between two tap batches (a batch that reaches its record or text cap goes
 * at once; so does what the tap holds on `pagehide`). Every batch costs the page's thread a
 * message to the relay (about a quarter of a millisecond on a 2-core machine): at 200
 * events/s, one per 16 ms made the bridge's posts a fifth of the page's time. The engine's
 * batch window is as long by default, and the relay lets the engine's time trail its clock
 * by more than this (`DELIVERY_GRACE_MS`), so what the engine decides does not change.
 */
export const TAP_FLUSH_MS = 50;

/** Page tap → bridge, as DOM events on a node only the two of them hold (see `TAP_EVENT`). */
export interface TapToBridgeMap {
  /** Records observed since the last flush, at most one flush per `TAP_FLUSH_MS` below the caps. */
  'tap/batch': { docId: string; records: TapRecord[]; dropped: number };
}

/**
 * How a `TapToBridge` message travels to the bridge: serialised once by the tap, and
 * carried as that string all the way to the hub, which parses and checks it off the
 * page's thread. (Cloning record objects across worlds and converting them for the
 * extension port cost the page's main thread several ms per batch.)
 */
export interface TapWire {
  /** Records in the batch, as the tap claims (used for buffer accounting only). */
  count: number;
  /** `JSON.stringify` of a `TapToBridge` envelope. */
  json: string;
}

/** Bridge → page tap, as DOM events on the private channel's node (see `BRIDGE_EVENT`). */
export interface BridgeToTapMap {
  /** Whether any panel records this tab; when off the tap does no per-event work. */
  'bridge/recording': { on: boolean };
  /** The tab's flags (the background's word); `rollback` when an emergency rollback set them. */
  'bridge/flags': { flags: Flags; rollback: boolean };
  /** The tab's simulated hub faults the tap applies (slow, drop, duplicate). Private channel only. */
  'bridge/faults': { faults: HubFaults };
  /** Deliver these events to the page (injection and replay). Private channel only. */
  'bridge/inject': { events: TapInjection[] };
  /** URL prefixes whose response bodies the tap reads (polling-off readiness); empty: none. */
  'bridge/watch': { urls: string[] };
}

/**
 * One event the panel sends into the page: to the tap's stream `sid` (an EventSource: a
 * genuine MessageEvent on the page's own instance), or to `legacy:<system>` (through the
 * emitter the app tapped with `tapEmitter`).
 */
export interface TapInjection {
  sid: string;
  type: string;
  data: string;
  lastEventId: string;
  mark: Extract<EventMark, 'injected' | 'replayed'>;
}

/** What the panel asks to inject: a {@link TapInjection} addressed by the hub's stream id (`<frame>:<doc>:<tap sid>`). */
export interface InjectRequest extends Omit<TapInjection, 'sid'> {
  streamId: string;
}

/** Bridge → hub, over the bridge port. */
export interface BridgeToRelayMap {
  /**
   * Sent once per connection: which document this frame shows, and whether the hub had
   * last told it the tab was recorded (null: never told, a fresh document).
   */
  'bridge/hello': { navigationId: string; url: string; recording: boolean | null };
  /** A tap batch as the tap serialised it (`TapWire.json`); `n` numbers it for acknowledgement. */
  'bridge/batch': {
    n: number;
    /** The tap's serialised `TapToBridge` envelope, or '' for a counters-only batch. */
    wire: string;
    /** Records the bridge dropped before this batch (its buffer was full). */
    dropped: number;
    /** Messages rejected by the bridge's checks since the previous batch. */
    rejected: number;
  };
}

/** Hub → bridge, over the bridge port. */
export interface RelayToBridgeMap {
  /** Batches up to and including `n` are stored; the bridge may forget them. */
  'relay/ack': { n: number };
  'relay/recording': { on: boolean };
  /** The tab's flags: sent after every hello and on every change. */
  'relay/flags': { flags: Flags; rollback: boolean };
  /** The tab's simulated hub faults: sent after every hello and on every change. */
  'relay/faults': { faults: HubFaults };
  /** Events for this document's tap to deliver to the page. */
  'relay/inject': { events: TapInjection[] };
  /** URL prefixes whose response bodies the tap should read for the panel (polling-off readiness). */
  'relay/watch': { urls: string[] };
}

/** Everything a panel needs to draw a tab from scratch. */
export interface TabSnapshot {
  tabId: number;
  /**
   * Why it was sent: `connect` (a panel subscribed; merge with what it has, it may be a
   * reconnect after a worker restart), `clear` or `navigate` (replace what it has).
   */
  reason: 'connect' | 'clear' | 'navigate';
  streams: StreamInfo[];
  /** Retained events, each with the hub's decision once it is settled. */
  events: CapturedEvent[];
  counters: TabCounters;
  errors: CaptureError[];
  settings: HubSettings;
  stats: HubStats;
  /** Whether the tab keeps its events across top-level navigations. */
  preserveLog: boolean;
  /** The tab's migration flags, their history and the latest rollback. */
  flags: TabFlagState;
  /** URLs the page requests repeatedly. */
  polls: PollInfo[];
  /** The top document's URL, or null before its bridge said hello. */
  pageUrl: string | null;
}

/** Hub → panel, over the panel port. */
export interface RelayToPanelMap {
  /** The tab's whole retained state; sent on connect and after a clear. */
  'relay/snapshot': TabSnapshot;
  /**
   * What changed since the previous message: new events (each with its decision inside
   * once the engine settled it: the relay's outbox holds an event up to 150 ms for it),
   * changed streams, new errors.
   */
  'relay/batch': {
    events: CapturedEvent[];
    streams: StreamInfo[];
    counters: TabCounters;
    errors: CaptureError[];
    /** Decisions settled since the previous message for events sent before it. */
    decisions: HubDecision[];
    /** Request statistics that changed (polling detection). */
    polls: PollInfo[];
  };
  /** The hub engine's statistics, at most a few times a second while they change. */
  'relay/stats': { stats: HubStats };
  /** The tab's hub settings changed. */
  'relay/settings': { settings: HubSettings };
  /** The tab's "preserve log" switch changed. */
  'relay/preserve': { on: boolean };
  /** The tab's migration state (flags, their history, hub faults) changed; `control` ports (the popup) get it too. (Bridges get `relay/flags`: the flags alone.) */
  'relay/migration': { state: TabFlagState };
  /** The tab's top document (its URL) said hello: a load or a navigation. */
  'relay/page': { url: string };
  /** Whether the tab's site (its top document's origin) is recorded even with no panel open. Also sent to `control` ports. */
  'relay/keep-recording': KeepRecordingState;
  /** Whether full capture (the debugger) is on for the tab; sent on connect and on every change. */
  'relay/full-capture': FullCaptureState;
  /** A fetch or XHR stream's text, to the panel that asked (`panel/raw`); `view` null: the relay keeps none for it. */
  'relay/raw': { streamId: string; view: RawView | null };
}

/** "Keep recording this site" for a tab's current site. */
export interface KeepRecordingState {
  /** The tab's top document's origin, or null before it is known (or when it has none, e.g. `about:blank`). */
  origin: string | null;
  on: boolean;
}

/** Full capture of a tab: Chrome's debugger reporting every EventSource message. */
export interface FullCaptureState {
  on: boolean;
  /**
   * Why it is off when it was not turned off from a panel: the user cancelled Chrome's
   * debugging bar, the debugger detached (`detail`: Chrome's reason), the build has no
   * `debugger` permission, or Chrome refused to attach (`detail`: its message). The panel
   * words it.
   */
  error: FullCaptureError | null;
}

/** Why full capture went off by itself (see {@link FullCaptureState}). */
export interface FullCaptureError {
  code: 'cancelled' | 'detached' | 'no-permission' | 'refused';
  detail: string;
}

/** Panel → hub, over the panel port. */
export interface PanelToRelayMap {
  /** Forget the tab's captured events, streams stay. */
  'panel/clear': Record<string, never>;
  /** Apply these hub settings to the tab from now on (the hub normalises them). */
  'panel/settings': { settings: HubSettings };
  /** Keep (or stop keeping) the tab's events across top-level navigations. Off by default. */
  'panel/preserve': { on: boolean };
  /** Set the tab's flags (a toggle, or a phase preset). Also accepted from a `control` port. */
  'panel/flags': { flags: Flags; cause: 'toggle' | 'phase' };
  /** Emergency rollback: every flag off, the page told to fall back to legacy; the reason is recorded. */
  'panel/rollback': { reason: string };
  /** Send (or stop sending) the tab's flags as a request header on its requests. */
  'panel/flag-header': { on: boolean };
  /** Turn full capture (the debugger) on or off for the tab; it also ends when the tab's last panel closes. */
  'panel/full-capture': { on: boolean };
  /** Record the tab's current site even with no panel open (or stop). Also accepted from a `control` port. */
  'panel/keep-recording': { on: boolean };
  /** Set the tab's simulated hub faults (the hub normalises them). Also accepted from a `control` port. */
  'panel/faults': { faults: HubFaults };
  /** Deliver events to the tab's page (injection, replay), in order. */
  'panel/inject': { events: InjectRequest[] };
  /** Send this panel the stream's text as the relay keeps it (`relay/raw`). */
  'panel/raw': { streamId: string };
  /** Read the response bodies of requests to these URL prefixes in the tab (polling-off readiness); empty: none. */
  'panel/watch': { urls: string[] };
}

export type TapToBridge = EnvelopesOf<TapToBridgeMap>;
export type BridgeToTap = EnvelopesOf<BridgeToTapMap>;
export type BridgeToRelay = EnvelopesOf<BridgeToRelayMap>;
export type RelayToBridge = EnvelopesOf<RelayToBridgeMap>;
export type RelayToPanel = EnvelopesOf<RelayToPanelMap>;
export type PanelToRelay = EnvelopesOf<PanelToRelayMap>;

/** Wraps a payload in the envelope. */
export function envelope<T extends string, P>(type: T, payload: P): Envelope<T, P> {
  return { v: PROTOCOL_VERSION, src: PROTOCOL_SOURCE, type, payload };
}

/**
 * DOM event name the tap dispatches on the private channel's node for the bridge (see
 * `CHANNEL_EVENT`). A page's `message` listeners never see it, unlike `postMessage`.
 */
export const TAP_EVENT = '__sse_hub_devtools_tap__';
/** DOM event name the bridge dispatches on the private channel's node for the tap. */
export const BRIDGE_EVENT = '__sse_hub_bridge__';

/**
 * The private channel. At `document_start`, before any page script exists, the tap
 * dispatches this on `window` as a MouseEvent whose `relatedTarget` is a detached node of
 * its own; the bridge keeps the node and acknowledges on it. From then on both talk by
 * events dispatched on that node (`TAP_EVENT` one way, `BRIDGE_EVENT` the other), which
 * no page script can reach, so a page can neither read nor forge what travels there.
 * (If the bridge starts after the tap, it asks with `CHANNEL_ASK_EVENT` on `window` and the
 * tap offers once more.)
 */
export const CHANNEL_EVENT = '__sse_hub_channel__';
/** The bridge asks the tap for the private channel (see `CHANNEL_EVENT`). */
export const CHANNEL_ASK_EVENT = '__sse_hub_ask__';
