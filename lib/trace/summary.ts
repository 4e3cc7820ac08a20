/** A trace in a few lines: what `npm run capture` prints and the viewer's banner tells. */
import type { TraceFile } from './format';

/** Counts that summarise a trace. */
export interface TraceSummary {
  streams: number;
  events: number;
  byType: Record<string, number>;
  byPriority: Record<string, number>;
  duplicates: number;
  batches: number;
  coalesced: number;
  errors: number;
  /** Events lost before the panel: evicted, dropped by the bridge, rejected. */
  drops: number;
}

/** Summarises `trace` from its events' decisions and its counters. */
export function summarizeTrace(trace: TraceFile): TraceSummary {
  const byType: Record<string, number> = {};
  const byPriority: Record<string, number> = {};
  const batches = new Set<number>();
  let duplicates = 0;
  let coalesced = 0;
  for (const event of trace.events) {
    const type = event.hub?.eventType ?? event.type;
    byType[type] = (byType[type] ?? 0) + 1;
    // 'pending': the event's batch was still open when the trace was taken.
    const priority = event.hub?.priority ?? 'pending';
    byPriority[priority] = (byPriority[priority] ?? 0) + 1;
    if (event.hub?.duplicateOf !== undefined) duplicates += 1;
    if (event.hub?.coalescedInto !== undefined) coalesced += 1;
    if (event.hub?.batchId !== undefined) batches.add(event.hub.batchId);
  }
  const c = trace.counters;
  const errors = Object.values(c.errors).reduce((sum, n) => sum + (n ?? 0), 0);
  return { streams: trace.streams.length, events: trace.events.length, byType, byPriority, duplicates, batches: batches.size, coalesced, errors, drops: c.evicted + c.bridgeDropped + c.rejected };
}

/** The summary as printable lines. */
export function formatSummary(s: TraceSummary): string[] {
  const top = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || 'none';
  return [
    `streams: ${s.streams}`,
    `events: ${s.events}`,
    `by type: ${top(s.byType)}`,
    `by priority: ${top(s.byPriority)}`,
    `duplicates: ${s.duplicates}, batches: ${s.batches}, coalesced: ${s.coalesced}`,
    `errors: ${s.errors}, drops: ${s.drops}`,
  ];
}
