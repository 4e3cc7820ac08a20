/**
 * `npm run bench:page`: what the extension costs the page, measured in real Chromium
 * against the bundled hub app, as ratios against the same page without the extension
 * in the same run (DESIGN.md, "Performance targets", in the shared folder `../shared/`).
 * Asserts nothing about time.
 *
 * Configurations: no extension; extension with no panel on the tab; a site kept
 * recording with no panel open (opt-in); extension with the panel open on the tab (as a tab). Figures: page main-thread busy time (CDP
 * `Performance.getMetrics` TaskDuration, wall clock, beside its CPU time, ThreadTime: on a busy
 * machine the first includes waiting for a core) over a 20,000-event EventSource flood and a
 * fetch-stream flood; whole-browser CPU (all Chromium processes, from /proc); events the
 * panel shows; p99 latency the page sees at 200 events/s. With the panel open, also what the
 * extension itself spends: the panel page's task time (CDP, on the panel page) and the CPU of
 * the extension's process (the panel page and the service worker share it; from /proc), each
 * as a ratio to the page's own main-thread time without the extension.
 *
 *   npm run bench:page -- [es] [fetch] [latency] [--runs N] [--configs none,panel]
 *   (default: all three sections, 3 runs, every configuration; `none` is the baseline and always needed)
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
// @ts-expect-error plain-JS fixture without type declarations
import { startHubApp } from '../fixtures/hub-app/server.mjs';
import { launch, type Harness } from '../e2e/support/browser';

const FLOOD = 20_000;
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
const SECTIONS = ['es', 'fetch', 'latency'].filter((name) => process.argv.includes(name));
const section = (name: string) => SECTIONS.length === 0 || SECTIONS.includes(name);
const app = (await startHubApp({ port: 0 })) as { url: string; close: () => Promise<void> };

type Config = 'none' | 'idle' | 'kept' | 'panel';
const configsAt = process.argv.indexOf('--configs');
const CONFIGS: Config[] = configsAt >= 0 ? (process.argv[configsAt + 1]!.split(',') as Config[]) : ['none', 'idle', 'kept', 'panel'];
const LABEL: Record<Config, string> = { none: 'no extension', idle: 'extension, no panel', kept: 'site kept, no panel', panel: 'extension, panel open' };
for (const config of CONFIGS) if (!(config in LABEL)) throw new Error(`unknown configuration ${config}: use ${Object.keys(LABEL).join(', ')}`);

/** CPU seconds used so far by every Chromium process of this launch (or only its extension process). */
function browserCpuSeconds(userDataDir: string, only?: 'extension'): number {
  const ticks = Number(process.env.CLK_TCK ?? 100);
  const stats = new Map<number, { ppid: number; cpu: number; cmd: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]), cmd });
    } catch {
      // The process ended while we looked.
    }
  }
  const roots = [...stats.entries()].filter(([, s]) => s.cmd.includes(userDataDir) && !s.cmd.includes('--type=')).map(([pid]) => pid);
  const tree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, s] of stats) if (!tree.has(pid) && tree.has(s.ppid)) (tree.add(pid), (grew = true));
  }
  let total = 0;
  for (const pid of tree) if (!only || stats.get(pid)!.cmd.includes('--extension-process')) total += stats.get(pid)!.cpu;
  return total / ticks;
}

/** Reads the page's accumulated main-thread task time (s) through one CDP session. */
async function taskMeter(page: Page, metric: 'TaskDuration' | 'ThreadTime' = 'TaskDuration'): Promise<() => Promise<number>> {
  // One CDP session per page (the panel page has its own).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === metric)!.value;
  };
}

interface Run {
  /** The page's main-thread task time (s, wall clock) and its CPU time (s). */
  pageCpu: number;
  pageThread: number;
  browserCpu: number;
  panelEvents: number | null;
  p99: number | null;
  /** The panel page's task time (s, wall clock: on a busy machine it includes waiting for a core), its main thread's CPU time (s), and the extension process's CPU (s), with the panel open. */
  panelTask: number | null;
  panelCpu: number | null;
  extensionCpu: number | null;
}

async function run(config: Config, transport: 'es' | 'fetch', rate = 0, n = FLOOD): Promise<Run> {
  const harness: Harness = await launch({ extension: config !== 'none' });
  try {
    let page: Page;
    let panelCount: (() => Promise<number>) | null = null;
    let panelTask: (() => Promise<number>) | null = null;
    let panelThread: (() => Promise<number>) | null = null;
    if (config === 'none') page = await harness.context.newPage();
    else {
      const tab = await harness.newTab();
      page = tab.page;
      if (config === 'panel') {
        const panel = await harness.openPanel(tab.tabId);
        panelCount = () => panel.eventCount();
        panelTask = await taskMeter(panel.page);
        panelThread = await taskMeter(panel.page, 'ThreadTime');
      }
      if (config === 'kept') {
        // "Keep recording this site" from a panel that then closes: recorded with no panel open.
        await page.goto(`${app.url}/flood.html?n=1&transport=${transport}`);
        const panel = await harness.openPanel(tab.tabId);
        await panel.byTestId('keep-recording').click();
        await panel.page.waitForFunction(() => (document.querySelector('[data-testid="keep-recording"]') as HTMLInputElement | null)?.checked === true);
        await panel.page.close();
      }
    }
    // Warm the page (and the extension) up on the same URL, then measure a fresh load.
    await page.goto(`${app.url}/flood.html?n=100&transport=${transport}`);
    await page.waitForFunction(() => (window as unknown as { __flood: { done: boolean } }).__flood.done);
    const taskSeconds = await taskMeter(page);
    const threadSeconds = await taskMeter(page, 'ThreadTime');
    const thread0 = await threadSeconds();
    const cpu0 = browserCpuSeconds(harness.userDataDir);
    const task0 = await taskSeconds();
    const panel0 = panelTask ? await panelTask() : 0;
    const panelCpu0 = panelThread ? await panelThread() : 0;
    const extension0 = browserCpuSeconds(harness.userDataDir, 'extension');
    await page.goto(`${app.url}/flood.html?n=${n}&transport=${transport}&rate=${rate}`);
    await page.waitForFunction(() => (window as unknown as { __flood: { done: boolean } }).__flood.done, undefined, { timeout: 120_000 });
    const task1 = await taskSeconds();
    const thread1 = await threadSeconds();
    let panelEvents: number | null = null;
    if (panelCount) {
      // Everything the page got must reach the panel (n events + done); give it a moment.
      const deadline = Date.now() + 15_000;
      do panelEvents = await panelCount();
      while (panelEvents < n + 1 && Date.now() < deadline && (await page.waitForTimeout(100), true));
    }
    const cpu1 = browserCpuSeconds(harness.userDataDir);
    const panel1 = panelTask ? await panelTask() : 0;
    const panelCpu1 = panelThread ? await panelThread() : 0;
    const extension1 = browserCpuSeconds(harness.userDataDir, 'extension');
    const p99 = rate
      ? await page.evaluate(() => {
          const l = [...(window as unknown as { __flood: { latencies: number[] } }).__flood.latencies].sort((a, b) => a - b);
          return l[Math.floor(l.length * 0.99)] ?? 0;
        })
      : null;
    return {
      pageCpu: task1 - task0,
      pageThread: thread1 - thread0,
      browserCpu: cpu1 - cpu0,
      panelEvents,
      p99,
      panelTask: panelTask ? panel1 - panel0 : null,
      panelCpu: panelThread ? panelCpu1 - panelCpu0 : null,
      extensionCpu: config === 'none' ? null : extension1 - extension0,
    };
  } finally {
    await harness.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const f = (n: number, digits = 2) => n.toFixed(digits);

async function measure(title: string, transport: 'es' | 'fetch', rate = 0, n = FLOOD): Promise<void> {
  console.log(`\n## ${title}`);
  const results = new Map<Config, Run[]>();
  // Interleave configurations so drift on the machine hits them alike.
  for (let r = 0; r < RUNS; r++) for (const config of CONFIGS) results.set(config, [...(results.get(config) ?? []), await run(config, transport, rate, n)]);
  const base = results.get('none')!;
  for (const config of CONFIGS) {
    const runs = results.get(config)!;
    const page = median(runs.map((x) => x.pageCpu));
    const browser = median(runs.map((x) => x.browserCpu));
    const thread = median(runs.map((x) => x.pageThread));
    const parts = [
      `${LABEL[config].padEnd(22)} page main thread ${f(page)} s (${f(page / median(base.map((x) => x.pageCpu)))}×), its CPU ${f(thread)} s (${f(thread / median(base.map((x) => x.pageThread)))}×)`,
      `browser CPU ${f(browser)} s (${f(browser / median(base.map((x) => x.browserCpu)))}×)`,
    ];
    if (rate) parts.push(`p99 latency ${median(runs.map((x) => x.p99!))} ms (no extension: ${median(base.map((x) => x.p99!))} ms)`);
    // n events plus the stream's closing `done` event.
    const basePage = median(base.map((x) => x.pageCpu));
    if (config === 'panel') {
      const panelTask = median(runs.map((x) => x.panelTask!));
      const extension = median(runs.map((x) => x.extensionCpu!));
      const panelCpu = median(runs.map((x) => x.panelCpu!));
      parts.push(`panel page task ${f(panelTask)} s (${f(panelTask / basePage)}×), its main thread's CPU ${f(panelCpu)} s`, `extension process CPU ${f(extension)} s (${f(extension / basePage)}×)`);
    }
    if (config === 'panel') parts.push(`panel showed ${runs.map((x) => x.panelEvents).join(', ')} of ${n + 1} events`);
    console.log(parts.join(' | '));
  }
}

try {
  if (section('es')) await measure(`EventSource flood, ${FLOOD.toLocaleString('en-US')} events (median of ${RUNS})`, 'es');
  if (section('fetch')) await measure(`fetch-stream flood, ${FLOOD.toLocaleString('en-US')} events (median of ${RUNS})`, 'fetch');
  if (section('latency')) await measure('EventSource at 200 events/s for 10 s: latency the page sees', 'es', 200, 2_000);
} finally {
  await app.close();
}
