/** The SSE Hub panel: toolbar, error banner, and the events, hub stats, settings or migration view. */
import { useState } from 'react';
import { MigrationView } from './flags/MigrationView';
import { SettingsView } from './stats/SettingsView';
import { StatsView } from './stats/StatsView';
import { EventDetail } from './stream/EventDetail';
import { EventTable } from './stream/EventTable';
import { StreamList } from './stream/StreamList';
import { ErrorBar } from './toolbar/ErrorBar';
import { Toolbar, type PanelView } from './toolbar/Toolbar';
import { TraceBanner } from './trace/TraceBanner';
import { TraceDropZone, TraceWelcome } from './trace/OpenTrace';
import { usePanel } from './use-panel';
import { useT } from './i18n';

/**
 * Root component of the panel: a live tab's, or (`viewer`) the trace viewer's, which
 * shows a welcome until a trace is opened. A trace file dropped anywhere opens.
 */
export function App({ theme, tabId, viewer = false }: { theme: 'light' | 'dark'; tabId: number; viewer?: boolean }) {
  const [view, setView] = useState<PanelView>('events');
  const t = useT();
  const isTrace = usePanel((s) => s.trace !== null);
  if (viewer && !isTrace) {
    return (
      <TraceDropZone className={`panel theme-${theme}`} tabId={tabId} mode="viewer">
        <Toolbar view={view} onView={setView} />
        <TraceWelcome />
      </TraceDropZone>
    );
  }
  return (
    <TraceDropZone className={`panel theme-${theme}`} tabId={tabId} mode={isTrace ? 'trace' : 'live'}>
      <Toolbar view={view} onView={setView} />
      <TraceBanner />
      <ErrorBar />
      {view === 'events' && (
        <>
          <section className="streams-section" aria-label={t('app.streams')}>
            <StreamList theme={theme} />
          </section>
          <div className="main-split">
            <EventTable />
            <EventDetail theme={theme} />
          </div>
        </>
      )}
      {view === 'stats' && <StatsView />}
      {view === 'settings' && <SettingsView />}
      {view === 'migration' && <MigrationView />}
    </TraceDropZone>
  );
}

/** Shown when the panel cannot tell which tab it belongs to. */
export function NoTab() {
  const t = useT();
  return (
    <div className="panel theme-light">
      <div className="empty" data-testid="no-tab">
        {t.parts('app.noTab', { url: <code key="url">devtools-panel.html?tabId=N</code> })}
      </div>
    </div>
  );
}
