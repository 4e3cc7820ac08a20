import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boardUrl, openMigration, parityStarted } from './support/migration';
import type { PanelPage } from './support/panel-page';
import { useBrowser } from './support/use-browser';

/** Counts of one parity row (`parity-type-<type>` or `parity-system-<system>`). */
async function counts(panel: PanelPage, row: string): Promise<Record<string, number>> {
  const cells = panel.byTestId(row);
  if ((await cells.count()) === 0) return {};
  const read = async (name: string) => Number(await cells.getByTestId(`parity-${name}`).textContent());
  return { matched: await read('matched'), late: await read('late'), differs: await read('differs'), missing: await read('missing'), extra: await read('extra') };
}

const healthOf = (panel: PanelPage, id: string) => panel.byTestId(`health-${id}`).getAttribute('data-status');

describe('parity catches what a dual run gets wrong (the board in a faithful dual run, phase 3)', () => {
  const browser = useBrowser();

  /** The board in its own room with `fault` planted, in phase 3, pairing from now on. */
  async function dualRun(client: string, fault = '') {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(boardUrl(client, `&twins=1${fault ? `&fault=${fault}` : ''}`));
    await openMigration(panel);
    await panel.byTestId('phase-3').click();
    await page.locator('[data-testid="hub-state"]', { hasText: 'open' }).waitFor();
    await parityStarted(panel);
    return { page, panel };
  }

  it('a clean run: every legacy event has its twin, health passes per category, optimistic edits are confirmed, and the export says so', async () => {
    const { page, panel } = await dualRun('twins-clean');
    for (const id of ['save', 'share', 'theme', 'rename', 'rename', 'rename']) await page.getByTestId(id).click();
    // Judged once the pairing window has passed for them.
    await expect.poll(() => healthOf(panel, 'parity-card'), { timeout: 15_000 }).toBe('pass');
    expect(await healthOf(panel, 'parity-session')).toBe('pass');
    expect(await healthOf(panel, 'parity-ui')).toBe('pass');
    expect(await panel.byTestId('health-parity-card').textContent()).toContain('100.0 % matched');
    await expect.poll(() => panel.byTestId('optimistic-confirmed').textContent()).toBe('3');
    expect(await panel.byTestId('optimistic-unconfirmed').textContent()).toBe('0');
    expect(await panel.byTestId('parity-total-rate').textContent()).toBe('100.0 %');
    await panel.byTestId('parity-clean').waitFor();
    const card = await counts(panel, 'parity-type-card.updated');
    expect(card).toMatchObject({ matched: 3, missing: 0, extra: 0, differs: 0 });
    expect((await counts(panel, 'parity-type-card.viewed')).matched).toBeGreaterThan(0);
    expect((await counts(panel, 'parity-type-session.activity')).matched).toBeGreaterThan(0);
    expect(await counts(panel, 'parity-type-ui.buttonClick')).toMatchObject({ matched: 2 });

    // The sign-off report carries the same figures, and what they were computed under.
    const download = panel.page.waitForEvent('download');
    await panel.byTestId('parity-export-json').click();
    const report = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as {
      phase: number;
      since: number;
      total: { matched: number; rate: number };
      byType: Record<string, { matched: number }>;
      optimistic: { counts: { confirmed: number } };
    };
    expect(report.phase).toBe(3);
    expect(report.since).toBeGreaterThan(0);
    expect(report.optimistic.counts.confirmed).toBe(3);
    expect(report.total.rate).toBe(1);
    expect(report.byType['card.updated']!.matched).toBe(3);
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('SSE drops every tenth card event: missing over SSE, card parity fails and names the type', async () => {
    const { page, panel } = await dualRun('twins-drop', 'drop');
    // The tracker's card.viewed (several a second at this speed) makes ten card events soon.
    await expect.poll(async () => (await counts(panel, 'parity-type-card.viewed')).missing ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    const missing = panel.byTestId('parity-problem').filter({ hasText: 'card.viewed' }).first();
    expect(await missing.getAttribute('data-class')).toBe('missing');
    await expect.poll(() => healthOf(panel, 'parity-card'), { timeout: 15_000 }).toMatch(/warn|fail/);
    expect(await panel.byTestId('health-parity-card').textContent()).toContain('worst: card.viewed');
    expect(await healthOf(panel, 'parity-session')).toBe('pass');
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('one field differs (title sent as name): the pair differs on that field, and the optimistic edit is confirmed with other data', async () => {
    const { page, panel } = await dualRun('twins-field', 'field');
    await page.getByTestId('rename').click();
    await expect.poll(async () => (await counts(panel, 'parity-type-card.updated')).differs ?? 0, { timeout: 10_000 }).toBe(1);
    const problem = panel.byTestId('parity-problem').filter({ hasText: 'card.updated' }).first();
    await problem.locator('button').first().click();
    const diff = await panel.byTestId('parity-diff').locator('tbody tr td:first-child').allTextContents();
    expect(diff.sort()).toEqual(['updates.name', 'updates.title']);
    await expect.poll(() => panel.byTestId('optimistic-differs').textContent()).toBe('1');
    await panel.byTestId('optimistic-problem').filter({ hasText: 'card.updated' }).locator('button').first().click();
    expect(await panel.byTestId('optimistic-diff').locator('tbody td:first-child').allTextContents()).toEqual(['updates.title']);
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('SSE 3 s late: with a 5 s window the pair is late, by about 3 s; with the default 2 s it would be missing', async () => {
    const { page, panel } = await dualRun('twins-late', 'late');
    await panel.byTestId('parity-window').fill('5000');
    await page.getByTestId('rename').click();
    await expect.poll(async () => (await counts(panel, 'parity-type-card.updated')).late ?? 0, { timeout: 15_000 }).toBe(1);
    const late = panel.byTestId('parity-problem').filter({ hasText: 'card.updated' }).first();
    expect(await late.getAttribute('data-class')).toBe('late');
    const ms = Number(/\+(\d+) ms/.exec((await late.textContent()) ?? '')?.[1]);
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(ms).toBeLessThan(4_500);
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('SSE duplicates: each twin matched once, its copy extra over SSE (not counted against the rate)', async () => {
    const { page, panel } = await dualRun('twins-dup', 'dup');
    await page.getByTestId('rename').click();
    await expect.poll(async () => counts(panel, 'parity-type-card.updated'), { timeout: 10_000 }).toMatchObject({ matched: 1, extra: 1 });
    await expect.poll(() => healthOf(panel, 'parity-card'), { timeout: 15_000 }).toBe('pass');
    expect(await panel.byTestId('health-parity-card').textContent()).toMatch(/\d+ SSE events without a legacy twin/);
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('an optimistic edit never confirmed: it would roll back (and the board does), and its legacy event is missing over SSE', async () => {
    const { page, panel } = await dualRun('twins-unconfirmed', 'unconfirmed');
    await page.getByTestId('rename').click();
    await expect.poll(() => panel.byTestId('optimistic-unconfirmed').textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => page.getByTestId('rolled-back-edits').getAttribute('data-count')).toBe('1');
    expect(await panel.byTestId('optimistic-problem').getAttribute('data-class')).toBe('unconfirmed');
    expect((await counts(panel, 'parity-type-card.updated')).missing).toBe(1);
    await Promise.all([panel.page.close(), page.close()]);
  });
});
