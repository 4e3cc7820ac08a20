/**
 * Wires runtime ports to the relay: bridges feed it, panels subscribe to a tab.
 * A bridge's tab is `sender.tab.id`, never anything in a payload. A tab records
 * (its taps do per-event work) only while at least one panel subscribes to it.
 */
import { browser } from 'wxt/browser';
import {
  envelope,
  isBridgeToRelay,
  isPanelToRelay,
  normalizeFlags,
  parsePortName,
  parseTapWire,
  type HubDecision,
  type RelayToPanel,
  type InjectRequest,
  type TapInjection,
  type PanelToRelay,
  type PanelToRelayMap,
  type TabFlagState,
} from '../protocol';
import { rollbackFlags, sameFaults, setFaults, setFlags } from '../flags/tab-flags';
import type { Relay, TabUpdate } from '../relay/relay';
import { createPanelOutbox, type PanelOutbox } from '../relay/panel-outbox';
import type { RuntimePort } from './runtime';
import { createFullCapture } from './full-capture';
import { loadKeptSites, originOf, saveKeptSites } from './kept-sites';
import { applyFlagHeader, applyHubDown, forgetTab, loadTabs, markRelayAlive, saveHubChoices, saveTabFlags } from './tab-store';
import { createLogger } from '../logger';
import { worded } from '../i18n/english';

const log = createLogger('relay');

/** Shortest interval between two stats messages to a tab's panels. */
const STATS_INTERVAL_MS = 250;
/**
 * After a worker restart, how long panels get to reconnect before a bridge that was
 * recording, or a fresh document's, is told its tab is not recorded: telling it at once
 * would stop a recorded tab's taps for the moment between the bridge's reconnect (or a
 * reload) and its panel's, losing those events. Until told, a tap holds what it records.
 * A bridge that was told it was not recording, or any bridge of a worker that is the
 * browser session's first, hears at once.
 */
const RECONNECT_GRACE_MS = 2_000;
/**
 * Longest a bridge's acknowledgement waits: one ack covers every batch that arrived
 * meanwhile. A tap at 200 events/s sends about 60 batches a second, and each message
 * costs both ends a task and an IPC. Unacknowledged batches stay with the bridge, which
 * re-sends them after a worker restart; the relay drops what it already has.
 */
const ACK_DELAY_MS = 100;

/** Starts accepting bridge and panel ports for `relay`. */
export function serveRelay(relay: Relay): void {
  const bridges = new Map<number, Set<RuntimePort>>();
  const panels = new Map<number, Set<RuntimePort>>();
  const controls = new Map<number, Set<RuntimePort>>();
  // Where injected events go: `<tabId>:<frameId>:<tap's document id>` (a stream id's prefix) → that document's bridge.
  const documents = new Map<string, RuntimePort>();
  // Tabs' flags and hub choices come back from storage first: every port message waits
  // for them, in order.
  // Sites recorded with no panel open (opt-in per origin).
  let kept = new Set<string>();
  // Whether this worker replaces one that ran earlier in this browser session.
  let restarted = false;
  const ready = Promise.all([loadTabs(), loadKeptSites().then((sites) => (kept = sites)), markRelayAlive().then((r) => (restarted = r))]).then(([stored]) => {
    for (const [tabId, state] of stored.flags) relay.setFlagState(tabId, state);
    for (const [tabId, choices] of stored.hub) {
      if (choices.settings !== undefined) relay.setSettings(tabId, choices.settings, Date.now());
      if (choices.preserveLog !== undefined) relay.setPreserveLog(tabId, choices.preserveLog === true);
    }
  });

  function saveHub(tabId: number): void {
    void saveHubChoices(tabId, { settings: relay.settings(tabId), preserveLog: relay.preserveLog(tabId) });
  }

  function portsOf(map: Map<number, Set<RuntimePort>>, tabId: number): Set<RuntimePort> {
    let set = map.get(tabId);
    if (!set) map.set(tabId, (set = new Set()));
    return set;
  }

  function post(port: RuntimePort, message: unknown): void {
    try {
      port.postMessage(message);
    } catch (error) {
      log.debug('post to a closed port', error);
    }
  }

  function toPanels(tabId: number, message: RelayToPanel): void {
    for (const port of panels.get(tabId) ?? []) post(port, message);
  }

  // What changed for each tab's panels, gathered so that an event goes with its decision
  // inside it (see `lib/relay/panel-outbox.ts`), and the timer for what waits.
  const outboxes = new Map<number, PanelOutbox>();
  const outboxTimers = new Map<number, { timer: ReturnType<typeof setTimeout>; at: number }>();

  /** Gathers what changed for the tab's panels (none open: nothing to gather) and sends what may go. */
  function toPanelsSoon(tabId: number, update: TabUpdate): void {
    if ((panels.get(tabId)?.size ?? 0) === 0) return;
    let outbox = outboxes.get(tabId);
    if (!outbox) outboxes.set(tabId, (outbox = createPanelOutbox()));
    outbox.add(update, Date.now());
    sendOutbox(tabId);
  }

  /** Sends what may go from the tab's outbox, and sets the timer for what waits. */
  function sendOutbox(tabId: number): void {
    const outbox = outboxes.get(tabId);
    if (!outbox) return;
    const now = Date.now();
    const update = outbox.take(now);
    if (update) toPanels(tabId, envelope('relay/batch', update));
    const due = outbox.dueIn(now);
    const set = outboxTimers.get(tabId);
    // A timer set for no later than needed stays (re-arming one per tap batch and decision cost the worker ~5% of its time at 200 events/s).
    if (set && due !== null && set.at <= now + due + 1) return;
    if (set) clearTimeout(set.timer);
    outboxTimers.delete(tabId);
    if (due === null) return;
    const timer = setTimeout(() => {
      outboxTimers.delete(tabId);
      sendOutbox(tabId);
    }, due + 1);
    outboxTimers.set(tabId, { timer, at: now + due + 1 });
  }

  /** Forgets what waited for the tab's panels: a snapshot replaces it, or no panel is left. */
  function dropOutbox(tabId: number): void {
    outboxes.get(tabId)?.clear();
    outboxes.delete(tabId);
    clearTimeout(outboxTimers.get(tabId)?.timer);
    outboxTimers.delete(tabId);
  }

  /** URL prefixes whose response bodies each tab's taps read (polling-off readiness; set by its panels, which re-send it after a worker restart). */
  const watched = new Map<number, string[]>();
  const fullCapture = createFullCapture({
    onMessages(tabId, messages) {
      if (!relay.hasTab(tabId)) return;
      const update = relay.ingestDebugger(tabId, messages);
      if (update.events.length === 0 && update.streams.length === 0) return;
      toPanelsSoon(tabId, update);
      scheduleTick(tabId);
      scheduleStats(tabId);
    },
    onState: (tabId, state) => toPanels(tabId, envelope('relay/full-capture', state)),
    onResponse(tabId, requestId, url, request) {
      if (!relay.hasTab(tabId)) return;
      const update = relay.noteDebuggerResponse(tabId, url, requestId, request);
      if (update.streams.length > 0) toPanelsSoon(tabId, update);
    },
  });

  /** Sends decisions settled outside an ingest (a batch window closed, settings changed). */
  function sendDecisions(tabId: number, decisions: HubDecision[]): void {
    if (decisions.length === 0) return;
    toPanelsSoon(tabId, { events: [], streams: [], errors: [], decisions, polls: [], counters: relay.snapshotCounters(tabId) });
    scheduleStats(tabId);
  }

  // Batches close on a timer (their window), and stats go out a few times a second at most.
  const tickTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const statsTimers = new Map<number, ReturnType<typeof setTimeout>>();

  function scheduleTick(tabId: number): void {
    if (tickTimers.has(tabId)) return;
    const due = relay.nextDueIn(tabId, Date.now());
    if (due === null) return;
    tickTimers.set(
      tabId,
      setTimeout(() => {
        tickTimers.delete(tabId);
        if (!relay.hasTab(tabId)) return;
        sendDecisions(tabId, relay.tick(tabId, Date.now()));
        scheduleTick(tabId);
      }, due + 1),
    );
  }

  function scheduleStats(tabId: number): void {
    if (statsTimers.has(tabId)) return;
    statsTimers.set(
      tabId,
      setTimeout(() => {
        statsTimers.delete(tabId);
        if (relay.hasTab(tabId)) toPanels(tabId, envelope('relay/stats', { stats: relay.stats(tabId) }));
      }, STATS_INTERVAL_MS),
    );
  }

  /** Applies a tab's new migration state everywhere: relay, storage, header rule, panels, popup, page. */
  function changeFlags(tabId: number, next: TabFlagState, rollback: boolean): void {
    const before = relay.flagState(tabId);
    if (next === before) return;
    relay.setFlagState(tabId, next);
    void saveTabFlags(tabId, next);
    if (next.header || before.header) void applyFlagHeader(tabId, next);
    const message = envelope('relay/migration', { state: next });
    toPanels(tabId, message);
    for (const port of controls.get(tabId) ?? []) post(port, message);
    if (next.flags !== before.flags || rollback) {
      for (const port of bridges.get(tabId) ?? []) post(port, envelope('relay/flags', { flags: next.flags, rollback }));
    }
    if (!sameFaults(next.faults, before.faults)) {
      if (next.faults.down !== before.faults.down || next.faults.hub !== before.faults.hub) void applyHubDown(tabId, next.faults);
      for (const port of bridges.get(tabId) ?? []) post(port, envelope('relay/faults', { faults: next.faults }));
    }
  }

  /** Sends injected events to the documents whose streams they name; what cannot be delivered is a counted error. */
  function inject(tabId: number, events: InjectRequest[]): void {
    const byDocument = new Map<RuntimePort, TapInjection[]>();
    const lost: string[] = [];
    for (const { streamId, ...event } of events) {
      // `<frameId>:<docId>:<tap sid>`; the tap sid may itself contain colons (`legacy:<system>`).
      const [frame, doc] = streamId.split(':');
      const port = documents.get(`${tabId}:${frame}:${doc}`);
      if (port === undefined) {
        lost.push(`${event.type} → ${streamId}`);
        continue;
      }
      const list = byDocument.get(port) ?? [];
      list.push({ ...event, sid: streamId.slice(`${frame}:${doc}:`.length) });
      byDocument.set(port, list);
    }
    for (const [port, list] of byDocument) post(port, envelope('relay/inject', { events: list }));
    if (lost.length > 0) {
      const update = relay.addError(tabId, { t: Date.now(), code: 'inject', ...worded('relayError.injectLost', { count: lost.length, ids: `${lost.slice(0, 3).join(', ')}${lost.length > 3 ? ', …' : ''}` }) });
      toPanelsSoon(tabId, update);
    }
  }

  /**
   * One handler per message a panel may send (the compiler refuses a table missing one);
   * `port` is the sender, for answers meant for it alone.
   */
  const fromPanels: { [K in keyof PanelToRelayMap]: (tabId: number, payload: PanelToRelayMap[K], port: RuntimePort) => void } = {
    'panel/flags': (tabId, p) => changeFlags(tabId, setFlags(relay.flagState(tabId), normalizeFlags(p.flags), p.cause, Date.now()), false),
    'panel/rollback': (tabId, p) => changeFlags(tabId, rollbackFlags(relay.flagState(tabId), p.reason, Date.now()), true),
    'panel/faults': (tabId, p) => changeFlags(tabId, setFaults(relay.flagState(tabId), p.faults, Date.now()), false),
    'panel/flag-header': (tabId, p) => {
      const state = relay.flagState(tabId);
      if (state.header !== p.on) changeFlags(tabId, { ...state, header: p.on }, false);
    },
    'panel/keep-recording': (tabId, p) => {
      // The site is the one the relay saw the tab load, never one a message names.
      const { origin } = keepState(tabId);
      if (origin === null) return;
      if (p.on) kept.add(origin);
      else kept.delete(origin);
      void saveKeptSites(kept);
      for (const id of new Set([...bridges.keys(), ...panels.keys(), ...controls.keys()])) {
        if (keepState(id).origin === origin) {
          setRecording(id);
          announceKeep(id);
        }
      }
    },
    'panel/clear': (tabId) => {
      relay.clear(tabId);
      outboxes.get(tabId)?.clear();
      toPanels(tabId, envelope('relay/snapshot', relay.snapshot(tabId, 'clear')));
    },
    'panel/inject': (tabId, p) => inject(tabId, p.events),
    'panel/watch': (tabId, p) => {
      watched.set(tabId, p.urls);
      for (const bridge of bridges.get(tabId) ?? []) post(bridge, envelope('relay/watch', { urls: p.urls }));
    },
    'panel/raw': (tabId, p, port) => post(port, envelope('relay/raw', { streamId: p.streamId, view: relay.raw(tabId, p.streamId) })),
    'panel/full-capture': (tabId, p) => void fullCapture.set(tabId, p.on),
    'panel/preserve': (tabId, p) => {
      relay.setPreserveLog(tabId, p.on);
      saveHub(tabId);
      toPanels(tabId, envelope('relay/preserve', { on: p.on }));
    },
    'panel/settings': (tabId, p) => {
      sendDecisions(tabId, relay.setSettings(tabId, p.settings, Date.now()));
      saveHub(tabId);
      toPanels(tabId, envelope('relay/settings', { settings: relay.settings(tabId) }));
      toPanels(tabId, envelope('relay/stats', { stats: relay.stats(tabId) }));
    },
  };
  /** What the popup (a `control` port) may send: the tab's migration state and keep-recording. */
  const FROM_CONTROLS: ReadonlySet<string> = new Set<string>(['panel/flags', 'panel/rollback', 'panel/faults', 'panel/flag-header', 'panel/keep-recording'] satisfies (keyof PanelToRelayMap)[]);

  /** Runs the handler of a checked panel or popup message. */
  function onPanelMessage(tabId: number, message: PanelToRelay, port: RuntimePort): void {
    (fromPanels[message.type] as (tabId: number, payload: unknown, port: RuntimePort) => void)(tabId, message.payload, port);
  }

  /** The tab's "keep recording this site" state. */
  function keepState(tabId: number): { origin: string | null; on: boolean } {
    const origin = originOf(relay.pageUrl(tabId));
    return { origin, on: origin !== null && kept.has(origin) };
  }

  /** A tab is recorded while a panel is open on it, or always when its site is kept. */
  function recorded(tabId: number): boolean {
    return (panels.get(tabId)?.size ?? 0) > 0 || keepState(tabId).on;
  }

  function setRecording(tabId: number): void {
    const on = recorded(tabId);
    for (const port of bridges.get(tabId) ?? []) post(port, envelope('relay/recording', { on }));
  }

  /** Tells the tab's panels and popup whether its site is kept. */
  function announceKeep(tabId: number): void {
    const message = envelope('relay/keep-recording', keepState(tabId));
    toPanels(tabId, message);
    for (const port of controls.get(tabId) ?? []) post(port, message);
  }

  const startedAt = Date.now();
  setTimeout(() => {
    for (const tabId of bridges.keys()) setRecording(tabId);
  }, RECONNECT_GRACE_MS);

  function acceptBridge(port: RuntimePort, tabId: number, frameId: number): void {
    portsOf(bridges, tabId).add(port);
    // The document id its tap puts on its batches (learnt from the first one).
    let tapDocument: string | null = null;
    // The newest batch number received, and the timer that acknowledges it (see ACK_DELAY_MS).
    let received = 0;
    let ackTimer: ReturnType<typeof setTimeout> | null = null;
    function acknowledge(n: number): void {
      received = n;
      ackTimer ??= setTimeout(() => {
        ackTimer = null;
        post(port, envelope('relay/ack', { n: received }));
      }, ACK_DELAY_MS);
    }
    port.onMessage.addListener((message: unknown) => void ready.then(() => onBridgeMessage(message)));
    function onBridgeMessage(message: unknown): void {
      if (!isBridgeToRelay(message)) return;
      if (message.type === 'bridge/hello') {
        // First the relay learns the document (its site decides "keep recording").
        const outcome = relay.hello(tabId, frameId, message.payload.navigationId, message.payload.url);
        const on = recorded(tabId);
        const wasRecorded = message.payload.recording === true || (restarted && message.payload.recording === null);
        const waitForPanels = !on && wasRecorded && Date.now() - startedAt < RECONNECT_GRACE_MS;
        if (!waitForPanels) post(port, envelope('relay/recording', { on }));
        if (frameId === 0) {
          toPanels(tabId, envelope('relay/page', { url: message.payload.url }));
          announceKeep(tabId);
        }
        // A kept log is re-announced as a merge (panels drop events they have, and take a decision one of them brings).
        if (outcome === 'reset') outboxes.get(tabId)?.clear();
        if (outcome !== 'same') toPanels(tabId, envelope('relay/snapshot', relay.snapshot(tabId, outcome === 'reset' ? 'navigate' : 'connect')));
        // Always: the page's mirrored copy may be stale, copied from another tab, or forged.
        post(port, envelope('relay/flags', { flags: relay.flagState(tabId).flags, rollback: false }));
        post(port, envelope('relay/faults', { faults: relay.flagState(tabId).faults }));
        const urls = watched.get(tabId);
        if (urls && urls.length > 0) post(port, envelope('relay/watch', { urls }));
        return;
      }
      const { n, wire, dropped, rejected } = message.payload;
      // The tap's batch arrives as it serialised it; parsing and checking happen here, off the page.
      const batch = wire === '' ? null : parseTapWire(wire);
      if (batch !== null && tapDocument !== batch.payload.docId) {
        if (tapDocument !== null) documents.delete(`${tabId}:${frameId}:${tapDocument}`);
        tapDocument = batch.payload.docId;
        documents.set(`${tabId}:${frameId}:${tapDocument}`, port);
      }
      const update = relay.ingest(tabId, frameId, {
        docId: batch?.payload.docId ?? '',
        records: batch?.payload.records ?? [],
        dropped: dropped + (batch?.payload.dropped ?? 0),
        rejected: rejected + (wire !== '' && batch === null ? 1 : 0),
      });
      acknowledge(n);
      if (update.events.length || update.streams.length || update.errors.length || dropped || rejected || batch === null) toPanelsSoon(tabId, update);
      if (update.events.length) {
        scheduleTick(tabId);
        scheduleStats(tabId);
      }
    }
    port.onDisconnect.addListener(() => {
      if (ackTimer !== null) clearTimeout(ackTimer);
      bridges.get(tabId)?.delete(port);
      if (tapDocument !== null && documents.get(`${tabId}:${frameId}:${tapDocument}`) === port) documents.delete(`${tabId}:${frameId}:${tapDocument}`);
    });
  }

  function acceptPanel(port: RuntimePort, tabId: number): void {
    portsOf(panels, tabId).add(port);
    setRecording(tabId);
    void ready.then(() => post(port, envelope('relay/snapshot', relay.snapshot(tabId, 'connect'))));
    void fullCapture.state(tabId).then((state) => post(port, envelope('relay/full-capture', state)));
    void ready.then(() => post(port, envelope('relay/keep-recording', keepState(tabId))));
    port.onMessage.addListener(
      (message: unknown) =>
        void ready.then(() => {
          if (isPanelToRelay(message)) onPanelMessage(tabId, message, port);
        }),
    );
    port.onDisconnect.addListener(() => {
      panels.get(tabId)?.delete(port);
      if ((panels.get(tabId)?.size ?? 0) === 0) dropOutbox(tabId);
      setRecording(tabId);
      // Full capture lasts while someone looks: the last panel closing detaches the debugger.
      if ((panels.get(tabId)?.size ?? 0) === 0) void fullCapture.set(tabId, false);
    });
  }

  /** The toolbar popup: sees and sets the tab's flags, and does not make the tab record. */
  function acceptControl(port: RuntimePort, tabId: number): void {
    portsOf(controls, tabId).add(port);
    void ready.then(() => {
      post(port, envelope('relay/migration', { state: relay.flagState(tabId) }));
      post(port, envelope('relay/keep-recording', keepState(tabId)));
    });
    port.onMessage.addListener(
      (message: unknown) =>
        void ready.then(() => {
          if (isPanelToRelay(message) && FROM_CONTROLS.has(message.type)) onPanelMessage(tabId, message, port);
        }),
    );
    port.onDisconnect.addListener(() => controls.get(tabId)?.delete(port));
  }

  browser.runtime.onConnect.addListener((port) => {
    const peer = parsePortName(port.name);
    if (!peer) return port.disconnect();
    if (peer.role === 'bridge') {
      // Only content scripts in a tab have a sender tab; anything else is refused.
      const tabId = port.sender?.tab?.id;
      if (tabId === undefined || port.sender?.id !== browser.runtime.id) return port.disconnect();
      acceptBridge(port, tabId, port.sender?.frameId ?? 0);
    } else {
      // Panels are extension pages: their URL is ours.
      if (!port.sender?.url?.startsWith(browser.runtime.getURL('/'))) return port.disconnect();
      if (peer.role === 'panel') acceptPanel(port, peer.tabId);
      else acceptControl(port, peer.tabId);
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    relay.closeTab(tabId);
    void forgetTab(tabId);
    bridges.delete(tabId);
    controls.delete(tabId);
    dropOutbox(tabId);
    clearTimeout(tickTimers.get(tabId));
    tickTimers.delete(tabId);
  });
}
