/**
 * *Send event…* and a row's *Edit and resend*: compose an event (type, data with JSON
 * validation, id), pick where it goes (a live EventSource of the tab, every stream of a
 * URL, or a legacy system's tapped emitter), and send. The page receives a genuine
 * MessageEvent on its own EventSource; the row that comes back is marked `injected`.
 */
import { useMemo, useState } from 'react';
import { checkEventData, driveTargets, sendRequests, type SendDraft } from '../../lib/panel-store/drive';
import { useHub, usePanel, usePanelStore } from '../use-panel';

/** The open dialog (the store's `sendDraft` is its content). */
export function SendDialog({ draft }: { draft: SendDraft }) {
  const store = usePanelStore();
  const hub = useHub();
  const streams = usePanel((s) => s.streams);
  const targets = useMemo(() => driveTargets(streams), [streams]);
  const [sent, setSent] = useState<string | null>(null);
  const set = (patch: Partial<SendDraft>) => {
    setSent(null);
    store.setState({ sendDraft: { ...draft, ...patch } });
  };
  const close = () => store.setState({ sendDraft: null });
  const requests = sendRequests(draft, targets);
  const data = checkEventData(draft.data);
  const send = () => {
    if (typeof requests === 'string' || !hub.inject) return;
    hub.inject(requests);
    setSent(`Sent to ${requests.length} stream${requests.length === 1 ? '' : 's'}; it shows in the table marked “injected”.`);
  };
  return (
    <div className="dialog send-dialog" role="dialog" aria-modal="true" aria-labelledby="send-title" data-testid="send-dialog">
      <h2 id="send-title">Send an event to the page</h2>
      <label className="stacked">
        <span>To</span>
        <select data-testid="send-target" value={draft.target} onChange={(e) => set({ target: e.target.value })}>
          {!targets.some((t) => t.id === draft.target) && <option value={draft.target}>Pick a live stream…</option>}
          {targets.map((t) => (
            <option key={t.id} value={t.id} disabled={t.disabled !== null} title={t.disabled ?? undefined}>
              {t.label}{t.disabled ? ' — cannot be driven' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="stacked">
        <span>Event type (<code>event:</code>; <code>message</code> reaches <code>onmessage</code>)</span>
        <input type="text" className="mono" data-testid="send-type" value={draft.type} onChange={(e) => set({ type: e.target.value })} spellCheck={false} />
      </label>
      <label className="stacked">
        <span>
          Data {data.ok ? <span className="muted" data-testid="send-data-kind">({data.json ? 'valid JSON' : 'text'})</span> : null}
        </span>
        <textarea data-testid="send-data" rows={6} value={draft.data} onChange={(e) => set({ data: e.target.value })} spellCheck={false} />
      </label>
      <label className="stacked">
        <span>Id (<code>lastEventId</code>; empty for none)</span>
        <input type="text" className="mono" data-testid="send-id" value={draft.lastEventId} onChange={(e) => set({ lastEventId: e.target.value })} spellCheck={false} />
      </label>
      {typeof requests === 'string' && <p className="error-text" role="alert" data-testid="send-problem">{requests}</p>}
      {sent && <p role="status" data-testid="send-status">{sent}</p>}
      <p className="muted">
        Injected events never reach a server, are marked <em>injected</em> in the table, detail, stats and traces, and never count as the server’s traffic in
        health or parity. fetch- and XHR-read streams cannot be driven (the page reads their bytes itself).
      </p>
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="send-close" onClick={close}>Close</button>
        <button type="button" className="tool-button bordered primary" data-testid="send-run" disabled={typeof requests === 'string' || !hub.inject} onClick={send}>
          Send
        </button>
      </div>
    </div>
  );
}
