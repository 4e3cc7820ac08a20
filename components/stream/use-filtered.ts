/**
 * The rows a filter lets through, kept incrementally: while the list only grows (each
 * published list starts with the rows the previous one had) and the filter is unchanged,
 * only new rows are tested (rows kept from before take the new record of an event decided
 * since, looked up by key), so a filter costs little per update at 100,000 rows. A shrink
 * (trim, clear), a row placed among the others (full capture), another list or a new
 * filter recomputes; so does each change while the filter reads decisions (hidden
 * duplicates, priority chips), since a row's decision can arrive after the row.
 */
import { useMemo, useRef } from 'react';
import type { CapturedEvent } from '../../lib/protocol';
import { compileFilter, type CompiledFilter, type FilterSpec } from '../../lib/panel-store/filter';
import { useT } from '../i18n';

/**
 * Returns the compiled filter and the rows of `list` it passes; `source` names the list
 * (the captured or the delivered one), since each update publishes a new array.
 */
export function useFiltered<E extends CapturedEvent>(list: readonly E[], source: string, spec: FilterSpec, current: (key: string) => E | undefined): { compiled: CompiledFilter; rows: readonly E[] } {
  const t = useT();
  const compiled = useMemo(() => compileFilter(spec, t), [spec, t]);
  const cache = useRef<{ source: string; compiled: CompiledFilter; seen: number; first: string | undefined; last: string | undefined; rows: E[] } | null>(null);
  const rows = useMemo(() => {
    const test = compiled.test;
    if (!test) return list;
    const c = cache.current;
    // What a decision decides (duplicates, priorities) is tested again over every row.
    const byDecision = spec.hideDuplicates || (spec.priorities?.length ?? 0) > 0;
    const appendOnly =
      c !== null &&
      c.source === source &&
      c.compiled === compiled &&
      list.length >= c.seen &&
      list[0]?.key === c.first &&
      list[c.seen - 1]?.key === c.last &&
      !byDecision;
    const out = appendOnly ? c.rows : [];
    if (appendOnly) {
      // A decided event is a new record (the store replaces it): rows kept from before take it.
      for (let i = 0; i < out.length; i++) {
        const now = current(out[i]!.key);
        if (now !== undefined && now !== out[i]) out[i] = now;
      }
    }
    for (let i = appendOnly ? c.seen : 0; i < list.length; i++) if (test(list[i]!)) out.push(list[i]!);
    cache.current = { source, compiled, seen: list.length, first: list[0]?.key, last: list[list.length - 1]?.key, rows: out };
    return appendOnly ? out.slice() : out;
  }, [list, source, compiled]);
  return { compiled, rows };
}
