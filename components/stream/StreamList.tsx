/**
 * The tab's streams: URL, transport, state, events, reconnects with the Last-Event-ID
 * each resumed from, time to first event, rate, longest silence, and a timeline strip
 * marking reconnects and silences.
 */
import { STREAM_GAP_MARK_MS, type FlagChange, type RawView, type StreamInfo } from '../../lib/protocol';
import { phaseLabel } from '../flags/FlagControls';
import { describeFaults } from '../../lib/flags/tab-flags';
import { shortUrl } from '../format';
import { useRelay, usePanel, usePanelStore } from '../use-panel';
import { rawText } from '../../lib/sse/raw-view';
import { RawDialog } from './RawDialog';
import { StreamDetails } from './StreamDetails';
import { StreamInsight } from './StreamInsight';
import { useState } from 'react';
import { streamFixture } from '../../lib/sse/fixture';
import { saveFile } from '../trace/save-file';
import { useT } from '../i18n';

/** A file name for a stream's fixture: its URL's last path part and query, made safe. */
function fixtureName(url: string): string {
  let base = 'stream';
  try {
    const u = new URL(url);
    base = `${u.pathname.split('/').filter(Boolean).pop() ?? 'stream'}${u.search ? `-${u.search.slice(1)}` : ''}`;
  } catch {
    // Not a URL: the generic name.
  }
  return base.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'stream';
}

const STRIP_WIDTH = 160;
const NO_CHANGES: FlagChange[] = [];

function rate(stream: StreamInfo): string {
  if (stream.firstEventAt === null || stream.lastEventAt === null || stream.events < 2) return '—';
  const seconds = (stream.lastEventAt - stream.firstEventAt) / 1000;
  return seconds > 0 ? (stream.events / seconds).toFixed(1) : '—';
}

function ms(value: number | null): string {
  if (value === null) return '—';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/**
 * Reconnects (orange ticks), silences over the mark threshold (red spans), the tab's
 * flag changes (purple ticks) and simulated hub fault changes (dark red ticks) across the stream's life.
 */
function Timeline({ stream, flagChanges }: { stream: StreamInfo; flagChanges: FlagChange[] }) {
  const t = useT();
  const end = Math.max(stream.lastEventAt ?? stream.openedAt, ...stream.marks.map((m) => m.t), stream.openedAt + 1);
  const changes = flagChanges.filter((c) => c.at >= stream.openedAt && c.at <= end);
  const x = (at: number) => ((at - stream.openedAt) / (end - stream.openedAt)) * STRIP_WIDTH;
  const gaps = stream.marks.filter((m) => m.kind === 'gap').length;
  return (
    <svg
      className="timeline"
      width={STRIP_WIDTH}
      height={12}
      role="img"
      aria-label={t('timeline.label', { reconnects: stream.reconnects, gaps, seconds: STREAM_GAP_MARK_MS / 1000 })}
      data-testid="stream-timeline"
      data-reconnects={stream.marks.filter((m) => m.kind === 'reconnect').length}
      data-gaps={gaps}
      data-flag-changes={changes.length}
    >
      <line x1={0} x2={STRIP_WIDTH} y1={6} y2={6} className="timeline-axis" />
      {stream.firstEventAt !== null && <rect x={x(stream.firstEventAt)} y={4} width={Math.max(1, x(stream.lastEventAt ?? stream.firstEventAt) - x(stream.firstEventAt))} height={4} className="timeline-events" />}
      {stream.marks.map((mark, i) =>
        mark.kind === 'gap' ? (
          <rect key={i} x={x(mark.t - (mark.ms ?? 0))} y={2} width={Math.max(1, x(mark.t) - x(mark.t - (mark.ms ?? 0)))} height={8} className="timeline-gap">
            <title>{t('timeline.silent', { time: ms(mark.ms ?? 0) })}</title>
          </rect>
        ) : (
          <line key={i} x1={x(mark.t)} x2={x(mark.t)} y1={0} y2={12} className="timeline-reconnect">
            <title>{t('timeline.reconnect')}</title>
          </line>
        ),
      )}
      {changes.map((change, i) => (
        <line key={`f${i}`} x1={x(change.at)} x2={x(change.at)} y1={0} y2={12} className={change.cause === 'fault' ? 'timeline-fault' : 'timeline-flags'}>
          <title>
            {change.cause === 'rollback'
              ? t('timeline.rollback', { reason: change.reason ?? '' })
              : change.cause === 'fault'
                ? t('timeline.faults', { faults: change.faults ? describeFaults(change.faults, t) : t('faults.none') })
                : t('timeline.flags', { phase: phaseLabel(change.flags, t) })}
          </title>
        </line>
      ))}
    </svg>
  );
}

const FORMAT_LABELS = { sse: 'SSE', ndjson: 'NDJSON', connect: 'Connect+JSON' } as const;

/** Streams table; `theme` colours the JSON of a request body. */
export function StreamList({ theme }: { theme: 'light' | 'dark' }) {
  const { streams, flagChanges } = usePanel((s) => ({ streams: s.streams, flagChanges: s.flagState?.history ?? NO_CHANGES }));
  const store = usePanelStore();
  const [insight, setInsight] = useState<string | null>(null);
  const [raw, setRaw] = useState<string | null>(null);
  const [details, setDetails] = useState<string | null>(null);
  const relay = useRelay();
  const t = useT();
  /**
   * A fixture is the stream's text as received when the relay kept all of it (byte-identical
   * to what the server sent, once encoded), else the frames rebuilt from its events.
   */
  async function fixtureText(stream: StreamInfo): Promise<string> {
    const rebuilt = () => streamFixture(store.getState().events, stream.id);
    if (relay.requestRaw === null || (stream.transport !== 'fetch' && stream.transport !== 'xhr')) return rebuilt();
    const asked = Date.now();
    relay.requestRaw(stream.id);
    const view = await new Promise<RawView | null>((resolve) => {
      const done = (v: RawView | null) => {
        stop();
        clearTimeout(timer);
        resolve(v);
      };
      const stop = store.subscribe((s) => {
        if (s.raw && s.raw.streamId === stream.id && s.raw.at >= asked) done(s.raw.view);
      });
      const timer = setTimeout(() => done(null), 2_000);
    });
    return view && view.dropped === 0 && !view.pieces.some((p) => p.resync) ? rawText(view) : rebuilt();
  }
  if (streams.length === 0) {
    return <div className="empty" data-testid="streams-empty">{t('streams.empty')}</div>;
  }
  return (
    <>
    <table className="streams" data-testid="streams">
      <thead>
        <tr>
          <th>{t('streams.col.url')}</th>
          <th>{t('streams.col.transport')}</th>
          <th>{t('streams.col.state')}</th>
          <th className="num">{t('streams.col.events')}</th>
          <th className="num">{t('streams.col.reconnects')}</th>
          <th>{t('streams.col.lastId')}</th>
          <th className="num" title={t('streams.col.firstEvent.title')}>{t('streams.col.firstEvent')}</th>
          <th className="num">{t('streams.col.rate')}</th>
          <th className="num">{t('streams.col.gap')}</th>
          <th>{t('streams.col.timeline')}</th>
          <th aria-label={t('streams.col.actions')} />
        </tr>
      </thead>
      <tbody>
        {streams.map((stream) => (
          <tr key={stream.id} data-testid="stream-row" data-transport={stream.transport} data-state={stream.state}>
            <td className="url" title={stream.url}>{shortUrl(stream.url) || t('streams.unknownUrl')}</td>
            <td data-testid="stream-transport" data-format={stream.format ?? (stream.transport === 'fetch' || stream.transport === 'xhr' ? 'sse' : '')}>
              {stream.transport}
              {stream.format && <span className="badge format"> {FORMAT_LABELS[stream.format]}</span>}
              {stream.servedAs !== undefined && (
                <span className="badge format mislabelled" data-testid="stream-served-as" title={t('streams.servedAs.title', { type: stream.servedAs || '—' })}>
                  {' '}{t('streams.servedAs', { type: stream.servedAs || '—' })}
                </span>
              )}
            </td>
            <td><span className={`state ${stream.state}`} data-testid="stream-state" data-state={stream.state}>{t(`streams.state.${stream.state}`)}</span></td>
            <td className="num" data-testid="stream-events">{stream.events}</td>
            <td className="num" data-testid="stream-reconnects">{stream.reconnects}</td>
            <td
              className="mono"
              data-testid="stream-last-event-id"
              title={
                stream.reconnectIds.length
                  ? t('streams.reconnectIds.title', { ids: stream.reconnectIds.map((id) => id || t('streams.reconnectIds.none')).join(' → ') })
                  : undefined
              }
            >
              {stream.lastEventId}
              {stream.reconnectIds.length > 0 && <span className="muted">{t('streams.reconnectIds', { ids: stream.reconnectIds.join(', ') })}</span>}
            </td>
            <td className="num" data-testid="stream-ttfe">{stream.firstEventAt === null ? '—' : ms(stream.firstEventAt - stream.openedAt)}</td>
            <td className="num" data-testid="stream-rate">{rate(stream)}</td>
            <td className="num" data-testid="stream-longest-gap">{stream.events > 1 ? ms(stream.longestGapMs) : '—'}</td>
            <td><Timeline stream={stream} flagChanges={flagChanges} /></td>
            <td className="stream-actions">
              {stream.transport !== 'legacy' && (
                <button type="button" className="tool-button" data-testid="stream-details" title={t('streams.details.title')} onClick={() => setDetails(stream.id)}>
                  {t('streams.details')}
                </button>
              )}
              <button type="button" className="tool-button" data-testid="stream-insight" title={t('streams.anomalies.title')} onClick={() => setInsight(stream.id)}>
                {t('streams.anomalies')}
              </button>
              {/* A legacy system has no text of its own to show or export. */}
              {stream.transport !== 'legacy' && (
                <>
                <button
                  type="button"
                  className="tool-button"
                  data-testid="stream-raw"
                  data-lint={stream.lint ?? 0}
                  title={stream.transport === 'eventsource' ? t('streams.raw.title.rebuilt') : t('streams.raw.title.received')}
                  onClick={() => setRaw(stream.id)}
                >
                  {t('streams.raw')}
                  {stream.lint ? <span className="badge lint" title={t('streams.raw.lint')}> {stream.lint}</span> : null}
                </button>
                <button
                  type="button"
                  className="tool-button"
                  data-testid="stream-fixture"
                  title={t('streams.fixture.title')}
                  onClick={() => void fixtureText(stream).then((text) => saveFile(new TextEncoder().encode(text), `${fixtureName(stream.url)}.sse`, 'text/event-stream'))}
                >
                  .sse
                </button>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    {insight !== null && <StreamInsight streamId={insight} onClose={() => setInsight(null)} />}
    {raw !== null && <RawDialog key={raw} streamId={raw} onClose={() => setRaw(null)} />}
    {details !== null && <StreamDetails key={details} streamId={details} theme={theme} onClose={() => setDetails(null)} />}
    </>
  );
}
