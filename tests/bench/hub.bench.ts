/**
 * `npm run bench`: the hub engine against the seed's reference implementations and
 * plain baselines, measured in this same process. Prints figures and ratios; asserts
 * nothing about time. Pass `--quick` to skip the seed's 1,000,000-event queue drain
 * (minutes long: that is the point of the figure).
 */
import LZString from 'lz-string';
import { utf8Length } from '../../lib/engine/codec';
import { createDeduplicator } from '../../lib/engine/dedup';
import { createHubEngine } from '../../lib/engine/engine';
import { createPriorityQueue } from '../../lib/engine/priority-queue';
import { DEFAULT_HUB_SETTINGS } from '../../lib/engine/settings';
import { EventDeduplicator, PriorityEventQueue } from './seed-reference';

const quick = process.argv.includes('--quick');
const gc = (globalThis as { gc?: () => void }).gc;

/** Best of `runs` timings (the first runs include JIT warm-up). */
function time(fn: () => void, runs = 1): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function heapAfter(fn: () => unknown): number {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = fn();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  // Keep the structure alive until measured.
  if (keep === Symbol.for('never')) console.log(keep);
  return after - before;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

function section(title: string): void {
  console.log(`\n## ${title}`);
}

// 1. Priority queue drain ----------------------------------------------------------
section('Priority queue: enqueue N (4 levels), then drain');
for (const n of quick ? [100_000] : [100_000, 1_000_000]) {
  const ours = time(() => {
    const q = createPriorityQueue<number>();
    for (let i = 0; i < n; i++) q.enqueue(i, i % 4);
    while (q.dequeue());
  }, 3);
  const seed = time(() => {
    const q = new PriorityEventQueue<number>();
    for (let i = 0; i < n; i++) q.enqueue(i, i % 4);
    while (q.dequeue() !== null);
  });
  console.log(`N=${fmt(n)}: ours ${fmt(ours)} ms, seed ${fmt(seed)} ms → ours is ${fmt(seed / ours)}× faster`);
}
if (quick) console.log('(1,000,000 skipped with --quick)');

// 2. Dedup memory -------------------------------------------------------------------
section('Deduplicator heap after 1,000,000 distinct keys');
if (!gc) console.log('(run through `npm run bench` for --expose-gc; heap figures need it)');
const KEYS = 1_000_000;
const RATE_PER_MS = 10; // 10,000 events/s: 1,000 keys inside a 100 ms window
const seedHeap = heapAfter(() => {
  const d = new EventDeduplicator();
  for (let i = 0; i < KEYS; i++) d.isDuplicate({ eventType: 'card.updated', eventData: { cardId: `c${i}` }, userId: 'u1' });
  return d;
});
let held = 0;
const oursHeap = heapAfter(() => {
  const d = createDeduplicator<number>({ windowMs: 100 });
  for (let i = 0; i < KEYS; i++) d.check(`card.updated:c${i}:u1`, i / RATE_PER_MS, i);
  held = d.size;
  return d;
});
console.log(`seed: ${mb(seedHeap)} (one entry per key, forever)`);
console.log(`ours: ${mb(oursHeap)} holding ${fmt(held)} keys (the window's worth at ${fmt(RATE_PER_MS * 1000)} events/s) → ${fmt(seedHeap / Math.max(oursHeap, 1))}× less`);

// 3. Whole-engine throughput --------------------------------------------------------
section('Whole engine (dedup → batch → priority → delivery), ~200-byte events, no compression');
const TYPES = ['card.updated', 'card.created', 'session.activity', 'ui.buttonClick', 'ui.themeChanged', 'session.started'];
const events = Array.from({ length: 500_000 }, (_, i) => {
  const eventType = TYPES[i % TYPES.length]!;
  const data = JSON.stringify({
    eventType,
    eventData: { cardId: `c${i % 997}`, conversationId: 'conv-1', updates: { title: `Card ${i % 997}` } },
    sessionId: 's-1',
    userId: `u${i % 7}`,
    timestamp: 1755680400000 + i,
  });
  return { key: `0:d:e1#${i}`, type: eventType, data, time: 1755680400000 + i / 20 };
});
const avgBytes = events.reduce((sum, e) => sum + e.data.length, 0) / events.length;
const parseOnly = time(() => {
  for (const e of events) JSON.parse(e.data);
}, 3);
let delivered = 0;
const engineMs = time(() => {
  delivered = 0;
  const engine = createHubEngine(DEFAULT_HUB_SETTINGS);
  for (const e of events) delivered += engine.push(e).length;
  delivered += engine.finish(events.at(-1)!.time + 1000).length;
}, 3);
const perSecond = (ms: number) => fmt(events.length / (ms / 1000));
console.log(`${fmt(events.length)} events of ${fmt(avgBytes)} bytes at 20 events/ms of event time (best of 3 runs)`);
console.log(`engine: ${fmt(engineMs)} ms → ${perSecond(engineMs)} events/s (${fmt(delivered)} decisions)`);
// The engine reads its key fields with lib/engine/json-fields.ts instead of JSON.parse; a bare
// parse of the same events says how fast this machine is.
console.log(`baseline, JSON.parse alone of the same events: ${fmt(parseOnly)} ms → ${perSecond(parseOnly)} events/s; the whole engine takes ${fmt(engineMs / parseOnly)}× a bare parse`);

// 4. lz-string on the message path ---------------------------------------------------
section('lz-string on 1–64 KB JSON payloads: bytes on the message path (UTF-8 JSON) and speed');
const messageBytes = (s: string) => utf8Length(JSON.stringify(s));
console.log('size | plain bytes | compress | compressToUTF16 | compressToBase64 | compressToEncodedURIComponent (ours) | ours MB/s | JSON.stringify MB/s');
for (const kb of [1, 2, 4, 8, 16, 32, 64]) {
  const items: unknown[] = [];
  let payload = '';
  for (let i = 0; payload.length < kb * 1024; i++) {
    items.push({ cardId: `c${i}`, title: `Card ${i}`, owner: `user-${i % 13}`, tags: ['sse', i % 2 ? 'hub' : 'legacy'], score: (i * 7919) % 1000 });
    payload = JSON.stringify({ eventType: 'card.updated', eventData: { items } });
  }
  const reps = Math.max(5, Math.floor(2000 / kb));
  let ours = '';
  const oursMs = time(() => {
    for (let r = 0; r < reps; r++) ours = LZString.compressToEncodedURIComponent(payload);
  });
  const stringifyMs = time(() => {
    for (let r = 0; r < reps; r++) JSON.stringify(payload);
  });
  const rate = (ms: number) => fmt((payload.length * reps) / 1024 / 1024 / (ms / 1000));
  console.log(
    [
      `${kb} KB`,
      messageBytes(payload),
      messageBytes(LZString.compress(payload)),
      messageBytes(LZString.compressToUTF16(payload)),
      messageBytes(LZString.compressToBase64(payload)),
      `${messageBytes(ours)} (${fmt((messageBytes(ours) / messageBytes(payload)) * 100)} %)`,
      rate(oursMs),
      rate(stringifyMs),
    ].join(' | '),
  );
}
