import { describe, expect, it } from 'vitest';
import { createPanelOutbox } from '../../../lib/relay/panel-outbox';
import { createTabEngine } from '../../../lib/relay/tab-engine';
import { DEFAULT_HUB_SETTINGS } from '../../../lib/engine/settings';
import { emptyCounters, type CapturedEvent, type EventMark, type HubDecision, type StreamInfo } from '../../../lib/protocol';
import type { TabUpdate } from '../../../lib/relay/relay';

function captured(seq: number, pageTime: number, mark?: EventMark): CapturedEvent {
  return {
    id: seq,
    key: `e1#${seq}`,
    streamId: 'e1',
    seq,
    source: 'eventsource',
    type: 'card.updated',
    data: JSON.stringify({ eventType: 'card.updated', eventData: { cardId: `c${seq}` } }),
    lastEventId: String(seq),
    size: 10,
    truncated: false,
    pageTime,
    hubTime: pageTime,
    flags: 0,
    ...(mark ? { mark } : {}),
  };
}

const counters = (received: number) => ({ ...emptyCounters(), received });
const update = (events: CapturedEvent[], more: Partial<TabUpdate> = {}): TabUpdate => ({ events, streams: [], counters: counters(events.length), errors: [], decisions: [], polls: [], ...more });
const stream = (id: string, events: number) => ({ id, events }) as StreamInfo;

describe('panel outbox', () => {
  it('sends each event with its decision inside it, in one message, once the engine decided it', () => {
    const engine = createTabEngine(DEFAULT_HUB_SETTINGS);
    const outbox = createPanelOutbox({ holdMs: 150 });
    const events = [captured(1, 1000), captured(2, 1010), captured(3, 1020)];
    const immediate: HubDecision[] = [];
    for (const event of events) immediate.push(...engine.push(event));
    outbox.add(update(events, { decisions: immediate, streams: [stream('e1', 3)] }), 1000);
    // Undecided: everything waits with them (the stream's count too).
    expect(outbox.take(1020)).toBeNull();
    expect(outbox.dueIn(1020)).toBe(130);
    // The batch window closes: the engine writes each decision onto its event.
    const decided = engine.advance(1051);
    expect(decided).toHaveLength(3);
    outbox.add(update([], { decisions: decided, counters: counters(3) }), 1051);
    expect(outbox.dueIn(1051)).toBe(0);
    const sent = outbox.take(1051)!;
    expect(sent.events.map((e) => e.key)).toEqual(['e1#1', 'e1#2', 'e1#3']);
    expect(sent.events.map((e) => e.hub?.delivered)).toEqual([1, 2, 3]);
    // Decisions of events that went with them do not travel again.
    expect(sent.decisions).toEqual([]);
    expect(sent.streams).toEqual([stream('e1', 3)]);
    expect(outbox.take(1052)).toBeNull();
    expect(outbox.dueIn(1052)).toBeNull();
    expect(outbox.waiting).toBe(0);
  });

  it('keeps arrival order: a waiting event holds back the decided ones after it until its hold ends', () => {
    const outbox = createPanelOutbox({ holdMs: 100 });
    const [a, b, c] = [captured(1, 0), captured(2, 0), captured(3, 0)];
    outbox.add(update([a!]), 0);
    outbox.add(update([b!, c!]), 40);
    b!.hub = { key: b!.key, eventType: 'card.updated', priority: 'NORMAL', delivered: 1 };
    c!.hub = { key: c!.key, eventType: 'card.updated', priority: 'NORMAL', delivered: 2 };
    expect(outbox.take(60)).toBeNull();
    expect(outbox.dueIn(60)).toBe(40);
    // a waited its 100 ms: it goes undecided, b and c decided behind it.
    const sent = outbox.take(100)!;
    expect(sent.events.map((e) => [e.key, e.hub?.delivered])).toEqual([
      ['e1#1', undefined],
      ['e1#2', 1],
      ['e1#3', 2],
    ]);
    // a's decision, settled later, travels on its own.
    const late: HubDecision = { key: a!.key, eventType: 'card.updated', priority: 'NORMAL', delivered: 3 };
    outbox.add(update([], { decisions: [late] }), 200);
    expect(outbox.take(200)!.decisions).toEqual([late]);
  });

  it('sends what needs no decision (injected events, errors, counters) at once when nothing waits', () => {
    const outbox = createPanelOutbox();
    const injected = captured(1, 0, 'injected');
    outbox.add(update([injected]), 0);
    expect(outbox.take(0)!.events).toEqual([injected]);
    const error = { t: 1, code: 'parse' as const, message: 'bad frame' };
    outbox.add(update([], { errors: [error], counters: counters(7) }), 1);
    const sent = outbox.take(1)!;
    expect(sent.errors).toEqual([error]);
    expect(sent.counters.received).toBe(7);
  });

  it('gathers streams and polls by id (the latest wins), errors up to its cap, the latest counters', () => {
    const outbox = createPanelOutbox({ holdMs: 100, maxErrors: 2 });
    outbox.add(update([captured(1, 0)], { streams: [stream('e1', 1), stream('e2', 1)] }), 0);
    const errors = [1, 2, 3].map((t) => ({ t, code: 'parse' as const, message: `e${t}` }));
    outbox.add(update([], { streams: [stream('e1', 2)], errors, counters: counters(9) }), 10);
    const sent = outbox.take(100)!;
    expect(sent.streams).toEqual([stream('e1', 2), stream('e2', 1)]);
    expect(sent.errors.map((e) => e.t)).toEqual([2, 3]);
    expect(sent.counters.received).toBe(9);
  });

  it('puts a decision on a waiting event that does not have it yet', () => {
    const outbox = createPanelOutbox();
    const event = captured(1, 0);
    outbox.add(update([event]), 0);
    const decision: HubDecision = { key: event.key, eventType: 'card.updated', priority: 'HIGH', delivered: 1 };
    outbox.add(update([], { decisions: [decision] }), 5);
    const sent = outbox.take(5)!;
    expect(sent.events[0]!.hub).toBe(decision);
    expect(sent.decisions).toEqual([]);
  });

  it('forgets everything on clear', () => {
    const outbox = createPanelOutbox();
    outbox.add(update([captured(1, 0)], { errors: [{ t: 1, code: 'parse', message: 'x' }] }), 0);
    outbox.clear();
    expect(outbox.waiting).toBe(0);
    expect(outbox.take(1_000)).toBeNull();
    expect(outbox.dueIn(1_000)).toBeNull();
  });
});
