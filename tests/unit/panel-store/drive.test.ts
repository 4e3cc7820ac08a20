import { describe, expect, it } from 'vitest';
import { checkEventData, createReplayRunner, defaultMapping, draftFrom, driveTargets, planReplay, sendRequests, type ReplayProgress } from '../../../lib/panel-store/drive';
import type { CapturedEvent, InjectRequest, StreamInfo } from '../../../lib/protocol';

function stream(id: string, url: string, transport: StreamInfo['transport'] = 'eventsource', state: StreamInfo['state'] = 'open'): StreamInfo {
  return { id, frameId: 0, url, transport, withCredentials: false, state, openedAt: 0, events: 0, reconnects: 0, lastEventId: '', gaps: 0, firstEventAt: null, lastEventAt: null, longestGapMs: 0, reconnectIds: [], marks: [] };
}
let n = 0;
function event(streamId: string, type: string, pageTime: number, extra: Partial<CapturedEvent> = {}): CapturedEvent {
  n += 1;
  return { id: n, key: `${streamId}#${n}`, streamId, seq: n, source: 'eventsource', type, data: `{"n":${n}}`, lastEventId: String(n), size: 7, truncated: false, pageTime, hubTime: pageTime, flags: 0, ...extra };
}

const HUB = 'http://app/api/sse/events?categories=card';
const streams = [
  stream('0:d1:e1', HUB),
  stream('0:d1:e2', HUB),
  stream('0:d1:e3', 'http://app/old', 'eventsource', 'closed'),
  stream('0:d1:f1', 'http://app/llm', 'fetch'),
  stream('0:d1:legacy:session-provider', 'legacy:session-provider', 'legacy'),
  stream('0:d1:legacy:beacon:/api/analytics', 'legacy:beacon:/api/analytics', 'legacy'),
  stream('0:d1:legacy:polling', 'legacy:polling', 'legacy'),
];

describe('drive targets and the send dialog', () => {
  it('offers live EventSources, every stream of a shared URL and tapped legacy systems; fetch streams are listed as not drivable', () => {
    const targets = driveTargets(streams);
    expect(targets.map((t) => [t.id, t.streamIds, t.disabled !== null])).toEqual([
      ['stream:0:d1:e1', ['0:d1:e1'], false],
      ['stream:0:d1:e2', ['0:d1:e2'], false],
      ['stream:0:d1:f1', [], true],
      ['legacy:0:d1:legacy:session-provider', ['0:d1:legacy:session-provider'], false],
      [`url:${HUB}`, ['0:d1:e1', '0:d1:e2'], false],
    ]);
  });

  it('validates JSON-looking data and builds one request per target stream', () => {
    expect(checkEventData('plain text')).toEqual({ ok: true, json: false });
    expect(checkEventData(' {"a":1}')).toEqual({ ok: true, json: true });
    expect(checkEventData('{"a":')).toMatchObject({ ok: false });
    const targets = driveTargets(streams);
    expect(sendRequests({ target: `url:${HUB}`, type: 'card.deleted', data: '{"cardId":"c1"}', lastEventId: '9' }, targets)).toEqual([
      { streamId: '0:d1:e1', type: 'card.deleted', data: '{"cardId":"c1"}', lastEventId: '9', mark: 'injected' },
      { streamId: '0:d1:e2', type: 'card.deleted', data: '{"cardId":"c1"}', lastEventId: '9', mark: 'injected' },
    ]);
    expect(sendRequests({ target: 'stream:0:d1:e1', type: 'x', data: '{bad', lastEventId: '' }, targets)).toMatch(/Not valid JSON/);
    expect(sendRequests({ target: 'stream:0:d1:f1', type: 'x', data: '', lastEventId: '' }, targets)).toMatch(/cannot be driven/);
    expect(sendRequests({ target: 'stream:0:d1:e1', type: 'a\nb', data: '', lastEventId: '' }, targets)).toMatch(/one line/);
    expect(sendRequests({ target: 'nowhere', type: 'x', data: '', lastEventId: '' }, targets)).toMatch(/Pick where/);
    const row = event('0:d1:e2', 'card.updated', 5);
    expect(draftFrom(row, targets)).toEqual({ target: 'stream:0:d1:e2', type: 'card.updated', data: row.data, lastEventId: row.lastEventId });
    expect(draftFrom(event('0:d1:e3', 'x', 5), targets).target).toBe('stream:0:d1:e1');
  });
});

describe('replay', () => {
  const targets = driveTargets(streams);
  it('maps source streams to the same stream, else the same URL, else the same path, else skips', () => {
    const sources = [stream('0:d1:e2', HUB), stream('0:old:e7', HUB), stream('0:old:e8', 'https://prod.example/api/sse/events?categories=card'), stream('0:old:e9', 'http://x/elsewhere')];
    expect(defaultMapping(sources, targets)).toEqual({ '0:d1:e2': 'stream:0:d1:e2', '0:old:e7': 'stream:0:d1:e1', '0:old:e8': 'stream:0:d1:e1', '0:old:e9': '' });
  });

  it('plans the captured view in arrival order, and the delivered view without duplicates and coalesced events, in delivery order', () => {
    const a = event('0:d1:e1', 'card.updated', 1_000, { hub: { key: 'a', eventType: 'card.updated', priority: 'CRITICAL', delivered: 2, waitMs: 50 } });
    const dup = event('0:d1:e1', 'card.updated', 1_010, { hub: { key: 'b', eventType: 'card.updated', priority: 'CRITICAL', duplicateOf: 'a' } });
    const low = event('0:d1:e1', 'ui.buttonClick', 1_005, { hub: { key: 'c', eventType: 'ui.buttonClick', priority: 'LOW', delivered: 3, waitMs: 46 } });
    const crit = event('0:d1:e1', 'session.started', 1_020, { hub: { key: 'd', eventType: 'session.started', priority: 'CRITICAL', delivered: 1, waitMs: 30 } });
    const poll = event('0:d1:legacy:polling', 'poll', 1_030, { source: 'legacy:polling' });
    const mapping = { '0:d1:e1': 'stream:0:d1:e1', '0:d1:legacy:polling': 'stream:0:d1:e1' };
    const captured = planReplay([a, low, dup, crit, poll], mapping, targets, 'captured');
    expect(captured.map((i) => [i.key, i.at, i.request.mark])).toEqual([[a.key, 0, 'replayed'], [low.key, 5, 'replayed'], [dup.key, 10, 'replayed'], [crit.key, 20, 'replayed']]);
    const delivered = planReplay([a, low, dup, crit, poll], mapping, targets, 'delivered');
    // Delivery order: crit (#1, at 1050), a (#2, at 1050), low (#3, at 1051).
    expect(delivered.map((i) => [i.key, i.at])).toEqual([[crit.key, 0], [a.key, 0], [low.key, 1]]);
    expect(planReplay([a], { '0:d1:e1': `url:${HUB}` }, targets, 'captured').map((i) => i.request.streamId)).toEqual(['0:d1:e1', '0:d1:e2']);
  });

  it('paces at 1× and 10×, sends everything in order at max, and pauses, steps and stops', () => {
    const items = [0, 100, 100, 400].map((at, i) => ({ at, key: `k${i}`, request: { streamId: 's', type: 't', data: String(i), lastEventId: '', mark: 'replayed' as const } }));
    const run = (speed: 1 | 10 | 'max') => {
      const timers: { fn: () => void; ms: number }[] = [];
      const sent: InjectRequest[][] = [];
      const progress: ReplayProgress[] = [];
      const runner = createReplayRunner({ items, speed, send: (r) => sent.push(r), setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => timers.splice(0), onProgress: (p) => progress.push(p) });
      const tick = () => {
        const t = timers.shift()!;
        t.fn();
        return t.ms;
      };
      return { runner, timers, sent, progress, tick };
    };
    const one = run(1);
    one.runner.play();
    expect([one.tick(), one.tick(), one.tick()]).toEqual([0, 100, 300]);
    expect(one.sent.map((b) => b.map((r) => r.data))).toEqual([['0'], ['1', '2'], ['3']]);
    expect(one.runner.progress()).toEqual({ sent: 4, total: 4, status: 'done' });
    const ten = run(10);
    ten.runner.play();
    expect([ten.tick(), ten.tick(), ten.tick()]).toEqual([0, 10, 30]);
    const max = run('max');
    max.runner.play();
    max.tick();
    expect(max.sent).toEqual([items.map((i) => i.request)]);
    const manual = run(1);
    manual.runner.step();
    manual.runner.step();
    expect(manual.runner.progress()).toEqual({ sent: 3, total: 4, status: 'paused' });
    manual.runner.play();
    manual.runner.pause();
    expect(manual.timers).toHaveLength(0);
    manual.runner.stop();
    manual.runner.play();
    expect(manual.sent).toHaveLength(2);
    expect(manual.runner.progress().status).toBe('stopped');
  });
});
