/**
 * Counters and pre-aggregated series of the hub engine's decisions, bounded in
 * memory, in the shape the panel's charts read directly.
 */
import { PRIORITIES, type HubStats, type Priority, type PriorityStats, type SecondBucket } from '../protocol';

/** Mutating side of the stats, used by the engine. */
export interface HubStatsRecorder {
  captured(eventType: string, priority: Priority, time: number): void;
  duplicate(key: string): void;
  batch(size: number, coalesced: number): void;
  depths(depths: number[]): void;
  delivered(decision: { priority: Priority; waitMs?: number; compressed?: boolean; bytesIn?: number; bytesOut?: number }): void;
  snapshot(dedupKeys: number, dedupEvictedEarly: number, depths: number[]): HubStats;
}

/** Seconds of series kept. */
export const SERIES_SECONDS = 120;
const MAX_TYPES_PER_SECOND = 24;
const PRIORITY_INDEX = Object.fromEntries(PRIORITIES.map((p, i) => [p, i])) as Record<Priority, number>;
const MAX_DUPLICATE_KEYS = 2_000;
const BATCH_BUCKETS: [string, number][] = [['1', 1], ['2', 2], ['3–5', 5], ['6–10', 10], ['11–20', 20], ['21–50', 50], ['51+', Infinity]];

/** Creates an empty recorder. */
export function createHubStats(): HubStatsRecorder {
  let events = 0;
  let duplicates = 0;
  let batches = 0;
  let coalesced = 0;
  let delivered = 0;
  let compressed = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  const byPriority = Object.fromEntries(
    PRIORITIES.map((p) => [p, { captured: 0, delivered: 0, waitTotal: 0, waitMax: 0, maxDepth: 0, depth: 0 }]),
  ) as Record<Priority, PriorityStats>;
  const duplicateKeys = new Map<string, number>();
  let otherDuplicateKeys = 0;
  const batchSizes = BATCH_BUCKETS.map(() => 0);
  const series: SecondBucket[] = [];
  // Distinct types in the newest bucket (counted, not recomputed per event).
  let bucketTypes = 0;

  return {
    captured(eventType, priority, time) {
      events += 1;
      byPriority[priority].captured += 1;
      const second = Math.floor(time / 1000) * 1000;
      let bucket = series[series.length - 1];
      if (!bucket || second > bucket.t) {
        bucket = { t: second, total: 0, priorities: [0, 0, 0, 0], types: {} };
        bucketTypes = 0;
        series.push(bucket);
        if (series.length > SERIES_SECONDS) series.shift();
      }
      bucket.total += 1;
      bucket.priorities[PRIORITY_INDEX[priority]]! += 1;
      const count = bucket.types[eventType];
      if (count !== undefined) bucket.types[eventType] = count + 1;
      else if (bucketTypes < MAX_TYPES_PER_SECOND) {
        bucket.types[eventType] = 1;
        bucketTypes += 1;
      } else bucket.types.other = (bucket.types.other ?? 0) + 1;
    },
    duplicate(key) {
      duplicates += 1;
      const count = duplicateKeys.get(key);
      if (count !== undefined) duplicateKeys.set(key, count + 1);
      else if (duplicateKeys.size < MAX_DUPLICATE_KEYS) duplicateKeys.set(key, 1);
      else otherDuplicateKeys += 1;
    },
    batch(size, merged) {
      batches += 1;
      coalesced += merged;
      batchSizes[BATCH_BUCKETS.findIndex(([, max]) => size <= max)]! += 1;
    },
    depths(depths) {
      PRIORITIES.forEach((p, i) => {
        byPriority[p].maxDepth = Math.max(byPriority[p].maxDepth, depths[i] ?? 0);
      });
    },
    delivered(decision) {
      delivered += 1;
      const level = byPriority[decision.priority];
      level.delivered += 1;
      level.waitTotal += decision.waitMs ?? 0;
      level.waitMax = Math.max(level.waitMax, decision.waitMs ?? 0);
      if (decision.compressed) {
        compressed += 1;
        bytesIn += decision.bytesIn ?? 0;
        bytesOut += decision.bytesOut ?? 0;
      }
    },
    snapshot(dedupKeys, dedupEvictedEarly, depths) {
      const top = [...duplicateKeys.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([key, count]) => ({ key, count }));
      if (otherDuplicateKeys > 0) top.push({ key: '(other keys)', count: otherDuplicateKeys });
      return {
        events,
        duplicates,
        batches,
        coalesced,
        delivered,
        compressed,
        bytesIn,
        bytesOut,
        bytesSaved: bytesIn - bytesOut,
        byPriority: Object.fromEntries(PRIORITIES.map((p, i) => [p, { ...byPriority[p], depth: depths[i] ?? 0 }])) as Record<Priority, PriorityStats>,
        topDuplicateKeys: top,
        batchSizes: BATCH_BUCKETS.map(([label], i) => ({ label, count: batchSizes[i]! })),
        series: series.map((b) => ({ ...b, priorities: [...b.priorities], types: { ...b.types } })),
        dedupKeys,
        dedupEvictedEarly,
      };
    },
  };
}
