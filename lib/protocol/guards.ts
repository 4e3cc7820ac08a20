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
  type BridgeToHub,
  type Envelope,
  type HubToBridge,
  type HubToPanel,
  type PanelToHub,
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

/** Guard for what the hub accepts from a bridge port. */
export function isBridgeToHub(value: unknown): value is BridgeToHub {
  try {
    if (!isEnvelope(value) || !isObject(value.payload)) return false;
    const p = value.payload;
    switch (value.type) {
      case 'bridge/hello':
        return (
          isShortString(p.navigationId, 128) &&
          isShortString(p.url, MAX_URL_CHARS) &&
          (p.recording === null || typeof p.recording === 'boolean')
        );
      case 'bridge/batch':
        return isCount(p.n) && isShortString(p.wire, MAX_WIRE_CHARS) && isCount(p.dropped) && isCount(p.rejected);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** Most URL prefixes a tab watches. */
export const MAX_WATCHED_URLS = 20;

/** A list of URL prefixes to watch (http or https, at most `MAX_WATCHED_URLS`). */
function isWatchList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_WATCHED_URLS && value.every((u) => isShortString(u, MAX_URL_CHARS) && /^https?:\/\/[^/]+\//.test(u));
}

/** Guard for what a bridge accepts from the hub. */
export function isHubToBridge(value: unknown): value is HubToBridge {
  if (!isEnvelope(value) || !isObject(value.payload)) return false;
  if (value.type === 'hub/ack') return isCount(value.payload.n);
  if (value.type === 'hub/recording') return typeof value.payload.on === 'boolean';
  if (value.type === 'hub/flags') return isFlagsMessage(value.payload);
  if (value.type === 'hub/faults') return isFaults(value.payload.faults);
  if (value.type === 'hub/inject') return isInjections(value.payload.events, false);
  if (value.type === 'hub/watch') return isWatchList(value.payload.urls);
  return false;
}

/** Guard for what the hub accepts from a panel port (settings are normalised by the hub). */
export function isPanelToHub(value: unknown): value is PanelToHub {
  if (!isEnvelope(value) || !isObject(value.payload)) return false;
  if (value.type === 'panel/clear') return true;
  if (value.type === 'panel/preserve' || value.type === 'panel/flag-header' || value.type === 'panel/full-capture' || value.type === 'panel/keep-recording') {
    return typeof value.payload.on === 'boolean';
  }
  if (value.type === 'panel/flags') {
    const { flags, cause } = value.payload;
    return isObject(flags) && FLAGS.every((f) => typeof flags[f] === 'boolean') && (cause === 'toggle' || cause === 'phase');
  }
  if (value.type === 'panel/rollback') return isShortString(value.payload.reason);
  if (value.type === 'panel/faults') return isObject(value.payload.faults);
  if (value.type === 'panel/inject') return isInjections(value.payload.events, true);
  if (value.type === 'panel/raw') return isShortString(value.payload.streamId);
  if (value.type === 'panel/watch') return isWatchList(value.payload.urls);
  return value.type === 'panel/settings' && isObject(value.payload.settings);
}

/** Guard for what a panel accepts from the hub (shape of the envelope and its arrays). */
export function isHubToPanel(value: unknown): value is HubToPanel {
  if (!isEnvelope(value) || !isObject(value.payload)) return false;
  const p = value.payload;
  if (value.type === 'hub/snapshot') {
    return (
      isCount(p.tabId) &&
      Array.isArray(p.streams) &&
      Array.isArray(p.events) &&
      isObject(p.counters) &&
      isObject(p.settings) &&
      isObject(p.stats) &&
      isObject(p.flags) &&
      Array.isArray(p.polls)
    );
  }
  if (value.type === 'hub/batch') {
    return (
      Array.isArray(p.events) &&
      Array.isArray(p.streams) &&
      isObject(p.counters) &&
      Array.isArray(p.errors) &&
      Array.isArray(p.decisions) &&
      Array.isArray(p.polls)
    );
  }
  if (value.type === 'hub/stats') return isObject(p.stats);
  if (value.type === 'hub/settings') return isObject(p.settings);
  if (value.type === 'hub/preserve') return typeof p.on === 'boolean';
  if (value.type === 'hub/page') return isShortString(p.url, MAX_URL_CHARS);
  if (value.type === 'hub/keep-recording') return typeof p.on === 'boolean' && (p.origin === null || isShortString(p.origin, MAX_URL_CHARS));
  if (value.type === 'hub/full-capture') return typeof p.on === 'boolean' && (p.error === null || typeof p.error === 'string');
  if (value.type === 'hub/migration') return isObject(p.state) && isObject(p.state.flags) && Array.isArray(p.state.history);
  if (value.type === 'hub/raw') return typeof p.streamId === 'string' && (p.view === null || (isObject(p.view) && Array.isArray(p.view.pieces) && Array.isArray(p.view.blocks) && Array.isArray(p.view.findings)));
  return false;
}
