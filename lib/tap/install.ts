/**
 * Installs the page tap once per window: the queue, the EventSource and fetch taps,
 * and the page hook. Runs in the page's MAIN world before any page script.
 */
import { envelope, isBridgeToTap, type TapRecord, type TapToBridge, type TapWire } from '../protocol';
import { createTapContext, type TapWindow } from './context';
import { installEventSourceTap } from './event-source';
import { installFetchTap } from './fetch';
import { createTapQueue } from './queue';

/** Name of the page hook global; its presence also marks the tap as installed. */
export const HOOK_NAME = '__SSE_HUB_DEVTOOLS_HOOK__';

/** What {@link installTap} needs from its surroundings. */
export interface TapEnvironment {
  win: TapWindow & object;
  /** Delivers a serialised batch to the bridge. */
  post: (wire: TapWire) => void;
  /** The page's pristine `JSON.stringify`, captured before page scripts run. */
  stringify: (value: TapToBridge) => string;
  /** Registers the handler for messages from the bridge (already-parsed values). */
  listen: (handler: (message: unknown) => void) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  now: () => number;
  timeOrigin: number;
  /** A random id for this document, so streams of successive documents never collide. */
  docId: string;
}

/** Installs the tap unless it already is; returns false when it was there already. */
export function installTap(env: TapEnvironment): boolean {
  if (Object.prototype.hasOwnProperty.call(env.win, HOOK_NAME)) return false;
  Object.defineProperty(env.win, HOOK_NAME, {
    value: Object.freeze({ version: 1 }),
    enumerable: false,
    configurable: false,
    writable: false,
  });
  const queue = createTapQueue({
    setTimer: env.setTimer,
    post: (records: TapRecord[], dropped: number) =>
      env.post({ count: records.length, json: env.stringify(envelope('tap/batch', { docId: env.docId, records, dropped })) }),
  });
  env.listen((message) => {
    if (isBridgeToTap(message)) queue.setRecording(message.payload.on);
  });
  const ctx = createTapContext(env.win, queue, env.now, env.timeOrigin);
  for (const install of [installEventSourceTap, installFetchTap]) {
    try {
      install(ctx);
    } catch {
      // A tap that cannot install leaves the page's built-in untouched.
      queue.push({ k: 'err', sid: '-', code: 'tap-failed', message: `${install.name} failed`, t: env.now() }, 0);
    }
  }
  return true;
}
