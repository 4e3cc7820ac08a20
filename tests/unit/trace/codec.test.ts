import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeShareString, encodeTraceFile, gzipText, readShareString, readTraceBytes } from '../../../lib/trace/codec';
import { TRACE_VERSION } from '../../../lib/trace/format';
import { DEFAULT_PARITY_SETTINGS } from '../../../lib/parity/pairing';
import { createPanelStore } from '../../../lib/panel-store/create-panel-store';
import { event, stream, traceOf } from './fixtures';

const text = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('trace codec', () => {
  it('export → import is the identity on events for any data string (astral, lone surrogates, NUL, long lines)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ minLength: 5000, maxLength: 20000 })), { minLength: 1, maxLength: 5 }), async (datas) => {
        const events = datas.map((data) => event('s1', 'card.updated', data));
        const trace = traceOf(events, [stream('s1', 'http://app.test/sse')]);
        const bytes = await encodeTraceFile(trace);
        expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
        const read = await readTraceBytes(bytes);
        if ('error' in read) throw new Error(read.error);
        expect(read.kind).toBe('trace');
        expect(read.trace.events).toEqual(trace.events);
      }),
      { numRuns: 40 },
    );
  });

  it('carries the parity settings and rules a viewer pairs under, and refuses broken ones', async () => {
    const settings = { ...DEFAULT_PARITY_SETTINGS, windowMs: 5_000, rules: [{ system: 'beacon:/a', legacyType: '*', sseType: 'ui.clicked', keys: ['buttonId'] }] };
    const trace = { ...traceOf([event('s1', 'card.updated', '{}')], [stream('s1', 'http://app.test/sse')]), parity: { settings, rulesText: 'beacon:/a * -> ui.clicked keys=buttonId' } };
    const read = await readTraceBytes(await encodeTraceFile(trace));
    if ('error' in read) throw new Error(read.error);
    expect(read.trace.parity).toEqual(trace.parity);
    const store = createPanelStore({ tabId: 1 });
    store.getState().openTrace(read.trace, 'trace', 'trace');
    expect(store.getState().parity.settings.windowMs).toBe(5_000);
    expect(store.getState().parity.rulesText).toBe('beacon:/a * -> ui.clicked keys=buttonId');
    const broken = await readTraceBytes(text({ ...trace, parity: { settings: {}, rulesText: 1 } }));
    expect(broken).toEqual({ error: 'This trace’s "parity" settings are not valid.' });
  });

  it('reads a plain (not gzipped) trace too, and a gzipped HAR', async () => {
    const trace = traceOf([event('s1', 'a', '1')], [stream('s1', 'http://app.test/sse')]);
    const plain = await readTraceBytes(text(trace));
    expect('trace' in plain && plain.trace.events).toHaveLength(1);
    const har = { log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [{ startedDateTime: new Date(0).toISOString(), request: { url: 'http://h/s' }, response: { content: { mimeType: 'text/event-stream', text: 'data: hi\n\n' } } }] } };
    const read = await readTraceBytes(await gzipText(JSON.stringify(har)));
    expect('trace' in read && read.kind).toBe('har');
  });

  it('names what is wrong with bad files, one message each', async () => {
    const trace = traceOf([event('s1', 'a', '1')], [stream('s1', 'http://app.test/sse')]);
    const full = await encodeTraceFile(trace);
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(), /is empty/],
      [full.slice(0, full.length - 10), /damaged or truncated gzip/],
      [text(JSON.stringify(trace).slice(0, 50)), /cut short or damaged/],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x41]), /not text/],
      [text('hello world'), /not JSON/],
      [text({ some: 'json' }), /not an SSE Hub trace/],
      [text({ ...trace, version: TRACE_VERSION + 1 }), /version 2, written by a newer SSE Hub DevTools/],
      [text({ ...trace, events: [{ ...trace.events[0], data: 5 }] }), /Event 1 of the trace has no text "data"/],
      [text({ log: { entries: [{ request: { url: 'http://h/x' }, response: { content: { mimeType: 'text/html', text: '<p>' } } }] } }), /no event streams/],
    ];
    for (const [bytes, message] of cases) {
      const read = await readTraceBytes(bytes, 'f.json');
      expect('error' in read ? read.error : 'opened').toMatch(message);
    }
  });

  it('round-trips a share string and refuses one that is damaged or too big', () => {
    const trace = traceOf([event('s1', 'a', '{"x":1}')], [stream('s1', 'http://app.test/sse')]);
    const share = encodeShareString(trace)!;
    expect(share).toMatch(/^[A-Za-z0-9+\-$]+$/);
    const read = readShareString(`chrome-extension://id/devtools-panel.html?trace#lz=${share}`);
    expect('trace' in read && read.trace.events).toEqual(trace.events);
    expect(readShareString(share.slice(0, share.length / 2))).toHaveProperty('error');
    expect(readShareString('')).toEqual({ error: 'The share string is empty.' });
    const random = () => Array.from(crypto.getRandomValues(new Uint8Array(200)), (b) => b.toString(16).padStart(2, '0')).join('');
    const big = traceOf(Array.from({ length: 400 }, () => event('s1', 'a', random())), [stream('s1', 'u')]);
    expect(encodeShareString(big)).toBeNull();
  });
});
