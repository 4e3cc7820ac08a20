/**
 * Full capture: Chrome's debugger attached to one tab (the `debugger` permission, which
 * only the full-capture build has), reporting every
 * EventSource message with `Network.eventSourceMessageReceived`, including types the page
 * never listens to, which a page-side tap cannot see. Messages are held briefly so the
 * tap's records of the same moment reach the relay first; the relay keeps each message
 * once (`lib/relay/full-capture.ts`). While attached, Chrome shows its "started debugging
 * this browser" bar; cancelling it detaches, and the panels are told.
 */
import { browser } from 'wxt/browser';
import type { FullCaptureState, StreamRequest } from '../protocol';
import type { DebuggerMessage } from '../relay/relay';
import { createLogger } from '../logger';

const log = createLogger('full-capture');

/** How long the debugger's messages wait for the tap's records of the same moment (one flush, 16 ms, plus two hops). */
const HOLD_MS = 250;
/** EventSource requests remembered per worker (their URL and clock offset); the oldest go first. */
const MAX_REQUESTS = 2_000;
/** The Chrome DevTools Protocol version attached with. */
const PROTOCOL_VERSION = '1.3';

/** Callbacks of {@link createFullCapture}. */
export interface FullCaptureOptions {
  /** Messages of a tab, in the order Chrome reported them. */
  onMessages(tabId: number, messages: DebuggerMessage[]): void;
  /** The tab's full capture changed (attached, detached, failed). */
  onState(tabId: number, state: FullCaptureState): void;
  /** An EventSource request's response arrived: what Chrome sent and got (a page cannot see either). */
  onResponse(tabId: number, requestId: string, url: string, request: StreamRequest): void;
}

/** Full capture for every tab. */
export interface FullCapture {
  /** Attaches to (or detaches from) the tab; the outcome arrives through `onState`. */
  set(tabId: number, on: boolean): Promise<void>;
  /** The tab's state; adopts an attachment that outlived a worker restart. */
  state(tabId: number): Promise<FullCaptureState>;
}

interface RequestInfo {
  url: string;
  /** Wall-clock ms minus the debugger's monotonic ms, for this request. */
  offsetMs: number;
  method: string;
  headers: [string, string][];
  sentAt: number;
}

interface RequestWillBeSent {
  requestId: string;
  type?: string;
  timestamp: number;
  wallTime: number;
  request: { url: string; method?: string; headers?: Record<string, string> };
}

interface ResponseReceived {
  requestId: string;
  type?: string;
  response: { status: number; statusText: string; headers?: Record<string, string> };
}

/** CDP headers (an object; repeated headers joined by newlines) as pairs. */
function pairsOf(headers: Record<string, string> | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers ?? {})) for (const line of String(value).split('\n')) pairs.push([name, line]);
  return pairs;
}

interface EventSourceMessage {
  requestId: string;
  timestamp: number;
  eventName: string;
  eventId: string;
  data: string;
}

/** The `debugger` API, present only once the optional permission is granted. */
function debuggerApi(): typeof browser.debugger | undefined {
  return (browser as { debugger?: typeof browser.debugger }).debugger;
}

/** Creates the background's full capture. */
export function createFullCapture(options: FullCaptureOptions): FullCapture {
  const attached = new Set<number>();
  const requests = new Map<string, RequestInfo>();
  const held = new Map<number, DebuggerMessage[]>();
  let listening = false;

  function flush(tabId: number): void {
    const messages = held.get(tabId);
    held.delete(tabId);
    if (messages && messages.length > 0 && attached.has(tabId)) options.onMessages(tabId, messages);
  }

  function onEvent(source: { tabId?: number }, method: string, params?: object): void {
    const tabId = source.tabId;
    if (tabId === undefined || !attached.has(tabId) || !params) return;
    if (method === 'Network.requestWillBeSent') {
      const p = params as RequestWillBeSent;
      if (p.type !== 'EventSource') return;
      if (requests.size >= MAX_REQUESTS) requests.delete(requests.keys().next().value!);
      requests.set(`${tabId}:${p.requestId}`, {
        url: p.request.url,
        offsetMs: p.wallTime * 1000 - p.timestamp * 1000,
        method: p.request.method ?? 'GET',
        headers: pairsOf(p.request.headers),
        sentAt: Math.round(p.wallTime * 1000),
      });
      return;
    }
    if (method === 'Network.responseReceived') {
      const p = params as ResponseReceived;
      const request = p.type === 'EventSource' ? requests.get(`${tabId}:${p.requestId}`) : undefined;
      if (!request) return;
      // Held like messages: the tap's record of the stream should be there first.
      const details = {
        method: request.method,
        headers: request.headers,
        body: null,
        status: p.response.status,
        statusText: p.response.statusText,
        responseHeaders: pairsOf(p.response.headers),
        sentAt: request.sentAt,
      };
      setTimeout(() => attached.has(tabId) && options.onResponse(tabId, p.requestId, request.url, details), HOLD_MS);
      return;
    }
    if (method !== 'Network.eventSourceMessageReceived') return;
    const p = params as EventSourceMessage;
    const request = requests.get(`${tabId}:${p.requestId}`);
    // A request opened before a worker restart: its URL is not known here, so its messages cannot be placed.
    if (!request) return;
    let pending = held.get(tabId);
    if (!pending) {
      held.set(tabId, (pending = []));
      setTimeout(() => flush(tabId), HOLD_MS);
    }
    pending.push({
      requestId: p.requestId,
      url: request.url,
      type: p.eventName || 'message',
      data: p.data,
      lastEventId: p.eventId,
      t: Math.round(p.timestamp * 1000 + request.offsetMs),
    });
  }

  function onDetach(source: { tabId?: number }, reason: string): void {
    const tabId = source.tabId;
    if (tabId === undefined || !attached.has(tabId)) return;
    // What it held still goes out (flush sends only while attached).
    flush(tabId);
    attached.delete(tabId);
    const error = reason === 'canceled_by_user' ? { code: 'cancelled' as const, detail: '' } : reason === 'target_closed' ? null : { code: 'detached' as const, detail: reason };
    options.onState(tabId, { on: false, error });
  }

  /** Registers the debugger's listeners once the API exists (the permission was granted). */
  function listen(): boolean {
    const api = debuggerApi();
    if (!api) return false;
    if (!listening) {
      listening = true;
      api.onEvent.addListener(onEvent);
      api.onDetach.addListener(onDetach);
    }
    return true;
  }
  // Granted earlier: listen from the start, so a restarted worker hears an attachment that outlived it.
  listen();

  return {
    async set(tabId, on) {
      const api = debuggerApi();
      if (!on) {
        if (!attached.has(tabId)) return options.onState(tabId, { on: false, error: null });
        flush(tabId);
        attached.delete(tabId);
        try {
          await api?.detach({ tabId });
        } catch (error) {
          log.debug('detach', error);
        }
        options.onState(tabId, { on: false, error: null });
        return;
      }
      if (attached.has(tabId)) return options.onState(tabId, { on: true, error: null });
      if (!api || !listen()) return options.onState(tabId, { on: false, error: { code: 'no-permission', detail: '' } });
      try {
        await api.attach({ tabId }, PROTOCOL_VERSION);
        attached.add(tabId);
        await api.sendCommand({ tabId }, 'Network.enable', {});
        options.onState(tabId, { on: true, error: null });
      } catch (error) {
        attached.delete(tabId);
        options.onState(tabId, { on: false, error: { code: 'refused', detail: error instanceof Error ? error.message : String(error) } });
      }
    },
    async state(tabId) {
      if (attached.has(tabId)) return { on: true, error: null };
      const api = debuggerApi();
      if (!api) return { on: false, error: null };
      try {
        // Attached by us (it outlived a worker restart) exactly when a command goes through;
        // enabling Network again is harmless and needed if it did.
        await api.sendCommand({ tabId }, 'Network.enable', {});
        if (!listen()) return { on: false, error: null };
        attached.add(tabId);
        return { on: true, error: null };
      } catch {
        return { on: false, error: null };
      }
    },
  };
}
