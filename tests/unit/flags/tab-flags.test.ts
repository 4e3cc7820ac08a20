import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allOff, phasePreset } from '../../../lib/flags/phases';
import { flagBits, flagOnSince, flagsFromBits, hubDownPeriods, inFallback, initialFlagState, normalizeFlagState, rollbackFlags, setFaults, setFlags } from '../../../lib/flags/tab-flags';
import { FALLBACK_RECOVERY_MS, FLAGS, MAX_FAULT_DELAY_MS, MAX_FLAG_HISTORY, noFaults, normalizeFaults } from '../../../lib/protocol';

describe('tab flag state', () => {
  it('records each real change with its cause and phase, and ignores a change to the same flags', () => {
    const start = initialFlagState();
    const phase3 = setFlags(start, phasePreset(3), 'phase', 100);
    expect(phase3.history).toEqual([{ at: 100, flags: phasePreset(3), cause: 'phase', phase: 3 }]);
    expect(setFlags(phase3, phasePreset(3), 'toggle', 200)).toBe(phase3);
    const custom = setFlags(phase3, { ...phasePreset(3), POLLING_DISABLED: false, SSE_UI_EVENTS: false, LEGACY_EVENTS_DISABLED: true }, 'toggle', 300);
    expect(custom.history.at(-1)).toMatchObject({ cause: 'toggle', phase: null });
    expect(start.history).toEqual([]);
  });

  it('rolls back to all off with reason, time and the flags before, even when already off', () => {
    const phase4 = setFlags(initialFlagState(), phasePreset(4), 'phase', 100);
    const rolled = rollbackFlags(phase4, 'cards stale', 500);
    expect(rolled.flags).toEqual(allOff());
    expect(rolled.lastRollback).toEqual({ at: 500, reason: 'cards stale', before: phasePreset(4) });
    expect(rolled.history.at(-1)).toEqual({ at: 500, flags: allOff(), cause: 'rollback', phase: null, reason: 'cards stale' });
    expect(rollbackFlags(rolled, '', 600).history).toHaveLength(3);
  });

  it('keeps a bounded history', () => {
    let state = initialFlagState();
    for (let i = 0; i < MAX_FLAG_HISTORY + 20; i++) state = setFlags(state, i % 2 ? phasePreset(1) : phasePreset(2), 'phase', i);
    expect(state.history).toHaveLength(MAX_FLAG_HISTORY);
    expect(state.history.at(-1)!.at).toBe(MAX_FLAG_HISTORY + 19);
  });

  it('packs flags into bits and back for any flag set', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: FLAGS.length, maxLength: FLAGS.length }), (bools) => {
        const flags = Object.fromEntries(FLAGS.map((f, i) => [f, bools[i]!])) as ReturnType<typeof allOff>;
        expect(flagsFromBits(flagBits(flags))).toEqual(flags);
      }),
    );
    expect(flagBits(phasePreset(1))).toBe(1);
    expect(flagBits(phasePreset(5))).toBe(31);
  });

  it('reads stored state defensively: damaged entries become the initial state or are dropped', () => {
    expect(normalizeFlagState(null)).toEqual(initialFlagState());
    expect(normalizeFlagState('x')).toEqual(initialFlagState());
    const good = rollbackFlags(setFlags(initialFlagState(), phasePreset(2), 'phase', 1), 'r', 2);
    expect(normalizeFlagState(JSON.parse(JSON.stringify({ ...good, header: true })))).toEqual({ ...good, header: true });
    const damaged = normalizeFlagState({ flags: { SSE_CARD_EVENTS: 'true' }, history: [{ at: 'x' }, 5, { at: 3, cause: 'phase', flags: phasePreset(1) }], lastRollback: { at: 1 } });
    expect(damaged).toEqual({ flags: allOff(), history: [{ at: 3, cause: 'phase', flags: phasePreset(1), phase: 1 }], lastRollback: null, header: false, faults: noFaults() });
  });

  it('records simulated hub faults in the history, clamps what storage or a message says, and knows the outages', () => {
    const start = setFlags(initialFlagState(), phasePreset(4), 'phase', 1_000);
    expect(setFaults(start, noFaults(), 1_500)).toBe(start);
    const down = setFaults(start, { ...noFaults(), down: true }, 2_000);
    const up = setFaults(down, noFaults(), 9_000);
    expect(up.history.map((c) => c.cause)).toEqual(['phase', 'fault', 'fault']);
    expect(up.flags).toEqual(phasePreset(4));
    expect(flagOnSince(up, 'POLLING_DISABLED')).toBe(1_000);
    expect(hubDownPeriods(down)).toEqual([{ from: 2_000, to: null }]);
    expect(hubDownPeriods(up)).toEqual([{ from: 2_000, to: 9_000 }]);
    expect([1_999, 2_000, 9_000 + FALLBACK_RECOVERY_MS - 1, 9_000 + FALLBACK_RECOVERY_MS].map((t) => inFallback(up, t))).toEqual([false, true, true, false]);
    expect(normalizeFlagState(JSON.parse(JSON.stringify(up)))).toEqual(up);
    expect(normalizeFaults({ hub: '  ', down: 'yes', slowMs: 1e9, dropPct: -3, duplicatePct: 33.4 })).toEqual({ hub: '/api/sse/events', down: false, slowMs: MAX_FAULT_DELAY_MS, dropPct: 0, duplicatePct: 33 });
  });
});
