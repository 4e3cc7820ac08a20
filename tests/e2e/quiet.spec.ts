import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BRIDGE_EVENT, FLAGS_EVENT, TAP_EVENT } from '../../lib/protocol';
import { useBrowser } from './support/use-browser';
import { hubUrl } from './support/hub-app';

interface QuietCounts {
  messages: string[];
  documentEvents: string[];
}

/** Loads the quiet probe (a page and its iframe), then reloads it, and returns what each load counted. */
async function countAcrossLoads(page: Page, listen: string[], loads: number): Promise<QuietCounts[]> {
  const seen: QuietCounts[] = [];
  const url = hubUrl(`/quiet.html?listen=${encodeURIComponent(listen.join(','))}`);
  for (let i = 0; i < loads; i += 1) {
    if (i === 0) await page.goto(url);
    else await page.reload();
    await page.waitForFunction(() => (window as unknown as { __quiet: { done: boolean } }).__quiet.done);
    const { top, frame } = await page.evaluate(() => {
      const q = (window as unknown as { __quiet: QuietCounts & { frame: QuietCounts } }).__quiet;
      return { top: { messages: q.messages, documentEvents: q.documentEvents }, frame: q.frame };
    });
    seen.push(top, frame);
  }
  return seen;
}

describe('no message or document event of ours reaches the page', () => {
  const withExtension = useBrowser();
  const without = useBrowser({ extension: false });

  it('counts the same window messages and document events with and without the extension, across reloads and frames', async () => {
    const id = withExtension().extensionId;
    // Every name the extension's scripts could use on `document`: WXT's started event for
    // each content script (by its unique and plain name) and our own channel's events.
    const listen = [
      `${id}:bridge:wxt:content-script-started`,
      `${id}:tap:wxt:content-script-started`,
      'wxt:content-script-started',
      TAP_EVENT,
      BRIDGE_EVENT,
      FLAGS_EVENT,
    ];
    const baseline = await countAcrossLoads(await without().context.newPage(), listen, 3);
    const { page, tabId } = await withExtension().newTab();
    // Recorded, so the tap and bridge do all they do on a page someone inspects.
    const panel = await withExtension().openPanel(tabId);
    const tapped = await countAcrossLoads(page, listen, 3);
    expect(baseline).toHaveLength(6);
    expect(tapped).toEqual(baseline);
    expect(tapped.every((c) => c.messages.length === 0 && c.documentEvents.length === 0)).toBe(true);
    await panel.page.close();
  });
});
