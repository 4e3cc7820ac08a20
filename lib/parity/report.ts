/** The parity report for a QA sign-off: JSON (everything) and CSV (one row per pair or orphan). */
import type { Flags } from '../protocol';
import type { ParityReport, ParitySettings } from './pairing';

/** When and under what the report was computed. */
export interface ParityContext {
  /** The phase the flags amount to, or null. */
  phase: number | null;
  flags: Flags | null;
  /** The event table's filter in force, or '' for all events. */
  filter: string;
  computedAt: number;
  /** Pairing covered events from this page time on (0: all retained events). */
  since?: number;
  /** The app's optimistic updates and their confirmations, counted. */
  optimistic?: { counts: Record<string, number>; p50: number | null; p95: number | null; max: number | null };
}

/** The report as JSON text: counts, the settings and rules it was computed under, and every pair or orphan. */
export function parityJson(report: ParityReport, settings: ParitySettings, context: ParityContext): string {
  return JSON.stringify(
    {
      format: 'sse-hub-parity',
      version: 1,
      ...context,
      settings,
      total: report.total,
      byType: Object.fromEntries(report.byType),
      bySystem: Object.fromEntries(report.bySystem),
      entries: report.entries.map((e) => ({
        class: e.class,
        type: e.type,
        system: e.system,
        legacyKey: e.legacy?.key ?? null,
        sseKey: e.sse?.key ?? null,
        legacyTime: e.legacy?.pageTime ?? null,
        sseTime: e.sse?.pageTime ?? null,
        latencyMs: e.latencyMs,
        diff: e.diff,
      })),
    },
    null,
    1,
  );
}

const cell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report as CSV: a header naming what it was computed under, then one row per pair or orphan. */
export function parityCsv(report: ParityReport, settings: ParitySettings, context: ParityContext): string {
  const lines = [
    `# phase ${context.phase ?? 'custom'}; window ${settings.windowMs} ms; late after ${settings.lateMs} ms; ignored ${settings.ignoredFields.join(' ')}; filter ${context.filter || 'none'}; computed ${new Date(context.computedAt).toISOString()}`,
    'class,type,system,legacy_key,sse_key,legacy_time,sse_time,latency_ms,differences',
  ];
  for (const e of report.entries) {
    lines.push(
      [e.class, e.type, e.system, e.legacy?.key, e.sse?.key, e.legacy?.pageTime, e.sse?.pageTime, e.latencyMs, e.diff.map((d) => `${d.path}: ${JSON.stringify(d.legacy)} → ${JSON.stringify(d.sse)}`).join('; ')]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
