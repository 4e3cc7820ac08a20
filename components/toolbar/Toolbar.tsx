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
import { useCaptures, useRelay, usePanel, usePanelStore } from '../use-panel';
import { LanguageSwitch, useT } from '../i18n';

/** The panel's main views. */
export type PanelView = 'events' | 'stats' | 'settings' | 'migration';

const VIEWS: PanelView[] = ['events', 'stats', 'settings', 'migration'];

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
    tableView: s.view,
    setTableView: s.setView,
    deliveredCount: s.delivered.length,
    preserveLog: s.preserveLog,
    isTrace: s.trace !== null,
  }));
  const { sendDraft, faults } = usePanel((s) => ({ sendDraft: s.sendDraft, faults: s.flagState?.faults ?? null }));
  const store = usePanelStore();
  const relay = useRelay();
  const t = useT();
  const tableViews: { id: TableView; label: string; title: string }[] = [
    { id: 'captured', label: t('toolbar.table.captured'), title: t('toolbar.table.captured.title') },
    { id: 'delivered', label: t('toolbar.table.delivered', { count: deliveredCount }), title: t('toolbar.table.delivered.title') },
  ];
  const openSend = () =>
    store.setState({ sendDraft: { target: driveTargets(store.getState().streams).find((t) => !t.disabled)?.id ?? '', type: 'message', data: '{}', lastEventId: '' } });
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <Segmented label={t('toolbar.view')} role="tab" options={VIEWS.map((id) => ({ id, label: t(`toolbar.view.${id}`) }))} value={view} onChange={onView} testIdPrefix="tab-" />
      {!isTrace && (
        <>
      <span className="toolbar-divider" />
          <button
            type="button"
            className={`tool-button record ${paused ? '' : 'on'}`}
            data-testid="record-toggle"
            aria-pressed={!paused}
            title={paused ? t('toolbar.resume.title') : t('toolbar.pause.title')}
            onClick={togglePause}
          >
            <span className="record-dot" aria-hidden="true" />
            {paused ? t('toolbar.resume') : t('toolbar.pause')}
          </button>
          <button type="button" className="tool-button" data-testid="clear" title={t('toolbar.clear.title')} onClick={relay.clear}>
            {t('toolbar.clear')}
          </button>
          <label className="tool-check" title={t('toolbar.preserve.title')}>
            <input type="checkbox" data-testid="preserve-log" checked={preserveLog} onChange={(e) => relay.setPreserveLog(e.target.checked)} />
            {t('toolbar.preserve')}
          </label>
        </>
      )}
      <span className="toolbar-divider" />
      <Segmented
        label={t('toolbar.table')}
        role="radio"
        options={tableViews}
        value={tableView}
        onChange={setTableView}
        testIdPrefix="view-"
      />
      <span className="toolbar-divider" />
      <span className="toolbar-text" data-testid="event-count">
        {t('toolbar.events', { count: total })}
        {paused && held > 0 ? t('toolbar.held', { count: held }) : ''}
      </span>
      <span className="toolbar-spacer" />
      <OpenTraceButton />
      <button type="button" className="tool-button" data-testid="export" title={t('toolbar.export.title')} onClick={() => setExporting(true)}>
        {t('toolbar.export')}
      </button>
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
      {hasCaptures && (
        <button type="button" className="tool-button" data-testid="captures" title={t('toolbar.captures.title')} onClick={() => setSavedOpen(true)}>
          {t('toolbar.captures')}
        </button>
      )}
      {savedOpen && <CapturesDialog onClose={() => setSavedOpen(false)} />}
      {!isTrace && relay.inject && (
        <>
          <button type="button" className="tool-button" data-testid="send-event" title={t('toolbar.send.title')} onClick={openSend}>
            {t('toolbar.send')}
          </button>
          <button type="button" className="tool-button" data-testid="replay" title={t('toolbar.replay.title')} onClick={() => setReplaying(true)}>
            {t('toolbar.replay')}
          </button>
        </>
      )}
      {sendDraft && <SendDialog draft={sendDraft} />}
      {replaying && <ReplayDialog onClose={() => setReplaying(false)} />}
      {!isTrace && faults && anyFault(faults) && (
        <span className="fault-indicator" data-testid="toolbar-faults" title={t('toolbar.faults.title')}>
          {t('toolbar.faults', { faults: describeFaults(faults, t) })}
        </span>
      )}
      {!isTrace && (
        <>
          <KeepRecordingSwitch />
          <FullCaptureSwitch />
          <span className={`connection ${connection}`} data-testid="connection">
            {connection === 'live' ? t('toolbar.live') : connection === 'connecting' ? t('toolbar.connecting') : t('toolbar.reconnecting')}
          </span>
        </>
      )}
      <LanguageSwitch />
    </div>
  );
}
