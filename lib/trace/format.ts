/**
 * The trace file: everything the panel knows of a recorded tab, as one versioned JSON
 * document (`format: "sse-hub-trace"`, `version: 1`), written gzip-compressed
 * (`.ssetrace.json.gz`) so `gunzip | jq` opens it. The README documents the schema;
 * {@link checkTrace} enforces it on import.
 */
import type { CaptureError, CapturedEvent, HubSettings, PanelEvent, HubStats, PollInfo, StreamInfo, TabCounters, TabFlagState } from '../protocol';
import type { ParitySettings } from '../parity/pairing';
import { english, type Translate } from '../i18n';

/** The `format` field of every trace file. */
export const TRACE_FORMAT = 'sse-hub-trace';
/** The version this build writes and the newest it reads. */
export const TRACE_VERSION = 1;
/** Most events a trace may hold (the relay keeps at most 100,000 per tab). */
export const MAX_TRACE_EVENTS = 1_000_000;

/** Where and when a trace was recorded. */
export interface TraceEnvironment {
  /** The inspected page's URL when exported (redacted like everything else), or null when unknown. */
  pageUrl: string | null;
  userAgent: string;
  extensionVersion: string;
  /** Page time of the first and last event (ms since the epoch), or the export time for an empty trace. */
  startedAt: number;
  endedAt: number;
  exportedAt: number;
}

/** What redaction did to a trace before it left the panel. */
export interface TraceRedaction {
  /** Names of the rules applied (`default:*` for built-in ones, `user:*` for the user's). */
  rules: string[];
  /** Replacements made, in all. */
  replacements: number;
}

/** An event as a trace stores it: the relay's record with its decision, without panel-only fields. */
export type TraceEvent = CapturedEvent;

/** A trace file's content. */
export interface TraceFile {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  environment: TraceEnvironment;
  /** `all`, or `filtered` with the filter text that chose the events. */
  scope: { kind: 'all' } | { kind: 'filtered'; filter: string };
  redaction: TraceRedaction;
  /** The hub settings the decisions were made under. */
  settings: HubSettings;
  /**
   * The hub's statistics when exported (whole captures only). A viewer shows them as
   * recorded; without them (a filtered export, a HAR) it recomputes them with the engine.
   */
  stats?: HubStats;
  streams: StreamInfo[];
  events: TraceEvent[];
  /** The tab's flags, their history (changes with time, cause) and the latest rollback with its reason. */
  flags: TabFlagState;
  polls: PollInfo[];
  counters: TabCounters;
  errors: CaptureError[];
  /** The parity settings and mapping rules (as typed) the Migration view paired under, so a viewer recomputes the same parity. */
  parity?: TraceParity;
}

/** Parity settings a trace carries. */
export interface TraceParity {
  settings: ParitySettings;
  rulesText: string;
}

/** Everything {@link buildTrace} takes from the panel. */
export interface TraceInput {
  events: readonly CapturedEvent[];
  streams: readonly StreamInfo[];
  settings: HubSettings;
  /** The hub's statistics now (kept for whole captures only), or null. */
  stats: HubStats | null;
  flags: TabFlagState;
  polls: readonly PollInfo[];
  counters: TabCounters;
  errors: readonly CaptureError[];
  pageUrl: string | null;
  userAgent: string;
  extensionVersion: string;
  /** Null for the whole capture, else the filter text that chose `events`. */
  filter: string | null;
  now: number;
  parity?: TraceParity;
}

/** Copies an event without the panel's own fields. */
export function toTraceEvent(event: PanelEvent): TraceEvent {
  const { panelTime: _panelTime, deltaMs: _deltaMs, ...kept } = event;
  return kept;
}

/** Builds an unredacted trace from what the panel holds. Streams are those the events use (all of them for the whole capture). */
export function buildTrace(input: TraceInput): TraceFile {
  const events = input.events.map(toTraceEvent);
  const used = input.filter === null ? null : new Set(events.map((e) => e.streamId));
  let startedAt = input.now;
  let endedAt = input.now;
  if (events.length > 0) {
    startedAt = Infinity;
    endedAt = -Infinity;
    for (const event of events) {
      if (event.pageTime < startedAt) startedAt = event.pageTime;
      if (event.pageTime > endedAt) endedAt = event.pageTime;
    }
  }
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    environment: {
      pageUrl: input.pageUrl,
      userAgent: input.userAgent,
      extensionVersion: input.extensionVersion,
      startedAt,
      endedAt,
      exportedAt: input.now,
    },
    scope: input.filter === null ? { kind: 'all' } : { kind: 'filtered', filter: input.filter },
    redaction: { rules: [], replacements: 0 },
    settings: input.settings,
    ...(input.filter === null && input.stats !== null ? { stats: input.stats } : {}),
    streams: input.streams.filter((s) => used === null || used.has(s.id)).map((s) => ({ ...s })),
    events,
    flags: input.flags,
    ...(input.parity ? { parity: { settings: input.parity.settings, rulesText: input.parity.rulesText } } : {}),
    polls: [...input.polls],
    counters: input.counters,
    errors: [...input.errors],
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Why an event is not a valid trace event, or null. */
function eventProblem(e: unknown, t: Translate): string | null {
  if (!isObject(e)) return t('check.problem.notObject');
  for (const key of ['key', 'streamId', 'source', 'type', 'data', 'lastEventId'] as const) if (!isStr(e[key])) return t('check.problem.noText', { key });
  for (const key of ['id', 'seq', 'size', 'pageTime', 'hubTime', 'flags'] as const) if (!isNum(e[key])) return t('check.problem.noNumber', { key });
  if (typeof e.truncated !== 'boolean') return t('check.problem.noTruncated');
  if (e.hub !== undefined && !isObject(e.hub)) return t('check.problem.hub');
  return null;
}

/** Why a stream is not valid, or null. */
function streamProblem(s: unknown, t: Translate): string | null {
  if (!isObject(s)) return t('check.problem.notObject');
  for (const key of ['id', 'url', 'transport', 'state', 'lastEventId'] as const) if (!isStr(s[key])) return t('check.problem.noText', { key });
  for (const key of ['openedAt', 'events', 'reconnects', 'gaps'] as const) if (!isNum(s[key])) return t('check.problem.noNumber', { key });
  if (!Array.isArray(s.marks) || !Array.isArray(s.reconnectIds)) return t('check.problem.noTimeline');
  return null;
}

/**
 * Checks a parsed JSON value against the trace schema. Returns the trace, or one
 * message naming what is wrong (future version, missing part, the first bad event).
 */
export function checkTrace(value: unknown, t: Translate = english): { trace: TraceFile } | { error: string } {
  if (!isObject(value) || value.format !== TRACE_FORMAT) return { error: t('check.notTrace') };
  if (!isNum(value.version)) return { error: t('check.noVersion') };
  if (value.version > TRACE_VERSION) {
    return { error: t('check.newer', { version: value.version, ours: TRACE_VERSION }) };
  }
  if (value.version < 1 || !Number.isInteger(value.version)) return { error: t('check.unknownVersion', { version: String(value.version) }) };
  const env = value.environment;
  if (!isObject(env) || !isNum(env.startedAt) || !isNum(env.endedAt) || !isNum(env.exportedAt)) return { error: t('check.noEnvironment') };
  if (!isObject(value.settings) || !isObject(value.flags) || !isObject(value.counters) || !isObject(value.redaction) || !isObject(value.scope)) {
    return { error: t('check.missingPart') };
  }
  for (const key of ['streams', 'events', 'polls', 'errors'] as const) if (!Array.isArray(value[key])) return { error: t('check.noList', { key }) };
  const events = value.events as unknown[];
  if (events.length > MAX_TRACE_EVENTS) return { error: t('check.tooMany', { count: events.length, max: MAX_TRACE_EVENTS }) };
  for (let i = 0; i < events.length; i++) {
    const problem = eventProblem(events[i], t);
    if (problem) return { error: t('check.event', { n: i + 1, problem }) };
  }
  if (value.parity !== undefined) {
    const parity = value.parity;
    const ok = isObject(parity) && typeof parity.rulesText === 'string' && isObject(parity.settings) && Array.isArray(parity.settings.rules) && isNum(parity.settings.windowMs);
    if (!ok) return { error: t('check.parity') };
  }
  const streams = value.streams as unknown[];
  for (let i = 0; i < streams.length; i++) {
    const problem = streamProblem(streams[i], t);
    if (problem) return { error: t('check.stream', { n: i + 1, problem }) };
  }
  return { trace: value as unknown as TraceFile };
}

/** A file name for a trace of `pageUrl` exported at `now`: `<host>-<yyyymmdd-hhmmss>.<extension>`. */
export function traceFileName(pageUrl: string | null, now: number, extension: string): string {
  let host = 'trace';
  try {
    if (pageUrl) host = new URL(pageUrl).host.replace(/[^A-Za-z0-9.-]+/g, '_') || 'trace';
  } catch {
    // Not a URL (a redacted one, or none): keep the generic name.
  }
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${host}-${stamp}.${extension}`;
}
