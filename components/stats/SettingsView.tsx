/**
 * The tab's hub settings, editable, with a what-if preview: the engine re-runs over the
 * events the panel holds with the edited settings, beside the live figures, before
 * anything is applied to the tab.
 */
import { useEffect, useState } from 'react';
import { simulateHub } from '../../lib/panel-store/what-if';
import { PRIORITIES, type HubSettings, type HubStats, type Priority, type RegistryRule } from '../../lib/protocol';
import { useHub, usePanel } from '../use-panel';
import { headline } from './StatsView';

const NUMBER_FIELDS: { key: keyof HubSettings; label: string; unit: string }[] = [
  { key: 'dedupWindowMs', label: 'Dedup window', unit: 'ms' },
  { key: 'batchWindowMs', label: 'Batch window', unit: 'ms' },
  { key: 'compressThreshold', label: 'Compress above', unit: 'chars' },
  { key: 'starvationLimit', label: 'Starvation limit', unit: 'dequeues' },
  { key: 'deliveryBudget', label: 'Delivery budget per flush (0 = all)', unit: 'events' },
  { key: 'dedupMaxKeys', label: 'Dedup key cap', unit: 'keys' },
];

/** Settings editor with what-if preview. */
export function SettingsView() {
  const { current, events, count, stats } = usePanel((s) => ({ current: s.settings, events: s.events, count: s.events.length, stats: s.stats }));
  const hub = useHub();
  const readOnly = usePanel((s) => s.trace !== null);
  const [draft, setDraft] = useState<HubSettings | null>(current);
  const [preview, setPreview] = useState<{ stats: HubStats; baseline: HubStats; over: number } | null>(null);
  useEffect(() => {
    if (current && !draft) setDraft(current);
  }, [current, draft]);
  if (!draft || !current) return <div className="empty">Waiting for the hub…</div>;

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
        {NUMBER_FIELDS.map(({ key, label, unit }) => (
          <label key={key}>
            <span>{label}</span>
            <input
              type="number"
              min={0}
              value={String(draft[key])}
              data-testid={`setting-${key}`}
              onChange={(e) => setNumber(key, e.target.value)}
            />
            <span className="unit">{unit}</span>
          </label>
        ))}
        <table className="plain registry">
          <thead>
            <tr><th>Type</th><th>Priority</th><th>Persisted</th><th>Broadcast</th><th>Routes</th></tr>
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
                  <input type="checkbox" aria-label={`${rule.match} persisted`} checked={rule.persistence} onChange={(e) => setRule(i, { persistence: e.target.checked })} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`${rule.match} broadcast`} checked={rule.broadcast} onChange={(e) => setRule(i, { broadcast: e.target.checked })} />
                </td>
                <td>
                  <input
                    key={rule.routes.join(',')}
                    className="mono"
                    aria-label={`${rule.match} routes (comma-separated)`}
                    defaultValue={rule.routes.join(', ')}
                    onBlur={(e) => setRule(i, { routes: e.target.value.split(',').map((r) => r.trim()).filter(Boolean) })}
                  />
                </td>
              </tr>
            ))}
            <tr><td className="mono">(other types)</td><td>{draft.unknownType.priority}</td><td>no</td><td>no</td><td /></tr>
          </tbody>
        </table>
        <div className="settings-actions">
          <button type="submit" className="tool-button bordered" data-testid="what-if-run">
            Preview on {events.length} captured events
          </button>
          <button
            type="button"
            className="tool-button bordered"
            data-testid="settings-apply"
            disabled={readOnly}
            title={readOnly ? 'A trace file is read-only: Preview works on its events' : undefined}
            onClick={() => hub.applySettings(draft)}
          >
            Apply to this tab
          </button>
          <button type="button" className="tool-button" onClick={() => { setDraft(current); setPreview(null); }}>
            Reset
          </button>
        </div>
      </form>
      {preview && (
        <table className="plain what-if" data-testid="what-if-result">
          <caption>
            What-if over {preview.over} captured events{preview.over !== count ? ' (more have arrived since: preview again to include them)' : ''}
          </caption>
          <thead>
            <tr><th /><th className="num">current settings</th><th className="num">edited settings</th><th className="num">change</th></tr>
          </thead>
          <tbody>
            {headline(preview.stats, 0).filter((s) => s.name !== 'dropped').map((row, i) => {
              const before = headline(preview.baseline, 0).filter((s) => s.name !== 'dropped')[i]!.value;
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
      {stats && <p className="hint">Live figures since the tab's session began are in Hub stats.</p>}
    </div>
  );
}
