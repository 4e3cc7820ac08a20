import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './support/browser';
import { openDevtoolsPanel, type DevtoolsPanel } from './support/devtools';
import { ALL_TYPES, eventAt, hubUrl, probeUrl } from './support/hub-app';

describe('the real DevTools panel', () => {
  let harness: Harness;
  let devtools: DevtoolsPanel | undefined;
  beforeAll(async () => {
    harness = await launch({ devtools: true });
  });
  afterAll(async () => {
    await devtools?.cdp.close();
    await harness?.close();
  });

  it('shows the inspected tab’s events in the "SSE Hub" panel', async () => {
    const page = harness.context.pages()[0] ?? (await harness.context.newPage());
    await page.goto(probeUrl({ es: '/api/sse/events?count=400&interval=25&stable=1', types: ALL_TYPES }));
    devtools = await openDevtoolsPanel(harness.userDataDir, harness.extensionId, 'SSE Hub');
    const { panel } = devtools;
    // The panel records from the moment it opens; wait for a few live rows.
    await panel.waitForEventCount(3);
    const rows = await panel.visibleRows();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      const expected = eventAt(Number(row.id), { stable: true });
      expect(row).toEqual({ type: expected.name, id: expected.id, data: expected.data, source: 'eventsource' });
    }
    expect(await panel.byTestId('connection').textContent()).toBe('Live');
    // DevTools' default theme is light (devtools.panels.themeName "default").
    expect(await panel.byTestId('panel').getAttribute('class')).toContain('theme-light');
  });

  it('switches the inspected tab’s phase from the Migration view inside DevTools', async () => {
    const page = harness.context.pages()[0]!;
    const { panel } = devtools!;
    await panel.byTestId('tab-migration').click();
    await panel.byTestId('phase-2').click();
    await page.goto(hubUrl('/board.html?speed=60&interval=200&client=devtools'));
    expect(JSON.parse((await page.evaluate(() => document.documentElement.dataset.bootFlags)) ?? 'null')).toMatchObject({
      SSE_SESSION_EVENTS: true,
      SSE_CARD_EVENTS: true,
      SSE_UI_EVENTS: false,
    });
    await panel.locator('[data-testid="health-sse-card"][data-status="pass"]').waitFor();
  });
});
