/** Installs the tap on a fake window and collects what it posts, with a hand-driven timer. */
import { parseTapWire, type Flags, type TapRecord, type TapToBridge } from '../../../lib/protocol';
import { installTap } from '../../../lib/tap/install';
import { createFakeWindow } from './fake-window';

/**
 * Installs a tap on a fresh fake window. Unless `answered` is false, the bridge has
 * already said that the tab is recorded (as it does right after connecting).
 */
export function tapOnFakeWindow(fetchImpl?: typeof fetch, answered = true, initialFlags: unknown = null) {
  const win = createFakeWindow(fetchImpl);
  const posted: TapToBridge[] = [];
  const timers: (() => void)[] = [];
  const announced: { flags: Readonly<Flags>; rollback: boolean }[] = [];
  let fromBridge: (message: unknown) => void = () => undefined;
  let leave: () => void = () => undefined;
  installTap({
    win,
    // As the hub will: parse and check what the tap serialised.
    post: (wire) => posted.push(parseTapWire(wire.json)!),
    stringify: JSON.stringify,
    parse: JSON.parse,
    listen: (handler) => (fromBridge = handler),
    setTimer: (fn) => timers.push(fn),
    now: () => 1_000,
    timeOrigin: 0,
    docId: 'doc1',
    initialFlags,
    announceFlags: (detail) => announced.push(detail),
    onLeave: (fn) => (leave = fn),
  });
  if (answered) fromBridge({ v: 1, src: 'sse-hub-devtools', type: 'bridge/recording', payload: { on: true } });
  return {
    win,
    posted,
    /** `sse-hub:flags` events the tap fired. */
    announced,
    /** Runs pending flush timers and returns every record posted so far. */
    flush(): TapRecord[] {
      while (timers.length) timers.shift()!();
      return posted.flatMap((m) => m.payload.records);
    },
    sendFromBridge: (message: unknown) => fromBridge(message),
    /** The document is being hidden (`pagehide`). */
    leave: () => leave(),
  };
}
