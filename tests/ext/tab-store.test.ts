import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { initialFlagState, setFlags } from '../../lib/flags/tab-flags';
import { phasePreset } from '../../lib/flags/phases';
import { DEFAULT_HUB_SETTINGS } from '../../lib/engine/settings';
import { applyFlagHeader, forgetTab, headerRuleId, loadTabs, saveHubChoices, saveTabFlags, STORAGE_KEYS } from '../../lib/ext/tab-store';

describe('tab store (storage.session and the header rule)', () => {
  let updateSessionRules: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fakeBrowser.reset();
    // declarativeNetRequest has no in-memory fake: record what the store asks of it.
    updateSessionRules = vi.fn(async () => undefined);
    (browser.declarativeNetRequest as unknown as { updateSessionRules: typeof updateSessionRules }).updateSessionRules = updateSessionRules;
  });

  it('stores a tab’s flags and hub choices under its keys, and reads them back for open tabs only', async () => {
    const open = await fakeBrowser.tabs.create({ url: 'http://app.test/' });
    const closedId = open.id! + 100;
    const phase3 = setFlags(initialFlagState(), phasePreset(3), 'phase', 1_000);
    await saveTabFlags(open.id!, phase3);
    await saveHubChoices(open.id!, { settings: DEFAULT_HUB_SETTINGS, preserveLog: true });
    await saveTabFlags(closedId, phase3);
    expect(Object.keys(await browser.storage.session.get(null)).sort()).toEqual([STORAGE_KEYS.flags(closedId), STORAGE_KEYS.flags(open.id!), STORAGE_KEYS.hub(open.id!)].sort());

    const loaded = await loadTabs();
    expect(loaded.flags.get(open.id!)?.flags).toEqual(phase3.flags);
    expect(loaded.hub.get(open.id!)).toEqual({ settings: DEFAULT_HUB_SETTINGS, preserveLog: true });
    // A tab closed while the worker slept: its state is dropped from storage too.
    expect(loaded.flags.has(closedId)).toBe(false);
    expect(await browser.storage.session.get(STORAGE_KEYS.flags(closedId))).toEqual({});
  });

  it('forgets a closed tab: its keys and its header rule', async () => {
    await saveTabFlags(7, initialFlagState());
    await saveHubChoices(7, { settings: DEFAULT_HUB_SETTINGS, preserveLog: false });
    await forgetTab(7);
    expect(await browser.storage.session.get(null)).toEqual({});
    expect(updateSessionRules).toHaveBeenCalledWith({ removeRuleIds: [headerRuleId(7)] });
  });

  it('scopes the flag header rule to the tab, and removes it when the header is off', async () => {
    const state = { ...setFlags(initialFlagState(), phasePreset(2), 'phase', 1), header: true };
    await applyFlagHeader(12, state);
    const added = updateSessionRules.mock.calls[0]![0] as { removeRuleIds: number[]; addRules: { id: number; action: { requestHeaders: { header: string; value: string }[] }; condition: { tabIds: number[] } }[] };
    expect(added.removeRuleIds).toEqual([12]);
    expect(added.addRules).toHaveLength(1);
    expect(added.addRules[0]!.condition.tabIds).toEqual([12]);
    expect(added.addRules[0]!.action.requestHeaders[0]).toMatchObject({ header: 'X-SSE-Hub-Flags', value: 'SSE_SESSION_EVENTS,SSE_CARD_EVENTS' });
    await applyFlagHeader(12, { ...state, header: false });
    expect(updateSessionRules.mock.calls[1]![0]).toEqual({ removeRuleIds: [12], addRules: [] });
  });
});
