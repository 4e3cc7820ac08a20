/**
 * *Export…*: the whole capture or the rows the filter shows, as a trace file
 * (`.ssetrace.json.gz`) or HAR, or as a share link; redaction is applied to what is
 * written, with a preview of what will be replaced and how often.
 */
import { useMemo, useState } from 'react';
import { eventsFor, prepareTrace, shareLink, writeExport, type ExportChoice, type ExportSource } from '../../lib/panel-store/export';
import { DEFAULT_RULES, parseUserRules, type DefaultRule, type RedactionReport } from '../../lib/trace/redact';
import { usePanelEnv, usePanelStore } from '../use-panel';
import { saveFile } from './save-file';

const RULE_LABELS: Record<DefaultRule, string> = {
  'secret-keys': 'Values of secret keys (authorization, cookie, token, secret, password, API key…)',
  bearer: 'Bearer / Basic credentials',
  jwt: 'JWT-shaped values',
  email: 'E-mail addresses',
  'url-query': 'Query strings of URLs',
  'header-lines': 'Header-like lines (Authorization: …) in text',
};

/** Lets the browser paint before the next step of long work. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The export dialog; `onClose` hides it. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const store = usePanelStore();
  const env = usePanelEnv();
  const [scope, setScope] = useState<ExportChoice['scope']>('all');
  const [format, setFormat] = useState<ExportChoice['format']>('trace');
  const [defaults, setDefaults] = useState<DefaultRule[]>([...DEFAULT_RULES]);
  const [userText, setUserText] = useState('');
  const [preview, setPreview] = useState<RedactionReport | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const user = useMemo(() => parseUserRules(userText), [userText]);

  const source = (): ExportSource => {
    const s = store.getState();
    return { ...s, recorded: s.trace?.environment ?? null };
  };
  // Counted once when the dialog opens, not on every keystroke in it (the filter runs over every row).
  const [counts] = useState(() => {
    const s = source();
    return { all: s.events.length, filtered: eventsFor(s, 'filtered').length };
  });
  const choice: ExportChoice = { scope, format, defaults, user: user.rules };
  const prepare = () => prepareTrace(source(), choice, { userAgent: env.userAgent, extensionVersion: env.extensionVersion, now: Date.now() });

  async function run(kind: 'file' | 'link'): Promise<void> {
    setMessage(null);
    setLink(null);
    try {
      setStep('Redacting…');
      await nextFrame();
      const { trace, report } = prepare();
      setPreview(report);
      if (kind === 'link') {
        const url = shareLink(trace, env.panelUrl);
        if (url === null) setMessage('Too big for a link: export a file, or narrow the rows with the filter.');
        else {
          setLink(url);
          try {
            await navigator.clipboard.writeText(url);
            setMessage('Link copied. Anyone with SSE Hub DevTools opens it from the address bar.');
          } catch {
            setMessage('Copy the link below (the clipboard is not available here).');
          }
        }
        return;
      }
      setStep(format === 'har' ? 'Writing HAR…' : 'Compressing…');
      await nextFrame();
      const file = await writeExport(trace, format);
      saveFile(file.bytes, file.name, file.mimeType);
      setMessage(`Saved ${file.name} (${trace.events.length} events, ${(file.bytes.length / 1024).toFixed(1)} KB, ${report.total} replacements).`);
    } catch (error) {
      setMessage(`Export failed: ${(error as Error).message}`);
    } finally {
      setStep(null);
    }
  }

  return (
    <div className="dialog export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
      <h2 id="export-title">Export</h2>
      <fieldset>
        <legend>Events</legend>
        <label><input type="radio" name="scope" data-testid="export-scope-all" checked={scope === 'all'} onChange={() => setScope('all')} /> Whole capture ({counts.all})</label>
        <label><input type="radio" name="scope" data-testid="export-scope-filtered" checked={scope === 'filtered'} onChange={() => setScope('filtered')} /> Rows the filter shows ({counts.filtered})</label>
      </fieldset>
      <fieldset>
        <legend>Format</legend>
        <label><input type="radio" name="format" data-testid="export-format-trace" checked={format === 'trace'} onChange={() => setFormat('trace')} /> Trace (.ssetrace.json.gz: gunzip | jq opens it)</label>
        <label><input type="radio" name="format" data-testid="export-format-har" checked={format === 'har'} onChange={() => setFormat('har')} /> HAR 1.2 (with _eventSourceMessages)</label>
      </fieldset>
      <fieldset>
        <legend>Redaction (applied to the file)</legend>
        {DEFAULT_RULES.map((rule) => (
          <label key={rule}>
            <input
              type="checkbox"
              data-testid={`export-rule-${rule}`}
              checked={defaults.includes(rule)}
              onChange={(e) => setDefaults(e.target.checked ? [...defaults, rule] : defaults.filter((r) => r !== rule))}
            />{' '}
            {RULE_LABELS[rule]}
          </label>
        ))}
        <label className="stacked">
          <span>
            Your rules, one per line: a JSON path (<code>$.eventData.email</code>), <code>key:name</code>, or <code>/regex/flags</code>
          </span>
          <textarea data-testid="export-user-rules" rows={3} value={userText} onChange={(e) => setUserText(e.target.value)} spellCheck={false} />
        </label>
        {user.problems.length > 0 && (
          <ul className="problems" data-testid="export-rule-problems">
            {user.problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
        )}
        <button type="button" className="tool-button bordered" data-testid="export-preview-run" onClick={() => setPreview(prepare().report)}>
          Preview redaction
        </button>
        {preview && (
          <div data-testid="export-preview">
            <p>
              <strong data-testid="export-preview-total">{preview.total}</strong> replacements
              {preview.total > 0 && `: ${Object.entries(preview.byRule).map(([rule, n]) => `${rule} ${n}`).join(', ')}`}
            </p>
            {preview.samples.length > 0 && (
              <table className="plain">
                <thead><tr><th>Rule</th><th>Becomes</th><th>Where</th></tr></thead>
                <tbody>
                  {preview.samples.slice(0, 12).map((sample, i) => (
                    <tr key={i}><td>{sample.rule}</td><td className="mono">{sample.placeholder}</td><td className="ellipsis">{sample.where}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </fieldset>
      {step && <p className="progress" role="status" data-testid="export-progress"><span className="spinner" aria-hidden="true" /> {step}</p>}
      {message && <p role="status" data-testid="export-message">{message}</p>}
      {link && <input className="mono share-link" readOnly value={link} data-testid="export-link" onFocus={(e) => e.target.select()} />}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="export-cancel" onClick={onClose}>Close</button>
        <button type="button" className="tool-button bordered" data-testid="export-copy-link" disabled={step !== null || user.problems.length > 0} onClick={() => void run('link')}>
          Copy as link
        </button>
        <button type="button" className="tool-button bordered primary" data-testid="export-run" disabled={step !== null || user.problems.length > 0} onClick={() => void run('file')}>
          Export
        </button>
      </div>
    </div>
  );
}
