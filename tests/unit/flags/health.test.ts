import { describe, expect, it } from 'vitest';
import { phaseHealth } from '../../../lib/flags/health';
import { phasePreset } from '../../../lib/flags/phases';
import { flagOnSince, initialFlagState, rollbackFlags, setFlags } from '../../../lib/flags/tab-flags';
import type { CapturedEvent, PollInfo } from '../../../lib/protocol';

let n = 0;
function event(source: string, type: string, pageTime: number, duplicate = false): CapturedEvent {
  n += 1;
  return {
    id: n, key: `s#${n}`, streamId: 's', seq: n, source, type, data: '{}', lastEventId: '', size: 2, truncated: false, pageTime, hubTime: pageTime, flags: 0,
    hub: { key: `s#${n}`, eventType: type, priority: 'NORMAL', ...(duplicate ? { duplicateOf: 's#1' } : {}) },
  };
}
const statusOf = (health: ReturnType<typeof phaseHealth>) => Object.fromEntries(health.checks.map((c) => [c.id, c.status]));

describe('phase health', () => {
  it('has nothing to check with every flag off', () => {
    expect(phaseHealth(initialFlagState(), [event('legacy:beacon', 'ui.buttonClick', 5)], [])).toEqual({ phase: null, checks: [], suggestRollback: false });
  });

  it('phase 2: passes when session and card events flow over SSE since the flags came on', () => {
    const state = setFlags(initialFlagState(), phasePreset(2), 'phase', 1_000);
    const events = [event('eventsource', 'card.updated', 500), event('eventsource', 'session.started', 1_100), event('fetch', 'card.created', 1_200)];
    const health = phaseHealth(state, events, []);
    expect(health.phase).toBe(2);
    expect(statusOf(health)).toEqual({ 'sse-session': 'pass', 'sse-card': 'pass', duplicates: 'pass' });
  });

  it('fails a category that still arrives only from legacy emitters, warns one with nothing yet, and suggests rollback', () => {
    const state = setFlags(initialFlagState(), phasePreset(3), 'phase', 1_000);
    const events = [event('eventsource', 'session.activity', 1_100), event('legacy:bridge', 'card.updated', 1_200), event('eventsource', 'card.updated', 900)];
    const health = phaseHealth(state, events, []);
    expect(statusOf(health)).toMatchObject({ 'sse-session': 'pass', 'sse-card': 'fail', 'sse-ui': 'warn' });
    expect(health.suggestRollback).toBe(true);
  });

  it('phase 4 fails while a URL is still polled after POLLING_DISABLED came on; phase 5 fails on legacy traffic', () => {
    let state = setFlags(initialFlagState(), phasePreset(3), 'phase', 1_000);
    state = setFlags(state, phasePreset(4), 'phase', 2_000);
    expect(flagOnSince(state, 'SSE_SESSION_EVENTS')).toBe(1_000);
    expect(flagOnSince(state, 'POLLING_DISABLED')).toBe(2_000);
    const sse = ['session.started', 'card.updated', 'ui.themeChanged'].map((t) => event('eventsource', t, 2_500));
    const poll: PollInfo = { key: 'GET /api/cards', url: '/api/cards', method: 'GET', via: 'fetch', count: 9, periodMs: 500, firstHit: 0, lastHit: 1_900, polling: true, whileDisabled: 0 };
    expect(statusOf(phaseHealth(state, [...sse, event('legacy:polling', 'poll', 1_900)], [poll]))['no-polling']).toBe('pass');
    // A request in flight at the switch is forgiven (settle time); one after it is not.
    const inFlight = phaseHealth(state, [...sse, event('legacy:polling', 'poll', 2_400)], [{ ...poll, lastHit: 2_400 }]);
    expect(statusOf(inFlight)['no-polling']).toBe('pass');
    const late = phaseHealth(state, [...sse, event('legacy:polling', 'poll', 3_400)], [{ ...poll, lastHit: 3_400, whileDisabled: 1 }]);
    expect(late.checks.find((c) => c.id === 'no-polling')).toMatchObject({ status: 'fail', detail: expect.stringContaining('GET /api/cards') });

    const phase5 = setFlags(state, phasePreset(5), 'phase', 3_000);
    const quiet = phaseHealth(phase5, [...sse, event('legacy:session-provider', 'session.activity', 2_900)], []);
    expect(statusOf(quiet)['legacy-quiet']).toBe('pass');
    expect(statusOf(phaseHealth(phase5, [...sse, event('legacy:session-tracker', 'card.viewed', 3_100)], []))['legacy-quiet']).toBe('pass');
    const loud = phaseHealth(phase5, [...sse, event('legacy:session-provider', 'session.activity', 4_100)], []);
    expect(loud.checks.find((c) => c.id === 'legacy-quiet')).toMatchObject({ status: 'fail', detail: expect.stringContaining('session-provider') });
  });

  it('judges the duplicate rate against its thresholds', () => {
    const state = setFlags(initialFlagState(), phasePreset(1), 'phase', 0);
    const mk = (dups: number, total: number) => Array.from({ length: total }, (_, i) => event('eventsource', 'session.activity', 10 + i, i < dups));
    expect(statusOf(phaseHealth(state, mk(4, 100), [])).duplicates).toBe('pass');
    expect(statusOf(phaseHealth(state, mk(10, 100), [])).duplicates).toBe('warn');
    expect(statusOf(phaseHealth(state, mk(20, 100), [])).duplicates).toBe('fail');
  });

  it('after a rollback there is nothing left to check', () => {
    const state = rollbackFlags(setFlags(initialFlagState(), phasePreset(4), 'phase', 0), 'r', 10);
    expect(phaseHealth(state, [event('legacy:polling', 'poll', 20)], []).checks).toEqual([]);
  });
});
