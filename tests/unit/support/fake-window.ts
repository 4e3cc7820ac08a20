/**
 * A Node stand-in for the page window the tap patches: a fake `EventSource` with the
 * native shape (accessors on the prototype, statics, `on*` handlers, `close`), and
 * Node's own fetch primitives. Each call builds fresh classes, so taps never leak
 * between tests.
 */
import type { TapWindow } from '../../../lib/tap/context';

/** Controls a fake EventSource instance from the "server" side. */
export interface FakeStreamControl {
  open(): void;
  message(type: string, data: string, lastEventId?: string): void;
  error(readyState: 0 | 2): void;
}

/** Builds a fake EventSource class plus a registry of its instances. */
export function createFakeEventSource() {
  const controls: FakeStreamControl[] = [];
  const state = new WeakMap<object, { url: string; withCredentials: boolean; readyState: number; handlers: Record<string, unknown> }>();

  class EventSource extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    constructor(url: string | URL, init?: { withCredentials?: boolean }) {
      super();
      if (arguments.length === 0) throw new TypeError("Failed to construct 'EventSource': 1 argument required");
      const href = String(url);
      if (href.includes('[bad')) throw new SyntaxError(`Failed to construct 'EventSource': The URL '${href}' is invalid.`);
      const self = { url: href, withCredentials: Boolean(init?.withCredentials), readyState: 0, handlers: {} as Record<string, unknown> };
      state.set(this, self);
      const dispatch = (event: Event) => {
        const handler = self.handlers[event.type];
        if (typeof handler === 'function') handler.call(this, event);
        this.dispatchEvent(event);
      };
      controls.push({
        open: () => {
          self.readyState = 1;
          dispatch(new Event('open'));
        },
        message: (type, data, lastEventId = '') => dispatch(new MessageEvent(type, { data, lastEventId })),
        error: (readyState) => {
          self.readyState = readyState;
          dispatch(new Event('error'));
        },
      });
    }
    get url() {
      return state.get(this)!.url;
    }
    get withCredentials() {
      return state.get(this)!.withCredentials;
    }
    get readyState() {
      return state.get(this)!.readyState;
    }
    close() {
      state.get(this)!.readyState = 2;
    }
  }
  // Native on* handlers are accessors on the prototype; they run before listeners here,
  // which is enough for comparing what page code receives.
  for (const type of ['open', 'message', 'error']) {
    Object.defineProperty(EventSource.prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: EventSource) {
        return state.get(this)?.handlers[type] ?? null;
      },
      set(this: EventSource, fn: unknown) {
        const s = state.get(this);
        if (!s) throw new TypeError('Illegal invocation');
        s.handlers[type] = fn;
      },
    });
  }
  return { EventSource: EventSource as unknown as typeof globalThis.EventSource, controls };
}

/** `navigator.sendBeacon` and XHR `open` stand-ins that record their calls and return fixed values. */
export function createFakeLegacyBuiltins() {
  const beacons: { url: unknown; data: unknown }[] = [];
  const opened: { method: unknown; url: unknown }[] = [];
  class Navigator {
    sendBeacon(url: unknown, data?: unknown): boolean {
      beacons.push({ url, data });
      return data !== 'refuse';
    }
  }
  const xhrState = new WeakMap<object, { readyState: number; responseType: string; text: string; url: string; contentType: string | null }>();
  /**
   * An XHR with the native shape the tap reads (accessors on the prototype) and a
   * server-side control: `respond(contentType)`, `receive(text)`, `finish()`, `fail()`.
   */
  class XMLHttpRequest extends EventTarget {
    open(method: unknown, url: unknown): void {
      if (method === 'BAD') throw new SyntaxError('bad method');
      opened.push({ method, url });
      const previous = xhrState.get(this);
      xhrState.set(this, { readyState: 1, responseType: previous?.responseType ?? '', text: '', url: String(url), contentType: null });
    }
    abort(): void {
      const s = xhrState.get(this);
      if (!s || s.readyState === 0 || s.readyState === 4) return;
      Object.assign(s, { readyState: 4, text: '' });
      for (const type of ['readystatechange', 'abort', 'loadend']) this.dispatchEvent(new Event(type));
    }
    getResponseHeader(name: string): string | null {
      return name.toLowerCase() === 'content-type' ? (xhrState.get(this)?.contentType ?? null) : null;
    }
    get readyState() {
      return xhrState.get(this)?.readyState ?? 0;
    }
    get responseType() {
      return xhrState.get(this)?.responseType ?? '';
    }
    set responseType(value: string) {
      const s = xhrState.get(this);
      if (s) s.responseType = value;
    }
    get responseText() {
      const s = xhrState.get(this)!;
      if (s.responseType !== '' && s.responseType !== 'text') throw new DOMException('not text', 'InvalidStateError');
      return s.text;
    }
    get responseURL() {
      return `http://app${xhrState.get(this)?.url ?? ''}`;
    }
    get withCredentials() {
      return false;
    }
    get status() {
      return (xhrState.get(this)?.readyState ?? 0) >= 2 ? 200 : 0;
    }
    get statusText() {
      return (xhrState.get(this)?.readyState ?? 0) >= 2 ? 'OK' : '';
    }
    getAllResponseHeaders(): string {
      const type = xhrState.get(this)?.contentType;
      return type ? `content-type: ${type}\r\n` : '';
    }
    /** Server side: headers arrive. */
    respond(contentType: string): void {
      Object.assign(xhrState.get(this)!, { readyState: 2, contentType });
      this.dispatchEvent(new Event('readystatechange'));
    }
    /** Server side: body text arrives (a progress event). */
    receive(text: string): void {
      const s = xhrState.get(this)!;
      s.readyState = 3;
      s.text += text;
      this.dispatchEvent(new Event('readystatechange'));
      this.dispatchEvent(new Event('progress'));
    }
    /** Server side: the body ends. */
    finish(): void {
      xhrState.get(this)!.readyState = 4;
      for (const type of ['readystatechange', 'load', 'loadend']) this.dispatchEvent(new Event(type));
    }
    /** A network error. */
    fail(): void {
      Object.assign(xhrState.get(this)!, { readyState: 4, text: '' });
      for (const type of ['readystatechange', 'error', 'loadend']) this.dispatchEvent(new Event(type));
    }
  }
  // A subclass per window, so the tap's wrapper never reaches Node's own BroadcastChannel.
  class Channel extends BroadcastChannel {}
  return { Navigator, XMLHttpRequest, BroadcastChannel: Channel, beacons, opened };
}

/** A window-shaped object for the tap, with the fake EventSource and `fetchImpl`. */
export function createFakeWindow(fetchImpl: typeof fetch = fetch) {
  const { EventSource, controls } = createFakeEventSource();
  const legacy = createFakeLegacyBuiltins();
  const win = {
    EventSource,
    EventTarget,
    fetch: fetchImpl,
    Response,
    Headers,
    TextDecoder,
    ReadableStream,
    ReadableStreamDefaultReader,
    Event,
    CustomEvent,
    MessageEvent,
    URL,
    Request,
    location: { href: 'http://app/page' },
    ...legacy,
    controls,
  };
  return win as unknown as TapWindow & { controls: FakeStreamControl[]; beacons: typeof legacy.beacons; opened: typeof legacy.opened; Navigator: typeof legacy.Navigator };
}
