import { describe, expect, it } from 'vitest';
import { MAX_DATA_CHARS, type MessageRecord } from '../../../lib/protocol';
import { createFakeWindow, type FakeStreamControl } from '../support/fake-window';
import { tapOnFakeWindow } from '../support/tap-harness';

type Win = ReturnType<typeof createFakeWindow>;

/** What a typical page does with EventSource; returns its log of everything it saw. */
function pageScript(win: Win): unknown[] {
  const log: unknown[] = [];
  const ES = win.EventSource;
  try {
    (ES as unknown as (u: string) => void)('/x');
  } catch (e) {
    log.push(['call-without-new', (e as Error).constructor.name]);
  }
  try {
    new ES('http://[bad');
  } catch (e) {
    log.push(['bad-url', (e as Error).name]);
  }
  const es = new ES('/api/sse/events');
  log.push(['ctor', es.readyState, es instanceof ES, es instanceof EventTarget, es.constructor === ES]);
  log.push(['statics', ES.CONNECTING, ES.OPEN, ES.CLOSED, ES.name]);
  es.onopen = () => log.push(['open', es.readyState]);
  es.onmessage = (e) => log.push(['onmessage', e.type, e.data, e.lastEventId]);
  es.onerror = () => log.push(['error', es.readyState]);
  const named = (e: Event) => log.push(['named', e.type, (e as MessageEvent).data]);
  es.addEventListener('card.updated', named);
  es.addEventListener('card.updated', named); // duplicate registration is a no-op natively
  const removed = () => log.push(['removed ran']);
  es.addEventListener('session.started', removed);
  es.removeEventListener('session.started', removed);
  es.addEventListener('ui.themeChanged', named, { once: true });
  class Sub extends ES {}
  const sub = new Sub('/sub');
  log.push(['subclass', sub instanceof Sub, sub instanceof ES, Object.getPrototypeOf(sub) === Sub.prototype]);
  return log;
}

/** The same server activity for both runs. */
function drive(control: FakeStreamControl): void {
  control.open();
  control.message('message', 'plain', '1');
  control.message('card.updated', '{"cardId":"c1"}', '2');
  control.message('session.started', 'nobody listens', '3');
  control.message('ui.themeChanged', 'dark', '4');
  control.message('ui.themeChanged', 'light', '5');
  control.error(0);
  control.open();
  control.message('message', 'after reconnect', '6');
  control.error(2);
}

describe('EventSource tap', () => {
  it('delivers to page code exactly what the native EventSource delivers', () => {
    const plain = createFakeWindow();
    const plainLog = pageScript(plain);
    drive(plain.controls[0]!);

    const tapped = tapOnFakeWindow();
    const tappedLog = pageScript(tapped.win as Win);
    drive(tapped.win.controls[0]!);

    expect(tappedLog).toEqual(plainLog);
    expect(tappedLog).toContainEqual(['named', 'card.updated', '{"cardId":"c1"}']);
  });

  it('keeps identity: prototype object, statics, constructor name and length', () => {
    const plain = createFakeWindow();
    const NativeProto = plain.EventSource.prototype;
    const { win } = tapOnFakeWindow();
    const es = new win.EventSource('/x');
    expect(Object.getPrototypeOf(es)).toBe(win.EventSource.prototype);
    expect(Object.getPrototypeOf(win.EventSource.prototype)).toBe(EventTarget.prototype);
    expect(win.EventSource.name).toBe('EventSource');
    expect(win.EventSource.length).toBe(plain.EventSource.length);
    const attributes = (d: PropertyDescriptor | undefined) => ({ w: d?.writable, e: d?.enumerable, c: d?.configurable });
    expect(attributes(Object.getOwnPropertyDescriptor(win.EventSource, 'prototype'))).toEqual(
      attributes(Object.getOwnPropertyDescriptor(plain.EventSource, 'prototype')),
    );
    expect(attributes(Object.getOwnPropertyDescriptor(win.EventSource, 'OPEN'))).toEqual(
      attributes(Object.getOwnPropertyDescriptor(plain.EventSource, 'OPEN')),
    );
    expect(typeof Object.getOwnPropertyDescriptor(NativeProto, 'onmessage')?.set).toBe('function');
    expect(win.EventSource.prototype.close.name).toBe('close');
  });

  it('reports opens, every message the page can see, state changes and closes, in order', () => {
    const tap = tapOnFakeWindow();
    const page = pageScript(tap.win as Win);
    expect(page.length).toBeGreaterThan(0);
    drive(tap.win.controls[0]!);
    const records = tap.flush();
    const sid = records.find((r) => r.k === 'open' && r.url === '/api/sse/events')!.sid;
    const mine = records.filter((r) => r.sid === sid);
    expect(mine.map((r) => (r.k === 'msg' ? `${r.k}:${r.type}:${r.seq}` : r.k === 'state' ? `state:${r.state}` : r.k === 'listen' ? `listen:${r.type}` : r.k))).toEqual([
      'open',
      'listen:card.updated',
      'listen:session.started',
      'listen:ui.themeChanged',
      'state:open',
      'msg:message:1',
      'msg:card.updated:2',
      // session.started: the page removed its listener before any event, but the tap keeps its own
      'msg:session.started:3',
      'msg:ui.themeChanged:4',
      'msg:ui.themeChanged:5',
      'state:reconnecting',
      'state:open',
      'msg:message:6',
      'state:error',
    ]);
    const first = mine.find((r): r is MessageRecord => r.k === 'msg')!;
    expect(first).toMatchObject({ data: 'plain', lastEventId: '1', size: 5, truncated: false });
  });

  it('cuts data over the cap and marks it, without changing what the page gets', () => {
    const tap = tapOnFakeWindow();
    const es = new tap.win.EventSource('/big');
    let received = '';
    es.onmessage = (e) => (received = e.data as string);
    const huge = 'x'.repeat(MAX_DATA_CHARS + 10);
    tap.win.controls[0]!.message('message', huge);
    expect(received).toBe(huge);
    const msg = tap.flush().find((r): r is MessageRecord => r.k === 'msg')!;
    expect(msg.truncated).toBe(true);
    expect(msg.size).toBe(huge.length);
    expect(msg.data.length).toBe(MAX_DATA_CHARS);
  });

  it('does no per-event work while nobody records, and resumes when asked', () => {
    const tap = tapOnFakeWindow();
    const es = new tap.win.EventSource('/x');
    es.onmessage = () => undefined;
    tap.sendFromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: false } });
    tap.win.controls[0]!.message('message', 'unseen');
    expect(tap.flush().filter((r) => r.k === 'msg')).toHaveLength(0);
    tap.sendFromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: true } });
    tap.win.controls[0]!.message('message', 'seen');
    expect(tap.flush().filter((r) => r.k === 'msg').map((r) => (r as MessageRecord).data)).toEqual(['seen']);
  });

  it('holds records until the bridge answers: posts them when recorded, keeps only lifecycle when not', () => {
    for (const on of [true, false]) {
      const tap = tapOnFakeWindow(undefined, false);
      const es = new tap.win.EventSource('/early');
      es.onmessage = () => undefined;
      tap.win.controls[0]!.open();
      tap.win.controls[0]!.message('message', 'early event');
      expect(tap.flush()).toEqual([]);
      tap.sendFromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on } });
      const kinds = tap.flush().map((r) => r.k);
      expect(kinds).toEqual(on ? ['open', 'state', 'msg'] : ['open', 'state']);
    }
  });

  it('ignores messages without our envelope (the bridge checks the rest before forwarding)', () => {
    const tap = tapOnFakeWindow();
    const es = new tap.win.EventSource('/x');
    es.onmessage = () => undefined;
    tap.sendFromBridge({ v: 2, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: false } });
    tap.sendFromBridge(null);
    tap.sendFromBridge({ type: 'bridge/recording', payload: { on: false } });
    tap.win.controls[0]!.message('message', 'still recorded');
    expect(tap.flush().some((r) => r.k === 'msg')).toBe(true);
  });

  it('sends what it holds when the document is hidden (pagehide), before its flush timer', () => {
    const tap = tapOnFakeWindow();
    const es = new tap.win.EventSource('/x');
    es.onmessage = () => undefined;
    tap.win.controls[0]!.message('message', 'last words');
    const messages = () => tap.posted.flatMap((m) => m.payload.records).flatMap((r) => (r.k === 'msg' ? [r.data] : []));
    expect(messages()).toEqual([]);
    tap.leave();
    expect(messages()).toEqual(['last words']);
  });

  it('installs once per window', async () => {
    const { installTap } = await import('../../../lib/tap/install');
    const tap = tapOnFakeWindow();
    const again = installTap({
      win: tap.win,
      post: () => undefined,
      stringify: JSON.stringify,
      parse: JSON.parse,
      listen: () => undefined,
      setTimer: () => undefined,
      now: () => 0,
      timeOrigin: 0,
      initialFlags: null,
      announceFlags: () => undefined,
      docId: 'doc2',
    });
    expect(again).toBe(false);
  });

  it('reports each named type the page listens to once per stream (full capture needs it), recorded or not', () => {
    const tap = tapOnFakeWindow(undefined, true);
    tap.sendFromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: false } });
    const es = new tap.win.EventSource('/s');
    const noop = () => undefined;
    es.addEventListener('card.updated', noop);
    es.addEventListener('card.updated', () => undefined);
    es.addEventListener('message', noop);
    es.onmessage = noop;
    es.addEventListener('session.started', noop);
    const listens = tap.flush().filter((r) => r.k === 'listen');
    expect(listens.map((r) => [r.sid, (r as { type: string }).type])).toEqual([
      ['e1', 'card.updated'],
      ['e1', 'session.started'],
    ]);
  });
});
