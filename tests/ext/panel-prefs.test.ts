import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_KEY, loadFilter, loadHiddenColumns, loadLanguageChoice, saveFilter, saveHiddenColumns, saveLanguageChoice } from '../../lib/ext/panel-prefs';

/** The extension origin's localStorage, in memory (Node has none); `broken` makes every call throw, as a disabled storage does. */
function memoryStorage() {
  const items = new Map<string, string>();
  let broken = false;
  const guard = () => {
    if (broken) throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  return {
    items,
    breakIt: () => (broken = true),
    storage: {
      getItem: (key: string) => (guard(), items.get(key) ?? null),
      setItem: (key: string, value: string) => (guard(), void items.set(key, value)),
      removeItem: (key: string) => (guard(), void items.delete(key)),
    },
  };
}

describe('panel preferences (localStorage)', () => {
  let local: ReturnType<typeof memoryStorage>;
  beforeEach(() => {
    local = memoryStorage();
    vi.stubGlobal('localStorage', local.storage);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('follows the browser’s language until one is picked, keeps the pick under its key, and forgets it for Browser', () => {
    expect(loadLanguageChoice()).toBe('auto');
    saveLanguageChoice('de');
    expect(local.items.get(LANGUAGE_KEY)).toBe('de');
    expect(loadLanguageChoice()).toBe('de');
    saveLanguageChoice('auto');
    expect(local.items.has(LANGUAGE_KEY)).toBe(false);
    expect(loadLanguageChoice()).toBe('auto');
  });

  it('reads a language without a catalog (or any other text) as Browser', () => {
    local.items.set(LANGUAGE_KEY, 'fr');
    expect(loadLanguageChoice()).toBe('auto');
    local.items.set(LANGUAGE_KEY, '__proto__');
    expect(loadLanguageChoice()).toBe('auto');
  });

  it('keeps the filter, without its streams (their ids do not outlive a document), and the hidden columns', () => {
    expect(loadHiddenColumns()).toEqual(['phase']);
    saveHiddenColumns(['size', 'hub']);
    expect(loadHiddenColumns()).toEqual(['size', 'hub']);
    saveFilter({ text: '$.eventData.cardId == "c1"', hideDuplicates: true, types: ['card.updated'], sources: [], priorities: ['HIGH'], streams: ['0:d:e1'] });
    expect(loadFilter()).toEqual({ text: '$.eventData.cardId == "c1"', hideDuplicates: true, types: ['card.updated'], sources: [], priorities: ['HIGH'], streams: [] });
  });

  it('works with storage disabled: defaults, and nothing thrown', () => {
    local.breakIt();
    expect(loadLanguageChoice()).toBe('auto');
    expect(() => saveLanguageChoice('de')).not.toThrow();
    expect(loadHiddenColumns()).toEqual(['phase']);
    expect(() => saveHiddenColumns([])).not.toThrow();
    expect(loadFilter()).toEqual({ text: '', hideDuplicates: false, types: [], sources: [], priorities: [], streams: [] });
    expect(() => saveFilter({ text: 'x', hideDuplicates: false })).not.toThrow();
  });
});
