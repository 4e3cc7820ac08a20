import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parityChecks } from '../../../lib/parity/health';
import { computeOptimistic } from '../../../lib/parity/optimistic';
import { DEFAULT_PARITY_SETTINGS } from '../../../lib/parity/pairing';
import { initialFlagState, setFlags } from '../../../lib/flags/tab-flags';
import { phasePreset } from '../../../lib/flags/phases';
import type { CapturedEvent } from '../../../lib/protocol';

let n = 0;
function event(source: string, type: string, data: unknown, t: number): CapturedEvent {
  n += 1;
  return { id: n, key: `${source}#${n}`, streamId: source, seq: n, source, type, data: JSON.stringify(data), lastEventId: '', size: 1, truncated: false, pageTime: t, hubTime: t, flags: 0 };
}
const update = (cardId: string, title: string, t: number) => event('legacy:optimistic', 'card.updated', { key: cardId, data: { cardId, updates: { title } } }, t);
const confirmation = (cardId: string, updates: unknown, t: number) => event('eventsource', 'card.updated', { eventType: 'card.updated', eventData: { cardId, updates }, userId: 'u-1', timestamp: t }, t);
const options = (now: number) => ({ timeoutMs: 5_000, keyFields: ['cardId', 'sessionId'], ignoredFields: DEFAULT_PARITY_SETTINGS.ignoredFields, now });

describe('optimistic updates and their confirmations', () => {
  it('classes confirmed, differs, unconfirmed (past the timeout) and pending; each confirmation serves one update', () => {
    const events = [
      update('c1', 'A', 1_000),
      confirmation('c1', { title: 'A' }, 1_040),
      update('c2', 'B', 1_000),
      confirmation('c2', { name: 'B' }, 1_100),
      update('c3', 'C', 1_000),
      // A confirmation of another card, and one too late.
      confirmation('c9', { title: 'C' }, 1_050),
      confirmation('c3', { title: 'C' }, 7_000),
      update('c1', 'A2', 9_000),
    ];
    const report = computeOptimistic(events, options(10_000));
    expect(report.entries.map((e) => [e.key, e.class])).toEqual([
      ['c1', 'confirmed'],
      ['c2', 'differs'],
      ['c3', 'unconfirmed'],
      ['c1', 'pending'],
    ]);
    expect(report.entries[1]!.diff.map((d) => d.path)).toEqual(['updates.title']);
    expect(report.counts).toEqual({ confirmed: 1, differs: 1, unconfirmed: 1, pending: 1 });
    expect([report.p50, report.max]).toEqual([100, 100]);
  });

  it('does not depend on the order events arrive in', () => {
    const events = [update('c1', 'A', 1_000), confirmation('c1', { title: 'A' }, 1_200), update('c1', 'B', 1_300), confirmation('c1', { title: 'B' }, 1_400), update('c2', 'C', 1_000)];
    const expected = computeOptimistic(events, options(20_000)).entries.map((e) => [e.report.key, e.class, e.confirmation?.key ?? null]);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(computeOptimistic(shuffled, options(20_000)).entries.map((e) => [e.report.key, e.class, e.confirmation?.key ?? null])).toEqual(expected);
      }),
    );
  });
});

describe('parity in phase health', () => {
  const dualRun = (at: number) => setFlags(initialFlagState(), phasePreset(3), 'phase', at);
  const legacyCard = (cardId: string, t: number) => event('legacy:conversation-bridge', 'card.updated', { cardId, updates: { title: 'x' } }, t);
  const sseCard = (cardId: string, t: number) => event('eventsource', 'card.updated', { eventType: 'card.updated', eventData: { cardId, updates: { title: 'x' } } }, t);

  it('passes at 100 %, warns under 99 %, fails under 95 %, naming the worst type; extras do not count; young events wait', () => {
    const state = dualRun(0);
    const run = (missing: number, extra = 0) => {
      const events: CapturedEvent[] = [];
      for (let i = 0; i < 100; i++) {
        events.push(legacyCard(`c${i}`, 2_000 + i));
        if (i >= missing) events.push(sseCard(`c${i}`, 2_010 + i));
      }
      for (let i = 0; i < extra; i++) events.push(sseCard(`x${i}`, 2_500));
      return parityChecks(state, events, DEFAULT_PARITY_SETTINGS, 10_000).find((c) => c.id === 'parity-card')!;
    };
    expect(run(0, 5)).toMatchObject({ status: 'pass' });
    expect(run(0, 5).detail).toContain('5 SSE events without a legacy twin (not counted)');
    expect(run(2)).toMatchObject({ status: 'warn' });
    expect(run(6)).toMatchObject({ status: 'fail' });
    expect(run(6).detail).toContain('worst: card.updated 94.0 % (6 missing over SSE)');
    // Legacy events younger than the window are not judged yet: nothing to judge.
    expect(parityChecks(state, [legacyCard('c1', 9_500)], DEFAULT_PARITY_SETTINGS, 10_000).find((c) => c.id === 'parity-card')).toMatchObject({ status: 'idle' });
  });

  it('judges nothing once legacy is off, and only categories whose SSE flag is on', () => {
    expect(parityChecks(setFlags(initialFlagState(), phasePreset(5), 'phase', 0), [legacyCard('c1', 2_000)], DEFAULT_PARITY_SETTINGS, 10_000)).toEqual([]);
    expect(parityChecks(setFlags(initialFlagState(), phasePreset(1), 'phase', 0), [legacyCard('c1', 2_000)], DEFAULT_PARITY_SETTINGS, 10_000).map((c) => c.id)).toEqual(['parity-session']);
  });
});
