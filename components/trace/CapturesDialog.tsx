/**
 * *Captures…*: save what the panel shows under a name, in the extension's own storage
 * (surviving browser restarts), and list, open, rename, export or delete saved captures,
 * with the space they use. A saved capture is a trace file (not redacted: it never leaves
 * this browser until exported, and Export… redacts).
 */
import { useEffect, useState } from 'react';
import { prepareTrace } from '../../lib/panel-store/export';
import { encodeTraceFile, readTraceBytes } from '../../lib/trace/codec';
import { traceFileName } from '../../lib/trace/format';
import type { SavedCaptureInfo } from '../../lib/trace/saved';
import { useCaptures, useRelay, usePanelEnv, usePanelStore } from '../use-panel';
import { saveFile } from './save-file';
import { useT } from '../i18n';
import { CapturesFullError } from '../../lib/trace/saved';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** The saved-captures dialog; `onClose` hides it. */
export function CapturesDialog({ onClose }: { onClose: () => void }) {
  const captures = useCaptures();
  const store = usePanelStore();
  const env = usePanelEnv();
  const relay = useRelay();
  const t = useT();
  const [list, setList] = useState<SavedCaptureInfo[] | null>(null);
  const [name, setName] = useState(() => t('captures.defaultName', { time: new Date().toLocaleString(t.language) }));
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => void captures?.list().then(setList, (e: Error) => setMessage(e.message));
  useEffect(refresh, [captures]);
  if (!captures) return null;
  const used = (list ?? []).reduce((sum, c) => sum + c.bytes, 0);

  async function save(): Promise<void> {
    setMessage(null);
    try {
      const s = store.getState();
      const { trace } = prepareTrace({ ...s, recorded: s.trace?.environment ?? null }, { scope: 'all', format: 'trace', defaults: [], user: [] }, { userAgent: env.userAgent, extensionVersion: env.extensionVersion, now: Date.now() });
      const file = await encodeTraceFile(trace);
      await captures!.save(name, file, { events: trace.events.length, pageUrl: trace.environment.pageUrl }, Date.now());
      setMessage(t('captures.saved', { name, events: trace.events.length, size: mb(file.length) }));
      refresh();
    } catch (error) {
      setMessage(t('captures.notSaved', { error: error instanceof CapturesFullError ? t('captures.full', { max: mb(error.maxBytes), used: mb(error.usedBytes) }) : (error as Error).message }));
    }
  }

  async function openSaved(id: string): Promise<void> {
    const saved = await captures!.load(id);
    if (!saved) return setMessage(t('captures.gone'));
    const read = await readTraceBytes(saved.file, saved.name, t);
    if ('error' in read) return setMessage(read.error);
    onClose();
    relay.showTrace(read.trace, saved.name, 'trace');
  }

  async function exportSaved(capture: SavedCaptureInfo): Promise<void> {
    const saved = await captures!.load(capture.id);
    if (saved) saveFile(saved.file, traceFileName(capture.pageUrl, capture.savedAt, 'ssetrace.json.gz'), 'application/gzip');
  }

  return (
    <div className="dialog captures-dialog" role="dialog" aria-modal="true" aria-labelledby="captures-title" data-testid="captures-dialog">
      <h2 id="captures-title">{t('captures.title')}</h2>
      <form
        className="captures-save"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input type="text" aria-label={t('captures.name')} data-testid="capture-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="tool-button bordered primary" data-testid="capture-save">{t('captures.save')}</button>
      </form>
      {message && <p role="status" data-testid="captures-message">{message}</p>}
      <p className="muted" data-testid="captures-usage">
        {t('captures.usage', { used: mb(used), max: mb(captures.maxBytes) })}
      </p>
      {list === null ? (
        <div className="empty">{t('captures.reading')}</div>
      ) : list.length === 0 ? (
        <div className="empty" data-testid="captures-empty">{t('captures.empty')}</div>
      ) : (
        <table className="plain" data-testid="captures-list">
          <thead><tr><th>{t('captures.col.name')}</th><th>{t('captures.col.saved')}</th><th className="num">{t('captures.col.events')}</th><th className="num">{t('captures.col.size')}</th><th /></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} data-testid="saved-capture" data-name={c.name}>
                <td>
                  {renaming?.id === c.id ? (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        void captures.rename(c.id, renaming.name).then(() => {
                          setRenaming(null);
                          refresh();
                        });
                      }}
                    >
                      <input type="text" aria-label={t('captures.newName')} data-testid="saved-rename-input" value={renaming.name} onChange={(e) => setRenaming({ id: c.id, name: e.target.value })} autoFocus />
                    </form>
                  ) : (
                    c.name
                  )}
                </td>
                <td>{new Date(c.savedAt).toLocaleString(t.language)}</td>
                <td className="num">{c.events}</td>
                <td className="num">{mb(c.bytes)}</td>
                <td>
                  <button type="button" className="tool-button" data-testid="saved-open" onClick={() => void openSaved(c.id)}>{t('captures.open')}</button>
                  <button type="button" className="tool-button" data-testid="saved-rename" onClick={() => setRenaming({ id: c.id, name: c.name })}>{t('captures.rename')}</button>
                  <button type="button" className="tool-button" data-testid="saved-export" onClick={() => void exportSaved(c)}>{t('captures.export')}</button>
                  <button type="button" className="tool-button" data-testid="saved-delete" onClick={() => void captures.remove(c.id).then(refresh)}>{t('captures.delete')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="captures-close" onClick={onClose}>{t('common.close')}</button>
      </div>
    </div>
  );
}
