/**
 * The rows a filter lets through, kept incrementally: while the list only grows and the
 * filter is unchanged, only new rows are tested (rows kept from before take the new
 * record of an event decided since, looked up by key), so a filter costs little per
 * batch at 100,000 rows. A shrink (trim, clear) or a new filter recomputes; so does each
 * change while the filter reads decisions (hidden duplicates, priority chips), since a
 * row's decision can arrive after the row.
 */
import { useMemo, useRef } from 'react';
import type { CapturedEvent } from '../../lib/protocol';
import { compileFilter, type CompiledFilter, type FilterSpec } from '../../lib/panel-store/filter';
import { useT } from '../i18n';

/** Returns the compiled filter and the rows it passes. */
export function useFiltered<E extends CapturedEvent>(list: E[], version: number, spec: FilterSpec, current: (key: string) => E | undefined): { compiled: CompiledFilter; rows: E[] } {
  const t = useT();
  const compiled = useMemo(() => compileFilter(spec, t), [spec, t]);
  const cache = useRef<{ list: E[]; compiled: CompiledFilter; seen: number; first: string | undefined; rows: E[] } | null>(null);
  const rows = useMemo(() => {
    const test = compiled.test;
    if (!test) return list;
    const c = cache.current;
    // What a decision decides (duplicates, priorities) is tested again over every row.
    const byDecision = spec.hideDuplicates || (spec.priorities?.length ?? 0) > 0;
    const appendOnly = c !== null && c.list === list && c.compiled === compiled && list.length >= c.seen && list[0]?.key === c.first && !byDecision;
    const out = appendOnly ? c.rows : [];
    if (appendOnly) {
      // A decided event is a new record (the store replaces it): rows kept from before take it.
      for (let i = 0; i < out.length; i++) {
        const now = current(out[i]!.key);
        if (now !== undefined && now !== out[i]) out[i] = now;
      }
    }
    for (let i = appendOnly ? c.seen : 0; i < list.length; i++) if (test(list[i]!)) out.push(list[i]!);
    cache.current = { list, compiled, seen: list.length, first: list[0]?.key, rows: out };
    return appendOnly ? out.slice() : out;
    // `version` stands for in-place changes to `list`.
  }, [list, version, compiled]);
  return { compiled, rows };
}
