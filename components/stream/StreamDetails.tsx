/**
 * *Details* of one stream, as DevTools' Network panel shows a request: method, URL, status,
 * how it ended, timing (request sent → headers → first byte → first event → end), the
 * request headers and body the page set, and the response headers it can see. Secrets
 * (secret-looking header names and fields, bearer tokens, JWTs) are masked by the trace
 * redaction rules until *Show secrets* is ticked.
 */
import { useMemo, useState } from 'react';
import { allExpanded, darkStyles, defaultStyles, JsonView } from 'react-json-view-lite';
import type { StreamEnd, StreamInfo } from '../../lib/protocol';
import { maskSecrets } from '../../lib/trace/redact';
import { usePanel } from '../use-panel';

const ENDS: Record<StreamEnd, string> = {
  completed: 'Completed: the server ended the body',
  'closed-by-page': 'Closed by the page (close())',
  aborted: 'Aborted by the page',
  'network-error': 'Network error',
  'http-error': 'HTTP error',
  failed: 'Failed: the browser gave up (an HTTP error, a wrong content type or the network; a page is not told which)',
};

/** The dialog for stream `streamId`; `onClose` hides it. */
export function StreamDetails({ streamId, theme, onClose }: { streamId: string; theme: 'light' | 'dark'; onClose: () => void }) {
  const { stream, firstEventAt } = usePanel((s) => ({ stream: s.streams.find((x) => x.id === streamId), firstEventAt: s.streams.find((x) => x.id === streamId)?.firstEventAt ?? null }));
  const [reveal, setReveal] = useState(false);
  const request = stream?.request;
  // Masked once per request: the same secret gets the same placeholder everywhere in the dialog.
  const shown = useMemo(() => {
    if (!request) return null;
    if (reveal) return request;
    const mask = maskSecrets();
    return { ...request, headers: mask.redactHeaders(request.headers), responseHeaders: mask.redactHeaders(request.responseHeaders), body: request.body === null ? null : mask.redactData(request.body, false) };
  }, [request, reveal]);
  if (!stream) return null;
  const body = shown?.body ?? null;
  const json = body === null ? undefined : parseJson(body);
  return (
    <div className="dialog details-dialog" role="dialog" aria-modal="true" aria-labelledby="details-title" data-testid="details-dialog">
      <h2 id="details-title">Stream details</h2>
      <table className="plain details-general" data-testid="details-general">
        <tbody>
          <Row name="URL" value={stream.url} testId="details-url" />
          <Row name="Method" value={request?.method ?? 'GET'} testId="details-method" />
          {request && <Row name="Status" value={`${request.status} ${request.statusText}`.trim()} testId="details-status" />}
          <Row name="Transport" value={stream.transport} />
          <Row name="Credentials" value={stream.transport === 'fetch' ? 'as the page’s fetch asked (not visible to a tap)' : stream.withCredentials ? 'include (withCredentials)' : 'same-origin'} />
          <Row name="State" value={stream.state} />
          <Row name="Ended" value={stream.end ? ENDS[stream.end] : 'Not yet'} testId="details-end" dataValue={stream.end ?? ''} />
          {stream.transport === 'eventsource' && <Row name="Reconnects" value={String(stream.reconnects)} />}
        </tbody>
      </table>
      <h3>Timing</h3>
      <Timing stream={stream} firstEventAt={firstEventAt} />
      {stream.transport === 'eventsource' && (
        <p className="muted" data-testid="details-eventsource-note">
          {request
            ? 'From full capture: what Chrome’s debugger saw of the latest connection (a page cannot see an EventSource’s request or response).'
            : 'A page cannot see an EventSource’s request or response: the browser sends Accept: text/event-stream, Cache-Control: no-cache and, on reconnects, Last-Event-ID. Full capture (the full-capture build) shows them here; so does Chrome’s Network panel.'}
        </p>
      )}
      {stream.transport === 'eventsource' && !request ? null : (
        shown && (
          <>
            <label className="details-reveal">
              <input type="checkbox" data-testid="details-reveal" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Show secrets (masked as a trace export would redact them)
            </label>
            <h3>Request headers</h3>
            {stream.transport === 'xhr' ? (
              <p className="muted">Headers an XMLHttpRequest sets with <code>setRequestHeader</code> are not tapped.</p>
            ) : (
              <Headers pairs={shown.headers} testId="details-request-headers" empty="The page set no headers." />
            )}
            <h3>Request body</h3>
            {body === null ? (
              <p className="muted" data-testid="details-body-none">{stream.transport === 'eventsource' ? 'An EventSource sends no body.' : stream.transport === 'xhr' ? 'An XMLHttpRequest’s body is not tapped.' : 'No text body (none, or a body the tap cannot read without consuming it: a stream, FormData, a Blob, a Request’s own).'}</p>
            ) : json !== undefined ? (
              <div data-testid="details-body-json">
                <JsonView data={json as object} style={theme === 'dark' ? darkStyles : defaultStyles} shouldExpandNode={allExpanded} />
              </div>
            ) : (
              <pre className="mono raw" data-testid="details-body-text">{body}</pre>
            )}
            <h3>Response headers</h3>
            <Headers pairs={shown.responseHeaders} testId="details-response-headers" empty="None the page can see." />
          </>
        )
      )}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="details-close" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}

function Row({ name, value, testId, dataValue }: { name: string; value: string; testId?: string; dataValue?: string }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="mono" data-testid={testId} data-value={dataValue}>{value}</td>
    </tr>
  );
}

function Headers({ pairs, testId, empty }: { pairs: [string, string][]; testId: string; empty: string }) {
  if (pairs.length === 0) return <p className="muted" data-testid={`${testId}-empty`}>{empty}</p>;
  return (
    <table className="plain details-headers" data-testid={testId}>
      <tbody>
        {pairs.map(([name, value], i) => (
          <tr key={i} data-testid="details-header" data-name={name.toLowerCase()}>
            <th scope="row" className="mono">{name}</th>
            <td className="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Request sent → headers → first byte → first event → end, as offsets from the start and bars on one scale. */
function Timing({ stream, firstEventAt }: { stream: StreamInfo; firstEventAt: number | null }) {
  const start = stream.request?.sentAt ?? stream.openedAt;
  const steps: [string, number | undefined | null][] = [
    ['Request sent', stream.request ? stream.request.sentAt : undefined],
    [stream.transport === 'eventsource' ? 'Constructed' : 'Headers received', stream.openedAt],
    ['First byte', stream.firstByteAt],
    ['First event', firstEventAt],
    ['Ended', stream.endedAt],
  ];
  const known = steps.filter((s): s is [string, number] => typeof s[1] === 'number');
  const span = Math.max(1, ...known.map(([, t]) => t - start));
  return (
    <table className="plain details-timing" data-testid="details-timing">
      <tbody>
        {known.map(([name, t]) => (
          <tr key={name} data-testid="details-timing-step" data-step={name}>
            <th scope="row">{name}</th>
            <td className="num mono">+{formatMs(t - start)}</td>
            <td className="timing-bar-cell">
              <span className="timing-bar" style={{ width: `${Math.max(1, ((t - start) / span) * 100)}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatMs(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
