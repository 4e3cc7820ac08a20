/** Helpers for the migration specs: the board app, its boot flags, the popup and the Migration view. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { FLAGS, type Flags } from '../../../lib/protocol';
import type { Harness } from './browser';
import { hubUrl } from './hub-app';
import type { PanelPage } from './panel-page';

type FlagSet = Flags;

/** The flags phase `n` turns on (0: none): the seed's cumulative rule, written out here as the tests' own oracle. */
export function phaseFlags(n: number): FlagSet {
  return Object.fromEntries(FLAGS.map((f, i) => [f, i < n])) as FlagSet;
}

/** The board app (the seed's five systems), polling at 60× the seed's pace. */
export function boardUrl(client: string, extra = ''): string {
  return hubUrl(`/board.html?speed=60&interval=200&client=${client}${extra}`);
}

/** What the page's first inline script read from the hook at this load. */
export async function bootFlags(page: Page): Promise<FlagSet | null> {
  return JSON.parse((await page.evaluate(() => document.documentElement.dataset.bootFlags)) ?? 'null') as FlagSet | null;
}

/** The hook's flags now. */
export async function hookFlags(page: Page): Promise<FlagSet | null> {
  return page.evaluate(() => (window as unknown as { __SSE_HUB_DEVTOOLS_HOOK__?: { flags: FlagSet } }).__SSE_HUB_DEVTOOLS_HOOK__?.flags ?? null);
}

/** How many times the board has fetched `/api/<name>`. */
export async function fetches(page: Page, name: 'cards' | 'users' | 'sessions'): Promise<number> {
  return Number(await page.locator(`[data-count="fetch-${name}"]`).textContent());
}

/** Opens the toolbar popup's page for `tabId` (as a tab, the way tests open the panel). */
export async function openPopup(harness: Harness, tabId: number): Promise<Page> {
  const page = await harness.context.newPage();
  await page.goto(`chrome-extension://${harness.extensionId}/popup.html?tabId=${tabId}`);
  await page.locator('[data-testid="flag-controls"]').waitFor();
  return page;
}

/** Switches the panel to its Migration view. */
export async function openMigration(panel: PanelPage): Promise<void> {
  await panel.byTestId('tab-migration').click();
  await panel.byTestId('flag-controls').waitFor();
}

/** The phase a panel or popup shows as current ('' for none or a custom mix). */
export async function shownPhase(root: Page | PanelPage): Promise<string> {
  const locator = 'byTestId' in root ? root.byTestId('current-phase') : root.locator('[data-testid="current-phase"]');
  return (await locator.getAttribute('data-phase')) ?? '';
}

/** Waits until parity pairs new events: the Migration view's pairing starts a settle time after the first SSE flag came on. */
export async function parityStarted(panel: PanelPage): Promise<void> {
  const since = Number(await panel.byTestId('parity-since').getAttribute('data-since'));
  await expect.poll(() => Date.now() >= since, { timeout: 5_000, interval: 50 }).toBe(true);
}
