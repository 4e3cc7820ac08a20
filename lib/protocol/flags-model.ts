/**
 * The consolidation strategy's migration switches as every context sees them (seed:
 * "Migration Safety Switches"): the five flags, and a tab's migration state as the
 * background keeps it and the panel and popup show it.
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

/** A recorded emergency rollback. */
export interface Rollback {
  /** ms since the epoch. */
  at: number;
  reason: string;
  /** The flags in force before it. */
  before: Flags;
}

/** Why a tab's flags changed. */
export type FlagCause = 'toggle' | 'phase' | 'rollback';

/** One change of a tab's flags, for the panel's timeline. */
export interface FlagChange {
  /** ms since the epoch. */
  at: number;
  flags: Flags;
  cause: FlagCause;
  /** The phase the new flags amount to, or null for a custom mix (or all off). */
  phase: number | null;
  /** A rollback's reason. */
  reason?: string;
}

/** A tab's migration state. */
export interface TabFlagState {
  flags: Flags;
  /** Latest changes, oldest first (at most `MAX_FLAG_HISTORY`). */
  history: FlagChange[];
  lastRollback: Rollback | null;
  /** Whether the tab's requests carry `FLAG_HEADER` (opt-in). */
  header: boolean;
}

/** Changes kept per tab. */
export const MAX_FLAG_HISTORY = 50;

/** Request header that carries a tab's flags (the names of those on, comma-separated) when the tab opts in. */
export const FLAG_HEADER = 'X-SSE-Hub-Flags';

/**
 * Key under which the bridge mirrors the tab's flags into the page's `sessionStorage`
 * (per tab and origin, kept across reloads), so the tap can expose them synchronously at
 * `document_start`. The background's copy is the authority; the bridge corrects this one.
 */
export const FLAGS_STORAGE_KEY = '__sse_hub_devtools_flags__';

/**
 * Work already in flight when a flag turns on (a poll request sent, a legacy batch about
 * to flush) is not held against it for this long after the change.
 */
export const FLAG_SETTLE_MS = 1_000;

/** Window event the tap fires when the tab's flags change. */
export const FLAGS_EVENT = 'sse-hub:flags';

/** Reads untrusted flags (storage, messages): unknown keys dropped, missing or non-boolean ones off. */
export function normalizeFlags(value: unknown): Flags {
  const input = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  // A plain loop: the page tap calls this after page scripts may have replaced array methods.
  const flags = {} as Flags;
  for (let i = 0; i < FLAGS.length; i++) flags[FLAGS[i]!] = input[FLAGS[i]!] === true;
  return flags;
}
