/**
 * One tab's hub engine as the relay uses it: feeds captured events in, writes each
 * settled decision onto its event (so snapshots carry it), and swaps settings
 * without losing decisions for events already in flight.
 */
import type { CapturedEvent, HubDecision, HubSettings, HubStats } from '../protocol';
import { createHubEngine, type HubEngine } from '../engine/engine';

/** A tab's engine. */
export interface TabEngine {
  /** Feeds a newly captured event; returns decisions settled now. */
  push(event: CapturedEvent): HubDecision[];
  /** Lets hub time pass (flushes due batches). */
  advance(now: number): HubDecision[];
  /** ms until the engine next needs `advance`, or null. */
  nextDueIn(now: number): number | null;
  stats(): HubStats;
  readonly settings: HubSettings;
  /** Settles everything in flight under the old settings, then continues with `settings`. */
  setSettings(settings: HubSettings, now: number): HubDecision[];
  /** Starts over with empty state (after a clear or a navigation). */
  reset(): void;
}

/** Creates the engine for one tab. */
export function createTabEngine(initial: HubSettings): TabEngine {
  let settings = initial;
  let engine: HubEngine = createHubEngine(settings);
  // Events awaiting their decision (at most one batch window's worth, plus any queue).
  const awaiting = new Map<string, CapturedEvent>();

  function apply(decisions: HubDecision[]): HubDecision[] {
    for (const decision of decisions) {
      const event = awaiting.get(decision.key);
      if (event) {
        event.hub = decision;
        awaiting.delete(decision.key);
      }
    }
    return decisions;
  }

  return {
    push(event) {
      awaiting.set(event.key, event);
      return apply(engine.push({ key: event.key, type: event.type, data: event.data, time: event.pageTime, truncated: event.truncated }));
    },
    advance: (now) => apply(engine.advance(now)),
    nextDueIn: (now) => engine.nextDueIn(now),
    stats: () => engine.stats(),
    get settings() {
      return settings;
    },
    setSettings(next, now) {
      const settled = apply(engine.finish(now));
      settings = next;
      engine = createHubEngine(settings);
      return settled;
    },
    reset() {
      awaiting.clear();
      engine = createHubEngine(settings);
    },
  };
}
