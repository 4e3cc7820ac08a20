/**
 * What-if: runs the hub engine with other settings over the events the panel
 * already holds, so a developer sees what a change would do before applying it.
 */
import type { CapturedEvent, HubSettings, HubStats } from '../protocol';
import { replayEngine } from '../trace/replay';

/** Replays `events` (in arrival order) through a fresh engine with `settings`. */
export function simulateHub(events: readonly CapturedEvent[], settings: HubSettings): HubStats {
  return replayEngine(events, settings).stats;
}
