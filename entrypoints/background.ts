/**
 * Background service worker: the relay. Context: extension service worker.
 * Touches: runtime ports (bridges and panels), tab removal. Holds per-tab sessions
 * in memory; bridges re-send unacknowledged batches after a restart.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { serveRelay } from '../lib/ext/relay-ports';
import { createRelay } from '../lib/relay/relay';

export default defineBackground(() => {
  serveRelay(createRelay({ now: Date.now }));
});
