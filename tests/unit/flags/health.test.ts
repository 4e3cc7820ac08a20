import { describe, expect, it } from 'vitest';
import { phaseHealth } from '../../../lib/flags/health';
import { phasePreset } from '../../../lib/flags/phases';
import { flagOnSince, initialFlagState, rollbackFlags, setFaults, setFlags } from '../../../lib/flags/tab-flags';
import { noFaults, type CapturedEvent, type PollInfo } from '../../../lib/protocol';

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

  it('fallback: with POLLING_DISABLED on and the hub down, the app polls again within the fallback time and stops when the hub is back', () => {
    const options = { duplicateWarn: 0.05, duplicateFail: 0.15, fallbackMs: 5_000 };
    const phase4 = setFlags(initialFlagState(), phasePreset(4), 'phase', 1_000);
    const down = setFaults(phase4, { ...noFaults(), down: true }, 10_000);
    const up = setFaults(down, noFaults(), 30_000);
    const polls = (...times: number[]) => times.map((t) => event('legacy:polling', 'poll', t));
    const check = (state: typeof phase4, events: CapturedEvent[], now: number) => phaseHealth(state, events, [], options, now).checks.find((c) => c.id === 'fallback');
    expect(check(phase4, polls(), 12_000)).toBeUndefined();
    // Down, nothing yet, still within the fallback time: waiting.
    expect(check(down, polls(), 12_000)).toMatchObject({ status: 'idle' });
    expect(check(down, polls(), 16_000)).toMatchObject({ status: 'fail', detail: expect.stringContaining('No poll') });
    expect(check(down, polls(13_000, 16_000), 17_000)).toMatchObject({ status: 'pass', detail: expect.stringContaining('3.0 s after') });
    expect(check(down, polls(16_000), 17_000)).toMatchObject({ status: 'fail', detail: expect.stringContaining('6.0 s after') });
    // Back up: polls in flight during the recovery time are forgiven, later ones are not.
    expect(check(up, polls(13_000, 29_000, 31_000), 40_000)).toMatchObject({ status: 'pass', detail: expect.stringContaining('stopped polling') });
    expect(check(up, polls(13_000, 39_000), 40_000)).toMatchObject({ status: 'fail', detail: expect.stringContaining('1 poll after the hub came back') });
    // The fallback polls do not break "no polling"; a poll outside any outage does.
    expect(statusOf(phaseHealth(up, polls(13_000, 29_000), [], options, 40_000))['no-polling']).toBe('pass');
    expect(statusOf(phaseHealth(up, polls(5_000), [], options, 40_000))['no-polling']).toBe('fail');
  });

  it('injected and replayed events are not the server’s traffic', () => {
    const state = setFlags(initialFlagState(), phasePreset(2), 'phase', 0);
    const injected = { ...event('eventsource', 'card.updated', 10), mark: 'injected' as const };
    expect(phaseHealth(state, [injected], []).checks.find((c) => c.id === 'sse-card')).toMatchObject({ status: 'warn' });
    expect(phaseHealth(state, [{ ...injected, mark: 'delayed' as const }], []).checks.find((c) => c.id === 'sse-card')).toMatchObject({ status: 'pass' });
  });

  it('after a rollback there is nothing left to check', () => {
    const state = rollbackFlags(setFlags(initialFlagState(), phasePreset(4), 'phase', 0), 'r', 10);
    expect(phaseHealth(state, [event('legacy:polling', 'poll', 20)], []).checks).toEqual([]);
  });
});
