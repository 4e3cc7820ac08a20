import { describe, expect, it } from 'vitest';
import { createRelay, DELIVERY_GRACE_MS, type IngestBatch } from '../../../lib/relay/relay';
import type { OpenRecord, TapRecord } from '../../../lib/protocol';
import { phasePreset } from '../../../lib/flags/phases';
import { initialFlagState, setFlags } from '../../../lib/flags/tab-flags';

const open = (sid: string, transport: 'eventsource' | 'fetch' = 'eventsource'): TapRecord => ({
  k: 'open', sid, url: `http://app/${sid}`, transport, withCredentials: false, t: 1,
});
const msg = (sid: string, seq: number, data = `d${seq}`): TapRecord => ({
  k: 'msg', sid, seq, type: 'card.updated', data, lastEventId: String(seq), size: data.length, truncated: false, t: 10 + seq,
});
const batch = (records: TapRecord[], extra: Partial<IngestBatch> = {}): IngestBatch => ({
  docId: 'doc', records, dropped: 0, rejected: 0, ...extra,
});

describe('relay', () => {
  it('keeps each tab separate, keyed by the tab id it is given', () => {
    const relay = createRelay({ now: () => 100 });
    relay.ingest(1, 0, batch([open('e1'), msg('e1', 1)]));
    relay.ingest(2, 0, batch([open('e1'), msg('e1', 1), msg('e1', 2)]));
    expect(relay.snapshot(1, 'connect').events).toHaveLength(1);
    expect(relay.snapshot(2, 'connect').events).toHaveLength(2);
    relay.closeTab(2);
    expect(relay.hasTab(1)).toBe(true);
    expect(relay.hasTab(2)).toBe(false);
  });

  it('drops records re-sent after a reconnect and counts real gaps', () => {
    const relay = createRelay({ now: () => 100 });
    relay.ingest(1, 0, batch([open('e1'), msg('e1', 1), msg('e1', 2)]));
    const resent = relay.ingest(1, 0, batch([msg('e1', 2), msg('e1', 3)]));
    expect(resent.events.map((e) => e.seq)).toEqual([3]);
    const gap = relay.ingest(1, 0, batch([msg('e1', 6)]));
    expect(gap.errors).toMatchObject([{ code: 'gap' }]);
    expect(relay.snapshot(1, 'connect').streams[0]!.gaps).toBe(1);
  });

  it('bounds memory by count, counts evictions', () => {
    const relay = createRelay({ now: () => 0, limits: { maxEvents: 3 } });
    relay.ingest(1, 0, batch([open('e1'), ...[1, 2, 3, 4, 5].map((s) => msg('e1', s))]));
    const snap = relay.snapshot(1, 'connect');
    expect(snap.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(snap.counters).toMatchObject({ received: 5, evicted: 2 });
  });

  it('parses fetch chunks into events off the page thread, across batches', () => {
    const relay = createRelay({ now: () => 0 });
    const first = relay.ingest(1, 0, batch([
      open('f1', 'fetch'),
      { k: 'chunk', sid: 'f1', seq: 1, text: 'id: 7\nevent: card.created\ndata: {"x"', t: 5 },
      { k: 'chunk', sid: 'f1', seq: 2, text: ':1}\n\ndata: two\n\n', t: 6 },
    ]));
    expect(first.events.map((e) => [e.type, e.data, e.lastEventId, e.seq, e.source])).toEqual([
      ['card.created', '{"x":1}', '7', 1, 'fetch'],
      ['message', 'two', '7', 2, 'fetch'],
    ]);
    // A later batch of the same stream reports its events in its own update.
    const second = relay.ingest(1, 0, batch([{ k: 'chunk', sid: 'f1', seq: 3, text: 'data: three\n\n', t: 7 }]));
    expect(second.events.map((e) => [e.data, e.seq])).toEqual([['three', 3]]);
    expect(relay.snapshot(1, 'connect').events).toHaveLength(3);
  });

  it('keeps a fetch stream’s text for the raw view, each event linked to its bytes, and counts wire lint on the stream', () => {
    const relay = createRelay({ now: () => 0 });
    const update = relay.ingest(1, 0, batch([
      open('f1', 'fetch'),
      { k: 'chunk', sid: 'f1', seq: 1, text: 'data: a\n\nbogus: 1\nda', t: 5 },
      { k: 'chunk', sid: 'f1', seq: 2, text: 'ta: b\n\ndata: c', t: 6 },
      { k: 'state', sid: 'f1', state: 'closed', t: 7 },
    ]));
    const [a, b] = update.events;
    // The unknown field, and the last event left open when the body ended.
    expect(update.streams.at(-1)!.lint).toBe(2);
    const view = relay.raw(1, a!.streamId)!;
    const text = view.pieces.map((p) => p.text).join('');
    expect(view.blocks.map((x) => [text.slice(x.start, x.end), x.key])).toEqual([
      ['data: a\n\n', a!.key],
      ['bogus: 1\ndata: b\n\n', b!.key],
    ]);
    expect(view.findings.map((f) => f.code)).toEqual(['unknown-field', 'unterminated']);
    expect(relay.raw(1, 'nope')).toBeNull();
  });

  it('keeps a fetch stream’s request (headers split into pairs), its first byte, and how it ended', () => {
    const relay = createRelay({ now: () => 0 });
    const request = { method: 'POST', headers: 'Accept: text/event-stream\r\nX-A: 1\r\n', body: '{"stream":true}', status: 200, statusText: 'OK', responseHeaders: 'content-type: text/event-stream\r\n', sentAt: 3 };
    const end = (sid: string, state: 'closed' | 'error', aborted?: boolean, status = 200) => {
      relay.ingest(1, 0, batch([
        { ...(open(sid, 'fetch') as OpenRecord), request: { ...request, status } },
        { k: 'chunk', sid, seq: 1, text: 'data: a\n\n', t: 9 },
        { k: 'state', sid, state, t: 12, ...(aborted === undefined ? {} : { aborted }) },
      ]));
      return relay.snapshot(1, 'connect').streams.find((x) => x.id === `0:doc:${sid}`)!;
    };
    const done = end('f1', 'closed');
    expect(done.request).toEqual({ ...request, headers: [['Accept', 'text/event-stream'], ['X-A', '1']], responseHeaders: [['content-type', 'text/event-stream']] });
    expect(done).toMatchObject({ firstByteAt: 9, endedAt: 12, end: 'completed' });
    expect(end('f2', 'error', true).end).toBe('aborted');
    expect(end('f3', 'error').end).toBe('network-error');
    expect(end('f4', 'closed', false, 503).end).toBe('http-error');
    relay.ingest(1, 0, batch([open('e1'), { k: 'state', sid: 'e1', state: 'closed', t: 5 }, open('e2'), { k: 'state', sid: 'e2', state: 'error', t: 5 }]));
    const streams = relay.snapshot(1, 'connect').streams;
    expect(streams.find((x) => x.id === '0:doc:e1')!.end).toBe('closed-by-page');
    expect(streams.find((x) => x.id === '0:doc:e2')!.end).toBe('failed');
  });

  it('keeps a tab’s raw text within its cap, cutting the oldest streams’ text first', () => {
    const relay = createRelay({ now: () => 0 });
    const big = 'data: ' + 'x'.repeat(60 * 1024) + '\n\n';
    // 20 streams of 8 chunks of ~60 Ki each (~480 Ki, within a stream's own cap): ~9.4 Mi in all, over the tab's 8 Mi.
    const streams = Array.from({ length: 20 }, (_, i) => `f${i}`);
    for (const sid of streams) {
      relay.ingest(1, 0, batch([open(sid, 'fetch'), ...Array.from({ length: 8 }, (_, i): TapRecord => ({ k: 'chunk', sid, seq: i + 1, text: big, t: i }))]));
    }
    const kept = streams.map((sid) => relay.raw(1, `0:doc:${sid}`)!);
    const total = kept.reduce((n, v) => n + v.pieces.reduce((m, p) => m + p.text.length, 0), 0);
    expect(total).toBeLessThanOrEqual(8 * 1024 * 1024);
    // The first streams lost text; the latest kept all of its own.
    expect(kept[0]!.dropped).toBeGreaterThan(0);
    expect(kept.at(-1)!.dropped).toBe(0);
  });

  it('tracks time to first event, longest silence, resume ids and timeline marks per stream', () => {
    const relay = createRelay({ now: () => 0 });
    const at = (seq: number, t: number): TapRecord => ({ ...msg('e1', seq), t });
    relay.ingest(1, 0, batch([
      { ...open('e1'), t: 100 },
      at(1, 150),
      at(2, 200),
      { k: 'state', sid: 'e1', state: 'reconnecting', t: 300 },
      { k: 'state', sid: 'e1', state: 'open', t: 400 },
      at(3, 3_000),
    ]));
    const stream = relay.snapshot(1, 'connect').streams[0]!;
    expect(stream).toMatchObject({ openedAt: 100, firstEventAt: 150, lastEventAt: 3_000, longestGapMs: 2_800, reconnectIds: ['2'] });
    expect(stream.marks).toEqual([{ kind: 'reconnect', t: 300 }, { kind: 'gap', t: 3_000, ms: 2_800 }]);
  });

  it('counts reconnects, rejected and dropped records, and oversize events', () => {
    const relay = createRelay({ now: () => 0 });
    relay.ingest(1, 0, batch([
      open('e1'),
      { k: 'state', sid: 'e1', state: 'open', t: 1 },
      { k: 'state', sid: 'e1', state: 'reconnecting', t: 2 },
      { k: 'state', sid: 'e1', state: 'open', t: 3 },
      { k: 'state', sid: 'e1', state: 'reconnecting', t: 4 },
      { ...msg('e1', 1), truncated: true, size: 5_000_000 } as TapRecord,
    ], { rejected: 3, dropped: 2 }));
    const snap = relay.snapshot(1, 'connect');
    expect(snap.streams[0]!.reconnects).toBe(2);
    expect(snap.counters).toMatchObject({ rejected: 3, bridgeDropped: 2, errors: { rejected: 1, 'bridge-overflow': 1, oversize: 1 } });
  });

  it('starts afresh on a new top-level document, not on a bridge reconnect', () => {
    const relay = createRelay({ now: () => 0 });
    expect(relay.hello(1, 0, 'docA')).toBe('same');
    relay.ingest(1, 0, batch([open('e1'), msg('e1', 1)]));
    expect(relay.hello(1, 0, 'docA')).toBe('same');
    expect(relay.hello(1, 3, 'frameDoc')).toBe('same');
    expect(relay.snapshot(1, 'connect').events).toHaveLength(1);
    expect(relay.hello(1, 0, 'docB')).toBe('reset');
    expect(relay.snapshot(1, 'navigate').events).toHaveLength(0);
  });

  it('keeps events across navigations when the tab preserves its log, closing the old streams', () => {
    const relay = createRelay({ now: () => 0 });
    relay.setPreserveLog(1, true);
    relay.hello(1, 0, 'docA');
    relay.ingest(1, 0, batch([open('e1'), msg('e1', 1)]));
    expect(relay.hello(1, 0, 'docB')).toBe('kept');
    const snap = relay.snapshot(1, 'connect');
    expect(snap.events).toHaveLength(1);
    expect(snap.streams[0]!.state).toBe('closed');
    expect(snap.preserveLog).toBe(true);
  });
});

describe('relay: legacy events, polling and flags', () => {
  const legacyRec = (src: string, seq: number, type = 'session.activity'): TapRecord => ({
    k: 'legacy', sid: `legacy:${src}`, seq, type, data: '{}', size: 2, truncated: false, t: 100 * seq,
  });
  const req = (seq: number, t: number, url = 'http://app/api/cards'): TapRecord => ({ k: 'req', sid: 'legacy:polling', seq, url, method: 'GET', via: 'fetch', t });

  it('files legacy events in a stream per system, with source legacy:<system>, stamped with the tab’s flags', () => {
    const relay = createRelay({ now: () => 1 });
    relay.setFlagState(3, setFlags(initialFlagState(), phasePreset(2), 'phase', 0));
    const update = relay.ingest(3, 0, batch([legacyRec('session-provider', 1), legacyRec('session-provider', 2), legacyRec('beacon', 1, '/api/analytics')]));
    expect(update.events.map((e) => [e.source, e.type, e.flags])).toEqual([
      ['legacy:session-provider', 'session.activity', 3],
      ['legacy:session-provider', 'session.activity', 3],
      ['legacy:beacon', '/api/analytics', 3],
    ]);
    expect(update.streams.map((s) => [s.url, s.transport, s.events])).toEqual([
      ['legacy:session-provider', 'legacy', 2],
      ['legacy:beacon', 'legacy', 1],
    ]);
    // Re-sent after a worker restart: not counted twice.
    expect(relay.ingest(3, 0, batch([legacyRec('session-provider', 2)])).events).toHaveLength(0);
  });

  it('counts legacy events while LEGACY_EVENTS_DISABLED is on as errors', () => {
    const relay = createRelay({ now: () => 1 });
    relay.setFlagState(3, setFlags(initialFlagState(), phasePreset(5), 'phase', 0));
    // t = 100: still settling after the switch; t = 1,100: a real violation.
    expect(relay.ingest(3, 0, batch([legacyRec('bridge', 1, 'card.updated')])).errors).toEqual([]);
    const update = relay.ingest(3, 0, batch([{ ...legacyRec('bridge', 2, 'card.updated'), t: 1_100 }]));
    expect(update.errors).toMatchObject([{ code: 'legacy-while-disabled' }]);
    expect(update.counters.errors['legacy-while-disabled']).toBe(1);
  });

  it('turns steady requests into poll events and flags polling that continues while POLLING_DISABLED is on', () => {
    const relay = createRelay({ now: () => 1 });
    const first = relay.ingest(4, 0, batch([req(1, 0), req(2, 1_000), req(3, 2_000), req(4, 2_500, 'http://app/once')]));
    expect(first.events.map((e) => [e.source, e.type])).toEqual([['legacy:polling', 'poll']]);
    expect(JSON.parse(first.events[0]!.data)).toEqual({ url: 'http://app/api/cards', method: 'GET', via: 'fetch', periodMs: 1_000, count: 3 });
    expect(first.polls.map((p) => [p.key, p.polling])).toEqual([['GET http://app/api/cards', true], ['GET http://app/once', false]]);
    relay.setFlagState(4, setFlags(initialFlagState(), phasePreset(4), 'phase', 1_900));
    const later = relay.ingest(4, 0, batch([req(5, 3_000)]));
    expect(later.errors).toMatchObject([{ code: 'polling-while-disabled', message: expect.stringContaining('GET http://app/api/cards') }]);
    expect(later.polls[0]!.whileDisabled).toBe(1);
    expect(relay.snapshot(4, 'connect').polls).toHaveLength(1);
  });

  it('keeps the tab’s flags across a navigation reset, and forgets them with the tab', () => {
    const relay = createRelay({ now: () => 1 });
    const state = setFlags(initialFlagState(), phasePreset(3), 'phase', 0);
    relay.setFlagState(5, state);
    relay.hello(5, 0, 'doc1');
    expect(relay.hello(5, 0, 'doc2')).toBe('reset');
    expect(relay.snapshot(5, 'navigate').flags).toBe(state);
    relay.closeTab(5);
    expect(relay.flagState(5)).toEqual(initialFlagState());
  });

  it('bounds legacy streams too, oldest first (their names come from the page)', () => {
    const relay = createRelay({ now: () => 1, limits: { maxStreams: 3 } });
    relay.ingest(6, 0, batch(['a', 'b', 'c', 'd', 'e'].map((src) => legacyRec(src, 1))));
    expect(relay.snapshot(6, 'connect').streams.map((st) => st.url)).toEqual(['legacy:c', 'legacy:d', 'legacy:e']);
  });

  it('stamps an event with the flags in force when the page got it, even if the hub hears of it after a change', () => {
    const relay = createRelay({ now: () => 1 });
    const phase1 = setFlags(initialFlagState(), phasePreset(1), 'phase', 100);
    relay.setFlagState(7, setFlags(phase1, phasePreset(3), 'phase', 250));
    const update = relay.ingest(7, 0, batch([legacyRec('x', 1), legacyRec('x', 2), legacyRec('x', 3)]));
    expect(update.events.map((e) => [e.pageTime, e.flags])).toEqual([[100, 1], [200, 1], [300, 7]]);
    relay.setFlagState(8, setFlags(initialFlagState(), phasePreset(2), 'phase', 150));
    expect(relay.ingest(8, 0, batch([legacyRec('x', 1)])).events[0]!.flags).toBe(0);
  });

  it('keeps what the tool made apart: marks reach the panel, and only the server’s traffic reaches the engine', () => {
    const relay = createRelay({ now: () => 100 });
    const marked = (seq: number, mark: 'injected' | 'replayed' | 'duplicated' | 'dropped' | 'delayed'): TapRecord => ({ ...(msg('e1', seq) as Extract<TapRecord, { k: 'msg' }>), mark });
    const update = relay.ingest(1, 0, batch([open('e1'), msg('e1', 1), marked(2, 'injected'), marked(3, 'replayed'), marked(4, 'duplicated'), marked(5, 'dropped'), marked(6, 'delayed')]));
    expect(update.events.map((e) => e.mark)).toEqual([undefined, 'injected', 'replayed', 'duplicated', 'dropped', 'delayed']);
    relay.tick(1, 10_000);
    expect(relay.stats(1).events).toBe(3);
  });

  it('closes a batch window 70 ms after its end by the relay’s clock, so an event still on its way is in it', () => {
    const relay = createRelay({ now: () => 100 });
    // The first event, got by the page at 11, opens a 50 ms window that ends at 61.
    relay.ingest(1, 0, batch([open('e1'), msg('e1', 1, '{"eventData":{"cardId":"c1"}}')]));
    expect(relay.nextDueIn(1, 61)).toBe(DELIVERY_GRACE_MS);
    expect(relay.tick(1, 61 + DELIVERY_GRACE_MS - 1)).toEqual([]);
    // The page got the second at 55, inside the window; it reaches the relay after the window's end.
    const late: TapRecord = { ...(msg('e1', 2, '{"eventData":{"cardId":"c2"}}') as Extract<TapRecord, { k: 'msg' }>), t: 55 };
    relay.ingest(1, 0, batch([late]));
    const decided = relay.tick(1, 61 + DELIVERY_GRACE_MS);
    expect(decided.map((d) => [d.key, d.batchId])).toEqual([
      ['0:doc:e1#1', 1],
      ['0:doc:e1#2', 1],
    ]);
  });

  it('words the tap’s inject failures, and records the relay’s own', () => {
    const relay = createRelay({ now: () => 100 });
    const update = relay.ingest(1, 0, batch([{ k: 'err', sid: 'f2', code: 'inject', message: 'bytes card.deleted', t: 5 }]));
    expect(update.errors).toMatchObject([{ code: 'inject', message: 'Could not inject card.deleted into f2: fetch and XHR streams cannot be driven: the page reads their bytes itself.' }]);
    expect(relay.addError(1, { t: 6, code: 'inject', message: 'gone' }).counters.errors.inject).toBe(2);
  });
});

