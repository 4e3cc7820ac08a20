/**
 * Replaces `window.EventSource` with a constructor whose instances are genuine
 * native EventSources, then listens to them. The replacement shares the native
 * prototype object, so `instanceof`, `Object.getPrototypeOf(es)`, the statics, the
 * `on*` accessors and page subclasses behave exactly as without the tap; if the
 * tap fails for a stream, that stream is simply not observed.
 */
import { MAX_DATA_CHARS, MAX_URL_CHARS, type StreamState } from '../protocol';
import type { TapContext } from './context';

/** The tap's view of an observed EventSource. */
interface ObservedStream {
  sid: string;
  seq: number;
  /** Event types we already listen to on this instance. */
  types: Set<string>;
  state: StreamState;
}

type Listener = (this: EventSource, event: Event) => void;

/** Installs the EventSource tap on `ctx.win`; does nothing when the page has no EventSource. */
export function installEventSourceTap(ctx: TapContext): void {
  const win = ctx.win;
  const Native = win.EventSource;
  if (typeof Native !== 'function') return;
  const proto = Native.prototype;
  const nativeAdd = win.EventTarget.prototype.addEventListener;
  const nativeClose = proto.close;
  const readyStateOf = Object.getOwnPropertyDescriptor(proto, 'readyState')?.get;
  const urlOf = Object.getOwnPropertyDescriptor(proto, 'url')?.get;
  const credentialsOf = Object.getOwnPropertyDescriptor(proto, 'withCredentials')?.get;
  if (!readyStateOf || !urlOf || !credentialsOf) return;
  const observed = new WeakMap<object, ObservedStream>();
  const queue = ctx.queue;

  function setState(stream: ObservedStream, state: StreamState): void {
    if (stream.state === state) return;
    stream.state = state;
    queue.push({ k: 'state', sid: stream.sid, state, t: ctx.now() }, 0);
  }

  const onMessage: Listener = function (event) {
    // When no panel records this tab, the whole per-event cost is this one read.
    if (!queue.recording) return;
    const stream = observed.get(this);
    if (stream === undefined) return;
    const message = event as MessageEvent;
    const raw: unknown = message.data;
    const data = typeof raw === 'string' ? raw : '';
    const truncated = data.length > MAX_DATA_CHARS;
    const kept = truncated ? data.slice(0, MAX_DATA_CHARS) : data;
    stream.seq += 1;
    queue.push(
      {
        k: 'msg',
        sid: stream.sid,
        seq: stream.seq,
        type: message.type,
        data: kept,
        lastEventId: message.lastEventId,
        size: data.length,
        truncated,
        t: ctx.timeOrigin + message.timeStamp,
      },
      kept.length,
    );
  };

  const onOpen: Listener = function () {
    const stream = observed.get(this);
    if (stream) setState(stream, 'open');
  };

  const onError: Listener = function () {
    const stream = observed.get(this);
    if (!stream) return;
    // CONNECTING after an error means the browser will reconnect; CLOSED means it gave up.
    setState(stream, readyStateOf.call(this) === 0 ? 'reconnecting' : 'error');
  };

  function observe(es: EventSource): void {
    const stream: ObservedStream = {
      sid: ctx.nextStreamId('e'),
      seq: 0,
      types: new Set(['message']),
      state: 'connecting',
    };
    observed.set(es, stream);
    const url = String(urlOf!.call(es));
    queue.push(
      {
        k: 'open',
        sid: stream.sid,
        url: url.slice(0, MAX_URL_CHARS),
        transport: 'eventsource',
        withCredentials: Boolean(credentialsOf!.call(es)),
        t: ctx.now(),
      },
      url.length,
    );
    nativeAdd.call(es, 'message', onMessage as EventListener);
    nativeAdd.call(es, 'open', onOpen as EventListener);
    nativeAdd.call(es, 'error', onError as EventListener);
  }

  // A plain function (not a class) so it can hand back the native instance itself.
  const EventSource = function EventSource(this: unknown, url: string | URL) {
    if (!new.target) {
      // Same TypeError the native constructor throws when called without `new`.
      return (Native as unknown as (u: unknown) => unknown)(url);
    }
    // `arguments` as given, so argument errors are the native ones.
    // eslint-disable-next-line prefer-rest-params
    const es = Reflect.construct(Native, arguments, new.target) as EventSource;
    try {
      observe(es);
    } catch {
      ctx.queue.drop();
    }
    return es;
  } as unknown as typeof globalThis.EventSource;

  // Named events reach only listeners for their type, so listen to each type the page listens to,
  // added before the page's own listener so we see exactly what it sees.
  function addEventListener(this: unknown, type: unknown) {
    const stream = observed.get(this as object);
    if (stream !== undefined && typeof type === 'string' && !stream.types.has(type)) {
      try {
        stream.types.add(type);
        nativeAdd.call(this as EventSource, type, onMessage as EventListener);
      } catch {
        ctx.queue.drop();
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(nativeAdd, this, arguments);
  }

  function close(this: unknown) {
    // eslint-disable-next-line prefer-rest-params
    const result: unknown = Reflect.apply(nativeClose, this, arguments);
    const stream = observed.get(this as object);
    if (stream !== undefined) setState(stream, 'closed');
    return result;
  }

  ctx.mimic(EventSource, Native);
  Object.setPrototypeOf(EventSource, Object.getPrototypeOf(Native));
  for (const key of ['prototype', 'CONNECTING', 'OPEN', 'CLOSED'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(Native, key);
    if (descriptor) Object.defineProperty(EventSource, key, descriptor);
  }
  ctx.replaceMethod(proto, 'addEventListener', addEventListener, nativeAdd);
  ctx.replaceMethod(proto, 'close', close, nativeClose);
  Object.defineProperty(proto, 'constructor', {
    ...Object.getOwnPropertyDescriptor(proto, 'constructor'),
    value: EventSource,
  });
  Object.defineProperty(win, 'EventSource', {
    ...Object.getOwnPropertyDescriptor(win, 'EventSource'),
    value: EventSource,
  });
}
