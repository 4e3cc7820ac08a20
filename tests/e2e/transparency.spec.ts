import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/use-browser';
import { ALL_TYPES, hubUrl, probeUrl } from './support/hub-app';

interface ProbeResult {
  log: unknown[];
  checks: Record<string, unknown>;
}

/** Opens the probe page and returns what it logged once both streams are done. */
async function runProbe(page: Page, url: string): Promise<ProbeResult> {
  await page.goto(url);
  await page.waitForFunction(() => {
    const done = (window as unknown as { __done?: { es: boolean; fetch: boolean } }).__done;
    return done?.es && done.fetch;
  }, undefined, { timeout: 30_000 });
  return page.evaluate(() => {
    const w = window as unknown as { __log: unknown[]; __checks: Record<string, unknown> };
    return { log: w.__log, checks: w.__checks };
  });
}

// A server-forced reconnect every 4 events (retry 150 ms), resumed from Last-Event-ID,
// plus a fetch stream read to the end by the page.
const PROBE = {
  es: '/api/sse/events?count=10&interval=5&closeAfter=4&retry=150&unnamed=3&stable=1',
  types: ALL_TYPES.filter((t) => t !== 'ui.buttonClick'),
  fetch: '/api/sse/events?count=6&interval=5&stable=1',
};

describe('transparency: the page behaves exactly as without the extension', () => {
  const withExtension = useBrowser();
  const without = useBrowser({ extension: false });

  it('logs the same events, data, ids, order and readyState transitions across a reconnect', async () => {
    const baseline = await runProbe(await without().context.newPage(), probeUrl(PROBE));
    const { page, tabId } = await withExtension().newTab();
    const panel = await withExtension().openPanel(tabId);
    const tapped = await runProbe(page, probeUrl(PROBE));

    // The two streams interleave by network timing; each one's own sequence must match exactly.
    const isFetch = (entry: unknown) => String((entry as unknown[])[0]).startsWith('fetch');
    expect(tapped.log.filter((e) => !isFetch(e))).toEqual(baseline.log.filter((e) => !isFetch(e)));
    expect(tapped.log.filter(isFetch)).toEqual(baseline.log.filter(isFetch));
    // The baseline really did reconnect, receive named and unnamed events, and read the fetch body.
    const kinds = baseline.log.map((entry) => (entry as unknown[])[0]);
    expect(kinds.filter((k) => k === 'error').length).toBeGreaterThanOrEqual(2);
    expect(kinds).toContain('named');
    expect(kinds).toContain('onmessage');
    expect(kinds).toContain('fetch-body');
    expect(baseline.log).toContainEqual(['closed', 2]);

    // And the extension saw the same traffic: events 1–10 except #4 (ui.buttonClick, which the
    // page does not listen to, so no page-side tap can see it), plus `done`.
    await panel.waitForEventCount(10 + 7); // and the fetch stream's 6 events + done
    const streams = await panel.streams();
    const es = streams.find((s) => s.transport === 'eventsource')!;
    expect(es.reconnects).toBeGreaterThanOrEqual(2);
    expect(es.events).toBe(10);
    // The server closed after events 4 and 8. Event 4 is a type the page does not listen to,
    // so the last id the tap saw before the first reconnect is 3.
    const esRow = panel.locator('[data-testid="stream-row"][data-transport="eventsource"]');
    expect(await esRow.locator('[data-testid="stream-last-event-id"]').getAttribute('title')).toBe('Last id seen before each reconnect: 3 → 8');
    expect(await esRow.locator('[data-testid="stream-timeline"]').getAttribute('data-reconnects')).toBe('2');
  });

  it('keeps instanceof, statics, prototype chain, constructor errors and subclassing', async () => {
    const probe = probeUrl({ es: PROBE.es, types: PROBE.types, legacy: true });
    const baseline = await runProbe(await without().context.newPage(), probe);
    const { page, tabId } = await withExtension().newTab();
    // Recorded, so the XHR, beacon and BroadcastChannel taps do their reporting too.
    const panel = await withExtension().openPanel(tabId);
    const tapped = await runProbe(page, probe);
    expect(tapped.checks).toEqual(baseline.checks);
    expect(baseline.checks.beacon).toEqual([['returned', true], ['threw', 'TypeError'], ['threw', 'TypeError'], 'sendBeacon', 1]);
    expect(baseline.checks.broadcastClosed).toEqual(['threw', 'InvalidStateError']);
    // Every replaced function reads as native code, as it does without the extension.
    const looks = baseline.checks.nativeLook as Record<string, [string[], unknown[]]>;
    expect(looks.fetch![0]).toEqual(Array(4).fill('function fetch() { [native code] }'));
    expect(looks['Function.prototype.toString']![0][0]).toBe('function toString() { [native code] }');
    expect(baseline.checks.toStringBadReceiver).toContainEqual(['TypeError', 'Function.prototype.toString requires that \'this\' be a Function']);
    await panel.byTestId('chip-sources-legacy:beacon:/api/analytics').waitFor();
    await panel.page.close();
    expect(baseline.checks).toMatchObject({
      instanceOf: true,
      protoOfInstance: true,
      ctor: true,
      protoChain: true,
      statics: '0,1,2',
      name: 'EventSource',
      callWithoutNew: 'TypeError',
      badUrl: 'SyntaxError',
      onmessageAccessor: 'function',
    });
  });

  it('lets a page that assigns es.onmessage receive its events (no "Illegal invocation")', async () => {
    const { page } = await withExtension().newTab();
    await page.goto(probeUrl({}));
    const received = await page.evaluate(
      (url) =>
        new Promise<string[]>((resolve, reject) => {
          const es = new EventSource(url);
          const got: string[] = [];
          es.onmessage = (e) => got.push(e.data as string);
          es.addEventListener('done', () => {
            es.close();
            resolve(got);
          });
          es.onerror = () => es.readyState === EventSource.CLOSED && reject(new Error('stream failed'));
        }),
      '/api/sse/events?count=6&interval=5&unnamed=1&stable=1',
    );
    expect(received).toHaveLength(6);
  });

  it('NDJSON, Connect+JSON and SSE served as text/plain, read whole or chunk by chunk: the page gets the same bytes, status and headers', async () => {
    const run = async (page: Page) => {
      await page.goto(hubUrl('/quiet.html'));
      return page.evaluate(async () => {
        const seen = async (res: Response, chunked: boolean) => {
          const head = [res.status, res.headers.get('content-type'), res.bodyUsed];
          if (!chunked) return [...head, Array.from(new Uint8Array(await res.arrayBuffer()))];
          const reader = res.body!.getReader();
          const parts: number[][] = [];
          for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(Array.from(r.value));
          return [...head, parts.flat()];
        };
        const out: unknown[] = [];
        for (const chunked of [false, true]) {
          out.push(await seen(await fetch('/api/stream/ndjson'), chunked));
          out.push(await seen(await fetch('/api/stream/connect', { method: 'POST', body: '{}' }), chunked));
          out.push(await seen(await fetch('/api/stream/sse-as?type=text/plain', { headers: { Accept: 'text/event-stream' } }), chunked));
          out.push(await seen(await fetch('/api/stream/sse-as?type=none', { method: 'POST', body: '{"stream":true}' }), chunked));
        }
        return out;
      });
    };
    const baseline = await run(await without().context.newPage());
    const { page, tabId } = await withExtension().newTab();
    const panel = await withExtension().openPanel(tabId);
    expect(await run(page)).toEqual(baseline);
    // All eight bodies were streams to the extension (the last two served with no content type).
    await expect.poll(async () => (await panel.streams()).length).toBe(8);
  });

  it('SSE read through XMLHttpRequest (sse.js and a hand-written client): the page observes the same, the panel shows both streams', async () => {
    const url = hubUrl(
      `/xhr-sse.html?${new URLSearchParams({
        sse: '/api/sse/events?count=12&interval=5&unnamed=4&stable=1',
        raw: '/api/sse/events?count=8&interval=5&stable=1',
        types: ALL_TYPES.filter((t) => !t.startsWith('ui.')).join(','),
      })}`,
    );
    const run = async (page: Page) => {
      await page.goto(url);
      const result = page.locator('#result[data-done="true"]');
      await result.waitFor({ timeout: 30_000 });
      return JSON.parse((await result.textContent()) ?? '') as Record<string, unknown[]>;
    };
    const baseline = await run(await without().context.newPage());
    const { page, tabId } = await withExtension().newTab();
    const panel = await withExtension().openPanel(tabId);
    const tapped = await run(page);
    expect(tapped).toEqual(baseline);
    // The baseline really streamed: sse.js got its named and unnamed events, the raw client
    // saw every readyState and progress, the JSON request kept responseText unreadable.
    expect(baseline.sse!.filter((e) => (e as unknown[])[0] === 'message').length).toBe(3);
    expect(baseline.sse).toContainEqual(['done', '12']);
    const raw = baseline.raw![0] as unknown[];
    expect(raw.slice(1, 5)).toEqual([[1, 2, 3, 4], true, true, 200]);
    expect(baseline.json![0]).toEqual([200, expect.any(Array), 'InvalidStateError']);

    // Both bodies are streams of transport xhr; the relay parsed every event of each, the
    // ui.* events the page does not listen to included (the body is all there).
    await expect.poll(() => panel.eventCount(), { timeout: 20_000 }).toBe(13 + 9);
    await expect
      .poll(async () => (await panel.streams()).filter((s) => s.transport === 'xhr').map((s) => [s.events, s.state]).sort())
      .toEqual([[13, 'closed'], [9, 'closed']].sort());
    // The plain-text body that merely looks like SSE was not read as a stream.
    expect((await panel.streams()).filter((s) => s.transport === 'xhr')).toHaveLength(2);
    await panel.byTestId('chip-sources-xhr').waitFor();
  });
});
