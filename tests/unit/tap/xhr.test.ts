import { describe, expect, it } from 'vitest';
import type { ChunkRecord, TapRecord } from '../../../lib/protocol';
import { tapOnFakeWindow } from '../support/tap-harness';

/** The fake XHR's server-side controls (see fake-window.ts). */
interface FakeXhr extends XMLHttpRequest {
  respond(contentType: string): void;
  receive(text: string): void;
  finish(): void;
  fail(): void;
}

function newXhr(tap: ReturnType<typeof tapOnFakeWindow>): FakeXhr {
  const Xhr = tap.win.XMLHttpRequest as unknown as new () => FakeXhr;
  return new Xhr();
}

const chunksOf = (records: TapRecord[]) => records.filter((r): r is ChunkRecord => r.k === 'chunk');

describe('XHR stream tap', () => {
  it('reads an event stream through responseText and forwards only the new text, then closes', () => {
    const tap = tapOnFakeWindow();
    const xhr = newXhr(tap);
    xhr.open('POST', '/stream');
    xhr.respond('text/event-stream; charset=utf-8');
    xhr.receive('id: 1\ndata: a\n\n');
    xhr.receive('data: b');
    xhr.receive('\n\n');
    xhr.finish();
    const records = tap.flush();
    expect(records.find((r) => r.k === 'open')).toMatchObject({
      transport: 'xhr',
      url: 'http://app/stream',
      sid: 'x1',
      request: { method: 'POST', headers: '', body: null, status: 200, statusText: 'OK', responseHeaders: 'content-type: text/event-stream; charset=utf-8\r\n' },
    });
    const chunks = chunksOf(records);
    expect(chunks.map((c) => c.text)).toEqual(['id: 1\ndata: a\n\n', 'data: b', '\n\n']);
    expect(chunks.map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(records.at(-1)).toMatchObject({ k: 'state', sid: 'x1', state: 'closed' });
  });

  it('never reads a body that is not an event stream, nor one whose responseType hides responseText', () => {
    const tap = tapOnFakeWindow();
    const plain = newXhr(tap);
    plain.open('GET', '/plain');
    plain.respond('text/plain');
    plain.receive('data: looks like SSE\n\n');
    plain.finish();
    const json = newXhr(tap);
    json.open('GET', '/json');
    json.responseType = 'json';
    json.respond('text/event-stream');
    json.receive('data: x\n\n');
    json.finish();
    const records = tap.flush();
    expect(records.filter((r) => r.k === 'open' || r.k === 'chunk')).toEqual([]);
    expect(records.filter((r) => r.k === 'req')).toHaveLength(2);
  });

  it('forwards what the page had read before it aborts (sse.js close), and marks a network error', () => {
    const tap = tapOnFakeWindow();
    const closed = newXhr(tap);
    closed.open('GET', '/a');
    closed.respond('text/event-stream');
    // Arrives and is read by the page's own progress handler, which aborts before ours runs.
    closed.addEventListener('progress', () => closed.abort());
    closed.receive('data: last\n\n');
    const failed = newXhr(tap);
    failed.open('GET', '/b');
    failed.respond('text/event-stream');
    failed.fail();
    const records = tap.flush();
    expect(chunksOf(records).map((c) => [c.sid, c.text])).toEqual([['x1', 'data: last\n\n']]);
    expect(records.filter((r) => r.k === 'state' && r.state !== 'open').map((r) => [r.sid, (r as { state: string }).state])).toEqual([
      ['x1', 'closed'],
      ['x2', 'error'],
    ]);
  });

  it('marks the first chunk after unrecorded text so the hub resynchronises, and a re-open starts a new stream', () => {
    const tap = tapOnFakeWindow();
    const xhr = newXhr(tap);
    xhr.open('GET', '/s');
    xhr.respond('text/event-stream');
    tap.sendFromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: false } });
    xhr.receive('data: unseen\n\n');
    tap.sendFromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: true } });
    xhr.receive('data: seen\n\n');
    xhr.open('GET', '/s2');
    xhr.respond('text/event-stream');
    xhr.receive('data: again\n\n');
    const chunks = chunksOf(tap.flush());
    expect(chunks.map((c) => [c.sid, c.text, c.resync ?? false])).toEqual([
      ['x1', 'data: seen\n\n', true],
      ['x2', 'data: again\n\n', false],
    ]);
  });
});
