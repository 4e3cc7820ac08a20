import { describe, expect, it } from 'vitest';
import { createHubEngine, type EngineEvent } from '../../../lib/engine/engine';
import { DEFAULT_HUB_SETTINGS, normalizeSettings } from '../../../lib/engine/settings';
import type { HubDecision } from '../../../lib/protocol';

let n = 0;
function ev(type: string, time: number, eventData: Record<string, unknown> = {}, userId = 'u1', sseName = type): EngineEvent {
  n += 1;
  return { key: `k${n}`, type: sseName, time, data: JSON.stringify({ eventType: type, eventData, sessionId: 's1', userId, timestamp: time }) };
}

function run(events: EngineEvent[], settings = DEFAULT_HUB_SETTINGS) {
  const engine = createHubEngine(settings);
  const decisions: HubDecision[] = [];
  for (const e of events) decisions.push(...engine.push(e));
  decisions.push(...engine.finish(events.at(-1)!.time + 1000));
  return { decisions, stats: engine.stats() };
}

/** The known burst the e2e test sends too. */
function burst(): EngineEvent[] {
  const big = { blob: 'card text '.repeat(150) };
  return [
    ...Array.from({ length: 10 }, (_, i) => ev('card.updated', 1000 + i * 2, { cardId: 'c1' })),
    ev('session.started', 1020),
    ev('ui.themeChanged', 1020, { theme: 'dark' }),
    ev('ui.buttonClick', 1021, { buttonId: 'b1' }),
    ev('card.created', 1300, { cardId: 'c7', ...big }),
    ev('card.created', 1301, { cardId: 'c8', ...big }),
    ev('card.created', 1302, { cardId: 'c9', ...big }),
    ev('card.updated', 1600, { cardId: 'c2' }, 'u1'),
    ev('card.updated', 1610, { cardId: 'c2' }, 'u2'),
  ];
}

describe('hub engine', () => {
  it('decides every event exactly once', () => {
    const events = burst();
    const { decisions } = run(events);
    expect(decisions.map((d) => d.key).sort()).toEqual(events.map((e) => e.key).sort());
  });

  it('finds the burst’s duplicates, batches, coalesced events, compression and priorities', () => {
    const { decisions, stats } = run(burst());
    expect(stats).toMatchObject({ events: 18, duplicates: 9, batches: 3, coalesced: 1, compressed: 3, delivered: 8 });
    expect(stats.bytesSaved).toBeGreaterThan(0);
    expect(stats.byPriority.CRITICAL.captured).toBe(15);
    expect(stats.byPriority.HIGH.captured).toBe(1);
    expect(stats.byPriority.NORMAL.captured).toBe(1);
    expect(stats.byPriority.LOW.captured).toBe(1);
    const first = decisions.find((d) => d.key === decisions.find((x) => x.duplicateOf)!.duplicateOf)!;
    expect(first.eventType).toBe('card.updated');
    expect(first.delivered).toBeDefined();
    expect(decisions.filter((d) => d.coalescedInto)).toHaveLength(1);
    expect(stats.topDuplicateKeys[0]).toEqual({ key: 'card.updated:c1:u1', count: 9 });
  });

  it('delivers a batch in priority order, and measures the wait', () => {
    const { decisions } = run([
      ev('ui.buttonClick', 0, { buttonId: 'b' }),
      ev('session.started', 1),
      ev('card.deleted', 2, { cardId: 'c1' }),
      ev('ui.themeChanged', 3),
    ]);
    const delivered = decisions.filter((d) => d.delivered).sort((a, b) => a.delivered! - b.delivered!);
    expect(delivered.map((d) => d.priority)).toEqual(['CRITICAL', 'HIGH', 'NORMAL', 'LOW']);
    expect(delivered.map((d) => d.waitMs)).toEqual([48, 49, 47, 50]);
  });

  it('takes the event type from the JSON when the SSE name is the generic "message"', () => {
    const { decisions } = run([ev('card.updated', 0, { cardId: 'c1' }, 'u1', 'message'), ev('x.custom', 1, {}, 'u1', 'message')]);
    expect(decisions.map((d) => [d.eventType, d.priority])).toEqual(
      expect.arrayContaining([['card.updated', 'CRITICAL'], ['x.custom', 'NORMAL']]),
    );
  });

  it('recomputes under other settings (what-if): a wider dedup window finds more duplicates', () => {
    const events = [0, 150, 300].map((t) => ev('card.updated', t, { cardId: 'c1' }));
    expect(run(events).stats.duplicates).toBe(0);
    expect(run(events, normalizeSettings({ ...DEFAULT_HUB_SETTINGS, dedupWindowMs: 250 })).stats.duplicates).toBe(1);
  });

  it('with a delivery budget, queues the rest and still delivers everything in the end', () => {
    const events = Array.from({ length: 20 }, (_, i) => ev('card.updated', i, { cardId: `c${i}` }));
    const { decisions, stats } = run(events, normalizeSettings({ ...DEFAULT_HUB_SETTINGS, deliveryBudget: 5 }));
    const delivered = decisions.filter((d) => d.delivered);
    expect(delivered).toHaveLength(20);
    expect(stats.byPriority.CRITICAL.maxDepth).toBe(20);
    // Four drains, one window apart (t = 50, 100, 150, 200); the last five arrived at t = 15–19.
    expect(Math.max(...delivered.map((d) => d.waitMs!))).toBe(200 - 15);
  });

  it('rejects nonsense settings field by field', () => {
    const s = normalizeSettings({ dedupWindowMs: -5, batchWindowMs: 'x', registry: [{ match: 'a.*', priority: 'URGENT' }, { match: 'b', priority: 'LOW' }] });
    expect(s.dedupWindowMs).toBe(100);
    expect(s.batchWindowMs).toBe(50);
    expect(s.registry).toEqual([{ match: 'b', priority: 'LOW', persistence: false, broadcast: false, routes: [] }]);
  });
});
