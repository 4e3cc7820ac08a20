/**
 * The bridge between a page's tap and the hub: validates what the page world
 * sends, numbers batches, keeps them until the hub acknowledges them (so a
 * service-worker restart loses nothing), and reconnects with backoff. Pure: the
 * port, timers and tap channel are injected.
 */
import {
  createBackoff,
  envelope,
  isRelayToBridge,
  isTapWire,
  normalizeFlags,
  type BridgeToRelay,
  type BridgeToTap,
  type Flags,
  type HubFaults,
  type RelayToBridge,
} from '../protocol';

/** The part of a runtime port the bridge uses. */
export interface BridgePort {
  postMessage(message: BridgeToRelay): void;
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
  /**
   * Keeps the tab's flags where the tap finds them synchronously at the next
   * `document_start` of this tab and origin (the page's `sessionStorage`).
   */
  mirrorFlags: (flags: Flags) => void;
  /** Keeps the tab's hub faults where the next document's bridge finds them at `document_start`. */
  mirrorFaults?: (faults: HubFaults) => void;
  /**
   * Identifies this navigation (the bridge's document) to the hub across reconnects: a new
   * one in the top frame is a navigation. (Not the tap's `docId`, which names its streams.)
   */
  navigationId: string;
  url: string;
  /** Most records held unacknowledged. Defaults to 100,000 (a 20,000-event flood must fit while the worker catches up; the text cap bounds memory). */
  maxBufferedRecords?: number;
  /** Most serialised text (UTF-16 units) held unacknowledged. Defaults to 16 Mi. */
  maxBufferedChars?: number;
  /**
   * Acknowledged batches kept to re-send after a reconnect: a worker that acked a batch
   * may die before its panels got it. The hub and panels drop what they already have.
   * Defaults to 32.
   */
  replayBatches?: number;
  /** First reconnect delay, doubled per failure. Defaults to 100 ms. */
  minBackoffMs?: number;
  /** Longest reconnect delay. Defaults to 5,000 ms. */
  maxBackoffMs?: number;
}

interface PendingBatch {
  n: number;
  wire: string;
  count: number;
  dropped: number;
  rejected: number;
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
  /** Counts a tap-looking message a page forged (it arrived where the tap never sends). */
  rejectForged(): void;
  stats(): BridgeStats;
}

/** Creates and connects a bridge. */
export function createBridge(options: BridgeOptions): Bridge {
  const maxRecords = options.maxBufferedRecords ?? 100_000;
  const maxChars = options.maxBufferedChars ?? 16 * 1024 * 1024;
  const backoff = createBackoff(options.minBackoffMs, options.maxBackoffMs);
  let port: BridgePort | null = null;
  let reconnects = 0;
  let nextBatch = 1;
  let pending: PendingBatch[] = [];
  let recent: PendingBatch[] = [];
  // What the hub last said about recording (null until it says): reported on reconnect.
  let recording: boolean | null = null;
  const replayBatches = options.replayBatches ?? 32;
  let pendingRecords = 0;
  let pendingChars = 0;
  // Counted here until they can ride on the next batch the hub receives.
  let unsentDropped = 0;
  let unsentRejected = 0;
  let totalDropped = 0;
  let totalRejected = 0;

  function send(message: BridgeToRelay): boolean {
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
    const { count: _count, ...payload } = batch;
    send(envelope('bridge/batch', payload));
  }

  function lost(): void {
    port = null;
    options.setTimer(open, backoff.next());
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
    if (!send(envelope('bridge/hello', { navigationId: options.navigationId, url: options.url, recording }))) return;
    for (const batch of recent) sendBatch(batch);
    for (const batch of pending) sendBatch(batch);
  }

  function onHubMessage(value: unknown): void {
    if (!isRelayToBridge(value)) return;
    const message: RelayToBridge = value;
    switch (message.type) {
      case 'relay/ack': {
        backoff.reset();
        const acked = message.payload.n;
        let i = 0;
        while (i < pending.length && pending[i]!.n <= acked) {
          pendingRecords -= pending[i]!.count;
          pendingChars -= pending[i]!.wire.length;
          i += 1;
        }
        if (i > 0) {
          recent = recent.concat(pending.slice(0, i).filter((b) => b.wire !== '')).slice(-replayBatches);
          pending = pending.slice(i);
        }
        return;
      }
      case 'relay/flags': {
        const flags = normalizeFlags(message.payload.flags);
        options.mirrorFlags(flags);
        options.toTap(envelope('bridge/flags', { flags, rollback: message.payload.rollback }));
        return;
      }
      case 'relay/faults':
        options.mirrorFaults?.(message.payload.faults);
        options.toTap(envelope('bridge/faults', { faults: message.payload.faults }));
        return;
      case 'relay/inject':
        options.toTap(envelope('bridge/inject', { events: message.payload.events }));
        return;
      case 'relay/watch':
        options.toTap(envelope('bridge/watch', { urls: message.payload.urls }));
        return;
      case 'relay/recording':
        recording = message.payload.on;
        options.toTap(envelope('bridge/recording', { on: message.payload.on }));
        return;
      default: {
        // Every message a bridge accepts is handled above: a new one does not compile until it is.
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  let countersTimer = false;
  /** Reports rejections and drops soon even when no further batch comes to carry them. */
  function scheduleCounters(): void {
    if (countersTimer) return;
    countersTimer = true;
    options.setTimer(() => {
      countersTimer = false;
      if (unsentDropped > 0 || unsentRejected > 0) enqueue('', 0);
    }, 100);
  }

  /**
   * Checks the shape and size of what the page world sent; the batch itself stays the
   * tap's string, parsed and checked record by record by the hub, off the page's thread.
   */
  function fromTap(message: unknown): void {
    if (!isTapWire(message)) return rejectForged();
    enqueue(message.json, message.count);
  }

  function rejectForged(): void {
    unsentRejected += 1;
    totalRejected += 1;
    scheduleCounters();
  }

  function enqueue(wire: string, count: number): void {
    if (pendingRecords + count > maxRecords || pendingChars + wire.length > maxChars) {
      unsentDropped += count;
      totalDropped += count;
      scheduleCounters();
      return;
    }
    const batch: PendingBatch = {
      n: nextBatch++,
      wire,
      count,
      dropped: unsentDropped,
      rejected: unsentRejected,
    };
    unsentDropped = 0;
    unsentRejected = 0;
    pending.push(batch);
    pendingRecords += count;
    pendingChars += wire.length;
    sendBatch(batch);
  }

  open();
  return {
    fromTap,
    rejectForged,
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
