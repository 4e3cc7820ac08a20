import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { KEPT_SITES_KEY, loadKeptSites, originOf, saveKeptSites } from '../../lib/ext/kept-sites';

describe('kept sites (storage.local)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts empty, and keeps what was saved, sorted, under its one key', async () => {
    expect(await loadKeptSites()).toEqual(new Set());
    await saveKeptSites(new Set(['https://b.example', 'http://a.example:8080']));
    expect(await browser.storage.local.get(null)).toEqual({ [KEPT_SITES_KEY]: ['http://a.example:8080', 'https://b.example'] });
    expect(await loadKeptSites()).toEqual(new Set(['https://b.example', 'http://a.example:8080']));
  });

  it('reads only the strings of what is stored, and nothing from a value that is not a list', async () => {
    await browser.storage.local.set({ [KEPT_SITES_KEY]: ['https://a.example', 3, null, { origin: 'x' }] });
    expect(await loadKeptSites()).toEqual(new Set(['https://a.example']));
    await browser.storage.local.set({ [KEPT_SITES_KEY]: 'https://a.example' });
    expect(await loadKeptSites()).toEqual(new Set());
  });

  it('names a page by its origin; pages without one have none', () => {
    expect(originOf('https://app.example:8443/board?x=1#y')).toBe('https://app.example:8443');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(originOf(null)).toBeNull();
  });
});
