/**
 * *Raw* view of one stream: its text as received (fetch and XHR streams: the relay keeps
 * the latest text of each) or rebuilt from its events (EventSource: a page never sees its
 * bytes), line by line and virtualised, each line tied to its event (a click selects it;
 * selecting an event elsewhere scrolls here), with the wire lint findings and *Copy*.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RawView } from '../../lib/protocol';
import { keyAtOffset, rawLines, rawText, rebuiltRaw, type RawLine } from '../../lib/sse/raw-view';
import { copyText } from '../copy-text';
import { shortUrl } from '../format';
import { useRelay, usePanel } from '../use-panel';
import { useFixedWindow } from './use-fixed-window';
import { useT } from '../i18n';
import { wireMessage } from '../../lib/sse/wire';

const LINE_HEIGHT = 17;
const EOL_MARK = { LF: '\\n', CRLF: '\\r\\n', CR: '\\r', '': '' } as const;

/** The dialog for stream `streamId`; `onClose` hides it. */
export function RawDialog({ streamId, onClose }: { streamId: string; onClose: () => void }) {
  const relay = useRelay();
  const t = useT();
  const { stream, events, raw, selectedKey, select } = usePanel((s) => ({
    stream: s.streams.find((x) => x.id === streamId),
    events: s.events,
    raw: s.raw,
    selectedKey: s.selectedKey,
    select: s.select,
  }));
  // The relay keeps the text of SSE bodies; other streams (EventSource, NDJSON, Connect) are rebuilt from their events.
  const fromRelay = relay.requestRaw !== null && (stream?.transport === 'fetch' || stream?.transport === 'xhr') && stream.format === undefined;
  // Ask again whenever the stream moves on (new events, findings, its end).
  useEffect(() => {
    if (fromRelay) relay.requestRaw!(streamId);
  }, [fromRelay, streamId, stream?.events, stream?.lint, stream?.state, relay]);
  // The store holds the latest answer for any stream (a fixture export may ask for another): keep ours.
  const kept = useRef<RawView | null | undefined>(undefined);
  if (raw?.streamId === streamId) kept.current = raw.view;
  const relayView = kept.current;
  const view: RawView | null = useMemo(
    () => (fromRelay ? (relayView ?? null) : rebuiltRaw(events, streamId, stream?.format)),
    [fromRelay, relayView, events, streamId, stream?.format],
  );
  const lines = useMemo(() => (view ? rawLines(view) : []), [view]);
  const flagged = useMemo(() => {
    const at = new Map<number, string>();
    if (!view) return at;
    for (const f of view.findings) at.set(f.at, `${f.code}: ${wireMessage(f, t)}`);
    return at;
  }, [view, t]);

  const scroller = useRef<HTMLDivElement>(null);
  const rows = useFixedWindow(scroller, lines.length, LINE_HEIGHT);
  const scrollTo = (index: number) => {
    const el = scroller.current;
    if (el && index >= 0) el.scrollTop = Math.max(0, index * LINE_HEIGHT - el.clientHeight / 3);
  };
  // An event selected anywhere (the table, a finding) brings its text into view.
  useEffect(() => {
    if (selectedKey !== null) scrollTo(lines.findIndex((l) => l.key === selectedKey));
  }, [selectedKey, lines]);
  const [copied, setCopied] = useState(false);

  const findingAt = (at: number) => {
    const index = lines.findIndex((l, i) => l.at <= at && (lines[i + 1]?.at ?? Infinity) > at && !l.gap);
    return index;
  };

  return (
    <div className="dialog raw-dialog" role="dialog" aria-modal="true" aria-labelledby="raw-title" data-testid="raw-dialog" data-source={view?.source ?? 'loading'}>
      <h2 id="raw-title">{t.parts('raw.title', { url: <span key="url" className="mono">{shortUrl(stream?.url ?? streamId)}</span> })}</h2>
      <p className="muted" data-testid="raw-source">
        {view === null
          ? relay.requestRaw === null ? t('raw.none') : t('raw.asking')
          : view.source === 'wire'
            ? t(view.ended ? 'raw.wireEnded' : 'raw.wire', { count: rawText(view).length.toLocaleString(t.language), transport: stream?.transport ?? '' })
            : stream?.format === 'ndjson'
              ? t('raw.ndjson', { count: view.blocks.length })
              : stream?.format === 'connect'
                ? t('raw.connect', { count: view.blocks.length })
                : t('raw.eventsource', { count: view.blocks.length })}
      </p>
      {view !== null && view.source === 'wire' && (
        <>
          <h3>{t('raw.lint', { count: view.findingsTotal })}</h3>
          {view.findingsTotal === 0 ? (
            <p className="empty" data-testid="raw-lint-clean">{t('raw.lintClean')}</p>
          ) : (
            <ul className="insight-list" data-testid="raw-lint">
              {view.findingsTotal > view.findings.length && <li className="muted">{t('raw.notKept', { count: view.findingsTotal - view.findings.length })}</li>}
              {view.findings.map((f, i) => {
                const key = keyAtOffset(view, f.at);
                return (
                  <li key={i} data-testid="raw-finding" data-code={f.code} data-key={key ?? ''}>
                    <button type="button" className="tool-button" title={t('raw.showLine')} onClick={() => (key ? select(key) : scrollTo(findingAt(f.at)))}>
                      {f.code}
                    </button>{' '}
                    {wireMessage(f, t)}
                    {key && <span className="muted mono"> ({key.slice(key.lastIndexOf('#'))})</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      <div className="raw-text mono" ref={scroller} data-testid="raw-text" tabIndex={0}>
        <div style={{ height: lines.length * LINE_HEIGHT, position: 'relative' }}>
          {lines.slice(rows.first, rows.last).map((line, offset) => (
            <RawRow
              key={rows.first + offset}
              line={line}
              number={rows.first + offset + 1}
              top={(rows.first + offset) * LINE_HEIGHT}
              selected={line.key !== null && line.key === selectedKey}
              finding={flagged.get(line.at)}
              onPick={() => line.key && select(line.key)}
            />
          ))}
        </div>
      </div>
      <div className="dialog-buttons">
        {fromRelay && (
          <button type="button" className="tool-button bordered" data-testid="raw-refresh" onClick={() => relay.requestRaw!(streamId)}>
            {t('raw.refresh')}
          </button>
        )}
        <button
          type="button"
          className="tool-button bordered"
          data-testid="raw-copy"
          disabled={!view}
          onClick={() => view && void copyText(rawText(view)).then((ok) => setCopied(ok))}
        >
          {copied ? t('raw.copied') : t('raw.copy')}
        </button>
        <button type="button" className="tool-button bordered" data-testid="raw-close" onClick={onClose}>{t('common.close')}</button>
      </div>
    </div>
  );
}

function RawRow({ line, number, top, selected, finding, onPick }: { line: RawLine; number: number; top: number; selected: boolean; finding: string | undefined; onPick: () => void }) {
  const t = useT();
  const classes = ['raw-line', selected ? 'selected' : '', finding ? 'lint' : '', line.gap ? 'gap' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} style={{ top }} data-testid="raw-line" data-key={line.key ?? ''} data-eol={line.eol} title={finding} onClick={onPick}>
      <span className="raw-number">{number}</span>
      <span className="raw-content">{visible(line.text)}{line.hidden > 0 && <span className="muted">{t('raw.more', { count: line.hidden.toLocaleString(t.language) })}</span>}</span>
      <span className="raw-eol">{EOL_MARK[line.eol]}</span>
    </div>
  );
}

/** Control characters and a BOM written as escapes (`\0`, `\x1b`, `\uFEFF`), so a line shows what it holds. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufeff]/g, (c) =>
    c === '\0' ? '\\0' : c === '\ufeff' ? '\\uFEFF' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
