/**
 * A field-level difference between two payloads (a legacy event's and its SSE twin's),
 * ignoring volatile fields by name (timestamps, ids: a documented, editable list).
 */

/** One differing field: its path (`a.b[0]`), and the value on each side (undefined: absent). */
export interface FieldDiff {
  path: string;
  legacy: unknown;
  sse: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The differences between `legacy` and `sse`, fields named in `ignored` skipped at any depth. Empty when they agree. */
export function diffPayloads(legacy: unknown, sse: unknown, ignored: readonly string[], path = '', out: FieldDiff[] = []): FieldDiff[] {
  if (isPlainObject(legacy) && isPlainObject(sse)) {
    const keys = new Set([...Object.keys(legacy), ...Object.keys(sse)]);
    for (const key of [...keys].sort()) {
      if (ignored.includes(key)) continue;
      diffPayloads(legacy[key], sse[key], ignored, path ? `${path}.${key}` : key, out);
    }
    return out;
  }
  if (Array.isArray(legacy) && Array.isArray(sse)) {
    for (let i = 0; i < Math.max(legacy.length, sse.length); i++) diffPayloads(legacy[i], sse[i], ignored, `${path}[${i}]`, out);
    return out;
  }
  if (!Object.is(legacy, sse) && JSON.stringify(legacy) !== JSON.stringify(sse)) out.push({ path: path || '(value)', legacy, sse });
  return out;
}
