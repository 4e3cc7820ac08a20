import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { initialFlagState, setFlags } from '../../lib/flags/tab-flags';
import { phasePreset } from '../../lib/flags/phases';
import { DEFAULT_HUB_SETTINGS } from '../../lib/engine/settings';
import { applyFlagHeader, applyHubDown, forgetTab, loadTabs, saveHubChoices, saveTabFlags, STORAGE_KEYS } from '../../lib/ext/tab-store';
import { noFaults } from '../../lib/protocol';

type Rule = { id: number; priority?: number; action: { type: string; requestHeaders?: { header: string; value: string }[] }; condition: { tabIds?: number[]; urlFilter?: string } };

describe('tab store (storage.session and the tab’s rules)', () => {
  // declarativeNetRequest has no fake in WXT: a small in-memory one that refuses what Chrome refuses.
  let rules: Rule[];
  const updateSessionRules = vi.fn(async (change: { removeRuleIds?: number[]; addRules?: Rule[] }) => {
    const kept = rules.filter((r) => !change.removeRuleIds?.includes(r.id));
    for (const rule of change.addRules ?? []) {
      if (!Number.isInteger(rule.id) || rule.id < 1 || rule.id > 2 ** 31 - 1) throw new TypeError(`Invalid rule id ${rule.id}`);
      if (kept.some((r) => r.id === rule.id)) throw new Error(`Rule with id ${rule.id} already exists`);
      kept.push(rule);
    }
    rules = kept;
  });
  const ruleOf = (tabId: number, type: string) => rules.find((r) => r.condition.tabIds?.[0] === tabId && r.action.type === type);
  beforeEach(() => {
    fakeBrowser.reset();
    rules = [];
    updateSessionRules.mockClear();
    const dnr = browser.declarativeNetRequest as unknown as Record<string, unknown>;
    dnr.updateSessionRules = updateSessionRules;
    dnr.getSessionRules = async () => rules.map((r) => ({ ...r }));
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

  it('forgets a closed tab: its keys and its rules, and no other tab’s', async () => {
    await saveTabFlags(7, initialFlagState());
    await saveHubChoices(7, { settings: DEFAULT_HUB_SETTINGS, preserveLog: false });
    const header = { ...initialFlagState(), header: true };
    await Promise.all([applyFlagHeader(7, header), applyHubDown(7, { ...noFaults(), down: true }), applyFlagHeader(8, header)]);
    expect(rules).toHaveLength(3);
    await forgetTab(7);
    expect(await browser.storage.session.get(null)).toEqual({});
    expect(rules.map((r) => r.condition.tabIds)).toEqual([[8]]);
  });

  it('scopes the flag header rule to the tab, and removes it when the header is off', async () => {
    const state = { ...setFlags(initialFlagState(), phasePreset(2), 'phase', 1), header: true };
    await applyFlagHeader(12, state);
    expect(ruleOf(12, 'modifyHeaders')!.action.requestHeaders![0]).toMatchObject({ header: 'X-SSE-Hub-Flags', value: 'SSE_SESSION_EVENTS,SSE_CARD_EVENTS' });
    await applyFlagHeader(12, { ...state, flags: phasePreset(3) });
    expect(rules).toHaveLength(1);
    expect(ruleOf(12, 'modifyHeaders')!.action.requestHeaders![0]!.value).toBe('SSE_SESSION_EVENTS,SSE_CARD_EVENTS,SSE_UI_EVENTS');
    await applyFlagHeader(12, { ...state, header: false });
    expect(rules).toEqual([]);
  });

  it('gives any tab id valid, distinct rule ids (Chrome’s tab ids go up to 2^31 - 1), even when changes overlap', async () => {
    const tabs = [2 ** 31 - 1, 1_900_000_000, 5, 1];
    await Promise.all(tabs.flatMap((tabId) => [applyFlagHeader(tabId, { ...initialFlagState(), header: true }), applyHubDown(tabId, { ...noFaults(), down: true })]));
    expect(rules).toHaveLength(8);
    expect(new Set(rules.map((r) => r.id)).size).toBe(8);
    for (const tabId of tabs) expect(ruleOf(tabId, 'block')).toMatchObject({ action: { type: 'block' }, condition: { tabIds: [tabId], urlFilter: '/api/sse/events' } });
    await applyHubDown(5, noFaults());
    expect(ruleOf(5, 'block')).toBeUndefined();
    expect(ruleOf(5, 'modifyHeaders')).toBeDefined();
  });

  it('drops the rules of tabs that closed while the worker slept', async () => {
    const open = await fakeBrowser.tabs.create({ url: 'http://app.test/' });
    await applyHubDown(open.id!, { ...noFaults(), down: true });
    await applyHubDown(open.id! + 50, { ...noFaults(), down: true });
    await loadTabs();
    expect(rules.map((r) => r.condition.tabIds)).toEqual([[open.id!]]);
  });
});
