/** Reconnect delays for the ports to the hub: `min` doubling to `max`, back to `min` once the hub answers. */

/** Default first delay (ms). */
export const MIN_BACKOFF_MS = 100;
/** Default longest delay (ms). */
export const MAX_BACKOFF_MS = 5_000;

/** The delay schedule of one reconnecting port. */
export interface Backoff {
  /** The delay before the next attempt; the one after it doubles (up to the maximum). */
  next(): number;
  /** The hub answered: the next delay is the shortest again. */
  reset(): void;
}

export function createBackoff(min = MIN_BACKOFF_MS, max = MAX_BACKOFF_MS): Backoff {
  let delay = min;
  return {
    next() {
      const now = delay;
      delay = Math.min(delay * 2, max);
      return now;
    },
    reset() {
      delay = min;
    },
  };
}
