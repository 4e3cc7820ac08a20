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

/** Why a tab's flags changed (`fault`: a simulated hub fault started, changed or ended). */
export type FlagCause = 'toggle' | 'phase' | 'rollback' | 'fault';

/**
 * Simulated hub faults for one tab (QA's "what if the hub fails" switches). `down` is a
 * declarativeNetRequest session rule scoped to the tab (requests to the hub fail for
 * real); the others are done by the tap on the tab's EventSource streams to the hub, and
 * only while set here.
 */
export interface HubFaults {
  /** Which requests are the hub's: URLs containing this text. Defaults to the strategy's `/api/sse/events`. */
  hub: string;
  /** Requests to the hub fail (network error), so EventSources reconnect and error for real. */
  down: boolean;
  /** Each hub event reaches the page this many ms late (0: off). At most `MAX_FAULT_DELAY_MS`. */
  slowMs: number;
  /** Share of hub events kept from the page, 0–100. */
  dropPct: number;
  /** Share of hub events delivered twice, 0–100. */
  duplicatePct: number;
}

/** The hub's endpoint in the consolidation strategy. */
export const DEFAULT_HUB_PATH = '/api/sse/events';
/** Longest simulated hub delay. */
export const MAX_FAULT_DELAY_MS = 60_000;

/** No fault. */
export function noFaults(hub = DEFAULT_HUB_PATH): HubFaults {
  return { hub, down: false, slowMs: 0, dropPct: 0, duplicatePct: 0 };
}

/** Whether any fault is on. */
export function anyFault(faults: HubFaults): boolean {
  return faults.down || faults.slowMs > 0 || faults.dropPct > 0 || faults.duplicatePct > 0;
}

/** Reads untrusted faults (storage, messages): numbers clamped, unknown keys dropped. */
export function normalizeFaults(value: unknown): HubFaults {
  const input = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const num = (v: unknown, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(0, Math.round(v))) : 0);
  const hub = typeof input.hub === 'string' && input.hub.trim() !== '' ? input.hub.trim().slice(0, 256) : DEFAULT_HUB_PATH;
  return { hub, down: input.down === true, slowMs: num(input.slowMs, MAX_FAULT_DELAY_MS), dropPct: num(input.dropPct, 100), duplicatePct: num(input.duplicatePct, 100) };
}

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
  /** For a `fault` change: the faults from then on. */
  faults?: HubFaults;
}

/** A tab's migration state. */
export interface TabFlagState {
  flags: Flags;
  /** Latest changes, oldest first (at most `MAX_FLAG_HISTORY`). */
  history: FlagChange[];
  lastRollback: Rollback | null;
  /** Whether the tab's requests carry `FLAG_HEADER` (opt-in). */
  header: boolean;
  /** Simulated hub faults in force for the tab (their changes are in `history`, cause `fault`). */
  faults: HubFaults;
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
 * Key under which the bridge mirrors the tab's hub faults into the page's `sessionStorage`,
 * so that a new document of the tab has them before its first event (the bridge hands
 * them to the tap at `document_start`); the background's copy is the authority.
 */
export const FAULTS_STORAGE_KEY = '__sse_hub_devtools_faults__';

/**
 * Work already in flight when a flag turns on (a poll request sent, a legacy batch about
 * to flush) is not held against it for this long after the change.
 */
export const FLAG_SETTLE_MS = 1_000;

/**
 * After a simulated hub outage ends, polls are still the app's fallback for this long: the
 * EventSource has to reconnect (its retry delay) and a poll may already be in flight.
 */
export const FALLBACK_RECOVERY_MS = 6_000;

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
