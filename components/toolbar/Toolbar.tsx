/** The panel's toolbar: record toggle, clear, counts and connection state. */
import { useHub, usePanel } from '../use-panel';

/** Top toolbar of the panel. */
export function Toolbar() {
  const { paused, connection, total, held, togglePause } = usePanel((s) => ({
    paused: s.paused,
    connection: s.connection,
    total: s.events.length,
    held: s.held.length,
    togglePause: s.togglePause,
    version: s.eventsVersion,
  }));
  const hub = useHub();
  return (
    <div className="toolbar" role="toolbar" aria-label="Recording">
      <button
        type="button"
        className={`tool-button record ${paused ? '' : 'on'}`}
        data-testid="record-toggle"
        aria-pressed={!paused}
        title={paused ? 'Resume recording' : 'Pause recording'}
        onClick={togglePause}
      >
        <span className="record-dot" aria-hidden="true" />
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" className="tool-button" data-testid="clear" title="Clear" onClick={hub.clear}>
        Clear
      </button>
      <span className="toolbar-divider" />
      <span className="toolbar-text" data-testid="event-count">
        {total} events{paused && held > 0 ? ` (+${held} held while paused)` : ''}
      </span>
      <span className="toolbar-spacer" />
      <span className={`connection ${connection}`} data-testid="connection">
        {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
      </span>
    </div>
  );
}
