/**
 * The XMLHttpRequest tap: every request's URL and method for polling detection, and
 * `text/event-stream` responses read through XHR (the `sse.js` package, in-house
 * clients that need POST bodies or headers) as streams of transport `xhr`.
 *
 * `open` and `abort` are replaced. For each request the tap adds its own listeners to the
 * instance (through the native `addEventListener`, which no page listener can see);
 * once the headers say `text/event-stream`, it reads `responseText` through the native
 * getter on each `progress` and at the end, and forwards the new text as chunks, like a
 * fetch stream's. A body that is not an event stream is never read, nor one whose
 * `responseType` makes `responseText` unreadable. Reading `responseText` changes
 * nothing the page observes: no event, state or value of the request.
 */
import { MAX_HEADER_CHARS } from '../protocol';
import { openBodyStream, streamFormat, type BodyStream } from './body-stream';
import type { TapContext } from './context';
import { apply, stringSlice, toUpperCase, uncurry, uncurryGetter, weakMapGet, weakMapSet } from './primordials';
import { createUrlReader, reportRequest } from './requests';

const HEADERS_RECEIVED = 2;

/** What the tap keeps per XHR instance; reset by each `open`. */
interface XhrState {
  stream: BodyStream | null;
  /** How much of `responseText` was forwarded (or skipped) so far. */
  read: number;
  /** Set by `error` or `timeout` before `loadend`. */
  failed: boolean;
  /** The method `open` was given, and when. */
  method: string;
  sentAt: number;
}

/** Wraps `XMLHttpRequest.prototype.open` on `ctx.win`; does nothing without XHR. */
export function installXhrTap(ctx: TapContext): void {
  const Xhr = ctx.win.XMLHttpRequest;
  if (!Xhr) return;
  const proto = Xhr.prototype;
  const nativeOpen = proto.open;
  const nativeAbort = proto.abort;
  const readUrl = createUrlReader(ctx);
  const queue = ctx.queue;
  const addListener = uncurry(ctx.win.EventTarget.prototype.addEventListener) as (target: EventTarget, type: string, listener: () => void) => void;
  const getHeader = uncurry(proto.getResponseHeader) as (xhr: XMLHttpRequest, name: string) => string | null;
  const readyStateOf = uncurryGetter<number>(proto, 'readyState');
  const responseTypeOf = uncurryGetter<string>(proto, 'responseType');
  const responseTextOf = uncurryGetter<string>(proto, 'responseText');
  const responseUrlOf = uncurryGetter<string>(proto, 'responseURL');
  const credentialsOf = uncurryGetter<boolean>(proto, 'withCredentials');
  const statusOf = uncurryGetter<number>(proto, 'status');
  const statusTextOf = uncurryGetter<string>(proto, 'statusText');
  const allHeaders = uncurry(proto.getAllResponseHeaders) as (xhr: XMLHttpRequest) => string;
  const canWatch = readyStateOf && responseTypeOf && responseTextOf && responseUrlOf && credentialsOf && statusOf && statusTextOf;
  const states = new WeakMap<object, XhrState>();

  /** Forwards what `responseText` gained since the last read. */
  function pull(xhr: XMLHttpRequest, state: XhrState): void {
    const stream = state.stream;
    if (stream === null) return;
    const text = responseTextOf!(xhr);
    if (text.length <= state.read) return;
    if (queue.recording) stream.write(stringSlice(text, state.read), ctx.now());
    else stream.skip();
    state.read = text.length;
  }

  function onReadyStateChange(xhr: XMLHttpRequest, state: XhrState): void {
    if (state.stream !== null || readyStateOf!(xhr) !== HEADERS_RECEIVED) return;
    // Headers are in: decide once whether this body is an event stream we may read.
    const type = responseTypeOf!(xhr);
    const format = streamFormat(getHeader(xhr, 'content-type'));
    // Connect's binary envelopes do not survive the browser's decoding of `responseText`.
    if ((type !== '' && type !== 'text') || format === null || format === 'connect') return;
    // The request headers the page set (`setRequestHeader`) are not tapped; its method and the response are.
    state.stream = openBodyStream(ctx, 'xhr', String(responseUrlOf!(xhr)), Boolean(credentialsOf!(xhr)), {
      method: state.method,
      headers: '',
      body: null,
      status: statusOf!(xhr),
      statusText: statusTextOf!(xhr),
      responseHeaders: stringSlice(allHeaders(xhr), 0, MAX_HEADER_CHARS),
      sentAt: state.sentAt,
    }, format);
  }

  function onLoadEnd(xhr: XMLHttpRequest, state: XhrState, how: 'load' | 'error' | 'abort'): void {
    const stream = state.stream;
    if (stream === null) return;
    if (how === 'load') pull(xhr, state);
    stream.setState(how === 'error' || state.failed ? 'error' : 'closed', how === 'abort');
    state.stream = null;
  }

  /** Adds the tap's listeners to `xhr` once; each `open` starts its state afresh. */
  function watch(xhr: XMLHttpRequest, method: string): void {
    let state = weakMapGet(states, xhr);
    if (state !== undefined) {
      // Re-opened (or opened twice before sending): a running stream ends here, as the native `open` aborted it.
      if (state.stream !== null) state.stream.setState('closed', true);
      state.stream = null;
      state.read = 0;
      state.failed = false;
      state.method = method;
      state.sentAt = ctx.now();
      return;
    }
    const fresh: XhrState = { stream: null, read: 0, failed: false, method, sentAt: ctx.now() };
    state = fresh;
    weakMapSet(states, xhr, fresh);
    const guarded = (run: () => void) => () => {
      try {
        run();
      } catch {
        queue.drop();
      }
    };
    addListener(xhr, 'readystatechange', guarded(() => onReadyStateChange(xhr, fresh)));
    // Progress events come at most every 50 ms; the rest arrives with `load`.
    addListener(xhr, 'progress', guarded(() => pull(xhr, fresh)));
    addListener(xhr, 'error', guarded(() => (fresh.failed = true)));
    addListener(xhr, 'timeout', guarded(() => (fresh.failed = true)));
    addListener(xhr, 'load', guarded(() => onLoadEnd(xhr, fresh, 'load')));
    // After `load` the stream is already closed; otherwise the request failed or was aborted.
    addListener(xhr, 'loadend', guarded(() => onLoadEnd(xhr, fresh, fresh.failed ? 'error' : 'abort')));
  }

  /** Forwards the text a running stream received before the page aborts or re-opens it (both empty `responseText`). */
  function pullBeforeReset(xhr: XMLHttpRequest): void {
    try {
      const state = weakMapGet(states, xhr);
      if (state !== undefined && state.stream !== null) pull(xhr, state);
    } catch {
      queue.drop();
    }
  }

  // Method shorthand: like the natives, no `prototype` and not constructible.
  const { open, abort } = {
    open(this: XMLHttpRequest, method: unknown, url: unknown) {
      pullBeforeReset(this);
      // eslint-disable-next-line prefer-rest-params
      const result = apply(nativeOpen, this, arguments);
      try {
        const verb = typeof method === 'string' ? toUpperCase(method) : '?';
        if (queue.recording) reportRequest(ctx, readUrl(url), verb, 'xhr', ctx.now());
        if (canWatch) watch(this, verb);
      } catch {
        queue.drop();
      }
      return result;
    },
    // A client that closes its stream (sse.js's `close`) aborts the request from inside its
    // own progress handler, which runs before ours: read what it had read first.
    abort(this: XMLHttpRequest) {
      pullBeforeReset(this);
      // eslint-disable-next-line prefer-rest-params
      const result = apply(nativeAbort, this, arguments);
      try {
        const state = weakMapGet(states, this);
        if (state !== undefined && state.stream !== null) onLoadEnd(this, state, state.failed ? 'error' : 'abort');
      } catch {
        queue.drop();
      }
      return result;
    },
  };
  ctx.replaceMethod(proto, 'open', open, nativeOpen);
  if (canWatch) ctx.replaceMethod(proto, 'abort', abort, nativeAbort);
}
