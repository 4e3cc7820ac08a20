/**
 * Hand-written type guards for everything that crosses a boundary. They never throw:
 * anything unexpected (getters, proxies, cycles) yields `false`.
 */
import {
  MAX_BATCH_CHARS,
  MAX_CHUNK_CHARS,
  MAX_DATA_CHARS,
  MAX_FIELD_CHARS,
  MAX_HEADER_CHARS,
  MAX_RECORDS_PER_BATCH,
  MAX_REQUEST_BODY_CHARS,
  MAX_URL_CHARS,
  MAX_WIRE_CHARS,
} from './caps';
import { FLAGS, MAX_FAULT_DELAY_MS } from './flags-model';
import {
  PROTOCOL_SOURCE,
  PROTOCOL_VERSION,
  type BridgeToRelay,
  type BridgeToRelayMap,
  type Envelope,
  type RelayToBridge,
  type RelayToBridgeMap,
  type RelayToPanel,
  type RelayToPanelMap,
  type PanelToRelay,
  type PanelToRelayMap,
  type TapToBridge,
  type TapWire,
} from './messages';
import { EVENT_MARKS, POLLING_SID, type RequestDetails, type StreamState, type TapRecord } from './records';

/** Most events in one inject message (a replay sends more in several). */
export const MAX_INJECT_EVENTS = 500;

/** Captured when the module loads (in the page tap: before any page script). */
const isArray = Array.isArray;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !isArray(value);
}

function isShortString(value: unknown, max = MAX_FIELD_CHARS): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** True for a well-formed envelope of our protocol version, whatever its type. */
export function isEnvelope(value: unknown): value is Envelope {
  try {
    return (
      isObject(value) &&
      value.v === PROTOCOL_VERSION &&
      value.src === PROTOCOL_SOURCE &&
      isShortString(value.type, 64) &&
      'payload' in value
    );
  } catch {
    return false;
  }
}

const STREAM_STATES: ReadonlySet<string> = new Set<StreamState>([
  'connecting',
  'open',
  'reconnecting',
  'closed',
  'error',
]);

/** Size in UTF-16 units of the text a record carries (for batch byte budgets). */
function recordTextSize(record: TapRecord): number {
  switch (record.k) {
    case 'msg':
      return record.data.length + record.type.length + record.lastEventId.length;
    case 'legacy':
      return record.data.length + record.type.length;
    case 'req':
      return record.url.length;
    case 'chunk':
      return record.text.length;
    case 'body':
      return record.text.length + record.url.length;
    case 'open':
      return record.url.length + (record.request ? record.request.headers.length + record.request.responseHeaders.length + (record.request.body?.length ?? 0) : 0);
    case 'err':
      return record.message.length;
    default:
      return 0;
  }
}

/** True for a tap record of a known kind whose fields have the right types and sizes. */
/** A fetch or XHR stream's request and response, as the tap read them. */
function isRequestDetails(value: unknown): value is RequestDetails {
  return (
    isObject(value) &&
    isShortString(value.method, 16) &&
    isShortString(value.headers, MAX_HEADER_CHARS) &&
    (value.body === null || isShortString(value.body, MAX_REQUEST_BODY_CHARS)) &&
    isCount(value.status) &&
    isShortString(value.statusText) &&
    isShortString(value.responseHeaders, MAX_HEADER_CHARS) &&
    isTime(value.sentAt)
  );
}

export function isTapRecord(value: unknown): value is TapRecord {
  if (!isObject(value) || !isShortString(value.sid, 128) || !isTime(value.t)) return false;
  switch (value.k) {
    case 'open':
      return (
        isShortString(value.url, MAX_URL_CHARS) &&
        (value.transport === 'eventsource' || value.transport === 'fetch' || value.transport === 'xhr') &&
        typeof value.withCredentials === 'boolean' &&
        (value.request === undefined || isRequestDetails(value.request)) &&
        (value.format === undefined || value.format === 'sse' || value.format === 'ndjson' || value.format === 'connect') &&
        (value.servedAs === undefined || isShortString(value.servedAs))
      );
    case 'msg':
      return (
        isCount(value.seq) &&
        isShortString(value.type) &&
        isShortString(value.data, MAX_DATA_CHARS) &&
        isShortString(value.lastEventId) &&
        isCount(value.size) &&
        typeof value.truncated === 'boolean' &&
        (value.mark === undefined || EVENT_MARKS.includes(value.mark as never))
      );
    case 'chunk':
      return (
        isCount(value.seq) &&
        isShortString(value.text, MAX_CHUNK_CHARS) &&
        (value.resync === undefined || typeof value.resync === 'boolean')
      );
    case 'state':
      return typeof value.state === 'string' && STREAM_STATES.has(value.state) && (value.aborted === undefined || typeof value.aborted === 'boolean');
    case 'err':
      return isShortString(value.code, 64) && isShortString(value.message);
    case 'legacy':
      return (
        value.sid.startsWith('legacy:') &&
        value.sid !== POLLING_SID &&
        isCount(value.seq) &&
        isShortString(value.type) &&
        isShortString(value.data, MAX_DATA_CHARS) &&
        isCount(value.size) &&
        typeof value.truncated === 'boolean' &&
        (value.mark === undefined || value.mark === 'injected' || value.mark === 'replayed')
      );
    case 'listen':
      return isShortString(value.type);
    case 'body':
      return value.sid === POLLING_SID && isCount(value.seq) && isShortString(value.url, MAX_URL_CHARS) && isShortString(value.text, MAX_DATA_CHARS);
    case 'req':
      return (
        value.sid === POLLING_SID &&
        isCount(value.seq) &&
        isShortString(value.url, MAX_URL_CHARS) &&
        isShortString(value.method, 16) &&
        (value.via === 'fetch' || value.via === 'xhr')
      );
    default:
      return false;
  }
}

/** Checks a record list against the per-batch count and text caps. */
function isRecordList(value: unknown): value is TapRecord[] {
  if (!Array.isArray(value) || value.length > MAX_RECORDS_PER_BATCH) return false;
  let chars = 0;
  for (const record of value) {
    if (!isTapRecord(record)) return false;
    chars += recordTextSize(record);
    if (chars > MAX_BATCH_CHARS) return false;
  }
  return true;
}

/** Guard for what the bridge accepts from the page world. */
export function isTapToBridge(value: unknown): value is TapToBridge {
  try {
    if (!isEnvelope(value) || value.type !== 'tap/batch') return false;
    const p = value.payload;
    return isObject(p) && isShortString(p.docId, 128) && isCount(p.dropped) && isRecordList(p.records);
  } catch {
    return false;
  }
}

/** Guard for what the bridge accepts from the page world: a count and a string within the cap. */
export function isTapWire(value: unknown): value is TapWire {
  try {
    return (
      isObject(value) &&
      isCount(value.count) &&
      value.count <= MAX_RECORDS_PER_BATCH &&
      typeof value.json === 'string' &&
      value.json.length <= MAX_WIRE_CHARS
    );
  } catch {
    return false;
  }
}

/** Parses and checks a serialised tap batch; null when it is not a valid `TapToBridge`. */
export function parseTapWire(json: string): TapToBridge | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  return isTapToBridge(value) ? value : null;
}

/** Hub faults with every field of the right type and range (the tap calls this: plain comparisons only). */
function isFaults(f: unknown): boolean {
  const pct = (v: unknown) => isCount(v) && (v as number) <= 100;
  return (
    isObject(f) &&
    isShortString(f.hub, 256) &&
    typeof f.down === 'boolean' &&
    isCount(f.slowMs) &&
    (f.slowMs as number) <= MAX_FAULT_DELAY_MS &&
    pct(f.dropPct) &&
    pct(f.duplicatePct)
  );
}

/** A list of injections (`byStream`: addressed by hub stream id, as the panel sends them). */
function isInjections(list: unknown, byStream: boolean): boolean {
  if (!isArray(list) || list.length > MAX_INJECT_EVENTS) return false;
  // A plain loop: the page tap calls this after page scripts may have replaced array methods.
  for (let i = 0; i < list.length; i++) {
    const e: unknown = list[i];
    if (
      !isObject(e) ||
      !isShortString(byStream ? e.streamId : e.sid, 256) ||
      !isShortString(e.type) ||
      !isShortString(e.data, MAX_DATA_CHARS) ||
      !isShortString(e.lastEventId) ||
      (e.mark !== 'injected' && e.mark !== 'replayed')
    )
      return false;
  }
  return true;
}

/** `{ flags, rollback }` with every flag a boolean. */
function isFlagsMessage(p: Record<string, unknown>): boolean {
  const flags = p.flags;
  if (!isObject(flags) || typeof p.rollback !== 'boolean') return false;
  // A plain loop: the page tap calls this after page scripts may have replaced array methods.
  for (let i = 0; i < FLAGS.length; i++) if (typeof flags[FLAGS[i]!] !== 'boolean') return false;
  return true;
}

/** Most URL prefixes a tab watches. */
export const MAX_WATCHED_URLS = 20;

/** A list of URL prefixes to watch (http or https, at most `MAX_WATCHED_URLS`). */
function isWatchList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_WATCHED_URLS && value.every((u) => isShortString(u, MAX_URL_CHARS) && /^https?:\/\/[^/]+\//.test(u));
}

/**
 * One guard per message type of a direction, over the payload (already an object): the
 * compiler refuses a table that misses a type of the direction's map, so a new message
 * cannot be added without its check.
 */
type Guards<M> = { [K in keyof M & string]: (payload: Record<string, unknown>) => boolean };

/** The guard of a direction: the envelope, then the table's check of its type's payload. */
function guardOf<M>(guards: Guards<M>): (value: unknown) => boolean {
  return (value) => {
    try {
      if (!isEnvelope(value) || !isObject(value.payload) || !Object.prototype.hasOwnProperty.call(guards, value.type)) return false;
      return guards[value.type as keyof M & string](value.payload);
    } catch {
      return false;
    }
  };
}

const BRIDGE_TO_HUB: Guards<BridgeToRelayMap> = {
  'bridge/hello': (p) => isShortString(p.navigationId, 128) && isShortString(p.url, MAX_URL_CHARS) && (p.recording === null || typeof p.recording === 'boolean'),
  'bridge/batch': (p) => isCount(p.n) && isShortString(p.wire, MAX_WIRE_CHARS) && isCount(p.dropped) && isCount(p.rejected),
};

const HUB_TO_BRIDGE: Guards<RelayToBridgeMap> = {
  'relay/ack': (p) => isCount(p.n),
  'relay/recording': (p) => typeof p.on === 'boolean',
  'relay/flags': (p) => isFlagsMessage(p),
  'relay/faults': (p) => isFaults(p.faults),
  'relay/inject': (p) => isInjections(p.events, false),
  'relay/watch': (p) => isWatchList(p.urls),
};

const isOn = (p: Record<string, unknown>) => typeof p.on === 'boolean';

/** What a panel may send (settings and faults are normalised by the hub). */
const PANEL_TO_HUB: Guards<PanelToRelayMap> = {
  'panel/clear': () => true,
  'panel/settings': (p) => isObject(p.settings),
  'panel/preserve': isOn,
  'panel/flags': (p) => isObject(p.flags) && FLAGS.every((f) => typeof (p.flags as Record<string, unknown>)[f] === 'boolean') && (p.cause === 'toggle' || p.cause === 'phase'),
  'panel/rollback': (p) => isShortString(p.reason),
  'panel/flag-header': isOn,
  'panel/full-capture': isOn,
  'panel/keep-recording': isOn,
  'panel/faults': (p) => isObject(p.faults),
  'panel/inject': (p) => isInjections(p.events, true),
  'panel/raw': (p) => isShortString(p.streamId),
  'panel/watch': (p) => isWatchList(p.urls),
};

/** What a panel accepts (the shape of the envelope and its arrays). */
const HUB_TO_PANEL: Guards<RelayToPanelMap> = {
  'relay/snapshot': (p) =>
    isCount(p.tabId) && Array.isArray(p.streams) && Array.isArray(p.events) && isObject(p.counters) && isObject(p.settings) && isObject(p.stats) && isObject(p.flags) && Array.isArray(p.polls),
  'relay/batch': (p) => Array.isArray(p.events) && Array.isArray(p.streams) && isObject(p.counters) && Array.isArray(p.errors) && Array.isArray(p.decisions) && Array.isArray(p.polls),
  'relay/stats': (p) => isObject(p.stats),
  'relay/settings': (p) => isObject(p.settings),
  'relay/preserve': isOn,
  'relay/migration': (p) => isObject(p.state) && isObject(p.state.flags) && Array.isArray(p.state.history),
  'relay/page': (p) => isShortString(p.url, MAX_URL_CHARS),
  'relay/keep-recording': (p) => isOn(p) && (p.origin === null || isShortString(p.origin, MAX_URL_CHARS)),
  'relay/full-capture': (p) => isOn(p) && (p.error === null || (isObject(p.error) && typeof p.error.code === 'string' && typeof p.error.detail === 'string')),
  'relay/raw': (p) =>
    typeof p.streamId === 'string' && (p.view === null || (isObject(p.view) && Array.isArray(p.view.pieces) && Array.isArray(p.view.blocks) && Array.isArray(p.view.findings))),
};

/** Guard for what the hub accepts from a bridge port. */
export const isBridgeToRelay = guardOf(BRIDGE_TO_HUB) as (value: unknown) => value is BridgeToRelay;
/** Guard for what a bridge accepts from the hub. */
export const isRelayToBridge = guardOf(HUB_TO_BRIDGE) as (value: unknown) => value is RelayToBridge;
/** Guard for what the hub accepts from a panel port. */
export const isPanelToRelay = guardOf(PANEL_TO_HUB) as (value: unknown) => value is PanelToRelay;
/** Guard for what a panel accepts from the hub. */
export const isRelayToPanel = guardOf(HUB_TO_PANEL) as (value: unknown) => value is RelayToPanel;
