/**
 * Reaches the real DevTools window of a launched browser (see BROWSER-TESTING.md in the
 * workplace's shared folder, `../shared/`, beside this repository):
 * Playwright's own connection never lists devtools:// targets, so connect over CDP
 * to the port Chromium wrote, find the DevTools page, and select our panel in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PanelPage } from './panel-page';

/** Polls `fn` until it returns a value that is not null/undefined/false. */
async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The DevTools window opened for the inspected page, with our panel selected. */
export interface DevtoolsPanel {
  cdp: Browser;
  devtools: Page;
  panel: PanelPage;
}

/** Connects to the DevTools window and shows the panel titled `title`. */
export async function openDevtoolsPanel(userDataDir: string, extensionId: string, title: string): Promise<DevtoolsPanel> {
  const port = await until(async () => {
    const text = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8');
    return Number(text.split('\n')[0]) || null;
  }, 'DevToolsActivePort');
  // The DevTools target first reports type `other`; Playwright only adopts it once it is a
  // `page`, so wait for that before connecting.
  await until(async () => {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string }[];
    return targets.some((t) => t.type === 'page' && t.url.includes('devtools_app.html'));
  }, 'a DevTools page target');
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const devtools = await until(
    async () => cdp.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith('devtools://')),
    'the DevTools page',
  );
  // DevTools names an extension panel by its origin and its title without whitespace; this
  // build lists registered panels in `UI.panels`.
  const panelId = `chrome-extension://${extensionId}${title.replace(/\s+/g, '')}`;
  await until(
    () => devtools.evaluate((id) => id in ((window as unknown as { UI?: { panels?: object } }).UI?.panels ?? {}), panelId),
    'the extension panel to register in DevTools',
  );
  await devtools.evaluate((id) => (window as unknown as { DevToolsAPI: { showPanel(id: string): void } }).DevToolsAPI.showPanel(id), panelId);
  const frame = devtools.frameLocator(`iframe[src^="chrome-extension://${extensionId}/devtools-panel.html"]`);
  await frame.locator('[data-testid="panel"]').waitFor({ timeout: 20_000 });
  return { cdp, devtools, panel: new PanelPage(devtools, frame) };
}
