/**
 * The strategy's target flow, "user action → local optimistic update → SSE hub → broadcast
 * → SSE event confirmation → UI validation/rollback if needed", checked event by event: each
 * optimistic update the app reported (`optimistic(action, key, data)` on the page hook) is
 * paired with the first SSE event after it of type `action` whose key field has the value
 * `key`. Classes: `confirmed`, `differs` (confirmed, but the data is not what the UI assumed),
 * `unconfirmed` (nothing within the timeout: the UI would roll back), `pending` (still
 * inside the timeout). Pure and order-independent; each SSE event confirms at most one update.
 */
import type { CapturedEvent } from '../protocol';
import { domainType, isOptimisticReport, isSseEvent } from '../flags/health';
import { diffPayloads, type FieldDiff } from './diff';

/** The class of one optimistic update. */
export type OptimisticClass = 'confirmed' | 'differs' | 'unconfirmed' | 'pending';

/** One optimistic update and its confirmation. */
export interface OptimisticEntry {
  class: OptimisticClass;
  /** The SSE type expected to confirm it. */
  action: string;
  key: string;
  report: CapturedEvent;
  confirmation: CapturedEvent | null;
  /** Confirmation time minus the update's (ms). */
  latencyMs: number | null;
  /** What the confirmation says that the UI did not assume (fields the UI assumed only). */
  diff: FieldDiff[];
}

/** The answer, with counts and confirmation latencies. */
export interface OptimisticReport {
  entries: OptimisticEntry[];
  counts: Record<OptimisticClass, number>;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Options of {@link computeOptimistic}. */
export interface OptimisticOptions {
  /** How long the UI waits for its confirmation before it would roll back (ms). */
  timeoutMs: number;
  /** Field names whose values may hold the key (the parity rules' key fields). */
  keyFields: readonly string[];
  /** Fields never compared. */
  ignoredFields: readonly string[];
  /** Page time now: updates younger than the timeout are `pending`. */
  now: number;
}

/** Default confirmation timeout: 5 s. */
export const DEFAULT_OPTIMISTIC_TIMEOUT_MS = 5_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The payload of an SSE event: the hub envelope's `eventData`, else the data. */
function ssePayload(event: CapturedEvent): unknown {
  const data = parse(event.data);
  return isObject(data) && 'eventData' in data ? data.eventData : data;
}

/** Whether `payload` (or its top-level envelope) holds `key` under one of `fields`. */
function holdsKey(event: CapturedEvent, key: string, fields: readonly string[]): boolean {
  const data = parse(event.data);
  for (const scope of [ssePayload(event), data]) {
    if (!isObject(scope)) continue;
    for (const field of fields) if (scope[field] !== undefined && String(scope[field]) === key) return true;
  }
  return false;
}

/** Only what the UI assumed is compared: a confirmation may carry more (ids, times, who). */
function assumedDiff(assumed: unknown, confirmed: unknown, ignored: readonly string[], path = ''): FieldDiff[] {
  if (isObject(assumed) && isObject(confirmed)) {
    return Object.keys(assumed)
      .filter((k) => !ignored.includes(k))
      .sort()
      .flatMap((k) => assumedDiff(assumed[k], confirmed[k], ignored, path ? `${path}.${k}` : k));
  }
  return diffPayloads(assumed, confirmed, ignored, path);
}

/** Pairs the optimistic-update reports among `events` (arrival order) with their SSE confirmations. */
export function computeOptimistic(events: readonly CapturedEvent[], options: OptimisticOptions): OptimisticReport {
  const reports = events.filter(isOptimisticReport).sort((a, b) => a.pageTime - b.pageTime || a.id - b.id);
  const sse = events.filter(isSseEvent).sort((a, b) => a.pageTime - b.pageTime || a.id - b.id);
  const used = new Set<CapturedEvent>();
  const entries: OptimisticEntry[] = [];
  const latencies: number[] = [];
  for (const report of reports) {
    const body = parse(report.data);
    const key = isObject(body) ? String(body.key ?? '') : '';
    const assumed = isObject(body) ? body.data : undefined;
    const action = report.type;
    const confirmation =
      sse.find((e) => !used.has(e) && e.pageTime >= report.pageTime && e.pageTime <= report.pageTime + options.timeoutMs && domainType(e) === action && holdsKey(e, key, options.keyFields)) ?? null;
    if (confirmation === null) {
      entries.push({ class: options.now - report.pageTime > options.timeoutMs ? 'unconfirmed' : 'pending', action, key, report, confirmation: null, latencyMs: null, diff: [] });
      continue;
    }
    used.add(confirmation);
    const latencyMs = confirmation.pageTime - report.pageTime;
    latencies.push(latencyMs);
    const diff = assumed === undefined ? [] : assumedDiff(assumed, ssePayload(confirmation), options.ignoredFields);
    entries.push({ class: diff.length > 0 ? 'differs' : 'confirmed', action, key, report, confirmation, latencyMs, diff });
  }
  const counts: Record<OptimisticClass, number> = { confirmed: 0, differs: 0, unconfirmed: 0, pending: 0 };
  for (const entry of entries) counts[entry.class] += 1;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length === 0 ? null : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!);
  return { entries, counts, p50: at(0.5), p95: at(0.95), max: latencies.length ? latencies[latencies.length - 1]! : null };
}
