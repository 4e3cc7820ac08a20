/**
 * DevTools panel (also usable as a tab: devtools-panel.html?tabId=N), and the trace
 * viewer (devtools-panel.html?trace, also served by `npm run view`). Context: extension
 * page, or an ordinary page for the viewer. Touches: one port to the background for its
 * tab (live only), DevTools theme. Wires the panel store to the relay connection (or to a
 * trace file) and renders the React app.
 */
import 'react-json-view-lite/dist/index.css';
import '../../components/panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, NoTab } from '../../components/App';
import { PanelContext, type RelayActions, type PanelEnv } from '../../components/use-panel';
import { savedCaptures } from '../../lib/ext/saved-captures';
import { devtoolsTheme, extensionVersion, inspectedTabId, watchTheme } from '../../lib/ext/devtools';
import { connectPanel } from '../../lib/ext/panel-port';
import { hasDebuggerPermission } from '../../lib/ext/permissions';
import { createCoalescer } from '../../lib/panel-store/coalesce';
import { createPanelStore, type PanelStore } from '../../lib/panel-store/create-panel-store';
import { loadFilter, loadHiddenColumns, loadLanguageChoice, saveFilter, saveHiddenColumns, saveLanguageChoice } from '../../lib/ext/panel-prefs';
import { resolveLanguage, translatorFor } from '../../lib/i18n';
import { LanguageProvider } from '../../components/i18n';
import type { RelayToPanel } from '../../lib/protocol';
import { readShareString, readTraceBytes } from '../../lib/trace/codec';
import type { TraceFile } from '../../lib/trace/format';

const root = createRoot(document.getElementById('root')!);
const params = new URLSearchParams(location.search);
const viewer = params.has('trace');
const tabId = viewer ? -1 : inspectedTabId(location.search);
// Saved captures live in the extension's IndexedDB; `npm run view` serves the panel as an ordinary page without them.
const captures = location.protocol === 'chrome-extension:' ? savedCaptures : undefined;
const env: PanelEnv = { extensionVersion: extensionVersion(), panelUrl: `${location.origin}${location.pathname}`, userAgent: navigator.userAgent };

/** A store that keeps the user's filter and columns across panels. */
function newStore(id: number): PanelStore {
  const store = createPanelStore({ tabId: id, filter: loadFilter(), hiddenColumns: loadHiddenColumns() });
  store.subscribe((state, previous) => {
    if (state.filter !== previous.filter) saveFilter(state.filter);
    if (state.hiddenColumns !== previous.hiddenColumns) saveHiddenColumns(state.hiddenColumns);
  });
  return store;
}

let theme = devtoolsTheme();
let shown: { store: PanelStore; relay: RelayActions } | null = null;

function render(): void {
  document.documentElement.style.colorScheme = theme;
  if (!shown) {
    return root.render(
      <LanguageProvider initial={loadLanguageChoice()} onChoose={saveLanguageChoice}>
        <NoTab />
      </LanguageProvider>,
    );
  }
  root.render(
    <StrictMode>
      <LanguageProvider initial={loadLanguageChoice()} onChoose={saveLanguageChoice}>
        <PanelContext.Provider value={{ ...shown, env, captures }}>
          <App theme={theme} tabId={shown.store.getState().tabId} viewer={viewer} />
        </PanelContext.Provider>
      </LanguageProvider>
    </StrictMode>,
  );
}

/** What a shown trace's controls do: nothing reaches a tab; another trace or going back is all. */
function traceActions(back: (() => void) | null): RelayActions {
  const none = () => undefined;
  return { clear: none, applySettings: none, setPreserveLog: none, setFlags: none, rollback: none, setFlagHeader: none, setFullCapture: none, setKeepRecording: none, setFaults: none, inject: null, requestRaw: null, setWatch: null, showTrace, backToLive: back };
}

let live: { store: PanelStore; relay: RelayActions } | null = null;

/** Shows `trace` read-only; a live capture keeps running behind it. */
function showTrace(trace: TraceFile, name: string, kind: 'trace' | 'har' | 'share'): void {
  const store = newStore(-1);
  store.getState().openTrace(trace, name, kind);
  shown = {
    store,
    relay: traceActions(
      live &&
        (() => {
          shown = live;
          render();
        }),
    ),
  };
  render();
}

if (viewer) {
  shown = { store: newStore(-1), relay: traceActions(null) };
  // `?trace=<url>` (npm run view) loads that file; `#lz=…` is a share link.
  const url = params.get('trace');
  // Read before the app renders: in the language the panel will show.
  const t = translatorFor(resolveLanguage(loadLanguageChoice(), navigator.languages));
  if (url) {
    void fetch(url)
      .then(async (response) => readTraceBytes(new Uint8Array(await response.arrayBuffer()), decodeURIComponent(url.split('/').pop() ?? 'trace'), t))
      .then((result) => ('error' in result ? shown!.store.setState({ traceError: result.error }) : showTrace(result.trace, decodeURIComponent(url.split('/').pop() ?? 'trace'), result.kind)))
      .catch(() => shown!.store.setState({ traceError: t('welcome.loadFailed', { url }) }));
  } else if (location.hash.startsWith('#lz=')) {
    const result = readShareString(location.hash, t);
    if ('error' in result) shown.store.setState({ traceError: result.error });
    else showTrace(result.trace, t('welcome.shareName'), 'share');
  }
} else if (tabId !== null) {
  const store = newStore(tabId);
  const receive = createCoalescer({
    apply: (messages: RelayToPanel[]) => {
      store.getState().receiveAll(messages);
      // A relay that restarted has forgotten which bodies to read: tell it again.
      const watch = store.getState().parity.watch;
      if (watch.length > 0 && messages.some((m) => m.type === 'relay/snapshot' && m.payload.reason === 'connect')) connection.setWatch(watch);
    },
    setTimer: (fn, ms) => setTimeout(fn, ms),
    // The controls' own answers show at once; only the event flow is grouped.
    immediate: (message) =>
      message.type === 'relay/migration' || message.type === 'relay/settings' || message.type === 'relay/preserve' || message.type === 'relay/full-capture' || message.type === 'relay/keep-recording',
  });
  void hasDebuggerPermission().then((available) => store.setState({ fullCaptureAvailable: available }));
  const connection = connectPanel(tabId, {
    onMessage: receive,
    onDisconnect: () => store.getState().setConnection('reconnecting'),
  });
  live = {
    store,
    relay: {
      clear() {
        store.getState().clear();
        connection.clear();
      },
      applySettings: connection.applySettings,
      setPreserveLog(on: boolean) {
        // Shown at once; the relay confirms to every panel of the tab.
        store.setState({ preserveLog: on });
        connection.setPreserveLog(on);
      },
      setFlags: connection.setFlags,
      rollback: connection.rollback,
      setFlagHeader: connection.setFlagHeader,
      setFullCapture: connection.setFullCapture,
      setKeepRecording: connection.setKeepRecording,
      setFaults: connection.setFaults,
      inject: connection.inject,
      requestRaw: connection.requestRaw,
      setWatch(urls: string[]) {
        store.setState((s) => ({ parity: { ...s.parity, watch: urls } }));
        connection.setWatch(urls);
      },
      showTrace,
      backToLive: null,
    },
  };
  shown = live;
}

render();
watchTheme((next) => {
  theme = next;
  render();
});
