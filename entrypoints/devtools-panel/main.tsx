/**
 * DevTools panel (also usable as a tab: devtools-panel.html?tabId=N). Context:
 * extension page. Touches: one port to the background for its tab, DevTools theme.
 * Wires the panel store to the hub connection and renders the React app.
 */
import 'react-json-view-lite/dist/index.css';
import '../../components/panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, NoTab } from '../../components/App';
import { PanelContext } from '../../components/use-panel';
import { devtoolsTheme, inspectedTabId, watchTheme } from '../../lib/ext/devtools';
import { connectPanel } from '../../lib/ext/panel-port';
import { hasDebuggerPermission } from '../../lib/ext/permissions';
import { createCoalescer } from '../../lib/panel-store/coalesce';
import { createPanelStore } from '../../lib/panel-store/create-panel-store';
import { loadFilter, loadHiddenColumns, saveFilter, saveHiddenColumns } from '../../lib/ext/panel-prefs';
import type { HubToPanel } from '../../lib/protocol';

const root = createRoot(document.getElementById('root')!);
const tabId = inspectedTabId(location.search);

if (tabId === null) {
  root.render(<NoTab />);
} else {
  const store = createPanelStore({ tabId, filter: loadFilter(), hiddenColumns: loadHiddenColumns() });
  // The filter and the column choice survive closing and reopening the panel.
  store.subscribe((state, previous) => {
    if (state.filter !== previous.filter) saveFilter(state.filter);
    if (state.hiddenColumns !== previous.hiddenColumns) saveHiddenColumns(state.hiddenColumns);
  });
  const receive = createCoalescer({
    apply: (message: HubToPanel) => store.getState().receive(message),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    // The controls' own answers show at once; only the event flow is grouped.
    immediate: (message) =>
      message.type === 'hub/flags' || message.type === 'hub/settings' || message.type === 'hub/preserve' || message.type === 'hub/full-capture',
  });
  void hasDebuggerPermission().then((available) => store.setState({ fullCaptureAvailable: available }));
  const connection = connectPanel(tabId, {
    onMessage: receive,
    onDisconnect: () => store.getState().setConnection('reconnecting'),
  });
  const hub = {
    clear() {
      store.getState().clear();
      connection.clear();
    },
    applySettings: connection.applySettings,
    setPreserveLog(on: boolean) {
      // Shown at once; the hub confirms to every panel of the tab.
      store.setState({ preserveLog: on });
      connection.setPreserveLog(on);
    },
    setFlags: connection.setFlags,
    rollback: connection.rollback,
    setFlagHeader: connection.setFlagHeader,
    setFullCapture: connection.setFullCapture,
  };
  const render = (theme: 'light' | 'dark') => {
    document.documentElement.style.colorScheme = theme;
    root.render(
      <StrictMode>
        <PanelContext.Provider value={{ store, hub }}>
          <App theme={theme} tabId={tabId} />
        </PanelContext.Provider>
      </StrictMode>,
    );
  };
  render(devtoolsTheme());
  watchTheme(render);
}
