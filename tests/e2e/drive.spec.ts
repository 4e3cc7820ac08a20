import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_EVENT, CHANNEL_ASK_EVENT, CHANNEL_EVENT, envelope } from '../../lib/protocol';
import { stopServiceWorker, storedTab } from './support/extension';
import { ALL_TYPES, hubUrl } from './support/hub-app';
import { fetches, openMigration, openPopup } from './support/migration';
import type { PanelPage } from './support/panel-page';
import { useBrowser } from './support/use-browser';

type Received = { type: string; data: string; id: string; origin: string; trusted: boolean; ctor: string };
const received = (page: Page) => page.evaluate(() => (window as unknown as { __received: Received[] }).__received);
const captured = (page: Page) => page.evaluate(() => (window as unknown as { __captured: Received[] }).__captured);

/** The board in phase 4 (SSE for everything, no polling) with a quiet hub: only what we send changes its cards. */
const quietBoard = (client: string, extra = '') => hubUrl(`/board.html?speed=60&interval=600000&client=${client}${extra}`);
const cardList = (page: Page) => page.locator('[data-testid="cards"] li').allTextContents();

/** Phase 4 from the Migration view, then back to the events. */
async function phase4(panel: PanelPage): Promise<void> {
  await openMigration(panel);
  await panel.byTestId('phase-4').click();
  await panel.byTestId('current-phase').and(panel.locator('[data-phase="4"]')).waitFor();
  await panel.byTestId('tab-events').click();
}

/** Sends one event with the Send dialog to the first live stream whose label contains `stream`. */
async function send(panel: PanelPage, stream: string, type: string, data: string, id = ''): Promise<void> {
  if (!(await panel.byTestId('send-dialog').isVisible())) await panel.byTestId('send-event').click();
  const target = panel.byTestId('send-target');
  const value = await target.locator('option', { hasText: stream }).first().getAttribute('value');
  await target.selectOption(value!);
  await panel.byTestId('send-type').fill(type);
  await panel.byTestId('send-data').fill(data);
  await panel.byTestId('send-id').fill(id);
  await panel.byTestId('send-run').click();
  await panel.byTestId('send-status').waitFor();
}

describe('driving the page: inject, replay, simulated hub faults', () => {
  const browser = useBrowser();
  // A failed test leaves its pages open, and their streams would hold the browser's six connections to the hub app.
  // (One blank page stays, so the browser keeps a window.)
  afterEach(async () => {
    const { context } = browser();
    const open = context.pages();
    await context.newPage();
    await Promise.all(open.map((p) => p.close().catch(() => undefined)));
  });

  it('an injected card.deleted removes the card in the app, marked injected; a page cannot inject by posting messages', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await phase4(panel);
    await page.goto(quietBoard('I'));
    await page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();
    await page.locator('[data-testid="cards"] li', { hasText: 'Card c2' }).waitFor();

    // The page forges every way it could reach the tap or the bridge: nothing happens.
    await page.evaluate(
      ({ bridgeEvent, askEvent, channelEvent, forged, forgedFaults }) => {
        for (const message of [forged, forgedFaults]) {
          window.dispatchEvent(new CustomEvent(bridgeEvent, { detail: JSON.stringify(message) }));
          window.postMessage(message, '*');
        }
        // Asking for the private channel again gets no answer (it was handed over before any page script).
        let offered = false;
        window.addEventListener(channelEvent, () => (offered = true));
        window.dispatchEvent(new Event(askEvent));
        (window as unknown as { __offered: boolean }).__offered = offered;
      },
      {
        bridgeEvent: BRIDGE_EVENT,
        askEvent: CHANNEL_ASK_EVENT,
        channelEvent: CHANNEL_EVENT,
        forged: envelope('bridge/inject', { events: [{ sid: 'e1', type: 'card.deleted', data: '{"eventType":"card.deleted","eventData":{"cardId":"c2"}}', lastEventId: '', mark: 'injected' }] }),
        forgedFaults: envelope('bridge/faults', { faults: { hub: '/api/sse/events', down: true, slowMs: 0, dropPct: 100, duplicatePct: 0 } }),
      },
    );
    expect(await page.evaluate(() => (window as unknown as { __offered: boolean }).__offered)).toBe(false);

    // A real injection after the forgeries: once it shows, anything forged would have shown before it.
    await send(panel, '/api/sse/events', 'card.updated', '{"eventType":"card.updated","eventData":{"cardId":"c1","updates":{"title":"Renamed from DevTools"}}}', '900');
    await page.locator('[data-testid="cards"] li', { hasText: 'Renamed from DevTools' }).waitFor();
    expect(await cardList(page)).toEqual(['Renamed from DevTools', 'Card c2', 'Card c3']);

    // Invalid JSON is refused before anything is sent.
    await panel.byTestId('send-data').fill('{"eventType": ');
    await panel.byTestId('send-problem').filter({ hasText: 'Not valid JSON' }).waitFor();
    expect(await panel.byTestId('send-run').isDisabled()).toBe(true);

    await send(panel, '/api/sse/events', 'card.deleted', '{"eventType":"card.deleted","eventData":{"cardId":"c2"}}', '901');
    await expect.poll(() => cardList(page)).toEqual(['Renamed from DevTools', 'Card c3']);
    await panel.byTestId('send-close').click();

    // The panel shows both, marked injected, with the ids sent; and nothing else was injected.
    const rows = panel.locator('[data-testid="event-row"][data-mark="injected"]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((r) => r.map((row) => [row.getAttribute('data-type'), row.getAttribute('data-event-id')]))).toEqual([
      ['card.updated', '900'],
      ['card.deleted', '901'],
    ]);
    await rows.nth(1).click();
    await panel.byTestId('detail-mark').filter({ hasText: 'injected' }).waitFor();

    // Edit and resend: the detail's event opens in the dialog, aimed at its stream.
    await panel.byTestId('edit-resend').click();
    expect(await panel.byTestId('send-type').inputValue()).toBe('card.deleted');
    await panel.byTestId('send-data').fill('{"eventType":"card.deleted","eventData":{"cardId":"c3"}}');
    await panel.byTestId('send-run').click();
    await expect.poll(() => cardList(page)).toEqual(['Renamed from DevTools']);
    await panel.byTestId('send-close').click();
    // Injected events are not the server's traffic: the hub engine decided none of them.
    await expect.poll(() => panel.locator('[data-testid="event-row"][data-mark="injected"] [data-testid="event-priority"]').allTextContents()).toEqual(['…', '…', '…']);
    await panel.byTestId('tab-stats').click();
    expect(await panel.byTestId('mark-count-injected').textContent()).toBe('3');
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('delivers a genuine MessageEvent on the page’s own EventSource, and refuses a closed stream with a counted reason', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl(`/drive.html?target=${encodeURIComponent('/api/sse/events?interval=600000')}&types=card.deleted`));
    await page.waitForFunction(() => (window as unknown as { __states: string[] }).__states.includes('open'));
    await send(panel, '/api/sse/events', 'card.deleted', '{"cardId":"c9"}', '42');
    await send(panel, '/api/sse/events', 'message', 'plain text');
    await expect.poll(() => received(page)).toHaveLength(2);
    const origin = new URL(hubUrl('/')).origin;
    expect(await received(page)).toEqual([
      { type: 'card.deleted', data: '{"cardId":"c9"}', id: '42', origin, trusted: false, ctor: 'MessageEvent' },
      { type: 'message', data: 'plain text', id: '', origin, trusted: false, ctor: 'MessageEvent' },
    ]);
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('replays a trace file into a fresh page: the app ends with the same card list', async () => {
    const first = await browser().newTab();
    const panel = await browser().openPanel(first.tabId);
    await phase4(panel);
    // 40 hub events (12 card events), then `done`; the stream stays open.
    await first.page.goto(hubUrl('/board.html?speed=60&interval=30&count=40&client=R'));
    await first.page.locator('[data-testid="board"][data-hub="done"]').waitFor({ timeout: 20_000 });
    const sseCount = await first.page.locator('[data-count="sse"]').textContent();
    const original = await cardList(first.page);
    expect(original).not.toEqual(['Card c1', 'Card c2', 'Card c3']);
    // The panel has the page's last events a moment after the page (each waits for its
    // decision), in the order the page got them: export once it has the stream's last, `done`.
    await panel.locator('[data-testid="event-row"][data-type="done"]').waitFor();
    await panel.byTestId('export').click();
    const download = panel.page.waitForEvent('download');
    await panel.byTestId('export-run').click();
    const file = await download;
    const path = join(mkdtempSync(join(tmpdir(), 'sse-replay-')), file.suggestedFilename());
    await file.saveAs(path);
    await panel.byTestId('export-cancel').click();

    // A fresh copy of the app (a quiet hub) starts from the server's cards.
    const second = await browser().newTab();
    const panel2 = await browser().openPanel(second.tabId);
    await phase4(panel2);
    await second.page.goto(quietBoard('R2'));
    await second.page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();
    await expect.poll(() => cardList(second.page)).toEqual(['Card c1', 'Card c2', 'Card c3']);

    await panel2.byTestId('replay').click();
    await panel2.byTestId('replay-trace-input').setInputFiles(path);
    await panel2.byTestId('replay-trace-name').waitFor();
    // The trace's hub stream (its query redacted by the export) maps, by path, to the live one.
    const hubRow = panel2.locator('[data-testid="replay-map-row"][data-url*="/api/sse/events"]');
    // (The panel may learn of the live stream a moment after the page saw it open; the mapping follows.)
    await expect.poll(() => hubRow.locator('select').inputValue()).toMatch(/^stream:/);
    await panel2.byTestId('replay-speed-max').click();
    await panel2.byTestId('replay-play').click();
    await panel2.locator('[data-testid="replay-progress"][data-status="done"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => cardList(second.page)).toEqual(original);
    expect(Number(await second.page.locator('[data-count="sse"]').textContent())).toBeGreaterThanOrEqual(Number(sseCount));
    await Promise.all([panel.page.close(), panel2.page.close(), first.page.close(), second.page.close()]);
  });

  it('replaying the delivered view sends fewer events, in delivery (priority) order; the captured view sends them all', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    const types = [...ALL_TYPES, 'done'].join(',');
    // The quiet target starts at its second event (card.created for c2): its first, session.started
    // for s-1, shares the burst's session.started batch key, and when the two arrive within one
    // batch window (a loaded machine) the engine rightly coalesces them, one delivery fewer.
    await page.goto(hubUrl(`/drive.html?capture=${encodeURIComponent('/api/sse/events?scenario=burst')}&target=${encodeURIComponent('/api/sse/events?interval=600000&lastEventId=1')}&types=${types}`));
    await page.waitForFunction(() => (window as unknown as { __captureDone: boolean }).__captureDone);
    // The burst's 19 events, and the quiet target's first one.
    await panel.waitForEventCount(20);
    const base = (await received(page)).length;
    // The delivered view the panel shows, for the burst's stream: what the consolidated hub would send.
    await panel.byTestId('view-delivered').click();
    // The quiet target's one event is decided when its batch window closes on the relay's
    // timer; on a loaded CI machine that has taken longer than the default 5 s once.
    await expect.poll(() => panel.byTestId('view-delivered').textContent(), { timeout: 15_000 }).toContain('(10)');
    const delivered = await panel.locator('[data-testid="event-row"]').evaluateAll((rows) =>
      rows
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .filter((r) => r.textContent?.includes('scenario=burst'))
        .map((r) => [r.getAttribute('data-type'), r.getAttribute('data-priority')]),
    );
    expect(delivered).toHaveLength(9);
    await panel.byTestId('view-captured').click();

    const replay = async (mode: 'delivered' | 'captured') => {
      await panel.byTestId('replay').click();
      await panel.byTestId('replay-source-all').check();
      await panel.byTestId(`replay-mode-${mode}`).click();
      // The burst's (closed) stream goes to the page's live one; the live one's own event is not replayed.
      const burst = panel.locator('[data-testid="replay-map-row"][data-url*="scenario=burst"] select');
      const target = await burst.locator('option', { hasText: 'interval=600000' }).getAttribute('value');
      await burst.selectOption(target!);
      await panel.locator('[data-testid="replay-map-row"][data-url*="interval=600000"] select').selectOption('');
      await panel.byTestId('replay-speed-10').click();
      await panel.byTestId('replay-play').click();
      await panel.locator('[data-testid="replay-progress"][data-status="done"]').waitFor();
      await panel.byTestId('replay-close').click();
    };
    await replay('delivered');
    await expect.poll(async () => (await received(page)).length).toBe(base + 9);
    const got = (await received(page)).slice(base);
    expect(got.map((e) => e.type)).toEqual(delivered.map(([type]) => type));
    // Fewer than captured: the ten identical card.updated became one, the two for c2 were coalesced into one.
    expect(got.filter((e) => e.type === 'card.updated')).toHaveLength(2);
    // In each batch, priorities never rise: the first write's four events are CRITICAL, HIGH, NORMAL, LOW.
    expect(delivered.slice(0, 4).map(([, p]) => p)).toEqual(['CRITICAL', 'HIGH', 'NORMAL', 'LOW']);

    await replay('captured');
    await expect.poll(async () => (await received(page)).length).toBe(base + 9 + 19);
    expect((await received(page)).slice(base + 9).map((e) => [e.type, e.data])).toEqual((await captured(page)).map((e) => [e.type, e.data]));
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('hub down in one tab: that tab reconnects and falls back to polling, health says so; the other tab is untouched', async () => {
    const a = await browser().newTab();
    const b = await browser().newTab();
    const panel = await browser().openPanel(a.tabId);
    await phase4(panel);
    const popupB = await openPopup(browser(), b.tabId);
    await popupB.locator('[data-testid="phase-4"]').click();
    await a.page.goto(hubUrl('/board.html?speed=60&interval=500&client=A'));
    await b.page.goto(hubUrl('/board.html?speed=60&interval=500&client=B'));
    for (const tab of [a, b]) await tab.page.locator('[data-testid="board"][data-hub="open"][data-polling="off"]').waitFor();

    // From tab A's popup: hub down.
    const popupA = await openPopup(browser(), a.tabId);
    await popupA.locator('[data-testid="fault-down"]').click();
    await popupA.locator('[data-testid="fault-down"]:checked').waitFor();
    await a.page.locator('[data-testid="board"][data-hub="reconnecting"][data-polling="fallback"]').waitFor();
    const [a0, b0] = [await fetches(a.page, 'cards'), await fetches(b.page, 'cards')];
    await expect.poll(async () => (await fetches(a.page, 'cards')) - a0, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await b.page.locator('[data-testid="board"]').getAttribute('data-hub')).toBe('open');
    expect((await fetches(b.page, 'cards')) - b0).toBeLessThanOrEqual(0);
    expect((await storedTab(browser(), a.tabId)).faultRule).toBe(true);
    expect((await storedTab(browser(), b.tabId)).faultRule).toBe(false);

    // A page loaded during the outage connects for real, and fails for real (the tab's network rule).
    await a.page.reload();
    await a.page.locator('[data-testid="board"][data-hub="reconnecting"][data-polling="fallback"]').waitFor();
    await panel.locator('[data-testid="stream-row"][data-transport="eventsource"][data-state="reconnecting"]').filter({ hasText: 'categories=' }).waitFor();
    await openMigration(panel);
    await panel.locator('[data-testid="health-fallback"][data-status="pass"]').waitFor();
    expect(await panel.byTestId('health-no-polling').getAttribute('data-status')).toBe('pass');
    await panel.byTestId('toolbar-faults').filter({ hasText: 'hub down' }).waitFor();
    expect(await panel.locator('[data-testid="flag-history"] li[data-cause="fault"]').count()).toBe(1);

    // The hub comes back: the app reconnects and stops polling.
    await panel.byTestId('fault-end').click();
    await a.page.locator('[data-testid="board"][data-hub="open"][data-polling="off"]').waitFor();
    expect(await popupA.locator('[data-testid="fault-down"]').isChecked()).toBe(false);
    const a1 = await fetches(a.page, 'cards');
    await panel.locator('[data-testid="health-fallback"][data-status="pass"]').filter({ hasText: 'stopped polling' }).waitFor({ timeout: 15_000 });
    expect((await fetches(a.page, 'cards')) - a1).toBeLessThanOrEqual(1);
    await expect.poll(async () => (await storedTab(browser(), a.tabId)).faultRule).toBe(false);
    await Promise.all([panel.page.close(), popupA.close(), popupB.close(), a.page.close(), b.page.close()]);
  });

  it('a build without fallback is caught by the health rule', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await phase4(panel);
    await page.goto(hubUrl('/board.html?speed=60&interval=500&client=N&ignore=FALLBACK'));
    await page.locator('[data-testid="board"][data-hub="open"]').waitFor();
    await openMigration(panel);
    await panel.byTestId('fault-down').click();
    await page.locator('[data-testid="board"][data-hub="reconnecting"]').waitFor();
    // Idle while within the fallback time (35 s by default) — then it fails; here we read the waiting state.
    await panel.locator('[data-testid="health-fallback"][data-status="idle"]').filter({ hasText: 'no poll yet' }).waitFor();
    await panel.byTestId('fault-end').click();
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('drop, duplicate and slow act on the tab’s hub events before the page sees them, stamp them, and survive a worker restart', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await openMigration(panel);
    await panel.byTestId('fault-duplicatePct').fill('100');
    await panel.byTestId('fault-apply').click();
    await panel.byTestId('fault-summary').filter({ hasText: 'duplicate 100 %' }).waitFor();
    const url = hubUrl(`/drive.html?target=${encodeURIComponent('/api/sse/events?count=5&hold=1&interval=20&stable=1')}&types=${ALL_TYPES.join(',')},done`);
    await page.goto(url);
    // Each event twice, the copy soon after (a later event may come between under load).
    // (`done` has no id field: it carries the last one, as EventSource does.)
    const multiset = async () => {
      const times = new Map<string, number>();
      for (const e of await received(page)) times.set(`${e.type}:${e.id}`, (times.get(`${e.type}:${e.id}`) ?? 0) + 1);
      return [...times.entries()].sort();
    };
    await expect.poll(multiset).toEqual(
      ['1', '2', '3', '4', '5'].map((id, i) => [`${['session.started', 'card.created', 'card.updated', 'ui.buttonClick', 'session.activity'][i]}:${id}`, 2]).concat([['done:5', 2]]).sort(),
    );
    await panel.byTestId('tab-events').click();
    await expect.poll(() => panel.locator('[data-testid="event-row"][data-mark="duplicated"]').count()).toBe(6);

    // Drop everything, across a worker restart.
    await panel.byTestId('tab-migration').click();
    await panel.byTestId('fault-end').click();
    await panel.byTestId('fault-dropPct').fill('100');
    await panel.byTestId('fault-apply').click();
    await panel.byTestId('fault-summary').filter({ hasText: 'drop 100 %' }).waitFor();
    await panel.byTestId('clear').click();
    await stopServiceWorker(browser(), panel.page);
    // Reloaded at once: the new document's bridge hands its tap the mirrored faults before any event, and the
    // restarted relay lets the tap hold its events until the panel is back.
    await page.reload();
    await panel.byTestId('tab-events').click();
    await expect.poll(() => panel.locator('[data-testid="event-row"][data-mark="dropped"]').count(), { timeout: 10_000 }).toBe(6);
    expect(await received(page)).toEqual([]);

    // Slow: held, then delivered in order.
    await panel.byTestId('tab-migration').click();
    await panel.byTestId('fault-end').click();
    await panel.byTestId('fault-slowMs').fill('300');
    await panel.byTestId('fault-apply').click();
    await panel.byTestId('fault-summary').filter({ hasText: 'slow 300 ms' }).waitFor();
    await panel.byTestId('clear').click();
    await page.reload();
    await expect.poll(async () => (await received(page)).map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '5']);
    await panel.byTestId('tab-events').click();
    await expect.poll(() => panel.locator('[data-testid="event-row"][data-mark="delayed"]').count()).toBe(6);
    await panel.byTestId('tab-migration').click();
    await panel.byTestId('fault-end').click();
    await Promise.all([panel.page.close(), page.close()]);
  });
});
