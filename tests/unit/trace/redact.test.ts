import { describe, expect, it } from 'vitest';
import { parseUserRules, redactTrace } from '../../../lib/trace/redact';
import { replayEngine } from '../../../lib/trace/replay';
import { event, stream, traceOf } from './fixtures';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';

function planted() {
  const s1 = stream('s1', 'http://app.test/api/sse/events?token=sekrit-url-token&x=1');
  const events = [
    event('s1', 'session.started', JSON.stringify({ eventType: 'session.started', userId: 'ada@example.com', eventData: { authToken: 'tok-123', Cookie: 'sid=abc', note: 'hi' } })),
    event('s1', 'session.activity', JSON.stringify({ eventType: 'session.activity', userId: 'ada@example.com', eventData: { jwt: JWT, header: `Bearer ${JWT}` } })),
    event('s1', 'message', `Authorization: Basic dXNlcjpwYXNz\nsee https://cdn.test/a.png?sig=zzz for ada@example.com`),
    event('s1', 'card.updated', JSON.stringify({ eventType: 'card.updated', eventData: { cardId: 'c1', title: 'plain' } })),
  ];
  return traceOf(events, [s1]);
}

describe('redaction', () => {
  it('redacts a stream’s request: secret-named headers whole, secret fields of a JSON body, tokens in other values', () => {
    const s1 = {
      ...stream('s1', 'http://app.test/v1/chat/completions'),
      request: {
        method: 'POST',
        headers: [['Authorization', 'Bearer sk-live-1'], ['X-Note', `see ${JWT}`], ['Accept', 'text/event-stream']] as [string, string][],
        body: JSON.stringify({ model: 'm', api_key: 'k-999', stream: true }),
        status: 200,
        statusText: 'OK',
        responseHeaders: [['set-cookie', 'sid=abc'], ['content-type', 'text/event-stream']] as [string, string][],
        sentAt: 1,
      },
    };
    const { trace } = redactTrace(traceOf([], [s1]));
    const written = JSON.stringify(trace);
    for (const secret of ['sk-live-1', JWT, 'k-999', 'sid=abc']) expect(written).not.toContain(secret);
    const request = trace.streams[0]!.request!;
    expect(request.headers[2]).toEqual(['Accept', 'text/event-stream']);
    expect(JSON.parse(request.body!)).toMatchObject({ model: 'm', stream: true });
    expect(request.responseHeaders[1]).toEqual(['content-type', 'text/event-stream']);
  });

  it('removes planted tokens, cookies, e-mails and JWTs from everything written, with consistent placeholders', () => {
    const { trace, report } = redactTrace(planted());
    const written = JSON.stringify(trace);
    for (const secret of ['tok-123', 'sid=abc', 'ada@example.com', JWT, 'dXNlcjpwYXNz', 'sekrit-url-token', 'sig=zzz', 'session=abc']) expect(written).not.toContain(secret);
    // The same e-mail (a user id, part of the dedup key) is the same placeholder in both events.
    const users = trace.events.slice(0, 2).map((e) => (JSON.parse(e.data) as { userId: string }).userId);
    expect(users[0]).toMatch(/^\[redacted:email:\d+\]$/);
    expect(users[1]).toBe(users[0]);
    expect(report.byRule['default:secret-keys']).toBe(2);
    expect(report.byRule['default:jwt']).toBeGreaterThanOrEqual(1);
    expect(report.byRule['default:email']).toBe(3);
    expect(trace.redaction.replacements).toBe(report.total);
    expect(trace.redaction.rules).toContain('default:jwt');
    // Untouched data keeps its exact text; the page URL and stream URL keep their path.
    expect(trace.events[3]!.data).toBe(planted().events[3]!.data);
    expect(trace.streams[0]!.url).toMatch(/^http:\/\/app\.test\/api\/sse\/events\?\[redacted:query:\d+\]$/);
    expect(trace.environment.pageUrl).toMatch(/^http:\/\/app\.test\/board\?\[redacted:query:\d+\]$/);
  });

  it('applies user rules (path, key, regex) and only the default rules asked for', () => {
    const { rules, problems } = parseUserRules('$.eventData.title\nkey:note\n/c\\d/g\n# a comment\n');
    expect(problems).toEqual([]);
    const { trace, report } = redactTrace(planted(), { defaults: [], user: rules });
    expect(trace.events[3]!.data).not.toContain('plain');
    expect(trace.events[0]!.data).not.toContain('"hi"');
    expect(trace.events[3]!.data).not.toContain('"c1"');
    // Defaults off: the e-mail stays.
    expect(JSON.stringify(trace)).toContain('ada@example.com');
    expect(Object.keys(report.byRule).sort()).toEqual(['user:key:note', 'user:path:$.eventData.title', 'user:regex:/c\\d/g']);
  });

  it('scrubs the hub statistics too: a dedup key made of an e-mail user id gets the same placeholder', () => {
    const base = planted();
    const stats = replayEngine(base.events, base.settings).stats;
    const withStats = { ...base, stats: { ...stats, topDuplicateKeys: [{ key: 'session.started:undefined:ada@example.com', count: 2 }] } };
    const { trace } = redactTrace(withStats);
    const user = (JSON.parse(trace.events[0]!.data) as { userId: string }).userId;
    expect(trace.stats!.topDuplicateKeys[0]!.key).toBe(`session.started:undefined:${user}`);
  });

  it('explains rules it cannot use', () => {
    expect(parseUserRules('$..bad\n/[/\nnot a rule').problems).toHaveLength(3);
  });
});
