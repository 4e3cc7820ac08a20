/**
 * Parsers for the stream formats besides SSE, with the SSE parser's interface
 * (`stream-parser.ts`): NDJSON (one JSON value per line) and Connect+JSON streaming
 * (envelopes of a flags byte, a big-endian 32-bit length and a JSON message; flag 0x02
 * marks the end-of-stream message, 0x01 a compressed one). Each message becomes one event:
 * NDJSON lines and Connect messages are named `message`, Connect's end-of-stream message
 * `end-stream`.
 */
import { MAX_PARSED_EVENT_CHARS } from '../protocol';
import type { StreamParser, StreamParserOptions } from './stream-parser';
import { worded, type KeptText } from '../i18n/english';

/** Reports a problem through `options.onError`, in English and kept for the panel's language. */
function reporter(options: StreamParserOptions) {
  return (code: 'oversize' | 'parse', words: { message: string; text: KeptText }) => options.onError(code, words.message, words.text);
}

/** NDJSON: every non-blank line (LF or CRLF ended) is an event; a line past the cap is dropped. */
export function createNdjsonParser(options: StreamParserOptions): StreamParser {
  const max = options.maxEventChars ?? MAX_PARSED_EVENT_CHARS;
  const report = reporter(options);
  let line = '';
  let skipping = false;
  return {
    feed(text, resync = false) {
      if (resync) {
        line = '';
        skipping = true;
      }
      let at = 0;
      for (;;) {
        const end = text.indexOf('\n', at);
        if (end < 0) {
          if (!skipping) line += text.slice(at);
          if (line.length > max) {
            report('oversize', worded('relayError.ndjson.oversize'));
            line = '';
            skipping = true;
          }
          return;
        }
        const whole = skipping ? '' : line + text.slice(at, end);
        const wasSkipping = skipping;
        line = '';
        skipping = false;
        at = end + 1;
        const value = whole.endsWith('\r') ? whole.slice(0, -1) : whole;
        if (value.length > max) report('oversize', worded('relayError.ndjson.oversizeLast'));
        else if (!wasSkipping && value.trim() !== '') options.onEvent({ type: 'message', data: value, lastEventId: '' });
      }
    },
  };
}

/** Bytes from text decoded as `x-user-defined` (the tap's decoding of a Connect body): 0x80–0xFF come as U+F780–U+F7FF. */
export function userDefinedBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[i] = c < 0x80 ? c : c - 0xf700;
  }
  return bytes;
}

/** Connect+JSON streaming envelopes (from `x-user-defined` text). After a resync the framing is lost, so parsing stops. */
export function createConnectParser(options: StreamParserOptions): StreamParser {
  const max = options.maxEventChars ?? MAX_PARSED_EVENT_CHARS;
  const report = reporter(options);
  const utf8 = new TextDecoder('utf-8');
  let buffer = new Uint8Array(0);
  let lost = false;
  return {
    feed(text, resync = false) {
      if (lost) return;
      if (resync) {
        lost = true;
        report('parse', worded('relayError.connect.unrecorded'));
        return;
      }
      const more = userDefinedBytes(text);
      const joined = new Uint8Array(buffer.length + more.length);
      joined.set(buffer);
      joined.set(more, buffer.length);
      let at = 0;
      while (joined.length - at >= 5) {
        const flags = joined[at]!;
        const length = ((joined[at + 1]! << 24) | (joined[at + 2]! << 16) | (joined[at + 3]! << 8) | joined[at + 4]!) >>> 0;
        if (length > max) {
          lost = true;
          report('oversize', worded('relayError.connect.oversize', { bytes: length }));
          return;
        }
        if (joined.length - at - 5 < length) break;
        const payload = joined.subarray(at + 5, at + 5 + length);
        at += 5 + length;
        if (flags & 0x01) {
          report('parse', worded('relayError.connect.compressed', { bytes: length }));
          continue;
        }
        options.onEvent({ type: flags & 0x02 ? 'end-stream' : 'message', data: utf8.decode(payload), lastEventId: '' });
      }
      buffer = joined.slice(at);
    },
  };
}
