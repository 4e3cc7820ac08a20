/**
 * Windowed event table: only the rows in view are in the DOM, so 100,000 retained
 * events cost nothing to scroll. Follows the newest event while scrolled to the bottom.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { shortUrl } from '../format';
import { useRelay, usePanel } from '../use-panel';
import { columnTemplate, COLUMNS, EventRow } from './EventRow';
import { FilterBar } from './FilterBar';
import { useFiltered } from './use-filtered';
import { useFixedWindow } from './use-fixed-window';
import { SHORTCUTS, useTableKeys } from './use-table-keys';
import { useT } from '../i18n';

const ROW_HEIGHT = 21;

/** The event table. */
export function EventTable() {
  const { list, view, selectedKey, select, streams, filter, togglePause, hiddenColumns, setHiddenColumns, eventByKey } = usePanel((s) => ({
    eventByKey: s.eventByKey,
    hiddenColumns: s.hiddenColumns,
    setHiddenColumns: s.setHiddenColumns,
    list: s.view === 'delivered' ? s.delivered : s.events,
    view: s.view,
    selectedKey: s.selectedKey,
    select: s.select,
    streams: s.streams,
    filter: s.filter,
    togglePause: s.togglePause,
  }));
  const relay = useRelay();
  const t = useT();
  const { compiled, rows: events } = useFiltered(list, view, filter, eventByKey);
  const filterInput = useRef<HTMLInputElement>(null);
  const streamLabel = useMemo(() => new Map(streams.map((s) => [s.id, shortUrl(s.url) || s.id])), [streams]);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  // Rows there were when the user scrolled away from the tail (null while following).
  const [leftAt, setLeftAt] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const [columnsMenu, setColumnsMenu] = useState(false);
  const hidden = hiddenColumns.join(',');
  // `following` is read while rendering: a render that follows the tail shows the last rows.
  const rowWindow = useFixedWindow(scroller, events.length, ROW_HEIGHT, following.current);

  // Follow the tail by setting scrollTop in the next frame: a scrollTop write right after a
  // render forces a synchronous layout. The rows there are rendered already (see
  // `useFixedWindow`'s `atTail`), so the scroll lays nothing out again. The height is
  // known (rows of one height): reading `scrollHeight` would force the layout earlier.
  useEffect(() => {
    const el = scroller.current;
    if (!following.current || !el) return;
    // Checked again when the frame comes: the user may have scrolled away in between.
    const frame = requestAnimationFrame(() => {
      if (following.current) el.scrollTop = events.length * ROW_HEIGHT;
    });
    return () => cancelAnimationFrame(frame);
  }, [events]);

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
      const el = scroller.current;
      if (!el) return;
      const top = index * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    },
    focusFilter: () => filterInput.current?.focus(),
    togglePause,
    clear: relay.clear,
    toggleHelp: () => setHelp((on) => !on),
  });

  return (
    <div
      className="event-table"
      role="grid"
      aria-rowcount={events.length}
      data-testid="event-table"
      style={{ '--event-columns': columnTemplate(hiddenColumns) } as React.CSSProperties}
    >
      <FilterBar ref={filterInput} shown={events.length} total={list.length} error={compiled.error} />
      <div className="event-row header" role="row">
        {COLUMNS.filter((c) => !hiddenColumns.includes(c.id)).map((c) => (
          <span key={c.id} role="columnheader" className={c.id === 'size' ? 'num' : undefined}>
            {t(`column.${c.id}`)}
          </span>
        ))}
        <button
          type="button"
          className="tool-button columns-button"
          aria-expanded={columnsMenu}
          aria-label={t('events.columns.toggle')}
          data-testid="columns-menu"
          onClick={() => setColumnsMenu((open) => !open)}
        >
          ⋮
        </button>
        {columnsMenu && (
          <div className="columns-menu" role="menu" aria-label={t('events.columns')}>
            {COLUMNS.map((c) => (
              <label key={c.id} role="menuitemcheckbox" aria-checked={!hiddenColumns.includes(c.id)}>
                <input
                  type="checkbox"
                  data-testid={`column-toggle-${c.id}`}
                  checked={!hiddenColumns.includes(c.id)}
                  onChange={(e) => setHiddenColumns(e.target.checked ? hiddenColumns.filter((id) => id !== c.id) : [...hiddenColumns, c.id])}
                />
                {t(`column.${c.id}`)}
              </label>
            ))}
          </div>
        )}
      </div>
      <div
        className="event-scroller"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          // The rows' height is known: `scrollHeight` would force a layout when a render came in between.
          const atTail = el.scrollTop + el.clientHeight >= events.length * ROW_HEIGHT - ROW_HEIGHT;
          if (atTail !== following.current) follow(atTail);
        }}
      >
        {events.length === 0 ? (
          <div className="empty" data-testid="events-empty">
            {list.length === 0 ? t('events.none') : t('events.noMatch')}
          </div>
        ) : (
          <div style={{ height: events.length * ROW_HEIGHT, position: 'relative' }}>
            {events.slice(rowWindow.first, rowWindow.last).map((event, offset) => {
              return (
                <EventRow
                  key={event.key}
                  event={event}
                  hidden={hidden}
                  stream={streamLabel.get(event.streamId) ?? event.streamId}
                  selected={event.key === selectedKey}
                  top={(rowWindow.first + offset) * ROW_HEIGHT}
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
          {t('events.jump', { count: events.length - leftAt })}
        </button>
      )}
      {help && (
        <div className="shortcuts" role="dialog" aria-label={t('events.shortcuts')} data-testid="shortcuts">
          <table className="plain">
            <tbody>
              {SHORTCUTS.map(([keys, what]) => (
                <tr key={keys}>
                  <td className="mono">{keys}</td>
                  <td>{t(what)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

