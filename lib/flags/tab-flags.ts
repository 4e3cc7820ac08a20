/**
 * One tab's migration state as the background keeps it: the flags in force, when and why
 * they last changed, the latest emergency rollback, and whether the tab's requests carry
 * the flags in a header. Pure; the background persists it per tab.
 */
import {
  FALLBACK_RECOVERY_MS,
  FLAGS,
  MAX_FLAG_HISTORY,
  noFaults,
  normalizeFaults,
  normalizeFlags,
  type HubFaults,
  type FlagCause,
  type FlagChange,
  type FlagName,
  type Flags,
  type Rollback,
  type TabFlagState,
} from '../protocol';
import { allOff, phaseOf, rollback } from './phases';
import { english, type Translate } from '../i18n';

/** A tab nobody has touched: every flag off, no history. */
export function initialFlagState(): TabFlagState {
  return { flags: allOff(), history: [], lastRollback: null, header: false, faults: noFaults() };
}

/** Sets the tab's simulated hub faults; a change is recorded in the history (cause `fault`). */
export function setFaults(state: TabFlagState, faults: HubFaults, now: number): TabFlagState {
  const next = normalizeFaults(faults);
  if (sameFaults(state.faults, next)) return state;
  return { ...state, faults: next, history: appendChange(state.history, { at: now, flags: { ...state.flags }, cause: 'fault', phase: phaseOf(state.flags), faults: next }) };
}

/** Whether two fault sets are equal. */
export function sameFaults(a: HubFaults, b: HubFaults): boolean {
  return a.hub === b.hub && a.down === b.down && a.slowMs === b.slowMs && a.dropPct === b.dropPct && a.duplicatePct === b.duplicatePct;
}

/** The periods the hub was down (simulated) according to the history: `[from, to)`, `to` null while it still is. */
export function hubDownPeriods(state: TabFlagState): { from: number; to: number | null }[] {
  const periods: { from: number; to: number | null }[] = [];
  let from: number | null = null;
  for (const change of state.history) {
    if (change.cause !== 'fault' || !change.faults) continue;
    if (change.faults.down && from === null) from = change.at;
    else if (!change.faults.down && from !== null) {
      periods.push({ from, to: change.at });
      from = null;
    }
  }
  // The history keeps the latest changes only: an outage whose start was trimmed still shows from the oldest kept change.
  if (state.faults.down) periods.push({ from: from ?? state.history[0]?.at ?? 0, to: null });
  return periods;
}

/** Sets the tab's flags; unchanged flags leave the state (and its history) as it was. */
export function setFlags(state: TabFlagState, flags: Flags, cause: Exclude<FlagCause, 'rollback'>, now: number): TabFlagState {
  if (sameFlags(state.flags, flags)) return state;
  const next = { ...flags };
  return { ...state, flags: next, history: appendChange(state.history, { at: now, flags: next, cause, phase: phaseOf(next) }) };
}

/** The emergency rollback: every flag off, reason and time recorded (even when already off). */
export function rollbackFlags(state: TabFlagState, reason: string, now: number): TabFlagState {
  const { flags, record } = rollback(state.flags, reason, now);
  return {
    ...state,
    flags,
    lastRollback: record,
    history: appendChange(state.history, { at: now, flags, cause: 'rollback', phase: null, reason: record.reason }),
  };
}

/** The flags as a bit set (bit i = `FLAGS[i]`), the compact stamp every captured event carries. */
export function flagBits(flags: Flags): number {
  let bits = 0;
  FLAGS.forEach((f, i) => {
    if (flags[f]) bits |= 1 << i;
  });
  return bits;
}

/** The flags a bit set stands for. */
export function flagsFromBits(bits: number): Flags {
  return Object.fromEntries(FLAGS.map((f, i) => [f, (bits & (1 << i)) !== 0])) as Flags;
}

/** The flags that are on, in phase order. */
export function flagsOn(flags: Flags): FlagName[] {
  return FLAGS.filter((f) => flags[f]);
}

/** Whether two flag sets are equal. */
export function sameFlags(a: Flags, b: Flags): boolean {
  return FLAGS.every((f) => a[f] === b[f]);
}

/** Reads a stored (untrusted) state; anything unreadable becomes the initial state. */
export function normalizeFlagState(value: unknown): TabFlagState {
  if (typeof value !== 'object' || value === null) return initialFlagState();
  const input = value as Record<string, unknown>;
  const history = Array.isArray(input.history) ? input.history.slice(-MAX_FLAG_HISTORY).flatMap(readChange) : [];
  return {
    flags: normalizeFlags(input.flags),
    history,
    lastRollback: readRollback(input.lastRollback),
    header: input.header === true,
    faults: normalizeFaults(input.faults),
  };
}

function appendChange(history: FlagChange[], change: FlagChange): FlagChange[] {
  return [...history, change].slice(-MAX_FLAG_HISTORY);
}

function readChange(value: unknown): FlagChange[] {
  if (typeof value !== 'object' || value === null) return [];
  const input = value as Record<string, unknown>;
  const cause = input.cause;
  if (typeof input.at !== 'number' || (cause !== 'toggle' && cause !== 'phase' && cause !== 'rollback' && cause !== 'fault')) return [];
  const flags = normalizeFlags(input.flags);
  const change: FlagChange = { at: input.at, flags, cause, phase: phaseOf(flags) };
  if (cause === 'rollback') {
    change.phase = null;
    change.reason = typeof input.reason === 'string' ? input.reason : 'unspecified';
  }
  if (cause === 'fault') change.faults = normalizeFaults(input.faults);
  return [change];
}

function readRollback(value: unknown): Rollback | null {
  if (typeof value !== 'object' || value === null) return null;
  const input = value as Record<string, unknown>;
  if (typeof input.at !== 'number' || typeof input.reason !== 'string') return null;
  return { at: input.at, reason: input.reason, before: normalizeFlags(input.before) };
}

/** When `flag` last turned on (ms since the epoch); 0 when it was on before any recorded change; null when off. */
export function flagOnSince(state: TabFlagState, flag: FlagName): number | null {
  if (!state.flags[flag]) return null;
  let since = 0;
  for (let i = state.history.length - 1; i >= 0; i--) {
    const change = state.history[i]!;
    if (!change.flags[flag]) break;
    since = change.at;
  }
  return since;
}

/**
 * Whether page time `t` falls in a simulated hub outage, or within `graceMs` after one
 * ended (polls in flight, or scheduled before the hub came back): the strategy's fallback
 * polling, not a breach of POLLING_DISABLED.
 */
export function inFallback(state: TabFlagState, t: number, graceMs = FALLBACK_RECOVERY_MS): boolean {
  if (!state.faults.down && !state.history.some((c) => c.cause === 'fault')) return false;
  return hubDownPeriods(state).some((p) => t >= p.from && (p.to === null || t < p.to + graceMs));
}

/** The faults in a few words, e.g. `hub down · drop 10 %`; `none` when no fault is on. */
export function describeFaults(faults: HubFaults, t: Translate = english): string {
  const parts = [
    faults.down && t('faults.down'),
    faults.slowMs > 0 && t('faults.slow', { ms: faults.slowMs }),
    faults.dropPct > 0 && t('faults.drop', { pct: faults.dropPct }),
    faults.duplicatePct > 0 && t('faults.duplicate', { pct: faults.duplicatePct }),
  ].filter((p): p is string => typeof p === 'string');
  return parts.join(' · ') || t('faults.none');
}
