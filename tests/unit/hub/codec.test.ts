import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressPayload, decompressPayload, messageBytes, utf8Length } from '../../../lib/hub/codec';

describe('codec', () => {
  it('round-trips any string losslessly (lone surrogates, NUL, astral)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', minLength: 1000, maxLength: 3000 })), (text) => {
        expect(decompressPayload(compressPayload(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
    for (const text of ['\u0000'.repeat(2000), '\ud800x\udc00'.repeat(500), '😀'.repeat(1000), '']) {
      expect(decompressPayload(compressPayload(text))).toBe(text);
    }
  });

  it('compresses only when the message gets smaller', () => {
    const repetitive = JSON.stringify({ eventType: 'card.updated', eventData: { text: 'lorem ipsum '.repeat(200) } });
    const result = compressPayload(repetitive);
    expect(result.compressed).toBe(true);
    expect(result.bytesOut).toBeLessThan(result.bytesIn / 4);
    const random = Array.from({ length: 1200 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
    const incompressible = compressPayload(random);
    expect(incompressible.bytesOut).toBeLessThanOrEqual(incompressible.bytesIn);
    if (!incompressible.compressed) expect(incompressible.payload).toBe(random);
  });

  it('measures message bytes as UTF-8 of the JSON form', () => {
    expect(utf8Length('aé😀')).toBe(1 + 2 + 4);
    expect(messageBytes('a"b')).toBe(6); // "a\"b"
    expect(utf8Length('\ud800')).toBe(3);
  });
});
