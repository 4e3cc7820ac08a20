/**
 * *Details* of one stream, as DevTools' Network panel shows a request: method, URL, status,
 * how it ended, timing (request sent → headers → first byte → first event → end), the
 * request headers and body the page set, and the response headers it can see. Secrets
 * (secret-looking header names and fields, bearer tokens, JWTs) are masked by the trace
 * redaction rules until *Show secrets* is ticked.
 */
import { useMemo, useState } from 'react';
import { allExpanded, darkStyles, defaultStyles, JsonView } from 'react-json-view-lite';
import type { StreamInfo } from '../../lib/protocol';
import { maskSecrets } from '../../lib/trace/redact';
import { usePanel } from '../use-panel';
import { useT } from '../i18n';
import type { PlainMessageKey } from '../../lib/i18n';


/** The dialog for stream `streamId`; `onClose` hides it. */
export function StreamDetails({ streamId, theme, onClose }: { streamId: string; theme: 'light' | 'dark'; onClose: () => void }) {
  const { stream, firstEventAt } = usePanel((s) => ({ stream: s.streams.find((x) => x.id === streamId), firstEventAt: s.streams.find((x) => x.id === streamId)?.firstEventAt ?? null }));
  const [reveal, setReveal] = useState(false);
  const t = useT();
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
      <h2 id="details-title">{t('details.title')}</h2>
      <table className="plain details-general" data-testid="details-general">
        <tbody>
          <Row name={t('details.url')} value={stream.url} testId="details-url" />
          <Row name={t('details.method')} value={request?.method ?? 'GET'} testId="details-method" />
          {request && <Row name={t('details.status')} value={`${request.status} ${request.statusText}`.trim()} testId="details-status" />}
          <Row name={t('details.transport')} value={stream.transport} />
          <Row
            name={t('details.credentials')}
            value={stream.transport === 'fetch' ? t('details.credentials.fetch') : stream.withCredentials ? t('details.credentials.include') : t('details.credentials.sameOrigin')}
          />
          <Row name={t('details.state')} value={t(`streams.state.${stream.state}`)} />
          <Row name={t('details.ended')} value={stream.end ? t(`details.end.${stream.end}`) : t('details.ended.no')} testId="details-end" dataValue={stream.end ?? ''} />
          {stream.transport === 'eventsource' && <Row name={t('details.reconnects')} value={String(stream.reconnects)} />}
        </tbody>
      </table>
      <h3>{t('details.timing')}</h3>
      <Timing stream={stream} firstEventAt={firstEventAt} />
      {stream.transport === 'eventsource' && (
        <p className="muted" data-testid="details-eventsource-note">
          {request
            ? t('details.es.captured')
            : t('details.es.hidden')}
        </p>
      )}
      {stream.transport === 'eventsource' && !request ? null : (
        shown && (
          <>
            <label className="details-reveal">
              <input type="checkbox" data-testid="details-reveal" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> {t('details.reveal')}
            </label>
            <h3>{t('details.requestHeaders')}</h3>
            {stream.transport === 'xhr' ? (
              <p className="muted">{t.parts('details.xhrHeaders', { call: <code key="call">setRequestHeader</code> })}</p>
            ) : (
              <Headers pairs={shown.headers} testId="details-request-headers" empty={t('details.noHeaders')} />
            )}
            <h3>{t('details.requestBody')}</h3>
            {body === null ? (
              <p className="muted" data-testid="details-body-none">{stream.transport === 'eventsource' ? t('details.body.es') : stream.transport === 'xhr' ? t('details.body.xhr') : t('details.body.none')}</p>
            ) : json !== undefined ? (
              <div data-testid="details-body-json">
                <JsonView data={json as object} style={theme === 'dark' ? darkStyles : defaultStyles} shouldExpandNode={allExpanded} />
              </div>
            ) : (
              <pre className="mono raw" data-testid="details-body-text">{body}</pre>
            )}
            <h3>{t('details.responseHeaders')}</h3>
            <Headers pairs={shown.responseHeaders} testId="details-response-headers" empty={t('details.noResponseHeaders')} />
          </>
        )
      )}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="details-close" onClick={onClose}>{t('common.close')}</button>
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
  const t = useT();
  const start = stream.request?.sentAt ?? stream.openedAt;
  const steps: [PlainMessageKey, number | undefined | null][] = [
    ['timing.sent', stream.request ? stream.request.sentAt : undefined],
    [stream.transport === 'eventsource' ? 'timing.constructed' : 'timing.headers', stream.openedAt],
    ['timing.firstByte', stream.firstByteAt],
    ['timing.firstEvent', firstEventAt],
    ['timing.ended', stream.endedAt],
  ];
  const known = steps.filter((s): s is [PlainMessageKey, number] => typeof s[1] === 'number');
  const span = Math.max(1, ...known.map(([, at]) => at - start));
  return (
    <table className="plain details-timing" data-testid="details-timing">
      <tbody>
        {known.map(([step, at]) => (
          <tr key={step} data-testid="details-timing-step" data-step={step.slice('timing.'.length)}>
            <th scope="row">{t(step)}</th>
            <td className="num mono">+{formatMs(at - start)}</td>
            <td className="timing-bar-cell">
              <span className="timing-bar" style={{ width: `${Math.max(1, ((at - start) / span) * 100)}%` }} />
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
