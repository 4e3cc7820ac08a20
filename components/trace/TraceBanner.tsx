/** Says plainly that the panel shows a file: which one, when and where it was recorded, how it was redacted. */
import { useRelay, usePanel } from '../use-panel';
import { useT } from '../i18n';


/** The banner under the toolbar while a trace is shown. */
export function TraceBanner() {
  const { trace, events } = usePanel((s) => ({ trace: s.trace, events: s.events.length }));
  const relay = useRelay();
  const t = useT();
  if (!trace) return null;
  const time = (ms: number) => new Date(ms).toLocaleString(t.language);
  const env = trace.environment;
  const kind = trace.kind === 'har' ? t('banner.har') : trace.kind === 'share' ? t('banner.share') : t('banner.trace');
  return (
    <div className="trace-banner" role="status" data-testid="trace-banner">
      <strong>{kind}</strong> <span className="mono" data-testid="trace-name">{trace.name}</span>
      {' — '}
      <span data-testid="trace-recorded">{t('banner.recorded', { from: time(env.startedAt), to: time(env.endedAt) })}</span>
      {env.pageUrl && t.parts('banner.on', { url: <span key="url" className="mono">{env.pageUrl}</span> })}
      {' · '}
      {t('banner.events', { count: events })}
      {trace.scope.kind === 'filtered' && t('banner.filtered', { filter: trace.scope.filter ?? '' })}
      {' · '}
      <span data-testid="trace-redaction">
        {trace.redaction.rules.length === 0 ? t('banner.notRedacted') : t('banner.redacted', { count: trace.redaction.replacements })}
      </span>
      {` · ${t('banner.readOnly')}`}
      {relay.backToLive && (
        <button type="button" className="tool-button bordered" data-testid="back-to-live" onClick={relay.backToLive}>
          {t('banner.back')}
        </button>
      )}
    </div>
  );
}
