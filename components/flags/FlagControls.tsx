/**
 * The migration controls of one tab, shared by the panel's Migration view and the
 * toolbar popup: the five flags, phase presets 1–5, the emergency rollback, and the
 * opt-in request header.
 */
import { useState } from 'react';
import { phaseOf, phasePreset } from '../../lib/flags/phases';
import { FLAG_HEADER, FLAGS, type FlagName } from '../../lib/protocol';
import { useRelay, usePanel } from '../use-panel';
import { useT } from '../i18n';
import type { Translate } from '../../lib/i18n';

/** The phases 1–5 (the strategy document's names are the catalog's `phase.name.N`). */
const PHASES = [1, 2, 3, 4, 5] as const;

/** Phase label of a flag set: `Phase 3 · UI events`, `Custom mix`, or `Legacy only` when every flag is off. */
export function phaseLabel(flags: Record<FlagName, boolean>, t: Translate): string {
  const phase = phaseOf(flags);
  if (phase !== null) return t('phase.label', { phase, name: t(`phase.name.${phase as (typeof PHASES)[number]}`) });
  return FLAGS.some((f) => flags[f]) ? t('phase.custom') : t('phase.legacyOnly');
}

/** Flag toggles, phase presets, rollback and header opt-in for the store's tab. */
export function FlagControls({ compact = false }: { compact?: boolean }) {
  const state = usePanel((s) => s.flagState);
  // A trace shows the flags it was recorded under; nothing can change them.
  const readOnly = usePanel((s) => s.trace !== null);
  const relay = useRelay();
  const [reason, setReason] = useState('');
  const t = useT();
  if (!state) return <div className="empty" data-testid="flags-loading">{t('flags.loading')}</div>;
  const { flags } = state;
  const phase = phaseOf(flags);
  return (
    <fieldset className={`flag-controls ${compact ? 'compact' : ''}`} data-testid="flag-controls" disabled={readOnly} title={readOnly ? t('flags.readOnly') : undefined}>
      <div className="flag-phase-line">
        <strong data-testid="current-phase" data-phase={phase ?? ''}>{phaseLabel(flags, t)}</strong>
      </div>
      <div className="phase-presets" role="group" aria-label={t('phase.presets')}>
        {PHASES.map((n, i) => (
          <button
            key={n}
            type="button"
            className={`tool-button phase ${phase === i + 1 ? 'active' : ''}`}
            data-testid={`phase-${i + 1}`}
            aria-pressed={phase === i + 1}
            title={t('phase.preset.title', { phase: n, name: t(`phase.name.${n}`) })}
            onClick={() => relay.setFlags(phasePreset(i + 1), 'phase')}
          >
            {i + 1}
            {!compact && <span className="muted"> {t(`phase.name.${n}`)}</span>}
          </button>
        ))}
      </div>
      <ul className="flag-list">
        {FLAGS.map((flag) => (
          <li key={flag}>
            <label title={t(`flag.info.${flag}`)}>
              <input
                type="checkbox"
                role="switch"
                data-testid={`flag-${flag}`}
                checked={flags[flag]}
                onChange={(e) => relay.setFlags({ ...flags, [flag]: e.target.checked }, 'toggle')}
              />
              <span className="mono">{flag}</span>
              {!compact && <span className="muted"> — {t(`flag.info.${flag}`)}</span>}
            </label>
          </li>
        ))}
      </ul>
      <div className="rollback-line">
        <input
          type="text"
          className="rollback-reason"
          data-testid="rollback-reason"
          placeholder={t('rollback.placeholder')}
          aria-label={t('rollback.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button
          type="button"
          className="tool-button danger"
          data-testid="rollback"
          title={t('rollback.title')}
          onClick={() => {
            relay.rollback(reason.trim() || t('rollback.defaultReason'));
            setReason('');
          }}
        >
          {t('rollback.button')}
        </button>
      </div>
      {state.lastRollback && (
        <div className="muted" data-testid="last-rollback">
          {t('rollback.last', { time: new Date(state.lastRollback.at).toLocaleTimeString(t.language), reason: state.lastRollback.reason })}
        </div>
      )}
      <label className="tool-check" title={t('header.title', { header: FLAG_HEADER })}>
        <input type="checkbox" data-testid="flag-header" checked={state.header} onChange={(e) => relay.setFlagHeader(e.target.checked)} />
        {t.parts('header.label', { header: <span key="header" className="mono">{FLAG_HEADER}</span> })}
      </label>
    </fieldset>
  );
}
