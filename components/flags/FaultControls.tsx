/**
 * Simulated hub faults for one tab, shared by the Migration view and the toolbar popup:
 * hub down (a network rule scoped to the tab: requests to the hub fail for real), hub
 * slow, drop N % and duplicate N % of hub events before the page sees them (done by the
 * tap, on the tab's EventSource streams to the relay). They last until ended here or the
 * tab closes, and survive a service-worker restart.
 */
import { useEffect, useState } from 'react';
import { anyFault, MAX_FAULT_DELAY_MS, noFaults, type HubFaults } from '../../lib/protocol';
import { describeFaults } from '../../lib/flags/tab-flags';
import { useRelay, usePanel } from '../use-panel';
import { useT } from '../i18n';

type Draft = { hub: string; slowMs: string; dropPct: string; duplicatePct: string };

const toDraft = (f: HubFaults): Draft => ({ hub: f.hub, slowMs: String(f.slowMs), dropPct: String(f.dropPct), duplicatePct: String(f.duplicatePct) });

/** The fault switches of the store's tab. */
export function FaultControls({ compact = false }: { compact?: boolean }) {
  const faults = usePanel((s) => s.flagState?.faults ?? null);
  const readOnly = usePanel((s) => s.trace !== null);
  const relay = useRelay();
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => toDraft(faults ?? noFaults()));
  // Another panel or the popup may change them: follow, unless this one is being edited.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (faults && !editing) setDraft(toDraft(faults));
  }, [faults, editing]);
  if (!faults) return null;
  const numbers = { slowMs: Number(draft.slowMs), dropPct: Number(draft.dropPct), duplicatePct: Number(draft.duplicatePct) };
  const invalid =
    !Number.isInteger(numbers.slowMs) || numbers.slowMs < 0 || numbers.slowMs > MAX_FAULT_DELAY_MS
      ? t('fault.invalid.delay', { max: MAX_FAULT_DELAY_MS })
      : [numbers.dropPct, numbers.duplicatePct].some((n) => !Number.isInteger(n) || n < 0 || n > 100)
        ? t('fault.invalid.pct')
        : draft.hub.trim() === ''
          ? t('fault.invalid.hub')
          : null;
  const dirty = draft.hub.trim() !== faults.hub || numbers.slowMs !== faults.slowMs || numbers.dropPct !== faults.dropPct || numbers.duplicatePct !== faults.duplicatePct;
  const apply = () => {
    if (invalid) return;
    relay.setFaults({ ...faults, hub: draft.hub.trim(), ...numbers });
    setEditing(false);
  };
  const field = (key: keyof Draft, label: string, unit: string, title: string) => (
    <label className="fault-field" title={title}>
      {label}{' '}
      <input
        type="number"
        min={0}
        max={key === 'slowMs' ? MAX_FAULT_DELAY_MS : 100}
        step={key === 'slowMs' ? 100 : 1}
        data-testid={`fault-${key}`}
        value={draft[key]}
        onChange={(e) => {
          setEditing(true);
          setDraft({ ...draft, [key]: e.target.value });
        }}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
      />{' '}
      {unit}
    </label>
  );
  return (
    <fieldset className={`fault-controls ${compact ? 'compact' : ''}`} data-testid="fault-controls" data-active={anyFault(faults)} disabled={readOnly}>
      <legend>{t('fault.legend')}</legend>
      <label className="tool-check" title={t('fault.down.title')}>
        <input type="checkbox" role="switch" data-testid="fault-down" checked={faults.down} onChange={(e) => relay.setFaults({ ...faults, down: e.target.checked })} />
        <strong>{t('fault.down')}</strong>
      </label>
      <div className="fault-fields">
        {field('slowMs', t('fault.slow'), 'ms', t('fault.slow.title'))}
        {field('dropPct', t('fault.drop'), '%', t('fault.drop.title'))}
        {field('duplicatePct', t('fault.duplicate'), '%', t('fault.duplicate.title'))}
        {!compact && (
          <label className="fault-field" title={t('fault.hub.title')}>
            {t('fault.hub')}{' '}
            <input
              type="text"
              className="mono"
              data-testid="fault-hub"
              value={draft.hub}
              onChange={(e) => {
                setEditing(true);
                setDraft({ ...draft, hub: e.target.value });
              }}
              onKeyDown={(e) => e.key === 'Enter' && apply()}
            />
          </label>
        )}
        <button type="button" className="tool-button bordered" data-testid="fault-apply" disabled={!dirty || invalid !== null} onClick={apply}>
          {t('fault.apply')}
        </button>
        <button
          type="button"
          className="tool-button bordered"
          data-testid="fault-end"
          disabled={!anyFault(faults)}
          onClick={() => {
            relay.setFaults(noFaults(faults.hub));
            setEditing(false);
          }}
        >
          {t('fault.end')}
        </button>
      </div>
      {invalid && dirty && <div className="error-text" role="alert">{invalid}</div>}
      <div className="muted" data-testid="fault-summary">
        {t.parts('fault.inForce', { faults: <strong key="faults">{describeFaults(faults, t)}</strong> })}
        {!compact && t('fault.scope')}
      </div>
    </fieldset>
  );
}
