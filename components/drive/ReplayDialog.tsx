/**
 * *Replay…*: sends a trace file's events, or this capture's (the rows the filter shows,
 * or all), into the live tab. Each source stream maps to a live stream of the tab (by
 * URL, editable). Either what the page captured, or what the consolidated hub would have
 * delivered (duplicates dropped, batches coalesced, priority order, under the engine's
 * settings of the recording). 1×, 10× or as fast as possible, order always kept; pause,
 * step one, stop; progress on screen. Replayed events are marked `replayed`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { eventsFor } from '../../lib/panel-store/export';
import { createReplayRunner, defaultMapping, driveTargets, planReplay, type ReplayMode, type ReplayProgress, type ReplayRunner, type ReplaySpeed } from '../../lib/panel-store/drive';
import type { CapturedEvent, StreamInfo } from '../../lib/protocol';
import { traceSnapshot } from '../../lib/trace/replay';
import { Segmented } from '../Segmented';
import { TraceFileInput } from '../trace/OpenTrace';
import { useHub, usePanel, usePanelStore } from '../use-panel';

type SourceKind = 'filtered' | 'all' | 'trace';

const SPEEDS: { id: string; label: string }[] = [
  { id: '1', label: '1×' },
  { id: '10', label: '10×' },
  { id: 'max', label: 'As fast as possible' },
];

const MODES: { id: ReplayMode; label: string; title: string }[] = [
  { id: 'captured', label: 'As captured', title: 'Every event the page received, at the times it received them' },
  { id: 'delivered', label: 'As the hub would deliver', title: 'The engine’s delivered view: duplicates dropped, batches coalesced, priority order' },
];

/** The replay dialog; `onClose` hides it (a running replay stops). */
export function ReplayDialog({ onClose }: { onClose: () => void }) {
  const store = usePanelStore();
  const hub = useHub();
  const liveStreams = usePanel((s) => s.streams);
  const targets = useMemo(() => driveTargets(liveStreams), [liveStreams]);
  const [kind, setKind] = useState<SourceKind>('filtered');
  const [trace, setTrace] = useState<{ name: string; events: CapturedEvent[]; streams: StreamInfo[] } | null>(null);
  const [traceError, setTraceError] = useState<string | null>(null);
  const [mode, setMode] = useState<ReplayMode>('captured');
  const [speed, setSpeed] = useState<ReplaySpeed>(1);
  const [progress, setProgress] = useState<ReplayProgress | null>(null);
  const runner = useRef<ReplayRunner | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // The source, fixed when chosen: replayed rows arriving in this capture do not join it.
  const source = useMemo(() => {
    if (kind === 'trace') return trace ?? { events: [], streams: [] };
    const s = store.getState();
    const events = [...eventsFor(s, kind)];
    const ids = new Set(events.map((e) => e.streamId));
    return { events, streams: s.streams.filter((st) => ids.has(st.id)) };
  }, [kind, trace, store]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  useEffect(() => setMapping(defaultMapping(source.streams, targets)), [source, targets]);
  const items = useMemo(() => planReplay(source.events, mapping, targets, mode), [source, mapping, targets, mode]);
  useEffect(() => () => runner.current?.stop(), []);

  const running = progress !== null && (progress.status === 'playing' || progress.status === 'paused');
  const start = () => {
    if (!hub.inject) return;
    runner.current?.stop();
    runner.current = createReplayRunner({ items, speed, send: hub.inject, setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (t) => clearTimeout(t as number), onProgress: setProgress });
    return runner.current;
  };
  const close = () => {
    runner.current?.stop();
    onClose();
  };

  return (
    <div className="dialog replay-dialog" role="dialog" aria-modal="true" aria-labelledby="replay-title" data-testid="replay-dialog">
      <h2 id="replay-title">Replay into this tab</h2>
      <fieldset disabled={running}>
        <legend>Events</legend>
        <label><input type="radio" name="replay-source" data-testid="replay-source-filtered" checked={kind === 'filtered'} onChange={() => setKind('filtered')} /> Rows the filter shows</label>
        <label><input type="radio" name="replay-source" data-testid="replay-source-all" checked={kind === 'all'} onChange={() => setKind('all')} /> Whole capture</label>
        <label>
          <input type="radio" name="replay-source" data-testid="replay-source-trace" checked={kind === 'trace'} onChange={() => (trace ? setKind('trace') : fileInput.current?.click())} /> A trace file{' '}
          {trace ? <strong data-testid="replay-trace-name">{trace.name}</strong> : null}{' '}
          <button type="button" className="tool-button bordered" data-testid="replay-open-trace" onClick={() => fileInput.current?.click()}>Choose…</button>
        </label>
        <TraceFileInput
          inputRef={fileInput}
          testId="replay-trace-input"
          onRead={(result, name) => {
            if ('error' in result) return setTraceError(result.error);
            setTraceError(null);
            // The trace's own decisions (or the engine's, under its settings) give the delivered view.
            const snapshot = traceSnapshot(result.trace);
            setTrace({ name, events: snapshot.events, streams: snapshot.streams });
            setKind('trace');
          }}
        />
        {traceError && <p className="error-text" role="alert" data-testid="replay-trace-error">{traceError}</p>}
      </fieldset>
      <fieldset disabled={running}>
        <legend>What the page gets</legend>
        <Segmented label="Replay" role="radio" options={MODES} value={mode} onChange={setMode} testIdPrefix="replay-mode-" />
        <Segmented label="Speed" role="radio" options={SPEEDS} value={String(speed)} onChange={(v) => setSpeed(v === 'max' ? 'max' : (Number(v) as 1 | 10))} testIdPrefix="replay-speed-" />
      </fieldset>
      <fieldset disabled={running}>
        <legend>Streams: from → to</legend>
        {source.streams.length === 0 && <p className="muted">No streams in the source.</p>}
        <table className="plain" data-testid="replay-mapping">
          <tbody>
            {source.streams.map((s) => (
              <tr key={s.id} data-testid="replay-map-row" data-source={s.id} data-url={s.url}>
                <td className="ellipsis mono" title={s.url}>{s.url}</td>
                <td>
                  <select data-testid="replay-map-target" value={mapping[s.id] ?? ''} onChange={(e) => setMapping({ ...mapping, [s.id]: e.target.value })}>
                    <option value="">Skip</option>
                    {targets.map((t) => (
                      <option key={t.id} value={t.id} disabled={t.disabled !== null}>{t.label}</option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <p role="status" data-testid="replay-progress" data-sent={progress?.sent ?? 0} data-total={items.length} data-status={progress?.status ?? 'ready'}>
        {progress ? `${progress.sent} / ${progress.total} sent (${progress.status})` : `${items.length} events to send`}
      </p>
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="replay-close" onClick={close}>Close</button>
        <button type="button" className="tool-button bordered" data-testid="replay-stop" disabled={!running} onClick={() => runner.current?.stop()}>Stop</button>
        <button
          type="button"
          className="tool-button bordered"
          data-testid="replay-step"
          disabled={items.length === 0 || !hub.inject || progress?.status === 'playing'}
          onClick={() => (progress?.status === 'paused' ? runner.current : start())?.step()}
        >
          Step
        </button>
        {progress?.status === 'playing' ? (
          <button type="button" className="tool-button bordered primary" data-testid="replay-pause" onClick={() => runner.current?.pause()}>Pause</button>
        ) : (
          <button
            type="button"
            className="tool-button bordered primary"
            data-testid="replay-play"
            disabled={items.length === 0 || !hub.inject}
            onClick={() => (progress?.status === 'paused' ? runner.current : start())?.play()}
          >
            {progress?.status === 'paused' ? 'Resume' : 'Play'}
          </button>
        )}
      </div>
    </div>
  );
}
