import { describe, expect, it } from 'vitest';
import { CONNECT_END, CONNECT_MESSAGES, NDJSON_PARTS, SSE_AS_TEXT, connectEnvelope } from '../fixtures/hub-app/streams.mjs';
import { hubUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';

describe('more stream formats', () => {
  const browser = useBrowser();

  it('captures NDJSON, Connect+JSON and SSE served as text/plain to a request that asked for a stream; the page reads the same bytes; plain JSON is never a stream', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl('/quiet.html'));
    const read = await page.evaluate(async () => {
      const bytes = async (res: Response) => Array.from(new Uint8Array(await res.arrayBuffer()));
      return {
        ndjson: await (await fetch('/api/stream/ndjson')).text(),
        connect: await bytes(await fetch('/api/stream/connect', { method: 'POST', headers: { 'Content-Type': 'application/connect+json' }, body: '{}' })),
        sseAs: await (await fetch('/api/stream/sse-as?type=text/plain', { headers: { Accept: 'text/event-stream' } })).text(),
        sseAsBody: await (await fetch('/api/stream/sse-as?type=application/json', { method: 'POST', body: JSON.stringify({ model: 'm', stream: true }) })).text(),
        // Not streams: plain JSON, SSE-looking text nobody asked to stream, a stream request answered with JSON.
        cards: await (await fetch('/api/cards')).json(),
        unasked: await (await fetch('/api/stream/sse-as?type=text/plain&unasked=1')).text(),
        jsonAnswer: await (await fetch('/api/stream/sse-as?type=application/json&json=1', { method: 'POST', body: '{"stream": true}' })).json(),
      };
    });
    // What the page read is what the server sent.
    expect(read.ndjson).toBe(NDJSON_PARTS.join(''));
    const envelopes = Buffer.concat([...CONNECT_MESSAGES.map((m) => connectEnvelope(m)), connectEnvelope(CONNECT_END, 0x02)]);
    expect(Buffer.from(read.connect).equals(envelopes)).toBe(true);
    expect(read.sseAs).toBe(SSE_AS_TEXT);
    expect(read.sseAsBody).toBe(SSE_AS_TEXT);
    expect(read.unasked).toBe(SSE_AS_TEXT);
    expect(read.jsonAnswer).toEqual({ ok: true });

    // 3 NDJSON lines, 3 Connect messages and its end-of-stream, 2 + 2 SSE events.
    await panel.waitForEventCount(11);
    const streams = await panel.byTestId('stream-row').evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('.url')!.getAttribute('title')!.replace(/^https?:\/\/[^/]+/, ''), r.querySelector('[data-testid="stream-transport"]')!.getAttribute('data-format'), r.querySelector('[data-testid="stream-served-as"]')?.textContent?.trim() ?? null]),
    );
    expect(streams.sort()).toEqual(
      [
        ['/api/stream/ndjson', 'ndjson', null],
        ['/api/stream/connect', 'connect', null],
        ['/api/stream/sse-as?type=text/plain', 'sse', 'SSE as text/plain'],
        ['/api/stream/sse-as?type=application/json', 'sse', 'SSE as application/json'],
      ].sort(),
    );
    const rows = (await panel.allRows()).map((r) => [r.type, r.data]);
    expect(rows.filter(([, data]) => (data ?? '').startsWith('{"n"'))).toEqual([
      ['message', '{"n":1,"text":"one"}'],
      ['message', '{"n":2,"text":"twö"}'],
      ['message', '{"n":3,"text":"three"}'],
      ...CONNECT_MESSAGES.map((m) => ['message', JSON.stringify(m)]),
    ]);
    expect(rows).toContainEqual(['end-stream', JSON.stringify(CONNECT_END)]);
    expect(rows.filter(([type]) => type === 'token').map(([, data]) => data)).toEqual(['Hel', 'lo', 'Hel', 'lo']);
    await Promise.all([panel.page.close(), page.close()]);
  });
});
