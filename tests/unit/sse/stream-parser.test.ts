import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterBlankLine, createStreamParser, type ParsedEvent } from '../../../lib/sse/stream-parser';
import { cut } from '../support/cut';

function parseAll(chunks: string[], maxEventChars?: number, resyncAt = -1) {
  const events: ParsedEvent[] = [];
  const errors: string[] = [];
  const parser = createStreamParser({ onEvent: (e) => events.push(e), onError: (code) => errors.push(code), maxEventChars });
  chunks.forEach((chunk, i) => parser.feed(chunk, i === resyncAt));
  return { events, errors };
}


const STREAM = 'retry: 100\n\n: comment\n\nid: 1\nevent: card.updated\ndata: {"a":1}\n\ndata: line1\ndata: line2\n\nid: 2\r\ndata: crlf\r\n\r\nevent: x\ndata:\n\n';

describe('fetch stream parser', () => {
  it('names events as EventSource does and carries lastEventId forward', () => {
    expect(parseAll([STREAM]).events).toEqual([
      { type: 'card.updated', data: '{"a":1}', lastEventId: '1' },
      { type: 'message', data: 'line1\nline2', lastEventId: '1' },
      { type: 'message', data: 'crlf', lastEventId: '2' },
      { type: 'x', data: '', lastEventId: '2' },
    ]);
  });

  it('gives the same events however the text is chunked', () => {
    const whole = parseAll([STREAM]).events;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (points) => {
        expect(parseAll(cut(STREAM, points)).events).toEqual(whole);
      }),
    );
  });

  it('round-trips arbitrary data lines (astral, NUL, lone surrogates) through any chunking', () => {
    const line = fc.string({ unit: 'binary' }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (datas, points) => {
        const text = datas.map((d) => `data:${d}\n\n`).join('');
        const events = parseAll(cut(text, points)).events;
        expect(events.map((e) => e.data)).toEqual(datas);
      }),
    );
  });

  it('drops an oversize event, counts it, and resumes at the next event', () => {
    const big = `data: ${'x'.repeat(5000)}\n\ndata: after\n\n`;
    const { events, errors } = parseAll(cut(big, [1000, 2000, 3000, 4000, 5003]), 1024);
    expect(errors).toContain('oversize');
    expect(events.map((e) => e.data)).toEqual(['after']);
  });

  it('after a resync, skips the partial event and parses from the next blank line', () => {
    const { events } = parseAll(['data: first\n\n', 'ta: tail of an unseen event\n\ndata: next\n\n'], undefined, 1);
    expect(events.map((e) => e.data)).toEqual(['first', 'next']);
  });

  it('finds blank lines across chunk boundaries and line-ending styles', () => {
    for (const [parts, expected] of [
      [['abc\n', '\nrest'], 1],
      [['abc\r', '\n\r\nrest'], 3],
      [['abc\r\n', '\r\n'], 2],
      [['abc\r', '\r'], 1],
    ] as const) {
      const state = { atLineStart: false, afterCR: false };
      let found = -1;
      for (const part of parts) found = afterBlankLine(part, state);
      expect(found).toBe(expected);
    }
  });
});
