/**
 * Applies hub messages to the store at most once per `intervalMs`: each message is
 * its own task, so applying them one by one re-renders the panel per message; applied
 * together in one task, React renders once for all of them.
 */

/** Options for {@link createCoalescer}. */
export interface CoalescerOptions<T> {
  /** Applies one message (e.g. `store.getState().receive`). */
  apply: (message: T) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Longest a message waits. Defaults to 100 ms (ten renders a second at most). */
  intervalMs?: number;
}

/** Returns the function to call per incoming message. */
export function createCoalescer<T>(options: CoalescerOptions<T>): (message: T) => void {
  const interval = options.intervalMs ?? 100;
  let queued: T[] = [];
  let scheduled = false;
  function flush(): void {
    scheduled = false;
    const messages = queued;
    queued = [];
    for (const message of messages) options.apply(message);
  }
  return (message) => {
    queued.push(message);
    if (!scheduled) {
      scheduled = true;
      options.setTimer(flush, interval);
    }
  };
}
