/**
 * The bridge between a page's tap and the hub: validates what the page world
 * sends, numbers batches, keeps them until the hub acknowledges them (so a
 * service-worker restart loses nothing), and reconnects with backoff. Pure: the
 * port, timers and tap channel are injected.
 */
import {
  envelope,
  isHubToBridge,
  isTapToBridge,
  recordTextSize,
  type BridgeToHub,
  type BridgeToTap,
  type TapRecord,
} from '../protocol';

/** The part of a runtime port the bridge uses. */
export interface BridgePort {
  postMessage(message: BridgeToHub): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
  disconnect(): void;
}

/** Options for {@link createBridge}. */
export interface BridgeOptions {
  /** Opens a port to the hub; may throw when the extension was reloaded. */
  connect: () => BridgePort;
  /** Sends a message to the tap in the page world. */
  toTap: (message: BridgeToTap) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Identifies this document to the hub across reconnects. */
  docId: string;
  url: string;
  /** Most records held unacknowledged. Defaults to 20,000. */
  maxBufferedRecords?: number;
  /** Most text (UTF-16 units) held unacknowledged. Defaults to 16 Mi. */
  maxBufferedChars?: number;
  /** First reconnect delay, doubled per failure. Defaults to 100 ms. */
  minBackoffMs?: number;
  /** Longest reconnect delay. Defaults to 5,000 ms. */
  maxBackoffMs?: number;
}

interface PendingBatch {
  n: number;
  docId: string;
  records: TapRecord[];
  dropped: number;
  rejected: number;
  chars: number;
}

/** Counters a bridge exposes (for tests and diagnostics). */
export interface BridgeStats {
  connected: boolean;
  pendingBatches: number;
  pendingRecords: number;
  dropped: number;
  rejected: number;
  reconnects: number;
}

/** A running bridge. */
export interface Bridge {
  /** Handles a message from the page world (anything: it is validated here). */
  fromTap(message: unknown): void;
  stats(): BridgeStats;
}

/** Creates and connects a bridge. */
export function createBridge(options: BridgeOptions): Bridge {
  const maxRecords = options.maxBufferedRecords ?? 20_000;
  const maxChars = options.maxBufferedChars ?? 16 * 1024 * 1024;
  const minBackoff = options.minBackoffMs ?? 100;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let port: BridgePort | null = null;
  let backoff = minBackoff;
  let reconnects = 0;
  let nextBatch = 1;
  let pending: PendingBatch[] = [];
  let pendingRecords = 0;
  let pendingChars = 0;
  // Counted here until they can ride on the next batch the hub receives.
  let unsentDropped = 0;
  let unsentRejected = 0;
  let totalDropped = 0;
  let totalRejected = 0;

  function send(message: BridgeToHub): boolean {
    if (!port) return false;
    try {
      port.postMessage(message);
      return true;
    } catch {
      lost();
      return false;
    }
  }

  function sendBatch(batch: PendingBatch): void {
    const { chars: _chars, ...payload } = batch;
    send(envelope('bridge/batch', payload));
  }

  function lost(): void {
    port = null;
    options.setTimer(open, backoff);
    backoff = Math.min(backoff * 2, maxBackoff);
  }

  function open(): void {
    let next: BridgePort;
    try {
      next = options.connect();
    } catch {
      // Extension reloaded or removed: this document's bridge is finished.
      return;
    }
    port = next;
    next.onDisconnect.addListener(() => {
      if (port === next) {
        reconnects += 1;
        lost();
      }
    });
    next.onMessage.addListener(onHubMessage);
    if (!send(envelope('bridge/hello', { docId: options.docId, url: options.url }))) return;
    for (const batch of pending) sendBatch(batch);
  }

  function onHubMessage(message: unknown): void {
    if (!isHubToBridge(message)) return;
    if (message.type === 'hub/ack') {
      backoff = minBackoff;
      const acked = message.payload.n;
      let i = 0;
      while (i < pending.length && pending[i]!.n <= acked) {
        pendingRecords -= pending[i]!.records.length;
        pendingChars -= pending[i]!.chars;
        i += 1;
      }
      if (i > 0) pending = pending.slice(i);
    } else {
      options.toTap(envelope('bridge/recording', { on: message.payload.on }));
    }
  }

  let countersTimer = false;
  /** Reports rejections and drops soon even when no further batch comes to carry them. */
  function scheduleCounters(docId: string): void {
    if (countersTimer) return;
    countersTimer = true;
    options.setTimer(() => {
      countersTimer = false;
      if (unsentDropped > 0 || unsentRejected > 0) enqueue(docId, [], 0);
    }, 100);
  }

  function fromTap(message: unknown): void {
    if (!isTapToBridge(message)) {
      unsentRejected += 1;
      totalRejected += 1;
      scheduleCounters(options.docId);
      return;
    }
    const { docId, records, dropped } = message.payload;
    unsentDropped += dropped;
    totalDropped += dropped;
    enqueue(docId, records, recordsChars(records));
  }

  function recordsChars(records: TapRecord[]): number {
    let chars = 0;
    for (const record of records) chars += recordTextSize(record);
    return chars;
  }

  function enqueue(docId: string, records: TapRecord[], chars: number): void {
    if (pendingRecords + records.length > maxRecords || pendingChars + chars > maxChars) {
      unsentDropped += records.length;
      totalDropped += records.length;
      scheduleCounters(docId);
      return;
    }
    const batch: PendingBatch = {
      n: nextBatch++,
      docId,
      records,
      dropped: unsentDropped,
      rejected: unsentRejected,
      chars,
    };
    unsentDropped = 0;
    unsentRejected = 0;
    pending.push(batch);
    pendingRecords += records.length;
    pendingChars += chars;
    sendBatch(batch);
  }

  open();
  return {
    fromTap,
    stats: () => ({
      connected: port !== null,
      pendingBatches: pending.length,
      pendingRecords,
      dropped: totalDropped,
      rejected: totalRejected,
      reconnects,
    }),
  };
}
