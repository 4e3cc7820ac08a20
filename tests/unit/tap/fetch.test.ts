import { describe, expect, it } from 'vitest';
import type { ChunkRecord, OpenRecord } from '../../../lib/protocol';
import { tapOnFakeWindow } from '../support/tap-harness';

const encoder = new TextEncoder();

/** A fetch stand-in whose responses stream `parts` as separate chunks. */
function fakeFetch(parts: (string | Uint8Array)[], contentType = 'text/event-stream') {
  const calls: unknown[][] = [];
  const impl = function (this: unknown, ...args: unknown[]) {
    calls.push(args);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
        controller.close();
      },
    });
    return Promise.resolve(new Response(body, { headers: { 'content-type': contentType } }));
  } as typeof fetch;
  return { impl, calls };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('fetch tap', () => {
  it('gives the page the native promise and an untouched body, and reports the text it read', async () => {
    const parts = ['id: 1\nevent: card.updated\ndata: {"a":1}\n\n', 'data: sec', 'ond\n\n'];
    const plain = fakeFetch(parts);
    const expected = await (await plain.impl('/s')).text();

    const { impl } = fakeFetch(parts);
    const tap = tapOnFakeWindow(impl);
    const response = await tap.win.fetch('/s');
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe(expected);
    await settle();
    const records = tap.flush();
    const chunks = records.filter((r): r is ChunkRecord => r.k === 'chunk');
    expect(chunks.map((c) => c.text).join('')).toBe(expected);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i + 1));
    expect(records[0]).toMatchObject({ k: 'req', url: 'http://app/s', method: 'GET', via: 'fetch' });
    expect(records[1]).toMatchObject({ k: 'open', transport: 'fetch' });
    expect(records.at(-1)).toMatchObject({ k: 'state', state: 'closed' });
  });

  it('reports other content types only as requests (for polling detection), reading no page getter', async () => {
    const { impl } = fakeFetch(['{"cards":[]}'], 'application/json');
    const tap = tapOnFakeWindow(impl);
    let reads = 0;
    const init = { get method() { reads += 1; return 'POST'; } };
    const response = await tap.win.fetch('/api/cards', init);
    await tap.win.fetch('/api/users', { method: 'put' });
    expect(await response.json()).toEqual({ cards: [] });
    await settle();
    expect(reads).toBe(0);
    expect(tap.flush()).toEqual([
      { k: 'req', sid: 'legacy:polling', seq: 1, url: 'http://app/api/cards', method: '?', via: 'fetch', t: 1000 },
      { k: 'req', sid: 'legacy:polling', seq: 2, url: 'http://app/api/users', method: 'PUT', via: 'fetch', t: 1000 },
    ]);
  });

  it('reports a stream’s request from native Headers, a plain object or pairs, and a text body, running no page getter', async () => {
    const opens = async (init: RequestInit | Record<string, unknown>) => {
      const { impl } = fakeFetch(['data: x\n\n']);
      const tap = tapOnFakeWindow(impl);
      await tap.win.fetch('/s', init as RequestInit);
      await settle();
      return tap.flush().find((r): r is OpenRecord => r.k === 'open')!;
    };
    const fromHeaders = await opens({ method: 'post', headers: new Headers({ 'X-A': '1' }), body: '{"stream":true}' });
    expect(fromHeaders.request).toEqual({
      method: 'POST',
      headers: 'x-a: 1\r\n',
      body: '{"stream":true}',
      status: 200,
      statusText: '',
      responseHeaders: 'content-type: text/event-stream\r\n',
      sentAt: 1000,
    });
    expect((await opens({ headers: { Accept: 'text/event-stream', 'X-B': '2' } })).request!.headers).toBe('Accept: text/event-stream\r\nX-B: 2\r\n');
    expect((await opens({ headers: [['X-C', '3']] })).request!.headers).toBe('X-C: 3\r\n');
    let reads = 0;
    const sneaky = { get headers() { reads += 1; return { 'X-D': '4' }; }, get body() { reads += 1; return 'b'; } };
    const quiet = await opens(sneaky);
    expect(reads).toBe(0);
    expect(quiet.request).toMatchObject({ headers: '', body: null });
  });

  it('passes arguments through untouched and keeps rejections native', async () => {
    const { impl, calls } = fakeFetch(['data: x\n\n']);
    const tap = tapOnFakeWindow(impl);
    const init = { method: 'POST', body: 'q' };
    await tap.win.fetch('/s', init);
    expect(calls[0]).toEqual(['/s', init]);
    expect(calls[0]![1]).toBe(init);

    const failing = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
    const tap2 = tapOnFakeWindow(failing);
    await expect(tap2.win.fetch('/down')).rejects.toThrow('Failed to fetch');
  });

  it('reports a binary body as a counted error and stops reading it', async () => {
    const { impl } = fakeFetch(['data: ok\n\n', new Uint8Array([0xff, 0xfe, 0x00])]);
    const tap = tapOnFakeWindow(impl);
    const response = await tap.win.fetch('/bin');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.at(-3)).toBe(0xff);
    await settle();
    const records = tap.flush();
    expect(records.find((r) => r.k === 'err')).toMatchObject({ code: 'binary' });
  });
});
