/**
 * The consolidation strategy's migration switches (seed: "Migration Safety Switches",
 * "Rollback Procedures"): the five flags, phase presets that enable them cumulatively as
 * its ConsolidationController does, and the emergency rollback. Pure; the per-tab store
 * and the page hook build on it (issue #5).
 */
import { FLAGS, type Flags, type Rollback } from '../protocol';

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

/** The seed's emergencyRollback: every flag off, with the reason and time recorded. */
export function rollback(current: Flags, reason: string, now: number): { flags: Flags; record: Rollback } {
  return { flags: allOff(), record: { at: now, reason: reason.trim() || 'unspecified', before: { ...current } } };
}
