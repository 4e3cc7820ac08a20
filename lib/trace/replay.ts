/**
 * A loaded trace as the panel shows it: its events with the engine's decisions (kept
 * from the recording, or made now for events that have none, such as a HAR's), and hub
 * statistics recomputed by the engine from the events, so the stats view and what-if
 * work on a customer's trace as on a live tab.
 */
import { createHubEngine } from '../engine/engine';
import type { CapturedEvent, HubSettings, HubStats, TabSnapshot } from '../protocol';
import type { TraceFile } from './format';

/** Runs the engine over `events` (in arrival order) with `settings`: its statistics and each event's decision. */
export function replayEngine(events: readonly CapturedEvent[], settings: HubSettings): { stats: HubStats; decisions: Map<string, CapturedEvent['hub']> } {
  const engine = createHubEngine(settings);
  const decisions = new Map<string, CapturedEvent['hub']>();
  let last = 0;
  for (const event of events) {
    for (const d of engine.push({ key: event.key, type: event.type, data: event.data, time: event.pageTime, truncated: event.truncated })) decisions.set(d.key, d);
    last = Math.max(last, event.pageTime);
  }
  for (const d of engine.finish(last + settings.batchWindowMs)) decisions.set(d.key, d);
  return { stats: engine.stats(), decisions };
}

/**
 * The snapshot a panel store takes to show `trace`: the hub's recorded statistics where
 * the trace has them (they match what the live panel showed; a replay cannot know when
 * the relay's batch timers fired), else the engine's over the events.
 */
export function traceSnapshot(trace: TraceFile): TabSnapshot {
  const events = trace.events.map((e) => ({ ...e })) as CapturedEvent[];
  const undecided = events.some((e) => e.hub === undefined);
  const replay = undecided || trace.stats === undefined ? replayEngine(events, trace.settings) : null;
  if (replay) for (const event of events) event.hub ??= replay.decisions.get(event.key);
  const stats = trace.stats ?? replay!.stats;
  return {
    tabId: -1,
    reason: 'navigate',
    streams: trace.streams,
    events,
    counters: trace.counters,
    errors: trace.errors,
    settings: trace.settings,
    stats,
    preserveLog: false,
    flags: trace.flags,
    polls: trace.polls,
    pageUrl: trace.environment.pageUrl,
  };
}
