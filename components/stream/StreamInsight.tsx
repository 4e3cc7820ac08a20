/**
 * *Anomalies and gaps* of one stream: what looks wrong (empty data, data that looks like
 * JSON but does not parse, repeated or decreasing ids, oversized events, stalls), each a
 * link to its event, and a histogram of the waits between adjacent events; a bar lists the
 * events that came after its waits (long stalls in red), and a click selects one in the table.
 */
import { useMemo, useState } from 'react';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { streamInsight } from '../../lib/sse/anomalies';
import { shortUrl } from '../format';
import { usePanel } from '../use-panel';
import { useT } from '../i18n';

/** The dialog for stream `streamId`; `onClose` hides it. */
export function StreamInsight({ streamId, onClose }: { streamId: string; onClose: () => void }) {
  const { events, url, select } = usePanel((s) => ({ events: s.events, url: s.streams.find((x) => x.id === streamId)?.url ?? streamId, select: s.select }));
  const t = useT();
  const insight = useMemo(() => streamInsight(events.filter((e) => e.streamId === streamId), undefined, t), [events, streamId, t]);
  const [bar, setBar] = useState<number | null>(null);
  const show = (key: string) => select(key);
  return (
    <div className="dialog insight-dialog" role="dialog" aria-modal="true" aria-labelledby="insight-title" data-testid="insight-dialog">
      <h2 id="insight-title">{t.parts('insight.title', { url: <span key="url" className="mono">{shortUrl(url)}</span> })}</h2>
      <h3>{t('insight.anomalies', { count: insight.anomalies.length })}</h3>
      {insight.anomalies.length === 0 ? (
        <p className="empty" data-testid="insight-clean">{t('insight.clean')}</p>
      ) : (
        <ul className="insight-list" data-testid="insight-anomalies">
          {insight.anomalies.map((a, i) => (
            <li key={i} data-testid="insight-anomaly" data-kind={a.kind}>
              <button type="button" className="tool-button" onClick={() => show(a.key)} title={t('insight.select')}>
                {t(`anomaly.kind.${a.kind}`)}
              </button>{' '}
              {a.message}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('insight.waits')}</h3>
      <figure className="chart" data-testid="insight-gaps">
        <ResponsiveContainer width="100%" height={160}>
          <BarChart data={insight.gaps}>
            <XAxis dataKey="label" fontSize={10} />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" isAnimationActive={false} onClick={(_, index) => setBar(index)} cursor="pointer">
              {insight.gaps.map((g, i) => (
                <Cell key={g.label} fill={g.stall ? '#d93025' : i === bar ? '#174ea6' : '#1a73e8'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <p className="muted">
        {t('insight.bars')}{' '}
        {insight.gaps.map((g, i) => (
          <button key={g.label} type="button" className={`tool-button ${i === bar ? 'active' : ''}`} data-testid="insight-bar" data-count={g.count} disabled={g.count === 0} onClick={() => setBar(i)}>
            {g.label} ({g.count})
          </button>
        ))}
      </p>
      {bar !== null && insight.gaps[bar] && (
        <div data-testid="insight-bar-events">
          {t('insight.after', { label: insight.gaps[bar].label })}{' '}
          {insight.gaps[bar].keys.slice(0, 50).map((key) => (
            <button key={key} type="button" className="tool-button mono" data-testid="insight-bar-event" onClick={() => show(key)}>
              {key.slice(key.lastIndexOf('#'))}
            </button>
          ))}
          {insight.gaps[bar].keys.length > 50 && <span className="muted">{t('insight.more', { count: insight.gaps[bar].keys.length - 50 })}</span>}
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="insight-close" onClick={onClose}>{t('common.close')}</button>
      </div>
    </div>
  );
}
