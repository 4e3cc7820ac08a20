import { describe, expect, it } from 'vitest';
import { computeReadiness, foldCardEvent } from '../../../lib/parity/readiness';
import { DEFAULT_PARITY_SETTINGS } from '../../../lib/parity/pairing';
import { POLL_BODY_TYPE, type CapturedEvent } from '../../../lib/protocol';

let n = 0;
function event(source: string, type: string, data: unknown, t: number): CapturedEvent {
  n += 1;
  return { id: n, key: `${source}#${n}`, streamId: source, seq: n, source, type, data: JSON.stringify(data), lastEventId: '', size: 1, truncated: false, pageTime: t, hubTime: t, flags: 0 };
}
const URL = 'http://app/api/cards';
const poll = (cards: unknown[], t: number, url = URL) => event('legacy:polling', POLL_BODY_TYPE, { url: `${url}?client=a`, body: JSON.stringify(cards) }, t);
const sse = (type: string, eventData: unknown, t: number) => event('eventsource', type, { eventType: type, eventData }, t);

describe('polling-off readiness', () => {
  it('folds by the strategy’s setQueryData rules', () => {
    const start = [{ id: 'c1', title: 'A' }, { id: 'c2', title: 'B' }];
    expect(foldCardEvent(start, 'card.created', { id: 'c3', title: 'C' })).toEqual([...start, { id: 'c3', title: 'C' }]);
    expect(foldCardEvent(start, 'card.updated', { cardId: 'c2', updates: { title: 'B2' } })).toEqual([{ id: 'c1', title: 'A' }, { id: 'c2', title: 'B2' }]);
    expect(foldCardEvent(start, 'card.deleted', { cardId: 'c1' })).toEqual([{ id: 'c2', title: 'B' }]);
    expect(foldCardEvent(start, 'card.viewed', { cardId: 'c1' })).toBe(start);
  });

  it('compares each poll with the previous poll plus the SSE card events between them: agree, differ, missing, extra', () => {
    const ignored = DEFAULT_PARITY_SETTINGS.ignoredFields;
    const events = [
      poll([{ id: 'c1', title: 'A' }, { id: 'c2', title: 'B' }], 1_000),
      sse('card.updated', { cardId: 'c1', updates: { title: 'A2' } }, 1_100),
      poll([{ id: 'c1', title: 'A2' }, { id: 'c2', title: 'B' }], 2_000),
      // SSE says B3, the server has B4; c3 was created without an event; c9 is announced but not there.
      sse('card.updated', { cardId: 'c2', updates: { title: 'B3' } }, 2_100),
      sse('card.created', { id: 'c9', title: 'Z' }, 2_200),
      poll([{ id: 'c1', title: 'A2' }, { id: 'c2', title: 'B4' }, { id: 'c3', title: 'C' }], 3_000),
      // Another collection is folded on its own.
      poll([{ id: 'u1', name: 'Ada' }], 1_500, 'http://app/api/users'),
    ];
    const report = computeReadiness([...events].reverse(), ignored);
    expect(report.polls.map((p) => [p.folded, p.agree, p.differ.map((d) => d.id), p.missing, p.extra])).toEqual([
      [1, 2, [], [], []],
      [2, 1, ['c2'], ['c3'], ['c9']],
    ]);
    expect(report.polls[1]!.differ[0]!.diff).toEqual([{ path: 'title', legacy: 'B3', sse: 'B4' }]);
    expect(report.rate).toBe(3 / 6);
    expect(report.cleanPolls).toBe(1);
  });

  it('skips bodies that are not a JSON list of items with ids, and says nothing before two polls', () => {
    expect(computeReadiness([poll([{ id: 'c1' }], 1_000)], []).rate).toBeNull();
    const notAList = event('legacy:polling', POLL_BODY_TYPE, { url: URL, body: '{"cards":[]}' }, 1_000);
    expect(computeReadiness([notAList, poll([{ id: 'c1' }], 2_000)], []).polls).toEqual([]);
  });
});
