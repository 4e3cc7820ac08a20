/**
 * What looks wrong in one stream, read from its captured events: empty data, data that
 * looks like JSON but does not parse, repeated or decreasing ids, oversized events, and
 * stalls; and the waits between adjacent events as a histogram, each bar knowing the events
 * that came after its waits. Pure; the panel runs it for one stream on demand.
 */
import { STREAM_GAP_MARK_MS, type CapturedEvent } from '../protocol';
import { english, type Translate } from '../i18n';

/** Kinds of anomaly, in the order the view lists them. */
export type AnomalyKind = 'empty-data' | 'bad-json' | 'duplicate-id' | 'id-goes-back' | 'oversized' | 'stall';

/** One anomaly, tied to the event it belongs to. */
export interface Anomaly {
  kind: AnomalyKind;
  /** The event's key (the panel selects it). */
  key: string;
  message: string;
}

/** Events larger than this (UTF-16 units) are called oversized. Defaults to 64 KiB. */
export const OVERSIZED_CHARS = 64 * 1024;

/** The histogram's buckets: waits from `from` (inclusive) to `to` (exclusive), in ms. */
export const GAP_BUCKETS: readonly { label: string; from: number; to: number }[] = [
  { label: '< 10 ms', from: 0, to: 10 },
  { label: '10–100 ms', from: 10, to: 100 },
  { label: '0.1–1 s', from: 100, to: 1_000 },
  { label: '1–2 s', from: 1_000, to: STREAM_GAP_MARK_MS },
  { label: '2–5 s', from: STREAM_GAP_MARK_MS, to: 5_000 },
  { label: '5–30 s', from: 5_000, to: 30_000 },
  { label: '≥ 30 s', from: 30_000, to: Infinity },
];

/** One bar of the gap histogram. */
export interface GapBar {
  label: string;
  count: number;
  /** Keys of the events that came after these waits, in order. */
  keys: string[];
  /** Whether these waits are stalls (at least `STREAM_GAP_MARK_MS`). */
  stall: boolean;
}

/** A stream's anomalies and gap histogram. */
export interface StreamInsight {
  anomalies: Anomaly[];
  gaps: GapBar[];
}

const looksLikeJson = (data: string) => /^\s*[[{]/.test(data);

/** Reads the anomalies and gaps of `events` (one stream, arrival order). */
export function streamInsight(events: readonly CapturedEvent[], oversized = OVERSIZED_CHARS, t: Translate = english): StreamInsight {
  const anomalies: Anomaly[] = [];
  const gaps: GapBar[] = GAP_BUCKETS.map((b) => ({ label: b.label, count: 0, keys: [], stall: b.from >= STREAM_GAP_MARK_MS }));
  const seenIds = new Map<string, string>();
  let lastNumericId: number | null = null;
  let previous: CapturedEvent | null = null;
  for (const event of events) {
    const at = t('anomaly.at', { seq: event.seq, type: event.type });
    if (event.data === '') anomalies.push({ kind: 'empty-data', key: event.key, message: t('anomaly.empty-data', { at }) });
    else if (!event.truncated && looksLikeJson(event.data)) {
      try {
        JSON.parse(event.data);
      } catch (error) {
        anomalies.push({ kind: 'bad-json', key: event.key, message: t('anomaly.bad-json', { at, error: (error as Error).message }) });
      }
    }
    const id = event.lastEventId;
    // An id is set by the event that carries it; a repeat right after is the buffer, not a new id.
    if (id !== '' && id !== previous?.lastEventId) {
      const first = seenIds.get(id);
      if (first !== undefined) anomalies.push({ kind: 'duplicate-id', key: event.key, message: t('anomaly.duplicate-id', { at, id, first }) });
      else seenIds.set(id, at);
      const numeric = /^\d+$/.test(id) ? Number(id) : null;
      if (numeric !== null && lastNumericId !== null && numeric < lastNumericId && first === undefined) {
        anomalies.push({ kind: 'id-goes-back', key: event.key, message: t('anomaly.id-goes-back', { at, id, previous: lastNumericId }) });
      }
      if (numeric !== null) lastNumericId = numeric;
    }
    if (event.size > oversized) anomalies.push({ kind: 'oversized', key: event.key, message: t(event.truncated ? 'anomaly.oversized.cut' : 'anomaly.oversized', { at, size: event.size }) });
    if (previous !== null) {
      const wait = Math.max(0, event.pageTime - previous.pageTime);
      const bar = gaps[GAP_BUCKETS.findIndex((b) => wait >= b.from && wait < b.to)]!;
      bar.count += 1;
      bar.keys.push(event.key);
      if (wait >= STREAM_GAP_MARK_MS) anomalies.push({ kind: 'stall', key: event.key, message: t('anomaly.stall', { at, seconds: (wait / 1000).toFixed(1) }) });
    }
    previous = event;
  }
  return { anomalies, gaps };
}
