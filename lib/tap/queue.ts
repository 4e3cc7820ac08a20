/**
 * The tap's only per-event machinery: tag, queue, and flush at most once per
 * `flushIntervalMs`. Everything heavier happens in the hub, off the page's thread.
 */
import { MAX_BATCH_CHARS, MAX_RECORDS_PER_BATCH, TAP_FLUSH_MS, type TapRecord } from '../protocol';

/** Options for {@link createTapQueue}. */
export interface TapQueueOptions {
  /** Receives each flushed batch, in order. */
  post: (records: TapRecord[], dropped: number) => void;
  /** Schedules a flush; the page's pristine `setTimeout`. */
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Minimum time between flushes. Defaults to `TAP_FLUSH_MS`. */
  flushIntervalMs?: number;
  /** Records per batch before an early flush. Defaults to `MAX_RECORDS_PER_BATCH`. */
  maxRecords?: number;
  /** Text (UTF-16 units) per batch before an early flush. Defaults to half of `MAX_BATCH_CHARS`. */
  maxChars?: number;
}

/** A batching queue of tap records. */
export interface TapQueue {
  /**
   * Whether per-event records are wanted (a panel records this tab); read per event.
   * Lifecycle records are always queued. True until the bridge says otherwise.
   */
  readonly recording: boolean;
  /**
   * The bridge's word on recording. Until the first call, records are held rather than
   * posted, so a tab nobody records never pays for posting its first events, and a tab
   * that is recorded loses none of them.
   */
  setRecording(on: boolean): void;
  /** Queues a record whose text size is `chars`. */
  push(record: TapRecord, chars: number): void;
  /** Counts a record the tap had to drop (for example a failed tap). */
  drop(): void;
  /** Sends whatever is queued now. */
  flush(): void;
}

/** Creates the tap's batching queue. */
export function createTapQueue(options: TapQueueOptions): TapQueue {
  const interval = options.flushIntervalMs ?? TAP_FLUSH_MS;
  const maxRecords = options.maxRecords ?? MAX_RECORDS_PER_BATCH;
  const maxChars = options.maxChars ?? MAX_BATCH_CHARS / 2;
  let records: TapRecord[] = [];
  let chars = 0;
  let dropped = 0;
  let timer = false;
  let recording = true;
  let held = true;

  const queue: TapQueue = {
    get recording() {
      return recording;
    },
    setRecording(on) {
      recording = on;
      if (!on) {
        // Only lifecycle records matter to a tab nobody records. (Loops and index writes
        // throughout: the page may have replaced the array methods by now.)
        const kept: TapRecord[] = [];
        for (let i = 0; i < records.length; i++) {
          const r = records[i]!;
          if (r.k !== 'msg' && r.k !== 'chunk') kept[kept.length] = r;
        }
        records = kept;
        chars = 0;
      }
      held = false;
      queue.flush();
    },
    push(record, size) {
      if (held && records.length >= maxRecords) {
        dropped += 1;
        return;
      }
      records[records.length] = record;
      chars += size;
      if (held) return;
      if (records.length >= maxRecords || chars >= maxChars) queue.flush();
      else if (!timer) {
        timer = true;
        options.setTimer(timedFlush, interval);
      }
    },
    drop() {
      dropped += 1;
    },
    flush() {
      if (held || (records.length === 0 && dropped === 0)) return;
      const batch = records;
      const lost = dropped;
      records = [];
      chars = 0;
      dropped = 0;
      options.post(batch, lost);
    },
  };
  function timedFlush(): void {
    timer = false;
    queue.flush();
  }
  return queue;
}
