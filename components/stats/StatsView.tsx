/**
 * Hub statistics for the tab: headline numbers (each `data-testid="stat-<name>"` with
 * the bare number as text) and recharts charts over the hub's pre-aggregated series.
 */
import { useMemo } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EVENT_MARKS, PRIORITIES, type EventMark, type HubStats } from '../../lib/protocol';
import { formatSize } from '../format';
import { usePanel } from '../use-panel';

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
export function headline(stats: HubStats, dropped: number): { name: string; label: string; value: number }[] {
  return [
    { name: 'events', label: 'events', value: stats.events },
    { name: 'duplicates', label: 'duplicates', value: stats.duplicates },
    { name: 'batches', label: 'batches', value: stats.batches },
    { name: 'coalesced', label: 'coalesced', value: stats.coalesced },
    { name: 'compressed', label: 'compressed', value: stats.compressed },
    { name: 'bytes-saved', label: 'bytes saved', value: stats.bytesSaved },
    { name: 'dropped', label: 'dropped', value: dropped },
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
  const typeSeries = useMemo(() => {
    if (!stats) return { rows: [], types: [] as string[] };
    const totals = new Map<string, number>();
    for (const bucket of stats.series) for (const [type, n] of Object.entries(bucket.types)) totals.set(type, (totals.get(type) ?? 0) + n);
    const types = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, TYPE_COLORS.length).map(([t]) => t);
    const rows = stats.series.map((b) => ({ t: new Date(b.t).toLocaleTimeString(), ...Object.fromEntries(types.map((t) => [t, b.types[t] ?? 0])) }));
    return { rows, types };
  }, [stats]);
  if (!stats) return <div className="empty">Waiting for the hub…</div>;
  const prioritySeries = stats.series.map((b) => ({
    t: new Date(b.t).toLocaleTimeString(),
    ...Object.fromEntries(PRIORITIES.map((p, i) => [p, b.priorities[i] ?? 0])),
  }));
  const queueRows = PRIORITIES.map((p) => {
    const level = stats.byPriority[p];
    return { priority: p, 'avg wait (ms)': level.delivered ? Math.round(level.waitTotal / level.delivered) : 0, 'max wait (ms)': level.waitMax, 'max depth': level.maxDepth };
  });
  return (
    <div className="stats-view" data-testid="stats-view">
      {statsSource && (
        <p className="muted" data-testid="stats-source">
          {statsSource === 'recorded'
            ? 'As the hub recorded them when the trace was exported. Hub settings → Preview re-runs the engine over these events.'
            : 'Recomputed by the engine from the trace’s events (the trace carries no recorded statistics).'}
        </p>
      )}
      <div className="stat-grid">
        {headline(stats, dropped).map((s) => (
          <Stat key={s.name} {...s} />
        ))}
      </div>
      <div className="chart-grid">
        <Chart title="Events per second by priority">
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
        <Chart title="Events per second by type">
          <BarChart data={typeSeries.rows}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" fontSize={10} />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Legend />
            {typeSeries.types.map((t, i) => (
              <Bar key={t} dataKey={t} stackId="t" fill={TYPE_COLORS[i]} isAnimationActive={false} />
            ))}
          </BarChart>
        </Chart>
        <Chart title="Batch sizes (events per batch)">
          <BarChart data={stats.batchSizes}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="label" fontSize={10} />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" fill="#1a73e8" isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title="Queue wait and depth by priority">
          <BarChart data={queueRows}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="priority" fontSize={10} />
            <YAxis fontSize={10} />
            <Tooltip />
            <Legend />
            <Bar dataKey="avg wait (ms)" fill="#1a73e8" isAnimationActive={false} />
            <Bar dataKey="max wait (ms)" fill="#f29900" isAnimationActive={false} />
            <Bar dataKey="max depth" fill="#80868b" isAnimationActive={false} />
          </BarChart>
        </Chart>
      </div>
      <div className="stats-tables">
        <section>
          <h3>Top duplicate keys</h3>
          {stats.topDuplicateKeys.length === 0 ? (
            <p className="empty">No duplicates.</p>
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
          <h3>Compression (lz-string, payloads over {threshold} characters)</h3>
          <table className="plain">
            <tbody>
              <tr><td>Events compressed</td><td className="num">{stats.compressed}</td></tr>
              <tr><td>Bytes in</td><td className="num">{formatSize(stats.bytesIn)}</td></tr>
              <tr><td>Bytes out</td><td className="num">{formatSize(stats.bytesOut)}</td></tr>
              <tr><td>Ratio</td><td className="num">{stats.bytesIn ? `${((stats.bytesOut / stats.bytesIn) * 100).toFixed(1)} %` : '—'}</td></tr>
            </tbody>
          </table>
          <h3>Made by the tool (not the server’s traffic, or changed by a hub fault)</h3>
          <MarkCounts />
          <h3>Deduplicator memory</h3>
          <table className="plain">
            <tbody>
              <tr><td>Keys held</td><td className="num">{stats.dedupKeys}</td></tr>
              <tr><td>Evicted before their window ended</td><td className="num">{stats.dedupEvictedEarly}</td></tr>
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

/** Retained events by mark: injected, replayed, and what simulated hub faults did. */
function MarkCounts() {
  const { events, version } = usePanel((s) => ({ events: s.events, version: s.eventsVersion }));
  const counts = useMemo(() => {
    const byMark = Object.fromEntries(EVENT_MARKS.map((m) => [m, 0])) as Record<EventMark, number>;
    for (const event of events) if (event.mark) byMark[event.mark] += 1;
    return byMark;
  }, [events, version]);
  return (
    <table className="plain" data-testid="mark-counts">
      <tbody>
        {EVENT_MARKS.map((mark) => (
          <tr key={mark}>
            <td>{mark}</td>
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
