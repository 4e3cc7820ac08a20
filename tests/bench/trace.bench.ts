/**
 * `npm run bench:trace`: a 100,000-event trace exported (build, redact with the default
 * rules, gzip) and imported (gunzip, check, replay where needed, into a panel store that
 * is ready to render), in Node against a baseline measured in the same run (JSON.stringify
 * and gzip of the same raw events, and their JSON.parse back); then in Chromium, the
 * built panel's viewer opening that file until its table shows every event, and its
 * Export… until the download arrives. Prints times, ratios and the file size per event
 * against the events' raw bytes. Asserts nothing about time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { launch } from '../e2e/support/browser';
import { PanelPage } from '../e2e/support/panel-page';
import { initialFlagState } from '../../lib/flags/tab-flags';
import { createHubEngine } from '../../lib/engine/engine';
import { DEFAULT_HUB_SETTINGS } from '../../lib/engine/settings';
import { prepareTrace, writeExport } from '../../lib/panel-store/export';
import { createPanelStore } from '../../lib/panel-store/create-panel-store';
import { emptyCounters, type CapturedEvent, type StreamInfo } from '../../lib/protocol';
import { readTraceBytes } from '../../lib/trace/codec';
import { DEFAULT_RULES } from '../../lib/trace/redact';

const EVENTS = Number(process.argv[process.argv.indexOf('--events') + 1]) || 100_000;
const TYPES = ['card.updated', 'card.created', 'session.activity', 'ui.buttonClick', 'session.started', 'ui.themeChanged'];

function streamInfo(id: string): StreamInfo {
  return { id, frameId: 0, url: 'http://app.test/api/sse/events', transport: 'eventsource', withCredentials: false, state: 'open', openedAt: 0, events: EVENTS, reconnects: 0, lastEventId: '', gaps: 0, firstEventAt: 0, lastEventAt: 0, longestGapMs: 0, reconnectIds: [], marks: [] };
}

/** Board-like events (~200 bytes), decided by the engine as the relay would. */
function makeEvents(): { events: CapturedEvent[]; stats: ReturnType<ReturnType<typeof createHubEngine>['stats']> } {
  const engine = createHubEngine(DEFAULT_HUB_SETTINGS);
  const events: CapturedEvent[] = [];
  const byKey = new Map<string, CapturedEvent>();
  for (let i = 1; i <= EVENTS; i++) {
    const type = TYPES[i % TYPES.length]!;
    const data = JSON.stringify({ eventType: type, eventData: { cardId: `c${i % 50}`, updates: { title: `Card ${i % 50} v${i}` } }, sessionId: 's-1', userId: `u-${i % 7}`, timestamp: 1_700_000_000_000 + i * 5 });
    const event: CapturedEvent = { id: i, key: `0:doc:e1#${i}`, streamId: '0:doc:e1', seq: i, source: 'eventsource', type, data, lastEventId: String(i), size: data.length, truncated: false, pageTime: 1_700_000_000_000 + i * 5, hubTime: 1_700_000_000_000 + i * 5 + 3, flags: 0 };
    events.push(event);
    byKey.set(event.key, event);
    for (const d of engine.push({ key: event.key, type, data, time: event.pageTime })) byKey.get(d.key)!.hub = d;
  }
  for (const d of engine.finish(1_800_000_000_000)) byKey.get(d.key)!.hub = d;
  return { events, stats: engine.stats() };
}

/** The built panel's viewer in Chromium: time to open `path` until all rows are there, and to export it again. */
async function inBrowser(path: string): Promise<{ importMs: number; exportMs: number }> {
  const harness = await launch();
  try {
    const page = await harness.context.newPage();
    await page.goto(`chrome-extension://${harness.extensionId}/devtools-panel.html?trace`);
    const viewer = new PanelPage(page);
    await viewer.byTestId('trace-welcome').waitFor();
    let start = performance.now();
    await viewer.byTestId('open-trace-input').setInputFiles(path);
    await viewer.byTestId('trace-banner').waitFor({ timeout: 60_000 });
    await viewer.byTestId('event-row').first().waitFor();
    const importMs = performance.now() - start;
    if ((await viewer.eventCount()) !== EVENTS) throw new Error(`the viewer shows ${await viewer.eventCount()} events`);
    await viewer.byTestId('export').click();
    const download = page.waitForEvent('download', { timeout: 60_000 });
    start = performance.now();
    await viewer.byTestId('export-run').click();
    await download;
    return { importMs, exportMs: performance.now() - start };
  } finally {
    await harness.close();
  }
}

async function main(): Promise<void> {
  const { events, stats } = makeEvents();
  const rawBytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.data), 0);
  const source = {
    events,
    streams: [streamInfo('0:doc:e1')],
    settings: DEFAULT_HUB_SETTINGS,
    stats,
    flagState: initialFlagState(),
    polls: [],
    counters: emptyCounters(),
    errors: [],
    filter: { text: '', hideDuplicates: false },
    pageUrl: 'http://app.test/board',
  };

  let start = performance.now();
  const baselineFile = gzipSync(JSON.stringify(events));
  const baselineExport = performance.now() - start;
  start = performance.now();
  JSON.parse(gunzipSync(baselineFile).toString('utf8'));
  const baselineImport = performance.now() - start;

  start = performance.now();
  const { trace, report } = prepareTrace(source, { scope: 'all', format: 'trace', defaults: DEFAULT_RULES, user: [] }, { userAgent: 'bench', extensionVersion: '0', now: Date.now() });
  const file = await writeExport(trace, "trace");
  const exportMs = performance.now() - start;

  start = performance.now();
  const read = await readTraceBytes(file.bytes, file.name);
  if ('error' in read) throw new Error(read.error);
  const store = createPanelStore({ tabId: -1 });
  store.getState().openTrace(read.trace, file.name, read.kind);
  const importMs = performance.now() - start;
  if (store.getState().events.length !== EVENTS) throw new Error(`imported ${store.getState().events.length} events`);

  const line = (label: string, ms: number, base: number) => console.log(`${label.padEnd(44)} ${(ms / 1000).toFixed(2)} s  (${(ms / base).toFixed(1)}× the baseline, ${(base / 1000).toFixed(2)} s)`);
  console.log(`\n## ${EVENTS.toLocaleString('en')}-event trace (target: export and import under 3 s each)`);
  line('export: build, redact (default rules), gzip', exportMs, baselineExport);
  line('import: gunzip, check, into a panel store', importMs, baselineImport);
  console.log(`file: ${(file.bytes.length / 1024 / 1024).toFixed(2)} MB, ${(file.bytes.length / EVENTS).toFixed(1)} bytes/event against ${(rawBytes / EVENTS).toFixed(1)} raw data bytes/event (${((file.bytes.length / rawBytes) * 100).toFixed(0)} %); baseline gzip of the bare events ${(baselineFile.length / EVENTS).toFixed(1)} bytes/event`);
  console.log(`redaction: ${report.total} replacements`);
  const path = join(mkdtempSync(join(tmpdir(), 'sse-trace-bench-')), file.name);
  writeFileSync(path, file.bytes);
  const browser = await inBrowser(path);
  console.log(`\n## the same trace in Chromium (the built panel)`);
  console.log(`${'import: open the file until the table shows it'.padEnd(44)} ${(browser.importMs / 1000).toFixed(2)} s`);
  console.log(`${'export: Export… (default redaction) to the download'.padEnd(44)} ${(browser.exportMs / 1000).toFixed(2)} s`);
}

await main();
