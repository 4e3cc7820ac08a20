import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeduplicator } from '../../../lib/engine/dedup';

/** The seed's EventDeduplicator, with the clock injected (reference behaviour). */
function seedIsDuplicate(recent: Map<string, number>, key: string, now: number, windowMs: number): boolean {
  const lastSeen = recent.get(key);
  if (lastSeen && now - lastSeen < windowMs) return true;
  recent.set(key, now);
  return false;
}

describe('deduplicator', () => {
  it('gives the seed’s verdicts while its key cap is not reached', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 80 })), { maxLength: 200 }),
        fc.integer({ min: 1, max: 300 }),
        (steps, windowMs) => {
          const ours = createDeduplicator<number>({ windowMs, maxKeys: 1000 });
          const recent = new Map<string, number>();
          let now = 1; // the seed treats lastSeen 0 as "never"
          steps.forEach(([key, dt], i) => {
            now += dt;
            expect(ours.check(key, now, i) !== undefined).toBe(seedIsDuplicate(recent, key, now, windowMs));
          });
        },
      ),
    );
  });

  it('names the original a duplicate repeats', () => {
    const dedup = createDeduplicator<string>({ windowMs: 100 });
    dedup.check('card.updated:c1:u1', 0, 'first');
    expect(dedup.check('card.updated:c1:u1', 99, 'second')).toBe('first');
    expect(dedup.check('card.updated:c1:u1', 100, 'third')).toBeUndefined();
  });

  it('holds only keys inside the window (1,000,000 distinct keys)', () => {
    const dedup = createDeduplicator<number>({ windowMs: 100, maxKeys: 1_000_000 });
    let maxHeld = 0;
    for (let i = 0; i < 1_000_000; i++) {
      dedup.check(`k${i}`, i / 100, i); // 100 keys per ms
      maxHeld = Math.max(maxHeld, dedup.size);
    }
    expect(maxHeld).toBeLessThanOrEqual(100 * 100 + 1);
    expect(dedup.evictedEarly).toBe(0);
  });

  it('evicts the oldest keys early past its cap, and counts them', () => {
    const dedup = createDeduplicator<number>({ windowMs: 1000, maxKeys: 3 });
    for (let i = 0; i < 5; i++) dedup.check(`k${i}`, i, i);
    expect(dedup.size).toBe(3);
    expect(dedup.evictedEarly).toBe(2);
    expect(dedup.check('k0', 5, 9)).toBeUndefined(); // forgotten early: let through
    expect(dedup.check('k4', 5, 9)).toBe(4);
  });
});
