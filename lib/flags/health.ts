/**
 * Phase health: for the flags in force, what should be true of the tab's traffic and
 * whether it is (seed: "Migration Safety Switches", "Polling Elimination Timeline").
 * Pure; the panel runs it over its retained events about once a second.
 */
import { FALLBACK_RECOVERY_MS, FLAG_SETTLE_MS, isServerTraffic, OPTIMISTIC_SYSTEM, type CapturedEvent, type FlagName, type PollInfo, type TabFlagState } from '../protocol';
import { phaseOf } from './phases';
import { flagOnSince, hubDownPeriods, inFallback } from './tab-flags';
import { english, type Translate } from '../i18n';

/** A check's outcome; `idle` means there is nothing to judge yet. */
export type HealthStatus = 'pass' | 'warn' | 'fail' | 'idle';

/** One line of the health checklist. */
export interface HealthCheck {
  /** Stable id, e.g. `sse-card`, `legacy-quiet`, `no-polling`, `duplicates`. */
  id: string;
  /** What should be true. */
  title: string;
  status: HealthStatus;
  /** What was measured. */
  detail: string;
}

/** The checklist for the tab's current flags. */
export interface PhaseHealth {
  /** The phase the flags amount to; null for a custom mix or all off. */
  phase: number | null;
  checks: HealthCheck[];
  /** True when any check failed: the panel suggests the emergency rollback. */
  suggestRollback: boolean;
}

/** Thresholds of the rules. */
export interface HealthOptions {
  /** Duplicate share of decided events above which the check warns. Defaults to 0.05. */
  duplicateWarn: number;
  /** … and fails. Defaults to 0.15. */
  duplicateFail: number;
  /**
   * How soon the app must poll again once the hub is down (with POLLING_DISABLED on), the
   * strategy's "SSE only, with fallback capability". Defaults to 35 s (the board's 30 s
   * poll interval and some slack).
   */
  fallbackMs: number;
}

/** Default {@link HealthOptions}. */
export const DEFAULT_HEALTH_OPTIONS: HealthOptions = { duplicateWarn: 0.05, duplicateFail: 0.15, fallbackMs: 35_000 };

/** The event categories the three SSE flags move onto the hub, by event type. */
export const SSE_CATEGORIES: { flag: FlagName; id: 'session' | 'card' | 'ui'; matches: (type: string) => boolean }[] = [
  { flag: 'SSE_SESSION_EVENTS', id: 'session', matches: (t) => t.startsWith('session.') || t.startsWith('preference.') },
  { flag: 'SSE_CARD_EVENTS', id: 'card', matches: (t) => t.startsWith('card.') },
  { flag: 'SSE_UI_EVENTS', id: 'ui', matches: (t) => t.startsWith('ui.') },
];

/** How far before the earliest flag change the backwards scan keeps looking. */
const SCAN_SLACK_MS = 5_000;

/** Source of the polls the hub detects. */
const POLLING_SOURCE = 'legacy:polling';
/** Source of the app's optimistic-update reports. */
const OPTIMISTIC_SOURCE = `legacy:${OPTIMISTIC_SYSTEM}`;

/** Whether an event came over SSE (EventSource, or a stream read by fetch or XHR) from the server (not injected, replayed or a simulated duplicate). */
export function isSseEvent(event: CapturedEvent): boolean {
  return (event.source === 'eventsource' || event.source === 'fetch' || event.source === 'xhr') && isServerTraffic(event.mark);
}

/** Whether an event came from a legacy emitter (not a detected poll, not an optimistic-update report, not injected from the panel). */
export function isLegacyEvent(event: CapturedEvent): boolean {
  return event.source.startsWith('legacy:') && event.source !== POLLING_SOURCE && event.source !== OPTIMISTIC_SOURCE && isServerTraffic(event.mark);
}

/** Whether an event is the app's report of an optimistic update (`optimistic()` on the page hook). */
export function isOptimisticReport(event: CapturedEvent): boolean {
  return event.source === OPTIMISTIC_SOURCE;
}

/** The event's domain type: the hub's (JSON `eventType` for generic `message` events), else the SSE name. */
export function domainType(event: CapturedEvent): string {
  return event.hub?.eventType ?? event.type;
}

/** Runs the rules for the tab's current flags over `events` (arrival order) and `polls`. */
export function phaseHealth(
  state: TabFlagState,
  events: readonly CapturedEvent[],
  polls: readonly PollInfo[],
  options: HealthOptions = DEFAULT_HEALTH_OPTIONS,
  now = Date.now(),
  t: Translate = english,
): PhaseHealth {
  const checks: HealthCheck[] = [];
  const since = (flag: FlagName) => flagOnSince(state, flag);
  const sinceTimes = (Object.keys(state.flags) as FlagName[]).map(since).filter((t): t is number => t !== null);
  if (sinceTimes.length === 0) return { phase: null, checks, suggestRollback: false };
  const earliest = Math.min(...sinceTimes);
  // Only events since the earliest flag came on matter. Arrival order is page-time order
  // only roughly (streams interleave), so the scan runs a little past it.
  const recent: CapturedEvent[] = [];
  for (let i = events.length - 1; i >= 0 && events[i]!.pageTime >= earliest - SCAN_SLACK_MS; i--) {
    if (events[i]!.pageTime >= earliest) recent.push(events[i]!);
  }

  for (const category of SSE_CATEGORIES) {
    const from = since(category.flag);
    if (from === null) continue;
    let sse = 0;
    let legacy = 0;
    for (const event of recent) {
      if (event.pageTime < from || !category.matches(domainType(event))) continue;
      if (isSseEvent(event)) sse += 1;
      else if (isLegacyEvent(event)) legacy += 1;
    }
    checks.push({
      id: `sse-${category.id}`,
      title: t('check.sse.title', { category: t(`category.${category.id}`) }),
      status: sse > 0 ? 'pass' : legacy > 0 ? 'fail' : 'warn',
      detail:
        sse > 0
          ? t(legacy ? 'check.sse.flowingWithLegacy' : 'check.sse.flowing', { sse, legacy, flag: category.flag })
          : legacy > 0
            ? t('check.sse.legacyOnly', { legacy, flag: category.flag })
            : t('check.sse.none', { flag: category.flag }),
    });
  }

  const legacyFrom = since('LEGACY_EVENTS_DISABLED');
  if (legacyFrom !== null) {
    const loud = recent.filter((e) => e.pageTime >= legacyFrom + FLAG_SETTLE_MS && isLegacyEvent(e));
    const systems = [...new Set(loud.map((e) => e.source.slice('legacy:'.length)))];
    checks.push({
      id: 'legacy-quiet',
      title: t('check.legacy.title'),
      status: loud.length === 0 ? 'pass' : 'fail',
      detail: loud.length === 0 ? t('check.legacy.quiet') : t('check.legacy.loud', { count: loud.length, systems: systems.join(', ') }),
    });
  }

  const pollFrom = since('POLLING_DISABLED');
  if (pollFrom !== null) {
    // Polls during a simulated outage (and its recovery) are the fallback, judged by the rule below.
    const hits = recent.filter((e) => e.pageTime >= pollFrom + FLAG_SETTLE_MS && e.source === POLLING_SOURCE && !inFallback(state, e.pageTime)).length;
    const urls = polls.filter((p) => p.lastHit >= pollFrom + FLAG_SETTLE_MS && !inFallback(state, p.lastHit)).map((p) => p.key);
    checks.push({
      id: 'no-polling',
      title: t('check.polling.title'),
      status: hits === 0 && urls.length === 0 ? 'pass' : 'fail',
      detail: hits === 0 && urls.length === 0 ? t('check.polling.none') : t('check.polling.still', { urls: urls.join(', ') || t('check.polling.requests', { count: hits }) }),
    });
  }

  if (pollFrom !== null) {
    const fallback = fallbackCheck(state, pollFrom, recent, options.fallbackMs, now, t);
    if (fallback) checks.push(fallback);
  }

  let decided = 0;
  let duplicates = 0;
  for (const event of recent) {
    if (!event.hub) continue;
    decided += 1;
    if (event.hub.duplicateOf !== undefined) duplicates += 1;
  }
  const share = decided ? duplicates / decided : 0;
  checks.push({
    id: 'duplicates',
    title: t('check.duplicates.title', { pct: Math.round(options.duplicateWarn * 100) }),
    status: decided === 0 ? 'idle' : share >= options.duplicateFail ? 'fail' : share >= options.duplicateWarn ? 'warn' : 'pass',
    detail: decided === 0 ? t('check.duplicates.none') : t('check.duplicates.rate', { duplicates, decided, pct: (share * 100).toFixed(1) }),
  });

  return { phase: phaseOf(state.flags), checks, suggestRollback: checks.some((c) => c.status === 'fail') };
}

/**
 * The strategy's fallback promise (polling elimination phase 3, "SSE only, with fallback
 * capability"): with POLLING_DISABLED on, each simulated hub outage makes the app poll
 * again within `fallbackMs`, and the polls stop once the hub is back (after
 * `FALLBACK_RECOVERY_MS`). Null when the hub was not down since polling went off.
 */
function fallbackCheck(state: TabFlagState, pollFrom: number, recent: readonly CapturedEvent[], fallbackMs: number, now: number, t: Translate): HealthCheck | null {
  const periods = hubDownPeriods(state).filter((p) => (p.to ?? now) > pollFrom);
  if (periods.length === 0) return null;
  const pollTimes = recent.filter((e) => e.source === POLLING_SOURCE).map((e) => e.pageTime).sort((a, b) => a - b);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const problems: string[] = [];
  const notes: string[] = [];
  let waiting = false;
  periods.forEach((period, i) => {
    const from = Math.max(period.from, pollFrom);
    const end = period.to ?? now;
    const first = pollTimes.find((at) => at >= from && at <= end);
    if (first !== undefined) {
      if (first - from <= fallbackMs) notes.push(t('check.fallback.polled', { time: seconds(first - from) }));
      else problems.push(t('check.fallback.late', { time: seconds(first - from), fallback: seconds(fallbackMs) }));
    } else if (end - from < fallbackMs) waiting = true;
    else problems.push(t('check.fallback.noPoll', { time: seconds(end - from), fallback: seconds(fallbackMs) }));
    if (period.to !== null) {
      const until = periods[i + 1]?.from ?? now;
      const after = pollTimes.filter((at) => at >= period.to! + FALLBACK_RECOVERY_MS && at < until).length;
      if (after > 0) problems.push(t('check.fallback.after', { count: after }));
      else if (until - period.to >= FALLBACK_RECOVERY_MS) notes.push(t('check.fallback.stopped'));
    }
  });
  return {
    id: 'fallback',
    title: t('check.fallback.title', { time: seconds(fallbackMs) }),
    status: problems.length > 0 ? 'fail' : waiting && notes.length === 0 ? 'idle' : 'pass',
    detail: problems.length > 0 ? `${capitalise(problems.join('; '))}.` : waiting && notes.length === 0 ? t('check.fallback.waiting', { time: seconds(fallbackMs) }) : `${capitalise(notes.join('; '))}.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
