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
import { useT } from '../i18n';

/** Lets the browser paint before the next step of long work. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The export dialog; `onClose` hides it. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const store = usePanelStore();
  const env = usePanelEnv();
  const t = useT();
  const [scope, setScope] = useState<ExportChoice['scope']>('all');
  const [format, setFormat] = useState<ExportChoice['format']>('trace');
  const [defaults, setDefaults] = useState<DefaultRule[]>([...DEFAULT_RULES]);
  const [userText, setUserText] = useState('');
  const [preview, setPreview] = useState<RedactionReport | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const user = useMemo(() => parseUserRules(userText, t), [userText, t]);

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
    const s = store.getState();
    if (!s.settings || !s.flagState) return setMessage(t('export.notReady'));
    try {
      setStep(t('export.redacting'));
      await nextFrame();
      const { trace, report } = prepare();
      setPreview(report);
      if (kind === 'link') {
        const url = shareLink(trace, env.panelUrl);
        if (url === null) setMessage(t('export.tooBig'));
        else {
          setLink(url);
          try {
            await navigator.clipboard.writeText(url);
            setMessage(t('export.linkCopied'));
          } catch {
            setMessage(t('export.copyBelow'));
          }
        }
        return;
      }
      setStep(format === 'har' ? t('export.writingHar') : t('export.compressing'));
      await nextFrame();
      const file = await writeExport(trace, format);
      saveFile(file.bytes, file.name, file.mimeType);
      setMessage(t('export.saved', { name: file.name, events: trace.events.length, size: (file.bytes.length / 1024).toFixed(1), replacements: report.total }));
    } catch (error) {
      setMessage(t('export.failed', { error: (error as Error).message }));
    } finally {
      setStep(null);
    }
  }

  return (
    <div className="dialog export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
      <h2 id="export-title">{t('export.title')}</h2>
      <fieldset>
        <legend>{t('export.events')}</legend>
        <label><input type="radio" name="scope" data-testid="export-scope-all" checked={scope === 'all'} onChange={() => setScope('all')} /> {t('export.all', { count: counts.all })}</label>
        <label><input type="radio" name="scope" data-testid="export-scope-filtered" checked={scope === 'filtered'} onChange={() => setScope('filtered')} /> {t('export.filtered', { count: counts.filtered })}</label>
      </fieldset>
      <fieldset>
        <legend>{t('export.format')}</legend>
        <label><input type="radio" name="format" data-testid="export-format-trace" checked={format === 'trace'} onChange={() => setFormat('trace')} /> {t('export.format.trace')}</label>
        <label><input type="radio" name="format" data-testid="export-format-har" checked={format === 'har'} onChange={() => setFormat('har')} /> {t('export.format.har')}</label>
      </fieldset>
      <fieldset>
        <legend>{t('export.redaction')}</legend>
        {DEFAULT_RULES.map((rule) => (
          <label key={rule}>
            <input
              type="checkbox"
              data-testid={`export-rule-${rule}`}
              checked={defaults.includes(rule)}
              onChange={(e) => setDefaults(e.target.checked ? [...defaults, rule] : defaults.filter((r) => r !== rule))}
            />{' '}
            {t(`export.rule.${rule}`)}
          </label>
        ))}
        <label className="stacked">
          <span>
            {t.parts('export.userRules', { path: <code key="path">$.eventData.email</code>, key: <code key="key">key:name</code>, regex: <code key="regex">/regex/flags</code> })}
          </span>
          <textarea data-testid="export-user-rules" rows={3} value={userText} onChange={(e) => setUserText(e.target.value)} spellCheck={false} />
        </label>
        {user.problems.length > 0 && (
          <ul className="problems" data-testid="export-rule-problems">
            {user.problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
        )}
        <button type="button" className="tool-button bordered" data-testid="export-preview-run" onClick={() => setPreview(prepare().report)}>
          {t('export.preview')}
        </button>
        {preview && (
          <div data-testid="export-preview">
            <p>
              {t.parts('export.replacements', { count: preview.total, total: <strong key="total" data-testid="export-preview-total">{preview.total}</strong> })}
              {preview.total > 0 && `: ${Object.entries(preview.byRule).map(([rule, n]) => `${rule} ${n}`).join(', ')}`}
            </p>
            {preview.samples.length > 0 && (
              <table className="plain">
                <thead><tr><th>{t('export.sample.rule')}</th><th>{t('export.sample.becomes')}</th><th>{t('export.sample.where')}</th></tr></thead>
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
        <button type="button" className="tool-button bordered" data-testid="export-cancel" onClick={onClose}>{t('common.close')}</button>
        <button type="button" className="tool-button bordered" data-testid="export-copy-link" disabled={step !== null || user.problems.length > 0} onClick={() => void run('link')}>
          {t('export.copyLink')}
        </button>
        <button type="button" className="tool-button bordered primary" data-testid="export-run" disabled={step !== null || user.problems.length > 0} onClick={() => void run('file')}>
          {t('export.run')}
        </button>
      </div>
    </div>
  );
}
