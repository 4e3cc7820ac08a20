/**
 * Full capture's merge rule, pure: Chrome's debugger reports every message of every
 * EventSource of the tab, the page tap only those of types the page listens to (and
 * unnamed `message`s). The relay keeps the tap's copy where the tap saw the message and
 * the debugger's copy otherwise, so each message appears exactly once, in the tap's
 * stream of the same URL.
 */
import type { CapturedEvent } from '../protocol';
import type { StreamSession } from './streams';

/** Prefix of the streams only the debugger saw (no tap stream of that URL, e.g. a frame without the tap). */
export const DEBUGGER_STREAM_PREFIX = 'debugger:';

/** Most named types remembered per stream (the names come from the page). */
export const MAX_LISTENED_TYPES = 1024;

/** How far back among the tab's newest events to look for the tap's copy of a debugger message. */
const MATCH_LOOKBACK = 5_000;

/** What identifies one SSE message of a stream on both sides. */
interface MessageFields {
  type: string;
  lastEventId: string;
  data: string;
}

/**
 * The key of the tap's copy of a message the debugger reported, among the tab's newest
 * `events` (newest first through `fromNewest`), or undefined when it is not there.
 */
export function findTapCopy(fromNewest: (back: number) => CapturedEvent | undefined, streamId: string, message: MessageFields): string | undefined {
  for (let back = 0; back < MATCH_LOOKBACK; back++) {
    const event = fromNewest(back);
    if (event === undefined) return undefined;
    if (event.streamId !== streamId || event.via === 'debugger') continue;
    if (event.type === message.type && event.lastEventId === message.lastEventId && (event.truncated || event.data === message.data)) return event.key;
  }
  return undefined;
}

/** Notes that the page listened to `type` on `stream` from page time `t` on. */
export function noteListener(stream: StreamSession, type: string, t: number): void {
  const listened = (stream.listened ??= new Map());
  if (!listened.has(type) && listened.size < MAX_LISTENED_TYPES) listened.set(type, t);
}

/** Whether the tap already captured `stream`'s message of `type` that the page got at `t`. */
export function tapSaw(stream: StreamSession, type: string, t: number): boolean {
  if (stream.info.id.startsWith(DEBUGGER_STREAM_PREFIX)) return false;
  if (type === 'message') return true;
  const since = stream.listened?.get(type);
  return since !== undefined && since <= t;
}

/**
 * The id of the stream a debugger message from `url` belongs to: the most recently opened
 * tap EventSource stream of that URL that is still live, else the newest one of that URL,
 * else a debugger-only stream for the request.
 */
export function streamIdForUrl(streams: Iterable<StreamSession>, url: string, requestId: string): string {
  let best: StreamSession | null = null;
  for (const stream of streams) {
    const info = stream.info;
    if (info.transport !== 'eventsource' || info.url !== url || info.id.startsWith(DEBUGGER_STREAM_PREFIX)) continue;
    const live = info.state !== 'closed' && info.state !== 'error';
    const bestLive = best !== null && best.info.state !== 'closed' && best.info.state !== 'error';
    if (best === null || (live && !bestLive) || (live === bestLive && info.openedAt >= best.info.openedAt)) best = stream;
  }
  return best?.info.id ?? `${DEBUGGER_STREAM_PREFIX}${requestId}`;
}
