/**
 * The event table's filter language, compiled once per edit and applied per row:
 *
 *   card updated          every word must appear in the type or the data (case-insensitive)
 *   /card\.(created|deleted)/i   a regular expression over the type and the data
 *   $.eventData.cardId == "c1"    a JSON-path comparison on the parsed data
 *                                 (== != < <= > >=, strings in double quotes, numbers,
 *                                 true/false/null; `$.a.b` alone means "exists")
 *
 * Plus chips (only these types, sources, streams, priorities; none chosen means all)
 * and "hide duplicates" (events the hub dropped as duplicates).
 */
import type { CapturedEvent } from '../protocol';
import { english, type Translate } from '../i18n';

/** What the user set. */
export interface FilterSpec {
  text: string;
  hideDuplicates: boolean;
  /** Chips: an empty list lets every value through. */
  types?: string[];
  sources?: string[];
  streams?: string[];
  priorities?: string[];
}

/** The chip lists of a spec, by the event field each one filters. */
const CHIP_FIELDS = [
  ['types', (e: CapturedEvent) => e.type],
  ['sources', (e: CapturedEvent) => e.source],
  ['streams', (e: CapturedEvent) => e.streamId],
  ['priorities', (e: CapturedEvent) => e.hub?.priority ?? ''],
] as const;

/** A compiled filter: `test` is null when everything passes; `error` explains a bad expression. */
export interface CompiledFilter {
  test: ((event: CapturedEvent) => boolean) | null;
  error: string | null;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>'] as const;
type Operator = (typeof OPERATORS)[number];

function parseLiteral(text: string): { value: unknown } | null {
  const trimmed = text.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(trimmed)) return { value: JSON.parse(trimmed) as string };
  if (trimmed === 'true' || trimmed === 'false' || trimmed === 'null') return { value: JSON.parse(trimmed) as unknown };
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return { value: Number(trimmed) };
  return null;
}

function compare(left: unknown, op: Operator, right: unknown): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    default: {
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) return false;
      const l = left as number | string;
      const r = right as number | string;
      return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
    }
  }
}

/** Compiles a JSON-path comparison, or returns an error message. */
function compilePath(text: string, t: Translate): ((event: CapturedEvent) => boolean) | string {
  const match = /^\$((?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+))?$/.exec(text.trim());
  if (!match) return t('filter.error.path');
  const steps = [...match[1]!.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  const op = match[2] as Operator | undefined;
  let literal: { value: unknown } | null = null;
  if (op) {
    literal = parseLiteral(match[3]!);
    if (!literal) return t('filter.error.value', { value: match[3]!.trim() });
  }
  // Parsed data per event, so typing a filter over 100,000 rows parses each payload once.
  const cache = new WeakMap<CapturedEvent, unknown>();
  return (event) => {
    let data = cache.get(event);
    if (data === undefined) {
      try {
        data = event.truncated ? null : (JSON.parse(event.data) as unknown);
      } catch {
        data = null;
      }
      cache.set(event, data);
    }
    // A missing step (or data that is not JSON) reads as undefined, as in JavaScript.
    let at: unknown = data;
    for (const step of steps) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[step] : undefined;
    return op ? compare(at, op, literal!.value) : at !== undefined;
  };
}

/** Compiles a filter spec; `t` writes its error (defaults to English). */
export function compileFilter(spec: FilterSpec, t: Translate = english): CompiledFilter {
  const text = spec.text.trim();
  let matchText: ((event: CapturedEvent) => boolean) | null = null;
  if (text.startsWith('$')) {
    const compiled = compilePath(text, t);
    if (typeof compiled === 'string') return { test: null, error: compiled };
    matchText = compiled;
  } else if (/^\/.+\/[a-z]*$/.test(text)) {
    const end = text.lastIndexOf('/');
    try {
      const regex = new RegExp(text.slice(1, end), text.slice(end + 1).replace(/[gy]/g, ''));
      matchText = (event) => regex.test(event.type) || regex.test(event.data);
    } catch (error) {
      return { test: null, error: t('filter.error.regex', { error: (error as Error).message }) };
    }
  } else if (text !== '') {
    const words = text.toLowerCase().split(/\s+/);
    matchText = (event) => {
      const haystack = `${event.type}\n${event.data}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    };
  }
  const hide = spec.hideDuplicates;
  const chips = CHIP_FIELDS.flatMap(([name, read]) => {
    const chosen = spec[name];
    return chosen && chosen.length > 0 ? [{ allowed: new Set<string>(chosen), read }] : [];
  });
  if (!matchText && !hide && chips.length === 0) return { test: null, error: null };
  return {
    test: (event) =>
      (!hide || event.hub?.duplicateOf === undefined) &&
      chips.every((chip) => chip.allowed.has(chip.read(event))) &&
      (!matchText || matchText(event)),
    error: null,
  };
}
