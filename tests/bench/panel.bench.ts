/**
 * `npm run bench:panel`: the panel under a sustained stream, in real Chromium. The hub
 * app pushes events at a fixed rate into a tab whose panel is open (as a tab, in front);
 * the benchmark reads the panel page itself: events shown against events the page got
 * (is a backlog building?), long tasks (PerformanceObserver), frame times
 * (requestAnimationFrame deltas) and JS heap (CDP). It also measures the page's own
 * event-handling time with and without the extension. Prints figures; asserts nothing.
 *
 *   --rate N      events per second (default 2000)
 *   --seconds N   duration (default 60)
 */
import type { Page } from 'playwright-core';
// @ts-expect-error plain-JS fixture without type declarations
import { startHubApp } from '../fixtures/hub-app/server.mjs';
import { launch } from '../e2e/support/browser';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const RATE = arg('rate', 2000);
const SECONDS = arg('seconds', 60);
const TOTAL = RATE * SECONDS;
const app = (await startHubApp({ port: 0 })) as { url: string; close: () => Promise<void> };
const floodUrl = `${app.url}/flood.html?n=${TOTAL}&transport=es&rate=${RATE}`;

interface PageStats {
  received: number;
  handlerMs: number;
  done: boolean;
}
const pageStats = (page: Page) => page.evaluate(() => {
  const f = (window as unknown as { __flood: PageStats }).__flood;
  return { received: f.received, handlerMs: f.handlerMs, done: f.done };
});

/** Starts long-task and frame-time recording inside the panel page. */
async function instrumentPanel(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const w = window as unknown as { __perf: { longTasks: number[]; frames: number[] } };
    w.__perf = { longTasks: [], frames: [] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__perf.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const frame = (now: number) => {
      w.__perf.frames.push(now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};

async function withExtension(): Promise<number> {
  const harness = await launch();
  try {
    const { page, tabId } = await harness.newTab();
    const panel = await harness.openPanel(tabId);
    const cdp = await harness.context.newCDPSession(panel.page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    await cdp.send('HeapProfiler.enable');
    const heapBefore = await heap();
    await instrumentPanel(panel.page);
    await page.goto(floodUrl);
    await panel.page.bringToFront();
    console.log(`\n## Panel under ${RATE.toLocaleString('en-US')} events/s for ${SECONDS} s (panel in front)`);
    console.log('t (s) | page received | panel shows | backlog');
    const started = Date.now();
    let stats = await pageStats(page);
    const backlogs: number[] = [];
    while (!stats.done && Date.now() - started < (SECONDS + 60) * 1000) {
      await page.waitForTimeout(10_000);
      stats = await pageStats(page);
      const shown = await panel.eventCount();
      // Past its cap the panel holds 99,000–100,000 (it trims 1 % at a time): no backlog to read then.
      const atCap = stats.received >= 100_000;
      const backlog = atCap ? null : stats.received - shown;
      if (backlog !== null) backlogs.push(backlog);
      console.log(`${Math.round((Date.now() - started) / 1000)} | ${stats.received} | ${shown} | ${backlog ?? 'at the cap'}`);
    }
    await page.waitForTimeout(2_000);
    const shown = await panel.eventCount();
    const perf = await panel.page.evaluate(() => (window as unknown as { __perf: { longTasks: number[]; frames: number[] } }).__perf);
    const heapAfter = await heap();
    const retained = shown;
    const domRows = await panel.page.evaluate(() => document.querySelectorAll('[data-testid="event-row"]').length);
    const avgPayloadBytes = 175; // the flood's events: ~175-character one-byte JSON strings (see the hub app)
    console.log(`panel shows ${shown} events at the end (page received ${stats.received}; the panel keeps at most 100,000)`);
    console.log(`backlog samples: ${backlogs.join(', ')} (a growing backlog would mean the panel falls behind)`);
    console.log(`long tasks over 50 ms: ${perf.longTasks.length}; longest ${Math.round(Math.max(0, ...perf.longTasks))} ms; over 100 ms: ${perf.longTasks.filter((d) => d > 100).length}`);
    console.log(`frame time p50 ${pct(perf.frames, 0.5).toFixed(1)} ms, p95 ${pct(perf.frames, 0.95).toFixed(1)} ms over ${perf.frames.length} frames (${domRows} rows in the DOM)`);
    const perEvent = (heapAfter - heapBefore) / Math.max(1, retained);
    console.log(`panel heap ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB for ${retained} events: ${Math.round(perEvent)} bytes/event, ${Math.round(perEvent - avgPayloadBytes)} beyond the ~${avgPayloadBytes}-byte payload`);
    return stats.handlerMs;
  } finally {
    await harness.close();
  }
}

async function withoutExtension(): Promise<number> {
  const harness = await launch({ extension: false });
  try {
    const page = await harness.context.newPage();
    await page.goto(floodUrl);
    await page.waitForFunction(() => (window as unknown as { __flood: PageStats }).__flood.done, undefined, { timeout: (SECONDS + 60) * 1000 });
    return (await pageStats(page)).handlerMs;
  } finally {
    await harness.close();
  }
}

try {
  const tapped = await withExtension();
  const bare = await withoutExtension();
  console.log(`\npage's own event handling: ${Math.round(bare)} ms without the extension, ${Math.round(tapped)} ms with it (${(tapped / bare).toFixed(2)}×)`);
} finally {
  await app.close();
}
