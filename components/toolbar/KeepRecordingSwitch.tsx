/**
 * *Keep recording this site*: the tab's site (its top document's origin) is recorded even
 * with no panel open, into the relay's bounded buffer, so a panel opened later shows what
 * came before. Off by default (a site not opted in keeps today's near-zero page cost).
 */
import { useRelay, usePanel } from '../use-panel';
import { useT } from '../i18n';

/** The switch, in the panel's toolbar and the toolbar popup. */
export function KeepRecordingSwitch() {
  const { origin, on } = usePanel((s) => s.keepRecording);
  const relay = useRelay();
  const t = useT();
  return (
    <label className="tool-check" title={origin ? t('keep.title', { origin }) : t('keep.none')}>
      <input type="checkbox" data-testid="keep-recording" checked={on} disabled={origin === null} onChange={(e) => relay.setKeepRecording(e.target.checked)} />
      {t('keep.label')}
    </label>
  );
}
