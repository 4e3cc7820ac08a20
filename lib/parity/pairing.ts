/**
 * Legacy ↔ SSE parity, the strategy's phase 2 ("validate SSE events match existing
 * behaviour"): each legacy event is paired with its SSE twin — the same SSE type (through
 * a mapping where names differ) and the same key fields, within a time window — and
 * every pair or orphan is classed: matched, late, payload differs, missing over SSE, extra
 * over SSE. Pure and order-independent: events are sorted before pairing, and each event
 * is in at most one pair.
 */
import type { CapturedEvent } from '../protocol';
import { domainType, isLegacyEvent, isSseEvent } from '../flags/health';
import { diffPayloads, type FieldDiff } from './diff';

/** How a legacy event of `system` and `legacyType` appears over SSE. */
export interface ParityRule {
  /** Legacy system (the source without `legacy:`), or `*` for any. */
  system: string;
  /** The legacy event type, or `*` for any. */
  legacyType: string;
  /** The SSE event type of its twin; `=` for the same type as the legacy one. */
  sseType: string;
  /** Fields that must be equal on both sides (read from `eventData`, else the top level), e.g. `cardId`. */
  keys: string[];
}

/** What pairing needs to know. */
export interface ParitySettings {
  /** Largest gap between twins (ms). Defaults to 2,000. */
  windowMs: number;
  /** A pair whose SSE event came more than this after the legacy one is `late` (ms). Defaults to 500. */
  lateMs: number;
  /** Field names never compared (volatile: times, ids). */
  ignoredFields: string[];
  rules: ParityRule[];
  /** Phase health warns when fewer legacy events than this share are matched. Defaults to 0.99. */
  healthWarn: number;
  /** … and fails under this share. Defaults to 0.95. */
  healthFail: number;
  /** How long an optimistic update waits for its SSE confirmation before the UI would roll back (ms). Defaults to 5,000. */
  optimisticTimeoutMs: number;
}

/** The strategy's five systems as the tool meets them, then any same-named type. */
export const DEFAULT_PARITY_RULES: ParityRule[] = [
  { system: 'session-provider', legacyType: 'session.*', sseType: '=', keys: ['sessionId'] },
  { system: 'session-provider', legacyType: 'preference.changed', sseType: '=', keys: ['key'] },
  { system: 'session-tracker', legacyType: 'card.*', sseType: '=', keys: ['cardId'] },
  { system: 'conversation-bridge', legacyType: 'card.*', sseType: '=', keys: ['cardId'] },
  { system: 'beacon:/api/analytics', legacyType: '*', sseType: '=', keys: ['buttonId'] },
  { system: 'broadcast:theme', legacyType: 'ui.themeChanged', sseType: '=', keys: ['theme'] },
  { system: '*', legacyType: '*', sseType: '=', keys: [] },
];

/** Default {@link ParitySettings}. */
export const DEFAULT_PARITY_SETTINGS: ParitySettings = {
  windowMs: 2_000,
  lateMs: 500,
  // Volatile (times, ids, counters), or the event's own type, which pairing already compared.
  ignoredFields: ['timestamp', 'ts', 'time', 'id', 'eventId', 'messageId', 'n', 'tick', 'type', 'eventType'],
  rules: DEFAULT_PARITY_RULES,
  healthWarn: 0.99,
  healthFail: 0.95,
  optimisticTimeoutMs: 5_000,
};

/** The class of a pair or an orphan. */
export type ParityClass = 'matched' | 'late' | 'differs' | 'missing' | 'extra';

/** One pair (both sides) or orphan (one side). */
export interface ParityEntry {
  class: ParityClass;
  /** The SSE type the twins share (or would). */
  type: string;
  /** The legacy system (for pairs and missing events), else null. */
  system: string | null;
  legacy: CapturedEvent | null;
  sse: CapturedEvent | null;
  /** SSE time minus legacy time, for pairs (ms). */
  latencyMs: number | null;
  /** Field differences of a pair (volatile fields ignored). */
  diff: FieldDiff[];
}

/** Counts of one group (a type, a system, or everything). */
export interface ParityCounts {
  matched: number;
  late: number;
  differs: number;
  missing: number;
  extra: number;
  /** (matched + late) / all, or null with nothing to judge. */
  rate: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** The whole answer. */
export interface ParityReport {
  entries: ParityEntry[];
  total: ParityCounts;
  byType: Map<string, ParityCounts>;
  bySystem: Map<string, ParityCounts>;
  /** Events without a twin yet, younger than the window (live pairing only): not classed. */
  waiting: number;
}

const glob = (pattern: string, value: string) =>
  pattern === '*' || pattern === value || (pattern.endsWith('*') && value.startsWith(pattern.slice(0, -1)));

/** Payloads already parsed: parity is recomputed every second over the same retained events. */
const payloads = new WeakMap<CapturedEvent, { payload: unknown; top: unknown }>();

/** The event's payload (the strategy's `eventData` when its data is the hub's envelope, else the data itself) and its parsed top level. */
function parsed(event: CapturedEvent): { payload: unknown; top: unknown } {
  let known = payloads.get(event);
  if (known === undefined) {
    known = parse(event);
    payloads.set(event, known);
  }
  return known;
}

function parse(event: CapturedEvent): { payload: unknown; top: unknown } {
  if (event.truncated) return { payload: undefined, top: undefined };
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return { payload: event.data, top: undefined };
  }
  const envelope = typeof data === 'object' && data !== null && !Array.isArray(data) && 'eventData' in data;
  return { payload: envelope ? (data as { eventData: unknown }).eventData : data, top: data };
}


/** Group ids (type and key tuple) and pair diffs already computed, by event (and by what they were computed for). */
const keyCache = new WeakMap<CapturedEvent, { names: string; key: string }>();
const diffCache = new WeakMap<CapturedEvent, { sse: CapturedEvent; ignored: readonly string[]; diff: FieldDiff[] }>();

/** The group key of `event` for the key fields `names` of SSE type `type` (`joined`: the two, as `groupPrefix` makes them). */
function groupKey(event: CapturedEvent, joined: string, names: readonly string[]): string {
  const known = keyCache.get(event);
  if (known !== undefined && known.names === joined) return known.key;
  const payload = parsed(event).payload;
  const key = `${joined}=${names.map((k) => keyField(event, payload, k)).join('|')}`;
  keyCache.set(event, { names: joined, key });
  return key;
}

/** The field diff of a pair, remembered until the pair or the ignored fields change. */
function pairDiff(legacy: CapturedEvent, sse: CapturedEvent, ignored: readonly string[]): FieldDiff[] {
  const known = diffCache.get(legacy);
  if (known !== undefined && known.sse === sse && known.ignored === ignored) return known.diff;
  const diff = diffPayloads(parsed(legacy).payload, parsed(sse).payload, ignored);
  diffCache.set(legacy, { sse, ignored, diff });
  return diff;
}

/** What every group key of an SSE type and its key fields starts with. */
const groupPrefix = (type: string, names: readonly string[]) => `${type}\u0000${names.join(',')}`;

/** A key field from the payload, else from the data's top level. */
function keyField(event: CapturedEvent, payload: unknown, field: string): string {
  const read = (value: unknown) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined);
  const value = read(payload) ?? read(parsed(event).top);
  return value === undefined ? '' : JSON.stringify(value);
}

/** The rule for a legacy event, or null when none maps it. */
function ruleFor(rules: readonly ParityRule[], system: string, type: string): ParityRule | null {
  return rules.find((r) => glob(r.system, system) && glob(r.legacyType, type)) ?? null;
}

interface Side {
  event: CapturedEvent;
  system: string | null;
}

function emptyCounts(): ParityCounts {
  return { matched: 0, late: 0, differs: 0, missing: 0, extra: 0, rate: null, p50: null, p95: null, max: null };
}

function finish(counts: ParityCounts, latencies: number[]): ParityCounts {
  const all = counts.matched + counts.late + counts.differs + counts.missing + counts.extra;
  counts.rate = all === 0 ? null : (counts.matched + counts.late) / all;
  if (latencies.length > 0) {
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    counts.p50 = at(0.5);
    counts.p95 = at(0.95);
    counts.max = latencies[latencies.length - 1]!;
  }
  return counts;
}

/** A type's median latency within this of zero pairs on the times as they are. */
const LAG_TOLERANCE_MS = 5;

/** For each of the sorted times `from`, the index of the nearest of the sorted times `to` (the earlier on a tie; -1 when `to` is empty). */
function nearestIndexes(from: Float64Array, to: Float64Array): Int32Array {
  const out = new Int32Array(from.length);
  let j = 0;
  for (let i = 0; i < from.length; i++) {
    const at = from[i]!;
    while (j + 1 < to.length && to[j + 1]! <= at) j += 1;
    // `to[j]` is the last at or before `at` (or the first of all); the next may be nearer.
    out[i] = to.length === 0 ? -1 : j + 1 < to.length && to[j]! < at && to[j + 1]! - at < at - to[j]! ? j + 1 : j;
  }
  return out;
}

/** Whether `sse`'s payload is `legacy`'s and not `other`'s: `sse` is `legacy`'s copy, whichever is nearer in time. */
function ownCopy(legacy: CapturedEvent, other: CapturedEvent, sse: CapturedEvent, ignored: readonly string[]): boolean {
  return pairDiff(legacy, sse, ignored).length === 0 && pairDiff(other, sse, ignored).length > 0;
}

const byTime = (a: Side, b: Side) => a.event.pageTime - b.event.pageTime || (a.event.key < b.event.key ? -1 : a.event.key > b.event.key ? 1 : 0);

/**
 * Pairs the legacy and SSE events among `events` under `settings`: each legacy event with
 * the nearest unused SSE event of its group in the window, unless that event and a later
 * legacy event are each other's nearest (times corrected by the type's usual latency, see
 * `pairAll`). With `now` (live pairing), an event without a twin that is younger than
 * the window, with nothing of the other side after it in its group, is not classed yet:
 * its twin may be on its way (`waiting` counts them). With `since` (when the dual run
 * began), events before it still pair, so a twin just after it finds its legacy event just
 * before it, but only what happened from `since` on is reported (a pair by its legacy
 * event): the caller passes the events from one window before `since`.
 */
export function computeParity(events: readonly CapturedEvent[], settings: ParitySettings, now?: number, since = -Infinity): ParityReport {
  const groups = new Map<string, { type: string; legacy: Side[]; sse: Side[] }>();
  const ssePayloads: Side[] = [];
  const keySets = new Map<string, Set<string>>();
  // `id` already starts with the type (see groupKey).
  const group = (type: string, id: string) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { type, legacy: [], sse: [] }));
    return g;
  };
  // The rule of each (system, type) and what it pairs on, looked up once per pair rather than once per event.
  const rulesBySource = new Map<string, { rule: ParityRule; type: string; keys: string; prefix: string } | null>();
  // Legacy events first: their rules say which key fields each SSE type is paired on.
  for (const event of events) {
    if (!isLegacyEvent(event)) continue;
    const system = event.source.slice('legacy:'.length);
    const legacyType = domainType(event);
    const lookup = `${system}\u0000${legacyType}`;
    let found = rulesBySource.get(lookup);
    if (found === undefined) {
      const rule = ruleFor(settings.rules, system, legacyType);
      const type = rule === null ? '' : rule.sseType === '=' ? legacyType : rule.sseType;
      rulesBySource.set(lookup, (found = rule === null ? null : { rule, type, keys: rule.keys.join(','), prefix: groupPrefix(type, rule.keys) }));
    }
    if (!found) continue;
    let set = keySets.get(found.type);
    if (!set) keySets.set(found.type, (set = new Set()));
    set.add(found.keys);
    group(found.type, groupKey(event, found.prefix, found.rule.keys)).legacy.push({ event, system });
  }
  for (const event of events) if (isSseEvent(event)) ssePayloads.push({ event, system: null });
  // An SSE event joins the group of the first key set its type is paired on.
  // (Rules that pair one SSE type on different key fields: the first rule's fields win.)
  const sseKeys = new Map<string, { names: string[]; prefix: string }>();
  for (const [type, sets] of keySets) {
    const [first] = sets;
    const names = first ? first.split(',').filter(Boolean) : [];
    sseKeys.set(type, { names, prefix: groupPrefix(type, names) });
  }
  // SSE events of a type no rule pairs: no legacy event can be their twin.
  const ungrouped: Side[] = [];
  for (const side of ssePayloads) {
    const type = domainType(side.event);
    const keys = sseKeys.get(type);
    if (!keys) {
      ungrouped.push(side);
      continue;
    }
    group(type, groupKey(side.event, keys.prefix, keys.names)).sse.push(side);
  }

  // Still waiting (live pairing only): younger than the window, and nothing of the other side
  // came after it in its group (events of one key arrive in order: a later one means its twin is not coming).
  const young = (t: number, lastOther: number) => now !== undefined && t > now - settings.windowMs && lastOther <= t;
  const reported = (t: number) => t >= since;
  /**
   * Pairs every group. `lagByType`: how much later than its legacy twin an SSE event of the
   * type typically comes; the nearest twin is judged on times so corrected (the window, and
   * every latency reported, on the real ones). Without it, copies that lag by more than the
   * events are apart (timers that bunch on a busy machine) read as nearer the next legacy
   * event than their own: one missing and one extra where every twin came.
   */
  const pairAll = (lagByType: ReadonlyMap<string, number>) => {
    const entries: ParityEntry[] = [];
    const extras: Side[] = [];
    // Types with a pair out of order (a later legacy event paired with an earlier SSE event).
    const crossed = new Set<string>();
    let waiting = 0;
    for (const g of groups.values()) {
      const lag = lagByType.get(g.type) ?? 0;
      let lastPick = -1;
      const lastSse = g.sse.length ? g.sse[g.sse.length - 1]!.event.pageTime : -Infinity;
      const lastLegacy = g.legacy.length ? g.legacy[g.legacy.length - 1]!.event.pageTime : -Infinity;
      const used = new Array<boolean>(g.sse.length).fill(false);
      let from = 0;
      // Each event's nearest on the other side (on corrected times): an SSE event and a later
      // legacy event that are each other's nearest are a pair, whatever an earlier legacy event
      // without a twin would take (a twin that never came must not shift every later pair by one).
      const legacyTimes = new Float64Array(g.legacy.length);
      for (let i = 0; i < g.legacy.length; i++) legacyTimes[i] = g.legacy[i]!.event.pageTime;
      const sseTimes = new Float64Array(g.sse.length);
      for (let i = 0; i < g.sse.length; i++) sseTimes[i] = g.sse[i]!.event.pageTime - lag;
      const nearestLegacy = nearestIndexes(sseTimes, legacyTimes);
      const nearestSse = nearestIndexes(legacyTimes, sseTimes);
      for (let li = 0; li < g.legacy.length; li++) {
        const legacy = g.legacy[li]!;
        const t = legacy.event.pageTime;
        while (from < g.sse.length && (used[from] || g.sse[from]!.event.pageTime < t - settings.windowMs)) from += 1;
        // The nearest unused SSE event in the window, unless it pairs with a later legacy event
        // as above; an SSE event whose payload is this one's and not that other's stays this one's.
        let pick = -1;
        let best = Infinity;
        for (let i = from; i < g.sse.length && g.sse[i]!.event.pageTime <= t + settings.windowMs; i++) {
          if (used[i]) continue;
          const gap = Math.abs(sseTimes[i]! - t);
          const other = nearestLegacy[i]!;
          if (gap < best && !(other > li && nearestSse[other] === i && !ownCopy(legacy.event, g.legacy[other]!.event, g.sse[i]!.event, settings.ignoredFields))) {
            best = gap;
            pick = i;
          }
        }
        if (pick < 0) {
          if (!reported(t)) continue;
          if (young(t, lastSse)) {
            waiting += 1;
            continue;
          }
          entries.push({ class: 'missing', type: g.type, system: legacy.system, legacy: legacy.event, sse: null, latencyMs: null, diff: [] });
          continue;
        }
        used[pick] = true;
        if (pick < lastPick) crossed.add(g.type);
        lastPick = pick;
        const sse = g.sse[pick]!;
        if (!reported(t)) continue;
        const latencyMs = sse.event.pageTime - t;
        const diff = pairDiff(legacy.event, sse.event, settings.ignoredFields);
        const cls: ParityClass = diff.length > 0 ? 'differs' : latencyMs > settings.lateMs ? 'late' : 'matched';
        entries.push({ class: cls, type: g.type, system: legacy.system, legacy: legacy.event, sse: sse.event, latencyMs, diff });
      }
      g.sse.forEach((side, i) => {
        if (used[i] || !reported(side.event.pageTime)) return;
        if (young(side.event.pageTime, lastLegacy)) waiting += 1;
        else extras.push(side);
      });
    }
    return { entries, extras, waiting, crossed };
  };
  for (const g of groups.values()) {
    g.legacy.sort(byTime);
    g.sse.sort(byTime);
  }
  let paired = pairAll(new Map());
  // A type with a twin missing, an extra SSE event or pairs out of order is paired again on its
  // median latency, when that is more than a few ms (a type paired cleanly is left as it is).
  const unpaired = new Set(paired.crossed);
  for (const entry of paired.entries) if (entry.class === 'missing') unpaired.add(entry.type);
  for (const side of paired.extras) unpaired.add(domainType(side.event));
  const lags = new Map<string, number[]>();
  for (const entry of paired.entries) if (entry.latencyMs !== null && unpaired.has(entry.type)) (lags.get(entry.type) ?? lags.set(entry.type, []).get(entry.type)!).push(entry.latencyMs);
  const lagByType = new Map<string, number>();
  for (const [type, list] of lags) {
    list.sort((a, b) => a - b);
    const median = list[Math.floor(list.length / 2)]!;
    if (Math.abs(median) > LAG_TOLERANCE_MS) lagByType.set(type, median);
  }
  if (lagByType.size > 0) paired = pairAll(lagByType);
  const { entries, extras } = paired;
  let waiting = paired.waiting;
  for (const side of ungrouped) {
    if (!reported(side.event.pageTime)) continue;
    if (young(side.event.pageTime, -Infinity)) waiting += 1;
    else extras.push(side);
  }
  for (const side of extras) entries.push({ class: 'extra', type: domainType(side.event), system: null, legacy: null, sse: side.event, latencyMs: null, diff: [] });
  entries.sort((a, b) => (a.legacy ?? a.sse)!.pageTime - (b.legacy ?? b.sse)!.pageTime);

  const total = emptyCounts();
  const byType = new Map<string, ParityCounts>();
  const bySystem = new Map<string, ParityCounts>();
  const latencies = new Map<ParityCounts, number[]>([[total, []]]);
  const countsFor = (map: Map<string, ParityCounts>, name: string) => {
    let c = map.get(name);
    if (!c) {
      map.set(name, (c = emptyCounts()));
      latencies.set(c, []);
    }
    return c;
  };
  const add = (c: ParityCounts, entry: ParityEntry) => {
    c[entry.class] += 1;
    if (entry.latencyMs !== null) latencies.get(c)!.push(entry.latencyMs);
  };
  for (const entry of entries) {
    add(total, entry);
    add(countsFor(byType, entry.type), entry);
    if (entry.system !== null) add(countsFor(bySystem, entry.system), entry);
  }
  for (const [c, list] of latencies) finish(c, list);
  return { entries, total, byType, bySystem, waiting };
}
