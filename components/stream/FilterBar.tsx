/** The event filter: text, /regex/ or $.json.path expression, and "hide duplicates". */
import { forwardRef } from 'react';
import { usePanel } from '../use-panel';

/** Filter input row; its input is focusable from the keyboard shortcut `/`. */
export const FilterBar = forwardRef<HTMLInputElement, { shown: number; total: number; error: string | null }>(
  function FilterBar({ shown, total, error }, ref) {
    const { filter, setFilter } = usePanel((s) => ({ filter: s.filter, setFilter: s.setFilter }));
    const active = filter.text.trim() !== '' || filter.hideDuplicates;
    return (
      <div className="filter-bar" role="search">
        <input
          ref={ref}
          type="search"
          className={`filter-input mono${error ? ' invalid' : ''}`}
          placeholder='Filter: words, /regex/, or $.eventData.cardId == "c1"'
          aria-label="Filter events"
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
          Hide duplicates
        </label>
        {error ? (
          <span className="filter-error" role="alert" data-testid="filter-error">{error}</span>
        ) : (
          active && <span className="toolbar-text" data-testid="shown-count">{shown} of {total} shown</span>
        )}
      </div>
    );
  },
);
