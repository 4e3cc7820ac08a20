/** Says plainly that the panel shows a file: which one, when and where it was recorded, how it was redacted. */
import { useHub, usePanel } from '../use-panel';

const time = (ms: number) => new Date(ms).toLocaleString();

/** The banner under the toolbar while a trace is shown. */
export function TraceBanner() {
  const { trace, events } = usePanel((s) => ({ trace: s.trace, events: s.events.length }));
  const hub = useHub();
  if (!trace) return null;
  const env = trace.environment;
  const kind = trace.kind === 'har' ? 'HAR file' : trace.kind === 'share' ? 'Shared trace' : 'Trace file';
  return (
    <div className="trace-banner" role="status" data-testid="trace-banner">
      <strong>{kind}</strong> <span className="mono" data-testid="trace-name">{trace.name}</span>
      {' — '}
      <span data-testid="trace-recorded">recorded {time(env.startedAt)} to {time(env.endedAt)}</span>
      {env.pageUrl && <> on <span className="mono">{env.pageUrl}</span></>}
      {' · '}
      {events} events{trace.scope.kind === 'filtered' && <> (filtered: {trace.scope.filter})</>}
      {' · '}
      <span data-testid="trace-redaction">
        {trace.redaction.rules.length === 0 ? 'not redacted' : `redacted: ${trace.redaction.replacements} replacements`}
      </span>
      {' · read-only'}
      {hub.backToLive && (
        <button type="button" className="tool-button bordered" data-testid="back-to-live" onClick={hub.backToLive}>
          Back to live
        </button>
      )}
    </div>
  );
}
