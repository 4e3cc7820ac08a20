import { describe, expect, it } from 'vitest';
import { streamInsight } from '../../../lib/sse/anomalies';
import type { CapturedEvent } from '../../../lib/protocol';

let n = 0;
const ev = (pageTime: number, lastEventId: string, data = '{}', extra: Partial<CapturedEvent> = {}): CapturedEvent => {
  n += 1;
  return { id: n, key: `s#${n}`, streamId: 's', seq: n, source: 'eventsource', type: 'message', data, lastEventId, size: data.length, truncated: false, pageTime, hubTime: 0, flags: 0, ...extra };
};

describe('stream anomalies and gaps', () => {
  it('names empty data, bad JSON, repeated and decreasing ids, oversized events and stalls, each on its event', () => {
    n = 0;
    const events = [
      ev(0, '1'),
      ev(5, '2', ''),
      ev(50, '3', '{"oops'),
      ev(60, '2'),
      ev(600, '5'),
      ev(650, '4', 'x'.repeat(70_000)),
      ev(3_650, '6', 'plain text is fine'),
      ev(3_651, '6'), // no id field: EventSource keeps the last one
    ];
    const { anomalies, gaps } = streamInsight(events);
    expect(anomalies.map((a) => [a.kind, a.key])).toEqual([
      ['empty-data', 's#2'],
      ['bad-json', 's#3'],
      ['duplicate-id', 's#4'],
      ['id-goes-back', 's#6'],
      ['oversized', 's#6'],
      ['stall', 's#7'],
    ]);
    expect(anomalies[2]!.message).toBe('#4 (message) repeats id 2 (first on #2 (message)).');
    // Waits 5, 45, 10, 540, 50, 3,000 and 1 ms.
    expect(gaps.map((g) => g.count)).toEqual([2, 3, 1, 0, 1, 0, 0]);
    expect(gaps[4]).toMatchObject({ keys: ['s#7'], stall: true });
    expect(gaps.reduce((sum, g) => sum + g.count, 0)).toBe(events.length - 1);
  });

  it('has nothing to say of a clean stream', () => {
    const events = [ev(0, '1'), ev(100, '2'), ev(200, '3')];
    expect(streamInsight(events).anomalies).toEqual([]);
  });
});
