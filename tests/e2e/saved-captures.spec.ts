import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launch } from './support/browser';
import { PanelPage } from './support/panel-page';
import { probeUrl } from './support/hub-app';

describe('saved captures', () => {
  it('keeps a named capture across a browser restart; it opens, renames, exports and deletes', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'sse-hub-saved-'));
    try {
      const first = await launch({ userDataDir: profile });
      const { page, tabId } = await first.newTab();
      const panel = await first.openPanel(tabId);
      await page.goto(probeUrl({ es: '/api/sse/events?count=5&interval=5&stable=1', types: ['session.started', 'card.created', 'card.updated', 'ui.buttonClick', 'session.activity'] }));
      await panel.waitForEventCount(6);
      await panel.byTestId('captures').click();
      await panel.byTestId('captures-empty').waitFor();
      await panel.byTestId('capture-name').fill('customer 42');
      await panel.byTestId('capture-save').click();
      await panel.locator('[data-testid="saved-capture"][data-name="customer 42"]').waitFor();
      expect(await panel.byTestId('captures-usage').textContent()).toMatch(/^0\.\d\d MB of 256\.0 MB used$/);
      await first.close();

      // The same profile, a new browser: the capture is still there.
      const second = await launch({ userDataDir: profile });
      try {
        const page2 = await second.context.newPage();
        await page2.goto(`chrome-extension://${second.extensionId}/devtools-panel.html?trace`);
        const viewer = new PanelPage(page2);
        await viewer.byTestId('captures').click();
        const row = viewer.locator('[data-testid="saved-capture"][data-name="customer 42"]');
        await row.waitFor();
        await row.getByTestId('saved-rename').click();
        await viewer.byTestId('saved-rename-input').fill('customer 42 (reviewed)');
        await viewer.byTestId('saved-rename-input').press('Enter');
        const renamed = viewer.locator('[data-testid="saved-capture"][data-name="customer 42 (reviewed)"]');
        await renamed.waitFor();
        const download = page2.waitForEvent('download');
        await renamed.getByTestId('saved-export').click();
        expect((await download).suggestedFilename()).toMatch(/\.ssetrace\.json\.gz$/);
        await renamed.getByTestId('saved-open').click();
        await viewer.byTestId('trace-banner').waitFor();
        expect(await viewer.byTestId('trace-name').textContent()).toBe('customer 42 (reviewed)');
        expect(await viewer.eventCount()).toBe(6);
        await viewer.byTestId('captures').click();
        await viewer.locator('[data-testid="saved-capture"]').first().getByTestId('saved-delete').click();
        await viewer.byTestId('captures-empty').waitFor();
      } finally {
        await second.close();
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
