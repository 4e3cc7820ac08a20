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
import { useCaptures, useHub, usePanelEnv, usePanelStore } from '../use-panel';
import { saveFile } from './save-file';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** The saved-captures dialog; `onClose` hides it. */
export function CapturesDialog({ onClose }: { onClose: () => void }) {
  const captures = useCaptures();
  const store = usePanelStore();
  const env = usePanelEnv();
  const hub = useHub();
  const [list, setList] = useState<SavedCaptureInfo[] | null>(null);
  const [name, setName] = useState(() => `Capture ${new Date().toLocaleString()}`);
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
      setMessage(`Saved “${name}” (${trace.events.length} events, ${mb(file.length)}).`);
      refresh();
    } catch (error) {
      setMessage(`Not saved: ${(error as Error).message}`);
    }
  }

  async function openSaved(id: string): Promise<void> {
    const saved = await captures!.load(id);
    if (!saved) return setMessage('That capture is gone.');
    const read = await readTraceBytes(saved.file, saved.name);
    if ('error' in read) return setMessage(read.error);
    onClose();
    hub.showTrace(read.trace, saved.name, 'trace');
  }

  async function exportSaved(capture: SavedCaptureInfo): Promise<void> {
    const saved = await captures!.load(capture.id);
    if (saved) saveFile(saved.file, traceFileName(capture.pageUrl, capture.savedAt, 'ssetrace.json.gz'), 'application/gzip');
  }

  return (
    <div className="dialog captures-dialog" role="dialog" aria-modal="true" aria-labelledby="captures-title" data-testid="captures-dialog">
      <h2 id="captures-title">Saved captures</h2>
      <form
        className="captures-save"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input type="text" aria-label="Name" data-testid="capture-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="tool-button bordered primary" data-testid="capture-save">Save what the panel shows</button>
      </form>
      {message && <p role="status" data-testid="captures-message">{message}</p>}
      <p className="muted" data-testid="captures-usage">
        {mb(used)} of {mb(captures.maxBytes)} used
      </p>
      {list === null ? (
        <div className="empty">Reading…</div>
      ) : list.length === 0 ? (
        <div className="empty" data-testid="captures-empty">No saved captures yet.</div>
      ) : (
        <table className="plain" data-testid="captures-list">
          <thead><tr><th>Name</th><th>Saved</th><th className="num">Events</th><th className="num">Size</th><th /></tr></thead>
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
                      <input type="text" aria-label="New name" data-testid="saved-rename-input" value={renaming.name} onChange={(e) => setRenaming({ id: c.id, name: e.target.value })} autoFocus />
                    </form>
                  ) : (
                    c.name
                  )}
                </td>
                <td>{new Date(c.savedAt).toLocaleString()}</td>
                <td className="num">{c.events}</td>
                <td className="num">{mb(c.bytes)}</td>
                <td>
                  <button type="button" className="tool-button" data-testid="saved-open" onClick={() => void openSaved(c.id)}>Open</button>
                  <button type="button" className="tool-button" data-testid="saved-rename" onClick={() => setRenaming({ id: c.id, name: c.name })}>Rename</button>
                  <button type="button" className="tool-button" data-testid="saved-export" onClick={() => void exportSaved(c)}>Export</button>
                  <button type="button" className="tool-button" data-testid="saved-delete" onClick={() => void captures.remove(c.id).then(refresh)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="captures-close" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
