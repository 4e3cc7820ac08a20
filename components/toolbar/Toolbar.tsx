/** The panel's toolbar: views, record toggle, clear, table mode, counts and connection state. */
import { useState } from 'react';
import { ReplayDialog } from '../drive/ReplayDialog';
import { SendDialog } from '../drive/SendDialog';
import { describeFaults } from '../../lib/flags/tab-flags';
import { driveTargets } from '../../lib/panel-store/drive';
import { anyFault } from '../../lib/protocol';
import { CapturesDialog } from '../trace/CapturesDialog';
import { ExportDialog } from '../trace/ExportDialog';
import { OpenTraceButton } from '../trace/OpenTrace';
import { FullCaptureSwitch } from './FullCaptureSwitch';
import { KeepRecordingSwitch } from './KeepRecordingSwitch';
import type { TableView } from '../../lib/panel-store/create-panel-store';
import { Segmented } from '../Segmented';
import { useCaptures, useHub, usePanel, usePanelStore } from '../use-panel';

/** The panel's main views. */
export type PanelView = 'events' | 'stats' | 'settings' | 'migration';

const VIEWS: { id: PanelView; label: string }[] = [
  { id: 'events', label: 'Events' },
  { id: 'stats', label: 'Hub stats' },
  { id: 'settings', label: 'Hub settings' },
  { id: 'migration', label: 'Migration' },
];

const TABLE_VIEWS: { id: TableView; label: string; title: string }[] = [
  { id: 'captured', label: 'Captured', title: 'What the page received, in arrival order' },
  { id: 'delivered', label: 'Delivered', title: 'What a consolidated hub would send, in delivery order' },
];

/** Top toolbar of the panel. */
export function Toolbar({ view, onView }: { view: PanelView; onView: (view: PanelView) => void }) {
  const [exporting, setExporting] = useState(false);
  const [savedOpen, setSavedOpen] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const hasCaptures = useCaptures() !== null;
  const { paused, connection, total, held, togglePause, tableView, setTableView, deliveredCount, preserveLog, isTrace } = usePanel((s) => ({
    paused: s.paused,
    connection: s.connection,
    total: s.events.length,
    held: s.held.length,
    togglePause: s.togglePause,
    version: s.eventsVersion,
    tableView: s.view,
    setTableView: s.setView,
    deliveredCount: s.delivered.length,
    preserveLog: s.preserveLog,
    isTrace: s.trace !== null,
  }));
  const { sendDraft, faults } = usePanel((s) => ({ sendDraft: s.sendDraft, faults: s.flagState?.faults ?? null }));
  const store = usePanelStore();
  const hub = useHub();
  const openSend = () =>
    store.setState({ sendDraft: { target: driveTargets(store.getState().streams).find((t) => !t.disabled)?.id ?? '', type: 'message', data: '{}', lastEventId: '' } });
  return (
    <div className="toolbar" role="toolbar" aria-label="Recording">
      <Segmented label="View" role="tab" options={VIEWS} value={view} onChange={onView} testIdPrefix="tab-" />
      {!isTrace && (
        <>
      <span className="toolbar-divider" />
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
          <button type="button" className="tool-button" data-testid="clear" title="Clear (Ctrl+L)" onClick={hub.clear}>
            Clear
          </button>
          <label className="tool-check" title="Keep events across page reloads and navigations">
            <input type="checkbox" data-testid="preserve-log" checked={preserveLog} onChange={(e) => hub.setPreserveLog(e.target.checked)} />
            Preserve log
          </label>
        </>
      )}
      <span className="toolbar-divider" />
      <Segmented
        label="Table shows"
        role="radio"
        options={TABLE_VIEWS.map((v) => (v.id === 'delivered' ? { ...v, label: `${v.label} (${deliveredCount})` } : v))}
        value={tableView}
        onChange={setTableView}
        testIdPrefix="view-"
      />
      <span className="toolbar-divider" />
      <span className="toolbar-text" data-testid="event-count">
        {total} events{paused && held > 0 ? ` (+${held} held while paused)` : ''}
      </span>
      <span className="toolbar-spacer" />
      <OpenTraceButton />
      <button type="button" className="tool-button" data-testid="export" title="Export the capture as a trace file, HAR or link (redacted)" onClick={() => setExporting(true)}>
        Export…
      </button>
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
      {hasCaptures && (
        <button type="button" className="tool-button" data-testid="captures" title="Save this capture in the browser, or open a saved one" onClick={() => setSavedOpen(true)}>
          Captures…
        </button>
      )}
      {savedOpen && <CapturesDialog onClose={() => setSavedOpen(false)} />}
      {!isTrace && hub.inject && (
        <>
          <button type="button" className="tool-button" data-testid="send-event" title="Send an event to the page: a genuine MessageEvent on its own EventSource" onClick={openSend}>
            Send event…
          </button>
          <button type="button" className="tool-button" data-testid="replay" title="Replay a trace or this capture into the tab, as captured or as the hub would deliver" onClick={() => setReplaying(true)}>
            Replay…
          </button>
        </>
      )}
      {sendDraft && <SendDialog draft={sendDraft} />}
      {replaying && <ReplayDialog onClose={() => setReplaying(false)} />}
      {!isTrace && faults && anyFault(faults) && (
        <span className="fault-indicator" data-testid="toolbar-faults" title="Simulated hub faults in force for this tab (Migration view to change or end them)">
          Hub faults: {describeFaults(faults)}
        </span>
      )}
      {!isTrace && (
        <>
          <KeepRecordingSwitch />
          <FullCaptureSwitch />
          <span className={`connection ${connection}`} data-testid="connection">
            {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
        </>
      )}
    </div>
  );
}
