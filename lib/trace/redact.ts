/**
 * Redaction of a trace before it leaves the panel. Default rules (on by default):
 * values under secret-looking keys (authorization, cookie, set-cookie, token, secret,
 * password, api key — any case or spelling), bearer tokens and JWT-shaped values,
 * e-mail addresses, URL query strings and header-like lines in text. User rules: JSON
 * paths (`$.eventData.email`), key names, and regular expressions over text.
 *
 * Replacements are consistent within a trace: the same secret becomes the same
 * placeholder (`[redacted:email:1]`), so dedup keys, user ids and streams still line up.
 * Redaction applies to what is written, never only to the view.
 */
import type { CaptureError, PollInfo, StreamInfo } from '../protocol';
import type { TraceEvent, TraceFile } from './format';
import { english, type Translate } from '../i18n';

/** The built-in rules, each on unless switched off. */
export const DEFAULT_RULES = ['secret-keys', 'bearer', 'jwt', 'email', 'url-query', 'header-lines'] as const;
export type DefaultRule = (typeof DEFAULT_RULES)[number];

/** A user rule: a JSON path into event data, a key name (anywhere in event data), or a regular expression over text. */
export type UserRule = { kind: 'path'; path: string } | { kind: 'key'; key: string } | { kind: 'regex'; pattern: string; flags?: string };

/** What to redact. */
export interface RedactionOptions {
  /** Built-in rules to apply. Defaults to all of `DEFAULT_RULES`. */
  defaults?: readonly DefaultRule[];
  user?: readonly UserRule[];
}

/** One replacement, for the preview. */
export interface RedactionSample {
  rule: string;
  /** The placeholder written instead. */
  placeholder: string;
  /** Where: `event <key>`, `stream <id>`, `page URL`, … */
  where: string;
}

/** What redaction did. */
export interface RedactionReport {
  /** Replacements by rule name (`default:email`, `user:path:$.a.b`, …). */
  byRule: Record<string, number>;
  total: number;
  /** The first replacements made (at most 50), for the preview. */
  samples: RedactionSample[];
}

/** Key names (normalised: lower case, letters and digits only) whose values are secrets. */
const SECRET_KEY = /authorization|cookie|token|secret|passw(or)?d|apikey|accesskey|privatekey|credential|signature/;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]+=*/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** A URL's query string (kept: the `?`; replaced: what follows up to a fragment, space or quote). */
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>?#]*\?)([^\s"'<>#]+)/gi;
/** A header-like line in text data: `Name: value` for a secret-looking header name. */
const HEADER_LINE = /^([ \t]*(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-csrf-token)[ \t]*:[ \t]*)(.+)$/gim;

/**
 * Text that no default rule could touch has none of these (in any case): most events of
 * a trace, which are then written as they are without being parsed.
 */
const DEFAULT_TRIGGER = /authori|cookie|token|secret|passw|api.?key|access.?key|private.?key|credential|signature|bearer|basic|eyJ|@|:\/\//i;

const normaliseKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Parses `$.a.b[0].c` into `['a', 'b', '0', 'c']`; null when it is not a path. */
export function parsePath(path: string): string[] | null {
  const text = path.trim();
  if (!text.startsWith('$')) return null;
  const parts: string[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[["']([^"']*)["']\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) return null;
    parts.push(m[1] ?? m[2] ?? m[3]!);
  }
  return parts;
}

/** Checks user rules; returns one message per bad rule. */
export function checkUserRules(rules: readonly UserRule[], t: Translate = english): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    if (rule.kind === 'path' && parsePath(rule.path) === null) problems.push(t('redact.badPath', { path: rule.path }));
    if (rule.kind === 'key' && rule.key.trim() === '') problems.push(t('redact.emptyKey'));
    if (rule.kind === 'regex') {
      try {
        new RegExp(rule.pattern, rule.flags);
      } catch (error) {
        problems.push(t('redact.badRegex', { pattern: rule.pattern, error: (error as Error).message }));
      }
    }
  }
  return problems;
}

/** Parses the rule lines a user typed: `$.path`, `key:name`, or `/regex/flags`, one per line. */
export function parseUserRules(text: string, t: Translate = english): { rules: UserRule[]; problems: string[] } {
  const rules: UserRule[] = [];
  const problems: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('$')) rules.push({ kind: 'path', path: line });
    else if (line.startsWith('key:')) rules.push({ kind: 'key', key: line.slice(4).trim() });
    else {
      const m = /^\/(.+)\/([a-z]*)$/.exec(line);
      if (m) rules.push({ kind: 'regex', pattern: m[1]!, flags: m[2] });
      else problems.push(t('redact.badLine', { line }));
    }
  }
  return { rules, problems: [...problems, ...checkUserRules(rules, t)] };
}

/** The rules of one redaction pass, sharing their placeholders; `where` names what is being redacted (for the report). */
export interface Redactor {
  redactText(text: string): string;
  /** Event data (or a request body): as JSON where it parses, else as text. */
  redactData(data: string, truncated: boolean): string;
  /** Header pairs: a secret-looking name hides its whole value; the text rules apply to the rest. */
  redactHeaders(headers: readonly [string, string][]): [string, string][];
  report: RedactionReport;
  /** Secret → placeholder, per kind (`kind\u0000secret`). */
  placeholders: Map<string, string>;
  defaults: Set<DefaultRule>;
  onlyDefaults: boolean;
  where: string;
}

/** Creates the redaction pass for `options`. */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  const defaults = new Set<DefaultRule>(options.defaults ?? DEFAULT_RULES);
  const user = options.user ?? [];
  const paths = user.flatMap((r) => (r.kind === 'path' ? [{ name: `user:path:${r.path}`, parts: parsePath(r.path) }] : [])).filter((p): p is { name: string; parts: string[] } => p.parts !== null);
  const keys = new Map(user.flatMap((r) => (r.kind === 'key' && r.key.trim() !== '' ? [[normaliseKey(r.key), `user:key:${r.key.trim()}`] as const] : [])));
  const regexes = user.flatMap((r) => {
    if (r.kind !== 'regex') return [];
    try {
      const flags = (r.flags ?? '').includes('g') ? r.flags! : `${r.flags ?? ''}g`;
      return [{ name: `user:regex:/${r.pattern}/${r.flags ?? ''}`, re: new RegExp(r.pattern, flags) }];
    } catch {
      return [];
    }
  });

  const report: RedactionReport = { byRule: {}, total: 0, samples: [] };
  // Secret → placeholder, per kind: the same secret always gets the same placeholder.
  const placeholders = new Map<string, string>();
  const counts = new Map<string, number>();

  function replace(kind: string, rule: string, secret: string): string {
    const mapKey = `${kind}\u0000${secret}`;
    let placeholder = placeholders.get(mapKey);
    if (placeholder === undefined) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      placeholder = `[redacted:${kind}:${n}]`;
      placeholders.set(mapKey, placeholder);
    }
    report.byRule[rule] = (report.byRule[rule] ?? 0) + 1;
    report.total += 1;
    if (report.samples.length < 50) report.samples.push({ rule, placeholder, where: self.where });
    return placeholder;
  }

  /** The text rules (bearer, JWT, e-mail, URL queries, header lines, user regexes) over a string. */
  function redactText(text: string): string {
    let out = text;
    if (defaults.has('header-lines')) out = out.replace(HEADER_LINE, (_m, head: string, value: string) => head + replace('header', 'default:header-lines', value));
    if (defaults.has('bearer')) out = out.replace(BEARER, (m) => replace('token', 'default:bearer', m));
    if (defaults.has('jwt')) out = out.replace(JWT, (m) => replace('jwt', 'default:jwt', m));
    if (defaults.has('email')) out = out.replace(EMAIL, (m) => replace('email', 'default:email', m));
    if (defaults.has('url-query')) out = out.replace(URL_QUERY, (_m, head: string, query: string) => head + replace('query', 'default:url-query', query));
    for (const { name, re } of regexes) out = out.replace(re, (m) => replace('match', name, m));
    return out;
  }

  /** A JSON value with secret keys, user keys and user paths replaced, and text rules in strings. */
  function redactValue(value: unknown, path: string[]): unknown {
    if (typeof value === 'string') return redactText(value);
    if (Array.isArray(value)) return value.map((item, i) => redactValue(item, [...path, String(i)]));
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      const userPath = paths.find((p) => p.parts.length === childPath.length && p.parts.every((part, i) => part === childPath[i]));
      const normalised = normaliseKey(key);
      const userKey = keys.get(normalised);
      const rule = userPath?.name ?? userKey ?? (defaults.has('secret-keys') && SECRET_KEY.test(normalised) ? 'default:secret-keys' : null);
      // The whole value goes, whatever its type (a nested object under `credentials` too); null hides nothing.
      if (rule !== null && child !== null) out[key] = replace(userPath || userKey ? 'value' : 'secret', rule, typeof child === 'string' ? child : JSON.stringify(child));
      else out[key] = redactValue(child, childPath);
    }
    return out;
  }

  // Without user rules, text the default rules cannot touch is skipped whole.
  const onlyDefaults = paths.length === 0 && keys.size === 0 && regexes.length === 0;

  /** Event data: as JSON where it parses (rewritten only when something changed), else as text. */
  function redactData(data: string, truncated: boolean): string {
    if (onlyDefaults && (defaults.size === 0 || !DEFAULT_TRIGGER.test(data))) return data;
    const trimmed = data.trimStart();
    if (!truncated && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return redactText(data);
      }
      const before = report.total;
      const redacted = redactValue(parsed, []);
      return report.total === before ? data : JSON.stringify(redacted);
    }
    return redactText(data);
  }

  function redactHeaders(headers: readonly [string, string][]): [string, string][] {
    return headers.map(([name, value]) => [name, defaults.has('secret-keys') && SECRET_KEY.test(normaliseKey(name)) && value !== '' ? replace('secret', 'default:secret-keys', value) : redactText(value)]);
  }

  const self: Redactor = { redactText, redactData, redactHeaders, report, placeholders, defaults, onlyDefaults, where: '' };
  return self;
}

/** Sensitive values of what the panel shows (secret-named headers and fields, bearer tokens, JWTs, header lines), as a trace export would redact them. */
export function maskSecrets(): Redactor {
  return createRedactor({ defaults: ['secret-keys', 'bearer', 'jwt', 'header-lines'] });
}

/** Redacts a whole trace, returning a new trace and what was done. */
export function redactTrace(trace: TraceFile, options: RedactionOptions = {}): { trace: TraceFile; report: RedactionReport } {
  const redactor = createRedactor(options);
  const { redactText, redactData, redactHeaders, report, placeholders, defaults } = redactor;
  const user = options.user ?? [];
  const onlyDefaults = redactor.onlyDefaults;
  const events: TraceEvent[] = trace.events.map((event) => {
    redactor.where = `event ${event.key}`;
    const data = redactData(event.data, event.truncated);
    const lastEventId = onlyDefaults && !DEFAULT_TRIGGER.test(event.lastEventId) ? event.lastEventId : redactText(event.lastEventId);
    return data === event.data && lastEventId === event.lastEventId ? event : { ...event, data, lastEventId, size: data === event.data ? event.size : data.length };
  });
  const streams: StreamInfo[] = trace.streams.map((stream) => {
    redactor.where = `stream ${stream.id}`;
    const request = stream.request && {
      ...stream.request,
      headers: redactHeaders(stream.request.headers),
      body: stream.request.body === null ? null : redactData(stream.request.body, false),
      responseHeaders: redactHeaders(stream.request.responseHeaders),
    };
    return { ...stream, url: redactText(stream.url), lastEventId: redactText(stream.lastEventId), reconnectIds: stream.reconnectIds.map(redactText), ...(request ? { request } : {}) };
  });
  const polls: PollInfo[] = trace.polls.map((poll) => {
    redactor.where = `polled URL ${poll.key}`;
    const url = redactText(poll.url);
    return { ...poll, url, key: `${poll.method} ${url}` };
  });
  const errors: CaptureError[] = trace.errors.map((error) => {
    redactor.where = 'error message';
    return { ...error, message: redactText(error.message) };
  });
  redactor.where = 'hub statistics';
  // Dedup keys join raw field values (a user id that is an e-mail): every secret replaced
  // anywhere is replaced there too, with its placeholder.
  const known = [...placeholders].map(([mapKey, placeholder]) => [mapKey.slice(mapKey.indexOf('\u0000') + 1), placeholder] as const).filter(([secret]) => secret.length >= 3);
  const scrub = (text: string) => known.reduce((out, [secret, placeholder]) => (out.includes(secret) ? out.split(secret).join(placeholder) : out), redactText(text));
  const stats = trace.stats && { ...trace.stats, topDuplicateKeys: trace.stats.topDuplicateKeys.map((d) => ({ ...d, key: scrub(d.key) })) };
  redactor.where = 'page URL';
  const pageUrl = trace.environment.pageUrl === null ? null : redactText(trace.environment.pageUrl);
  const rules = [...[...defaults].map((r) => `default:${r}`), ...user.map((r) => (r.kind === 'path' ? `user:path:${r.path}` : r.kind === 'key' ? `user:key:${r.key.trim()}` : `user:regex:/${r.pattern}/${r.flags ?? ''}`))];
  return {
    trace: {
      ...trace,
      environment: { ...trace.environment, pageUrl },
      ...(stats ? { stats } : {}),
      redaction: { rules, replacements: report.total },
      streams,
      events,
      polls,
      errors,
      flags: { ...trace.flags, lastRollback: trace.flags.lastRollback && { ...trace.flags.lastRollback, reason: redactText(trace.flags.lastRollback.reason) } },
    },
    report,
  };
}
