import { describe, expect, it } from 'vitest';
import { envelope, type LegacyRecord, type TapRecord } from '../../../lib/protocol';
import { HOOK_NAME } from '../../../lib/tap/install';
import type { PageHook } from '../../../lib/tap/hook';
import { tapOnFakeWindow } from '../support/tap-harness';

const hookOf = (win: object) => (win as Record<string, unknown>)[HOOK_NAME] as PageHook;
const legacy = (records: TapRecord[]) => records.filter((r): r is LegacyRecord => r.k === 'legacy');
const ALL_OFF = { SSE_SESSION_EVENTS: false, SSE_CARD_EVENTS: false, SSE_UI_EVENTS: false, POLLING_DISABLED: false, LEGACY_EVENTS_DISABLED: false };

describe('page hook', () => {
  it('exposes the mirrored flags before any page script, frozen and non-enumerable; junk reads as all off', () => {
    const tap = tapOnFakeWindow(undefined, true, { SSE_SESSION_EVENTS: true, SSE_CARD_EVENTS: 'yes', EXTRA: true });
    const hook = hookOf(tap.win);
    expect(hook.flags).toEqual({ ...ALL_OFF, SSE_SESSION_EVENTS: true });
    expect(Object.keys(tap.win)).not.toContain(HOOK_NAME);
    expect(Object.isFrozen(hook) && Object.isFrozen(hook.flags)).toBe(true);
    expect(() => ((tap.win as Record<string, unknown>)[HOOK_NAME] = {})).toThrow(TypeError);
    expect(hookOf(tapOnFakeWindow(undefined, true, 'garbage').win).flags).toEqual(ALL_OFF);
  });

  it('takes new flags only from a well-formed bridge message, and announces a change once', () => {
    const tap = tapOnFakeWindow();
    const phase2 = { ...ALL_OFF, SSE_SESSION_EVENTS: true, SSE_CARD_EVENTS: true };
    tap.sendFromBridge(envelope('bridge/flags', { flags: phase2, rollback: false }));
    tap.sendFromBridge(envelope('bridge/flags', { flags: phase2, rollback: false }));
    tap.sendFromBridge(envelope('bridge/flags', { flags: { ...phase2, SSE_UI_EVENTS: 1 }, rollback: false }));
    tap.sendFromBridge({ type: 'bridge/flags', payload: { flags: ALL_OFF, rollback: true } });
    expect(hookOf(tap.win).flags).toEqual(phase2);
    expect(tap.announced).toEqual([{ flags: phase2, rollback: false }]);
    // A rollback is announced even when the flags were already off.
    tap.sendFromBridge(envelope('bridge/flags', { flags: ALL_OFF, rollback: true }));
    tap.sendFromBridge(envelope('bridge/flags', { flags: ALL_OFF, rollback: true }));
    expect(tap.announced.slice(1)).toEqual([{ flags: ALL_OFF, rollback: true }, { flags: ALL_OFF, rollback: true }]);
  });

  it('emit reports a legacy event with its data serialised at the time of the call', () => {
    const tap = tapOnFakeWindow();
    const data = { cardId: 'c1', n: 1 };
    hookOf(tap.win).emit('session-tracker', 'card.updated', data);
    data.n = 2;
    hookOf(tap.win).emit('', 'ignored', {});
    hookOf(tap.win).emit('session-tracker', 'card.updated', data);
    expect(legacy(tap.flush())).toMatchObject([
      { sid: 'legacy:session-tracker', seq: 1, type: 'card.updated', data: '{"cardId":"c1","n":1}', truncated: false },
      { sid: 'legacy:session-tracker', seq: 2, data: '{"cardId":"c1","n":2}' },
    ]);
  });

  it('emit counts cyclic data as an error and still records the event; huge data is cut and marked', () => {
    const tap = tapOnFakeWindow();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => hookOf(tap.win).emit('bridge', 'card.created', cyclic)).not.toThrow();
    hookOf(tap.win).emit('bridge', 'card.created', 'x'.repeat(300_000));
    const records = tap.flush();
    expect(records.find((r) => r.k === 'err')).toMatchObject({ code: 'unserializable', sid: 'legacy:bridge' });
    const [first, huge] = legacy(records);
    expect(first!.data).toBe('"[unserialisable]"');
    expect(huge).toMatchObject({ truncated: true, size: 300_002 });
    expect(huge!.data.length).toBe(256 * 1024);
  });

  it('tapEmitter keeps return values, exceptions and `this`, and untaps cleanly', () => {
    const tap = tapOnFakeWindow();
    class Emitter {
      calls: unknown[][] = [];
      emit(type: string, payload?: unknown): boolean {
        this.calls.push([type, payload]);
        if (type === 'boom') throw new RangeError('listener failed');
        return this.calls.length % 2 === 1;
      }
    }
    const emitter = new Emitter();
    const untap = hookOf(tap.win).tapEmitter('session-provider', emitter)!;
    expect(emitter.emit('session.started', { userId: 'u1' })).toBe(true);
    expect(emitter.emit('session.activity')).toBe(false);
    const thrown = (() => {
      try {
        emitter.emit('boom');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toBe('listener failed');
    expect(emitter.calls).toHaveLength(3);
    expect(legacy(tap.flush()).map((r) => [r.sid, r.type, r.data])).toEqual([
      ['legacy:session-provider', 'session.started', '{"userId":"u1"}'],
      ['legacy:session-provider', 'session.activity', 'null'],
      ['legacy:session-provider', 'boom', 'null'],
    ]);
    untap();
    expect(Object.prototype.hasOwnProperty.call(emitter, 'emit')).toBe(false);
    emitter.emit('after');
    expect(legacy(tap.flush())).toHaveLength(3);
    // An own, non-writable method comes back exactly as it was.
    const own = {};
    const ownEmit = () => 'own';
    Object.defineProperty(own, 'emit', { value: ownEmit, writable: false, enumerable: true, configurable: true });
    const untapOwn = hookOf(tap.win).tapEmitter('own', own)!;
    expect((own as { emit(): string }).emit()).toBe('own');
    untapOwn();
    expect(Object.getOwnPropertyDescriptor(own, 'emit')).toEqual({ value: ownEmit, writable: false, enumerable: true, configurable: true });
    expect(hookOf(tap.win).tapEmitter('x', Object.freeze({ emit() {} }))).toBeNull();
    expect(hookOf(tap.win).tapEmitter('x', {})).toBeNull();
  });

  it('tapEmitter reads an EventTarget’s dispatched CustomEvent type and detail', () => {
    const tap = tapOnFakeWindow();
    const target = new EventTarget();
    let seen: unknown = null;
    target.addEventListener('conversation.card', (e) => (seen = (e as CustomEvent).detail));
    hookOf(tap.win).tapEmitter('conversation-bridge', target);
    expect(target.dispatchEvent(new CustomEvent('conversation.card', { detail: { cardId: 'c9' } }))).toBe(true);
    expect(seen).toEqual({ cardId: 'c9' });
    expect(legacy(tap.flush())).toMatchObject([{ sid: 'legacy:conversation-bridge', type: 'conversation.card', data: '{"cardId":"c9"}' }]);
  });

  it('taps sendBeacon and BroadcastChannel posts without changing results; nothing while not recorded', () => {
    const tap = tapOnFakeWindow();
    const nav = new tap.win.Navigator();
    expect(nav.sendBeacon('/api/analytics', '{"eventType":"ui.buttonClick"}')).toBe(true);
    expect(nav.sendBeacon('/api/analytics', 'refuse')).toBe(false);
    const Channel = tap.win.BroadcastChannel!;
    const channel = new Channel('theme');
    channel.postMessage({ type: 'ui.themeChanged', theme: 'dark' });
    channel.close();
    expect(legacy(tap.flush()).map((r) => [r.sid, r.type, r.data])).toEqual([
      ['legacy:beacon:/api/analytics', 'message', '{"eventType":"ui.buttonClick"}'],
      ['legacy:beacon:/api/analytics', 'message', 'refuse'],
      ['legacy:broadcast:theme', 'ui.themeChanged', '{"type":"ui.themeChanged","theme":"dark"}'],
    ]);
    expect(tap.win.beacons).toHaveLength(2);
    tap.sendFromBridge(envelope('bridge/recording', { on: false }));
    nav.sendBeacon('/api/analytics', 'x');
    hookOf(tap.win).emit('session-provider', 'session.activity', {});
    expect(legacy(tap.flush())).toHaveLength(3);
  });

  it('reports XHR requests for polling detection and lets the native error through', () => {
    const tap = tapOnFakeWindow();
    const xhr = new tap.win.XMLHttpRequest!();
    xhr.open('get', '/api/users');
    xhr.open('POST', new URL('http://other/x'));
    expect(() => xhr.open('BAD', '/x')).toThrow(SyntaxError);
    expect(tap.flush().filter((r) => r.k === 'req')).toMatchObject([
      { url: 'http://app/api/users', method: 'GET', via: 'xhr', seq: 1 },
      { url: 'http://other/x', method: 'POST', via: 'xhr', seq: 2 },
    ]);
    expect(tap.win.opened).toHaveLength(2);
  });
});

describe('legacy sources from the page are bounded', () => {
  it('files systems past the 64th of a document under legacy:other', () => {
    const tap = tapOnFakeWindow();
    for (let i = 0; i < 70; i++) hookOf(tap.win).emit(`system-${i}`, 'x', i);
    hookOf(tap.win).emit('system-3', 'x', 'again');
    const sids = legacy(tap.flush()).map((r) => r.sid);
    expect(new Set(sids).size).toBe(65);
    expect(sids.filter((sid) => sid === 'legacy:other')).toHaveLength(6);
    expect(sids.at(-1)).toBe('legacy:system-3');
  });
});
