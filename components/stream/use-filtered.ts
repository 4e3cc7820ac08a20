/**
 * The rows a filter lets through, kept incrementally: while the list only grows and the
 * filter is unchanged, only new rows are tested, so a filter costs nothing per batch
 * at 100,000 rows. A shrink (trim, clear) or a new filter recomputes; so does each
 * change while duplicates are hidden, since a row's decision can arrive after the row.
 */
import { useMemo, useRef } from 'react';
import type { CapturedEvent } from '../../lib/protocol';
import { compileFilter, type CompiledFilter, type FilterSpec } from '../../lib/panel-store/filter';
import { useT } from '../i18n';

/** Returns the compiled filter and the rows it passes. */
export function useFiltered(list: CapturedEvent[], version: number, spec: FilterSpec): { compiled: CompiledFilter; rows: CapturedEvent[] } {
  const t = useT();
  const compiled = useMemo(() => compileFilter(spec, t), [spec, t]);
  const cache = useRef<{ list: CapturedEvent[]; compiled: CompiledFilter; seen: number; first: CapturedEvent | undefined; rows: CapturedEvent[] } | null>(null);
  const rows = useMemo(() => {
    const test = compiled.test;
    if (!test) return list;
    const c = cache.current;
    const appendOnly =
      c !== null && c.list === list && c.compiled === compiled && list.length >= c.seen && list[0] === c.first && !spec.hideDuplicates;
    const out = appendOnly ? c.rows : [];
    for (let i = appendOnly ? c.seen : 0; i < list.length; i++) if (test(list[i]!)) out.push(list[i]!);
    cache.current = { list, compiled, seen: list.length, first: list[0], rows: out };
    return appendOnly ? out.slice() : out;
    // `version` stands for in-place changes to `list`.
  }, [list, version, compiled]);
  return { compiled, rows };
}
