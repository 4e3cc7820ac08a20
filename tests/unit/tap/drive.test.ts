import { describe, expect, it } from 'vitest';
import { injectError } from '../../../lib/relay/errors';
import { envelope, noFaults, type HubFaults, type MessageRecord, type TapInjection, type TapRecord } from '../../../lib/protocol';
import { HOOK_NAME } from '../../../lib/tap/install';
import type { PageHook } from '../../../lib/tap/hook';
import { tapOnFakeWindow } from '../support/tap-harness';

const messages = (records: TapRecord[]) => records.filter((r): r is MessageRecord => r.k === 'msg');
const inject = (events: Partial<TapInjection>[]) =>
  envelope('bridge/inject', { events: events.map((e) => ({ sid: 'e1', type: 'message', data: '', lastEventId: '', mark: 'injected' as const, ...e })) });
const faults = (f: Partial<HubFaults>) => envelope('bridge/faults', { faults: { ...noFaults(), ...f } });

/** A page with one EventSource to the hub that logs what its listeners get. */
function pageWithStream(url = 'http://app/api/sse/events?categories=card') {
  const tap = tapOnFakeWindow();
  const es = new tap.win.EventSource(url);
  const seen: string[] = [];
  const log = (e: Event) => {
    const m = e as MessageEvent<string>;
    seen.push(`${m.type}:${m.data}:${m.lastEventId}:${m.origin}`);
  };
  es.addEventListener('message', log);
  es.addEventListener('card.deleted', log);
  return { tap, es, seen, server: tap.win.controls[0]! };
}

describe('driving the page from the panel', () => {
  it('injects a genuine MessageEvent on the page’s own EventSource, in order with the server’s, marked injected', () => {
    const { tap, seen, server } = pageWithStream();
    server.open();
    server.message('message', 'one', '1');
    tap.sendFromBridge(inject([{ type: 'card.deleted', data: '{"cardId":"c2"}', lastEventId: '7' }, { type: 'message', data: 'two' }]));
    server.message('message', 'three', '3');
    expect(seen).toEqual(['message:one:1:', 'card.deleted:{"cardId":"c2"}:7:http://app', 'message:two::http://app', 'message:three:3:']);
    expect(messages(tap.flush()).map((m) => [m.type, m.data, m.mark])).toEqual([
      ['message', 'one', undefined],
      ['card.deleted', '{"cardId":"c2"}', 'injected'],
      ['message', 'two', 'injected'],
      ['message', 'three', undefined],
    ]);
  });

  it('refuses, with a counted reason, a closed stream, a fetch stream, an unknown or untapped legacy system, and messages without our envelope', () => {
    const { tap, es, seen, server } = pageWithStream();
    server.error(2); // the browser gave up on it
    tap.sendFromBridge(inject([{ sid: 'e1' }, { sid: 'f3' }, { sid: 'legacy:session-provider' }]));
    es.close(); // the page closed it
    tap.sendFromBridge(inject([{ sid: 'e1' }]));
    // Without our envelope: ignored (the bridge forwards only hub messages that pass isRelayToBridge).
    tap.sendFromBridge({ type: 'bridge/inject', payload: inject([{ sid: 'e1' }]).payload });
    expect(seen).toEqual([]);
    const errors = tap.flush().filter((r) => r.k === 'err');
    // The tap reports a reason key; the relay words it (injectError).
    expect(errors.map((e) => e.k === 'err' && injectError(e.sid, e.message).message)).toEqual([
      'Could not inject message into e1: the stream is gone (closed, or its page navigated).',
      'Could not inject message into f3: fetch and XHR streams cannot be driven: the page reads their bytes itself.',
      'Could not inject message into legacy:session-provider: this legacy system is not a tapped emitter (it reports through emit(), a beacon or a BroadcastChannel); tap its emitter with tapEmitter() to inject.',
      'Could not inject message into e1: the stream is gone (closed, or its page navigated).',
    ]);
  });

  it('injects into a legacy system through the app’s own emitter method, once, and stops after untap', () => {
    const tap = tapOnFakeWindow();
    const hook = (tap.win as unknown as Record<string, PageHook>)[HOOK_NAME]!;
    const calls: unknown[] = [];
    const emitter = { emit: (type: string, data: unknown) => calls.push([type, data]) };
    const untap = hook.tapEmitter('session-provider', emitter)!;
    tap.sendFromBridge(inject([{ sid: 'legacy:session-provider', type: 'session.ended', data: '{"sessionId":"s-1"}' }]));
    const target = new EventTarget();
    const got: unknown[] = [];
    target.addEventListener('card.updated', (e) => got.push((e as CustomEvent).detail));
    hook.tapEmitter('conversation', target);
    tap.sendFromBridge(inject([{ sid: 'legacy:conversation', type: 'card.updated', data: 'plain text', mark: 'replayed' }]));
    expect(calls).toEqual([['session.ended', { sessionId: 's-1' }]]);
    expect(got).toEqual(['plain text']);
    const legacy = tap.flush().filter((r) => r.k === 'legacy');
    expect(legacy.map((r) => r.k === 'legacy' && [r.sid, r.type, r.data, r.mark])).toEqual([
      ['legacy:session-provider', 'session.ended', '{"sessionId":"s-1"}', 'injected'],
      ['legacy:conversation', 'card.updated', '"plain text"', 'replayed'],
    ]);
    untap();
    tap.sendFromBridge(inject([{ sid: 'legacy:session-provider', type: 'session.ended' }]));
    expect(calls).toHaveLength(1);
    expect(tap.flush().filter((r) => r.k === 'err')).toHaveLength(1);
  });

  it('drops, duplicates and delays hub events only on streams to the hub, stamping each', () => {
    const { tap, seen, server } = pageWithStream();
    const other = new tap.win.EventSource('http://app/other');
    const otherSeen: string[] = [];
    other.addEventListener('message', (e) => otherSeen.push((e as MessageEvent).data as string));
    server.open();
    tap.sendFromBridge(faults({ dropPct: 100 }));
    server.message('message', 'lost', '1');
    tap.win.controls[1]!.message('message', 'elsewhere', '1');
    expect(seen).toEqual([]);
    expect(otherSeen).toEqual(['elsewhere']);
    tap.sendFromBridge(faults({ duplicatePct: 100 }));
    server.message('message', 'twice', '2');
    expect(seen).toEqual(['message:twice:2:']);
    tap.sendFromBridge(faults({ slowMs: 500 }));
    server.message('message', 'late', '3');
    expect(seen).toHaveLength(1);
    const records = messages(tap.flush()); // runs the held deliveries too
    expect(seen).toEqual(['message:twice:2:', 'message:twice:2:', 'message:late:3:']);
    expect(records.filter((r) => r.sid === 'e1').map((r) => [r.data, r.mark])).toEqual([
      ['lost', 'dropped'],
      ['twice', undefined],
      ['twice', 'duplicated'],
      ['late', 'delayed'],
    ]);
    tap.sendFromBridge(faults({}));
    server.message('message', 'normal', '4');
    expect(seen.at(-1)).toBe('message:normal:4:');
  });
});

describe('simulated hub outage in the tap', () => {
  it('cuts an open hub stream (error now, events held), then reopens it and delivers what was held, in order', () => {
    const { tap, es, seen, server } = pageWithStream();
    const lifecycle: string[] = [];
    es.addEventListener('error', () => lifecycle.push('error'));
    es.addEventListener('open', () => lifecycle.push('open'));
    server.open();
    tap.sendFromBridge(faults({ down: true }));
    expect(lifecycle).toEqual(['open', 'error']);
    server.message('message', 'during', '1');
    expect(seen).toEqual([]);
    tap.sendFromBridge(faults({ down: false }));
    expect(lifecycle).toEqual(['open', 'error', 'open']);
    expect(seen).toEqual(['message:during:1:']);
    const records = tap.flush();
    expect(records.filter((r) => r.k === 'state').map((r) => r.k === 'state' && r.state)).toEqual(['open', 'reconnecting', 'open']);
    expect(messages(records).map((m) => [m.data, m.mark])).toEqual([['during', 'delayed']]);
  });
});

describe('simulated hub outage: streams that open or speak during it', () => {
  it('cuts a stream that opens while the hub is down (the page sees an error, not the open), and one that was connecting when it went down', () => {
    const { tap, es, seen, server } = pageWithStream();
    const lifecycle: string[] = [];
    es.addEventListener('error', () => lifecycle.push('error'));
    es.addEventListener('open', () => lifecycle.push('open'));
    tap.sendFromBridge(faults({ down: true })); // still connecting: nothing to cut yet
    expect(lifecycle).toEqual([]);
    server.open(); // its request was already on the way
    expect(lifecycle).toEqual(['error']);
    server.message('message', 'held', '1');
    expect(seen).toEqual([]);
    tap.sendFromBridge(faults({ down: false }));
    expect(lifecycle).toEqual(['error', 'open']);
    expect(seen).toEqual(['message:held:1:']);
  });
});
