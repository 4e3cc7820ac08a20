/** The event filter: text, /regex/ or $.json.path expression, chips, and "hide duplicates". */
import { forwardRef } from 'react';
import type { FilterSpec } from '../../lib/panel-store/filter';
import { PRIORITIES } from '../../lib/protocol';
import { shortUrl } from '../format';
import { usePanel } from '../use-panel';
import { useT } from '../i18n';

type ChipField = 'types' | 'sources' | 'streams' | 'priorities';

/** A row of toggle chips for one field; none pressed means every value passes. */
function Chips({ field, label, options, filter, onChange }: {
  field: ChipField;
  label: string;
  options: { value: string; text: string }[];
  filter: FilterSpec;
  onChange: (filter: FilterSpec) => void;
}) {
  const t = useT();
  if (options.length === 0) return null;
  const chosen = filter[field] ?? [];
  return (
    <span className="chips" role="group" aria-label={t('filter.chips', { label })}>
      <span className="muted">{label}:</span>
      {options.map(({ value, text }) => {
        const on = chosen.includes(value);
        return (
          <button
            key={value}
            type="button"
            className={`chip${on ? ' on' : ''}`}
            aria-pressed={on}
            data-testid={`chip-${field}-${value}`}
            title={value}
            onClick={() => onChange({ ...filter, [field]: on ? chosen.filter((v) => v !== value) : [...chosen, value] })}
          >
            {text}
          </button>
        );
      })}
    </span>
  );
}

/** Filter input row; its input is focusable from the keyboard shortcut `/`. */
export const FilterBar = forwardRef<HTMLInputElement, { shown: number; total: number; error: string | null }>(
  function FilterBar({ shown, total, error }, ref) {
    const { filter, setFilter, types, streams, sources } = usePanel((s) => ({ filter: s.filter, setFilter: s.setFilter, types: s.types, streams: s.streams, sources: s.sources }));
    const t = useT();
    const active =
      filter.text.trim() !== '' ||
      filter.hideDuplicates ||
      [filter.types, filter.sources, filter.streams, filter.priorities].some((list) => (list?.length ?? 0) > 0);
    return (
      <div className="filter-area">
      <div className="filter-bar" role="search">
        <input
          ref={ref}
          type="search"
          className={`filter-input mono${error ? ' invalid' : ''}`}
          placeholder={t('filter.placeholder')}
          aria-label={t('filter.label')}
          aria-invalid={error !== null}
          spellCheck={false}
          data-testid="filter-text"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <label className="filter-check">
          <input
            type="checkbox"
            data-testid="filter-hide-duplicates"
            checked={filter.hideDuplicates}
            onChange={(e) => setFilter({ ...filter, hideDuplicates: e.target.checked })}
          />
          {t('filter.hideDuplicates')}
        </label>
        {error ? (
          <span className="filter-error" role="alert" data-testid="filter-error">{error}</span>
        ) : (
          active && <span className="toolbar-text" data-testid="shown-count">{t('filter.shown', { shown, total })}</span>
        )}
      </div>
      <div className="chip-bar">
        <Chips field="types" label={t('filter.chip.type')} filter={filter} onChange={setFilter} options={types.map((type) => ({ value: type, text: type }))} />
        <Chips field="sources" label={t('filter.chip.source')} filter={filter} onChange={setFilter} options={sources.map((v) => ({ value: v, text: v }))} />
        <Chips field="priorities" label={t('filter.chip.priority')} filter={filter} onChange={setFilter} options={PRIORITIES.map((p) => ({ value: p, text: p }))} />
        <Chips field="streams" label={t('filter.chip.stream')} filter={filter} onChange={setFilter} options={streams.map((st) => ({ value: st.id, text: shortUrl(st.url) || st.id }))} />
      </div>
      </div>
    );
  },
);
