import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut } from '../support/cut';
import { createConnectParser, createNdjsonParser } from '../../../lib/sse/formats';
import type { ParsedEvent, StreamParserOptions } from '../../../lib/sse/stream-parser';
import type { StreamParser } from '../../../lib/sse/stream-parser';

function run(make: (o: StreamParserOptions) => StreamParser, chunks: string[], max?: number) {
  const events: ParsedEvent[] = [];
  const errors: string[] = [];
  const parser = make({ onEvent: (e) => events.push(e), onError: (code) => errors.push(code), maxEventChars: max });
  for (const chunk of chunks) parser.feed(chunk);
  return { data: events.map((e) => [e.type, e.data]), errors };
}


/** A Connect envelope as the tap's `x-user-defined` decoding hands it over. */
function envelope(message: unknown, flags = 0): string {
  const payload = new TextEncoder().encode(JSON.stringify(message));
  const bytes = [flags, (payload.length >>> 24) & 255, (payload.length >>> 16) & 255, (payload.length >>> 8) & 255, payload.length & 255, ...payload];
  return String.fromCharCode(...bytes.map((b) => (b < 0x80 ? b : 0xf700 + b)));
}

describe('NDJSON parser', () => {
  const text = '{"a":1}\n\n{"b":"x"}\r\n  \n{"c":[1,2]}\n{"partial"';
  it('makes one event per non-blank line (LF or CRLF), however the text is cut; an unfinished line waits', () => {
    const whole = run(createNdjsonParser, [text]);
    expect(whole.data).toEqual([
      ['message', '{"a":1}'],
      ['message', '{"b":"x"}'],
      ['message', '{"c":[1,2]}'],
    ]);
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 6 }), (points) => {
      expect(run(createNdjsonParser, cut(text, points))).toEqual(whole);
    }));
  });

  it('drops a line past the cap with an error and goes on at the next line', () => {
    expect(run(createNdjsonParser, ['{"big":"', 'xxxxxxxxxxxxxxxxxxxx', '"}\n{"ok":1}\n'], 10)).toEqual({ data: [['message', '{"ok":1}']], errors: ['oversize'] });
  });
});

describe('Connect+JSON parser', () => {
  it('reads envelopes (lengths with the high bit set included) and names the end-of-stream message, however the bytes are cut', () => {
    const long = { text: 'é'.repeat(70) };
    const text = envelope({ n: 1 }) + envelope(long) + envelope({ metadata: {} }, 0x02);
    const whole = run(createConnectParser, [text]);
    expect(whole.data).toEqual([
      ['message', '{"n":1}'],
      ['message', JSON.stringify(long)],
      ['end-stream', '{"metadata":{}}'],
    ]);
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 6 }), (points) => {
      expect(run(createConnectParser, cut(text, points))).toEqual(whole);
    }));
  });

  it('reports a compressed envelope, and stops at lost framing or an impossible length', () => {
    expect(run(createConnectParser, [envelope({ z: 1 }, 0x01) + envelope({ n: 2 })])).toEqual({ data: [['message', '{"n":2}']], errors: ['parse'] });
    const parser = run(createConnectParser, [envelope({ n: 1 }), '\u0000\u00ff\u00ff\u00ff\u00ff'], 100);
    expect(parser).toEqual({ data: [['message', '{"n":1}']], errors: ['oversize'] });
  });
});
