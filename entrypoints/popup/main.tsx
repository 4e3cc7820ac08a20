/**
 * Toolbar popup: the current tab's migration flags, phase presets and rollback, and
 * *Open trace…* (the trace viewer in a new tab, for a file someone sent).
 * Context: extension page (also opens as popup.html?tabId=N). Touches: one `control`
 * port to the background, which neither makes the tab record nor sees its events.
 */
import '../../components/panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Popup, PopupNoTab } from '../../components/Popup';
import { PanelContext } from '../../components/use-panel';
import { activeTabId, devtoolsTheme, extensionVersion, openTraceViewer, panelPageUrl } from '../../lib/ext/devtools';
import { connectPanel } from '../../lib/ext/panel-port';
import { createPanelStore } from '../../lib/panel-store/create-panel-store';
import { LanguageProvider } from '../../components/i18n';
import { loadLanguageChoice, saveLanguageChoice } from '../../lib/ext/panel-prefs';

const root = createRoot(document.getElementById('root')!);

void activeTabId(location.search).then((tabId) => {
  const theme = devtoolsTheme();
  document.documentElement.style.colorScheme = theme;
  if (tabId === null) {
    root.render(
      <LanguageProvider initial={loadLanguageChoice()} onChoose={saveLanguageChoice}>
        <PopupNoTab />
      </LanguageProvider>,
    );
    return;
  }
  const store = createPanelStore({ tabId });
  const connection = connectPanel(tabId, { onMessage: (m) => store.getState().receive(m), onDisconnect: () => undefined }, 'control');
  const relay = {
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
      <LanguageProvider initial={loadLanguageChoice()} onChoose={saveLanguageChoice}>
        <PanelContext.Provider value={{ store, relay, env: { extensionVersion: extensionVersion(), panelUrl: panelPageUrl(), userAgent: navigator.userAgent } }}>
          <Popup tabId={tabId} theme={theme} openTraceViewer={openTraceViewer} />
        </PanelContext.Provider>
      </LanguageProvider>
    </StrictMode>,
  );
});

