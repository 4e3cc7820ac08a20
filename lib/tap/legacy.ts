/**
 * Legacy taps: the events of the systems an app is migrating away from, as source
 * `legacy:<system>`. Apps report their own emitters through the page hook (`emit`,
 * `tapEmitter`); `navigator.sendBeacon` (the usual analytics path) and `BroadcastChannel`
 * posts are tapped without any app change. (Messages a channel receives from other tabs
 * are not tapped: the sending tab reports them.) Each wrapper returns and throws exactly what
 * the original does; only recording is guarded.
 */
import { MAX_DATA_CHARS, MAX_FIELD_CHARS, type EventMark } from '../protocol';
import type { TapContext } from './context';
import { apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, objectToString, stringSlice, uncurryGetter } from './primordials';
import { createUrlReader } from './requests';

/** Longest legacy system name accepted from the page. */
const MAX_SOURCE_CHARS = 64;

/** Queues one legacy event, serialising `data` now (the page may mutate it later). */
export function reportLegacy(ctx: TapContext, source: unknown, type: unknown, data: unknown, raw = false, mark?: EventMark): void {
  if (!ctx.queue.recording) return;
  if (typeof source !== 'string' || source === '' || source.length > MAX_SOURCE_CHARS) return;
  const sid = ctx.legacySid(source);
  const eventType = typeof type === 'string' ? stringSlice(type, 0, MAX_FIELD_CHARS) : 'unknown';
  let text: string;
  if (raw && typeof data === 'string') text = data;
  else {
    try {
      text = ctx.stringify(data) ?? 'null';
    } catch (error) {
      // Cyclic or otherwise unserialisable data: kept as a note, and counted by the hub.
      ctx.queue.push({ k: 'err', sid, code: 'unserializable', message: `${source} ${eventType}: data could not be serialised (${describe(error)}).`, t: ctx.now() }, 0);
      text = '"[unserialisable]"';
    }
  }
  const truncated = text.length > MAX_DATA_CHARS;
  const size = text.length;
  if (truncated) text = stringSlice(text, 0, MAX_DATA_CHARS);
  ctx.queue.push({ k: 'legacy', sid, seq: ctx.nextLegacySeq(sid), type: eventType, data: text, size, truncated, t: ctx.now(), mark }, text.length);
}

/** The descriptor of `key` on `object` or the nearest prototype that defines it. */
function descriptorOf(object: object | null, key: string): PropertyDescriptor | undefined {
  for (let p = object; p; p = getPrototypeOf(p) as object | null) {
    const own = getOwnPropertyDescriptor(p, key);
    if (own) return own;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const message = getOwnPropertyDescriptor(error, 'message');
  return message && typeof message.value === 'string' ? stringSlice(message.value, 0, 200) : 'unknown error';
}

/**
 * Wraps `target[method]` (by default `emit`, else `dispatchEvent`) so every call is also
 * reported as a legacy event of `source`: `emit(type, data)` and `dispatchEvent(event)`
 * (type and `detail`) are understood. The original runs with the same `this` and
 * arguments, and its return value or exception reaches the caller unchanged.
 * Returns a function that removes the tap, or null when the target cannot be tapped.
 */
export function tapEmitter(ctx: TapContext, source: unknown, target: unknown, method?: unknown): (() => void) | null {
  if (typeof source !== 'string' || typeof target !== 'object' || target === null) return null;
  const emitter = target as Record<string, unknown>;
  const name = typeof method === 'string' ? method : typeof emitter.emit === 'function' ? 'emit' : 'dispatchEvent';
  const original = emitter[name];
  if (typeof original !== 'function') return null;
  // What was there before: restored as it was by `untap`.
  const ownBefore = getOwnPropertyDescriptor(target, name);
  const { Event: NativeEvent, CustomEvent: NativeCustomEvent } = ctx.win;
  const eventTypeOf = uncurryGetter<string>(NativeEvent?.prototype, 'type');
  const detailOf = uncurryGetter<unknown>(NativeCustomEvent?.prototype, 'detail');
  function tapped(this: unknown, first: unknown, second: unknown) {
    try {
      if (ctx.queue.recording) {
        if (NativeEvent && eventTypeOf && first instanceof NativeEvent) {
          const detail = NativeCustomEvent && detailOf && first instanceof NativeCustomEvent ? detailOf(first) : null;
          reportLegacy(ctx, source, eventTypeOf(first), detail);
        } else reportLegacy(ctx, source, first, second);
      }
    } catch {
      ctx.queue.drop();
    }
    // eslint-disable-next-line prefer-rest-params
    return apply(original as Function, this, arguments);
  }
  try {
    ctx.mimic(tapped, original as Function);
    // Shadow the method with the attributes it had where it was defined (a class method is
    // not enumerable, so `Object.keys(emitter)` stays the same).
    const found = descriptorOf(target, name);
    defineProperty(target, name, { value: tapped, writable: found?.writable ?? true, enumerable: found?.enumerable ?? false, configurable: true });
  } catch {
    return null; // A frozen or non-configurable emitter stays as it is.
  }
  // Injection calls the app's own method (not our wrapper), as the app itself would.
  const sid = ctx.legacySid(source);
  ctx.targets[sid] = (injection) => {
    let data: unknown = injection.data;
    try {
      data = ctx.parse(injection.data);
    } catch {
      // Not JSON: handed over as the text it is.
    }
    const byEvent = name === 'dispatchEvent' && NativeCustomEvent;
    apply(original as Function, target, byEvent ? [new NativeCustomEvent(injection.type, { detail: data })] : [injection.type, data]);
    reportLegacy(ctx, source, injection.type, data, false, injection.mark);
    return null;
  };
  return () => {
    if (ctx.targets[sid] !== undefined) delete ctx.targets[sid];
    if (emitter[name] !== tapped) return; // Someone replaced it since; leave theirs.
    if (ownBefore) defineProperty(target, name, ownBefore);
    else delete emitter[name];
  };
}

/** Taps `navigator.sendBeacon` as source `legacy:beacon:<path>`, type `message`, data the body when it is text. */
export function installBeaconTap(ctx: TapContext): void {
  const proto = ctx.win.Navigator?.prototype;
  const nativeSend = proto?.sendBeacon;
  if (!proto || typeof nativeSend !== 'function') return;
  const readUrl = createUrlReader(ctx);
  const NativeURL = ctx.win.URL;
  const pathnameOf = uncurryGetter<string>(NativeURL?.prototype, 'pathname');
  const { sendBeacon } = {
    sendBeacon(this: Navigator, url: string | URL, data?: BodyInit | null) {
      // eslint-disable-next-line prefer-rest-params
      const result = apply(nativeSend!, this, arguments);
      try {
        if (ctx.queue.recording) {
          const href = readUrl(url);
          const path = href !== null && NativeURL && pathnameOf ? pathnameOf(new NativeURL(href)) : '?';
          // Type `message`, like an unnamed SSE event: the hub takes the type from the body's JSON `eventType`.
          const body = typeof data === 'string' ? data : data == null ? '' : `[${stringSlice(objectToString(data), 8, -1)}]`;
          reportLegacy(ctx, stringSlice(`beacon:${path}`, 0, MAX_SOURCE_CHARS), 'message', body, true);
        }
      } catch {
        ctx.queue.drop();
      }
      return result;
    },
  };
  ctx.replaceMethod(proto, 'sendBeacon', sendBeacon, nativeSend);
}

/** Taps `BroadcastChannel.prototype.postMessage` as source `legacy:broadcast:<channel>`. */
export function installBroadcastTap(ctx: TapContext): void {
  const Channel = ctx.win.BroadcastChannel;
  if (!Channel) return;
  const nativePost = Channel.prototype.postMessage;
  const nameOf = uncurryGetter<string>(Channel.prototype, 'name');
  const { postMessage } = {
    postMessage(this: BroadcastChannel, message: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const result = apply(nativePost, this, arguments);
      try {
        if (ctx.queue.recording) {
          const own = typeof message === 'object' && message !== null ? getOwnPropertyDescriptor(message, 'type') : undefined;
          const type = own && 'value' in own && typeof own.value === 'string' ? own.value : 'message';
          reportLegacy(ctx, stringSlice(`broadcast:${String(nameOf?.(this) ?? '')}`, 0, MAX_SOURCE_CHARS), type, message);
        }
      } catch {
        ctx.queue.drop();
      }
      return result;
    },
  };
  ctx.replaceMethod(Channel.prototype, 'postMessage', postMessage, nativePost);
}
