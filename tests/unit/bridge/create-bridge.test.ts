import { describe, expect, it } from 'vitest';
import { createBridge, type BridgePort } from '../../../lib/bridge/create-bridge';
import { envelope, parseTapWire, type BridgeToRelay, type Flags, type TapRecord } from '../../../lib/protocol';

/** An in-memory hub end: records what arrives, can ack and drop the connection. */
function createHubEnd() {
  const connections: { received: BridgeToRelay[]; toBridge: (m: unknown) => void; drop: () => void; alive: boolean }[] = [];
  const connect = (): BridgePort => {
    const onMessage: ((m: unknown) => void)[] = [];
    const onDisconnect: (() => void)[] = [];
    const conn = {
      received: [] as BridgeToRelay[],
      alive: true,
      toBridge: (m: unknown) => onMessage.forEach((fn) => fn(m)),
      drop: () => {
        conn.alive = false;
        onDisconnect.forEach((fn) => fn());
      },
    };
    connections.push(conn);
    return {
      postMessage: (m) => {
        if (!conn.alive) throw new Error('Attempting to use a disconnected port object');
        conn.received.push(structuredClone(m));
      },
      onMessage: { addListener: (fn) => onMessage.push(fn) },
      onDisconnect: { addListener: (fn) => onDisconnect.push(fn) },
      disconnect: () => conn.drop(),
    };
  };
  return { connections, connect, last: () => connections.at(-1)! };
}

const rec = (seq: number): TapRecord => ({ k: 'msg', sid: 'e1', seq, type: 'm', data: 'x'.repeat(10), lastEventId: '', size: 10, truncated: false, t: seq });
const tapBatch = (records: TapRecord[], dropped = 0) => ({
  count: records.length,
  json: JSON.stringify(envelope('tap/batch', { docId: 'tapdoc', records, dropped })),
});

function setup(limits: { maxBufferedRecords?: number } = {}) {
  const hub = createHubEnd();
  const timers: { fn: () => void; ms: number }[] = [];
  const toTap: unknown[] = [];
  const mirrored: Flags[] = [];
  const mirroredFaults: unknown[] = [];
  const bridge = createBridge({
    connect: hub.connect,
    toTap: (m) => toTap.push(m),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    mirrorFlags: (flags) => mirrored.push(flags),
    mirrorFaults: (faults) => mirroredFaults.push(faults),
    navigationId: 'bridgedoc',
    url: 'http://app/',
    ...limits,
  });
  const runTimers = () => {
    const due = timers.splice(0);
    due.forEach((t) => t.fn());
    return due.map((t) => t.ms);
  };
  return { hub, bridge, toTap, mirrored, mirroredFaults, runTimers };
}

/** Sequence numbers of the records in the bridge batches, as the hub will parse them. */
const seqs = (messages: BridgeToRelay[]) =>
  messages.flatMap((m) =>
    m.type === 'bridge/batch' && m.payload.wire ? parseTapWire(m.payload.wire)!.payload.records.map((r) => (r.k === 'msg' ? r.seq : -1)) : [],
  );

describe('bridge', () => {
  it('says hello, relays valid batches in order and forgets them once acked', () => {
    const { hub, bridge } = setup();
    bridge.fromTap(tapBatch([rec(1), rec(2)]));
    bridge.fromTap(tapBatch([rec(3)]));
    expect(hub.last().received[0]).toMatchObject({ type: 'bridge/hello', payload: { navigationId: 'bridgedoc', recording: null } });
    expect(seqs(hub.last().received)).toEqual([1, 2, 3]);
    hub.last().toBridge(envelope('relay/ack', { n: 1 }));
    expect(bridge.stats()).toMatchObject({ pendingBatches: 1, pendingRecords: 1 });
  });

  it('passes the hub’s flags to the tap and mirrors them for the next document; ignores malformed ones', () => {
    const { hub, toTap, mirrored } = setup();
    const flags = { SSE_SESSION_EVENTS: true, SSE_CARD_EVENTS: false, SSE_UI_EVENTS: false, POLLING_DISABLED: false, LEGACY_EVENTS_DISABLED: false };
    hub.last().toBridge(envelope('relay/flags', { flags, rollback: false }));
    hub.last().toBridge(envelope('relay/flags', { flags: { ...flags, SSE_CARD_EVENTS: 'on' }, rollback: false }));
    hub.last().toBridge(envelope('relay/flags', { flags }));
    expect(mirrored).toEqual([flags]);
    expect(toTap).toEqual([envelope('bridge/flags', { flags, rollback: false })]);
  });

  it('forwards the hub’s faults and injections to the tap only when well-formed, and counts forged tap messages', () => {
    const { hub, toTap, bridge, runTimers, mirroredFaults } = setup();
    const faults = { hub: '/api/sse/events', down: false, slowMs: 0, dropPct: 10, duplicatePct: 0 };
    const event = { sid: 'e1', type: 'card.deleted', data: '{"cardId":"c1"}', lastEventId: '', mark: 'injected' };
    hub.last().toBridge(envelope('relay/faults', { faults }));
    hub.last().toBridge(envelope('relay/faults', { faults: { ...faults, dropPct: 101 } }));
    hub.last().toBridge(envelope('relay/faults', { faults: { ...faults, slowMs: '5' } }));
    hub.last().toBridge(envelope('relay/inject', { events: [event] }));
    hub.last().toBridge(envelope('relay/inject', { events: [{ ...event, data: 1 }] }));
    hub.last().toBridge(envelope('relay/inject', { events: [{ ...event, mark: 'server' }] }));
    hub.last().toBridge(envelope('relay/inject', { events: Array.from({ length: 501 }, () => event) }));
    expect(toTap).toEqual([envelope('bridge/faults', { faults }), envelope('bridge/inject', { events: [event] })]);
    // Kept for the tab's next document, which gets them before its first event.
    expect(mirroredFaults).toEqual([faults]);
    bridge.rejectForged();
    runTimers();
    expect(bridge.stats().rejected).toBe(1);
    expect(hub.last().received.at(-1)).toMatchObject({ type: 'bridge/batch', payload: { wire: '', rejected: 1 } });
  });

  it('re-sends unacknowledged batches after the hub restarts, reconnecting with backoff', () => {
    const { hub, bridge, runTimers } = setup();
    bridge.fromTap(tapBatch([rec(1)]));
    hub.last().toBridge(envelope('relay/ack', { n: 1 }));
    bridge.fromTap(tapBatch([rec(2)]));
    hub.last().drop();
    bridge.fromTap(tapBatch([rec(3)])); // while disconnected: held
    expect(bridge.stats().connected).toBe(false);
    expect(runTimers()).toEqual([100]);
    // Batch 1 was acknowledged, but is replayed too: the worker may have died before its panels got it.
    expect(seqs(hub.last().received)).toEqual([1, 2, 3]);
    // Repeated failures back off, doubling up to 5 s.
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      hub.last().drop();
      delays.push(...runTimers());
    }
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    hub.last().toBridge(envelope('relay/ack', { n: 3 }));
    hub.last().drop();
    expect(runTimers()).toEqual([100]);
  });

  it('replays only the most recent acknowledged batches', () => {
    const hub = createHubEnd();
    const timers: (() => void)[] = [];
    const bridge = createBridge({ connect: hub.connect, toTap: () => undefined, setTimer: (fn) => timers.push(fn), mirrorFlags: () => undefined, navigationId: 'b', url: 'u', replayBatches: 2 });
    for (let i = 1; i <= 5; i++) bridge.fromTap(tapBatch([rec(i)]));
    hub.last().toBridge(envelope('relay/ack', { n: 5 }));
    hub.last().drop();
    timers.splice(0).forEach((fn) => fn());
    expect(seqs(hub.last().received)).toEqual([4, 5]);
  });

  it('holds a bounded buffer and counts what it had to drop', () => {
    const { hub, bridge, runTimers } = setup({ maxBufferedRecords: 3 });
    hub.last().drop();
    bridge.fromTap(tapBatch([rec(1), rec(2)]));
    bridge.fromTap(tapBatch([rec(3), rec(4)])); // does not fit: dropped, counted
    bridge.fromTap(tapBatch([rec(5)]));
    expect(bridge.stats()).toMatchObject({ pendingRecords: 3, dropped: 2 });
    runTimers();
    const batches = hub.last().received.filter((m) => m.type === 'bridge/batch');
    expect(seqs(batches)).toEqual([1, 2, 5]);
    expect(batches.reduce((sum, m) => sum + (m.type === 'bridge/batch' ? m.payload.dropped : 0), 0)).toBe(2);
  });

  it('rejects and counts malformed page messages, and reports the count without waiting for traffic', () => {
    const { hub, bridge, runTimers } = setup();
    bridge.fromTap(envelope('tap/batch', { docId: 'd', records: [], dropped: 0 })); // unserialised
    bridge.fromTap({ count: -1, json: '{}' });
    bridge.fromTap({ count: 1, json: 'x'.repeat(11 * 1024 * 1024) });
    bridge.fromTap('junk');
    bridge.fromTap(null);
    expect(bridge.stats().rejected).toBe(5);
    expect(hub.last().received.filter((m) => m.type === 'bridge/batch')).toHaveLength(0);
    runTimers();
    const batches = hub.last().received.filter((m) => m.type === 'bridge/batch');
    expect(batches).toMatchObject([{ payload: { rejected: 5, wire: '' } }]);
  });

  it('passes the recording switch to the tap and ignores anything else from the port', () => {
    const { hub, toTap } = setup();
    hub.last().toBridge(envelope('relay/recording', { on: false }));
    hub.last().toBridge({ type: 'relay/recording', payload: { on: true } });
    expect(toTap).toEqual([envelope('bridge/recording', { on: false })]);
  });

  it('tells a restarted hub whether the tab was being recorded', () => {
    const { hub, runTimers } = setup();
    hub.last().toBridge(envelope('relay/recording', { on: true }));
    hub.last().drop();
    runTimers();
    expect(hub.last().received[0]).toMatchObject({ type: 'bridge/hello', payload: { recording: true } });
  });
});
