/**
 * What-if: runs the hub engine with other settings over the events the panel
 * already holds, so a developer sees what a change would do before applying it.
 */
import { createHubEngine } from '../engine/engine';
import type { CapturedEvent, HubSettings, HubStats } from '../protocol';

/** Replays `events` (in arrival order) through a fresh engine with `settings`. */
export function simulateHub(events: readonly CapturedEvent[], settings: HubSettings): HubStats {
  const engine = createHubEngine(settings);
  let last = 0;
  for (const event of events) {
    engine.push({ key: event.key, type: event.type, data: event.data, time: event.pageTime, truncated: event.truncated });
    last = Math.max(last, event.pageTime);
  }
  engine.finish(last + settings.batchWindowMs);
  return engine.stats();
}
