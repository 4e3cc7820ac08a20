/**
 * The hub engine: the seed's pipeline over a tab's captured events, in event time.
 * Each event is deduplicated (100 ms), then batched (50 ms, coalescing by key); a
 * batch's survivors are queued by priority and delivered, compressed above the
 * threshold. Every event gets exactly one {@link HubDecision}, emitted when its fate
 * is settled: at once for a duplicate, at its batch's flush otherwise. Pure: time is
 * the events' own (`time`), or what `advance(now)` is given.
 */
import { createBatcher, type Batch } from './batcher';
import { compressPayload } from './codec';
import { createDeduplicator } from './dedup';
import { createFieldReader } from './json-fields';
import { createPriorityQueue } from './priority-queue';
import { PRIORITIES, type HubDecision, type HubSettings, type HubStats, type Priority } from '../protocol';
import { lookupType } from './settings';
import { createHubStats, type HubStatsRecorder } from './stats';

/** What the engine needs of an event. */
export interface EngineEvent {
  /** Stable identity (`CapturedEvent.key`). */
  key: string;
  /** SSE event name. */
  type: string;
  data: string;
  /** When the page received it (ms). */
  time: number;
  /** Cut data cannot be parsed; it keeps its SSE name and no key fields. */
  truncated?: boolean;
}

/** A running engine. */
export interface HubEngine {
  /** Processes one event (events must come in arrival order); returns decisions settled now. */
  push(event: EngineEvent): HubDecision[];
  /** Lets time pass to `now` (flushes a batch whose window ended). */
  advance(now: number): HubDecision[];
  /** Flushes whatever is pending and drains the queue (end of a what-if run). */
  finish(now: number): HubDecision[];
  /** Milliseconds until the open batch's window ends, or null when none is open. */
  nextDueIn(now: number): number | null;
  stats(): HubStats;
}

interface Pending {
  event: EngineEvent;
  decision: HubDecision;
}

/** The shared "nothing settled" result; most pushes settle nothing, so they allocate nothing. */
const NONE: HubDecision[] = Object.freeze([]) as unknown as HubDecision[];

/** Creates an engine with `settings`. */
export function createHubEngine(settings: HubSettings): HubEngine {
  const dedup = createDeduplicator<string>({ windowMs: settings.dedupWindowMs, maxKeys: settings.dedupMaxKeys });
  const batcher = createBatcher<Pending>(settings.batchWindowMs);
  const queue = createPriorityQueue<Pending>(PRIORITIES.length, settings.starvationLimit);
  const stats: HubStatsRecorder = createHubStats();
  let delivered = 0;
  let clock = 0;

  // The JSON fields the keys need, read once per event (field 0 is the JSON `eventType`);
  // a key part `eventType` reads the resolved type instead (index -1).
  const fieldPaths: string[][] = [['eventType']];
  const fieldIndex = (path: string): number => {
    if (path === 'eventType') return -1;
    const at = fieldPaths.findIndex((p) => p.join('.') === path);
    return at >= 0 ? at : fieldPaths.push(path.split('.')) - 1;
  };
  const dedupFields = settings.dedupKey.map(fieldIndex);
  const batchFields = settings.batchKey.map(fieldIndex);
  const reader = createFieldReader(fieldPaths);
  const typeInfo = new Map<string, Priority>();

  function priorityOf(eventType: string): Priority {
    let priority = typeInfo.get(eventType);
    if (priority === undefined) {
      priority = lookupType(settings, eventType).priority;
      if (typeInfo.size < 10_000) typeInfo.set(eventType, priority);
    }
    return priority;
  }

  /** Joins the key fields; a missing or empty field reads `missing`. */
  function keyOf(indexes: number[], fields: unknown[] | null, eventType: string, missing: string): string {
    let key = '';
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i]!;
      const value = index < 0 ? eventType : fields?.[index];
      key += (i ? ':' : '') + (value === undefined || value === null || value === '' ? missing : String(value));
    }
    return key;
  }

  let lastDrain = 0;

  /** Settles a flushed batch: coalesced events are dropped, survivors queued and drained. */
  function deliver(batch: Batch<Pending>): HubDecision[] {
    const out: HubDecision[] = [];
    for (const [replaced, winner] of batch.coalesced) {
      replaced.decision.batchId = batch.id;
      replaced.decision.coalescedInto = winner.event.key;
      out.push(replaced.decision);
    }
    stats.batch(batch.events.length + batch.coalesced.length, batch.coalesced.length);
    for (const pending of batch.events) {
      pending.decision.batchId = batch.id;
      queue.enqueue(pending, PRIORITIES.indexOf(pending.decision.priority));
    }
    stats.depths(queue.depths());
    drain(batch.flushedAt, out);
    return out;
  }

  /** Delivers up to the budget from the queue at time `now`. */
  function drain(now: number, out: HubDecision[]): void {
    lastDrain = now;
    const budget = settings.deliveryBudget > 0 ? settings.deliveryBudget : Infinity;
    for (let n = 0; n < budget; n++) {
      const next = queue.dequeue();
      if (!next) break;
      const { decision, event } = next.item;
      delivered += 1;
      decision.delivered = delivered;
      decision.waitMs = Math.max(0, Math.round(now - event.time));
      if (event.data.length > settings.compressThreshold) {
        const result = compressPayload(event.data);
        decision.bytesIn = result.bytesIn;
        decision.bytesOut = result.bytesOut;
        decision.compressed = result.compressed;
      } else {
        // Plain payloads are measured by length: exact for ASCII, the common case, and cheap.
        decision.bytesOut = decision.bytesIn = event.data.length + 2;
        decision.compressed = false;
      }
      stats.delivered(decision);
      out.push(decision);
    }
  }

  /** Flushes a due batch, or with a budget, drains the queue once per window. */
  function tick(now: number): HubDecision[] {
    const batch = batcher.due(now);
    if (batch) return deliver(batch);
    if (queue.size === 0 || now < lastDrain + settings.batchWindowMs) return NONE;
    const out: HubDecision[] = [];
    drain(now, out);
    return out;
  }

  return {
    push(event) {
      clock = Math.max(clock, event.time);
      const fields = event.truncated ? null : reader.read(event.data);
      const jsonType = fields?.[0];
      const eventType = event.type === 'message' && typeof jsonType === 'string' ? jsonType : event.type;
      // Every field up front: one object shape for all decisions keeps V8's property access fast.
      const decision: HubDecision = {
        key: event.key,
        eventType,
        priority: priorityOf(eventType),
        duplicateOf: undefined,
        batchId: undefined,
        coalescedInto: undefined,
        delivered: undefined,
        waitMs: undefined,
        bytesOut: undefined,
        bytesIn: undefined,
        compressed: undefined,
      };
      stats.captured(eventType, decision.priority, clock);
      const out = tick(clock);
      const dedupKey = keyOf(dedupFields, fields, eventType, 'undefined');
      const original = dedup.check(dedupKey, clock, event.key);
      if (original !== undefined) {
        decision.duplicateOf = original;
        stats.duplicate(dedupKey);
        if (out === NONE) return [decision];
        out.push(decision);
        return out;
      }
      batcher.add(keyOf(batchFields, fields, eventType, 'global'), { event, decision }, clock);
      return out;
    },
    advance(now) {
      clock = Math.max(clock, now);
      return tick(clock);
    },
    finish(now) {
      // A batch whose window ended by `now` flushes at its window's end, as a timer would.
      // A copy: `advance` may return the shared frozen NONE, and more is pushed below.
      const out = this.advance(now).slice();
      const batch = batcher.flush(clock);
      if (batch) out.push(...deliver(batch));
      // With a delivery budget, events can still wait: one more drain per window.
      while (queue.size > 0) drain(lastDrain + settings.batchWindowMs, out);
      clock = Math.max(clock, lastDrain);
      return out;
    },
    nextDueIn(now) {
      const due = batcher.dueAt();
      if (due !== null) return Math.max(0, due - now);
      return queue.size > 0 ? Math.max(0, lastDrain + settings.batchWindowMs - now) : null;
    },
    stats: () => stats.snapshot(dedup.size, dedup.evictedEarly, queue.depths()),
  };
}
