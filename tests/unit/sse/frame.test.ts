import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSseFrame } from '../../../lib/sse/frame';
import { createStreamParser, type ParsedEvent } from '../../../lib/sse/stream-parser';

describe('SSE frame', () => {
  it('writes id, event and data lines', () => {
    expect(toSseFrame({ type: 'card.updated', data: '{"a":1}\nsecond', id: '7' })).toBe('id: 7\nevent: card.updated\ndata: {"a":1}\ndata: second\n\n');
    expect(toSseFrame({ type: 'message', data: 'x', id: '' })).toBe('data: x\n\n');
  });

  it('parses back to the same event', () => {
    const line = fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, ' '));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z.]{0,12}$/), fc.array(line, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[0-9a-z]{0,6}$/), (type, lines, id) => {
        const events: ParsedEvent[] = [];
        createStreamParser({ onEvent: (e) => events.push(e), onError: () => undefined }).feed(toSseFrame({ type, data: lines.join('\n'), id }));
        expect(events).toEqual([{ type, data: lines.join('\n'), lastEventId: id }]);
      }),
    );
  });
});
