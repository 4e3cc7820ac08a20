import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../../lib/panel-store/coalesce';

describe('message coalescer', () => {
  it('applies every message, in order, in one timer task per interval', () => {
    const applied: number[] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    const receive = createCoalescer<number>({ apply: (m) => applied.push(m), setTimer: (fn, ms) => timers.push({ fn, ms }) });
    receive(1);
    receive(2);
    receive(3);
    expect(applied).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(100);
    timers.shift()!.fn();
    expect(applied).toEqual([1, 2, 3]);
    receive(4);
    expect(timers).toHaveLength(1);
    timers.shift()!.fn();
    expect(applied).toEqual([1, 2, 3, 4]);
  });
});
