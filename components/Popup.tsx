/** The toolbar popup's content: the tab's flags, phase presets and rollback, its hub faults, keep-recording, and *Open trace…*. */
import { FaultControls } from './flags/FaultControls';
import { FlagControls } from './flags/FlagControls';
import { useT } from './i18n';
import { KeepRecordingSwitch } from './toolbar/KeepRecordingSwitch';

/** The popup for tab `tabId`; `openTraceViewer` opens the trace viewer in a new tab. */
export function Popup({ tabId, theme, openTraceViewer }: { tabId: number; theme: 'light' | 'dark'; openTraceViewer: () => void }) {
  const t = useT();
  return (
    <div className={`panel popup theme-${theme}`} data-testid="popup" data-tab-id={tabId}>
      <FlagControls compact />
      <FaultControls compact />
      <KeepRecordingSwitch />
      <p className="muted">{t('popup.more')}</p>
      <button type="button" className="tool-button bordered" data-testid="popup-open-trace" onClick={openTraceViewer}>
        {t('popup.openTrace')}
      </button>
    </div>
  );
}

/** Shown when the popup has no tab to control. */
export function PopupNoTab() {
  return <div className="empty">{useT()('popup.noTab')}</div>;
}
