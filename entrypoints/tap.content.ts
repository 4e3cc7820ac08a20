/**
 * Page tap. Context: content script, MAIN world, document_start, all frames.
 * Touches: window.EventSource, window.fetch, XMLHttpRequest.prototype.open,
 * Navigator.prototype.sendBeacon, BroadcastChannel.prototype.postMessage, the page hook
 * global; reads one sessionStorage key (the tab's flags as the bridge mirrored them); listens to
 * `pagehide` on `window` (to send what it holds before a navigation). Talks to the
 * bridge content script through DOM events on a node no page script can reach (offered to
 * the bridge by one event on `window`; never `postMessage`, so the page's own `message`
 * listeners see nothing). Imports only lib/protocol and lib/tap.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { BRIDGE_EVENT, CHANNEL_ASK_EVENT, CHANNEL_EVENT, FLAGS_EVENT, FLAGS_STORAGE_KEY, TAP_EVENT } from '../lib/protocol';
import { installTap } from '../lib/tap/install';
import { uncurryGetter } from '../lib/tap/primordials';

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    // Pristine built-ins, captured before any page script can replace them.
    const dispatch = window.dispatchEvent.bind(window);
    const listen = window.addEventListener.bind(window);
    const Custom = window.CustomEvent;
    const detailOf = uncurryGetter<unknown>(Custom.prototype, 'detail')!;
    const parse = JSON.parse;
    const stringify = JSON.stringify;
    const setTimer = window.setTimeout.bind(window);
    const now = Date.now;
    // The private channel: a node no page script can reach, offered to the bridge below (no
    // page script exists yet) and once more if the bridge starts after us and asks.
    const node = document.createElement('i');
    const toBridge = node.dispatchEvent.bind(node);
    let initialFlags: unknown = null;
    try {
      const stored = sessionStorage.getItem(FLAGS_STORAGE_KEY);
      if (stored !== null) initialFlags = parse(stored);
    } catch {
      // No storage here (sandboxed frame) or a damaged entry: flags start off, the bridge corrects them.
    }
    installTap({
      win: window,
      post: (wire) => toBridge(new Custom(TAP_EVENT, { detail: wire })),
      stringify: (value) => stringify(value),
      parse: (text) => parse(text),
      listen: (handler) =>
        node.addEventListener(BRIDGE_EVENT, (event) => {
          const detail = detailOf(event);
          if (typeof detail !== 'string') return;
          try {
            handler(parse(detail));
          } catch {
            // Not JSON: not from our bridge; ignore.
          }
        }),
      setTimer,
      now,
      timeOrigin: performance.timeOrigin,
      // Unique enough per document (52 random bits); only told apart from this tab's other documents.
      docId: Math.random().toString(36).slice(2),
      initialFlags,
      announceFlags: (detail) => dispatch(new Custom(FLAGS_EVENT, { detail })),
      onLeave: (fn) => listen('pagehide', fn),
    });
    // Offered once the tap listens on the node, so what the bridge sends at once (the tab's
    // last known hub faults) is heard.
    let linked = false;
    const offer = () => dispatch(new MouseEvent(CHANNEL_EVENT, { relatedTarget: node }));
    node.addEventListener(CHANNEL_EVENT, () => (linked = true));
    listen(CHANNEL_ASK_EVENT, () => {
      if (linked) return;
      linked = true;
      offer();
    });
    offer();
  },
});
