/**
 * `npm run bench:parity`: recomputing legacy ↔ SSE parity over 100,000 retained events
 * (half legacy, half SSE, board-shaped), as the Migration view does once a second:
 * the first run (payloads parsed) and a recompute (payloads known), against a same-run
 * baseline of JSON.parse over the same events. Target: a recompute under 200 ms.
 * Prints figures; asserts nothing about time.
 */
import { computeParity, DEFAULT_PARITY_SETTINGS } from '../../lib/parity/pairing';
import type { CapturedEvent } from '../../lib/protocol';

const N = 100_000;
const events: CapturedEvent[] = [];
for (let i = 0; i < N / 2; i++) {
  const t = 1_700_000_000_000 + i * 20;
  const cardId = `c${i % 40}`;
  const data = JSON.stringify({ cardId, conversationId: 'conv-1', title: `Card ${cardId} v${i}` });
  events.push({ id: 2 * i + 1, key: `legacy#${i}`, streamId: 'legacy:conversation-bridge', seq: i, source: 'legacy:conversation-bridge', type: 'card.updated', data, lastEventId: '', size: data.length, truncated: false, pageTime: t, hubTime: t, flags: 0 });
  const sse = JSON.stringify({ eventType: 'card.updated', eventData: { cardId, conversationId: 'conv-1', title: `Card ${cardId} v${i}` }, userId: 'u-1', timestamp: t + 30 });
  events.push({ id: 2 * i + 2, key: `e1#${i}`, streamId: 'e1', seq: i, source: 'eventsource', type: 'card.updated', data: sse, lastEventId: String(i), size: sse.length, truncated: false, pageTime: t + 30, hubTime: t + 31, flags: 0 });
}
const time = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const baseline = time(() => events.forEach((e) => JSON.parse(e.data)));
const first = time(() => computeParity(events, DEFAULT_PARITY_SETTINGS));
const again = Math.min(...[0, 1, 2].map(() => time(() => computeParity(events, DEFAULT_PARITY_SETTINGS))));
const report = computeParity(events, DEFAULT_PARITY_SETTINGS);
console.log(`\n## parity over ${N.toLocaleString('en')} events (target: recompute under 200 ms)`);
console.log(`baseline JSON.parse of every event   ${baseline.toFixed(0)} ms`);
console.log(`first run (payloads parsed)          ${first.toFixed(0)} ms (${(first / baseline).toFixed(1)}×)`);
console.log(`recompute (best of 3)                ${again.toFixed(0)} ms (${(again / baseline).toFixed(1)}×)`);
console.log(`pairs: ${report.total.matched} matched, ${report.total.missing} missing, ${report.total.extra} extra`);
