/**
 * The seed's EventDeduplicator rule — an event whose key was first seen less than
 * `windowMs` ago is a duplicate — with bounded memory. The seed keeps one map entry
 * per key forever; here a key expires once its window has passed, and past
 * `maxKeys` the oldest keys are evicted early (and counted: an early eviction can
 * let a real duplicate through).
 *
 * A key's window starts at its first non-duplicate sighting, as in the seed
 * (a duplicate does not extend it), so keys expire in the order they were recorded:
 * a FIFO of entries beside the map makes expiry and eviction amortised O(1). (Walking
 * a `Map` from its front after many deletions is not: V8 keeps the holes until it
 * rehashes, which made this 60× slower.)
 */

/** Options for {@link createDeduplicator}. */
export interface DeduplicatorOptions {
  /** Defaults to 100 ms. */
  windowMs?: number;
  /** Defaults to 10,000. */
  maxKeys?: number;
}

/** A bounded deduplicator; `T` identifies the original event of a key. */
export interface Deduplicator<T> {
  /**
   * Checks and records an event seen at `time` (ms, non-decreasing): returns the id of
   * the original it duplicates, or undefined when it is not a duplicate (and is now
   * the key's original). Allocates nothing per call beyond the new key's entry.
   */
  check(key: string, time: number, id: T): T | undefined;
  /** Keys currently remembered. */
  readonly size: number;
  /** Keys evicted before their window ended because of `maxKeys`. */
  readonly evictedEarly: number;
}

/** Creates a deduplicator. */
export function createDeduplicator<T>(options: DeduplicatorOptions = {}): Deduplicator<T> {
  const windowMs = options.windowMs ?? 100;
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  interface Entry {
    key: string;
    time: number;
    id: T;
  }
  const seen = new Map<string, Entry>();
  // Entries in recording order; `head` is the oldest still in `seen`.
  let order: (Entry | undefined)[] = [];
  let head = 0;
  let evictedEarly = 0;

  function dropOldest(): void {
    const entry = order[head]!;
    order[head] = undefined;
    head += 1;
    seen.delete(entry.key);
    // Compact once the dead prefix dominates, keeping memory proportional to live keys.
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head);
      head = 0;
    }
  }

  return {
    check(key, time, id) {
      while (head < order.length && time - order[head]!.time >= windowMs) dropOldest();
      const entry = seen.get(key);
      if (entry !== undefined) return entry.id;
      if (seen.size >= maxKeys) {
        dropOldest();
        evictedEarly += 1;
      }
      const fresh = { key, time, id };
      seen.set(key, fresh);
      order.push(fresh);
      return undefined;
    },
    get size() {
      return seen.size;
    },
    get evictedEarly() {
      return evictedEarly;
    },
  };
}
