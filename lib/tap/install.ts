/**
 * Installs the page tap once per window: the queue, the EventSource, fetch and legacy
 * taps, and the page hook. Runs in the page's MAIN world before any page script.
 */
import { envelope, PROTOCOL_SOURCE, PROTOCOL_VERSION, type BridgeToTap, type Flags, type TapInjection, type TapRecord, type TapToBridge, type TapWire } from '../protocol';
import { createTapContext, type TapContext, type TapWindow } from './context';
import { installEventSourceTap } from './event-source';
import { installFetchTap } from './fetch';
import { defineHook, HOOK_NAME } from './hook';
import { installBeaconTap, installBroadcastTap } from './legacy';
import { createTapQueue } from './queue';
import { installXhrTap } from './xhr';

export { HOOK_NAME };

/** What {@link installTap} needs from its surroundings. */
export interface TapEnvironment {
  win: TapWindow & object;
  /** Delivers a serialised batch to the bridge. */
  post: (wire: TapWire) => void;
  /** The page's pristine `JSON.stringify`, captured before page scripts run. */
  stringify: (value: unknown) => string | undefined;
  /** The page's pristine `JSON.parse`. */
  parse: (text: string) => unknown;
  /** Registers the handler for messages from the bridge (already-parsed values). */
  listen: (handler: (message: unknown) => void) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  now: () => number;
  timeOrigin: number;
  /** A random id for this document, so streams of successive documents never collide. */
  docId: string;
  /** The tab's flags as last mirrored for this tab and origin (untrusted; normalised). */
  initialFlags: unknown;
  /** Fires the page's `sse-hub:flags` window event. */
  announceFlags: (detail: { flags: Readonly<Flags>; rollback: boolean }) => void;
  /** Registers what to do when the document is hidden for good or for the back/forward cache (`pagehide`). */
  onLeave?: (fn: () => void) => void;
}

/** Installs the tap unless it already is; returns false when it was there already. */
export function installTap(env: TapEnvironment): boolean {
  if (Object.prototype.hasOwnProperty.call(env.win, HOOK_NAME)) return false;
  const queue = createTapQueue({
    setTimer: env.setTimer,
    post: (records: TapRecord[], dropped: number) =>
      env.post({
        count: records.length,
        json: env.stringify(envelope('tap/batch', { docId: env.docId, records, dropped }) satisfies TapToBridge) ?? '',
      }),
  });
  // What waits for the next flush (up to `TAP_FLUSH_MS`) goes before a navigation ends the document.
  env.onLeave?.(() => queue.flush());
  const ctx = createTapContext(env.win, queue, env.now, env.timeOrigin, env.stringify, env.parse, env.setTimer);
  const hook = defineHook(env.win, ctx, env.initialFlags, env.announceFlags);
  // Only the bridge reaches this channel (the private node), and it forwards only what
  // passed `isRelayToBridge`; the envelope check and the try are defence in depth, and keep
  // the tap within its size budget (its full guards live in the bridge).
  env.listen((value) => {
    const message = value as BridgeToTap;
    if (message?.src !== PROTOCOL_SOURCE || message.v !== PROTOCOL_VERSION) return;
    try {
      if (message.type === 'bridge/recording') queue.setRecording(message.payload.on === true);
      else if (message.type === 'bridge/flags') hook.setFlags(message.payload.flags, message.payload.rollback === true);
      else if (message.type === 'bridge/faults') {
        const f = message.payload.faults;
        ctx.faults = f.slowMs > 0 || f.dropPct > 0 || f.duplicatePct > 0 ? f : null;
        ctx.hubDown(f.down, f.hub);
      } else if (message.type === 'bridge/watch') {
        const urls = message.payload.urls;
        ctx.watch = urls.length > 0 ? urls : null;
      } else if (message.type === 'bridge/inject') {
        const events = message.payload.events;
        for (let i = 0; i < events.length; i++) inject(ctx, events[i]!);
      }
    } catch {
      queue.drop();
    }
  });
  for (const install of [installEventSourceTap, installFetchTap, installXhrTap, installBeaconTap, installBroadcastTap]) {
    try {
      install(ctx);
    } catch {
      // A tap that cannot install leaves the page's built-in untouched.
      queue.push({ k: 'err', sid: '-', code: 'tap-failed', message: `${install.name} failed`, t: env.now() }, 0);
    }
  }
  return true;
}

/** Delivers one injected event, or reports why not (a reason key of `INJECT_REASONS`, which the relay words). */
function inject(ctx: TapContext, event: TapInjection): void {
  const target = ctx.targets[event.sid];
  let reason: string | null;
  try {
    // No target: a fetch or XHR stream (`f…`, `x…`), a legacy system that is not a tapped emitter, or gone.
    reason = target !== undefined ? target(event) : ({ f: 'bytes', x: 'bytes', l: 'untapped' } as Record<string, string>)[event.sid[0]!] ?? 'gone';
  } catch {
    reason = 'threw';
  }
  if (reason !== null) ctx.queue.push({ k: 'err', sid: event.sid, code: 'inject', message: `${reason} ${event.type}`, t: ctx.now() }, 0);
}
