import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressPayload, decompressPayload, messageBytes, utf8Length } from '../../../lib/engine/codec';

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
    // Random bytes as base64: 6 bits of entropy per character, as many as lz-string's URI
    // encoding carries, so nothing can be gained and the payload must go as it is.
    const random = Buffer.from(Array.from({ length: 1200 }, () => Math.floor(Math.random() * 256))).toString('base64');
    const incompressible = compressPayload(random);
    expect(incompressible.compressed).toBe(false);
    expect(incompressible.payload).toBe(random);
    expect(incompressible.bytesOut).toBe(incompressible.bytesIn);
  });

  it('measures message bytes as UTF-8 of the JSON form', () => {
    expect(utf8Length('aé😀')).toBe(1 + 2 + 4);
    expect(messageBytes('a"b')).toBe(6); // "a\"b"
    expect(utf8Length('\ud800')).toBe(3);
  });
});
