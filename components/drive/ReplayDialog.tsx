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
import { useRelay, usePanel, usePanelStore } from '../use-panel';
import { useT } from '../i18n';

type SourceKind = 'filtered' | 'all' | 'trace';


/** The replay dialog; `onClose` hides it (a running replay stops). */
export function ReplayDialog({ onClose }: { onClose: () => void }) {
  const store = usePanelStore();
  const relay = useRelay();
  const t = useT();
  const liveStreams = usePanel((s) => s.streams);
  const targets = useMemo(() => driveTargets(liveStreams, t), [liveStreams, t]);
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
    if (!relay.inject) return;
    runner.current?.stop();
    runner.current = createReplayRunner({ items, speed, send: relay.inject, setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (timer) => clearTimeout(timer as number), onProgress: setProgress });
    return runner.current;
  };
  const close = () => {
    runner.current?.stop();
    onClose();
  };

  return (
    <div className="dialog replay-dialog" role="dialog" aria-modal="true" aria-labelledby="replay-title" data-testid="replay-dialog">
      <h2 id="replay-title">{t('replay.title')}</h2>
      <fieldset disabled={running}>
        <legend>{t('replay.events')}</legend>
        <label><input type="radio" name="replay-source" data-testid="replay-source-filtered" checked={kind === 'filtered'} onChange={() => setKind('filtered')} /> {t('replay.filtered')}</label>
        <label><input type="radio" name="replay-source" data-testid="replay-source-all" checked={kind === 'all'} onChange={() => setKind('all')} /> {t('replay.all')}</label>
        <label>
          <input type="radio" name="replay-source" data-testid="replay-source-trace" checked={kind === 'trace'} onChange={() => (trace ? setKind('trace') : fileInput.current?.click())} /> {t('replay.trace')}{' '}
          {trace ? <strong data-testid="replay-trace-name">{trace.name}</strong> : null}{' '}
          <button type="button" className="tool-button bordered" data-testid="replay-open-trace" onClick={() => fileInput.current?.click()}>{t('replay.choose')}</button>
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
        <legend>{t('replay.gets')}</legend>
        <Segmented
          label={t('replay.mode')}
          role="radio"
          options={[
            { id: 'captured' as ReplayMode, label: t('replay.mode.captured'), title: t('replay.mode.captured.title') },
            { id: 'delivered' as ReplayMode, label: t('replay.mode.delivered'), title: t('replay.mode.delivered.title') },
          ]}
          value={mode}
          onChange={setMode}
          testIdPrefix="replay-mode-"
        />
        <Segmented
          label={t('replay.speed')}
          role="radio"
          options={[
            { id: '1', label: '1×' },
            { id: '10', label: '10×' },
            { id: 'max', label: t('replay.speed.max') },
          ]} value={String(speed)} onChange={(v) => setSpeed(v === 'max' ? 'max' : (Number(v) as 1 | 10))} testIdPrefix="replay-speed-" />
      </fieldset>
      <fieldset disabled={running}>
        <legend>{t('replay.mapping')}</legend>
        {source.streams.length === 0 && <p className="muted">{t('replay.noStreams')}</p>}
        <table className="plain" data-testid="replay-mapping">
          <tbody>
            {source.streams.map((s) => (
              <tr key={s.id} data-testid="replay-map-row" data-source={s.id} data-url={s.url}>
                <td className="ellipsis mono" title={s.url}>{s.url}</td>
                <td>
                  <select data-testid="replay-map-target" value={mapping[s.id] ?? ''} onChange={(e) => setMapping({ ...mapping, [s.id]: e.target.value })}>
                    <option value="">{t('replay.skip')}</option>
                    {targets.map((target) => (
                      <option key={target.id} value={target.id} disabled={target.disabled !== null}>{target.label}</option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <p role="status" data-testid="replay-progress" data-sent={progress?.sent ?? 0} data-total={items.length} data-status={progress?.status ?? 'ready'}>
        {progress ? t('replay.progress', { sent: progress.sent, total: progress.total, status: t(`replay.status.${progress.status}`) }) : t('replay.toSend', { count: items.length })}
      </p>
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="replay-close" onClick={close}>{t('common.close')}</button>
        <button type="button" className="tool-button bordered" data-testid="replay-stop" disabled={!running} onClick={() => runner.current?.stop()}>{t('replay.stop')}</button>
        <button
          type="button"
          className="tool-button bordered"
          data-testid="replay-step"
          disabled={items.length === 0 || !relay.inject || progress?.status === 'playing'}
          onClick={() => (progress?.status === 'paused' ? runner.current : start())?.step()}
        >
          {t('replay.step')}
        </button>
        {progress?.status === 'playing' ? (
          <button type="button" className="tool-button bordered primary" data-testid="replay-pause" onClick={() => runner.current?.pause()}>{t('replay.pause')}</button>
        ) : (
          <button
            type="button"
            className="tool-button bordered primary"
            data-testid="replay-play"
            disabled={items.length === 0 || !relay.inject}
            onClick={() => (progress?.status === 'paused' ? runner.current : start())?.play()}
          >
            {progress?.status === 'paused' ? t('replay.resume') : t('replay.play')}
          </button>
        )}
      </div>
    </div>
  );
}
