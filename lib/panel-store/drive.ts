/**
 * Driving the page from the panel, the pure part: where an event can be sent (the tab's
 * live EventSources, every stream of a URL, tapped legacy emitters), checking what the
 * user typed, planning a replay (as captured, or as the consolidated hub would have
 * delivered), and a runner that paces it (1×, 10×, as fast as possible) with pause,
 * step and stop. The panel sends what the runner emits with `panel/inject`.
 */
import { MAX_INJECT_EVENTS, type CapturedEvent, type InjectRequest, type StreamInfo } from '../protocol';
import { english, type Translate } from '../i18n';

/** One place an event can be sent. */
export interface DriveTarget {
  /** `stream:<hub stream id>`, `url:<url>` (every live EventSource of that URL) or `legacy:<hub stream id>`. */
  id: string;
  label: string;
  /** The hub streams an event sent here goes to. */
  streamIds: string[];
  /** Why it cannot be driven, or null. */
  disabled: string | null;
  url: string;
}

const isLive = (s: StreamInfo) => s.state !== 'closed' && s.state !== 'error';
const tapSid = (streamId: string) => streamId.split(':').slice(2).join(':');

/** What the Send and Replay dialogs offer, live EventSources first. */
export function driveTargets(streams: readonly StreamInfo[], t: Translate = english): DriveTarget[] {
  const targets: DriveTarget[] = [];
  const byUrl = new Map<string, string[]>();
  for (const s of streams) {
    if (s.id.startsWith('debugger:') || s.id.startsWith('har:')) continue;
    if (s.transport === 'eventsource') {
      if (!isLive(s)) continue;
      targets.push({ id: `stream:${s.id}`, label: `${tapSid(s.id)} · ${s.url} (${s.state})`, streamIds: [s.id], disabled: null, url: s.url });
      byUrl.set(s.url, [...(byUrl.get(s.url) ?? []), s.id]);
    } else if (s.transport === 'legacy') {
      if (s.url === 'legacy:polling' || s.url.startsWith('legacy:beacon') || s.url.startsWith('legacy:broadcast')) continue;
      targets.push({ id: `legacy:${s.id}`, label: t('target.legacy', { url: s.url }), streamIds: [s.id], disabled: null, url: s.url });
    } else if (isLive(s)) {
      targets.push({ id: `stream:${s.id}`, label: `${tapSid(s.id)} · ${s.url} (${s.transport})`, streamIds: [], disabled: t('target.notDrivable', { transport: s.transport }), url: s.url });
    }
  }
  for (const [url, ids] of byUrl) {
    if (ids.length > 1) targets.push({ id: `url:${url}`, label: t('target.everyOf', { url, count: ids.length }), streamIds: ids, disabled: null, url });
  }
  return targets;
}

/** What the user typed as event data: JSON-looking text must parse; anything else is sent as text. */
export function checkEventData(data: string, t: Translate = english): { ok: true; json: boolean } | { ok: false; error: string } {
  const trimmed = data.trim();
  if (!/^[[{"]/.test(trimmed)) return { ok: true, json: false };
  try {
    JSON.parse(trimmed);
    return { ok: true, json: true };
  } catch (error) {
    return { ok: false, error: t('drive.notJson', { error: (error as Error).message }) };
  }
}

/** What the Send dialog holds. */
export interface SendDraft {
  target: string;
  type: string;
  data: string;
  lastEventId: string;
}

/** The draft *Edit and resend* opens for `event`: the same stream (or its URL, or the first live target). */
export function draftFrom(event: CapturedEvent, targets: readonly DriveTarget[]): SendDraft {
  const same = targets.find((t) => !t.disabled && t.streamIds.length === 1 && t.streamIds[0] === event.streamId);
  return { target: same?.id ?? targets.find((t) => !t.disabled)?.id ?? '', type: event.type, data: event.data, lastEventId: event.lastEventId };
}

/** The injections for a draft, or why it cannot be sent. */
export function sendRequests(draft: SendDraft, targets: readonly DriveTarget[], t: Translate = english): InjectRequest[] | string {
  const target = targets.find((t) => t.id === draft.target);
  if (!target) return t('drive.pickTarget');
  if (target.disabled) return target.disabled;
  if (draft.type.trim() === '' || /[\r\n]/.test(draft.type)) return t('drive.typeLine');
  if (/[\r\n\0]/.test(draft.lastEventId)) return t('drive.idLine');
  const data = checkEventData(draft.data, t);
  if (!data.ok) return data.error;
  return target.streamIds.map((streamId) => ({ streamId, type: draft.type.trim(), data: draft.data, lastEventId: draft.lastEventId, mark: 'injected' as const }));
}

/** One step of a replay: what to send, `at` ms after the first (at 1×). */
export interface ReplayItem {
  at: number;
  request: InjectRequest;
  /** The source event's key. */
  key: string;
}

/** Which source events a replay sends: as the page captured them, or as the hub would have delivered them. */
export type ReplayMode = 'captured' | 'delivered';

/**
 * Source streams → target ids, by default the same stream when it is still live, else a
 * live target of the same URL, else one of the same path; '' skips the stream.
 */
export function defaultMapping(sources: readonly StreamInfo[], targets: readonly DriveTarget[]): Record<string, string> {
  const usable = targets.filter((t) => !t.disabled);
  const path = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0];
  const mapping: Record<string, string> = {};
  for (const s of sources) {
    const same = usable.find((t) => t.streamIds.length === 1 && t.streamIds[0] === s.id);
    const sameUrl = usable.find((t) => t.url === s.url && !t.id.startsWith('url:'));
    const samePath = usable.find((t) => path(t.url) === path(s.url) && !t.id.startsWith('url:'));
    mapping[s.id] = (same ?? sameUrl ?? samePath)?.id ?? '';
  }
  return mapping;
}

/** Whether an event is something a replay can send: the server's SSE or a legacy emitter's event, not a poll. */
function replayable(event: CapturedEvent): boolean {
  return event.source !== 'legacy:polling' && (event.mark === undefined || event.mark === 'delayed' || event.mark === 'injected' || event.mark === 'replayed');
}

/**
 * Plans a replay of `events` (arrival order). `delivered` keeps only what the hub engine
 * delivered (duplicates and coalesced-away events dropped) in delivery order, timed by
 * delivery (page time + wait); `captured` keeps every event at its page time.
 */
export function planReplay(events: readonly CapturedEvent[], mapping: Record<string, string>, targets: readonly DriveTarget[], mode: ReplayMode): ReplayItem[] {
  const byId = new Map(targets.map((t) => [t.id, t]));
  let chosen = events.filter(replayable);
  let time = (e: CapturedEvent) => e.pageTime;
  if (mode === 'delivered') {
    chosen = chosen.filter((e) => e.hub?.delivered !== undefined).sort((a, b) => a.hub!.delivered! - b.hub!.delivered!);
    time = (e) => e.pageTime + (e.hub?.waitMs ?? 0);
  }
  const items: ReplayItem[] = [];
  let start: number | null = null;
  let previous = -Infinity;
  for (const event of chosen) {
    const target = byId.get(mapping[event.streamId] ?? '');
    if (!target || target.disabled) continue;
    start ??= time(event);
    // Never earlier than the previous step: order is kept even where clocks disagree.
    const at = Math.max(previous, time(event) - start);
    previous = at;
    for (const streamId of target.streamIds) {
      items.push({ at, key: event.key, request: { streamId, type: event.type, data: event.data, lastEventId: event.lastEventId, mark: 'replayed' } });
    }
  }
  return items;
}

/** Replay speed: a factor, or `max` (as fast as possible, order kept). */
export type ReplaySpeed = 1 | 10 | 'max';

/** Where a replay is. */
export interface ReplayProgress {
  sent: number;
  total: number;
  status: 'ready' | 'playing' | 'paused' | 'done' | 'stopped';
}

/** Options for {@link createReplayRunner}. */
export interface ReplayRunnerOptions {
  items: readonly ReplayItem[];
  speed: ReplaySpeed;
  send: (requests: InjectRequest[]) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  onProgress: (progress: ReplayProgress) => void;
}

/** A paced replay. */
export interface ReplayRunner {
  play(): void;
  pause(): void;
  /** Sends the next step now (paused or ready). */
  step(): void;
  stop(): void;
  progress(): ReplayProgress;
}

/** Creates a replay runner; nothing is sent before `play` or `step`. */
export function createReplayRunner(options: ReplayRunnerOptions): ReplayRunner {
  const { items, speed } = options;
  let next = 0;
  let status: ReplayProgress['status'] = items.length === 0 ? 'done' : 'ready';
  let timer: unknown = null;

  const progress = (): ReplayProgress => ({ sent: next, total: items.length, status });
  const report = () => options.onProgress(progress());

  /** Sends the items due together (same time at this speed; a chunk at `max`). */
  function sendDue(): void {
    const first = items[next]!;
    const batch: InjectRequest[] = [];
    while (next < items.length && batch.length < MAX_INJECT_EVENTS && (speed === 'max' || items[next]!.at === first.at)) {
      batch.push(items[next]!.request);
      next += 1;
    }
    options.send(batch);
    if (next >= items.length) status = 'done';
  }

  function schedule(): void {
    if (status !== 'playing') return;
    const wait = speed === 'max' ? 0 : (items[next]!.at - (items[next - 1]?.at ?? items[next]!.at)) / speed;
    timer = options.setTimer(() => {
      timer = null;
      if (status !== 'playing') return;
      sendDue();
      report();
      schedule();
    }, wait);
  }

  function halt(to: ReplayProgress['status']): void {
    if (timer !== null) options.clearTimer(timer);
    timer = null;
    status = to;
    report();
  }

  return {
    play() {
      if (status !== 'ready' && status !== 'paused') return;
      status = 'playing';
      report();
      schedule();
    },
    pause() {
      if (status === 'playing') halt('paused');
    },
    step() {
      if (status !== 'ready' && status !== 'paused') return;
      sendDue();
      status = next < items.length ? 'paused' : 'done';
      report();
    },
    stop() {
      if (status !== 'done' && status !== 'stopped') halt('stopped');
    },
    progress,
  };
}
