/** The selected event in full: a JSON tree when the data parses, raw text otherwise. */
import { flagsFromBits, flagsOn } from '../../lib/flags/tab-flags';
import { useEffect, useMemo, useState } from 'react';
import { toSseFrame } from '../../lib/sse/frame';
import { copyText } from '../copy-text';
import { Segmented } from '../Segmented';
import { allExpanded, collapseAllNested, darkStyles, defaultStyles, JsonView } from 'react-json-view-lite';
import { formatSize, formatTime } from '../format';
import { draftFrom, driveTargets } from '../../lib/panel-store/drive';
import { useRelay, usePanel, usePanelStore } from '../use-panel';
import { markTitle } from './EventRow';
import { LlmDialog } from './LlmDialog';
import { llmApiOf } from '../../lib/llm/assemble';
import { useT } from '../i18n';


/** Nodes rendered eagerly; bigger payloads start collapsed below the top level. */
const EXPAND_ALL_BELOW_CHARS = 20_000;

/** Detail pane for the selected event; renders nothing when none is selected. */
export function EventDetail({ theme }: { theme: 'light' | 'dark' }) {
  const { event, select } = usePanel((s) => ({
    // By key, not by scanning: this selector runs on every store update.
    event: s.selectedKey === null ? undefined : s.eventByKey(s.selectedKey),
    select: s.select,
  }));
  const parsed = useMemo(() => {
    if (!event || event.truncated) return undefined;
    try {
      const value: unknown = JSON.parse(event.data);
      return typeof value === 'object' && value !== null ? value : undefined;
    } catch {
      return undefined;
    }
  }, [event]);
  const store = usePanelStore();
  const relay = useRelay();
  const live = usePanel((s) => s.trace === null);
  const [copied, setCopied] = useState<string | null>(null);
  const [llmOpen, setLlmOpen] = useState(false);
  const [mode, setMode] = useState<'tree' | 'raw'>('tree');
  const t = useT();
  useEffect(() => setCopied(null), [event?.key]);
  if (!event) return null;
  const copy = async (what: string, text: string) => setCopied((await copyText(text)) ? t('detail.copied', { what }) : t('detail.copyFailed'));
  return (
    <aside className="detail" data-testid="event-detail" aria-label={t('detail.label')}>
      <header className="detail-header">
        <strong data-testid="detail-type">{event.type}</strong>
        <span className="mono">{t('detail.id', { id: event.lastEventId || '—' })}</span>
        <span>{formatTime(event.pageTime)}</span>
        <span>{formatSize(event.size)}{event.truncated ? t('detail.showingFirst', { size: formatSize(event.data.length) }) : ''}</span>
        <button type="button" className="tool-button close" aria-label={t('detail.close')} onClick={() => select(null)}>
          ×
        </button>
      </header>
      <div className="detail-actions">
        <button type="button" className="tool-button bordered" data-testid="copy-json" onClick={() => void copy('JSON', event.data)}>
          {t('detail.copyData')}
        </button>
        <button
          type="button"
          className="tool-button bordered"
          data-testid="copy-sse"
          onClick={() => void copy(t('detail.sseFrame'), toSseFrame({ type: event.type, data: event.data, id: event.lastEventId }))}
        >
          {t('detail.copySse')}
        </button>
        {live && relay.inject && (
          <button
            type="button"
            className="tool-button bordered"
            data-testid="edit-resend"
            title={t('detail.edit.title')}
            onClick={() => store.setState({ sendDraft: draftFrom(event, driveTargets(store.getState().streams)) })}
          >
            {t('detail.edit')}
          </button>
        )}
        {llmApiOf(event) && (
          <button type="button" className="tool-button bordered" data-testid="llm-assemble" title={t('detail.llm.title')} onClick={() => setLlmOpen(true)}>
            {t('detail.llm')}
          </button>
        )}
        {llmOpen && <LlmDialog streamId={event.streamId} onClose={() => setLlmOpen(false)} />}
        {copied && <span className="toolbar-text" data-testid="copied">{copied}</span>}
      </div>
      <dl className="hub-decision timing" data-testid="detail-timing">
        <dt>{t('detail.pageReceived')}</dt><dd>{formatTime(event.pageTime)}</dd>
        <dt>{t('detail.hubRelayed')}</dt><dd>{t('detail.after', { time: formatTime(event.hubTime), ms: Math.max(0, Math.round(event.hubTime - event.pageTime)) })}</dd>
        {event.panelTime !== undefined && (
          <><dt>{t('detail.panelReceived')}</dt><dd>{t('detail.after', { time: formatTime(event.panelTime), ms: Math.max(0, Math.round(event.panelTime - event.pageTime)) })}</dd></>
        )}
        <dt>{t('detail.stream')}</dt><dd className="mono">{event.streamId} #{event.seq} ({event.source})</dd>
        {event.mark && <><dt>{t('detail.madeBy')}</dt><dd data-testid="detail-mark" data-mark={event.mark}>{t(`mark.${event.mark}`)}: {markTitle(event.mark, t)}</dd></>}
        {event.via === 'debugger' && <><dt>{t('detail.seenBy')}</dt><dd data-testid="detail-via">{t('detail.seenBy.debugger')}</dd></>}
        <dt>{t('detail.flags')}</dt><dd className="mono" data-testid="detail-flags">{flagsOn(flagsFromBits(event.flags)).join(', ') || t('detail.flags.none')}</dd>
      </dl>
      {event.hub && (
        <dl className="hub-decision" data-testid="detail-hub">
          <dt>{t('detail.hubType')}</dt><dd className="mono">{event.hub.eventType}</dd>
          <dt>{t('detail.priority')}</dt><dd>{event.hub.priority}</dd>
          {event.hub.duplicateOf && <><dt>{t('detail.duplicateOf')}</dt><dd className="mono">{t('detail.dropped', { key: event.hub.duplicateOf })}</dd></>}
          {event.hub.batchId !== undefined && <><dt>{t('detail.batch')}</dt><dd>#{event.hub.batchId}</dd></>}
          {event.hub.coalescedInto && <><dt>{t('detail.coalescedInto')}</dt><dd className="mono">{t('detail.dropped', { key: event.hub.coalescedInto })}</dd></>}
          {event.hub.delivered !== undefined && <><dt>{t('detail.delivered')}</dt><dd>{t('detail.deliveredAfter', { delivered: event.hub.delivered, ms: event.hub.waitMs ?? '—' })}</dd></>}
          {event.hub.bytesOut !== undefined && (
            <><dt>{t('detail.bytes')}</dt><dd>{event.hub.compressed ? t('detail.bytesCompressed', { bytesIn: event.hub.bytesIn ?? '—', bytesOut: event.hub.bytesOut }) : `${event.hub.bytesOut}`}</dd></>
          )}
        </dl>
      )}
      <div className="detail-body">
        {parsed !== undefined && (
          <Segmented
            label={t('detail.showAs')}
            role="radio"
            options={[
              { id: 'tree', label: t('detail.tree') },
              { id: 'raw', label: t('detail.raw') },
            ]}
            value={mode}
            onChange={setMode}
            testIdPrefix="detail-mode-"
          />
        )}
        {parsed !== undefined && mode === 'tree' ? (
          <div data-testid="detail-json">
            <JsonView
              data={parsed as object}
              style={theme === 'dark' ? darkStyles : defaultStyles}
              shouldExpandNode={event.data.length < EXPAND_ALL_BELOW_CHARS ? allExpanded : collapseAllNested}
            />
          </div>
        ) : (
          <pre className="mono raw" data-testid="detail-raw">{event.data}</pre>
        )}
      </div>
    </aside>
  );
}
