/**
 * Export from the panel: the whole capture or the rows the filter shows, redacted
 * (always before anything leaves the panel), as a trace file, a HAR file or a share
 * string. Pure apart from the clock it is given; the dialog calls it.
 */
import type { CapturedEvent, CaptureError, HubSettings, HubStats, PollInfo, StreamInfo, TabCounters, TabFlagState } from '../protocol';
import { encodeShareString, encodeTraceFile } from '../trace/codec';
import { buildTrace, traceFileName, type TraceFile, type TraceParity } from '../trace/format';
import { traceToHar } from '../trace/har';
import { redactTrace, type DefaultRule, type RedactionReport, type UserRule } from '../trace/redact';
import { compileFilter, type FilterSpec } from './filter';

/** What the user chose in the export dialog. */
export interface ExportChoice {
  scope: 'all' | 'filtered';
  format: 'trace' | 'har';
  defaults: readonly DefaultRule[];
  user: readonly UserRule[];
}

/** What an export reads from the panel. */
export interface ExportSource {
  events: readonly CapturedEvent[];
  streams: readonly StreamInfo[];
  settings: HubSettings | null;
  stats: HubStats | null;
  flagState: TabFlagState | null;
  polls: readonly PollInfo[];
  counters: TabCounters;
  errors: readonly CaptureError[];
  filter: FilterSpec;
  pageUrl: string | null;
  /** When the panel shows a trace: its recorded environment, kept as it was. */
  recorded?: TraceFile['environment'] | null;
  /** The Migration view's parity settings and rules, carried so a viewer pairs the same way. */
  parity?: TraceParity;
}

/** Where the panel runs. */
export interface ExportEnvironment {
  userAgent: string;
  extensionVersion: string;
  now: number;
}

/** A written export. */
export interface ExportFile {
  bytes: Uint8Array;
  name: string;
  mimeType: string;
}

/** The events an export takes: all, or those the filter passes. */
export function eventsFor(source: ExportSource, scope: ExportChoice['scope']): readonly CapturedEvent[] {
  if (scope === 'all') return source.events;
  const test = compileFilter(source.filter).test;
  return test ? source.events.filter(test) : source.events;
}

/** A human form of the filter, recorded in the trace. */
function describeFilter(filter: FilterSpec): string {
  const parts = [filter.text.trim()];
  for (const key of ['types', 'sources', 'streams', 'priorities'] as const) if (filter[key]?.length) parts.push(`${key}: ${filter[key]!.join(', ')}`);
  if (filter.hideDuplicates) parts.push('duplicates hidden');
  return parts.filter(Boolean).join('; ') || '(none)';
}

/** The redacted trace for `choice`, and what redaction did (the preview shows it). */
export function prepareTrace(source: ExportSource, choice: ExportChoice, env: ExportEnvironment): { trace: TraceFile; report: RedactionReport } {
  if (!source.settings || !source.flagState) throw new Error('The panel has not received the tab’s state yet.');
  const raw = buildTrace({
    events: eventsFor(source, choice.scope),
    streams: source.streams,
    settings: source.settings,
    stats: source.stats,
    flags: source.flagState,
    polls: source.polls,
    counters: source.counters,
    errors: source.errors,
    pageUrl: source.pageUrl,
    userAgent: env.userAgent,
    extensionVersion: env.extensionVersion,
    filter: choice.scope === 'all' ? null : describeFilter(source.filter),
    now: env.now,
    ...(source.parity ? { parity: { settings: source.parity.settings, rulesText: source.parity.rulesText } } : {}),
  });
  const trace = source.recorded ? { ...raw, environment: { ...source.recorded, exportedAt: env.now } } : raw;
  return redactTrace(trace, { defaults: choice.defaults, user: choice.user });
}

/** Writes a prepared trace as its file: gzipped trace JSON, or HAR. */
export async function writeExport(trace: TraceFile, format: ExportChoice['format']): Promise<ExportFile> {
  const pageUrl = trace.environment.pageUrl;
  if (format === 'har') {
    return { bytes: new TextEncoder().encode(JSON.stringify(traceToHar(trace), null, 1)), name: traceFileName(pageUrl, trace.environment.exportedAt, 'har'), mimeType: 'application/json' };
  }
  return { bytes: await encodeTraceFile(trace), name: traceFileName(pageUrl, trace.environment.exportedAt, 'ssetrace.json.gz'), mimeType: 'application/gzip' };
}

/** The share link of a prepared trace (`<panel URL>?trace#lz=…`), or null when it is too big for one. */
export function shareLink(trace: TraceFile, panelUrl: string): string | null {
  const text = encodeShareString(trace);
  return text === null ? null : `${panelUrl}?trace#lz=${text}`;
}

