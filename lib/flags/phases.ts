/**
 * The consolidation strategy's migration switches (seed: "Migration Safety Switches",
 * "Rollback Procedures"): the five flags, phase presets that enable them cumulatively as
 * its ConsolidationController does, and the emergency rollback. Pure; the per-tab store
 * and the page hook build on it (issue #5).
 */

/** The five consolidation flags, in the order phases 1–5 enable them. */
export const FLAGS = [
  'SSE_SESSION_EVENTS',
  'SSE_CARD_EVENTS',
  'SSE_UI_EVENTS',
  'POLLING_DISABLED',
  'LEGACY_EVENTS_DISABLED',
] as const;

export type FlagName = (typeof FLAGS)[number];

/** A tab's flags. */
export type Flags = Record<FlagName, boolean>;

/** Every flag off: the seed's starting point, and what a rollback restores. */
export function allOff(): Flags {
  return Object.fromEntries(FLAGS.map((f) => [f, false])) as Flags;
}

/** Phase `n` (1–5): flags 1..n on, the rest off, as enabling phases 1..n in turn leaves them. */
export function phasePreset(n: number): Flags {
  if (!Number.isInteger(n) || n < 1 || n > FLAGS.length) throw new RangeError(`Phase must be 1–${FLAGS.length}, got ${n}`);
  return Object.fromEntries(FLAGS.map((f, i) => [f, i < n])) as Flags;
}

/** The phase whose preset equals `flags` exactly, or null for a custom mix. */
export function phaseOf(flags: Flags): number | null {
  for (let n = 1; n <= FLAGS.length; n++) {
    const preset = phasePreset(n);
    if (FLAGS.every((f) => preset[f] === flags[f])) return n;
  }
  return null;
}

/** A recorded emergency rollback. */
export interface Rollback {
  /** ms since the epoch. */
  at: number;
  reason: string;
  /** The flags in force before it. */
  before: Flags;
}

/** The seed's emergencyRollback: every flag off, with the reason and time recorded. */
export function rollback(current: Flags, reason: string, now: number): { flags: Flags; record: Rollback } {
  return { flags: allOff(), record: { at: now, reason: reason.trim() || 'unspecified', before: { ...current } } };
}

/** Reads untrusted flags (storage, messages): unknown keys dropped, missing or non-boolean ones off. */
export function normalizeFlags(value: unknown): Flags {
  const input = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(FLAGS.map((f) => [f, input[f] === true])) as Flags;
}
