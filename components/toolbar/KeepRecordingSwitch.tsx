/**
 * *Keep recording this site*: the tab's site (its top document's origin) is recorded even
 * with no panel open, into the relay's bounded buffer, so a panel opened later shows what
 * came before. Off by default (a site not opted in keeps today's near-zero page cost).
 */
import { useHub, usePanel } from '../use-panel';

/** The switch, in the panel's toolbar and the toolbar popup. */
export function KeepRecordingSwitch() {
  const { origin, on } = usePanel((s) => s.keepRecording);
  const hub = useHub();
  return (
    <label className="tool-check" title={origin ? `Record ${origin} in every tab even with no panel open` : 'The tab shows no site to keep'}>
      <input type="checkbox" data-testid="keep-recording" checked={on} disabled={origin === null} onChange={(e) => hub.setKeepRecording(e.target.checked)} />
      Keep recording this site
    </label>
  );
}
