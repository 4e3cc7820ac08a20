import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPriorityQueue } from '../../../lib/engine/priority-queue';

describe('priority queue', () => {
  it('serves by level and keeps order within a level (no starvation rule in play)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 300 }), (levels) => {
        const queue = createPriorityQueue<number>(4, Number.MAX_SAFE_INTEGER);
        levels.forEach((level, i) => queue.enqueue(i, level));
        const out: number[] = [];
        for (let next = queue.dequeue(); next; next = queue.dequeue()) out.push(next.item);
        const expected = levels.map((level, i) => ({ level, i })).sort((a, b) => a.level - b.level || a.i - b.i).map((x) => x.i);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('never starves LOW: a waiting LOW event is served within starvationLimit + 1 dequeues', () => {
    const limit = 4;
    const queue = createPriorityQueue<string>(4, limit);
    queue.enqueue('low', 3);
    for (let i = 0; i < 100; i++) queue.enqueue(`critical-${i}`, 0);
    const order: string[] = [];
    for (let i = 0; i < limit + 1; i++) order.push(queue.dequeue()!.item);
    expect(order).toContain('low');
    expect(order.indexOf('low')).toBe(limit);
  });

  it('loses and duplicates nothing under any interleaving, and reports depths', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(-1)), { maxLength: 300 }), fc.integer({ min: 1, max: 6 }), (ops, limit) => {
        const queue = createPriorityQueue<number>(4, limit);
        const out: number[] = [];
        let pushed = 0;
        ops.forEach((op) => {
          if (op < 0) {
            const next = queue.dequeue();
            if (next) out.push(next.item);
          } else queue.enqueue(pushed++, op);
        });
        expect(queue.depths().reduce((a, b) => a + b, 0)).toBe(queue.size);
        for (let next = queue.dequeue(); next; next = queue.dequeue()) out.push(next.item);
        expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: pushed }, (_, i) => i));
      }),
    );
  });

  it('drains 1,000,000 events (constant-time operations)', () => {
    const queue = createPriorityQueue<number>();
    for (let i = 0; i < 1_000_000; i++) queue.enqueue(i, i % 4);
    let n = 0;
    while (queue.dequeue()) n += 1;
    expect(n).toBe(1_000_000);
  });
});
