/**
 * Hub statistics for the tab: headline numbers (each `data-testid="stat-<name>"` with
 * the bare number as text) and recharts charts over the hub's pre-aggregated series.
 */
import { useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EVENT_MARKS, PRIORITIES, type EventMark, type HubStats } from '../../lib/protocol';
import { formatSize } from '../format';
import { usePanel } from '../use-panel';
import { useT } from '../i18n';
import type { Translate } from '../../lib/i18n';

const PRIORITY_COLORS = ['#d93025', '#f29900', '#1a73e8', '#80868b'];
const TYPE_COLORS = ['#1a73e8', '#d93025', '#188038', '#f29900', '#a142f4', '#12b5cb', '#e8710a', '#5f6368'];

/** A headline figure. */
function Stat({ name, label, value, hint }: { name: string; label: string; value: number; hint?: string }) {
  return (
    <div className="stat" title={hint}>
      <div className="stat-value" data-testid={`stat-${name}`}>{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** The headline numbers of a stats object, shared by the live view and the what-if comparison. */
export function headline(stats: HubStats, dropped: number, t: Translate): { name: string; label: string; value: number }[] {
  return [
    { name: 'events', label: t('stat.events'), value: stats.events },
    { name: 'duplicates', label: t('stat.duplicates'), value: stats.duplicates },
    { name: 'batches', label: t('stat.batches'), value: stats.batches },
    { name: 'coalesced', label: t('stat.coalesced'), value: stats.coalesced },
    { name: 'compressed', label: t('stat.compressed'), value: stats.compressed },
    { name: 'bytes-saved', label: t('stat.bytes-saved'), value: stats.bytesSaved },
    { name: 'dropped', label: t('stat.dropped'), value: dropped },
    ...PRIORITIES.map((p) => ({ name: `priority-${p.toLowerCase()}`, label: p, value: stats.byPriority[p].captured })),
  ];
}

/** The stats view. */
export function StatsView() {
  const { stats, dropped, threshold, statsSource } = usePanel((s) => ({
    stats: s.stats,
    statsSource: s.trace?.stats ?? null,
    threshold: s.settings?.compressThreshold ?? 1024,
    dropped: s.counters.evicted + s.counters.bridgeDropped + s.panelDropped,
  }));
  const t = useT();
  const typeSeries = useMemo(() => {
    if (!stats) return { rows: [], types: [] as string[] };
    const totals = new Map<string, number>();
    for (const bucket of stats.series) for (const [type, n] of Object.entries(bucket.types)) totals.set(type, (totals.get(type) ?? 0) + n);
    const types = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, TYPE_COLORS.length).map(([type]) => type);
    const rows = stats.series.map((b) => ({ t: new Date(b.t).toLocaleTimeString(t.language), ...Object.fromEntries(types.map((type) => [type, b.types[type] ?? 0])) }));
    return { rows, types };
  }, [stats, t]);
  if (!stats) return <div className="empty">{t('stats.waiting')}</div>;
  const prioritySeries = stats.series.map((b) => ({
    t: new Date(b.t).toLocaleTimeString(t.language),
    ...Object.fromEntries(PRIORITIES.map((p, i) => [p, b.priorities[i] ?? 0])),
  }));
  const queueRows = PRIORITIES.map((p) => {
    const level = stats.byPriority[p];
    return { priority: p, avgWait: level.delivered ? Math.round(level.waitTotal / level.delivered) : 0, maxWait: level.waitMax, maxDepth: level.maxDepth };
  });
  return (
    <div className="stats-view" data-testid="stats-view">
      {statsSource && (
        <p className="muted" data-testid="stats-source">
          {statsSource === 'recorded'
            ? t('stats.recorded')
            : t('stats.recomputed')}
        </p>
      )}
      <div className="stat-grid">
        {headline(stats, dropped, t).map((s) => (
          <Stat key={s.name} {...s} />
        ))}
      </div>
      <div className="chart-grid">
        <Chart title={t('chart.byPriority')}>
          <AreaChart data={prioritySeries}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" fontSize={10} />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Legend />
            {PRIORITIES.map((p, i) => (
              <Area key={p} type="stepAfter" dataKey={p} stackId="p" stroke={PRIORITY_COLORS[i]} fill={PRIORITY_COLORS[i]} isAnimationActive={false} />
            ))}
          </AreaChart>
        </Chart>
        <Chart title={t('chart.byType')}>
          <BarChart data={typeSeries.rows}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" fontSize={10} />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Legend />
            {typeSeries.types.map((type, i) => (
              <Bar key={type} dataKey={type} stackId="t" fill={TYPE_COLORS[i]} isAnimationActive={false} />
            ))}
          </BarChart>
        </Chart>
        <Chart title={t('chart.batchSizes')}>
          <BarChart data={stats.batchSizes}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="label" fontSize={10} />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" name={t('chart.count')} fill="#1a73e8" isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title={t('chart.queue')}>
          <BarChart data={queueRows}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="priority" fontSize={10} />
            <YAxis fontSize={10} />
            <Tooltip />
            <Legend />
            <Bar dataKey="avgWait" name={t('chart.avgWait')} fill="#1a73e8" isAnimationActive={false} />
            <Bar dataKey="maxWait" name={t('chart.maxWait')} fill="#f29900" isAnimationActive={false} />
            <Bar dataKey="maxDepth" name={t('chart.maxDepth')} fill="#80868b" isAnimationActive={false} />
          </BarChart>
        </Chart>
      </div>
      <div className="stats-tables">
        <section>
          <h3>{t('stats.topDuplicates')}</h3>
          {stats.topDuplicateKeys.length === 0 ? (
            <p className="empty">{t('stats.noDuplicates')}</p>
          ) : (
            <table className="plain" data-testid="duplicate-keys">
              <tbody>
                {stats.topDuplicateKeys.map((k) => (
                  <tr key={k.key}>
                    <td className="mono">{k.key}</td>
                    <td className="num">{k.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section>
          <h3>{t('stats.compression', { threshold })}</h3>
          <table className="plain">
            <tbody>
              <tr><td>{t('stats.eventsCompressed')}</td><td className="num">{stats.compressed}</td></tr>
              <tr><td>{t('stats.bytesIn')}</td><td className="num">{formatSize(stats.bytesIn)}</td></tr>
              <tr><td>{t('stats.bytesOut')}</td><td className="num">{formatSize(stats.bytesOut)}</td></tr>
              <tr><td>{t('stats.ratio')}</td><td className="num">{stats.bytesIn ? `${((stats.bytesOut / stats.bytesIn) * 100).toFixed(1)} %` : '—'}</td></tr>
            </tbody>
          </table>
          <h3>{t('stats.marks')}</h3>
          <MarkCounts />
          <h3>{t('stats.dedup')}</h3>
          <table className="plain">
            <tbody>
              <tr><td>{t('stats.dedupKeys')}</td><td className="num">{stats.dedupKeys}</td></tr>
              <tr><td>{t('stats.dedupEvicted')}</td><td className="num">{stats.dedupEvictedEarly}</td></tr>
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

/** Retained events by mark: injected, replayed, and what simulated hub faults did. */
function MarkCounts() {
  const events = usePanel((s) => s.events);
  const t = useT();
  const counts = useMemo(() => {
    const byMark = Object.fromEntries(EVENT_MARKS.map((m) => [m, 0])) as Record<EventMark, number>;
    for (const event of events) if (event.mark) byMark[event.mark] += 1;
    return byMark;
  }, [events]);
  return (
    <table className="plain" data-testid="mark-counts">
      <tbody>
        {EVENT_MARKS.map((mark) => (
          <tr key={mark}>
            <td>{t(`mark.${mark}`)}</td>
            <td className="num" data-testid={`mark-count-${mark}`}>{counts[mark]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
