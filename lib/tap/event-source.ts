/**
 * Replaces `window.EventSource` with a constructor whose instances are genuine
 * native EventSources, then listens to them. The replacement shares the native
 * prototype object, so `instanceof`, `Object.getPrototypeOf(es)`, the statics, the
 * `on*` accessors and page subclasses behave exactly as without the tap; if the
 * tap fails for a stream, that stream is simply not observed.
 */
import { MAX_DATA_CHARS, MAX_FIELD_CHARS, MAX_URL_CHARS, type EventMark, type StreamState } from '../protocol';
import type { TapContext } from './context';
import {
  apply,
  construct,
  create,
  defineProperty,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  random,
  setPrototypeOf,
  stringIndexOf,
  stringSlice,
  uncurry,
  uncurryGetter,
  weakMapGet,
  weakMapSet,
} from './primordials';

/** The tap's view of an observed EventSource. */
interface ObservedStream {
  sid: string;
  seq: number;
  /** Event types we already listen to on this instance (a prototype-less record: no page code runs on lookups). */
  types: Record<string, true>;
  state: StreamState;
  url: string;
  es: EventSource;
  /** While a simulated hub outage cuts this open stream: the server events held back, in order (else null). */
  cut: MessageEvent[] | null;
  /** This stream's message listener (one per stream, so an event needs no lookup). */
  onMessage: (event: Event) => void;
}

/** Installs the EventSource tap on `ctx.win`; does nothing when the page has no EventSource. */
export function installEventSourceTap(ctx: TapContext): void {
  const win = ctx.win;
  const Native = win.EventSource;
  if (typeof Native !== 'function') return;
  const proto = Native.prototype;
  const nativeAdd = win.EventTarget.prototype.addEventListener;
  const addListener = uncurry(nativeAdd) as (target: EventTarget, type: string, listener: (event: Event) => void) => void;
  const nativeClose = proto.close;
  const readyStateOf = uncurryGetter<number>(proto, 'readyState');
  const urlOf = uncurryGetter<string>(proto, 'url');
  const credentialsOf = uncurryGetter<boolean>(proto, 'withCredentials');
  // MessageEvent fields, read through the native getters (a page may redefine the accessors).
  const MessageProto = win.MessageEvent?.prototype;
  const dataOf = uncurryGetter<unknown>(MessageProto, 'data');
  const lastEventIdOf = uncurryGetter<string>(MessageProto, 'lastEventId');
  const typeOf = uncurryGetter<string>(MessageProto, 'type');
  const timeStampOf = uncurryGetter<number>(MessageProto, 'timeStamp');
  const originOf = uncurryGetter<string>(MessageProto, 'origin');
  if (!readyStateOf || !urlOf || !credentialsOf || !dataOf || !lastEventIdOf || !typeOf || !timeStampOf || !originOf) return;
  // For what the tool itself delivers (injection, replay, simulated hub faults).
  const NativeMessageEvent = win.MessageEvent!;
  const dispatch = uncurry(win.EventTarget.prototype.dispatchEvent) as (target: EventTarget, event: Event) => boolean;
  const stopImmediate = uncurry(win.Event!.prototype.stopImmediatePropagation) as (event: Event) => void;
  // The event the tool is dispatching right now: its listener lets it through unrecorded.
  let passing: Event | null = null;
  // When the latest held event is due (a slow hub keeps order when its delay shrinks).
  let lastRelease = 0;
  // Observed streams not closed by the page, by tap stream id (prototype-less: no page code on lookups).
  const live = create(null) as Record<string, ObservedStream>;
  const NativeEvent = win.Event!;

  /** Dispatches a lifecycle event the tool made (`error`, `open`) on the page's instance. */
  const signal = (stream: ObservedStream, type: string) => deliver(stream, new NativeEvent(type));

  /**
   * A simulated hub outage (`down`: the hub's URL text, else null). New connections and
   * reconnects fail for real (the relay's network rule); a connection already open (or
   * whose request was already on its way) cannot be broken from the page, so the tap cuts
   * it at once, or at its first sign of life: the page gets an `error` event and no events
   * until the hub is back, then an `open` event and what was held, in order (`delayed`).
   */
  let down: string | null = null;
  const cuts = (stream: ObservedStream) => down !== null && stream.cut === null && stringIndexOf(stream.url, down) >= 0;
  function cut(stream: ObservedStream): void {
    stream.cut = [];
    setState(stream, 'reconnecting');
    signal(stream, 'error');
  }
  ctx.hubDown = (on, hub) => {
    down = on ? hub : null;
    for (const sid in live) {
      const stream = live[sid]!;
      if (stream.state === 'open' && cuts(stream)) cut(stream);
      else if (!on && stream.cut !== null) {
        const held = stream.cut;
        stream.cut = null;
        setState(stream, 'open');
        signal(stream, 'open');
        for (let i = 0; i < held.length; i++) deliver(stream, held[i]!, 'delayed');
      }
    }
  };
  const observed = new WeakMap<object, ObservedStream>();
  const queue = ctx.queue;

  function setState(stream: ObservedStream, state: StreamState): void {
    if (stream.state === state) return;
    stream.state = state;
    queue.push({ k: 'state', sid: stream.sid, state, t: ctx.now() }, 0);
  }

  function record(stream: ObservedStream, event: Event, mark?: EventMark): void {
    // When no panel records this tab, the whole per-event cost is this one read.
    if (!queue.recording) return;
    const raw = dataOf!(event);
    const data = typeof raw === 'string' ? raw : '';
    const truncated = data.length > MAX_DATA_CHARS;
    const kept = truncated ? stringSlice(data, 0, MAX_DATA_CHARS) : data;
    stream.seq += 1;
    queue.push(
      {
        k: 'msg',
        sid: stream.sid,
        seq: stream.seq,
        type: typeOf!(event),
        data: kept,
        lastEventId: lastEventIdOf!(event),
        size: data.length,
        truncated,
        t: ctx.timeOrigin + timeStampOf!(event),
        mark,
      },
      kept.length,
    );
  }

  /** Dispatches an event the tool made on the page's own instance; a message is recorded with its mark. */
  function deliver(stream: ObservedStream, event: Event, mark?: EventMark): void {
    passing = event;
    try {
      dispatch(stream.es, event);
    } finally {
      passing = null;
    }
    if (mark) record(stream, event, mark);
  }

  /** A copy of a server event, for a simulated hub to deliver late or twice. */
  function copy(event: Event): MessageEvent {
    return new NativeMessageEvent(typeOf!(event), { data: dataOf!(event), lastEventId: lastEventIdOf!(event), origin: originOf!(event) });
  }

  /**
   * Every server event of an observed stream comes here first (our listener is the first
   * of its type). Without faults it is recorded and passes on untouched. With simulated
   * hub faults on a stream to the hub, it may be kept from the page's listeners (dropped,
   * or held and delivered late as a copy), or delivered once more after.
   */
  function onServerEvent(stream: ObservedStream, event: Event): void {
    if (event === passing) return;
    if (cuts(stream)) cut(stream);
    if (stream.cut !== null) {
      stopImmediate(event);
      stream.cut[stream.cut.length] = copy(event);
      return;
    }
    const faults = ctx.faults;
    if (faults === null || stringIndexOf(stream.url, faults.hub) < 0) return record(stream, event);
    if (random() * 100 < faults.dropPct) {
      stopImmediate(event);
      return record(stream, event, 'dropped');
    }
    if (faults.slowMs > 0) {
      stopImmediate(event);
      const held = copy(event);
      const now = ctx.now();
      lastRelease = lastRelease > now + faults.slowMs ? lastRelease : now + faults.slowMs;
      ctx.setTimer(() => deliver(stream, held, 'delayed'), lastRelease - now);
    } else record(stream, event);
    if (random() * 100 < faults.duplicatePct) {
      const twin = copy(event);
      ctx.setTimer(() => deliver(stream, twin, 'duplicated'), faults.slowMs > 0 ? lastRelease - ctx.now() : 0);
    }
  }

  function observe(es: EventSource): void {
    const types = create(null) as Record<string, true>;
    types.message = true;
    const stream: ObservedStream = {
      sid: ctx.nextStreamId('e'),
      seq: 0,
      types,
      state: 'connecting',
      url: String(urlOf!(es)),
      es,
      cut: null,
      onMessage: (event) => {
        try {
          onServerEvent(stream, event);
        } catch {
          queue.drop();
        }
      },
    };
    weakMapSet(observed, es, stream);
    live[stream.sid] = stream;
    const url = stream.url;
    // Injection: a genuine MessageEvent on the page's own instance, in order with the server's.
    ctx.targets[stream.sid] = (injection) => {
      if (readyStateOf!(es) === 2) return 'closed';
      const origin = stringSlice(url, 0, stringIndexOf(stringSlice(url, 8), '/') + 8);
      deliver(stream, new NativeMessageEvent(injection.type, { data: injection.data, lastEventId: injection.lastEventId, origin }), injection.mark);
      return null;
    };
    queue.push(
      {
        k: 'open',
        sid: stream.sid,
        url: stringSlice(url, 0, MAX_URL_CHARS),
        transport: 'eventsource',
        withCredentials: Boolean(credentialsOf!(es)),
        t: ctx.now(),
      },
      url.length,
    );
    addListener(es, 'message', stream.onMessage);
    addListener(es, 'open', (event) => {
      if (event === passing) return;
      if (!cuts(stream)) return setState(stream, 'open');
      // Opened while the hub is (simulated) down: the page sees the outage instead.
      stopImmediate(event);
      cut(stream);
    });
    // CONNECTING after an error means the browser will reconnect; CLOSED means it gave up.
    addListener(es, 'error', (event) => {
      if (event === passing) return;
      const closed = readyStateOf!(es) !== 0;
      setState(stream, closed ? 'error' : 'reconnecting');
      // The browser gave up on it: let it go (nothing of the tap keeps a dead stream alive).
      if (closed) delete live[stream.sid], delete ctx.targets[stream.sid];
    });
  }

  // A plain function (not a class) so it can hand back the native instance itself.
  const EventSource = function EventSource(this: unknown, url: string | URL) {
    if (!new.target) {
      // Same TypeError the native constructor throws when called without `new`.
      return (Native as unknown as (u: unknown) => unknown)(url);
    }
    // `arguments` as given, so argument errors are the native ones.
    // eslint-disable-next-line prefer-rest-params
    const es = construct(Native, arguments, new.target) as EventSource;
    try {
      observe(es);
    } catch {
      ctx.queue.drop();
    }
    return es;
  } as unknown as typeof globalThis.EventSource;

  // Method shorthand: like the natives, these have no `prototype` and cannot be constructed.
  const wrappers = {
    // Named events reach only listeners for their type, so listen to each type the page listens to,
    // added before the page's own listener so we see exactly what it sees.
    addEventListener(this: unknown, type: unknown) {
      try {
        const stream = weakMapGet(observed, this);
        if (stream !== undefined && typeof type === 'string' && stream.types[type] !== true) {
          stream.types[type] = true;
          addListener(this as EventSource, type, stream.onMessage);
          // Lifecycle, like `open`: full capture needs to know which types the tap sees, recorded or not.
          queue.push({ k: 'listen', sid: stream.sid, type: stringSlice(type, 0, MAX_FIELD_CHARS), t: ctx.now() }, type.length);
        }
      } catch {
        ctx.queue.drop();
      }
      // eslint-disable-next-line prefer-rest-params
      return apply(nativeAdd, this, arguments);
    },
    close(this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const result: unknown = apply(nativeClose, this, arguments);
      try {
        const stream = weakMapGet(observed, this);
        if (stream !== undefined) {
          setState(stream, 'closed');
          delete ctx.targets[stream.sid];
          delete live[stream.sid];
        }
      } catch {
        ctx.queue.drop();
      }
      return result;
    },
  };

  ctx.mimic(EventSource, Native);
  setPrototypeOf(EventSource, getPrototypeOf(Native));
  for (const key of ['prototype', 'CONNECTING', 'OPEN', 'CLOSED'] as const) {
    const descriptor = getOwnPropertyDescriptor(Native, key);
    if (descriptor) defineProperty(EventSource, key, descriptor);
  }
  ctx.replaceMethod(proto, 'addEventListener', wrappers.addEventListener, nativeAdd);
  ctx.replaceMethod(proto, 'close', wrappers.close, nativeClose);
  defineProperty(proto, 'constructor', {
    ...getOwnPropertyDescriptor(proto, 'constructor'),
    value: EventSource,
  });
  defineProperty(win, 'EventSource', {
    ...getOwnPropertyDescriptor(win, 'EventSource'),
    value: EventSource,
  });
}
