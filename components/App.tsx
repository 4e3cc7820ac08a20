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

/** Root component of the panel. */
export function App({ theme, tabId }: { theme: 'light' | 'dark'; tabId: number }) {
  const [view, setView] = useState<PanelView>('events');
  return (
    <div className={`panel theme-${theme}`} data-testid="panel" data-tab-id={tabId}>
      <Toolbar view={view} onView={setView} />
      <ErrorBar />
      {view === 'events' && (
        <>
          <section className="streams-section" aria-label="Streams">
            <StreamList />
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
    </div>
  );
}

/** Shown when the panel cannot tell which tab it belongs to. */
export function NoTab() {
  return (
    <div className="panel theme-light">
      <div className="empty" data-testid="no-tab">
        Open this panel from DevTools, or as <code>devtools-panel.html?tabId=N</code>.
      </div>
    </div>
  );
}
