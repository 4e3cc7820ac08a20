/** A banner with everything the capture dropped or could not trust, counted. */
import { usePanel } from '../use-panel';

const LABELS: Record<string, string> = {
  binary: 'binary bodies',
  oversize: 'oversize events',
  'tap-failed': 'tap failures',
  parse: 'parse errors',
  gap: 'sequence gaps',
  unserializable: 'unserialisable legacy payloads',
  'polling-while-disabled': 'polls while POLLING_DISABLED is on',
  'legacy-while-disabled': 'legacy events while LEGACY_EVENTS_DISABLED is on',
};

/** Shows drop and error counts; hidden when there are none. */
export function ErrorBar() {
  const { counters, panelDropped, lastError } = usePanel((s) => ({
    counters: s.counters,
    panelDropped: s.panelDropped,
    lastError: s.errors[s.errors.length - 1],
  }));
  const parts: { key: string; text: string }[] = [];
  if (counters.evicted > 0) parts.push({ key: 'evicted', text: `${counters.evicted} evicted by the hub buffer` });
  if (panelDropped > 0) parts.push({ key: 'panel-dropped', text: `${panelDropped} dropped by the panel buffer` });
  if (counters.bridgeDropped > 0) parts.push({ key: 'bridge-dropped', text: `${counters.bridgeDropped} lost before the hub (buffers full)` });
  if (counters.rejected > 0) parts.push({ key: 'rejected', text: `${counters.rejected} rejected page messages` });
  for (const [code, count] of Object.entries(counters.errors)) {
    // Rejections and overflows are counted per message above; their error entries only log when.
    if (count && code !== 'rejected' && code !== 'bridge-overflow') {
      parts.push({ key: `error-${code}`, text: `${count} ${LABELS[code] ?? code}` });
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
        <span className="error-last" title={lastError.message}>
          Last: {lastError.message}
        </span>
      )}
    </div>
  );
}
