/**
 * Applies relay messages to the store in groups: each message is its own task, so applying
 * them one by one re-renders the panel per message; applied together in one task, the
 * store publishes its event lists once and React renders once for all of them. A message after a quiet spell waits `intervalMs`; while
 * messages keep coming, `busyIntervalMs` (every render lays out and paints the panel, and
 * on a small machine that competes with the inspected page for the CPU).
 */

/** Options for {@link createCoalescer}. */
export interface CoalescerOptions<T> {
  /** Applies messages in order, as one group (e.g. `store.getState().receiveAll`). */
  apply: (messages: T[]) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Clock for telling a quiet spell from a steady flow. Defaults to `Date.now`. */
  now?: () => number;
  /** Longest a message waits after a quiet spell. Defaults to 100 ms. */
  intervalMs?: number;
  /** Longest a message waits while messages keep coming (a flush less than 1 s ago). Defaults to 250 ms. */
  busyIntervalMs?: number;
  /**
   * Messages applied at once (after those queued before them), e.g. the answer to a
   * control the user just used. Defaults to none.
   */
  immediate?: (message: T) => boolean;
}

/** A flush this recent means messages are flowing. */
const BUSY_WITHIN_MS = 1_000;

/** Returns the function to call per incoming message. */
export function createCoalescer<T>(options: CoalescerOptions<T>): (message: T) => void {
  const interval = options.intervalMs ?? 100;
  const busyInterval = options.busyIntervalMs ?? 250;
  const now = options.now ?? Date.now;
  let queued: T[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  // A timer left over after an immediate flush finds nothing queued, or applies what came since.
  function flush(): void {
    scheduled = false;
    lastFlush = now();
    const messages = queued;
    queued = [];
    if (messages.length > 0) options.apply(messages);
  }
  return (message) => {
    queued.push(message);
    if (options.immediate?.(message)) {
      flush();
      return;
    }
    if (!scheduled) {
      scheduled = true;
      options.setTimer(flush, now() - lastFlush < BUSY_WITHIN_MS ? busyInterval : interval);
    }
  };
}
