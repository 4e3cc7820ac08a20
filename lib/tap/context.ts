/**
 * What every tap shares: the page window as it was before any page script ran,
 * the batching queue, clocks and id source, and helpers that make a wrapper look
 * like the built-in it replaces.
 */
import type { TapQueue } from './queue';

/** The subset of `window` the taps use; tests pass a fake of the same shape. */
export type TapWindow = Pick<
  typeof globalThis,
  'EventSource' | 'EventTarget' | 'fetch' | 'Response' | 'Headers' | 'TextDecoder' | 'ReadableStream' | 'ReadableStreamDefaultReader'
>;

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
  /** Gives `wrapper` the `name` and `length` of `original`. */
  mimic: (wrapper: Function, original: Function) => void;
  /** Defines `target[key] = wrapper` with the property attributes `original` had where it was defined. */
  replaceMethod: (target: object, key: string, wrapper: Function, original: Function) => void;
}

/** Creates the shared context for the taps of one document. */
export function createTapContext(win: TapWindow, queue: TapQueue, now: () => number, timeOrigin: number): TapContext {
  let counter = 0;
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
