import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromePath, BASE_ARGS } from '../fixtures/chromium.mjs';
import { PanelPage } from './support/panel-page';
import { boardUrl } from './support/migration';
import { probeUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';
import type { Harness } from './support/browser';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLXNlY3JldA';
const PLANTED = { email: 'ada.lovelace@example.com', token: 'tok-PLANTED-123', cookie: 'sid=PLANTED-cookie', jwt: JWT };
const STATS = ['events', 'duplicates', 'batches', 'coalesced', 'compressed', 'priority-critical', 'priority-high', 'priority-normal', 'priority-low'];

async function statsOf(panel: PanelPage): Promise<Record<string, string>> {
  await panel.byTestId('tab-stats').click();
  await panel.byTestId('stats-view').waitFor();
  const out: Record<string, string> = {};
  for (const name of STATS) out[name] = (await panel.byTestId(`stat-${name}`).textContent()) ?? '';
  await panel.byTestId('tab-events').click();
  return out;
}

/** Opens the trace viewer of `harness` and opens `file` in it through the file picker. */
async function openInViewer(harness: Harness, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<PanelPage> {
  const page = await harness.context.newPage();
  await page.goto(`chrome-extension://${harness.extensionId}/devtools-panel.html?trace`);
  const viewer = new PanelPage(page);
  await viewer.byTestId('trace-welcome').waitFor();
  await viewer.byTestId('open-trace-input').setInputFiles(file);
  return viewer;
}

/** Exports through the dialog with its defaults (and `format`), returning the saved file's path. */
async function exportFromPanel(panel: PanelPage, format: 'trace' | 'har' = 'trace'): Promise<string> {
  await panel.byTestId('export').click();
  await panel.byTestId('export-dialog').waitFor();
  await panel.byTestId(`export-format-${format}`).check();
  const download = panel.page.waitForEvent('download');
  await panel.byTestId('export-run').click();
  const file = await download;
  const path = join(mkdtempSync(join(tmpdir(), 'sse-trace-')), file.suggestedFilename());
  await file.saveAs(path);
  await panel.byTestId('export-cancel').click();
  return path;
}

describe('traces for support', () => {
  const recorder = useBrowser();
  const other = useBrowser();

  it('records the board app, exports a redacted trace, and a fresh browser shows the same rows, streams and hub stats', async () => {
    const { page, tabId } = await recorder().newTab();
    const panel = await recorder().openPanel(tabId);
    await panel.byTestId('preserve-log').check();
    await page.goto(boardUrl('trace'));
    await panel.waitForEventCount(15);
    // The app reports a legacy event carrying a customer's secrets, twice.
    await page.evaluate((planted) => {
      const hook = (window as unknown as { __SSE_HUB_DEVTOOLS_HOOK__: { emit(s: string, t: string, d: unknown): void } }).__SSE_HUB_DEVTOOLS_HOOK__;
      for (let i = 0; i < 2; i++) hook.emit('support-probe', 'session.started', { userId: planted.email, authToken: planted.token, cookie: planted.cookie, note: `Bearer ${planted.jwt}` });
    }, PLANTED);
    await panel.byTestId('chip-sources-legacy:support-probe').waitFor();
    // The page goes away (the log is preserved): nothing more arrives, decisions settle.
    await page.goto('about:blank');
    // Settled: nothing new for a second (records in flight when the page left have arrived).
    let total = await panel.eventCount();
    let quietSince = Date.now();
    await expect
      .poll(
        async () => {
          const count = await panel.eventCount();
          if (count !== total) [total, quietSince] = [count, Date.now()];
          return Date.now() - quietSince;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(1_000);
    // The hub's stats (sent a few times a second) have caught up with the rows.
    await panel.byTestId('tab-stats').click();
    await expect.poll(() => panel.byTestId('stat-events').textContent()).toBe(String(total));
    await panel.byTestId('tab-events').click();
    const liveStats = await statsOf(panel);
    const liveStreams = await panel.streams();
    const liveRows = await panel.allRows();

    const path = await exportFromPanel(panel);
    expect(await panel.eventCount()).toBe(total);
    expect(path).toMatch(/127\.0\.0\.1_\d+-\d{8}-\d{6}\.ssetrace\.json\.gz$/);
    const bytes = readFileSync(path);
    const json = gunzipSync(bytes).toString('utf8');
    for (const secret of Object.values(PLANTED)) expect(json).not.toContain(secret);
    const trace = JSON.parse(json) as { format: string; version: number; events: { source: string; data: string }[]; redaction: { replacements: number } };
    expect([trace.format, trace.version]).toEqual(["sse-hub-trace", 1]);
    const probes = trace.events.filter((e) => e.source === 'legacy:support-probe').map((e) => JSON.parse(e.data) as Record<string, string>);
    expect(probes).toHaveLength(2);
    expect(probes[0]!.userId).toMatch(/^\[redacted:email:\d+\]$/);
    expect(probes[1]!.userId).toBe(probes[0]!.userId);
    expect(probes[1]!.authToken).toBe(probes[0]!.authToken);
    expect(trace.redaction.replacements).toBeGreaterThanOrEqual(8);

    // A support engineer's browser: a fresh profile, no live tab.
    const viewer = await openInViewer(other(), path);
    await viewer.byTestId('trace-banner').waitFor();
    expect(await viewer.byTestId('trace-name').textContent()).toBe(path.split('/').pop());
    expect(await viewer.eventCount()).toBe(total);
    expect(await viewer.streams()).toEqual(liveStreams);
    expect(await statsOf(viewer)).toEqual(liveStats);
    const rows = await viewer.allRows();
    // The same rows, but for the redacted data of the planted events.
    expect(rows.map((r) => [r.type, r.id, r.source])).toEqual(liveRows.map((r) => [r.type, r.id, r.source]));
    // Read-only: the flag controls are disabled, Apply too; what-if still runs.
    await viewer.byTestId('tab-migration').click();
    expect(await viewer.byTestId('phase-1').isDisabled()).toBe(true);
    expect(await viewer.byTestId('rollback').isDisabled()).toBe(true);
    await viewer.byTestId('tab-settings').click();
    expect(await viewer.byTestId('settings-apply').isDisabled()).toBe(true);
    await viewer.byTestId('what-if-run').click();
    expect(Number(await viewer.byTestId('what-if-events').textContent())).toBe(total);
  });

  it('exports HAR with _eventSourceMessages, which the viewer opens again', async () => {
    const { page, tabId } = await recorder().newTab();
    const panel = await recorder().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=6&interval=5&stable=1', types: ['session.started', 'card.created', 'card.updated', 'ui.buttonClick', 'session.activity'] }));
    await panel.waitForEventCount(7);
    const path = await exportFromPanel(panel, 'har');
    const har = JSON.parse(readFileSync(path, 'utf8')) as { log: { version: string; entries: { _eventSourceMessages: { type: string; id: string }[]; response: { content: { mimeType: string } } }[] } };
    expect(har.log.version).toBe('1.2');
    const entry = har.log.entries.find((e) => e.response.content.mimeType === 'text/event-stream')!;
    expect(entry._eventSourceMessages.map((m) => m.id)).toEqual(['1', '2', '3', '4', '5', '6', '6']);
    const viewer = await openInViewer(other(), path);
    await viewer.byTestId('trace-banner').waitFor();
    expect(await viewer.eventCount()).toBe(7);
  });

  it('opens a HAR that Playwright itself recorded from the hub app, with the right events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sse-har-'));
    const harPath = join(dir, 'recorded.har');
    const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: BASE_ARGS });
    const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
    const page = await context.newPage();
    await page.goto(probeUrl({ fetch: '/api/sse/events?count=5&interval=5&stable=1' }));
    await page.waitForFunction(() => (window as unknown as { __done: { fetch: boolean } }).__done.fetch);
    await context.close();
    await browser.close();
    const viewer = await openInViewer(other(), harPath);
    await viewer.byTestId('trace-banner').waitFor();
    expect(await viewer.byTestId('trace-banner').textContent()).toContain('HAR file');
    const rows = await viewer.allRows();
    expect(rows.map((r) => [r.type, r.id])).toEqual([
      ['session.started', '1'], ['card.created', '2'], ['card.updated', '3'], ['ui.buttonClick', '4'], ['session.activity', '5'], ['done', '5'],
    ]);
  });

  it('copies a share link that opens the same events, and says why a bad file does not open without touching a live capture', async () => {
    const { page, tabId } = await recorder().newTab();
    const panel = await recorder().openPanel(tabId);
    await page.goto(probeUrl({ es: '/api/sse/events?count=4&interval=5&stable=1', types: ['session.started', 'card.created', 'card.updated'] }));
    await panel.waitForEventCount(4);
    await panel.byTestId('export').click();
    await panel.byTestId('export-copy-link').click();
    const link = await panel.byTestId('export-link').inputValue();
    expect(link).toMatch(new RegExp(`^chrome-extension://${recorder().extensionId}/devtools-panel\\.html\\?trace#lz=`));
    const shared = await recorder().context.newPage();
    await shared.goto(link);
    const view = new PanelPage(shared);
    await view.byTestId('trace-banner').waitFor();
    expect((await view.allRows()).map((r) => r.id)).toEqual((await panel.allRows()).map((r) => r.id));

    // Bad files in the live panel: one message each, and the capture stays as it was.
    const before = await panel.eventCount();
    const good = readFileSync(await exportFromPanel(panel));
    const cases: [string, Buffer, RegExp][] = [
      ['empty.ssetrace.json.gz', Buffer.alloc(0), /empty/],
      ['cut.ssetrace.json.gz', good.subarray(0, good.length - 20), /damaged or truncated gzip/],
      ['foreign.json', Buffer.from('{"hello":"world"}'), /not an SSE Hub trace/],
      ['future.json', Buffer.from(JSON.stringify({ ...JSON.parse(gunzipSync(good).toString()), version: 99 })), /version 99, written by a newer/],
      ['page.har', Buffer.from(JSON.stringify({ log: { entries: [{ request: { url: 'http://x/' }, response: { content: { mimeType: 'text/html' } } }] } })), /no event streams/],
    ];
    for (const [name, buffer, message] of cases) {
      await panel.byTestId('open-trace-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
      await expect.poll(() => panel.byTestId('trace-error').textContent()).toMatch(message);
      expect(await panel.byTestId('panel').getAttribute('data-mode')).toBe('live');
    }
    expect(await panel.eventCount()).toBe(before);
    // A good file opens over the live capture, and Back to live returns to it, still live.
    await panel.byTestId('open-trace-input').setInputFiles({ name: 'good.ssetrace.json.gz', mimeType: 'application/gzip', buffer: good });
    await panel.byTestId('trace-banner').waitFor();
    await panel.byTestId('back-to-live').click();
    expect(await panel.byTestId('panel').getAttribute('data-mode')).toBe('live');
    expect(await panel.eventCount()).toBe(before);
    // Dropped on the panel, the same file opens too.
    await panel.byTestId('panel').evaluate((el, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'dropped.ssetrace.json.gz', { type: 'application/gzip' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, good.toString('base64'));
    await expect.poll(() => panel.byTestId('trace-name').textContent()).toBe('dropped.ssetrace.json.gz');
  });

  it('opens from the toolbar popup in a tab of its own', async () => {
    const popup = await recorder().context.newPage();
    await popup.goto(`chrome-extension://${recorder().extensionId}/popup.html?tabId=1`);
    const opened = recorder().context.waitForEvent('page');
    await popup.getByTestId('popup-open-trace').click();
    const viewer = await opened;
    await viewer.waitForURL(/devtools-panel\.html\?trace$/);
    await viewer.getByTestId('trace-welcome').waitFor();
  });
});
