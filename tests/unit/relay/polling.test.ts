import { describe, expect, it } from 'vitest';
import { createPollingDetector } from '../../../lib/relay/polling';

const get = (url: string, t: number) => ({ url, method: 'get', via: 'fetch' as const, t });

describe('polling detector', () => {
  it('finds a URL requested at a steady period, from the third request, with its period', () => {
    const detector = createPollingDetector();
    expect(detector.hit(get('/api/cards', 0), false).polling).toBe(false);
    expect(detector.hit(get('/api/cards', 1_000), false).polling).toBe(false);
    const third = detector.hit(get('/api/cards', 2_050), false);
    expect(third.polling).toBe(true);
    expect(third.info).toMatchObject({ key: 'GET /api/cards', count: 3, periodMs: 1_050, firstHit: 0, lastHit: 2_050 });
    expect(detector.polls().map((p) => p.key)).toEqual(['GET /api/cards']);
  });

  it('needs more evidence for a POST: five steady intervals', () => {
    const detector = createPollingDetector();
    const post = (t: number) => detector.hit({ ...get('/graphql', t), method: 'POST' }, false).polling;
    expect([0, 3_000, 6_000, 9_000, 12_000].map(post)).toEqual([false, false, false, false, false]);
    expect(post(15_000)).toBe(true);
  });

  it('does not call bursts or irregular requests polling', () => {
    const detector = createPollingDetector();
    for (const t of [0, 10, 20, 30]) detector.hit(get('/burst', t), false);
    for (const t of [0, 1_000, 5_000, 5_500]) detector.hit(get('/irregular', t), false);
    expect(detector.polls()).toEqual([]);
  });

  it('counts requests made while polling is disabled, once the URL is known to be polled', () => {
    const detector = createPollingDetector();
    for (const t of [0, 500, 1_000]) detector.hit(get('/api/sessions', t), false);
    detector.hit(get('/api/sessions', 1_500), true);
    expect(detector.hit(get('/api/sessions', 2_000), true).info.whileDisabled).toBe(2);
    expect(detector.hit({ ...get('/api/sessions', 2_500), method: 'POST' }, true).info.whileDisabled).toBe(0);
  });

  it('tracks a bounded number of URLs, forgetting the least recently requested', () => {
    const detector = createPollingDetector(3);
    for (const t of [0, 100_000, 200_000]) for (const url of ['/a', '/b', '/c', '/d']) detector.hit(get(url, t), false);
    expect(detector.polls()).toEqual([]); // each URL was evicted before its third hit
    const small = createPollingDetector(2);
    for (const t of [0, 1_000, 2_000]) {
      small.hit(get('/a', t), false);
      small.hit(get('/b', t), false);
    }
    small.hit(get('/c', 3_000), false);
    expect(small.polls().map((p) => p.url)).toEqual(['/b']);
  });
});
