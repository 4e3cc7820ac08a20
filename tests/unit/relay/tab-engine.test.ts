import { describe, expect, it } from 'vitest';
import { createTabEngine } from '../../../lib/relay/tab-engine';
import { DEFAULT_HUB_SETTINGS, normalizeSettings } from '../../../lib/engine/settings';
import type { CapturedEvent, HubDecision } from '../../../lib/protocol';

function captured(seq: number, pageTime: number, cardId: string, userId = 'u1'): CapturedEvent {
  return {
    id: seq,
    key: `e1#${seq}`,
    streamId: 'e1',
    seq,
    source: 'eventsource',
    type: 'card.updated',
    data: JSON.stringify({ eventType: 'card.updated', eventData: { cardId }, userId }),
    lastEventId: String(seq),
    size: 10,
    truncated: false,
    pageTime,
    hubTime: pageTime,
    flags: 0,
  };
}

describe('tab hub', () => {
  it('applies new settings while a batch is open: the open batch settles under the old ones, every event once', () => {
    const hub = createTabEngine(DEFAULT_HUB_SETTINGS);
    const events = [captured(1, 1000, 'c1'), captured(2, 1010, 'c2'), captured(3, 1020, 'c1', 'u2')];
    const decisions: HubDecision[] = [];
    for (const event of events) decisions.push(...hub.push(event));
    // Nothing settled yet (the third is no duplicate: another user): the 50 ms batch is open.
    expect(decisions).toEqual([]);
    const next = normalizeSettings({ ...DEFAULT_HUB_SETTINGS, batchWindowMs: 200 });
    decisions.push(...hub.setSettings(next, 1030));
    expect(hub.settings.batchWindowMs).toBe(200);
    expect(decisions.map((d) => d.key).sort()).toEqual(events.map((e) => e.key).sort());
    // The open batch coalesced c1 under the old settings; each event carries its decision.
    expect(events[0]!.hub?.coalescedInto).toBe('e1#3');
    expect(events.every((e) => e.hub !== undefined)).toBe(true);
    // The new window applies to what follows: an event at 1100 is not flushed at 1150.
    const later = captured(4, 1100, 'c3');
    expect(hub.push(later)).toEqual([]);
    expect(hub.advance(1160)).toEqual([]);
    expect(hub.advance(1300).map((d) => d.key)).toEqual(['e1#4']);
  });

  it('applies new settings with nothing in flight', () => {
    const hub = createTabEngine(DEFAULT_HUB_SETTINGS);
    expect(hub.setSettings(normalizeSettings({ ...DEFAULT_HUB_SETTINGS, dedupWindowMs: 10 }), 5)).toEqual([]);
    expect(hub.settings.dedupWindowMs).toBe(10);
  });
});
