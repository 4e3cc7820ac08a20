/**
 * Launches real Chromium with the built extension (or without it, for baselines)
 * and finds the things tests need: the extension id, a page's tab id, the panel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { BASE_ARGS, chromePath, extensionArgs, newTabWithId } from '../../fixtures/chromium.mjs';
import { PanelPage } from './panel-page';

/** The unpacked extension built by `npm run build`. */
export const EXTENSION_DIR = join(import.meta.dirname, '../../../.output/chrome-mv3');
/** The full-capture build (`npm run build:full`): the same code with the `debugger` permission. */
export const FULL_CAPTURE_EXTENSION_DIR = join(import.meta.dirname, '../../../.output/chrome-mv3-full');

/** Options for {@link launch}. */
export interface LaunchOptions {
  /** Load the built extension. Defaults to true. */
  extension?: boolean;
  /** Which build to load. Defaults to `EXTENSION_DIR`. */
  extensionDir?: string;
  /** Open DevTools for every tab and expose a CDP port (for the real-panel spec). */
  devtools?: boolean;
  /** Run headless. Defaults to true. */
  headless?: boolean;
  /** Window size. Defaults to 1280×800. */
  viewport?: { width: number; height: number };
  /** The browser's language (`--lang` and every page's `navigator.languages`), e.g. `de-DE`. Defaults to Chromium's (English here). */
  locale?: string;
  /** A profile to use and keep (for a browser restart); defaults to a fresh one, removed on close. */
  userDataDir?: string;
  /** Expose CDP on this port (benchmarks attach to the service worker through it). Defaults to none. */
  remoteDebuggingPort?: number;
}

/** A launched browser. */
export interface Harness {
  context: BrowserContext;
  userDataDir: string;
  /** Present when the extension is loaded. */
  extensionId: string;
  worker: Worker | null;
  /** Opens a new page and returns it with its Chrome tab id (as the extension sees it). */
  newTab(): Promise<{ page: Page; tabId: number }>;
  /** Opens the panel as a normal tab for `tabId`. */
  openPanel(tabId: number): Promise<PanelPage>;
  close(): Promise<void>;
}

/** Launches Chromium per `options`. */
export async function launch(options: LaunchOptions = {}): Promise<Harness> {
  const withExtension = options.extension ?? true;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'sse-hub-e2e-'));
  const args = [...BASE_ARGS];
  if (withExtension) args.push(...extensionArgs(options.extensionDir ?? EXTENSION_DIR));
  if (options.devtools) args.push('--auto-open-devtools-for-tabs', '--remote-debugging-port=0');
  else if (options.remoteDebuggingPort !== undefined) args.push(`--remote-debugging-port=${options.remoteDebuggingPort}`);
  if (options.locale) args.push(`--lang=${options.locale.split("-")[0]!}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: options.headless ?? true,
    args,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    // On Linux Chrome takes its own language (chrome.i18n, _locales) from LANGUAGE, not --lang.
    ...(options.locale ? { locale: options.locale, env: { ...process.env, LANGUAGE: options.locale.split('-')[0]! } } : {}),
  });
  let worker: Worker | null = null;
  let extensionId = '';
  if (withExtension) {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    extensionId = new URL(worker.url()).host;
  }

  async function currentWorker(): Promise<Worker> {
    const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    return live ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  }

  return {
    context,
    userDataDir,
    extensionId,
    worker,
    async newTab() {
      return newTabWithId(context, await currentWorker());
    },
    async openPanel(tabId) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/devtools-panel.html?tabId=${tabId}`);
      return new PanelPage(page);
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
