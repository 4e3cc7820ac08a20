import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRingBuffer } from '../../../lib/relay/ring-buffer';

describe('ring buffer', () => {
  it('keeps the newest items within both the count and the size cap, and counts evictions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 100 }),
        (maxItems, maxSize, sizes) => {
          const ring = createRingBuffer<number>({ maxItems, maxSize });
          let evicted = 0;
          sizes.forEach((size, i) => (evicted += ring.push(i, size)));
          const kept = ring.toArray();
          expect(kept.length + evicted).toBe(sizes.length);
          // Kept items are the newest, in order.
          expect(kept).toEqual(sizes.map((_, i) => i).slice(sizes.length - kept.length));
          expect(kept.length).toBeLessThanOrEqual(maxItems);
          const total = kept.reduce((sum, i) => sum + sizes[i]!, 0);
          expect(ring.size).toBe(total);
          // Over the size cap only when a single item is bigger than the cap.
          if (kept.length > 1) expect(total).toBeLessThanOrEqual(maxSize);
        },
      ),
    );
  });

  it('clears', () => {
    const ring = createRingBuffer<string>({ maxItems: 2, maxSize: 10 });
    ring.push('a', 1);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.size).toBe(0);
    ring.push('b', 1);
    expect(ring.toArray()).toEqual(['b']);
  });
});
