/**
 * The migration controls of one tab, shared by the panel's Migration view and the
 * toolbar popup: the five flags, phase presets 1–5, the emergency rollback, and the
 * opt-in request header.
 */
import { useState } from 'react';
import { phaseOf, phasePreset } from '../../lib/flags/phases';
import { FLAG_HEADER, FLAGS, type FlagName } from '../../lib/protocol';
import { useHub, usePanel } from '../use-panel';

/** What each flag moves, in the seed's words. */
export const FLAG_INFO: Record<FlagName, string> = {
  SSE_SESSION_EVENTS: 'Session and preference events over the SSE hub',
  SSE_CARD_EVENTS: 'Card create/update/delete over the SSE hub',
  SSE_UI_EVENTS: 'Button clicks and theme changes over the SSE hub',
  POLLING_DISABLED: 'React Query stops polling cards, users and sessions',
  LEGACY_EVENTS_DISABLED: 'Legacy emitters stop (session provider, tracker, analytics, bridge)',
};

/** The seed's name for each phase. */
export const PHASE_NAMES = ['Session events', 'Card events', 'UI events', 'Polling elimination', 'Legacy removal'];

/** Phase label of a flag set: `Phase 3`, `Custom`, or `Legacy only` when every flag is off. */
export function phaseLabel(flags: Record<FlagName, boolean>): string {
  const phase = phaseOf(flags);
  if (phase !== null) return `Phase ${phase} · ${PHASE_NAMES[phase - 1]}`;
  return FLAGS.some((f) => flags[f]) ? 'Custom mix' : 'Legacy only (no flag on)';
}

const DEFAULT_REASON = 'Emergency rollback from SSE Hub DevTools';

/** Flag toggles, phase presets, rollback and header opt-in for the store's tab. */
export function FlagControls({ compact = false }: { compact?: boolean }) {
  const state = usePanel((s) => s.flagState);
  // A trace shows the flags it was recorded under; nothing can change them.
  const readOnly = usePanel((s) => s.trace !== null);
  const hub = useHub();
  const [reason, setReason] = useState('');
  if (!state) return <div className="empty" data-testid="flags-loading">Reading this tab’s flags…</div>;
  const { flags } = state;
  const phase = phaseOf(flags);
  return (
    <fieldset className={`flag-controls ${compact ? 'compact' : ''}`} data-testid="flag-controls" disabled={readOnly} title={readOnly ? 'A trace file is read-only' : undefined}>
      <div className="flag-phase-line">
        <strong data-testid="current-phase" data-phase={phase ?? ''}>{phaseLabel(flags)}</strong>
      </div>
      <div className="phase-presets" role="group" aria-label="Phase presets">
        {PHASE_NAMES.map((name, i) => (
          <button
            key={name}
            type="button"
            className={`tool-button phase ${phase === i + 1 ? 'active' : ''}`}
            data-testid={`phase-${i + 1}`}
            aria-pressed={phase === i + 1}
            title={`Phase ${i + 1}: ${name} (flags 1–${i + 1} on)`}
            onClick={() => hub.setFlags(phasePreset(i + 1), 'phase')}
          >
            {i + 1}
            {!compact && <span className="muted"> {name}</span>}
          </button>
        ))}
      </div>
      <ul className="flag-list">
        {FLAGS.map((flag) => (
          <li key={flag}>
            <label title={FLAG_INFO[flag]}>
              <input
                type="checkbox"
                role="switch"
                data-testid={`flag-${flag}`}
                checked={flags[flag]}
                onChange={(e) => hub.setFlags({ ...flags, [flag]: e.target.checked }, 'toggle')}
              />
              <span className="mono">{flag}</span>
              {!compact && <span className="muted"> — {FLAG_INFO[flag]}</span>}
            </label>
          </li>
        ))}
      </ul>
      <div className="rollback-line">
        <input
          type="text"
          className="rollback-reason"
          data-testid="rollback-reason"
          placeholder="Reason (recorded with the rollback)"
          aria-label="Rollback reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button
          type="button"
          className="tool-button danger"
          data-testid="rollback"
          title="Every flag off; the page re-enables polling and drops its SSE connections"
          onClick={() => {
            hub.rollback(reason.trim() || DEFAULT_REASON);
            setReason('');
          }}
        >
          Emergency rollback
        </button>
      </div>
      {state.lastRollback && (
        <div className="muted" data-testid="last-rollback">
          Last rollback {new Date(state.lastRollback.at).toLocaleTimeString()}: {state.lastRollback.reason}
        </div>
      )}
      <label className="tool-check" title={`Every request of this tab carries ${FLAG_HEADER}: the flags that are on`}>
        <input type="checkbox" data-testid="flag-header" checked={state.header} onChange={(e) => hub.setFlagHeader(e.target.checked)} />
        Send <span className="mono">{FLAG_HEADER}</span> on this tab’s requests
      </label>
    </fieldset>
  );
}
