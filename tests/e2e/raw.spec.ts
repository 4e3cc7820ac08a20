import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubUrl } from './support/hub-app';
import { useBrowser } from './support/use-browser';
import { MALFORMED_PARTS } from '../fixtures/hub-app/streams.mjs';

describe('raw view and wire lint', () => {
  const browser = useBrowser();

  it('shows a fetch stream’s text as received, lints each fault at its event, and exports it byte for byte', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl('/quiet.html'));
    const url = '/api/sse/events?scenario=malformed';
    const body = await page.evaluate((u) => fetch(u).then((r) => r.text()), url);
    // What the page read is what the server sent (the BOM is the decoder's to drop).
    expect(body).toBe(MALFORMED_PARTS.join('').slice(1));
    await panel.waitForEventCount(5);
    const row = panel.byTestId('stream-row').filter({ hasText: 'scenario=malformed' });
    await expect.poll(() => row.getByTestId('stream-state').textContent()).toBe('closed');
    await expect.poll(() => row.getByTestId('stream-raw').getAttribute('data-lint')).toBe('6');

    await row.getByTestId('stream-raw').click();
    const dialog = panel.byTestId('raw-dialog');
    await expect.poll(() => dialog.getAttribute('data-source')).toBe('wire');
    const findings = panel.byTestId('raw-finding');
    await expect.poll(() => findings.count()).toBe(6);
    const listed = await findings.evaluateAll((items) => items.map((li) => [(li as HTMLElement).dataset.code, (li as HTMLElement).dataset.key!.replace(/^.*#/, '#')]));
    // Each finding belongs to the event whose text it is in; the unterminated sixth was never an event.
    expect(listed).toEqual([
      ['bom', '#1'],
      ['unknown-field', '#2'],
      ['invalid-retry', '#3'],
      ['nul-in-id', '#4'],
      ['mixed-eol', '#5'],
      ['unterminated', ''],
    ]);
    // The lines, with their ends: LF, then CRLF from the fifth event on; the last line has none.
    const lines = await panel.byTestId('raw-line').evaluateAll((els) => els.map((el) => [el.querySelector('.raw-content')!.textContent, (el as HTMLElement).dataset.eol]));
    expect(lines[0]).toEqual(['\\uFEFFdata: one', 'LF']);
    expect(lines).toContainEqual(['id: a\\0b', 'LF']);
    expect(lines.slice(-3)).toEqual([
      ['data: five', 'CRLF'],
      ['', 'CRLF'],
      ['data: six', ''],
    ]);
    // A finding selects its event; the event's lines are highlighted.
    await findings.filter({ hasText: 'retry' }).getByRole('button').click();
    await panel.byTestId('event-detail').waitFor();
    await expect.poll(() => panel.locator('[data-testid="raw-line"].selected').count()).toBe(3);
    expect(await panel.locator('[data-testid="raw-line"].selected .raw-content').allTextContents()).toEqual(['retry: soon', 'data: three', '']);
    // Clicking a line selects its event in the table.
    await panel.byTestId('raw-line').filter({ hasText: 'data: two' }).click();
    await expect.poll(() => panel.locator('[data-testid="event-row"][aria-selected="true"]').textContent()).toContain('two');
    await panel.byTestId('raw-close').click();

    // The .sse fixture of a fetch stream is its text as received: the server's bytes, BOM included.
    const download = panel.page.waitForEvent('download');
    await row.getByTestId('stream-fixture').click();
    const file = await download;
    const sent = Buffer.from(await (await fetch(hubUrl(url))).arrayBuffer());
    expect(readFileSync((await file.path())!).equals(sent)).toBe(true);
    await Promise.all([panel.page.close(), page.close()]);
  });

  it('rebuilds an EventSource stream’s text from its events, with nothing to lint', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl(`/drive.html?capture=${encodeURIComponent('/api/sse/events?count=3&interval=5&stable=1&unnamed=1')}&types=done`));
    await page.waitForFunction(() => (window as unknown as { __captureDone: boolean }).__captureDone);
    await panel.waitForEventCount(4);
    await panel.byTestId('stream-raw').first().click();
    await expect.poll(() => panel.byTestId('raw-dialog').getAttribute('data-source')).toBe('events');
    await expect.poll(() => panel.byTestId('raw-source').textContent()).toContain('Rebuilt from 4 events');
    expect(await panel.byTestId('raw-finding').count()).toBe(0);
    const keys = await panel.byTestId('raw-line').evaluateAll((els) => [...new Set(els.map((el) => (el as HTMLElement).dataset.key))]);
    expect(keys).toHaveLength(4);
    await Promise.all([panel.page.close(), page.close()]);
  });
});
