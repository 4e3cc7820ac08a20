import { describe, expect, it } from 'vitest';
import { createRelay, type DebuggerMessage } from '../../../lib/relay/relay';
import type { TapRecord } from '../../../lib/protocol';

const URL = 'http://app/api/sse/events';
const open: TapRecord = { k: 'open', sid: 'e1', url: URL, transport: 'eventsource', withCredentials: false, t: 1 };
const listen = (type: string, t: number): TapRecord => ({ k: 'listen', sid: 'e1', type, t });
const tapMsg = (seq: number, type: string, t: number): TapRecord => ({
  k: 'msg', sid: 'e1', seq, type, data: `d${seq}`, lastEventId: String(seq), size: 2, truncated: false, t,
});
const dbg = (id: number, type: string, t: number, url = URL): DebuggerMessage => ({ requestId: 'r1', url, type, data: `d${id}`, lastEventId: String(id), t });
const tapBatch = (records: TapRecord[]) => ({ docId: 'doc', records, dropped: 0, rejected: 0 });

describe('full capture merge', () => {
  it('keeps the tap’s copy of what it saw and the debugger’s of the rest: each message once, in the tap’s stream', () => {
    const relay = createRelay({ now: () => 100 });
    relay.ingest(1, 0, tapBatch([open, listen('card.updated', 5), tapMsg(1, 'card.updated', 10), tapMsg(2, 'message', 20)]));
    const update = relay.ingestDebugger(1, [dbg(1, 'card.updated', 10), dbg(2, 'message', 20), dbg(3, 'audit.unobserved', 30), dbg(4, 'audit.unobserved', 40)]);
    expect(update.events.map((e) => [e.type, e.lastEventId, e.via, e.after])).toEqual([
      ['audit.unobserved', '3', 'debugger', '0:doc:e1#2'],
      ['audit.unobserved', '4', 'debugger', '0:doc:e1#d1'],
    ]);
    expect(update.events.every((e) => e.streamId === '0:doc:e1')).toBe(true);
    const snapshot = relay.snapshot(1, 'connect');
    expect(snapshot.events.map((e) => e.lastEventId)).toEqual(['1', '2', '3', '4']);
    expect(snapshot.streams).toHaveLength(1);
    expect(snapshot.streams[0]!.events).toBe(4);
  });

  it('takes the debugger’s copy of a type the page started listening to only after the message arrived', () => {
    const relay = createRelay({ now: () => 100 });
    relay.ingest(1, 0, tapBatch([open, listen('late.type', 50)]));
    const update = relay.ingestDebugger(1, [dbg(1, 'late.type', 40), dbg(2, 'late.type', 60)]);
    expect(update.events.map((e) => e.lastEventId)).toEqual(['1']);
  });

  it('keeps every message of a stream no tap saw, unnamed ones included, in a stream of its own', () => {
    const relay = createRelay({ now: () => 100 });
    const update = relay.ingestDebugger(1, [dbg(1, 'message', 10, 'http://other/sse'), dbg(2, 'x.y', 20, 'http://other/sse')]);
    expect(update.events.map((e) => [e.streamId, e.type])).toEqual([
      ['debugger:r1', 'message'],
      ['debugger:r1', 'x.y'],
    ]);
    expect(update.streams[0]).toMatchObject({ url: 'http://other/sse', transport: 'eventsource' });
  });

  it('files a message under the live tap stream of its URL when an older one of that URL has closed', () => {
    const relay = createRelay({ now: () => 100 });
    relay.ingest(1, 0, tapBatch([open, { k: 'state', sid: 'e1', state: 'closed', t: 5 }, { ...open, sid: 'e2', t: 6 }]));
    const update = relay.ingestDebugger(1, [dbg(1, 'unheard', 10)]);
    expect(update.events.map((e) => e.streamId)).toEqual(['0:doc:e2']);
  });

  it('does not take a listen record from a page for anything but its own streams (the guard accepts only short type names)', async () => {
    const { isTapRecord } = await import('../../../lib/protocol');
    expect(isTapRecord({ k: 'listen', sid: 'e1', type: 'x', t: 1 })).toBe(true);
    expect(isTapRecord({ k: 'listen', sid: 'e1', type: 'x'.repeat(10_000), t: 1 })).toBe(false);
    // The debugger's own record kind is never accepted from a page.
    expect(isTapRecord({ k: 'dbg', streamId: '0:doc:e1', url: URL, type: 'x', data: '', lastEventId: '', t: 1, sid: 'e1' })).toBe(false);
  });
});
