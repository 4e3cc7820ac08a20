/**
 * *Send event…* and a row's *Edit and resend*: compose an event (type, data with JSON
 * validation, id), pick where it goes (a live EventSource of the tab, every stream of a
 * URL, or a legacy system's tapped emitter), and send. The page receives a genuine
 * MessageEvent on its own EventSource; the row that comes back is marked `injected`.
 */
import { useMemo, useState } from 'react';
import { checkEventData, driveTargets, sendRequests, type SendDraft } from '../../lib/panel-store/drive';
import { useRelay, usePanel, usePanelStore } from '../use-panel';
import { useT } from '../i18n';

/** The open dialog (the store's `sendDraft` is its content). */
export function SendDialog({ draft }: { draft: SendDraft }) {
  const store = usePanelStore();
  const relay = useRelay();
  const t = useT();
  const streams = usePanel((s) => s.streams);
  const targets = useMemo(() => driveTargets(streams, t), [streams, t]);
  const [sent, setSent] = useState<string | null>(null);
  const set = (patch: Partial<SendDraft>) => {
    setSent(null);
    store.setState({ sendDraft: { ...draft, ...patch } });
  };
  const close = () => store.setState({ sendDraft: null });
  const requests = sendRequests(draft, targets, t);
  const data = checkEventData(draft.data, t);
  const send = () => {
    if (typeof requests === 'string' || !relay.inject) return;
    relay.inject(requests);
    setSent(t('send.sent', { count: requests.length }));
  };
  return (
    <div className="dialog send-dialog" role="dialog" aria-modal="true" aria-labelledby="send-title" data-testid="send-dialog">
      <h2 id="send-title">{t('send.title')}</h2>
      <label className="stacked">
        <span>{t('send.to')}</span>
        <select data-testid="send-target" value={draft.target} onChange={(e) => set({ target: e.target.value })}>
          {!targets.some((target) => target.id === draft.target) && <option value={draft.target}>{t('send.pick')}</option>}
          {targets.map((target) => (
            <option key={target.id} value={target.id} disabled={target.disabled !== null} title={target.disabled ?? undefined}>
              {target.label}
              {target.disabled ? t('send.cannot') : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="stacked">
        <span>{t.parts('send.type', { field: <code key="field">event:</code>, message: <code key="message">message</code>, onmessage: <code key="onmessage">onmessage</code> })}</span>
        <input type="text" className="mono" data-testid="send-type" value={draft.type} onChange={(e) => set({ type: e.target.value })} spellCheck={false} />
      </label>
      <label className="stacked">
        <span>
          {t('send.data')} {data.ok ? <span className="muted" data-testid="send-data-kind" data-kind={data.json ? 'json' : 'text'}>{data.json ? t('send.json') : t('send.text')}</span> : null}
        </span>
        <textarea data-testid="send-data" rows={6} value={draft.data} onChange={(e) => set({ data: e.target.value })} spellCheck={false} />
      </label>
      <label className="stacked">
        <span>{t.parts('send.id', { field: <code key="field">lastEventId</code> })}</span>
        <input type="text" className="mono" data-testid="send-id" value={draft.lastEventId} onChange={(e) => set({ lastEventId: e.target.value })} spellCheck={false} />
      </label>
      {typeof requests === 'string' && <p className="error-text" role="alert" data-testid="send-problem">{requests}</p>}
      {sent && <p role="status" data-testid="send-status">{sent}</p>}
      <p className="muted">
        {t.parts('send.note', { injected: <em key="injected">{t('mark.injected')}</em> })}
      </p>
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="send-close" onClick={close}>{t('common.close')}</button>
        <button type="button" className="tool-button bordered primary" data-testid="send-run" disabled={typeof requests === 'string' || !relay.inject} onClick={send}>
          {t('send.run')}
        </button>
      </div>
    </div>
  );
}
