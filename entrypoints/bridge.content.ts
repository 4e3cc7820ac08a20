/**
 * Bridge. Context: content script, ISOLATED world, document_start, all frames.
 * Touches: DOM events on `window` (from and to the tap), one runtime port to the
 * background. Validates everything from the page; the page can reach nothing else.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createBridge } from '../lib/bridge/create-bridge';
import { connectToHub } from '../lib/ext/runtime';
import { BRIDGE_EVENT, TAP_EVENT } from '../lib/protocol';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  main() {
    const bytes = crypto.getRandomValues(new Uint32Array(2));
    const bridge = createBridge({
      connect: () => connectToHub({ role: 'bridge' }),
      toTap: (message) =>
        window.dispatchEvent(new CustomEvent(BRIDGE_EVENT, { detail: JSON.stringify(message) })),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      docId: `${bytes[0]!.toString(36)}${bytes[1]!.toString(36)}`,
      url: location.href,
    });
    window.addEventListener(TAP_EVENT, (event) => {
      // Events dispatched on this window only; a frame cannot dispatch on another's window.
      if (event.target !== window) return;
      bridge.fromTap((event as CustomEvent<unknown>).detail);
    });
  },
});
