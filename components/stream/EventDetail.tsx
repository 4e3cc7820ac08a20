/** The selected event in full: a JSON tree when the data parses, raw text otherwise. */
import { flagsFromBits, flagsOn } from '../../lib/flags/tab-flags';
import { useEffect, useMemo, useState } from 'react';
import { toSseFrame } from '../../lib/sse/frame';
import { copyText } from '../copy-text';
import { Segmented, type SegmentOption } from '../Segmented';
import { allExpanded, collapseAllNested, darkStyles, defaultStyles, JsonView } from 'react-json-view-lite';
import { formatSize, formatTime } from '../format';
import { draftFrom, driveTargets } from '../../lib/panel-store/drive';
import { useHub, usePanel, usePanelStore } from '../use-panel';
import { MARK_TITLES } from './EventRow';
import { LlmDialog } from './LlmDialog';
import { llmApiOf } from '../../lib/llm/assemble';

const DATA_MODES: readonly SegmentOption<'tree' | 'raw'>[] = [
  { id: 'tree', label: 'Tree' },
  { id: 'raw', label: 'Raw' },
];

/** Nodes rendered eagerly; bigger payloads start collapsed below the top level. */
const EXPAND_ALL_BELOW_CHARS = 20_000;

/** Detail pane for the selected event; renders nothing when none is selected. */
export function EventDetail({ theme }: { theme: 'light' | 'dark' }) {
  const { event, select } = usePanel((s) => ({
    // By key, not by scanning: this selector runs on every store update.
    event: s.selectedKey === null ? undefined : s.eventByKey(s.selectedKey),
    version: s.eventsVersion,
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
  const hub = useHub();
  const live = usePanel((s) => s.trace === null);
  const [copied, setCopied] = useState<string | null>(null);
  const [llmOpen, setLlmOpen] = useState(false);
  const [mode, setMode] = useState<'tree' | 'raw'>('tree');
  useEffect(() => setCopied(null), [event?.key]);
  if (!event) return null;
  const copy = async (what: string, text: string) => setCopied((await copyText(text)) ? `${what} copied` : 'Copy failed');
  return (
    <aside className="detail" data-testid="event-detail" aria-label="Event detail">
      <header className="detail-header">
        <strong data-testid="detail-type">{event.type}</strong>
        <span className="mono">id {event.lastEventId || '—'}</span>
        <span>{formatTime(event.pageTime)}</span>
        <span>{formatSize(event.size)}{event.truncated ? ` (showing first ${formatSize(event.data.length)})` : ''}</span>
        <button type="button" className="tool-button close" aria-label="Close detail (Esc)" onClick={() => select(null)}>
          ×
        </button>
      </header>
      <div className="detail-actions">
        <button type="button" className="tool-button bordered" data-testid="copy-json" onClick={() => void copy('JSON', event.data)}>
          Copy data
        </button>
        <button
          type="button"
          className="tool-button bordered"
          data-testid="copy-sse"
          onClick={() => void copy('SSE frame', toSseFrame({ type: event.type, data: event.data, id: event.lastEventId }))}
        >
          Copy as SSE frame
        </button>
        {live && hub.inject && (
          <button
            type="button"
            className="tool-button bordered"
            data-testid="edit-resend"
            title="Open this event in Send event… to change it and send it to the page"
            onClick={() => store.setState({ sendDraft: draftFrom(event, driveTargets(store.getState().streams)) })}
          >
            Edit and resend
          </button>
        )}
        {llmApiOf(event) && (
          <button type="button" className="tool-button bordered" data-testid="llm-assemble" title="Assemble this model stream: text, reasoning, tool calls, usage, pace" onClick={() => setLlmOpen(true)}>
            Model output…
          </button>
        )}
        {llmOpen && <LlmDialog streamId={event.streamId} onClose={() => setLlmOpen(false)} />}
        {copied && <span className="toolbar-text" data-testid="copied">{copied}</span>}
      </div>
      <dl className="hub-decision timing" data-testid="detail-timing">
        <dt>Page received</dt><dd>{formatTime(event.pageTime)}</dd>
        <dt>Hub relayed</dt><dd>{formatTime(event.hubTime)} (+{Math.max(0, Math.round(event.hubTime - event.pageTime))} ms)</dd>
        {event.panelTime !== undefined && (
          <><dt>Panel received</dt><dd>{formatTime(event.panelTime)} (+{Math.max(0, Math.round(event.panelTime - event.pageTime))} ms)</dd></>
        )}
        <dt>Stream</dt><dd className="mono">{event.streamId} #{event.seq} ({event.source})</dd>
        {event.mark && <><dt>Made by the tool</dt><dd data-testid="detail-mark">{event.mark}: {MARK_TITLES[event.mark]}</dd></>}
        {event.via === 'debugger' && <><dt>Seen by</dt><dd data-testid="detail-via">Full capture only (Chrome’s debugger): the page has no listener for this type</dd></>}
        <dt>Flags on</dt><dd className="mono" data-testid="detail-flags">{flagsOn(flagsFromBits(event.flags)).join(', ') || 'none'}</dd>
      </dl>
      {event.hub && (
        <dl className="hub-decision" data-testid="detail-hub">
          <dt>Hub type</dt><dd className="mono">{event.hub.eventType}</dd>
          <dt>Priority</dt><dd>{event.hub.priority}</dd>
          {event.hub.duplicateOf && <><dt>Duplicate of</dt><dd className="mono">{event.hub.duplicateOf} (dropped)</dd></>}
          {event.hub.batchId !== undefined && <><dt>Batch</dt><dd>#{event.hub.batchId}</dd></>}
          {event.hub.coalescedInto && <><dt>Coalesced into</dt><dd className="mono">{event.hub.coalescedInto} (dropped)</dd></>}
          {event.hub.delivered !== undefined && <><dt>Delivered</dt><dd>#{event.hub.delivered} after {event.hub.waitMs} ms</dd></>}
          {event.hub.bytesOut !== undefined && (
            <><dt>Message bytes</dt><dd>{event.hub.compressed ? `${event.hub.bytesIn} → ${event.hub.bytesOut} (lz-string)` : `${event.hub.bytesOut}`}</dd></>
          )}
        </dl>
      )}
      <div className="detail-body">
        {parsed !== undefined && (
          <Segmented
            label="Show data as"
            role="radio"
            options={DATA_MODES}
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
