/**
 * Installs the page tap once per window: the queue, the EventSource, fetch and legacy
 * taps, and the page hook. Runs in the page's MAIN world before any page script.
 */
import { envelope, isBridgeToTap, type Flags, type TapInjection, type TapRecord, type TapToBridge, type TapWire } from '../protocol';
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
  const ctx = createTapContext(env.win, queue, env.now, env.timeOrigin, env.stringify, env.parse, env.setTimer);
  const hook = defineHook(env.win, ctx, env.initialFlags, env.announceFlags);
  env.listen((message) => {
    if (!isBridgeToTap(message)) return;
    if (message.type === 'bridge/recording') queue.setRecording(message.payload.on);
    else if (message.type === 'bridge/flags') hook.setFlags(message.payload.flags, message.payload.rollback);
    else if (message.type === 'bridge/faults') {
      const f = message.payload.faults;
      ctx.faults = f.slowMs > 0 || f.dropPct > 0 || f.duplicatePct > 0 ? f : null;
    } else {
      const events = message.payload.events;
      for (let i = 0; i < events.length; i++) inject(ctx, events[i]!);
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

/** Delivers one injected event, or reports (as a counted error) why it cannot be. */
function inject(ctx: TapContext, event: TapInjection): void {
  const target = ctx.targets[event.sid];
  let reason: string | null;
  try {
    reason =
      target !== undefined
        ? target(event)
        : event.sid[0] === 'f' || event.sid[0] === 'x'
          ? 'fetch and XHR streams cannot be driven: the page reads their bytes itself'
          : event.sid[0] === 'l'
            ? 'this legacy system is not a tapped emitter (it reports through emit(), a beacon or a BroadcastChannel); tap its emitter with tapEmitter() to inject'
            : 'the stream is gone (closed, or its page navigated)';
  } catch {
    reason = 'the page threw an exception while handling it';
  }
  if (reason !== null) ctx.queue.push({ k: 'err', sid: event.sid, code: 'inject', message: `Could not inject ${event.type} into ${event.sid}: ${reason}.`, t: ctx.now() }, 0);
}
