/**
 * A stream's events as a `text/event-stream` file a mock server can serve (the bundled
 * hub app does, with `/api/sse/events?fixture=<file>`): one frame per event, in order,
 * rebuilt from what the page received (id, event name, data lines).
 */
import type { CapturedEvent } from '../protocol';
import { toSseFrame } from './frame';

/** The events of `streamId` among `events` (arrival order) as SSE frames. */
export function streamFixture(events: readonly CapturedEvent[], streamId: string): string {
  let text = '';
  for (const event of events) if (event.streamId === streamId) text += toSseFrame({ type: event.type, data: event.data, id: event.lastEventId });
  return text;
}
