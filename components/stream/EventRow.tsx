/** One event row and the table's columns (which the user can show or hide). */
import { memo } from 'react';
import { phaseOf } from '../../lib/flags/phases';
import { flagsFromBits, flagsOn } from '../../lib/flags/tab-flags';
import type { EventMark, PanelEvent } from '../../lib/protocol';
import { formatSize, formatTime } from '../format';
import { useT } from '../i18n';
import type { Translate } from '../../lib/i18n';

const PREVIEW_CHARS = 200;


/** The table's columns, in order, with their grid widths (their names are the catalog's `column.<id>`). */
export const COLUMNS = [
  { id: 'time', width: '92px' },
  { id: 'delta', width: '56px' },
  { id: 'source', width: '74px' },
  { id: 'stream', width: 'minmax(60px, 1.2fr)' },
  { id: 'type', width: 'minmax(70px, 1fr)' },
  { id: 'id', width: '48px' },
  { id: 'priority', width: '64px' },
  { id: 'data', width: 'minmax(100px, 4fr)' },
  { id: 'size', width: '72px' },
  { id: 'hub', width: 'minmax(90px, 1fr)' },
  { id: 'phase', width: '44px' },
] as const;

/** What a mark means, for titles and the detail pane. */
export function markTitle(mark: EventMark, t: Translate): string {
  return t(`mark.${mark}.title`);
}

/** `P1`…`P5` for a phase preset, `off` with no flag on, `mix` for a custom set; the flags in the title. */
function phaseCell(bits: number, t: Translate): { text: string; title: string } {
  const flags = flagsFromBits(bits);
  const phase = phaseOf(flags);
  const on = flagsOn(flags);
  return { text: phase !== null ? `P${phase}` : on.length ? t('row.phase.mix') : t('row.phase.off'), title: t('row.phase.title', { flags: on.join(', ') || t('row.phase.none') }) };
}

export type ColumnId = (typeof COLUMNS)[number]['id'];

/** The CSS grid template for the visible columns. */
export function columnTemplate(hidden: readonly string[]): string {
  return COLUMNS.filter((c) => !hidden.includes(c.id)).map((c) => c.width).join(' ');
}

interface EventRowProps {
  event: PanelEvent;
  /** Hidden column ids, joined with commas (a string, so memoisation compares by value). */
  hidden: string;
  stream: string;
  selected: boolean;
  top: number;
  onSelect: (key: string) => void;
}

/** One row; memoised, since a render usually changes only the rows that scrolled in. */
export const EventRow = memo(function EventRow({ event, stream, selected, top, onSelect, hidden }: EventRowProps) {
  // A decision arrives as a new record (the store replaces the event), so the memo sees it.
  const decision = event.hub;
  const shows = (id: ColumnId) => !hidden.includes(id);
  const t = useT();
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
      data-priority={decision?.priority}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(event.key)}
    >
      {shows('time') && <span className="mono">{formatTime(event.pageTime)}</span>}
      {shows('delta') && (
        <span className="num mono" data-testid="event-delta" title={t('row.delta.title')}>
          {event.deltaMs === undefined ? '' : `+${Math.round(event.deltaMs)}`}
        </span>
      )}
      {shows('source') && <span className="ellipsis muted" data-testid="event-source">{event.source}</span>}
      {shows('stream') && <span className="ellipsis" title={stream}>{stream}</span>}
      {shows('type') && (
        <span className="ellipsis type">
          {event.via === 'debugger' && <span className="badge full" data-testid="badge-debugger" title={t('row.full.title')}>{t('row.full')}</span>}
          {event.mark && <span className={`badge mark ${event.mark}`} data-testid="badge-mark" title={markTitle(event.mark, t)}>{t(`mark.${event.mark}`)}</span>}
          <span data-testid="event-type">{event.type}</span>
        </span>
      )}
      {shows('id') && <span className="mono ellipsis" data-testid="event-id">{event.lastEventId}</span>}
      {shows('priority') && <span className={`priority ${decision?.priority ?? ''}`} data-testid="event-priority">{decision?.priority ?? '…'}</span>}
      {shows('data') && <span className="mono ellipsis" data-testid="event-data">{event.data.slice(0, PREVIEW_CHARS)}</span>}
      {shows('size') && <span className="num" data-testid="event-size">
        {event.truncated && <span className="badge" data-testid="badge-truncated" title={t('row.cut.title')}>{t('row.cut')}</span>}
        {formatSize(event.size)}
      </span>}
      {shows('hub') && <span className="ellipsis hub-cell">
        {decision?.duplicateOf && <span className="badge dup" data-testid="badge-duplicate" title={t('row.dup.title', { key: decision.duplicateOf })}>{t('row.dup')}</span>}
        {decision?.coalescedInto && <span className="badge coalesced" data-testid="badge-coalesced" title={t('row.coalesced.title', { key: decision.coalescedInto, batch: decision.batchId ?? '—' })}>{t('row.coalesced')}</span>}
        {decision?.compressed && <span className="badge lz" data-testid="badge-compressed" title={t('row.lz.title', { bytesIn: decision.bytesIn ?? '—', bytesOut: decision.bytesOut ?? '—' })}>lz {decision.bytesOut}B</span>}
        {decision?.delivered !== undefined && <span className="wait" title={t('row.wait.title', { batch: decision.batchId ?? '—', delivered: decision.delivered })}>{decision.waitMs} ms</span>}
      </span>}
      {shows('phase') && <PhaseCell bits={event.flags} />}
    </div>
  );
});

function PhaseCell({ bits }: { bits: number }) {
  const { text, title } = phaseCell(bits, useT());
  return <span className="muted" data-testid="event-phase" title={title}>{text}</span>;
}
