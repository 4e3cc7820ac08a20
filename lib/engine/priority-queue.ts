/**
 * Four-level priority queue with O(1) enqueue and dequeue (ring-buffer deques, not
 * the seed's `Array.shift()`, which is O(n) per dequeue). Order within a level is
 * kept. Anti-starvation rule: each dequeue that serves a higher level while a lower
 * level waits counts as a pass-over for that lower level; once a level has been
 * passed over `starvationLimit` times, the next dequeue serves it (its oldest event)
 * and its count resets. So a waiting LOW event is served at least once every
 * `starvationLimit + 1` dequeues, however busy CRITICAL is.
 */

/** A growable FIFO ring. */
class Deque<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  length = 0;

  push(item: T): void {
    if (this.length === this.items.length) {
      const grown: (T | undefined)[] = new Array(this.items.length * 2);
      for (let i = 0; i < this.length; i++) grown[i] = this.items[(this.head + i) % this.items.length];
      this.items = grown;
      this.head = 0;
    }
    this.items[(this.head + this.length) % this.items.length] = item;
    this.length += 1;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.length -= 1;
    return item;
  }
}

/** A priority queue over `levels` levels; level 0 is the highest. */
export interface PriorityQueue<T> {
  enqueue(item: T, level: number): void;
  /** The next item by priority and the anti-starvation rule, with its level. */
  dequeue(): { item: T; level: number } | null;
  /** Items waiting per level. */
  depths(): number[];
  readonly size: number;
}

/** Creates a priority queue. `starvationLimit` defaults to 8. */
export function createPriorityQueue<T>(levels = 4, starvationLimit = 8): PriorityQueue<T> {
  const queues = Array.from({ length: levels }, () => new Deque<T>());
  const passedOver = new Array<number>(levels).fill(0);
  let size = 0;

  function take(level: number): { item: T; level: number } {
    size -= 1;
    passedOver[level] = 0;
    for (let lower = level + 1; lower < levels; lower++) if (queues[lower]!.length > 0) passedOver[lower]! += 1;
    return { item: queues[level]!.shift() as T, level };
  }

  return {
    enqueue(item, level) {
      queues[level]!.push(item);
      size += 1;
    },
    dequeue() {
      if (size === 0) return null;
      // A starved level goes first, the lowest (longest-suffering kind) first.
      for (let level = levels - 1; level > 0; level--) {
        if (passedOver[level]! >= starvationLimit && queues[level]!.length > 0) return take(level);
      }
      for (let level = 0; level < levels; level++) if (queues[level]!.length > 0) return take(level);
      return null;
    },
    depths: () => queues.map((q) => q.length),
    get size() {
      return size;
    },
  };
}
