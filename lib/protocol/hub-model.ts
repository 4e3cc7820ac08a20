/**
 * The hub engine's vocabulary, shared by the background and the panel: priorities,
 * settings, the decision for each event and the statistics.
 */

/** The four delivery priorities of the seed, highest first. */
export const PRIORITIES = ['CRITICAL', 'HIGH', 'NORMAL', 'LOW'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What the registry says about one event type. */
export interface EventTypeInfo {
  priority: Priority;
  /** Stored for session restoration. */
  persistence: boolean;
  /** Sent to every tab of the user. */
  broadcast: boolean;
  /** Systems the event is routed to (the conversation bridge's `routes`). */
  routes: string[];
}

/** A registry entry: `match` is an exact type (`ui.buttonClick`) or a prefix pattern (`card.*`). */
export interface RegistryRule extends EventTypeInfo {
  match: string;
}

/** Every setting of the hub engine. */
export interface HubSettings {
  /** Batching window in ms. Defaults to 50 (seed: SSEEventBatcher.batchWindow). */
  batchWindowMs: number;
  /** Duplicate window in ms. Defaults to 100 (seed: EventDeduplicator.dedupeWindow). */
  dedupWindowMs: number;
  /** Most dedup keys remembered; older ones are evicted early and counted. Defaults to 10,000. */
  dedupMaxKeys: number;
  /** Field paths joined with `:` to make the dedup key. Defaults to the seed's `eventType:eventData.cardId:userId`. */
  dedupKey: string[];
  /** Field paths of the batch key; a missing field reads `global`. Defaults to the seed's `eventType:eventData.cardId`. */
  batchKey: string[];
  /** Compress event data longer than this many characters. Defaults to 1024 (seed: 1 KB). */
  compressThreshold: number;
  /** After this many dequeues that passed over a waiting lower level, serve that level once. Defaults to 8. */
  starvationLimit: number;
  /** Most events delivered per flush; 0 means all. Defaults to 0. */
  deliveryBudget: number;
  /** Type rules, first match wins. */
  registry: RegistryRule[];
  /** What an unregistered type gets. Defaults to NORMAL, not persisted, not broadcast, no routes. */
  unknownType: EventTypeInfo;
}

/** What the hub decided for one event. */
export interface HubDecision {
  key: string;
  /** The SSE name, or the JSON `eventType` when the SSE name is the generic `message`. */
  eventType: string;
  priority: Priority;
  /** Key of the event this one duplicates (it was dropped). */
  duplicateOf?: string;
  /** The batch it went into (absent for duplicates). */
  batchId?: number;
  /** Key of the later event with the same batch key that replaced it (it was dropped). */
  coalescedInto?: string;
  /** Position in delivery order, 1-based (absent when dropped). */
  delivered?: number;
  /** ms from arrival to delivery (batch window plus queueing). */
  waitMs?: number;
  /** Message bytes as delivered, and before compression when it was compressed. */
  bytesOut?: number;
  bytesIn?: number;
  compressed?: boolean;
}

/** Per-priority figures. */
export interface PriorityStats {
  captured: number;
  delivered: number;
  /** Sum and maximum of arrival-to-delivery waits (ms). */
  waitTotal: number;
  waitMax: number;
  /** Deepest the level's queue has been, and its depth now. */
  maxDepth: number;
  depth: number;
}

/** One second of traffic. */
export interface SecondBucket {
  /** Start of the second (ms since epoch). */
  t: number;
  total: number;
  /** Events per priority, in `PRIORITIES` order. */
  priorities: number[];
  /** Events per type (at most `MAX_TYPES_PER_SECOND`, the rest under `other`). */
  types: Record<string, number>;
}

/** Everything the stats view shows. */
export interface HubStats {
  events: number;
  duplicates: number;
  batches: number;
  coalesced: number;
  delivered: number;
  compressed: number;
  /** Message bytes before and after compression, over compressed events only. */
  bytesIn: number;
  bytesOut: number;
  bytesSaved: number;
  byPriority: Record<Priority, PriorityStats>;
  topDuplicateKeys: { key: string; count: number }[];
  /** Batch sizes (events that entered a batch, coalesced included) by bucket. */
  batchSizes: { label: string; count: number }[];
  series: SecondBucket[];
  dedupKeys: number;
  dedupEvictedEarly: number;
}

