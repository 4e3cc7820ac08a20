import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBatcher, type Batch } from '../../../lib/engine/batcher';

describe('batcher', () => {
  it('coalesces by key inside the window, last write wins, first position kept', () => {
    const batcher = createBatcher<string>(50);
    batcher.add('card.updated:c1', 'a', 0);
    batcher.add('ui.themeChanged:global', 'b', 10);
    batcher.add('card.updated:c1', 'c', 20);
    expect(batcher.due(49)).toBeNull();
    const batch = batcher.due(50)!;
    expect(batch).toMatchObject({ id: 1, openedAt: 0, flushedAt: 50, events: ['c', 'b'], coalesced: [['a', 'c']] });
  });

  it('closes a window when a later event arrives after it', () => {
    const batcher = createBatcher<string>(50);
    batcher.add('k', 'a', 0);
    const closed = batcher.add('k', 'b', 70);
    expect(closed).toMatchObject({ events: ['a'], flushedAt: 50 });
    expect(batcher.dueAt()).toBe(120);
  });

  it('loses and duplicates nothing: every event is either delivered or coalesced, once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 40 })), { maxLength: 100 }), (steps) => {
        const batcher = createBatcher<number>(50);
        const batches: Batch<number>[] = [];
        let now = 0;
        steps.forEach(([key, dt], i) => {
          now += dt;
          const closed = batcher.add(key, i, now);
          if (closed) batches.push(closed);
        });
        const last = batcher.flush(now);
        if (last) batches.push(last);
        const seen = batches.flatMap((b) => [...b.events, ...b.coalesced.map(([old]) => old)]).sort((x, y) => x - y);
        expect(seen).toEqual(steps.map((_, i) => i));
        for (const b of batches) for (const [old, winner] of b.coalesced) expect(old).toBeLessThan(winner);
      }),
    );
  });
});
