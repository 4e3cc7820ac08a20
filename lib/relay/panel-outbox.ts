/**
 * What goes to one tab's panels, gathered between sends, so that an event travels with
 * its engine decision inside it. The engine decides an event when its batch window closes
 * (50 ms by default, and 70 ms late by the relay's clock), so an event the relay sent at
 * once reached the panel undecided and its decision followed in a later message: two
 * messages per tap batch, a second object per event, and a second place in the panel
 * where a row changed. The outbox holds an event until its decision is on it (the tab's
 * engine writes it onto the relay's own record, which the outbox holds) or until it has
 * waited `holdMs`, and sends events in arrival order: a held event holds back those after it. Stream, counter, error and poll
 * changes wait with the events they belong to, and go at once when no event is waiting.
 * A decision for an event already sent travels on its own, as before (a batch window
 * longer than the hold, a settings change).
 *
 * Pure: the caller sends what `take` returns and keeps a timer for `dueIn`.
 */
import { isServerTraffic, type CapturedEvent, type HubDecision, type PollInfo, type StreamInfo } from '../protocol';
import type { TabUpdate } from './ingest';

/** Options for {@link createPanelOutbox}. */
export interface PanelOutboxOptions {
  /** Longest an event waits for its decision before it goes without one, in ms. Defaults to {@link DEFAULT_HOLD_MS}. */
  holdMs?: number;
  /** Most errors held between sends (the newest are kept; every error is counted in the counters). Defaults to 200. */
  maxErrors?: number;
}

/**
 * Longest an event waits for its decision by default: the default batch window (50 ms) and
 * the relay's delivery grace (`DELIVERY_GRACE_MS`, 70 ms), less the time the event took to
 * arrive, with room for the timers.
 */
export const DEFAULT_HOLD_MS = 200;

/** A tab's outbox toward its panels. */
export interface PanelOutbox {
  /** Adds what an ingest (or anything else) changed, at time `now`. */
  add(update: TabUpdate, now: number): void;
  /**
   * What may go now: the events at the front that are decided (or need no decision, or
   * waited `holdMs`), with everything else gathered; null when nothing may go yet.
   */
  take(now: number): TabUpdate | null;
  /** ms until `take` returns something though nothing new arrives (an event's hold ends), or null when nothing is waiting. */
  dueIn(now: number): number | null;
  /** Forgets everything gathered (the tab was cleared or navigated: a snapshot replaces it). */
  clear(): void;
  /** Events waiting. */
  readonly waiting: number;
}

/** Creates the outbox of one tab. */
export function createPanelOutbox(options: PanelOutboxOptions = {}): PanelOutbox {
  const holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
  const maxErrors = options.maxErrors ?? 200;
  // Events in arrival order from `head`, and when each arrived (read by index; the front is cut in one splice).
  let events: CapturedEvent[] = [];
  let since: number[] = [];
  // The events waiting, by key: their decisions travel inside them.
  const waitingByKey = new Map<string, CapturedEvent>();
  let decisions: HubDecision[] = [];
  const streams = new Map<string, StreamInfo>();
  const polls = new Map<string, PollInfo>();
  let errors: TabUpdate['errors'] = [];
  let counters: TabUpdate['counters'] | null = null;

  /** Whether the event at `i` may go at `now`. */
  const ready = (i: number, now: number): boolean => {
    const event = events[i]!;
    return event.hub !== undefined || !isServerTraffic(event.mark) || now - since[i]! >= holdMs;
  };

  return {
    add(update, now) {
      for (const event of update.events) {
        events.push(event);
        since.push(now);
        waitingByKey.set(event.key, event);
      }
      for (const decision of update.decisions) {
        // The tab's engine has written it onto the event already; kept here as well in case a caller's has not.
        const event = waitingByKey.get(decision.key);
        if (event) event.hub ??= decision;
        else decisions.push(decision);
      }
      for (const stream of update.streams) streams.set(stream.id, stream);
      for (const poll of update.polls) polls.set(poll.key, poll);
      if (update.errors.length > 0) {
        errors = errors.concat(update.errors);
        if (errors.length > maxErrors) errors = errors.slice(errors.length - maxErrors);
      }
      counters = update.counters;
    },

    take(now) {
      let go = 0;
      while (go < events.length && ready(go, now)) go += 1;
      if (go === 0 && events.length > 0) return null;
      if (counters === null) return null;
      const sent = go === events.length ? events : events.slice(0, go);
      for (const event of sent) waitingByKey.delete(event.key);
      events = go === events.length ? [] : events.slice(go);
      since = go === since.length ? [] : since.slice(go);
      const update: TabUpdate = { events: sent, streams: [...streams.values()], counters, errors, decisions, polls: [...polls.values()] };
      streams.clear();
      polls.clear();
      errors = [];
      decisions = [];
      counters = null;
      return update;
    },

    dueIn(now) {
      if (events.length === 0) return counters === null ? null : 0;
      return ready(0, now) ? 0 : Math.max(0, since[0]! + holdMs - now);
    },

    clear() {
      events = [];
      since = [];
      waitingByKey.clear();
      decisions = [];
      streams.clear();
      polls.clear();
      errors = [];
      counters = null;
    },

    get waiting() {
      return events.length;
    },
  };
}
