/** A FIFO bounded by item count and by total size; the oldest items leave first. */

/** Options for {@link createRingBuffer}. */
export interface RingBufferOptions {
  /** Most items held. */
  maxItems: number;
  /** Most total size held (in the caller's unit, e.g. UTF-16 units). */
  maxSize: number;
}

/** A bounded FIFO. */
export interface RingBuffer<T> {
  /** Adds an item; returns how many old items were evicted to make room. */
  push(item: T, size: number): number;
  /** Items from oldest to newest. */
  toArray(): T[];
  /** The `back`-th newest item (0: the newest), or undefined past the oldest. */
  fromNewest(back: number): T | undefined;
  clear(): void;
  readonly length: number;
  readonly size: number;
}

/** Creates a ring buffer. An item larger than `maxSize` on its own is still kept (alone). */
export function createRingBuffer<T>(options: RingBufferOptions): RingBuffer<T> {
  const capacity = Math.max(1, options.maxItems);
  const items: (T | undefined)[] = new Array<T | undefined>(capacity);
  const sizes = new Float64Array(capacity);
  let head = 0; // index of the oldest item
  let count = 0;
  let total = 0;

  function evictOldest(): void {
    items[head] = undefined;
    total -= sizes[head]!;
    head = (head + 1) % capacity;
    count -= 1;
  }

  return {
    push(item, size) {
      let evicted = 0;
      while (count > 0 && (count >= capacity || total + size > options.maxSize)) {
        evictOldest();
        evicted += 1;
      }
      const at = (head + count) % capacity;
      items[at] = item;
      sizes[at] = size;
      count += 1;
      total += size;
      return evicted;
    },
    toArray() {
      const out: T[] = [];
      for (let i = 0; i < count; i++) out.push(items[(head + i) % capacity] as T);
      return out;
    },
    fromNewest(back) {
      return back >= 0 && back < count ? (items[(head + count - 1 - back) % capacity] as T) : undefined;
    },
    clear() {
      items.fill(undefined);
      head = 0;
      count = 0;
      total = 0;
    },
    get length() {
      return count;
    },
    get size() {
      return total;
    },
  };
}
