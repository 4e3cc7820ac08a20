/**
 * Simulated hub faults for one tab, shared by the Migration view and the toolbar popup:
 * hub down (a network rule scoped to the tab: requests to the hub fail for real), hub
 * slow, drop N % and duplicate N % of hub events before the page sees them (done by the
 * tap, on the tab's EventSource streams to the hub). They last until ended here or the
 * tab closes, and survive a service-worker restart.
 */
import { useEffect, useState } from 'react';
import { anyFault, MAX_FAULT_DELAY_MS, noFaults, type HubFaults } from '../../lib/protocol';
import { describeFaults } from '../../lib/flags/tab-flags';
import { useHub, usePanel } from '../use-panel';

type Draft = { hub: string; slowMs: string; dropPct: string; duplicatePct: string };

const toDraft = (f: HubFaults): Draft => ({ hub: f.hub, slowMs: String(f.slowMs), dropPct: String(f.dropPct), duplicatePct: String(f.duplicatePct) });

/** The fault switches of the store's tab. */
export function FaultControls({ compact = false }: { compact?: boolean }) {
  const faults = usePanel((s) => s.flagState?.faults ?? null);
  const readOnly = usePanel((s) => s.trace !== null);
  const hub = useHub();
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
      ? `Delay: a whole number of ms, 0–${MAX_FAULT_DELAY_MS}`
      : [numbers.dropPct, numbers.duplicatePct].some((n) => !Number.isInteger(n) || n < 0 || n > 100)
        ? 'Drop and duplicate: a whole percentage, 0–100'
        : draft.hub.trim() === ''
          ? 'Say which URLs are the hub’s'
          : null;
  const dirty = draft.hub.trim() !== faults.hub || numbers.slowMs !== faults.slowMs || numbers.dropPct !== faults.dropPct || numbers.duplicatePct !== faults.duplicatePct;
  const apply = () => {
    if (invalid) return;
    hub.setFaults({ ...faults, hub: draft.hub.trim(), ...numbers });
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
      <legend>Simulated hub faults (this tab only)</legend>
      <label className="tool-check" title="Requests of this tab to the hub fail as network errors (a declarativeNetRequest rule scoped to the tab): EventSources error and reconnect for real, and the app should fall back to polling">
        <input type="checkbox" role="switch" data-testid="fault-down" checked={faults.down} onChange={(e) => hub.setFaults({ ...faults, down: e.target.checked })} />
        <strong>Hub down</strong>
      </label>
      <div className="fault-fields">
        {field('slowMs', 'Slow', 'ms', 'Each hub event reaches the page this much later (held by the tap; order kept)')}
        {field('dropPct', 'Drop', '%', 'Share of hub events kept from the page (the tap stops them before any listener)')}
        {field('duplicatePct', 'Duplicate', '%', 'Share of hub events delivered twice, so the page’s own dedup is exercised')}
        {!compact && (
          <label className="fault-field" title="Which requests are the hub’s: URLs containing this text">
            Hub URLs containing{' '}
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
          Apply
        </button>
        <button
          type="button"
          className="tool-button bordered"
          data-testid="fault-end"
          disabled={!anyFault(faults)}
          onClick={() => {
            hub.setFaults(noFaults(faults.hub));
            setEditing(false);
          }}
        >
          End all faults
        </button>
      </div>
      {invalid && dirty && <div className="error-text" role="alert">{invalid}</div>}
      <div className="muted" data-testid="fault-summary">
        In force: <strong>{describeFaults(faults)}</strong>
        {!compact && ' · Slow, drop and duplicate act on EventSource streams to the hub; events they touch are stamped (delayed, dropped, duplicated). fetch- and XHR-read streams see only “hub down”.'}
      </div>
    </fieldset>
  );
}
