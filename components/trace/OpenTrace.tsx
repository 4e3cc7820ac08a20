/**
 * Opening a trace: *Open trace…* (a file picker), a file dropped anywhere on the panel,
 * or a pasted share link. Our trace files, HAR files and share strings are read; a bad
 * file gets one message and changes nothing on screen.
 */
import { useRef, useState, type DragEvent, type ReactNode, type RefObject } from 'react';
import { readShareString, readTraceBytes, type TraceReadResult } from '../../lib/trace/codec';
import { useRelay, usePanel } from '../use-panel';
import { useT } from '../i18n';
import type { Translate } from '../../lib/i18n';

/** Reads a picked or dropped file. */
async function readFile(file: File, t: Translate): Promise<TraceReadResult> {
  return readTraceBytes(new Uint8Array(await file.arrayBuffer()), file.name, t);
}

/** A hidden file input for trace files (and HARs): `onRead` gets each picked file, read. Click it through `inputRef`. */
export function TraceFileInput({ inputRef, testId, onRead }: { inputRef: RefObject<HTMLInputElement | null>; testId: string; onRead: (result: TraceReadResult, name: string) => void }) {
  const t = useT();
  return (
    <input
      ref={inputRef}
      type="file"
      hidden
      accept=".gz,.json,.har,application/gzip,application/json"
      data-testid={testId}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) void readFile(file, t).then((result) => onRead(result, file.name));
      }}
    />
  );
}

/** Opens a read result in the panel, or returns its message. */
function useOpen(): { open: (result: TraceReadResult, name: string) => void; error: string | null; setError: (e: string | null) => void } {
  const relay = useRelay();
  const [error, setError] = useState<string | null>(null);
  return {
    error,
    setError,
    open(result, name) {
      if ('error' in result) return setError(result.error);
      setError(null);
      relay.showTrace(result.trace, name, result.kind);
    },
  };
}

/** The toolbar button and its hidden file input. */
export function OpenTraceButton() {
  const input = useRef<HTMLInputElement>(null);
  const { open, error, setError } = useOpen();
  const t = useT();
  return (
    <>
      <button type="button" className="tool-button" data-testid="open-trace" title={t('open.title')} onClick={() => input.current?.click()}>
        {t('open.button')}
      </button>
      <TraceFileInput inputRef={input} testId="open-trace-input" onRead={open} />
      {error && (
        <span className="trace-error" role="alert" data-testid="trace-error">
          {error} <button type="button" className="tool-button" onClick={() => setError(null)} aria-label={t('open.dismiss')}>×</button>
        </span>
      )}
    </>
  );
}

/** The panel's root element, on which a trace file dropped anywhere opens. */
export function TraceDropZone({ children, className, tabId, mode }: { children: ReactNode; className: string; tabId: number; mode: 'live' | 'trace' | 'viewer' }) {
  const { open, error, setError } = useOpen();
  const [over, setOver] = useState(false);
  const t = useT();
  const isFile = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');
  return (
    <div
      className={`${className}${over ? ' drop-over' : ''}`}
      data-testid="panel"
      data-tab-id={tabId}
      data-mode={mode}
      onDragOver={(e) => {
        if (!isFile(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        setOver(false);
        if (!file) return;
        e.preventDefault();
        void readFile(file, t).then((result) => open(result, file.name));
      }}
    >
      {children}
      {error && (
        <div className="error-bar" role="alert" data-testid="drop-error">
          {error} <button type="button" className="tool-button" onClick={() => setError(null)}>{t('open.dismiss')}</button>
        </div>
      )}
    </div>
  );
}

/** The viewer before a trace is open: open a file, drop one, or paste a share link. */
export function TraceWelcome() {
  const { open, error: openError } = useOpen();
  const loadError = usePanel((s) => s.traceError);
  const error = openError ?? loadError;
  const [pasted, setPasted] = useState('');
  const t = useT();
  return (
    <div className="trace-welcome" data-testid="trace-welcome">
      <h2>{t('welcome.title')}</h2>
      <p>{t.parts('welcome.text', { file: <code key="file">.ssetrace.json.gz</code>, button: <strong key="button">{t('open.button')}</strong> })}</p>
      <label className="stacked">
        {t('welcome.paste')}
        <textarea data-testid="paste-share" rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
      </label>
      <button type="button" className="tool-button bordered" data-testid="paste-share-open" disabled={pasted.trim() === ''} onClick={() => open(readShareString(pasted, t), t('welcome.shareName'))}>
        {t('welcome.open')}
      </button>
      {error && <p className="trace-error" role="alert" data-testid="trace-error">{error}</p>}
    </div>
  );
}
