/**
 * Toolbar popup: the current tab's migration flags, phase presets and rollback, and
 * *Open trace…* (the trace viewer in a new tab, for a file someone sent).
 * Context: extension page (also opens as popup.html?tabId=N). Touches: one `control`
 * port to the background, which neither makes the tab record nor sees its events.
 */
import '../../components/panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FaultControls } from '../../components/flags/FaultControls';
import { FlagControls } from '../../components/flags/FlagControls';
import { KeepRecordingSwitch } from '../../components/toolbar/KeepRecordingSwitch';
import { PanelContext } from '../../components/use-panel';
import { activeTabId, devtoolsTheme, extensionVersion, openTraceViewer, panelPageUrl } from '../../lib/ext/devtools';
import { connectPanel } from '../../lib/ext/panel-port';
import { createPanelStore } from '../../lib/panel-store/create-panel-store';

const root = createRoot(document.getElementById('root')!);

void activeTabId(location.search).then((tabId) => {
  const theme = devtoolsTheme();
  document.documentElement.style.colorScheme = theme;
  if (tabId === null) {
    root.render(<div className="empty">No tab to control.</div>);
    return;
  }
  const store = createPanelStore({ tabId });
  const connection = connectPanel(tabId, { onMessage: (m) => store.getState().receive(m), onDisconnect: () => undefined }, 'control');
  const hub = {
    clear: () => undefined,
    applySettings: () => undefined,
    setPreserveLog: () => undefined,
    setFlags: connection.setFlags,
    rollback: connection.rollback,
    setFlagHeader: connection.setFlagHeader,
    // Full capture lives in the panel: it lasts while a panel is open on the tab.
    setFullCapture: () => undefined,
    setKeepRecording: connection.setKeepRecording,
    setFaults: connection.setFaults,
    inject: null,
    requestRaw: null,
    setWatch: null,
    showTrace: () => undefined,
    backToLive: null,
  };
  root.render(
    <StrictMode>
      <PanelContext.Provider value={{ store, hub, env: { extensionVersion: extensionVersion(), panelUrl: panelPageUrl(), userAgent: navigator.userAgent } }}>
        <div className={`panel popup theme-${theme}`} data-testid="popup" data-tab-id={tabId}>
          <FlagControls compact />
          <FaultControls compact />
          <KeepRecordingSwitch />
          <p className="muted">Phase health, polling and flag history: DevTools → SSE Hub → Migration.</p>
          <button type="button" className="tool-button bordered" data-testid="popup-open-trace" onClick={openTraceViewer}>
            Open trace…
          </button>
        </div>
      </PanelContext.Provider>
    </StrictMode>,
  );
});
