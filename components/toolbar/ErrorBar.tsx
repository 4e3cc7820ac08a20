/** A banner with everything the capture dropped or could not trust, counted. */
import { usePanel } from '../use-panel';
import { useT } from '../i18n';
import { translateKept } from '../../lib/i18n';

/** Error codes with a label of their own; others show their code. */
const LABELLED = ['binary', 'oversize', 'tap-failed', 'parse', 'gap', 'unserializable', 'polling-while-disabled', 'legacy-while-disabled'] as const;
const isLabelled = (code: string): code is (typeof LABELLED)[number] => (LABELLED as readonly string[]).includes(code);

/** Shows drop and error counts; hidden when there are none. */
export function ErrorBar() {
  const { counters, panelDropped, lastError } = usePanel((s) => ({
    counters: s.counters,
    panelDropped: s.panelDropped,
    lastError: s.errors[s.errors.length - 1],
  }));
  const t = useT();
  const parts: { key: string; text: string }[] = [];
  if (counters.evicted > 0) parts.push({ key: 'evicted', text: t('errors.evicted', { count: counters.evicted }) });
  if (panelDropped > 0) parts.push({ key: 'panel-dropped', text: t('errors.panelDropped', { count: panelDropped }) });
  if (counters.bridgeDropped > 0) parts.push({ key: 'bridge-dropped', text: t('errors.bridgeDropped', { count: counters.bridgeDropped }) });
  if (counters.rejected > 0) parts.push({ key: 'rejected', text: t('errors.rejected', { count: counters.rejected }) });
  for (const [code, count] of Object.entries(counters.errors)) {
    // Rejections and overflows are counted per message above; their error entries only log when.
    if (count && code !== 'rejected' && code !== 'bridge-overflow') {
      parts.push({ key: `error-${code}`, text: isLabelled(code) ? t(`errors.code.${code}`, { count }) : t('errors.code.other', { count, code }) });
    }
  }
  if (parts.length === 0) return null;
  return (
    <div className="error-bar" role="status" data-testid="error-bar">
      {parts.map((p) => (
        <span key={p.key} className="error-count" data-testid={`count-${p.key}`}>
          {p.text}
        </span>
      ))}
      {lastError && (
        <span className="error-last" title={translateKept(t, lastError.text, lastError.message)}>
          {t('errors.last', { message: translateKept(t, lastError.text, lastError.message) })}
        </span>
      )}
    </div>
  );
}
