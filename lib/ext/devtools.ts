/** Extension-page helpers: the inspected (or active) tab and the DevTools theme. */
import { browser } from 'wxt/browser';

/** The tab a panel shows: `?tabId=N` when opened as a tab, else the inspected window's tab. */
export function inspectedTabId(search: string): number | null {
  const fromUrl = new URLSearchParams(search).get('tabId');
  if (fromUrl !== null && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  return browser?.devtools?.inspectedWindow?.tabId ?? null;
}

/** DevTools' theme when inside DevTools, else the system's. */
export function devtoolsTheme(): 'light' | 'dark' {
  const name = browser?.devtools?.panels?.themeName;
  if (name) return name === 'dark' ? 'dark' : 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `onChange` when DevTools' theme (or, outside DevTools, the system's) changes. */
export function watchTheme(onChange: (theme: 'light' | 'dark') => void): void {
  const panels = browser?.devtools?.panels;
  if (panels?.setThemeChangeHandler) {
    panels.setThemeChangeHandler((name) => onChange(name === 'dark' ? 'dark' : 'light'));
    return;
  }
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => onChange(e.matches ? 'dark' : 'light'));
}

/**
 * This extension's version, or '' where the panel's code runs outside the extension
 * (`npm run view` serves it as an ordinary page).
 */
export function extensionVersion(): string {
  try {
    return browser?.runtime?.getManifest?.().version ?? '';
  } catch {
    return '';
  }
}

/** The panel page's URL (share links open it with `?trace#lz=…`). */
export function panelPageUrl(): string {
  return browser.runtime.getURL('/devtools-panel.html');
}

/** Opens the trace viewer (`devtools-panel.html?trace`) in a new tab. */
export function openTraceViewer(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('/devtools-panel.html?trace') });
}

/** Creates the "SSE Hub" panel in DevTools. */
export function createDevtoolsPanel(title: string, page: string): void {
  void browser.devtools.panels.create(title, '/icon/32.png', page);
}

/** The tab a popup controls: `?tabId=N` when opened as a tab, else the current window's active tab. */
export async function activeTabId(search: string): Promise<number | null> {
  const fromUrl = new URLSearchParams(search).get('tabId');
  if (fromUrl !== null && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}
