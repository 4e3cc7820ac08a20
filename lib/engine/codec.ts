/**
 * Payload compression as the seed's EventCompressor, measured on the path events
 * really take: extension messages are serialised as JSON and carried as UTF-8. On
 * that path lz-string's `compressToEncodedURIComponent` is the encoding that pays: its
 * output is ASCII (6 bits per byte, no padding) and needs no JSON escaping, whereas
 * `compress` emits arbitrary UTF-16 (lone surrogates are escaped as 6-byte `\uXXXX`,
 * the rest cost 3 UTF-8 bytes per 16 bits) and `compressToUTF16` emits 15 bits per 3
 * UTF-8 bytes. Measured on a 2.5 KB event: 2555 bytes raw, `compress` 925,
 * `compressToUTF16` 919, base64 814, URI component 813 (see `npm run bench`).
 * Compression is skipped when it does not make the message smaller.
 */
import LZString from 'lz-string';

/** Bytes `text` occupies in UTF-8 (lone surrogates count as the 3-byte U+FFFD they become). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Bytes a string payload costs inside a JSON message (quotes and escapes included). */
export function messageBytes(payload: string): number {
  return utf8Length(JSON.stringify(payload));
}

/** The outcome of compressing one payload. */
export interface Compression {
  /** True when the compressed form is smaller on the message path and was chosen. */
  compressed: boolean;
  /** Message bytes of the original payload. */
  bytesIn: number;
  /** Message bytes of what would be sent (compressed form, or the original when it did not pay). */
  bytesOut: number;
  /** The payload as sent. */
  payload: string;
}

/** Compresses `payload` when that makes the message smaller. */
export function compressPayload(payload: string): Compression {
  const bytesIn = messageBytes(payload);
  const packed = LZString.compressToEncodedURIComponent(payload);
  // The URI-component alphabet is plain ASCII with nothing JSON escapes: length plus quotes.
  const packedBytes = packed.length + 2;
  return packedBytes < bytesIn
    ? { compressed: true, bytesIn, bytesOut: packedBytes, payload: packed }
    : { compressed: false, bytesIn, bytesOut: bytesIn, payload };
}

/** Restores a payload produced by {@link compressPayload}. */
export function decompressPayload(compression: Pick<Compression, 'compressed' | 'payload'>): string {
  if (!compression.compressed) return compression.payload;
  const restored = LZString.decompressFromEncodedURIComponent(compression.payload);
  if (restored === null) throw new Error('Corrupt compressed payload');
  return restored;
}
