/**
 * `npm run bench:profile -- [es|fetch] [n] [--rate N]`: where the extension's time goes on a flood (or at N events/s), with
 * the panel open. Takes CPU profiles (CDP `Profiler`) of the page (main world and the tap's,
 * and the bridge's isolated world: one thread), of the panel page and of the service worker, and prints each one's
 * top self-time functions, with their script, and the panel page's task, script, layout and
 * style time (CDP `Performance` metrics). `npm run bench:profile` builds without minifying
 * (`SSE_HUB_NO_MINIFY=1`) so functions keep their names; the profiler slows the pages, so
 * compare costs with `npm run bench:page`. Asserts nothing; for finding the next change.
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
// @ts-expect-error plain-JS fixture without type declarations
import { startHubApp } from '../fixtures/hub-app/server.mjs';
import { launch } from '../e2e/support/browser';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const transport = process.argv[2] === 'es' ? 'es' : 'fetch';
const n = Number(process.argv[3] ?? 20_000);
// `--rate N`: N events per second (the latency section's 200/s, say) instead of a flood.
const rateAt = process.argv.indexOf('--rate');
const rate = rateAt >= 0 ? Number(process.argv[rateAt + 1]) : 0;
const app = (await startHubApp({ port: 0 })) as { url: string; close: () => Promise<void> };

async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** The page's `Performance.getMetrics` figures by name. */
async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

function top(profile: Profile, label: string, count = 15): void {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    const script = url.replace(/^.*\//, '') || '(native)';
    const key = `${functionName || '(anonymous)'} ${script}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    total += ms;
  });
  console.log(`\n## ${label}: ${total.toFixed(0)} ms sampled (self time, top ${count})`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${(100 * ms / total).toFixed(1).padStart(5)} %  ${key}`);
}

/**
 * Profiles the extension's service worker (the relay): Playwright opens CDP sessions on
 * pages only, so this attaches to the worker's target through a browser session and
 * talks to it with `Target.sendMessageToTarget`.
 */
async function startWorkerProfile(port: number, extensionId: string): Promise<() => Promise<Profile>> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!worker) throw new Error('no service worker target');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
  let next = 1;
  const answers = new Map<number, (result: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) answers.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      answers.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 100 });
  await send('Profiler.start');
  return async () => ((await send('Profiler.stop')) as { profile: Profile }).profile;
}

const DEBUGGING_PORT = 9300 + Math.floor(Math.random() * 500);
const harness = await launch({ extension: true, remoteDebuggingPort: DEBUGGING_PORT });
try {
  const tab = await harness.newTab();
  const panel = await harness.openPanel(tab.tabId);
  await tab.page.goto(`${app.url}/flood.html?n=100&transport=${transport}`);
  await tab.page.waitForFunction(() => (window as unknown as { __flood: { done: boolean } }).__flood.done);
  const pageCdp = await startProfile(tab.page);
  const panelCdp = await startProfile(panel.page);
  const stopWorker = await startWorkerProfile(DEBUGGING_PORT, harness.extensionId);
  await panelCdp.send('Performance.enable');
  const panelMetrics0 = await metrics(panelCdp);
  await tab.page.goto(`${app.url}/flood.html?n=${n}&transport=${transport}&rate=${rate}`);
  await tab.page.waitForFunction(() => (window as unknown as { __flood: { done: boolean } }).__flood.done, undefined, { timeout: 120_000 });
  await panel.waitForEventCount(n + 1, 30_000).catch(() => undefined);
  const errors = (await panel.byTestId('error-bar').count()) > 0 ? await panel.byTestId('error-bar').innerText() : 'no errors';
  console.log(`# ${transport} ${rate ? `stream of ${n} events at ${rate}/s` : `flood of ${n} events`}, panel open; the panel shows ${await panel.eventCount()} (${errors.replace(/\s+/g, ' ')})`);
  const panelMetrics1 = await metrics(panelCdp);
  const spent = (name: string) => `${((panelMetrics1[name]! - panelMetrics0[name]!) * 1000).toFixed(0)} ms`;
  const count = (name: string) => panelMetrics1[name]! - panelMetrics0[name]!;
  console.log(
    `panel page: task ${spent('TaskDuration')}, main-thread CPU ${spent('ThreadTime')}, process CPU ${spent('ProcessTime')}, script ${spent('ScriptDuration')}, layout ${spent('LayoutDuration')} (${count('LayoutCount')} layouts), style ${spent('RecalcStyleDuration')} (${count('RecalcStyleCount')})`,
  );
  top(((await pageCdp.send('Profiler.stop')) as { profile: Profile }).profile, 'page (page, tap and bridge)');
  top(((await panelCdp.send('Profiler.stop')) as { profile: Profile }).profile, 'panel page', Number(process.env.TOP ?? 15));
  top(await stopWorker(), 'service worker (the relay)', Number(process.env.TOP ?? 15));
} finally {
  await harness.close();
  await app.close();
}
