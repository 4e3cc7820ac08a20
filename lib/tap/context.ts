/**
 * What every tap shares: the page window as it was before any page script ran,
 * the batching queue, clocks and id source, and helpers that make a wrapper look
 * like the built-in it replaces.
 */
import type { TapQueue } from './queue';

/**
 * The subset of `window` the taps use; tests pass a fake of the same shape. The legacy
 * taps' built-ins are optional: a window without them simply gets no such tap.
 */
export type TapWindow = Pick<
  typeof globalThis,
  'EventSource' | 'EventTarget' | 'fetch' | 'Response' | 'Headers' | 'TextDecoder' | 'ReadableStream' | 'ReadableStreamDefaultReader'
> &
  Partial<Pick<typeof globalThis, 'XMLHttpRequest' | 'BroadcastChannel' | 'Navigator' | 'Request' | 'URL' | 'location' | 'Event' | 'CustomEvent'>>;

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
  /** A new stream id, unique within this document, e.g. `e3` or `f4`. */
  nextStreamId: (prefix: 'e' | 'f') => string;
  /** The next sequence number of a legacy stream (`legacy:<system>`), starting at 1. */
  nextLegacySeq: (sid: string) => number;
  /**
   * The stream id for a legacy system's events: `legacy:<system>`, or `legacy:other` once
   * the document has reported `MAX_LEGACY_SOURCES` systems (names come from the page).
   */
  legacySid: (source: string) => string;
  /** The page's pristine `JSON.stringify`. */
  stringify: (value: unknown) => string | undefined;
  /** Gives `wrapper` the `name` and `length` of `original`. */
  mimic: (wrapper: Function, original: Function) => void;
  /** Defines `target[key] = wrapper` with the property attributes `original` had where it was defined. */
  replaceMethod: (target: object, key: string, wrapper: Function, original: Function) => void;
}

/** Creates the shared context for the taps of one document. */
export function createTapContext(
  win: TapWindow,
  queue: TapQueue,
  now: () => number,
  timeOrigin: number,
  stringify: (value: unknown) => string | undefined,
): TapContext {
  let counter = 0;
  const legacySeqs = new Map<string, number>();
  const mimic = (wrapper: Function, original: Function): void => {
    Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  };
  return {
    win,
    queue,
    now,
    timeOrigin,
    nextStreamId: (prefix) => `${prefix}${++counter}`,
    nextLegacySeq(sid) {
      const seq = (legacySeqs.get(sid) ?? 0) + 1;
      legacySeqs.set(sid, seq);
      return seq;
    },
    stringify,
    legacySid(source) {
      const sid = `legacy:${source}`;
      if (legacySeqs.has(sid) || legacySeqs.size < MAX_LEGACY_SOURCES) return sid;
      return 'legacy:other';
    },
    mimic,
    replaceMethod(target, key, wrapper, original) {
      mimic(wrapper, original);
      const own = Object.getOwnPropertyDescriptor(target, key);
      Object.defineProperty(target, key, {
        writable: own?.writable ?? true,
        enumerable: own?.enumerable ?? true,
        configurable: own?.configurable ?? true,
        value: wrapper,
      });
    },
  };
}
