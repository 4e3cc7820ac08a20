import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../../lib/panel-store/coalesce';

describe('message coalescer', () => {
  it('applies every message, in order, in one timer task per interval; waits longer while messages keep coming', () => {
    const applied: number[] = [];
    const groups: number[][] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    let clock = 10_000;
    const receive = createCoalescer<number>({ apply: (m) => (applied.push(...m), groups.push(m)), setTimer: (fn, ms) => timers.push({ fn, ms }), now: () => clock });
    receive(1);
    receive(2);
    receive(3);
    expect(applied).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(100); // after a quiet spell: soon
    timers.shift()!.fn();
    expect(applied).toEqual([1, 2, 3]);
    expect(groups).toEqual([[1, 2, 3]]);
    clock += 300;
    receive(4);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(250); // a steady flow: fewer renders
    timers.shift()!.fn();
    expect(applied).toEqual([1, 2, 3, 4]);
    clock += 5_000;
    receive(5);
    expect(timers[0]!.ms).toBe(100);
  });

  it('applies an immediate message at once, after what was queued before it', () => {
    const applied: string[] = [];
    const timers: (() => void)[] = [];
    const groups: string[][] = [];
    const receive = createCoalescer<string>({ apply: (m) => (applied.push(...m), groups.push(m)), setTimer: (fn) => timers.push(fn), immediate: (m) => m.startsWith('now') });
    receive('a');
    receive('now-b');
    expect(applied).toEqual(['a', 'now-b']);
    receive('c');
    timers.forEach((fn) => fn());
    expect(applied).toEqual(['a', 'now-b', 'c']);
    // The timer left over from `a` applied `c`; nothing was applied twice or as an empty group.
    expect(groups).toEqual([['a', 'now-b'], ['c']]);
  });
});
