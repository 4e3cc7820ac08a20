/**
 * The seed's SSEEventBatcher in event time: the first event opens a `windowMs`
 * window; events with the same key inside it coalesce (last write wins, keeping the
 * key's first position, as `Map.set` does); the window's end flushes one batch that
 * lists which events were coalesced into which.
 */

/** One flushed batch. */
export interface Batch<T> {
  id: number;
  /** When the window opened and closed (ms). */
  openedAt: number;
  flushedAt: number;
  /** The surviving event per key, in first-seen key order. */
  events: T[];
  /** Events replaced by a later one with the same key: `[replaced, winner]`. */
  coalesced: [T, T][];
}

/** A batcher over events of type `T`. */
export interface Batcher<T> {
  /** Adds an event at `time`; returns the batch that `time` closed, if any, before adding. */
  add(key: string, event: T, time: number): Batch<T> | null;
  /** Flushes the open batch if its window has ended by `now`. */
  due(now: number): Batch<T> | null;
  /** Flushes the open batch now, whatever its age. */
  flush(now: number): Batch<T> | null;
  /** When the open batch's window ends, or null when none is open. */
  dueAt(): number | null;
  /** Events waiting in the open batch. */
  readonly pending: number;
}

/** Creates a batcher with a `windowMs` window (defaults to 50 ms). */
export function createBatcher<T>(windowMs = 50): Batcher<T> {
  let nextId = 1;
  let openedAt = 0;
  // `replaced` is allocated only when a key is actually coalesced.
  let pending = new Map<string, { event: T; replaced: T[] | null }>();

  function close(now: number): Batch<T> | null {
    if (pending.size === 0) return null;
    const events: T[] = [];
    const coalesced: [T, T][] = [];
    for (const { event, replaced } of pending.values()) {
      events.push(event);
      if (replaced) for (const old of replaced) coalesced.push([old, event]);
    }
    pending = new Map();
    return { id: nextId++, openedAt, flushedAt: now, events, coalesced };
  }

  function due(now: number): Batch<T> | null {
    return pending.size > 0 && now >= openedAt + windowMs ? close(openedAt + windowMs) : null;
  }

  return {
    add(key, event, time) {
      const flushed = due(time);
      if (pending.size === 0) openedAt = time;
      const slot = pending.get(key);
      if (slot) {
        (slot.replaced ??= []).push(slot.event);
        slot.event = event;
      } else {
        pending.set(key, { event, replaced: null });
      }
      return flushed;
    },
    due,
    flush: (now) => close(now),
    dueAt: () => (pending.size > 0 ? openedAt + windowMs : null),
    get pending() {
      let n = 0;
      for (const slot of pending.values()) n += 1 + (slot.replaced?.length ?? 0);
      return n;
    },
  };
}
