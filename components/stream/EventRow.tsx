/** One event row and the table's columns (which the user can show or hide). */
import { memo } from 'react';
import { phaseOf } from '../../lib/flags/phases';
import { flagsFromBits, flagsOn } from '../../lib/flags/tab-flags';
import type { CapturedEvent, EventMark } from '../../lib/protocol';
import { formatSize, formatTime } from '../format';

const PREVIEW_CHARS = 200;

/** What each mark means, for titles and the detail pane. */
export const MARK_TITLES: Record<EventMark, string> = {
  injected: 'Sent from this panel (Send event…): never by any server',
  replayed: 'Sent by a replay from this panel: never by any server',
  dropped: 'A simulated hub fault kept it from the page (the server did send it)',
  duplicated: 'An extra copy a simulated hub fault delivered (the server sent it once)',
  delayed: 'Held by a simulated slow (or down) hub before the page saw it',
};

/** The table's columns, in order, with their grid widths. */
export const COLUMNS = [
  { id: 'time', label: 'Time', width: '92px' },
  { id: 'delta', label: 'Δ', width: '56px' },
  { id: 'source', label: 'Source', width: '74px' },
  { id: 'stream', label: 'Stream', width: 'minmax(60px, 1.2fr)' },
  { id: 'type', label: 'Type', width: 'minmax(70px, 1fr)' },
  { id: 'id', label: 'ID', width: '48px' },
  { id: 'priority', label: 'Priority', width: '64px' },
  { id: 'data', label: 'Data', width: 'minmax(100px, 4fr)' },
  { id: 'size', label: 'Size', width: '72px' },
  { id: 'hub', label: 'Hub', width: 'minmax(90px, 1fr)' },
  { id: 'phase', label: 'Phase', width: '44px' },
] as const;

/** `P1`…`P5` for a phase preset, `off` with no flag on, `mix` for a custom set; the flags in the title. */
function phaseCell(bits: number): { text: string; title: string } {
  const flags = flagsFromBits(bits);
  const phase = phaseOf(flags);
  const on = flagsOn(flags);
  return { text: phase !== null ? `P${phase}` : on.length ? 'mix' : 'off', title: `Flags when the page got it: ${on.join(', ') || 'none'}` };
}

export type ColumnId = (typeof COLUMNS)[number]['id'];

/** The CSS grid template for the visible columns. */
export function columnTemplate(hidden: readonly string[]): string {
  return COLUMNS.filter((c) => !hidden.includes(c.id)).map((c) => c.width).join(' ');
}

interface EventRowProps {
  event: CapturedEvent;
  /** Hidden column ids, joined with commas (a string, so memoisation compares by value). */
  hidden: string;
  /** The event's decision, passed apart so a row re-renders when its decision arrives. */
  decided: CapturedEvent['hub'];
  stream: string;
  selected: boolean;
  top: number;
  onSelect: (key: string) => void;
}

/** One row; memoised, since a render usually changes only the rows that scrolled in. */
export const EventRow = memo(function EventRow({ event, stream, selected, top, onSelect, decided, hidden }: EventRowProps) {
  const hub = decided;
  const shows = (id: ColumnId) => !hidden.includes(id);
  return (
    <div
      className={`event-row${selected ? ' selected' : ''}${event.truncated ? ' truncated' : ''}${event.mark === 'dropped' ? ' marked-dropped' : ''}`}
      role="row"
      aria-selected={selected}
      data-testid="event-row"
      data-type={event.type}
      data-event-id={event.lastEventId}
      data-source={event.source}
      data-via={event.via}
      data-mark={event.mark}
      data-priority={hub?.priority}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(event.key)}
    >
      {shows('time') && <span className="mono">{formatTime(event.pageTime)}</span>}
      {shows('delta') && (
        <span className="num mono" data-testid="event-delta" title="Since the previous event of this stream">
          {event.deltaMs === undefined ? '' : `+${Math.round(event.deltaMs)}`}
        </span>
      )}
      {shows('source') && <span className="ellipsis muted" data-testid="event-source">{event.source}</span>}
      {shows('stream') && <span className="ellipsis" title={stream}>{stream}</span>}
      {shows('type') && (
        <span className="ellipsis type">
          {event.via === 'debugger' && <span className="badge full" data-testid="badge-debugger" title="Seen only by full capture: the page has no listener for this type">full</span>}
          {event.mark && <span className={`badge mark ${event.mark}`} data-testid="badge-mark" title={MARK_TITLES[event.mark]}>{event.mark}</span>}
          <span data-testid="event-type">{event.type}</span>
        </span>
      )}
      {shows('id') && <span className="mono ellipsis" data-testid="event-id">{event.lastEventId}</span>}
      {shows('priority') && <span className={`priority ${hub?.priority ?? ''}`} data-testid="event-priority">{hub?.priority ?? '…'}</span>}
      {shows('data') && <span className="mono ellipsis" data-testid="event-data">{event.data.slice(0, PREVIEW_CHARS)}</span>}
      {shows('size') && <span className="num" data-testid="event-size">
        {event.truncated && <span className="badge" data-testid="badge-truncated" title="Cut to the capture cap">cut</span>}
        {formatSize(event.size)}
      </span>}
      {shows('hub') && <span className="ellipsis hub-cell">
        {hub?.duplicateOf && <span className="badge dup" data-testid="badge-duplicate" title={`Duplicate of ${hub.duplicateOf}: dropped`}>dup</span>}
        {hub?.coalescedInto && <span className="badge coalesced" data-testid="badge-coalesced" title={`Coalesced into ${hub.coalescedInto} (batch ${hub.batchId})`}>coalesced</span>}
        {hub?.compressed && <span className="badge lz" data-testid="badge-compressed" title={`${hub.bytesIn} → ${hub.bytesOut} bytes`}>lz {hub.bytesOut}B</span>}
        {hub?.delivered !== undefined && <span className="wait" title={`Batch ${hub.batchId}, delivered #${hub.delivered}`}>{hub.waitMs} ms</span>}
      </span>}
      {shows('phase') && <PhaseCell bits={event.flags} />}
    </div>
  );
});

function PhaseCell({ bits }: { bits: number }) {
  const { text, title } = phaseCell(bits);
  return <span className="muted" data-testid="event-phase" title={title}>{text}</span>;
}
