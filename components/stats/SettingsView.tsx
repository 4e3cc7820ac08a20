/**
 * The tab's hub settings, editable, with a what-if preview: the engine re-runs over the
 * events the panel holds with the edited settings, beside the live figures, before
 * anything is applied to the tab.
 */
import { useEffect, useState } from 'react';
import { simulateHub } from '../../lib/panel-store/what-if';
import { PRIORITIES, type HubSettings, type HubStats, type Priority, type RegistryRule } from '../../lib/protocol';
import { useRelay, usePanel } from '../use-panel';
import { headline } from './StatsView';
import { useT } from '../i18n';

/** The numeric settings (named by the catalog's `setting.<key>`) and their units (`ms`, or the catalog's `unit.<unit>`). */
const NUMBER_FIELDS = [
  { key: 'dedupWindowMs', unit: 'ms' },
  { key: 'batchWindowMs', unit: 'ms' },
  { key: 'compressThreshold', unit: 'chars' },
  { key: 'starvationLimit', unit: 'dequeues' },
  { key: 'deliveryBudget', unit: 'events' },
  { key: 'dedupMaxKeys', unit: 'keys' },
] as const satisfies readonly { key: keyof HubSettings; unit: string }[];

/** Settings editor with what-if preview. */
export function SettingsView() {
  const { current, events, count, stats } = usePanel((s) => ({ current: s.settings, events: s.events, count: s.events.length, stats: s.stats }));
  const relay = useRelay();
  const t = useT();
  const readOnly = usePanel((s) => s.trace !== null);
  const [draft, setDraft] = useState<HubSettings | null>(current);
  const [preview, setPreview] = useState<{ stats: HubStats; baseline: HubStats; over: number } | null>(null);
  useEffect(() => {
    if (current && !draft) setDraft(current);
  }, [current, draft]);
  if (!draft || !current) return <div className="empty">{t('stats.waiting')}</div>;

  const setNumber = (key: keyof HubSettings, value: string) => setDraft({ ...draft, [key]: Math.max(0, Math.floor(Number(value) || 0)) });
  const setRule = (index: number, patch: Partial<RegistryRule>) =>
    setDraft({ ...draft, registry: draft.registry.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)) });
  const runPreview = () =>
    setPreview({ stats: simulateHub(events, draft), baseline: simulateHub(events, current), over: events.length });

  return (
    <div className="settings-view" data-testid="settings-view">
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          runPreview();
        }}
      >
        {NUMBER_FIELDS.map(({ key, unit }) => (
          <label key={key}>
            <span>{t(`setting.${key}`)}</span>
            <input
              type="number"
              min={0}
              value={String(draft[key])}
              data-testid={`setting-${key}`}
              onChange={(e) => setNumber(key, e.target.value)}
            />
            <span className="unit">{unit === 'ms' ? unit : t(`unit.${unit}`)}</span>
          </label>
        ))}
        <table className="plain registry">
          <thead>
            <tr><th>{t('registry.type')}</th><th>{t('registry.priority')}</th><th>{t('registry.persisted')}</th><th>{t('registry.broadcast')}</th><th>{t('registry.routes')}</th></tr>
          </thead>
          <tbody>
            {draft.registry.map((rule, i) => (
              <tr key={rule.match}>
                <td className="mono">{rule.match}</td>
                <td>
                  <select value={rule.priority} data-testid={`registry-${rule.match}`} onChange={(e) => setRule(i, { priority: e.target.value as Priority })}>
                    {PRIORITIES.map((p) => <option key={p}>{p}</option>)}
                  </select>
                </td>
                <td>
                  <input type="checkbox" aria-label={t('registry.persisted.label', { type: rule.match })} checked={rule.persistence} onChange={(e) => setRule(i, { persistence: e.target.checked })} />
                </td>
                <td>
                  <input type="checkbox" aria-label={t('registry.broadcast.label', { type: rule.match })} checked={rule.broadcast} onChange={(e) => setRule(i, { broadcast: e.target.checked })} />
                </td>
                <td>
                  <input
                    key={rule.routes.join(',')}
                    className="mono"
                    aria-label={t('registry.routes.label', { type: rule.match })}
                    defaultValue={rule.routes.join(', ')}
                    onBlur={(e) => setRule(i, { routes: e.target.value.split(',').map((r) => r.trim()).filter(Boolean) })}
                  />
                </td>
              </tr>
            ))}
            <tr><td className="mono">{t('registry.other')}</td><td>{draft.unknownType.priority}</td><td>{t('registry.no')}</td><td>{t('registry.no')}</td><td /></tr>
          </tbody>
        </table>
        <div className="settings-actions">
          <button type="submit" className="tool-button bordered" data-testid="what-if-run">
            {t('settings.preview', { count: events.length })}
          </button>
          <button
            type="button"
            className="tool-button bordered"
            data-testid="settings-apply"
            disabled={readOnly}
            title={readOnly ? t('settings.readOnly') : undefined}
            onClick={() => relay.applySettings(draft)}
          >
            {t('settings.apply')}
          </button>
          <button type="button" className="tool-button" onClick={() => { setDraft(current); setPreview(null); }}>
            {t('settings.reset')}
          </button>
        </div>
      </form>
      {preview && (
        <table className="plain what-if" data-testid="what-if-result">
          <caption>
            {t('whatIf.caption', { count: preview.over })}
            {preview.over !== count ? t('whatIf.stale') : ''}
          </caption>
          <thead>
            <tr><th /><th className="num">{t('whatIf.current')}</th><th className="num">{t('whatIf.edited')}</th><th className="num">{t('whatIf.change')}</th></tr>
          </thead>
          <tbody>
            {headline(preview.stats, 0, t).filter((s) => s.name !== 'dropped').map((row, i) => {
              const before = headline(preview.baseline, 0, t).filter((s) => s.name !== 'dropped')[i]!.value;
              return (
                <tr key={row.name}>
                  <td>{row.label}</td>
                  <td className="num">{before}</td>
                  <td className="num" data-testid={`what-if-${row.name}`}>{row.value}</td>
                  <td className="num">{row.value - before > 0 ? `+${row.value - before}` : row.value - before}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {stats && <p className="hint">{t('settings.hint')}</p>}
    </div>
  );
}
