/**
 * Virtualised event table: only the visible rows are in the DOM, so 100,000 retained
 * events cost nothing to scroll. Follows the newest event while scrolled to the bottom.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { CapturedEvent } from '../../lib/protocol';
import { formatSize, formatTime, shortUrl } from '../format';
import { useHub, usePanel } from '../use-panel';
import { FilterBar } from './FilterBar';
import { useFiltered } from './use-filtered';
import { SHORTCUTS, useTableKeys } from './use-table-keys';

const ROW_HEIGHT = 21;
const PREVIEW_CHARS = 200;

/** The event table. */
export function EventTable() {
  const { list, version, selectedKey, select, streams, filter, togglePause } = usePanel((s) => ({
    list: s.view === 'delivered' ? s.delivered : s.events,
    version: s.eventsVersion,
    selectedKey: s.selectedKey,
    select: s.select,
    streams: s.streams,
    filter: s.filter,
    togglePause: s.togglePause,
  }));
  const hub = useHub();
  const { compiled, rows: events } = useFiltered(list, version, filter);
  const filterInput = useRef<HTMLInputElement>(null);
  const streamLabel = useMemo(() => new Map(streams.map((s) => [s.id, shortUrl(s.url) || s.id])), [streams]);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  // Rows there were when the user scrolled away from the tail (null while following).
  const [leftAt, setLeftAt] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // Follow the tail by setting scrollTop from the known total height, in the next frame:
  // the virtualiser's scrollToIndex re-measured the scroller until it settled, and even a
  // plain scrollTop write right after a render forces a synchronous layout. Together they
  // cost the panel a third of a core at 200 events/s.
  useEffect(() => {
    const el = scroller.current;
    if (!following.current || !el) return;
    const frame = requestAnimationFrame(() => (el.scrollTop = el.scrollHeight));
    return () => cancelAnimationFrame(frame);
  }, [version, events.length]);

  function follow(on: boolean): void {
    following.current = on;
    setLeftAt(on ? null : (current) => current ?? events.length);
  }

  useTableKeys({
    rows: events,
    selectedKey,
    select,
    reveal: (index) => {
      if (index < events.length - 1) follow(false);
      virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    focusFilter: () => filterInput.current?.focus(),
    togglePause,
    clear: hub.clear,
    toggleHelp: () => setHelp((on) => !on),
  });

  return (
    <div className="event-table" role="grid" aria-rowcount={events.length} data-testid="event-table">
      <FilterBar ref={filterInput} shown={events.length} total={list.length} error={compiled.error} />
      <div className="event-row header" role="row">
        <span role="columnheader">Time</span>
        <span role="columnheader">Stream</span>
        <span role="columnheader">Type</span>
        <span role="columnheader">ID</span>
        <span role="columnheader">Priority</span>
        <span role="columnheader">Data</span>
        <span role="columnheader" className="num">Size</span>
        <span role="columnheader">Hub</span>
      </div>
      <div
        className="event-scroller"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atTail = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
          if (atTail !== following.current) follow(atTail);
        }}
      >
        {events.length === 0 ? (
          <div className="empty" data-testid="events-empty">
            {list.length === 0 ? 'No events captured yet.' : 'No event matches the filter.'}
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const event = events[item.index]!;
              return (
                <EventRow
                  key={event.key}
                  event={event}
                  decided={event.hub}
                  stream={streamLabel.get(event.streamId) ?? event.streamId}
                  selected={event.key === selectedKey}
                  top={item.start}
                  onSelect={select}
                />
              );
            })}
          </div>
        )}
      </div>
      {leftAt !== null && events.length > leftAt && (
        <button
          type="button"
          className="tool-button bordered jump-latest"
          data-testid="jump-latest"
          onClick={() => {
            follow(true);
            const el = scroller.current;
            if (el) el.scrollTop = el.scrollHeight;
          }}
        >
          Jump to latest ({events.length - leftAt} new)
        </button>
      )}
      {help && (
        <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts">
          <table className="plain">
            <tbody>
              {SHORTCUTS.map(([keys, what]) => (
                <tr key={keys}>
                  <td className="mono">{keys}</td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

interface EventRowProps {
  event: CapturedEvent;
  /** The event's decision, passed apart so a row re-renders when its decision arrives. */
  decided: CapturedEvent['hub'];
  stream: string;
  selected: boolean;
  top: number;
  onSelect: (key: string) => void;
}

/** One row; memoised, since a render usually changes only the rows that scrolled in. */
const EventRow = memo(function EventRow({ event, stream, selected, top, onSelect, decided }: EventRowProps) {
  const hub = decided;
  return (
    <div
      className={`event-row${selected ? ' selected' : ''}${event.truncated ? ' truncated' : ''}`}
      role="row"
      aria-selected={selected}
      data-testid="event-row"
      data-type={event.type}
      data-event-id={event.lastEventId}
      data-source={event.source}
      data-priority={hub?.priority}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(event.key)}
    >
      <span className="mono">{formatTime(event.pageTime)}</span>
      <span className="ellipsis" title={stream}>{stream}</span>
      <span className="ellipsis type" data-testid="event-type">{event.type}</span>
      <span className="mono ellipsis" data-testid="event-id">{event.lastEventId}</span>
      <span className={`priority ${hub?.priority ?? ''}`} data-testid="event-priority">{hub?.priority ?? '…'}</span>
      <span className="mono ellipsis" data-testid="event-data">{event.data.slice(0, PREVIEW_CHARS)}</span>
      <span className="num" data-testid="event-size">
        {event.truncated && <span className="badge" data-testid="badge-truncated" title="Cut to the capture cap">cut</span>}
        {formatSize(event.size)}
      </span>
      <span className="ellipsis hub-cell">
        {hub?.duplicateOf && <span className="badge dup" data-testid="badge-duplicate" title={`Duplicate of ${hub.duplicateOf}: dropped`}>dup</span>}
        {hub?.coalescedInto && <span className="badge coalesced" data-testid="badge-coalesced" title={`Coalesced into ${hub.coalescedInto} (batch ${hub.batchId})`}>coalesced</span>}
        {hub?.compressed && <span className="badge lz" data-testid="badge-compressed" title={`${hub.bytesIn} → ${hub.bytesOut} bytes`}>lz {hub.bytesOut}B</span>}
        {hub?.delivered !== undefined && <span className="wait" title={`Batch ${hub.batchId}, delivered #${hub.delivered}`}>{hub.waitMs} ms</span>}
      </span>
    </div>
  );
});
