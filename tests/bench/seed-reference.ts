/**
 * The consolidation strategy's own implementations, copied from
 * ../shared/seed/event-consolidation-strategy.md (the strategy document, in the
 * workplace's shared folder; types added, nothing else changed), as
 * the baseline our hub engine is measured against in the same process.
 */

interface BaseEvent {
  eventType: string;
  eventData: { cardId?: string } & Record<string, unknown>;
  userId?: string;
}

/** Seed: "Event Deduplication". Keeps one entry per key forever. */
export class EventDeduplicator {
  private recentEvents = new Map<string, number>();
  private dedupeWindow = 100; // 100ms deduplication window

  isDuplicate(event: BaseEvent): boolean {
    const eventKey = `${event.eventType}:${event.eventData.cardId}:${event.userId}`;
    const lastSeen = this.recentEvents.get(eventKey);

    if (lastSeen && Date.now() - lastSeen < this.dedupeWindow) {
      return true;
    }

    this.recentEvents.set(eventKey, Date.now());
    return false;
  }
}

/** Seed: "Priority Event Queuing". `Array.shift()` per dequeue. */
export class PriorityEventQueue<T = BaseEvent> {
  private queues: T[][] = new Array(4).fill(null).map(() => []);

  enqueue(event: T, priority: number) {
    this.queues[priority]!.push(event);
  }

  dequeue(): T | null {
    for (let i = 0; i < this.queues.length; i++) {
      if (this.queues[i]!.length > 0) {
        return this.queues[i]!.shift()!;
      }
    }
    return null;
  }
}
