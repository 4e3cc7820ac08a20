/**
 * The hub's tunables, with the consolidation strategy's values as defaults. Plain
 * JSON (they travel between panel and background and are stored per tab).
 */
import { PRIORITIES, type EventTypeInfo, type HubSettings, type Priority, type RegistryRule } from '../protocol';

/** The registry the seed implies. */
export const DEFAULT_REGISTRY: RegistryRule[] = [
  { match: 'card.*', priority: 'CRITICAL', persistence: true, broadcast: true, routes: ['session-tracker', 'conversation-api', 'analytics'] },
  { match: 'session.started', priority: 'HIGH', persistence: true, broadcast: true, routes: [] },
  { match: 'session.ended', priority: 'HIGH', persistence: true, broadcast: true, routes: [] },
  { match: 'preference.changed', priority: 'HIGH', persistence: true, broadcast: true, routes: [] },
  { match: 'ui.themeChanged', priority: 'NORMAL', persistence: true, broadcast: true, routes: [] },
  { match: 'ui.buttonClick', priority: 'LOW', persistence: false, broadcast: false, routes: ['analytics'] },
  { match: 'session.activity', priority: 'LOW', persistence: false, broadcast: false, routes: [] },
];

/** Default settings. */
export const DEFAULT_HUB_SETTINGS: HubSettings = {
  batchWindowMs: 50,
  dedupWindowMs: 100,
  dedupMaxKeys: 10_000,
  dedupKey: ['eventType', 'eventData.cardId', 'userId'],
  batchKey: ['eventType', 'eventData.cardId'],
  compressThreshold: 1024,
  starvationLimit: 8,
  deliveryBudget: 0,
  registry: DEFAULT_REGISTRY,
  unknownType: { priority: 'NORMAL', persistence: false, broadcast: false, routes: [] },
};

/** Looks up a type in the registry: the first matching rule, else `unknownType`. */
export function lookupType(settings: HubSettings, eventType: string): EventTypeInfo {
  for (const rule of settings.registry) {
    if (rule.match === eventType) return rule;
    if (rule.match.endsWith('.*') && eventType.startsWith(rule.match.slice(0, -1))) return rule;
  }
  return settings.unknownType;
}

/** Fills missing or invalid fields of untrusted settings from the defaults. */
export function normalizeSettings(input: unknown): HubSettings {
  const s = (typeof input === 'object' && input !== null ? input : {}) as Partial<Record<keyof HubSettings, unknown>>;
  const d = DEFAULT_HUB_SETTINGS;
  const count = (v: unknown, fallback: number, max = 3_600_000) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max ? Math.floor(v) : fallback;
  const paths = (v: unknown, fallback: string[]) =>
    Array.isArray(v) && v.length > 0 && v.length <= 8 && v.every((p) => typeof p === 'string' && p.length <= 100) ? (v as string[]) : fallback;
  const info = (v: unknown): EventTypeInfo | null => {
    if (typeof v !== 'object' || v === null) return null;
    const r = v as Record<string, unknown>;
    if (!PRIORITIES.includes(r.priority as Priority)) return null;
    return {
      priority: r.priority as Priority,
      persistence: r.persistence === true,
      broadcast: r.broadcast === true,
      routes: Array.isArray(r.routes) ? r.routes.filter((x): x is string => typeof x === 'string').slice(0, 16) : [],
    };
  };
  const registry = Array.isArray(s.registry)
    ? s.registry.slice(0, 200).flatMap((rule) => {
        const base = info(rule);
        const match = (rule as { match?: unknown }).match;
        return base && typeof match === 'string' && match.length > 0 && match.length <= 200 ? [{ match, ...base }] : [];
      })
    : d.registry;
  return {
    batchWindowMs: count(s.batchWindowMs, d.batchWindowMs, 60_000),
    dedupWindowMs: count(s.dedupWindowMs, d.dedupWindowMs, 60_000),
    dedupMaxKeys: Math.max(1, count(s.dedupMaxKeys, d.dedupMaxKeys, 1_000_000)),
    dedupKey: paths(s.dedupKey, d.dedupKey),
    batchKey: paths(s.batchKey, d.batchKey),
    compressThreshold: count(s.compressThreshold, d.compressThreshold, 64 * 1024 * 1024),
    starvationLimit: Math.max(1, count(s.starvationLimit, d.starvationLimit, 1_000_000)),
    deliveryBudget: count(s.deliveryBudget, d.deliveryBudget, 1_000_000),
    registry,
    unknownType: info(s.unknownType) ?? d.unknownType,
  };
}
