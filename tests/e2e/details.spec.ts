import { describe, expect, it } from 'vitest';
import type { PanelPage } from './support/panel-page';
import { hubUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';

/** Opens the Details dialog of the stream whose URL contains `urlPart`. */
async function openDetails(panel: PanelPage, urlPart: string) {
  await panel.byTestId('stream-row').filter({ hasText: urlPart }).getByTestId('stream-details').click();
  await panel.byTestId('details-dialog').waitFor();
}

const headers = (panel: PanelPage, testId: string) =>
  panel.locator(`[data-testid="${testId}"] [data-testid="details-header"]`).evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.name, r.querySelector('td')!.textContent]));

describe('stream request details', () => {
  const browser = useBrowser();

  it('shows a POST stream’s method, status, headers, JSON body, timing and end, secrets masked until revealed', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl('/quiet.html'));
    const text = await page.evaluate(async () => {
      const res = await fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sk-test-secret-123', 'X-Request-Id': 'r-1' },
        body: JSON.stringify({ model: 'test-model-1', stream: true, api_key: 'k-999', messages: [{ role: 'user', content: 'hi' }] }),
      });
      return res.text();
    });
    expect(text).toContain('data: [DONE]');
    await expect.poll(() => panel.byTestId('stream-row').filter({ hasText: '/v1/chat/completions' }).getByTestId('stream-state').textContent()).toBe('closed');
    await openDetails(panel, '/v1/chat/completions');
    expect(await panel.byTestId('details-method').textContent()).toBe('POST');
    expect(await panel.byTestId('details-status').textContent()).toBe('200 OK');
    expect(await panel.byTestId('details-end').getAttribute('data-value')).toBe('completed');
    const sent = await headers(panel, 'details-request-headers');
    expect(sent).toContainEqual(['content-type', 'application/json']);
    expect(sent).toContainEqual(['x-request-id', 'r-1']);
    // The secret is masked as a trace export would redact it.
    const auth = sent.find(([name]) => name === 'authorization')![1]!;
    expect(auth).toMatch(/^\[redacted:secret:\d+\]$/);
    const body = await panel.byTestId('details-body-json').textContent();
    expect(body).toContain('test-model-1');
    expect(body).not.toContain('k-999');
    const got = await headers(panel, 'details-response-headers');
    expect(got).toContainEqual(['content-type', 'text/event-stream; charset=utf-8']);
    expect(got).toContainEqual(['cache-control', 'no-store']);
    const steps = await panel.byTestId('details-timing-step').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.step));
    expect(steps).toEqual(['sent', 'headers', 'firstByte', 'firstEvent', 'ended']);

    await panel.byTestId('details-reveal').click();
    await expect.poll(async () => (await headers(panel, 'details-request-headers')).find(([name]) => name === 'authorization')?.[1]).toBe('Bearer sk-test-secret-123');
    expect(await panel.byTestId('details-body-json').textContent()).toContain('k-999');
    await panel.byTestId('details-close').click();
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('tells an aborted fetch stream (headers from a Headers object) from one the page closed (EventSource)', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl('/quiet.html'));
    await page.evaluate(async () => {
      const controller = new AbortController();
      const res = await fetch('/api/sse/events?interval=20&mode=abort', { signal: controller.signal, headers: new Headers({ 'X-Mode': 'abort-me' }) });
      const reader = res.body!.getReader();
      let seen = '';
      while (!seen.includes('\n\n')) seen += new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      await new Promise<void>((resolve) => {
        const es = new EventSource('/api/sse/events?interval=20&mode=close');
        es.onmessage = es.onerror = null;
        es.addEventListener('open', () => setTimeout(() => (es.close(), resolve()), 100));
      });
    });
    await expect.poll(() => panel.byTestId('stream-row').filter({ hasText: 'mode=abort' }).getByTestId('stream-state').textContent()).toBe('error');
    await openDetails(panel, 'mode=abort');
    expect(await panel.byTestId('details-end').getAttribute('data-value')).toBe('aborted');
    expect(await headers(panel, 'details-request-headers')).toContainEqual(['x-mode', 'abort-me']);
    await panel.byTestId('details-close').click();

    await expect.poll(() => panel.byTestId('stream-row').filter({ hasText: 'mode=close' }).getByTestId('stream-state').textContent()).toBe('closed');
    await openDetails(panel, 'mode=close');
    expect(await panel.byTestId('details-end').getAttribute('data-value')).toBe('closed-by-page');
    await panel.byTestId('details-eventsource-note').waitFor();
    await Promise.all([panel.page.close(), page.close()]);
  });
});
