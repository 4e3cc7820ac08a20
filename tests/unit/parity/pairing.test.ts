import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeParity, DEFAULT_PARITY_SETTINGS } from '../../../lib/parity/pairing';
import { diffPayloads } from '../../../lib/parity/diff';
import type { CapturedEvent } from '../../../lib/protocol';

let n = 0;
function legacy(system: string, type: string, data: unknown, t: number): CapturedEvent {
  n += 1;
  return { id: n, key: `l#${n}`, streamId: `legacy:${system}`, seq: n, source: `legacy:${system}`, type, data: JSON.stringify(data), lastEventId: '', size: 1, truncated: false, pageTime: t, hubTime: t, flags: 0 };
}
function sse(type: string, eventData: unknown, t: number): CapturedEvent {
  n += 1;
  const data = JSON.stringify({ eventType: type, eventData, userId: 'u-1', timestamp: t });
  return { id: n, key: `s#${n}`, streamId: 'e1', seq: n, source: 'eventsource', type, data, lastEventId: String(n), size: 1, truncated: false, pageTime: t, hubTime: t, flags: 0 };
}

describe('parity pairing', () => {
  it('classes each pair and orphan: matched, late, payload differs, missing and extra', () => {
    const events = [
      legacy('conversation-bridge', 'card.updated', { cardId: 'c1', title: 'A', timestamp: 1 }, 1000),
      sse('card.updated', { cardId: 'c1', title: 'A', timestamp: 2 }, 1100),
      legacy('conversation-bridge', 'card.updated', { cardId: 'c2', title: 'B' }, 1000),
      sse('card.updated', { cardId: 'c2', title: 'B' }, 1900),
      legacy('conversation-bridge', 'card.created', { cardId: 'c3', title: 'C' }, 1000),
      sse('card.created', { cardId: 'c3', name: 'C' }, 1050),
      legacy('conversation-bridge', 'card.deleted', { cardId: 'c4' }, 1000),
      sse('card.deleted', { cardId: 'c9' }, 1010),
      // Outside the 2 s window: not a twin.
      legacy('session-provider', 'session.started', { sessionId: 's-1' }, 1000),
      sse('session.started', { sessionId: 's-1' }, 3500),
    ];
    const report = computeParity(events, DEFAULT_PARITY_SETTINGS);
    const classes = report.entries.map((e) => [e.class, e.type, (e.legacy ?? e.sse)!.key]);
    expect(classes).toEqual(
      expect.arrayContaining([
        ['matched', 'card.updated', 'l#1'],
        ['late', 'card.updated', 'l#3'],
        ['differs', 'card.created', 'l#5'],
        ['missing', 'card.deleted', 'l#7'],
        ['extra', 'card.deleted', 's#8'],
        ['missing', 'session.started', 'l#9'],
        ['extra', 'session.started', 's#10'],
      ]),
    );
    expect(report.entries).toHaveLength(7);
    const differs = report.entries.find((e) => e.class === 'differs')!;
    expect(differs.diff).toEqual([
      { path: 'name', legacy: undefined, sse: 'C' },
      { path: 'title', legacy: 'C', sse: undefined },
    ]);
    expect(report.total).toMatchObject({ matched: 1, late: 1, differs: 1, missing: 2, extra: 2 });
    expect(report.total.rate).toBeCloseTo(2 / 7);
    expect(report.byType.get('card.updated')).toMatchObject({ matched: 1, late: 1, p50: 900, max: 900 });
    expect(report.bySystem.get('conversation-bridge')).toMatchObject({ matched: 1, late: 1, differs: 1, missing: 1 });
  });

  it('is order-independent and puts each event in at most one pair, for any arrival order and window', () => {
    const pool = fc.record({ card: fc.constantFrom('c1', 'c2'), t: fc.integer({ min: 0, max: 5000 }), side: fc.boolean() });
    fc.assert(
      fc.property(fc.array(pool, { maxLength: 30 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 1_000_000 }), (specs, windowMs, seed) => {
        const events = specs.map((s) => (s.side ? legacy('session-tracker', 'card.viewed', { cardId: s.card }, s.t) : sse('card.viewed', { cardId: s.card }, s.t)));
        const shuffled = [...events].sort((a, b) => ((a.id * 7919 + seed) % 101) - ((b.id * 7919 + seed) % 101));
        const settings = { ...DEFAULT_PARITY_SETTINGS, windowMs };
        const one = computeParity(events, settings);
        const two = computeParity(shuffled, settings);
        const view = (r: typeof one) => r.entries.map((e) => `${e.class}:${e.legacy?.key ?? '-'}:${e.sse?.key ?? '-'}`).sort();
        expect(view(two)).toEqual(view(one));
        const seen = one.entries.flatMap((e) => [e.legacy?.key, e.sse?.key].filter(Boolean));
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBe(events.length);
        // Pairs never span more than the window, nor mix keys.
        for (const e of one.entries) {
          if (e.legacy && e.sse) expect(Math.abs(e.sse.pageTime - e.legacy.pageTime)).toBeLessThanOrEqual(windowMs);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('diffs nested payloads and ignores volatile fields at any depth', () => {
    expect(diffPayloads({ a: { b: [1, 2], timestamp: 1 }, id: 'x' }, { a: { b: [1, 3], timestamp: 2 }, id: 'y' }, ['timestamp', 'id'])).toEqual([{ path: 'a.b[1]', legacy: 2, sse: 3 }]);
    expect(diffPayloads('same', 'same', [])).toEqual([]);
  });
  it('a twin that never came leaves its own legacy event missing, not every later pair shifted (a dense stream of one key)', () => {
    const events: CapturedEvent[] = [];
    const dropped = new Set([7]);
    for (let k = 0; k < 20; k++) {
      events.push(legacy('session-tracker', 'card.viewed', { cardId: 'c1', n: k }, 1_000 + k * 167));
      if (!dropped.has(k)) events.push(sse('card.viewed', { cardId: 'c1', n: k }, 1_010 + k * 167));
    }
    const report = computeParity(events, DEFAULT_PARITY_SETTINGS, 100_000);
    expect(report.total).toMatchObject({ matched: 19, missing: 1, late: 0, extra: 0 });
    expect(report.entries.find((e) => e.class === 'missing')!.legacy!.pageTime).toBe(1_000 + 7 * 167);
  });

  it('pairs each legacy event with its own copy when the copies lag by more than the events are apart, by payload', () => {
    const events: CapturedEvent[] = [];
    for (let k = 0; k < 20; k++) {
      // `step` tells the events apart (it is not one of the ignored volatile fields); the lag varies.
      events.push(legacy('session-provider', 'session.activity', { sessionId: 's-1', step: k }, 1_000 + k * 20));
      events.push(sse('session.activity', { sessionId: 's-1', step: k }, 1_050 + k * 20 + (k % 3) * 7));
    }
    const report = computeParity(events, DEFAULT_PARITY_SETTINGS, 100_000);
    expect(report.total).toMatchObject({ matched: 20, missing: 0, extra: 0, differs: 0 });
    for (const entry of report.entries) expect(JSON.parse(entry.sse!.data).eventData.step).toBe(JSON.parse(entry.legacy!.data).step);
  });

  it('pairs alike events whose timer bunched (a late tick, then one catching up) on the type’s usual lag, not as one missing and one extra', () => {
    const events: CapturedEvent[] = [];
    // A 167 ms interval timer on a busy machine: tick 3 fires 150 ms late, tick 4 on schedule 17 ms after it.
    const ticks = [0, 167, 334, 651, 668, 835, 1_002, 1_319, 1_336, 1_503].map((t) => 1_000 + t);
    ticks.forEach((t, k) => {
      // Alike but for the ignored `tick`; each copy 30-40 ms behind its original.
      events.push(legacy('session-provider', 'session.activity', { sessionId: 's-1', tick: k }, t));
      events.push(sse('session.activity', { sessionId: 's-1', tick: k }, t + 30 + (k % 2) * 10));
    });
    const report = computeParity(events, DEFAULT_PARITY_SETTINGS, 100_000);
    expect(report.total).toMatchObject({ matched: 10, missing: 0, extra: 0 });
    // Each latency is the copy's own.
    expect(report.entries.map((e) => e.latencyMs)).toEqual(ticks.map((_, k) => 30 + (k % 2) * 10));
  });

  it('live, leaves an orphan younger than the window unclassed: its twin may be on its way', () => {
    const events = [legacy('conversation-bridge', 'card.updated', { cardId: 'c1' }, 9_000), sse('card.updated', { cardId: 'c2' }, 9_500), legacy('conversation-bridge', 'card.updated', { cardId: 'c3' }, 1_000)];
    const live = computeParity(events, DEFAULT_PARITY_SETTINGS, 10_000);
    expect(live.entries.map((e) => [e.class, (e.legacy ?? e.sse)!.key])).toEqual([['missing', events[2]!.key]]);
    expect(live.waiting).toBe(2);
    expect(computeParity(events, DEFAULT_PARITY_SETTINGS).entries).toHaveLength(3);
  });

  it('from when the dual run began: a twin just after it pairs with its legacy event just before it, and neither is reported', () => {
    const since = 5_000;
    const events = [
      // Before the start, twin after it: paired, not reported (without the pairing, the twin read as extra).
      legacy('conversation-bridge', 'card.updated', { cardId: 'c1' }, 4_990),
      sse('card.updated', { cardId: 'c1' }, 5_080),
      // Before the start, without a twin: not reported either.
      legacy('conversation-bridge', 'card.updated', { cardId: 'c2' }, 4_000),
      // From the start: reported as ever.
      legacy('conversation-bridge', 'card.updated', { cardId: 'c3' }, 5_200),
      sse('card.updated', { cardId: 'c3' }, 5_260),
      sse('card.updated', { cardId: 'c4' }, 5_300),
      sse('ui.themeChanged', { theme: 'dark' }, 4_900),
    ];
    const report = computeParity(events, DEFAULT_PARITY_SETTINGS, 100_000, since);
    expect(report.entries.map((e) => [e.class, (e.legacy ?? e.sse)!.key])).toEqual([
      ['matched', events[3]!.key],
      ['extra', events[5]!.key],
    ]);
    expect(report.total).toMatchObject({ matched: 1, extra: 1, missing: 0 });
    // The same events from the start only: the first twin has no legacy event and reads as extra.
    expect(computeParity(events.filter((e) => e.pageTime >= since), DEFAULT_PARITY_SETTINGS, 100_000).total).toMatchObject({ matched: 1, extra: 2 });
  });
});
