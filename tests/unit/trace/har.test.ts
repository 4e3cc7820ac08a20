import { describe, expect, it } from 'vitest';
import { harToTrace, traceToHar } from '../../../lib/trace/har';
import { event, stream, traceOf } from './fixtures';

describe('HAR', () => {
  it('exports one entry per stream with _eventSourceMessages and the rebuilt body, legacy systems apart, and reads it back', () => {
    const events = [
      event('s1', 'card.updated', '{"a":1}'),
      event('legacy:x', 'session.started', '{"b":2}', { source: 'legacy:session-provider' }),
      event('s1', 'message', 'line1\nline2'),
    ];
    const legacy = { ...stream('legacy:x', 'legacy:session-provider', 'legacy') };
    const trace = traceOf(events, [stream('s1', 'http://app.test/sse'), legacy]);
    const har = traceToHar(trace);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(2);
    const sse = har.log.entries.find((e) => e.request.url === 'http://app.test/sse')!;
    expect(sse.response.content.mimeType).toBe('text/event-stream');
    expect(sse.response.content.text).toContain('event: card.updated\ndata: {"a":1}\n\n');
    expect(sse._eventSourceMessages!.map((m) => m.type)).toEqual(['card.updated', 'message']);
    expect(har.log.entries.find((e) => e.request.url.startsWith('https://legacy.sse-hub.invalid/'))!.request.url).toBe('https://legacy.sse-hub.invalid/session-provider');

    const back = harToTrace(JSON.parse(JSON.stringify(har)), 0);
    if ('error' in back) throw new Error(back.error);
    expect(back.trace.events.map((e) => [e.source, e.type, e.data, e.lastEventId])).toEqual(events.map((e) => [e.source, e.type, e.data, e.lastEventId]));
  });

  it('parses text/event-stream bodies (plain or base64) when a HAR has no _eventSourceMessages', () => {
    const body = 'retry: 100\n\nid: 1\nevent: card.created\ndata: {"cardId":"c1"}\n\n: comment\ndata: two\ndata: lines\n\nid: 3\ndata: last';
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Playwright', version: '1.65' },
        entries: [
          { startedDateTime: '2026-01-01T00:00:00.000Z', request: { url: 'http://h/a' }, response: { content: { mimeType: 'text/event-stream; charset=utf-8', text: body } } },
          { startedDateTime: '2026-01-01T00:00:01.000Z', request: { url: 'http://h/b' }, response: { content: { mimeType: 'text/event-stream', encoding: 'base64', text: btoa('data: é?\n\n'.replace('é', 'e')) } } },
          { startedDateTime: '2026-01-01T00:00:02.000Z', request: { url: 'http://h/page' }, response: { content: { mimeType: 'text/html', text: '<p>' } } },
        ],
      },
    };
    const read = harToTrace(har as never, 0);
    if ('error' in read) throw new Error(read.error);
    expect(read.trace.streams.map((s) => s.url)).toEqual(['http://h/a', 'http://h/b']);
    expect(read.trace.events.map((e) => [e.type, e.data, e.lastEventId])).toEqual([
      ['card.created', '{"cardId":"c1"}', '1'],
      ['message', 'two\nlines', '1'],
      ['message', 'last', '3'],
      ['message', 'e?', ''],
    ]);
  });
});
