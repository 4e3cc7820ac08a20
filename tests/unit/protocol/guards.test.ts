import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  envelope,
  isBridgeToRelay,
  isEnvelope,
  isRelayToBridge,
  isPanelToRelay,
  isTapToBridge,
  isTapWire,
  parseTapWire,
  MAX_DATA_CHARS,
  MAX_RECORDS_PER_BATCH,
  parsePortName,
  portName,
  type BridgeToRelayMap,
  type TapRecord,
  type TapToBridge,
} from '../../../lib/protocol';

const msg: TapRecord = { k: 'msg', sid: 'e1', seq: 1, type: 'card.updated', data: '{}', lastEventId: '1', size: 2, truncated: false, t: 1 };
const batch = (records: unknown[], extra: Record<string, unknown> = {}) => ({
  v: 1,
  src: 'sse-hub-devtools',
  type: 'tap/batch',
  payload: { docId: 'd', dropped: 0, records, ...extra },
});

describe('protocol guards', () => {
  it('accept well-formed messages of every direction', () => {
    expect(isTapToBridge(batch([msg, { k: 'open', sid: 'e1', url: '/x', transport: 'eventsource', withCredentials: false, t: 1 }]))).toBe(true);
    expect(isBridgeToRelay(envelope('bridge/batch', { n: 1, wire: JSON.stringify(batch([msg])), dropped: 0, rejected: 0 }))).toBe(true);
    expect(isTapWire({ count: 1, json: JSON.stringify(batch([msg])) })).toBe(true);
    expect(parseTapWire(JSON.stringify(batch([msg])))?.payload.records).toEqual([msg]);
    expect(isBridgeToRelay(envelope('bridge/hello', { navigationId: 'd', url: 'http://x/', recording: null }))).toBe(true);
    expect(isBridgeToRelay({ ...envelope('bridge/hello', { navigationId: 'd', url: 'http://x/' }) })).toBe(false);
    expect(isRelayToBridge(envelope('relay/ack', { n: 3 }))).toBe(true);
    expect(isPanelToRelay(envelope('panel/clear', {}))).toBe(true);
  });

  it.each([
    ['wrong version', { ...batch([msg]), v: 2 }],
    ['wrong source', { ...batch([msg]), src: 'other' }],
    ['missing payload', { v: 1, src: 'sse-hub-devtools', type: 'tap/batch' }],
    ['unknown record kind', batch([{ ...msg, k: 'evil' }])],
    ['record with a wrong field type', batch([{ ...msg, seq: '1' }])],
    ['negative sequence', batch([{ ...msg, seq: -1 }])],
    ['data over the cap', batch([{ ...msg, data: 'x'.repeat(MAX_DATA_CHARS + 1) }])],
    ['too many records', batch(Array.from({ length: MAX_RECORDS_PER_BATCH + 1 }, () => msg))],
    ['records not an array', batch({ length: 1, 0: msg } as unknown as unknown[])],
    ['an array as the envelope', [batch([msg])]],
    ['a string', JSON.stringify(batch([msg]))],
    ['null', null],
  ])('reject %s', (_name, value) => {
    expect(isTapToBridge(value)).toBe(false);
  });

  it('parse serialised tap batches only when they are valid', () => {
    expect(parseTapWire('{')).toBeNull();
    expect(parseTapWire(JSON.stringify(batch([{ ...msg, seq: 'x' }])))).toBeNull();
    expect(isTapWire({ count: MAX_RECORDS_PER_BATCH + 1, json: '' })).toBe(false);
    expect(isTapWire({ count: 1, json: 5 })).toBe(false);
  });

  it('never throw, whatever they are given (getters that throw, proxies, cycles)', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });
    const cyclic: Record<string, unknown> = { v: 1, src: 'sse-hub-devtools', type: 'tap/batch' };
    cyclic.payload = cyclic;
    for (const value of [hostile, cyclic, batch([hostile]), Object.create(null)]) {
      expect(() => isTapToBridge(value)).not.toThrow();
      expect(() => isBridgeToRelay(value)).not.toThrow();
      expect(isTapToBridge(value)).toBe(false);
    }
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(isEnvelope(value) && (value as { src: unknown }).src !== 'sse-hub-devtools').toBe(false);
        expect(isTapToBridge(value)).toBe(false);
      }),
    );
  });

  it('build and parse port names, and refuse anything else', () => {
    expect(parsePortName(portName({ role: 'bridge' }))).toEqual({ role: 'bridge' });
    expect(parsePortName(portName({ role: 'panel', tabId: 42 }))).toEqual({ role: 'panel', tabId: 42 });
    for (const name of ['', 'sse-hub/panel/', 'sse-hub/panel/-1', 'sse-hub/panel/1x', 'x-sse-hub/bridge', 'sse-hub/panel/99999999999']) {
      expect(parsePortName(name)).toBeNull();
    }
  });

  it('type the maps', () => {
    expectTypeOf(envelope('bridge/batch', {} as BridgeToRelayMap['bridge/batch']).payload.wire).toEqualTypeOf<string>();
    expectTypeOf<TapToBridge['payload']['records']>().toEqualTypeOf<TapRecord[]>();
    expectTypeOf<TapToBridge['type']>().toEqualTypeOf<'tap/batch'>();
  });
});
