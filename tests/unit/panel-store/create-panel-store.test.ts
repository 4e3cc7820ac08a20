import { describe, expect, it } from 'vitest';
import { createPanelStore } from '../../../lib/panel-store/create-panel-store';
import { createHubEngine } from '../../../lib/engine/engine';
import { DEFAULT_HUB_SETTINGS } from '../../../lib/engine/settings';
import { initialFlagState } from '../../../lib/flags/tab-flags';
import { emptyCounters, envelope, type CapturedEvent, type HubDecision, type TabSnapshot } from '../../../lib/protocol';

const event = (seq: number): CapturedEvent => ({
  id: seq, key: `s#${seq}`, streamId: 's', seq, source: 'eventsource', type: 't', data: 'd', lastEventId: '', size: 1, truncated: false, pageTime: 0, hubTime: 0, flags: 0,
});
const stats = createHubEngine(DEFAULT_HUB_SETTINGS).stats();
const snapshot = (events: CapturedEvent[], reason: TabSnapshot['reason'] = 'connect') =>
  envelope('relay/snapshot', { tabId: 1, reason, streams: [], events, counters: emptyCounters(), errors: [], settings: DEFAULT_HUB_SETTINGS, stats, preserveLog: false, flags: initialFlagState(), polls: [], pageUrl: null });
const batch = (events: CapturedEvent[], decisions: HubDecision[] = []) =>
  envelope('relay/batch', { events, streams: [], counters: emptyCounters(), errors: [], decisions, polls: [] });
const decision = (seq: number, delivered?: number): HubDecision => ({ key: `s#${seq}`, eventType: 't', priority: 'NORMAL', delivered });

describe('panel store', () => {
  it('merges a reconnect snapshot without duplicating rows, and replaces on clear or navigation', () => {
    const store = createPanelStore({ tabId: 1 });
    store.getState().receive(snapshot([event(1), event(2)]));
    store.getState().receive(batch([event(3)]));
    store.getState().receive(snapshot([event(2), event(3), event(4)]));
    expect(store.getState().events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    store.getState().receive(snapshot([event(9)], 'navigate'));
    expect(store.getState().events.map((e) => e.seq)).toEqual([9]);
  });

  it('holds events while paused and appends them all on resume', () => {
    const store = createPanelStore({ tabId: 1 });
    store.getState().receive(batch([event(1)]));
    store.getState().togglePause();
    store.getState().receive(batch([event(2), event(3)]));
    expect(store.getState().events).toHaveLength(1);
    expect(store.getState().held).toHaveLength(2);
    store.getState().togglePause();
    expect(store.getState().events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('stays within its cap and counts what it dropped', () => {
    const store = createPanelStore({ tabId: 1, maxEvents: 100 });
    for (let i = 1; i <= 250; i++) store.getState().receive(batch([event(i)]));
    const { events, panelDropped } = store.getState();
    expect(events.length).toBeLessThanOrEqual(100);
    expect(events.at(-1)!.seq).toBe(250);
    expect(events.length + panelDropped).toBe(250);
  });

  it('lists a delivered event once when its decision arrives both on the event and in the batch', () => {
    const store = createPanelStore({ tabId: 1 });
    const decided = { ...event(1), hub: decision(1, 1) };
    store.getState().receive(batch([decided], [decision(1, 1)]));
    expect(store.getState().delivered.map((e) => e.seq)).toEqual([1]);
  });

  it('takes the decision a known event brings when it comes again decided (the relay batch after a snapshot that had it undecided)', () => {
    const store = createPanelStore({ tabId: 1 });
    store.getState().receive(snapshot([event(1), event(2)]));
    store.getState().receive(batch([{ ...event(1), hub: decision(1, 1) }, { ...event(2), hub: decision(2, 2) }, { ...event(3), hub: decision(3, 3) }]));
    const state = store.getState();
    expect(state.events.map((e) => [e.seq, e.hub?.delivered])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(state.delivered.map((e) => e.seq)).toEqual([1, 2, 3]);
    // A known event that comes again undecided, or decided again, changes nothing.
    const before = state.events[0];
    store.getState().receive(batch([event(1), { ...event(1), hub: decision(1, 9) }]));
    expect(store.getState().events[0]).toBe(before);
  });

  it('attaches decisions that arrive later and keeps the delivered list in delivery order', () => {
    const store = createPanelStore({ tabId: 1 });
    store.getState().receive(batch([event(1), event(2), event(3)]));
    const before = store.getState().events;
    const records = [...before];
    store.getState().receive(batch([], [decision(2, 1), { ...decision(3), duplicateOf: 's#2' }, decision(1, 2)]));
    const state = store.getState();
    // A new list of new records; the list and records published before are as they were.
    expect(state.events).not.toBe(before);
    expect(before).toEqual(records);
    expect(before.every((e) => e.hub === undefined)).toBe(true);
    expect(state.delivered.map((e) => e.seq)).toEqual([2, 1]);
    expect(state.events.find((e) => e.seq === 3)!.hub!.duplicateOf).toBe('s#2');
  });

  it('publishes each list as a new array when it changes, once per group of messages, and never changes a published one', () => {
    const store = createPanelStore({ tabId: 1 });
    const seen: (readonly unknown[])[] = [];
    store.subscribe((state, previous) => {
      if (state.events !== previous.events) seen.push(state.events);
    });
    store.getState().receiveAll([batch([event(1)]), batch([event(2)]), batch([], [decision(1, 1)])]);
    expect(seen).toHaveLength(1);
    const first = store.getState().events;
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    store.getState().receive(batch([event(3)]));
    expect(seen).toHaveLength(2);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    // A message that touches no event publishes no list.
    const delivered = store.getState().delivered;
    store.getState().receive(batch([], []));
    expect(seen).toHaveLength(2);
    expect(store.getState().delivered).toBe(delivered);
    // Paused: the held list changes, the retained one does not.
    store.getState().togglePause();
    store.getState().receive(batch([event(4)]));
    expect(seen).toHaveLength(2);
    expect(store.getState().held.map((e) => e.seq)).toEqual([4]);
    store.getState().togglePause();
    expect(store.getState().events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(store.getState().held).toEqual([]);
    store.getState().clear();
    expect(store.getState().events).toEqual([]);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('gives a decided event a new record everywhere it is listed, and leaves the one it replaces unchanged', () => {
    const store = createPanelStore({ tabId: 1, maxEvents: 1_000 });
    store.getState().receive(batch(Array.from({ length: 300 }, (_, i) => event(i + 1))));
    const before = store.getState().events.slice();
    // Out of arrival order, and some far behind the newest: each still finds its event.
    store.getState().receive(batch([], [decision(250, 1), decision(3, 2), decision(251, 3), { ...decision(299), duplicateOf: 's#3' }]));
    const { events, delivered, eventByKey } = store.getState();
    const changed = events.map((e, i) => (e === before[i] ? null : e.seq)).filter((seq) => seq !== null);
    expect(changed).toEqual([3, 250, 251, 299]);
    expect(before[2]!.hub).toBeUndefined();
    expect(events[2]!.hub!.delivered).toBe(2);
    expect(delivered.map((e) => e.seq)).toEqual([250, 3, 251]);
    expect(delivered[1]).toBe(events[2]);
    expect(eventByKey('s#299')).toBe(events[298]);
    expect(eventByKey('s#299')!.hub!.duplicateOf).toBe('s#3');
    // A later decision of a listed event replaces it in the delivered list too.
    store.getState().receive(batch([], [{ ...decision(3, 2), compressed: true }]));
    expect(store.getState().delivered[1]!.hub!.compressed).toBe(true);
    expect(store.getState().delivered[1]).toBe(store.getState().events[2]);
  });

  it('decides an event full capture placed among the others, and those after it', () => {
    const store = createPanelStore({ tabId: 1 });
    store.getState().receive(batch([event(1), event(2), event(3)]));
    // Only the debugger saw it; its stream delivered it right after s#1.
    store.getState().receive(batch([{ ...event(9), key: 'd#1', via: 'debugger', after: 's#1' }]));
    expect(store.getState().events.map((e) => e.key)).toEqual(['s#1', 'd#1', 's#2', 's#3']);
    store.getState().receive(batch([], [{ ...decision(9), key: 'd#1', delivered: 1 }, decision(3, 2)]));
    const { events } = store.getState();
    expect(events.map((e) => [e.key, e.hub?.delivered])).toEqual([['s#1', undefined], ['d#1', 1], ['s#2', undefined], ['s#3', 2]]);
  });

  it('decides a held event where it is held, while paused', () => {
    const store = createPanelStore({ tabId: 1 });
    store.getState().receive(batch([event(1)]));
    store.getState().togglePause();
    store.getState().receive(batch([event(2)]));
    store.getState().receive(batch([], [decision(2, 1)]));
    expect(store.getState().held[0]!.hub!.delivered).toBe(1);
    store.getState().togglePause();
    expect(store.getState().events.map((e) => e.hub?.delivered)).toEqual([undefined, 1]);
    // Once retained, it is found where it was appended.
    store.getState().receive(batch([], [{ ...decision(2, 1), compressed: true }]));
    expect(store.getState().events[1]!.hub!.compressed).toBe(true);
    expect(store.getState().eventByKey('s#2')).toBe(store.getState().events[1]);
  });
});
