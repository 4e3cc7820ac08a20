/**
 * Polling-off readiness: before POLLING_DISABLED, would the SSE events alone have produced
 * what the polls returned? For a polled collection, the card events since the previous
 * poll are folded into what that poll returned, by the strategy's own `setQueryData` rules
 * (`card.created` appends its `eventData`; `card.updated` merges `eventData.updates` into the
 * item whose `id` is `eventData.cardId`; `card.deleted` removes it), and the result is
 * compared with what the next poll returned: items that agree, differ (a field diff), are
 * missing from the fold, or extra in it. Pure.
 */
import { POLL_BODY_TYPE, type CapturedEvent } from '../protocol';
import { domainType, isSseEvent } from '../flags/health';
import { diffPayloads, type FieldDiff } from './diff';

/** One poll compared with the fold of the events since the previous one. */
export interface ReadinessPoll {
  url: string;
  /** The poll's event, and the previous poll's (the fold's start). */
  poll: CapturedEvent;
  previous: CapturedEvent;
  /** SSE events folded in. */
  folded: number;
  agree: number;
  differ: { id: string; diff: FieldDiff[] }[];
  /** In the poll, not in the fold (SSE never announced them). */
  missing: string[];
  /** In the fold, not in the poll (SSE announced what the server does not have). */
  extra: string[];
}

/** Per poll, and the running figure: the share of compared items that agreed. */
export interface ReadinessReport {
  polls: ReadinessPoll[];
  /** Items that agreed over all items compared, or null before two polls of a watched URL. */
  rate: number | null;
  /** Polls whose every item agreed. */
  cleanPolls: number;
}

type Item = Record<string, unknown>;
const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A watched body event's URL (without its query: one collection) and parsed list (null when the body is not a JSON array of objects with ids). */
export function pollBody(event: CapturedEvent): { url: string; items: Item[] | null } | null {
  if (domainType(event) !== POLL_BODY_TYPE) return null;
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.url !== 'string') return null;
  let items: unknown;
  try {
    items = JSON.parse(String(value.body));
  } catch {
    return { url: value.url.split(/[?#]/)[0]!, items: null };
  }
  return { url: value.url.split(/[?#]/)[0]!, items: Array.isArray(items) && items.every((i) => isObject(i) && i.id !== undefined) ? (items as Item[]) : null };
}

function eventData(event: CapturedEvent): Item | null {
  try {
    const data = JSON.parse(event.data) as unknown;
    const payload = isObject(data) && 'eventData' in data ? data.eventData : data;
    return isObject(payload) ? payload : null;
  } catch {
    return null;
  }
}

/** The strategy's `setQueryData` rules, applied to `list` (a copy is returned). */
export function foldCardEvent(list: Item[], type: string, data: Item): Item[] {
  if (type === 'card.created') return [...list, data];
  if (type === 'card.updated') return list.map((card) => (String(card.id) === String(data.cardId) ? { ...card, ...(isObject(data.updates) ? data.updates : {}) } : card));
  if (type === 'card.deleted') return list.filter((card) => String(card.id) !== String(data.cardId));
  return list;
}

/**
 * Compares each watched poll (among `events`, any order) with the fold of the card events
 * (SSE only) received since the previous poll of the same URL; `ignored` fields are not compared.
 */
export function computeReadiness(events: readonly CapturedEvent[], ignored: readonly string[]): ReadinessReport {
  const sorted = [...events].sort((a, b) => a.pageTime - b.pageTime || a.id - b.id);
  const last = new Map<string, { event: CapturedEvent; items: Item[] }>();
  const pending = new Map<string, CapturedEvent[]>();
  const polls: ReadinessPoll[] = [];
  for (const event of sorted) {
    if (isSseEvent(event) && domainType(event).startsWith('card.')) {
      for (const list of pending.values()) list.push(event);
      continue;
    }
    const body = pollBody(event);
    if (!body || body.items === null) continue;
    const before = last.get(body.url);
    if (before) {
      const since = pending.get(body.url) ?? [];
      let folded = before.items;
      for (const e of since) {
        const data = eventData(e);
        if (data) folded = foldCardEvent(folded, domainType(e), data);
      }
      const byId = new Map(folded.map((i) => [String(i.id), i]));
      const polled = new Map(body.items.map((i) => [String(i.id), i]));
      const entry: ReadinessPoll = { url: body.url, poll: event, previous: before.event, folded: since.length, agree: 0, differ: [], missing: [], extra: [] };
      for (const [id, item] of polled) {
        const mine = byId.get(id);
        if (!mine) entry.missing.push(id);
        else {
          const diff = diffPayloads(mine, item, ignored);
          if (diff.length === 0) entry.agree += 1;
          else entry.differ.push({ id, diff });
        }
      }
      for (const id of byId.keys()) if (!polled.has(id)) entry.extra.push(id);
      polls.push(entry);
    }
    last.set(body.url, { event, items: body.items });
    pending.set(body.url, []);
  }
  let agreed = 0;
  let compared = 0;
  for (const p of polls) {
    agreed += p.agree;
    compared += p.agree + p.differ.length + p.missing.length + p.extra.length;
  }
  return { polls, rate: compared === 0 ? null : agreed / compared, cleanPolls: polls.filter((p) => p.differ.length + p.missing.length + p.extra.length === 0).length };
}
