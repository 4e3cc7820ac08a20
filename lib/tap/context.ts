/**
 * What every tap shares: the page window as it was before any page script ran,
 * the batching queue, clocks and id source, and helpers that make a wrapper look
 * like the built-in it replaces.
 */
import type { HubFaults, TapInjection } from '../protocol';
import { apply, create, defineProperty, getOwnPropertyDescriptor, mapGet, mapHas, mapSet, mapSize, weakMapGet, weakMapSet } from './primordials';
import type { TapQueue } from './queue';

/** Delivers one injected event to the page; returns why it could not, or null. */
export type InjectTarget = (event: TapInjection) => string | null;

/**
 * The subset of `window` the taps use; tests pass a fake of the same shape. The legacy
 * taps' built-ins are optional: a window without them simply gets no such tap.
 */
export type TapWindow = Pick<
  typeof globalThis,
  'EventSource' | 'EventTarget' | 'fetch' | 'Response' | 'Headers' | 'TextDecoder' | 'ReadableStream' | 'ReadableStreamDefaultReader'
> &
  Partial<
    Pick<typeof globalThis, 'XMLHttpRequest' | 'BroadcastChannel' | 'Navigator' | 'Request' | 'URL' | 'location' | 'Event' | 'CustomEvent' | 'MessageEvent' | 'Function' | 'DOMException'>
  >;

/** Legacy systems (plus polling) one document may report under their own names. */
export const MAX_LEGACY_SOURCES = 64;

/** Shared state and helpers handed to each tap. */
export interface TapContext {
  win: TapWindow;
  queue: TapQueue;
  /** Wall-clock ms since the epoch. */
  now: () => number;
  /** `performance.timeOrigin`, to turn an event's `timeStamp` into wall-clock time. */
  timeOrigin: number;
  /** A new stream id, unique within this document, e.g. `e3`, `f4` or `x5`. */
  nextStreamId: (prefix: 'e' | 'f' | 'x') => string;
  /** The next sequence number of a legacy stream (`legacy:<system>`), starting at 1. */
  nextLegacySeq: (sid: string) => number;
  /**
   * The stream id for a legacy system's events: `legacy:<system>`, or `legacy:other` once
   * the document has reported `MAX_LEGACY_SOURCES` systems (names come from the page).
   */
  legacySid: (source: string) => string;
  /** The page's pristine `JSON.stringify`. */
  stringify: (value: unknown) => string | undefined;
  /**
   * Makes `wrapper` read as `original`: the same `name` and `length`, and the same text
   * from `Function.prototype.toString` (see {@link installNativeLook}).
   */
  mimic: (wrapper: Function, original: Function) => void;
  /** Defines `target[key] = wrapper` with the property attributes `original` had where it was defined. */
  replaceMethod: (target: object, key: string, wrapper: Function, original: Function) => void;
  /** The page's pristine `JSON.parse`. */
  parse: (text: string) => unknown;
  /** The page's pristine `setTimeout`. */
  setTimer: (fn: () => void, ms: number) => unknown;
  /** The tab's simulated hub faults the tap applies, or null when none is on (set by the bridge). */
  faults: HubFaults | null;
  /** URL prefixes whose response bodies the tap reads (polling-off readiness), or null (set by the bridge). */
  watch: string[] | null;
  /** Where injected events go, by tap stream id (live EventSources, tapped legacy emitters); prototype-less. */
  targets: Record<string, InjectTarget>;
  /** Starts or ends a simulated hub outage for the open streams whose URL contains `hub` (set by the EventSource tap). */
  hubDown: (down: boolean, hub: string) => void;
}

/** Wrapper → the function whose source text it shows; shared by the taps of one window. */
type Disguises = WeakMap<Function, Function>;

/**
 * Replaces `Function.prototype.toString` of `win`'s realm so that each wrapper in
 * `disguises` reads exactly as the function it stands for (`function fetch() { [native
 * code] }`), through `String(fn)`, `fn.toString()` and `Function.prototype.toString.call(fn)`.
 * The replacement reads as the native one itself, and a bad receiver gets the native
 * TypeError (the call goes to the native method with that receiver).
 */
function installNativeLook(win: TapWindow, disguises: Disguises): void {
  const proto = win.Function?.prototype;
  const nativeToString = proto?.toString;
  if (!proto || typeof nativeToString !== 'function') return;
  const { toString } = {
    toString(this: unknown) {
      const shown = weakMapGet(disguises, this);
      // eslint-disable-next-line prefer-rest-params
      return apply(nativeToString, shown ?? this, arguments);
    },
  };
  weakMapSet(disguises, toString, nativeToString);
  defineProperty(toString, 'name', { value: nativeToString.name, configurable: true });
  defineProperty(toString, 'length', { value: nativeToString.length, configurable: true });
  const own = getOwnPropertyDescriptor(proto, 'toString');
  defineProperty(proto, 'toString', { writable: own?.writable ?? true, enumerable: own?.enumerable ?? false, configurable: own?.configurable ?? true, value: toString });
}

/** Creates the shared context for the taps of one document. */
export function createTapContext(
  win: TapWindow,
  queue: TapQueue,
  now: () => number,
  timeOrigin: number,
  stringify: (value: unknown) => string | undefined,
  parse: (text: string) => unknown,
  setTimer: (fn: () => void, ms: number) => unknown,
): TapContext {
  let counter = 0;
  const legacySeqs = new Map<string, number>();
  const disguises: Disguises = new WeakMap();
  installNativeLook(win, disguises);
  const mimic = (wrapper: Function, original: Function): void => {
    defineProperty(wrapper, 'name', { value: original.name, configurable: true });
    defineProperty(wrapper, 'length', { value: original.length, configurable: true });
    // A wrapper of a wrapper shows the innermost original.
    weakMapSet(disguises, wrapper, weakMapGet(disguises, original) ?? original);
  };
  return {
    win,
    queue,
    now,
    timeOrigin,
    nextStreamId: (prefix) => `${prefix}${++counter}`,
    nextLegacySeq(sid) {
      const seq = (mapGet(legacySeqs, sid) ?? 0) + 1;
      mapSet(legacySeqs, sid, seq);
      return seq;
    },
    stringify,
    legacySid(source) {
      const sid = `legacy:${source}`;
      if (mapHas(legacySeqs, sid) || mapSize(legacySeqs) < MAX_LEGACY_SOURCES) return sid;
      return 'legacy:other';
    },
    mimic,
    parse,
    setTimer,
    faults: null,
    watch: null,
    targets: create(null) as Record<string, InjectTarget>,
    hubDown: () => undefined,
    replaceMethod(target, key, wrapper, original) {
      mimic(wrapper, original);
      const own = getOwnPropertyDescriptor(target, key);
      defineProperty(target, key, {
        writable: own?.writable ?? true,
        enumerable: own?.enumerable ?? true,
        configurable: own?.configurable ?? true,
        value: wrapper,
      });
    },
  };
}
